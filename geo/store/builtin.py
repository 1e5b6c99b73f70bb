"""Datasets the data configuration describes (``data/sources.toml``), built into the data folder.

A ``[display.<statistics id>]`` table of the sources file describes one dataset: its statistics table
(``[statistics.<id>]``: the area table, indicator table and tile layout in ``data/``), its official
boundaries (``boundaries = "<id>"`` of ``[boundaries.<id>]``, fetched, cached or mirrored as
:mod:`geo.read.sources` does) and what the pages say about it. The first such table is the default
dataset. Nothing here names a dataset: the data configuration does.

At set-up (``python -m geo.store.builtin``, run by ``make setup``) each is built into
``<data folder>/datasets/<id>/`` like an imported dataset: ``areas.csv`` (one row per area with the
map unit it belongs to in its ``unit`` column), ``indicator_specs.csv``, ``tiles.csv``, the boundary
file and ``provenance.json`` (the display texts, sources and the build's version stamp). Without the
set-up step (a fresh clone, the tests) :func:`ensure_built` builds it on first open, once, under the
datasets folder's lock; it builds again whenever the configuration, the files or the availability of
the boundaries change.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import secrets
import shutil
import sys
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

from geo.read.sources import BoundarySource, StatisticsSource, boundary_status, load_sources

__all__ = ["CONFIG", "Configured", "configured", "default_dataset_id", "default_statistics_id", "ensure_built", "main"]

CONFIG = Path(__file__).resolve().parents[2] / "data" / "sources.toml"
_BUILT = ("areas.csv", "indicator_specs.csv", "tiles.csv")


@dataclass(frozen=True)
class Configured:
    """One dataset as the data configuration describes it."""

    dataset_id: str
    statistics: StatisticsSource
    boundaries: BoundarySource | None
    display: dict  # the [display.<statistics id>] table: texts, start indicators, …
    config: Path  # the sources file; its folder (``data/``) holds the statistics files

    @property
    def folder(self) -> Path:
        return self.config.parent

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.folder / self.statistics.file, self.folder / "indicators.csv", self.folder / self.statistics.tiles)


def configured(path: str | Path = CONFIG) -> dict[str, Configured]:
    """Dataset id -> its description, in the order of the sources file (the first is the default)."""
    info = Path(path).stat()
    return dict(_configured(str(path), info.st_mtime_ns, info.st_size))


@functools.lru_cache(maxsize=8)
def _configured(path_text: str, mtime_ns: int, size: int) -> dict[str, Configured]:
    # Keyed on modification time and size: asked on every page run, parsed again only when changed.
    path = Path(path_text)
    with open(path, "rb") as handle:
        raw = tomllib.load(handle)
    sources = load_sources(path)
    found = {}
    for statistics_id, table in raw.get("display", {}).items():
        dataset_id = str(table.get("dataset_id") or statistics_id)
        boundary_id = table.get("boundaries") or next(iter(sources.boundaries), None)
        found[dataset_id] = Configured(
            dataset_id=dataset_id,
            statistics=sources.statistics[statistics_id],
            boundaries=sources.boundaries.get(boundary_id) if boundary_id else None,
            display=dict(table),
            config=path,
        )
    return found


def _first(path: str | Path) -> tuple[str, str]:
    with open(path, "rb") as handle:
        statistics_id, table = next(iter(tomllib.load(handle).get("display", {}).items()))
    return str(table.get("dataset_id") or statistics_id), statistics_id


def default_dataset_id(path: str | Path = CONFIG) -> str:
    """The default dataset: the first the data configuration describes (its first ``[display.<id>]`` table)."""
    return _first(path)[0]


def default_statistics_id(path: str | Path = CONFIG) -> str:
    """The default dataset's statistics id (what saved selections name)."""
    return _first(path)[1]


def _stamp(item: Configured, boundary: Path | None, problem: str | None) -> str:
    """The build's version: the configuration's and the files' content, and which boundaries were found."""
    digest = hashlib.sha256()
    for path in (item.config, *item.files):
        digest.update(path.read_bytes() if path.is_file() else b"-")
    digest.update(json.dumps(item.display, sort_keys=True, default=str).encode())
    if boundary is not None and item.boundaries is not None:
        digest.update(item.boundaries.sha256.encode())
    else:
        digest.update(f"no boundaries: {problem}".encode())
    return digest.hexdigest()[:16]


