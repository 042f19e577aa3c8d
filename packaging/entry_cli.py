"""Frozen entry point of the console twin (schoolroll-cli.exe): the `schoolroll` command line."""

import multiprocessing
import sys

from desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
