"""Where the data comes from: the provenance table and the boundary download.

Official boundaries are never part of the repository. They are downloaded from
the city's open-data portal at set-up (pooch: cache plus SHA-256 check), or
copied from a local mirror folder (``ANKUNFTSATLAS_MIRROR``) on machines
without internet. Nothing here runs at import time.

Command line (used by ``make setup``)::

    python -m geo.sources fetch
"""

from __future__ import annotations

import argparse
import functools
import os
import secrets
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pooch
import tomllib

from geo.i18n import MessageError

__all__ = [
    "BoundarySource",
    "SourceError",
    "StatisticsSource",
    "boundary_status",
    "default_cache_dir",
    "fetch_boundaries",
    "load_sources",
    "locate_boundaries",
]

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


class SourceError(MessageError, RuntimeError):
    """A data source cannot be obtained; a catalogue key and its values (``str()`` German and English)."""


@dataclass(frozen=True)
class StatisticsSource:
    id: str
    file: str
    title_de: str
    title_en: str
    source: str
    date: str
    licence_de: str
    licence_en: str
    tiles: str


@dataclass(frozen=True)
class BoundarySource:
    id: str
    title_de: str
    title_en: str
    url: str
    page: str
    filename: str
    sha256: str
    attribution: str
    licence_de: str
    licence_en: str
    key_field: str
    name_field: str
    expected_features: int


@dataclass(frozen=True)
class Sources:
    statistics: dict[str, StatisticsSource]
    boundaries: dict[str, BoundarySource]


def load_sources(path: str | Path = DATA_DIR / "sources.toml") -> Sources:
    """Read the provenance table."""
    with open(path, "rb") as handle:
        raw = tomllib.load(handle)
    return Sources(
        statistics={k: StatisticsSource(id=k, **v) for k, v in raw.get("statistics", {}).items()},
        boundaries={k: BoundarySource(id=k, **v) for k, v in raw.get("boundaries", {}).items()},
    )


def default_cache_dir() -> Path:
    """``ANKUNFTSATLAS_CACHE`` or the user's cache folder (not created here)."""
    configured = os.environ.get("ANKUNFTSATLAS_CACHE")
    return Path(configured) if configured else Path(pooch.os_cache("ankunftsatlas"))


def _sha256_ok(path: Path, source: BoundarySource) -> bool:
    stat = path.stat()
    return _file_sha256(str(path), stat.st_mtime_ns, stat.st_size) == source.sha256


@functools.lru_cache(maxsize=32)
def _file_sha256(path: str, mtime_ns: int, size: int) -> str:
    # Keyed on modification time and size: the page checks the cache on every run,
    # and hashing the file each time would be wasted work; a changed file is hashed again.
    return pooch.file_hash(path, alg="sha256")


def locate_boundaries(
    source: BoundarySource, cache_dir: Path, mirror: Path | None = None
) -> Path | None:
    """Path of a verified local copy of the boundaries, or ``None`` if there is none.

    A mirror file, when given, is checked and copied into the cache. Raises
    :class:`SourceError` when a mirror or cached file fails the checksum.
    """
    cached = cache_dir / source.filename
    if mirror is not None:
        candidate = Path(mirror) / source.filename
        if not candidate.is_file():
            raise SourceError("srcerr_mirror_missing", mirror=mirror, file=source.filename)
        if not _sha256_ok(candidate, source):
            raise SourceError("srcerr_mirror_checksum", file=candidate, sha=source.sha256[:12])
        if not (cached.is_file() and _sha256_ok(cached, source)):
            cache_dir.mkdir(parents=True, exist_ok=True)
            # a name of its own: two processes filling the cache at once must not share one half-copied file
            tmp = cached.with_name(f".{cached.name}.{secrets.token_hex(6)}.part")
            try:
                shutil.copyfile(candidate, tmp)
                tmp.replace(cached)  # atomic: a half-copied file never looks complete
            finally:
                tmp.unlink(missing_ok=True)
        return cached
    if cached.is_file():
        if not _sha256_ok(cached, source):
            raise SourceError("srcerr_cache_damaged", file=cached)
        return cached
    return None


def fetch_boundaries(source: BoundarySource, cache_dir: Path, mirror: Path | None = None) -> Path:
    """Download (or copy from ``mirror``) the boundaries into ``cache_dir``."""
    found = locate_boundaries(source, cache_dir, mirror)
    if found is not None:
        return found
    try:
        return Path(
            pooch.retrieve(
                source.url,
                known_hash=f"sha256:{source.sha256}",
                fname=source.filename,
                path=cache_dir,
                progressbar=False,
            )
        )
    except ValueError as exc:  # pooch: checksum mismatch
        raise SourceError("srcerr_portal_checksum", detail=exc) from exc
    except Exception as exc:  # network errors come in many types
        raise SourceError("srcerr_download", url=source.url, kind=type(exc).__name__) from exc


def boundary_status(source: BoundarySource, cache_dir: Path, mirror: Path | None) -> tuple[Path | None, str | None]:
    """``(path, None)`` when boundaries are available, else ``(None, message)``."""
    try:
        return locate_boundaries(source, cache_dir, mirror), None
    except SourceError as exc:
        return None, str(exc)


def _mirror_from_env() -> Path | None:
    value = os.environ.get("ANKUNFTSATLAS_MIRROR")
    return Path(value).expanduser().resolve() if value else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geo.sources",
        description="Fetch the official boundaries into the local cache (or copy them from "
        "ANKUNFTSATLAS_MIRROR).",
    )
    parser.add_argument("command", choices=["fetch", "status"])
    parser.add_argument("--strict", action="store_true", help="exit non-zero when not available")
    args = parser.parse_args(argv)
    cache_dir, mirror = default_cache_dir(), _mirror_from_env()
    failed = False
    for source in load_sources().boundaries.values():
        try:
            path = (
                fetch_boundaries(source, cache_dir, mirror)
                if args.command == "fetch"
                else locate_boundaries(source, cache_dir, mirror)
            )
        except SourceError as exc:
            print(f"[{source.id}] {exc}", file=sys.stderr)
            failed = True
            continue
        print(f"[{source.id}] {path or 'nicht geladen / not loaded'}")
        failed = failed or path is None
    if failed and not args.strict:
        print(
            "Das Dashboard startet trotzdem, zeigt dann aber keine amtlichen Grenzen. / "
            "The dashboard still starts, without official boundaries.",
            file=sys.stderr,
        )
        return 0
    return 1 if failed else 0
