"""The shell every page stands on: page setup, session and view state, caches, strings, notices, the server's gates.

The bottom wing of ``ui/``: it imports no other wing (contract ``ui-wings`` in pyproject.toml).
"""
