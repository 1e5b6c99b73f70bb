"""Command line ``python -m geo.ingest``: Import a municipality's boundaries and indicators; print the reconciliation report.

The code lives in :mod:`geo.store.ingest`; this module keeps the documented command line.
Run ``python -m geo.ingest --help`` for the options.
"""

import sys

from geo.store.ingest import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
