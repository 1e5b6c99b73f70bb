"""Several server processes on one PostgreSQL database: datasets and grids shared through it.

:func:`share_datasets` registers :class:`storage.shared.DatabaseMirror` with
:mod:`geo.store.mirror` when ``ANKUNFTSATLAS_DATABASE_URL`` names PostgreSQL
(called once by ``server.py``); on the SQLite default it does nothing. A
public replica syncs read-only (it opens the database read-only); the officer
instance shares what it saves.
"""

from __future__ import annotations

from geo.store import mirror
from storage.db import database_url
from storage.shared import DatabaseMirror, uses_shared_store
from ui.shell import cache

__all__ = ["share_datasets"]


def share_datasets() -> bool:
    """Register the database mirror when the database is PostgreSQL; True when it was registered."""
    if not uses_shared_store(database_url()):
        mirror.register(None)
        return False
    mirror.register(DatabaseMirror(engine=cache.engine, writable=not cache.settings().public))
    return True
