"""One command backs up and restores everything: every table of the database and the data folder.

    python -m storage.backup create /backup/atlas-2026-12-05.tar.gz
    python -m storage.backup restore /backup/atlas-2026-12-05.tar.gz     (into an empty database and data folder)

The archive holds ``manifest.json`` (schema revision, table row counts, when, from which engine),
``tables/<table>.jsonl`` (every row of every table, in an engine-neutral form: a SQLite backup
restores into PostgreSQL and back) and ``data/`` (the data folder: imported datasets, grid layers,
the token key; never the SQLite file itself, whose rows are in ``tables/``). Rows are read in one
transaction (a consistent copy while the app runs); the data folder is read under the dataset
store's lock. Restore refuses a database that already holds rows or a data folder that holds
datasets: it never writes over what is there. The schema is brought to the archive's revision
first (Alembic), so the newest code restores an older archive only after the same migrations.
"""

from __future__ import annotations

import base64
import io
import json
import sys
import tarfile
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Date, DateTime, Engine, Integer, LargeBinary, func, insert, select, text

from geo.i18n import MessageError
from storage.models import Base

__all__ = ["BackupError", "create_backup", "restore_backup"]

_DATA_PARTS = ("datasets", "grids", "session-secret.key")
_SKIP_TABLES = {"signin_failure"}  # throttle counters: minutes of state, nothing to restore


class BackupError(MessageError):
    """A backup cannot be made or restored; a catalogue key and its values (``str()`` German and English)."""


def _revision(engine: Engine) -> str:
    with engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def _encode(value: object) -> object:
    if isinstance(value, bytes | memoryview):
        return {"b64": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _decode(column, value: object) -> object:
    if value is None:
        return None
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value["b64"])
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def _tables():
    return [t for t in Base.metadata.sorted_tables if t.name not in _SKIP_TABLES]


def _add(archive: tarfile.TarFile, name: str, body: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(body), 0, 0o600
    archive.addfile(info, io.BytesIO(body))


def create_backup(engine: Engine, data_dir: Path, target: Path) -> dict:
    """Write the archive ``target`` (``.tar.gz``); returns its manifest."""
    from geo.store.datastore import _locked  # one change at a time: no import half-copied

    target, data_dir = Path(target), Path(data_dir)
    counts: dict[str, int] = {}
    part = target.with_name(target.name + ".part")
    with tarfile.open(part, "w:gz") as archive:
        with engine.connect() as connection, connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            for table in _tables():
                order = [c for c in table.primary_key.columns]
                rows = connection.execute(select(table).order_by(*order)).mappings().all()
                counts[table.name] = len(rows)
                body = "".join(json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False) + "\n"
                               for row in rows)
                _add(archive, f"tables/{table.name}.jsonl", body.encode("utf-8"))
        with _locked(data_dir / "datasets"):
            for name in _DATA_PARTS:
                if (data_dir / name).exists():
                    archive.add(data_dir / name, arcname=f"data/{name}",
                                filter=lambda info: None if Path(info.name).name in {".lock"} else info)
        manifest = {"format": 1, "revision": revision, "tables": counts, "engine": engine.dialect.name,
                    "created": datetime.now(UTC).isoformat(timespec="seconds")}
        _add(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    part.replace(target)
    return manifest


def restore_backup(engine: Engine, data_dir: Path, source: Path) -> dict:
    """Restore the archive ``source`` into an empty database and data folder; returns its manifest."""
    from storage.db import migrate

    data_dir = Path(data_dir)
    if (data_dir / "datasets").is_dir() and any(p for p in (data_dir / "datasets").iterdir()
                                                if not p.name.startswith(".")):
        raise BackupError("bakerr_data_not_empty")
    with tarfile.open(source, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        if manifest.get("format") != 1:
            raise BackupError("bakerr_format")
        migrate(engine)
        if _revision(engine) != manifest["revision"]:
            raise BackupError("bakerr_revision", backup=manifest["revision"], here=_revision(engine))
        with engine.begin() as connection:
            for table in _tables():
                if connection.execute(select(func.count()).select_from(table)).scalar_one():
                    raise BackupError("bakerr_db_not_empty", table=table.name)
            for table in _tables():
                member = archive.extractfile(f"tables/{table.name}.jsonl")
                rows = [json.loads(line) for line in member.read().decode("utf-8").splitlines() if line]
                rows = [{k: _decode(table.c[k], v) for k, v in row.items() if k in table.c} for row in rows]
                if rows:
                    connection.execute(insert(table), rows)
            if engine.dialect.name == "postgresql":  # explicit ids were inserted: counters continue after them
                for table in _tables():
                    keys = list(table.primary_key.columns)
                    if len(keys) == 1 and isinstance(keys[0].type, Integer):  # NULL (no-op) without a sequence
                        connection.execute(text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{keys[0].name}'), "
                            f"COALESCE((SELECT MAX({keys[0].name}) FROM {table.name}), 0) + 1, false)"
                        ))
        data_dir.mkdir(parents=True, exist_ok=True)
        members = [m for m in archive.getmembers() if m.name.startswith("data/")]
        for member in members:
            if member.issym() or member.islnk() or ".." in Path(member.name).parts:
                raise BackupError("bakerr_entry", entry=repr(member.name))
            member.name = member.name.removeprefix("data/")
        archive.extractall(data_dir, members=members, filter="data")
    return manifest


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in ("create", "restore"):
        print("Aufruf / usage: python -m storage.backup create|restore ARCHIV.tar.gz", file=sys.stderr)
        return 0 if args in (["--help"], ["-h"]) else 2
    from geo.settings import data_dir
    from storage.db import database_url, make_engine, mark_set_up

    url = database_url()
    engine = make_engine(url)
    try:
        if args[0] == "create":
            manifest = create_backup(engine, data_dir(), Path(args[1]))
            print(f"Gesichert / backed up: {args[1]} ({sum(manifest['tables'].values())} Zeilen / rows)")
        else:
            manifest = restore_backup(engine, data_dir(), Path(args[1]))
            mark_set_up(url)
            print(f"Wiederhergestellt / restored: {args[1]} ({sum(manifest['tables'].values())} Zeilen / rows)")
    except (BackupError, OSError, tarfile.TarError) as exc:
        print(f"Fehler / error: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
