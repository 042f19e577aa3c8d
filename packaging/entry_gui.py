"""Frozen entry point of the GUI executable (SchoolRoll.exe): absolute imports only."""

import multiprocessing
import sys

from desktop.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
