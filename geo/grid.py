"""Command line ``python -m geo.grid``: Import Zensus 2022 grid files as the grid layer of a dataset.

The code lives in :mod:`geo.store.gridstore`; this module keeps the documented command line.
Run ``python -m geo.grid --help`` for the options.
"""

import sys

from geo.store.gridstore import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
