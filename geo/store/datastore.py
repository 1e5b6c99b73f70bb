"""The folder store of imported datasets: who may change it, atomic replacement, versions, recovery.

Layout under the datasets root::

    <id>/                         the current version (what ``list_datasets`` shows)
    .versions/<id>/<stamp>/       replaced and removed versions, restorable
    .staging-<id>-<random>/       a version being written
    .journal-<id>.json            a replacement in progress
    .trash-<random>/              being deleted

Replacing is: write the staging folder completely, write the journal, rename
the current folder into ``.versions``, rename staging to ``<id>``, delete the
journal. A kill between the two renames leaves a journal and no ``<id>``:
:func:`recover` (run at start) moves the version back, and a running site
calls :func:`repair_interrupted` on every look at the folder, so it never shows
a dataset as gone because another process was killed mid-way. Left-over staging
and trash folders are deleted there too. Every change needs an :class:`Editor`
(who signed in, or who ran the command line); without one it is refused.
"""

from __future__ import annotations

import errno
import json
import re
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from geo.i18n import MessageError
from geo.store import mirror

__all__ = [
    "AuthorisationError",
    "DatasetExistsError",
    "DatasetWriteError",
    "Editor",
    "StoredVersion",
    "list_versions",
    "recover",
    "repair_interrupted",
    "remove",
    "restore",
    "write_dataset",
]

KEEP_VERSIONS = 5
_VERSIONS = ".versions"


@dataclass(frozen=True)
class Editor:
    """Who changes the data: a signed-in editor, or the user running the command line."""

    name: str
    via: str = "sign-in"


class AuthorisationError(MessageError, PermissionError):
    """A change without a signed-in editor (or in the public deployment); a catalogue key."""


class DatasetExistsError(MessageError):
    """A dataset of this name exists and replacing it was not confirmed."""


@dataclass(frozen=True)
class StoredVersion:
    """An earlier version of a dataset (replaced or removed), restorable."""

    id: str
    stamp: str
    folder: Path
    provenance: dict
    retired: dict  # {"reason": "replaced" | "removed", "by": ..., "at": ...}


def _require(editor: object) -> Editor:
    if not isinstance(editor, Editor) or not editor.name.strip():
        raise AuthorisationError("dserr_no_editor")
    from geo.settings import read_settings

    if read_settings().public:
        raise AuthorisationError("dserr_public")
    return editor


class DatasetWriteError(MessageError, OSError):
    """Writing a dataset failed on the server (a full disk, a read-only or broken disk); nothing changed.

    A catalogue key (``str()`` German and English) that names no server path; ``disk_full`` tells the two apart.
    """

    def __init__(self, disk_full: bool) -> None:
        self.disk_full = disk_full
        super().__init__("dserr_disk_full" if disk_full else "dserr_write")


_DISK_FULL_WORDS = ("no space left", "disk is full", "disk full", "not enough space")


def _write_failure(exc: BaseException) -> DatasetWriteError | None:
    """A write error (OS, GDAL/pyogrio, SQLite) as :class:`DatasetWriteError`; None for anything else (a bug)."""
    writer_error = isinstance(exc, OSError) or type(exc).__module__.split(".")[0] in {"pyogrio", "fiona", "sqlite3"}
    if not writer_error:
        return None
    text = str(exc).casefold()
    full = getattr(exc, "errno", None) in {errno.ENOSPC, errno.EDQUOT} or any(w in text for w in _DISK_FULL_WORDS)
    return DatasetWriteError(disk_full=full)


@contextmanager
def _locked(root: Path, wait: bool = True) -> Iterator[bool]:
    """One change at a time per datasets folder (also across server processes).

    Yields True when the lock is held; with ``wait=False`` it yields False at once if another process
    holds it (a change in progress). The lock of a killed process is released by the system.
    """
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a") as handle:
        try:
            import fcntl
        except ImportError:  # not POSIX: single process assumed
            yield True
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _discard(folder: Path) -> None:
    """Delete a folder: renamed away first, so a kill never leaves half a version under its name."""
    if not folder.exists():
        return
    trash = folder.parent / f".trash-{secrets.token_hex(6)}"
    folder.rename(trash)
    shutil.rmtree(trash, ignore_errors=True)


