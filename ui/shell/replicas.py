"""Several server processes on one PostgreSQL database: datasets and grids shared through it.

:func:`share_datasets` registers :class:`storage.shared.DatabaseMirror` with
:mod:`geo.store.mirror` when ``ANKUNFTSATLAS_DATABASE_URL`` names PostgreSQL
(called once by ``server.py``); on the SQLite default it does nothing. A
public replica syncs read-only (it opens the database read-only); the officer
instance shares what it saves. The sign-in token key lives in the database too
(:func:`storage.tokens.use_database`): the officer instance generates it on its
first start (:func:`make_token_key`), the replicas read it; ``ANKUNFTSATLAS_SECRET``
still overrides it.
"""

from __future__ import annotations

import sys

from geo.store import mirror
from storage.db import database_url
from storage.shared import DatabaseMirror, uses_shared_store
from storage import tokens
from ui.shell import cache

__all__ = ["make_token_key", "share_datasets"]


def share_datasets() -> bool:
    """Register the database mirror when the database is PostgreSQL; True when it was registered."""
    if not uses_shared_store(database_url()):
        mirror.register(None)
        tokens.use_database(None)
        return False
    writable = not cache.settings().public
    mirror.register(DatabaseMirror(engine=cache.engine, writable=writable))
    tokens.use_database(cache.engine, writable=writable)
    return True


def make_token_key() -> None:
    """On the officer instance's start: the token key into the database, if it holds none yet (a
    database that does not answer now: made at the first sign-in instead)."""
    if not uses_shared_store(database_url()) or cache.settings().public:
        return
    try:
        tokens.server_secret()
    except Exception as exc:  # noqa: BLE001 - start anyway; the pages say what is wrong with the database
        print(f"Ankunftsatlas: token key not stored yet ({type(exc).__name__}: {exc})", file=sys.stderr)
