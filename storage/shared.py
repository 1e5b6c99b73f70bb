"""Imported datasets and grids in the database, so that every server process on one PostgreSQL sees them.

On one machine (the SQLite default) datasets live in the data folder only and
nothing here runs. With ``ANKUNFTSATLAS_DATABASE_URL`` naming PostgreSQL, the
server registers a :class:`DatabaseMirror` with :mod:`geo.store.mirror`:

- a saved (replaced, removed, restored) dataset folder or grid folder is
  copied into the database: its files as blobs under their SHA-256 (stored
  once), the folder under its key (``datasets/<id>``, ``grids/<id>``) with a
  version, the hash of its files' names and hashes (:func:`push`);
- before the datasets are listed, every process brings its own data folder up
  to date (:func:`sync`, at most every few seconds): a folder whose version in
  the database differs from the one it holds is written afresh (staging
  folder, then renamed into place), one removed in the database is removed.
  The data folder of a replica is thus only a cache it can rebuild, keyed by
  the version; the page caches follow the folder's file stamp as before.

The read-write (officer) process also shares what was saved behind its back
(``python -m geo.ingest`` on the same data folder): a folder changed locally
since the last sync is pushed, one removed locally is removed in the database.
A read-only (public) process never writes to the database; a fresh officer data
folder receives everything from the database first, it never empties it.

    python -m storage.shared sync     (bring this data folder and the database level, e.g. after a CLI import)
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from geo.store.catalog import files_stamp
from storage.models import SharedBlob, SharedFile, SharedFolder

__all__ = ["DatabaseMirror", "folder_version", "push", "sync", "uses_shared_store"]

_STATE = ".shared-state.json"  # key -> {"version": content hash, "stamp": files_stamp when last level}
_STAGING = ".shared-staging-"
_KINDS = ("datasets", "grids")


def uses_shared_store(url: str) -> bool:
    """Datasets go into the database only on PostgreSQL (several server processes); never on SQLite."""
    return url.startswith(("postgresql", "postgres"))


def _files(folder: Path) -> list[Path]:
    """The files a folder shares: its regular files, not hidden ones (parts being written, locks)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def folder_version(hashes: dict[str, str]) -> str:
    """A folder's version: the hash of its files' names and content hashes (order-free)."""
    return hashlib.sha256("\n".join(f"{n}:{h}" for n, h in sorted(hashes.items())).encode()).hexdigest()


def _stamp(folder: Path) -> str:
    return files_stamp(_files(folder)) if folder.is_dir() else "-"


def _key(folder: Path) -> str:
    return f"{folder.parent.name}/{folder.name}"


