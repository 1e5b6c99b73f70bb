"""Reading files: official sources and downloads, boundary files, municipal tables, area names, Zensus grid files.

The bottom wing: it imports nothing else from ``geo``.
"""
