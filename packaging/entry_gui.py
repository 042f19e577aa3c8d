"""Frozen entry point of the GUI executable (SchoolRoll.exe): absolute imports only."""

import multiprocessing

if __name__ == "__main__":
    # First thing: the window's child and its worker processes start this executable again,
    # and must run their task here, before Qt is imported.
    multiprocessing.freeze_support()

import sys

from desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