def _provenance(item: Configured, stamp: str, boundary: Path | None, problem: str | None) -> dict:
    display = {k: v for k, v in item.display.items() if k not in ("dataset_id", "boundaries")}
    stats = item.statistics
    return {
        **display,
        "name": display.get("name") or f"{display.get('municipality', item.dataset_id)} {display.get('year', '')}".strip(),
        "version": stamp,  # content-based: the same files give the same version (and share the caches)
        "built_from": "data configuration",
        "grid_apart": True,  # rebuilt from the configuration: its grid is kept beside it (<data folder>/grids/)
        "statistics": asdict(stats),
        "boundary_source": asdict(item.boundaries) if item.boundaries else None,
        "boundaries_file": item.boundaries.filename if boundary is not None and item.boundaries else "",
        "boundaries_problem": problem,
        "indicators_file": stats.file,
        "source": stats.source,
        "licence": stats.licence_de,
        "year": display.get("year") or stats.date,
    }


def _write(staging: Path, item: Configured, provenance: dict, boundary: Path | None) -> None:
    for name, source in zip(_BUILT, item.files, strict=True):
        if source.is_file():
            shutil.copyfile(source, staging / name)
    if boundary is not None and item.boundaries is not None:
        shutil.copyfile(boundary, staging / item.boundaries.filename)
    (staging / "provenance.json").write_text(json.dumps(provenance, ensure_ascii=False, indent=2), encoding="utf-8")


def _current(folder: Path, stamp: str) -> bool:
    try:
        return json.loads((folder / "provenance.json").read_text(encoding="utf-8")).get("version") == stamp
    except (OSError, ValueError):
        return False


def _imported_there(folder: Path) -> bool:
    """Whether someone imported a dataset under this id (kept: the configured one is built elsewhere)."""
    try:
        return not json.loads((folder / "provenance.json").read_text(encoding="utf-8")).get("built_from")
    except (OSError, ValueError):
        return False


def ensure_built(dataset_id: str, root: Path, config: str | Path = CONFIG) -> Path:
    """The dataset's folder under ``root``, built (or rebuilt when its sources changed) first.

    Built once, under the datasets folder's lock (also across server processes); the old folder is
    swapped out only after the new one is complete. ``KeyError`` for an id the configuration lacks;
    ``FileExistsError`` (an ``OSError``) when an imported dataset took the id: it is never overwritten.
    """
    from geo.settings import read_settings
    from geo.store.datastore import _locked

    item = configured(config)[dataset_id]
    boundary, problem = None, None
    if item.boundaries is not None:
        settings = read_settings()
        boundary, problem = boundary_status(item.boundaries, settings.cache_dir, settings.mirror)
    stamp = _stamp(item, boundary, problem)
    folder = root / dataset_id
    if _current(folder, stamp):
        return folder
    if _imported_there(folder):
        raise FileExistsError(f"{folder} holds an imported dataset; it is never overwritten by the set-up")
    with _locked(root):
        if _current(folder, stamp):  # built by another session meanwhile
            return folder
        staging = root / f".staging-{dataset_id}-{secrets.token_hex(6)}"
        staging.mkdir()
        try:
            _write(staging, item, _provenance(item, stamp, boundary, problem), boundary)
            if folder.exists():
                trash = root / f".trash-{secrets.token_hex(6)}"
                folder.rename(trash)
                staging.rename(folder)
                shutil.rmtree(trash, ignore_errors=True)
            else:
                staging.rename(folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geo.store.builtin",
        description="Build the datasets of the data configuration (data/sources.toml) into the data folder.",
    )
    parser.parse_args(argv)
    from geo.store.pipeline import datasets_root

    for dataset_id in configured():
        folder = ensure_built(dataset_id, datasets_root())
        provenance = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
        note = f" ({provenance['boundaries_problem']})" if provenance.get("boundaries_problem") else ""
        print(f"[{dataset_id}] {folder}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