def _retire(root: Path, dataset_id: str) -> Path:
    """Where the current version of ``dataset_id`` goes when replaced or removed."""
    folder = root / _VERSIONS / dataset_id
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / _stamp()
    while target.exists():
        target = folder / _stamp()
    return target


def _note(version: Path, reason: str, editor: Editor) -> None:
    (version / "retired.json").write_text(
        json.dumps({"reason": reason, "by": editor.name, "at": datetime.now(UTC).isoformat()}), encoding="utf-8"
    )


def _prune(root: Path, dataset_id: str) -> None:
    kept = sorted((root / _VERSIONS / dataset_id).iterdir(), reverse=True)
    for old in kept[KEEP_VERSIONS:]:
        _discard(old)


def _swap(root: Path, dataset_id: str, staging: Path, editor: Editor) -> None:
    """Staging becomes the current version; the current one (if any) is kept as a version."""
    current = root / dataset_id
    journal = root / f".journal-{dataset_id}.json"
    retired = _retire(root, dataset_id) if current.exists() else None
    part = journal.with_suffix(".part")
    part.write_text(json.dumps({"staging": staging.name, "retired": str(retired) if retired else None}))
    part.replace(journal)
    if retired is not None:
        current.rename(retired)
    staging.rename(current)
    journal.unlink()
    if retired is not None:
        _after(retired, "replaced", editor, root, dataset_id)


def _after(retired: Path, reason: str, editor: Editor, root: Path, dataset_id: str) -> None:
    """Bookkeeping after a change that has already happened: never turns it into an error."""
    try:
        _note(retired, reason, editor)
        _prune(root, dataset_id)
    except OSError:
        pass


def write_dataset(
    root: Path, dataset_id: str, write: Callable[[Path], None], *, editor: Editor, replace: bool = False
) -> Path:
    """Write a dataset with ``write(folder)`` and make it current atomically.

    An existing dataset of the same id is replaced only with ``replace=True``
    and is kept as a restorable version. Raises :class:`AuthorisationError`
    without an editor, :class:`DatasetExistsError` when replacing was not
    confirmed; on any error what was there before stays untouched.
    """
    editor = _require(editor)
    root = Path(root)
    with _locked(root):
        if (root / dataset_id).exists() and not replace:
            raise DatasetExistsError("dserr_exists", dataset=dataset_id)
        staging = root / f".staging-{dataset_id}-{secrets.token_hex(6)}"
        try:
            staging.mkdir()
            write(staging)
            _swap(root, dataset_id, staging, editor)
        except Exception as exc:
            _recover_one(root, dataset_id)
            shutil.rmtree(staging, ignore_errors=True)
            failure = _write_failure(exc)
            if failure is not None:  # said plainly, without the server's paths
                raise failure from exc
            raise
    mirror.saved(root / dataset_id)  # several server processes on one database: shared with the others
    return root / dataset_id


def remove(root: Path, dataset_id: str, *, editor: Editor) -> None:
    """Remove a dataset; it is kept as a version and can be restored."""
    editor = _require(editor)
    root = Path(root)
    with _locked(root):
        current = root / dataset_id
        if not current.exists():
            return
        retired = _retire(root, dataset_id)
        current.rename(retired)  # one atomic step
        _after(retired, "removed", editor, root, dataset_id)


