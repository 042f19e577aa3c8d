"""Frozen entry point of the console twin (schoolroll-cli.exe): the `schoolroll` command line."""

import multiprocessing

if __name__ == "__main__":
    # First thing: a worker process of core/execution.py starts this executable again, and
    # must run its task here, before the command line is imported or parsed.
    multiprocessing.freeze_support()

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
