"""Database engine and schema migrations (Alembic), and how damage is detected, never confirmed.

SQLite file by default (in the user's data folder), PostgreSQL when
``ANKUNFTSATLAS_DATABASE_URL`` is set, e.g.
``postgresql+psycopg://atlas:secret@localhost/atlas``. Nothing happens at import.

SQLite runs in WAL mode. The file is checked (``PRAGMA quick_check``, on a
fresh connection so that no cached page hides damage) at start, after every
write (:func:`verify_intact`, before a save is reported) and after a failed
write; a file deleted or replaced while the server runs is noticed at the next
use of a connection. A new, empty database is made only on first set-up (a
marker file next to it remembers that set-up was done) or by the explicit
command ``python -m storage.db --new``: a database file that has gone missing
is reported (:class:`DatabaseMissing`), never silently recreated empty.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import functools
import weakref
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import ParamSpec, TypeVar

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import SQLAlchemyError

from geo.settings import data_dir

__all__ = [
    "DatabaseDamaged",
    "DatabaseMissing",
    "check_database",
    "verify_intact",
    "database_location",
    "database_url",
    "confirmed",
    "ensure_present",
    "make_engine",
    "mark_set_up",
    "migrate",
]


class DatabaseDamaged(SQLAlchemyError):
    """The database file is damaged or the server does not answer; ``where`` names it without secrets."""

    def __init__(self, where: str) -> None:
        super().__init__(f"database damaged or unreachable: {where}")
        self.where = where

class DatabaseMissing(DatabaseDamaged):
    """The SQLite file that was set up here is gone (deleted or replaced); it is not recreated empty."""

    def __init__(self, where: str) -> None:
        SQLAlchemyError.__init__(self, f"database file missing: {where}")
        self.where = where


_P = ParamSpec("_P")
_R = TypeVar("_R")
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_MARKER = ".set-up"  # ankunftsatlas.sqlite.set-up: this database was set up here once
_identities: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine -> (device, inode) of its file


def _sqlite_path(url: str) -> Path | None:
    """The SQLite file of ``url`` (also of the read-only ``sqlite:///file:…?mode=ro`` form), else None."""
    if not url.startswith("sqlite:///"):
        return None
    rest = url.removeprefix("sqlite:///")
    return Path(rest.removeprefix("file:").split("?", 1)[0]) if rest.startswith("file:") else Path(rest)


def _marker(path: Path) -> Path:
    return path.with_name(path.name + _MARKER)


def ensure_present(url: str) -> None:
    """Raise :class:`DatabaseMissing` when a SQLite database set up earlier is gone.

    A missing file is fine only on first set-up (no marker next to it); then it is created on first use.
    """
    path = _sqlite_path(url)
    if path is not None and not path.exists() and _marker(path).exists():
        raise DatabaseMissing(database_location(url))


def mark_set_up(url: str) -> None:
    """Remember next to the SQLite file that it was set up (so that its loss is noticed, not papered over)."""
    path = _sqlite_path(url)
    if path is not None and path.exists() and not _marker(path).exists():
        _marker(path).write_text(
            f"Set up on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. While this file exists, a missing {path.name} is "
            "reported as lost instead of being recreated empty. Restore it from a backup, or start an empty "
            "database on purpose with: python -m storage.db --new\n"
        )


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def database_url(env: dict[str, str] | None = None) -> str:
    env = dict(os.environ) if env is None else env
    configured = env.get("ANKUNFTSATLAS_DATABASE_URL", "").strip()
    if configured:
        return configured
    folder = data_dir(env)
    return f"sqlite:///{folder / 'ankunftsatlas.sqlite'}"


READ_ONLY = "atlas_read_only"


def make_engine(url: str, read_only: bool = False) -> Engine:
    """Engine for ``url``; the SQLite folder is created here, on first use.

    ``read_only`` (the public deployment) opens the database so that the
    server itself refuses writes: SQLite in ``mode=ro``, PostgreSQL with
    read-only transactions. The repository functions refuse earlier still.
    """
    if read_only:
        if url.startswith("sqlite:///"):
            path = url.removeprefix("sqlite:///")
            engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
        else:
            parsed = make_url(url)
            options = f"{parsed.query.get('options', '')} -c default_transaction_read_only=on".strip()
            engine = create_engine(parsed.update_query_dict({"options": options}), pool_pre_ping=True)
        return engine.execution_options(**{READ_ONLY: True})
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        where = database_location(url)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):  # foreign keys are off by default in SQLite
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")  # a crash mid-write leaves the last commit intact
            cursor.close()
            if engine not in _identities and (identity := _identity(path)) is not None:
                _identities[engine] = identity

        @event.listens_for(engine, "do_connect")
        def _never_recreate(_dialect, _record, _args, _kwargs):  # connecting would create an empty file
            if engine in _identities and not path.exists():
                raise DatabaseMissing(where)

        @event.listens_for(engine, "checkout")
        def _still_there(_connection, _record, _proxy):  # deleted or replaced while running: say so
            known = _identities.get(engine)
            if known is not None and _identity(path) != known:
                raise DatabaseMissing(where)

        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command  # imported on first use: a read-only (public) server never needs it
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def database_location(url: str) -> str:
    """The database as users may see it: the SQLite file's name, or server and database (no password)."""
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).name
    parsed = make_url(url)
    return f"{parsed.get_backend_name()} {parsed.host or ''}/{parsed.database or ''}"


