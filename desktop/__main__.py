"""`python -m desktop`: the GUI."""

from __future__ import annotations

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()  # first thing, as in packaging/entry_gui.py

import sys

from desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
