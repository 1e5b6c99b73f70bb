"""One dataset model: :func:`open_dataset` returns everything a page needs about one dataset.

Every dataset lives in a folder under :func:`geo.store.pipeline.datasets_root`: imported ones (the import
page, ``python -m geo.ingest``) and those the data configuration describes (built at set-up or on first
open by :mod:`geo.store.builtin`). The default dataset is the first the data configuration describes;
no code path differs by dataset id.

>>> from geo.store.datasets import default_dataset_id, open_dataset   # doctest: +SKIP
>>> opened = open_dataset(default_dataset_id())                         # doctest: +SKIP
>>> opened.display.municipality, len(opened.dataset.areas), opened.version  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geo.domain.dataset import Dataset, DisplayMeta, MapGeometry, display_meta
from geo.domain.display import DisplayQuality, display_quality
from geo.domain.timeseries import split_year
from geo.i18n import MessageError
from geo.read.sources import BoundarySource, default_cache_dir
from geo.store import builtin
from geo.store.catalog import DatasetInfo, list_datasets, load_dataset_folder
from geo.store.described import is_described, load_described, read_folder_boundaries

__all__ = [
    "OpenDataset",
    "UnknownDatasetError",
    "dataset_boundaries",
    "dataset_info",
    "dataset_infos",
    "default_dataset_id",
    "open_dataset",
    "open_info",
]


class UnknownDatasetError(MessageError, KeyError):
    """No dataset of that id; the message (a catalogue key) names the ones there are."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class OpenDataset:
    """One dataset as the pages use it."""

    id: str
    version: str  # changes whenever the dataset's files change: the key of every cache of it
    name: str  # what the dataset choice shows
    dataset: Dataset  # areas, map units, indicator metadata, city values, tile layout, statistics source
    geometry: MapGeometry | None  # the map units' boundaries, or None (see boundary_problem)
    quality: DisplayQuality | None
    boundary_source: BoundarySource | None
    boundary_problem: str | None  # why there are no boundaries (None and no geometry: not fetched yet)
    display: DisplayMeta  # municipality, year, unit label, titles, sources, notes, start indicators
    provenance: dict
    projects: bool = False  # whether the project database describes this dataset's municipality

    @property
    def boundaries_missing(self) -> bool:
        return self.geometry is None and self.boundary_problem is None


def default_dataset_id() -> str:
    """The default dataset's id: the first the data configuration (``data/sources.toml``) describes."""
    return builtin.default_dataset_id()


def _root() -> Path:
    from geo.store.pipeline import datasets_root

    return datasets_root()


def dataset_infos(root: Path | None = None) -> list[DatasetInfo]:
    """Every dataset, the default first; the configured ones are built first if need be.

    A configured dataset is built into the data folder (or ``root``, a datasets folder: a test's or a
    benchmark's own); where that cannot be written (a read-only public deployment) into the cache folder.
    """
    root = root or _root()
    folders = {}
    for dataset_id in builtin.configured():
        try:
            folders[dataset_id] = builtin.ensure_built(dataset_id, root)
        except OSError:
            folders[dataset_id] = builtin.ensure_built(dataset_id, default_cache_dir() / "datasets")
    listed = {i.id: i for i in list_datasets(root)}  # after building: the provenance as it is now
    found = []
    for dataset_id, folder in folders.items():
        if folder.parent != root:
            listed.update({i.id: i for i in list_datasets(folder.parent) if i.id == dataset_id})
        if dataset_id in listed:
            found.append(listed.pop(dataset_id))
    return found + list(listed.values())


def dataset_info(dataset_id: str, root: Path | None = None) -> DatasetInfo:
    """The stored dataset of that id; :class:`UnknownDatasetError` names the ones there are."""
    infos = dataset_infos(root)
    for info in infos:
        if info.id == dataset_id:
            return info
    known = ", ".join(i.id for i in infos)
    raise UnknownDatasetError("dserr_unknown", dataset=dataset_id, known=known)


