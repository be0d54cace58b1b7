"""`python -m sorter_app.cli`."""

import sys

from sorter_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
