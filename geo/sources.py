"""Command line ``python -m geo.sources``: Fetch the official boundaries into the local cache (or copy them from a mirror).

The code lives in :mod:`geo.read.sources`; this module keeps the documented command line.
Run ``python -m geo.sources --help`` for the options.
"""

import sys

from geo.read.sources import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
