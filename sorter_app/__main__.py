"""`python -m sorter_app` and the frozen executable's entry point."""

import sys

from sorter_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