def _load_state(root: Path) -> dict[str, dict[str, str]]:
    try:
        return json.loads((root / _STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_state(root: Path, state: dict[str, dict[str, str]]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    part = root / f"{_STATE}.{secrets.token_hex(4)}.part"
    part.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    part.replace(root / _STATE)


def push(engine: Engine, folder: Path, now: float | None = None) -> str | None:
    """Share ``folder`` as it is now (its files, or its removal when it is gone); its version (None: removed)."""
    folder, key = Path(folder), _key(Path(folder))
    files = _files(folder)
    hashes = {p.name: _digest(p) for p in files}
    with Session(engine) as db, db.begin():
        db.execute(delete(SharedFile).where(SharedFile.folder_key == key))
        db.execute(delete(SharedFolder).where(SharedFolder.key == key))
        if not (folder / "provenance.json").is_file() and not (folder / "grid.json").is_file():
            _collect(db)
            return None
        known = set(db.scalars(select(SharedBlob.sha256).where(SharedBlob.sha256.in_(set(hashes.values())))))
        for path in files:
            if hashes[path.name] not in known:
                content = path.read_bytes()
                db.add(SharedBlob(sha256=hashes[path.name], size=len(content), content=content))
                known.add(hashes[path.name])
        db.flush()
        version = folder_version(hashes)
        db.add(SharedFolder(key=key, version=version, saved_at=time.time() if now is None else now))
        db.flush()
        db.add_all(SharedFile(folder_key=key, name=name, sha256=digest) for name, digest in hashes.items())
        db.flush()
        _collect(db)
    return version


def _collect(db: Session) -> None:
    """Forget blobs no folder uses any more (a replaced boundaries file, a removed grid)."""
    used = select(SharedFile.sha256)
    db.execute(delete(SharedBlob).where(SharedBlob.sha256.not_in(used)))


def _materialise(db: Session, root: Path, name: str, key: str) -> None:
    """Write the database's copy of ``key`` as ``root/name``: complete in a staging folder, then renamed."""
    staging = root / f"{_STAGING}{name}-{secrets.token_hex(4)}"
    staging.mkdir(parents=True)
    try:
        rows = db.execute(
            select(SharedFile.name, SharedBlob.content)
            .join(SharedBlob, SharedBlob.sha256 == SharedFile.sha256)
            .where(SharedFile.folder_key == key)
        )
        for file_name, content in rows:
            (staging / Path(file_name).name).write_bytes(content)
        _replace(root / name, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _replace(target: Path, staging: Path) -> None:
    if target.exists():
        trash = target.parent / f".trash-{secrets.token_hex(6)}"
        target.rename(trash)
        staging.rename(target)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        staging.rename(target)


def _drop(folder: Path) -> None:
    if folder.exists():
        trash = folder.parent / f".trash-{secrets.token_hex(6)}"
        folder.rename(trash)
        shutil.rmtree(trash, ignore_errors=True)


def _built_here(folder: Path) -> bool:
    """A dataset built from the data configuration: every server builds its own, none is shared."""
    try:
        return json.loads((folder / "provenance.json").read_text(encoding="utf-8")).get("built_from") == "data configuration"
    except (OSError, ValueError):
        return False


def _local_folders(root: Path) -> set[str]:
    if not root.is_dir():
        return set()
    return {
        p.name for p in root.iterdir()
        if p.is_dir() and not p.name.startswith(".") and not _built_here(p)
        and ((p / "provenance.json").is_file() or (p / "grid.json").is_file())
    }


def sync(engine: Engine, root: Path, *, writable: bool) -> list[str]:
    """Bring the folders under ``root`` (one kind: ``datasets`` or ``grids``) level with the database.

    Returns what was done (``"pulled datasets/x"``, ``"pushed …"``, ``"removed …"``, ``"unshared …"``).
    """
    root = Path(root)
    for stale in root.glob(f"{_STAGING}*") if root.is_dir() else ():
        shutil.rmtree(stale, ignore_errors=True)  # a process killed while writing
    state, done = _load_state(root), []
    with Session(engine) as db:
        shared = dict(db.execute(select(SharedFolder.key, SharedFolder.version)
                                 .where(SharedFolder.key.like(f"{root.name}/%"))).all())
        local = _local_folders(root)
        names = {key.split("/", 1)[1] for key in [*shared, *state]} | local
        for name in sorted(names):
            key, folder, known = f"{root.name}/{name}", root / name, state.get(f"{root.name}/{name}")
            here, stamp = name in local, _stamp(folder)
            if writable and (here and (known is None or known.get("stamp") != stamp) or not here and known):
                db.rollback()  # end the read transaction: push writes in its own
                version = push(engine, folder)  # saved or removed here, also behind the server's back
                if version is None:
                    state.pop(key, None)
                else:
                    state[key] = {"version": version, "stamp": _stamp(folder)}
                done.append(f"{'pushed' if version else 'unshared'} {key}")
            elif key in shared:
                if known is None or known.get("version") != shared[key] or known.get("stamp") != stamp:
                    _materialise(db, root, name, key)
                    state[key] = {"version": shared[key], "stamp": _stamp(folder)}
                    done.append(f"pulled {key}")
            elif known is not None:  # shared once, removed in the database since
                _drop(folder)
                state.pop(key)
                done.append(f"removed {key}")
    if done:
        _save_state(root, state)
    return done


@dataclass
class DatabaseMirror:
    """The :class:`geo.store.mirror.FolderMirror` of a server process on a shared PostgreSQL database.

    ``engine`` is called for the engine on first use (the read-only one on a public replica).
    ``every`` seconds at most between two looks at the database (a publish shows within seconds).
    """

    engine: object  # Callable[[], Engine]
    writable: bool
    every: float = 3.0
    _last: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def saved(self, folder: Path) -> None:
        folder = Path(folder)
        if not self.writable or _built_here(folder):
            return
        try:
            with self._lock:
                version = push(self.engine(), folder)
                state = _load_state(folder.parent)
                if version is None:
                    state.pop(_key(folder), None)
                else:
                    state[_key(folder)] = {"version": version, "stamp": _stamp(folder)}
                _save_state(folder.parent, state)
        except (SQLAlchemyError, OSError) as exc:  # saved here all the same; the next sync shares it
            print(f"Ankunftsatlas: {_key(folder)} not shared yet ({type(exc).__name__}); retried on the next sync",
                  file=sys.stderr)

    def refresh(self, root: Path) -> None:
        root = Path(root)
        now = time.monotonic()
        if now - self._last.get(str(root), -1e9) < self.every:
            return
        if not self._lock.acquire(blocking=False):
            return  # another session of this process is syncing right now
        try:
            self._last[str(root)] = now
            for kind in _KINDS:
                sync(self.engine(), root.parent / kind, writable=self.writable)
        except (SQLAlchemyError, OSError) as exc:  # the database is away: the folders held here are served
            print(f"Ankunftsatlas: shared datasets not synced ({type(exc).__name__}: {exc})", file=sys.stderr)
        finally:
            self._lock.release()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["sync"]:
        print("Aufruf / usage: python -m storage.shared sync  (gleicht den Datenordner mit der Datenbank ab / "
              "brings the data folder level with the database)", file=sys.stderr)
        return 0 if args in (["--help"], ["-h"]) else 2
    from geo.settings import data_dir
    from storage.db import database_url, make_engine, migrate

    url = database_url()
    if not uses_shared_store(url):
        print("Keine PostgreSQL-Datenbank eingestellt: nichts zu teilen. / No PostgreSQL database: nothing to share.")
        return 0
    engine = make_engine(url)
    migrate(engine)
    for kind in _KINDS:
        for line in sync(engine, data_dir() / kind, writable=True):
            print(line)
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
