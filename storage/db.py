"""Database engine and schema migrations (Alembic).

SQLite file by default (in the user's data folder), PostgreSQL when
``ANKUNFTSATLAS_DATABASE_URL`` is set, e.g.
``postgresql+psycopg://atlas:secret@localhost/atlas``. Nothing happens at import.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import SQLAlchemyError

from geo.settings import data_dir

__all__ = ["DatabaseDamaged", "check_database", "database_location", "database_url", "make_engine", "migrate"]


class DatabaseDamaged(SQLAlchemyError):
    """The database file is damaged or the server does not answer; ``where`` names it without secrets."""

    def __init__(self, where: str) -> None:
        super().__init__(f"database damaged or unreachable: {where}")
        self.where = where

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


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
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):  # foreign keys are off by default in SQLite
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

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


def check_database(engine: Engine, url: str) -> bool:
    """True when the database answers and (SQLite) passes ``PRAGMA integrity_check``.

    Run before anything is written (migrations included): a damaged file must
    be noticed, not silently read as empty or written over. A missing SQLite
    file is fine (it is created on first use); an empty one is not (a file
    cut to nothing, e.g. by a full disk or a failed copy).
    """
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            return True
        if path.stat().st_size == 0:
            return False
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                return connection.exec_driver_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
            connection.exec_driver_sql("SELECT 1")
            return True
    except SQLAlchemyError:
        return False