def restore(root: Path, dataset_id: str, stamp: str, *, editor: Editor) -> None:
    """Make a kept version current again; the version it replaces is kept in turn."""
    editor = _require(editor)
    root = Path(root)
    with _locked(root):
        source = root / _VERSIONS / dataset_id / stamp
        if not (source / "provenance.json").is_file():
            raise MessageError("dserr_version_gone", dataset=dataset_id)
        staging = root / f".staging-{dataset_id}-{secrets.token_hex(6)}"
        shutil.copytree(source, staging, ignore=shutil.ignore_patterns("retired.json"))
        try:
            _swap(root, dataset_id, staging, editor)
        except Exception:
            _recover_one(root, dataset_id)
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _discard(source)  # now current; the replaced one is the newest version
    mirror.saved(root / dataset_id)  # several server processes on one database: shared with the others


def list_versions(root: Path) -> list[StoredVersion]:
    """Kept versions of all datasets, newest first per dataset."""
    base = Path(root) / _VERSIONS
    if not base.is_dir():
        return []
    found = []
    for folder in sorted(base.iterdir()):
        for version in sorted(folder.iterdir(), reverse=True):
            meta = version / "provenance.json"
            if not meta.is_file():
                continue
            note = version / "retired.json"
            found.append(
                StoredVersion(
                    id=folder.name,
                    stamp=version.name,
                    folder=version,
                    provenance=json.loads(meta.read_text(encoding="utf-8")),
                    retired=json.loads(note.read_text(encoding="utf-8")) if note.is_file() else {},
                )
            )
    return found


def _recover_one(root: Path, dataset_id: str) -> bool:
    """Undo an interrupted replacement of ``dataset_id``; True if something was moved back."""
    journal = root / f".journal-{dataset_id}.json"
    if not journal.is_file():
        return False
    state = json.loads(journal.read_text())
    moved_back = False
    retired = Path(state["retired"]) if state.get("retired") else None
    if retired is not None and not (root / dataset_id).exists() and retired.exists():
        retired.rename(root / dataset_id)
        moved_back = True
    journal.unlink()
    return moved_back


def recover(root: Path) -> list[str]:
    """At start: finish or undo interrupted changes and delete left-overs; return what was done.

    Safe while other processes run: it waits for their change to finish (lock).
    """
    root = Path(root)
    if not root.is_dir():
        return []
    done = []
    with _locked(root):
        for journal in sorted(root.glob(".journal-*.json")):
            dataset_id = journal.name.removeprefix(".journal-").removesuffix(".json")
            if _recover_one(root, dataset_id):
                done.append(f"restored {dataset_id}")
        for part in root.glob(".journal-*.part"):
            part.unlink()
        for folder in sorted(root.iterdir()):
            if folder.is_dir() and folder.name.startswith((".staging-", ".trash-")):
                shutil.rmtree(folder, ignore_errors=True)
                done.append(f"deleted {folder.name}")
            elif folder.is_dir() and re.fullmatch(r"\..+-(previous|[a-z0-9_]{8})", folder.name):
                done.extend(_legacy(root, folder))
    return done


def repair_interrupted(root: Path) -> list[str]:
    """While the site runs: undo a replacement whose process was killed between its two renames.

    Cheap when nothing is wrong (one look for a journal). A journal while another process holds the
    lock is a change in progress and is left alone; a journal with the lock free is a dead process's.
    """
    root = Path(root)
    if not root.is_dir() or not any(root.glob(".journal-*.json")):
        return []
    done = []
    with _locked(root, wait=False) as held:
        if not held:
            return []
        for journal in sorted(root.glob(".journal-*.json")):
            dataset_id = journal.name.removeprefix(".journal-").removesuffix(".json")
            if _recover_one(root, dataset_id):
                done.append(f"restored {dataset_id}")
    return done


def _legacy(root: Path, folder: Path) -> list[str]:
    """Folders left by the earlier save (``.<id>-previous`` backups, ``.<id>-<random>`` staging)."""
    if folder.name.endswith("-previous"):
        dataset_id = folder.name[1 : -len("-previous")]
        if not (root / dataset_id).exists():
            folder.rename(root / dataset_id)
            return [f"restored {dataset_id}"]
    shutil.rmtree(folder, ignore_errors=True)
    return [f"deleted {folder.name}"]

