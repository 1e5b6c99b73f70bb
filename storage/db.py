"""Database engine and schema migrations (Alembic).

SQLite file by default (in the user's data folder), PostgreSQL when
``ANKUNFTSATLAS_DATABASE_URL`` is set, e.g.
``postgresql+psycopg://atlas:secret@localhost/atlas``. Nothing happens at import.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, make_url

__all__ = ["database_url", "make_engine", "migrate"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(env: dict[str, str] | None = None) -> str:
    env = dict(os.environ) if env is None else env
    configured = env.get("ANKUNFTSATLAS_DATABASE_URL", "").strip()
    if configured:
        return configured
    folder = Path(env.get("ANKUNFTSATLAS_DATA_DIR") or user_data_dir("ankunftsatlas"))
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
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
