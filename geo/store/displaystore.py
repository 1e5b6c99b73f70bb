"""What an imported dataset's map needs, computed once per version and kept on disk.

Opening a dataset of 14,000 blocks spent most of its seconds on work that depends only on the
stored boundaries: cleaning and simplifying them for display (:func:`geo.domain.display.display_frame`),
the display-quality check (overlaps and gaps, :func:`geo.domain.display.display_quality`), the GeoJSON
and its compact form for the browser (:func:`geo.domain.compactgeo.encode`). Those are written to the
cache folder under the dataset's id and version stamp (:attr:`geo.store.catalog.DatasetInfo.version`)
the first time, by whichever process opens the dataset first (the server's warm-up, or an import), and
read back afterwards. A new version (a re-import) has a new stamp, so nothing stale is ever read; a file
that cannot be read is computed again.

The compact form is kept by the GeoJSON's content hash (:func:`compact_of`), for every dataset.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import secrets
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geo.domain.display import DisplayQuality
from geo.read.sources import default_cache_dir

__all__ = ["FORMAT", "StoredDisplay", "compact_of", "last_used", "read_display", "remember_used", "write_display"]

FORMAT = 1  # raised whenever what is stored changes shape: files of another format are not read


@dataclass(frozen=True)
class StoredDisplay:
    frame: gpd.GeoDataFrame  # key, name, unit, geometry (EPSG:4326, simplified)
    geojson: bytes
    quality: DisplayQuality


def _folder() -> Path:
    return default_cache_dir() / "display"


def _path(dataset_id: str, version: str) -> Path:
    safe = hashlib.sha256(dataset_id.encode()).hexdigest()[:12]  # ids are slugs; hashed all the same
    return _folder() / f"v{FORMAT}-{safe}-{version}.pickle"


def _write(target: Path, body: bytes) -> None:
    """Atomically, so that a second process never reads half a file; a read-only cache is left alone."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}")
        tmp.write_bytes(body)
        os.replace(tmp, target)
    except OSError:
        pass


def read_display(dataset_id: str, version: str) -> StoredDisplay | None:
    """The stored display of this version of the dataset, or ``None`` (not stored yet, or unreadable)."""
    path = _path(dataset_id, version)
    try:
        stored = pickle.loads(path.read_bytes())  # noqa: S301 - written by this module into the app's own cache
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return stored if isinstance(stored, StoredDisplay) else None


def write_display(dataset_id: str, version: str, stored: StoredDisplay) -> None:
    _write(_path(dataset_id, version), pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))


def compact_of(geojson: bytes) -> bytes:
    """The compact form of ``geojson`` (:func:`geo.domain.compactgeo.encode`), kept by its content hash."""
    from geo.domain.compactgeo import encode

    path = _folder() / f"compact-v{FORMAT}-{hashlib.sha256(geojson).hexdigest()[:32]}.json"
    try:
        return path.read_bytes()
    except OSError:
        pass
    body = encode(geojson)
    _write(path, body)
    return body


def remember_used(dataset_id: str) -> None:
    """Note the dataset a page last opened, so that the next server start prepares it (``ui/warmup.py``)."""
    _write(_folder() / "last-used", dataset_id.encode("utf-8"))


def last_used() -> str | None:
    """The dataset a page last opened (:func:`remember_used`), or ``None``."""
    try:
        return (_folder() / "last-used").read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None
