"""Uploaded files on the server: kept only while one run of the import page reads them.

GDAL reads files, not memory, so an upload is written to a private temporary
folder, read, and deleted again in the same run (:func:`stash`, :func:`discard`),
also when reading fails. Folders left by a killed process are removed at start. Messages
shown to the user never carry the server path (:func:`scrub`).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

__all__ = ["PREFIX", "clean_stale", "discard", "scrub", "stash"]

PREFIX = "atlas-upload-"


def stash(*uploads) -> tuple[Path, list[Path]]:
    """Write uploads (objects with ``name`` and ``getvalue()``) to a new private folder; delete it with
    :func:`discard` in the same run."""
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))
    paths = []
    for upload in uploads:
        target = folder / Path(upload.name).name
        target.write_bytes(upload.getvalue())
        paths.append(target)
    return folder, paths


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def scrub(message: str, folder: Path | str | None = None) -> str:
    """``message`` without server paths: the temporary folder (and any other absolute path) cut to the file name."""
    import re

    if folder:
        message = message.replace(f"{folder}/", "").replace(str(folder), "")
    return re.sub(r"(/vsi\w+/)?(/[\w.\-]+)+/([\w.\-]+)", r"\3", message)


def clean_stale(max_age_s: float = 3600.0, now: float | None = None, base: Path | None = None) -> int:
    """Delete upload folders older than ``max_age_s`` (left by a killed process); return how many."""
    base = Path(base or tempfile.gettempdir())
    now = time.time() if now is None else now
    removed = 0
    for folder in base.glob(f"{PREFIX}*"):
        try:
            if folder.is_dir() and now - folder.stat().st_mtime > max_age_s:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    return removed