def open_dataset(dataset_id: str, root: Path | None = None) -> OpenDataset:
    """Everything a page needs about the dataset ``dataset_id`` (see :class:`OpenDataset`); ``root``: a
    datasets folder other than the data folder's (tests, benchmarks), the configured ones built into it.

    Raises :class:`UnknownDatasetError`, or a reader's error (``ValueError``, GDAL, pandas) when the
    stored files are damaged.
    """
    return open_info(dataset_info(dataset_id, root))


def _year(provenance: dict, dataset: Dataset) -> str:
    """The year stated, else the newest year of the indicators; "" (unknown), never the import date."""
    years = [y for key in dataset.specs if (y := split_year(key)[1]) is not None]
    return str(provenance.get("year") or (max(years) if years else ""))


def _sources_text(provenance: dict, dataset: Dataset) -> str:
    """"Source; licence" as stated at import, else the files: never empty brackets or stray dots."""
    stated = [str(provenance.get(k) or "").strip() for k in ("source", "licence")]
    return "; ".join(dict.fromkeys(s for s in stated if s)) or dataset.source.file


def open_info(info: DatasetInfo) -> OpenDataset:
    """Open a listed dataset (:func:`dataset_infos`)."""
    provenance = info.provenance
    if is_described(info.folder):
        dataset, geometry, quality, problem = load_described(info.folder, provenance)
        boundary_source = geometry.source if geometry is not None else (
            BoundarySource(**provenance["boundary_source"]) if provenance.get("boundary_source") else None)
    else:
        dataset, geometry, quality = _imported(info)
        boundary_source, problem = geometry.source, None
    files = ", ".join(f for f in (provenance.get("indicators_file"), provenance.get("boundaries_file")) if f)
    meta = {
        "files": files,
        "sources": _sources_text(provenance, dataset),
        **{k: v for k, v in provenance.items() if k not in ("year", "files", "sources") or v},
        "municipality": str(provenance.get("municipality") or provenance.get("name") or info.id),
        "year": _year(provenance, dataset),
        "unit_label": str(provenance.get("unit_label") or "Gebiete"),
        "dataset_id": info.id,
    }
    return OpenDataset(
        id=info.id,
        version=info.version,
        name=str(provenance.get("name") or info.id),
        dataset=dataset,
        geometry=geometry,
        quality=quality,
        boundary_source=boundary_source,
        boundary_problem=problem,
        display=display_meta(meta, info.id),
        provenance=provenance,
        projects=bool(provenance.get("projects", False)),
    )


def _imported(info: DatasetInfo) -> tuple[Dataset, MapGeometry, DisplayQuality]:
    """An imported dataset; its display geometry and quality as stored for this version, else computed and stored."""
    from geo.store.displaystore import StoredDisplay, compact_of, read_display, write_display

    stored = read_display(info.id, info.version) if "unreadable" not in info.provenance else None
    if stored is not None:
        dataset, geometry = load_dataset_folder(info, stored.frame, stored.geojson)
        return dataset, geometry, stored.quality
    dataset, geometry = load_dataset_folder(info)
    quality = display_quality(gpd.read_file(info.folder / "boundaries.gpkg"), geometry.frame)
    write_display(info.id, info.version, StoredDisplay(geometry.frame, geometry.geojson, quality))
    compact_of(geometry.geojson)  # the browser's form, ready for the first map
    return dataset, geometry, quality


def dataset_boundaries(dataset_id: str) -> gpd.GeoDataFrame | None:
    """The dataset's map units (``key``, ``name``, geometry in EPSG:4326) as stored; ``None`` without boundaries."""
    info = dataset_info(dataset_id)
    if is_described(info.folder):
        return read_folder_boundaries(info.folder, info.provenance)
    frame = gpd.read_file(info.folder / "boundaries.gpkg")
    frame["key"], frame["name"] = frame["key"].astype(str), frame["name"].astype(str)
    return frame[["key", "name", "geometry"]]