def _quick_check(path: Path) -> bool:
    """``PRAGMA quick_check`` on a fresh read-only connection (no page cache of the server's connections)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return connection.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        finally:
            connection.close()
    except sqlite3.Error:
        return False


def verify_intact(engine: Engine) -> None:
    """Raise :class:`DatabaseMissing` or :class:`DatabaseDamaged` unless the database is there and intact.

    Called after every commit (a save is reported only after this), after a failed write, and by the
    pages before they show stored data: a damaged or vanished file stops saves being confirmed.
    """
    url = engine.url.render_as_string(hide_password=False)
    path = _sqlite_path(url)
    if path is None:
        with engine.connect() as connection:  # PostgreSQL: the server answers
            connection.exec_driver_sql("SELECT 1")
        return
    known = _identities.get(engine)
    if not path.exists():
        if known is not None or _marker(path).exists():
            raise DatabaseMissing(database_location(url))
        return  # not set up yet (e.g. a public site before anything was saved): nothing there to lose
    if known is not None and _identity(path) != known:
        raise DatabaseMissing(database_location(url))
    if not _quick_check(path):
        raise DatabaseDamaged(database_location(url))


def confirmed(write: Callable[_P, _R]) -> Callable[_P, _R]:
    """Decorate a write ``write(engine, ...)``: its result is returned only once :func:`verify_intact` has
    passed after the commit; after a failed write, damage or a vanished file is raised as such."""

    @functools.wraps(write)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        engine = args[0]
        try:
            result = write(*args, **kwargs)
        except DatabaseDamaged:
            raise
        except SQLAlchemyError:
            verify_intact(engine)  # type: ignore[arg-type]
            raise
        verify_intact(engine)  # type: ignore[arg-type]
        return result

    return run


def check_database(engine: Engine, url: str) -> bool:
    """True when the database answers and (SQLite) passes ``PRAGMA quick_check``.

    Run before anything is written (migrations included): a damaged file must
    be noticed, not silently read as empty or written over. A missing SQLite
    file passes here (:func:`ensure_present` decides whether that is a first
    set-up); an empty one does not (a file cut to nothing, e.g. by a full disk).
    """
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            return True
        if path.stat().st_size == 0:
            return False
        if not _quick_check(path):
            return False
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                return connection.exec_driver_sql("PRAGMA quick_check").fetchall() == [("ok",)]
            connection.exec_driver_sql("SELECT 1")
            return True
    except SQLAlchemyError:
        return False


def _new_database(url: str) -> int:
    """``python -m storage.db --new``: start an empty database on purpose (never over an existing file)."""
    path = _sqlite_path(url)
    if path is not None and path.exists():
        print(f"{path.name} gibt es schon; nichts geändert. / {path.name} exists already; nothing changed.",
              file=sys.stderr)
        return 2
    if path is not None:
        _marker(path).unlink(missing_ok=True)
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    mark_set_up(url)
    print(f"Neue, leere Datenbank angelegt: {database_location(url)} / New empty database created.")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["--new"]:
        print("Aufruf / usage: python -m storage.db --new  (legt eine neue, leere Datenbank an, wenn keine da ist / "
              "creates a new empty database when there is none)", file=sys.stderr)
        return 0 if args in (["--help"], ["-h"]) else 2
    return _new_database(database_url())


if __name__ == "__main__":
    sys.exit(main())
