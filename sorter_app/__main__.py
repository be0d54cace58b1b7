"""`python -m sorter_app` and the frozen executable's entry point."""

import multiprocessing
import sys

if __name__ == "__main__":
    # First of all: in a frozen build, a child process the app spawned (the wave import,
    # services/waves/import_process.py) starts as this executable and runs its work here, then
    # exits. Before the CLI's imports, so such a child does not load them for nothing.
    multiprocessing.freeze_support()
    from sorter_app.cli import main

    sys.exit(main())
