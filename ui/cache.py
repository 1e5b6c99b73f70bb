"""The one place where geo/ loaders are cached for Streamlit.

Tests call the uncached functions in geo/ directly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from geo.domain.dataset import Dataset, MapGeometry, embedded_ids, load_dataset, load_map_geometry
from geo.domain.display import DisplayQuality, display_quality
from geo.read.boundaries import BoundaryError, read_boundaries
from geo.read.sources import BoundarySource, boundary_status, load_sources
from geo.settings import Settings, read_settings

__all__ = ["APP_DIR", "Boundaries", "assets_installed", "boundaries", "dataset", "publish_geojson", "settings"]

APP_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = APP_DIR / "data"
STATIC_DIR = APP_DIR / "static"
# The map lives in the component iframe at <base>/component/<name>/index.html;
# a relative URL reaches the app's static folder under any server.baseUrlPath.
STATIC_URL = "../../app/static"


@dataclass(frozen=True)
class Boundaries:
    """Map geometry when available; otherwise why not."""

    geometry: MapGeometry | None
    quality: DisplayQuality | None
    source: BoundarySource
    problem: str | None
    missing: bool


def settings() -> Settings:
    return read_settings()


# The embedded dataset's id and its statistics table: named only by the data (data/sources.toml).
EMBEDDED, EMBEDDED_STATISTICS = embedded_ids(DATA_DIR / "sources.toml")


def imported_datasets() -> list:
    """Imported datasets on disk (see ``python -m geo.ingest`` and the import page)."""
    from geo.store.catalog import list_datasets
    from geo.store.datastore import repair_interrupted
    from geo.store.pipeline import datasets_root

    _started(str(datasets_root()))
    repair_interrupted(datasets_root())  # another process killed mid-replacement: undone now, not at restart
    return list_datasets(datasets_root())


@st.cache_resource(show_spinner=False)
def _started(root: str) -> list[str]:
    """Once per server process: undo an interrupted dataset replacement, delete left-over staging and uploads."""
    from geo.store.datastore import recover
    from ui.uploads import clean_stale

    clean_stale()
    return recover(Path(root))


def dataset_choices() -> dict[str, str]:
    """Dataset id -> label, the embedded one first."""
    meta = embedded_display()
    choices = {EMBEDDED: f"{meta.municipality} {meta.year} (Statistisches Amt)"}
    choices.update({d.id: str(d.provenance.get("name", d.id)) for d in imported_datasets()})
    return choices


def active_dataset_id() -> str:
    chosen = st.session_state.get("_kept_ds", EMBEDDED)
    if chosen == EMBEDDED or chosen not in dataset_choices():
        return EMBEDDED
    return chosen if _readable(chosen) else EMBEDDED


def _readable(dataset_id: str) -> bool:
    """Whether a stored dataset still loads; if not, say so (details for the officer) and fall back.

    Checked once per session and file version, so a damaged dataset never breaks the app.
    """
    info = next(d for d in imported_datasets() if d.id == dataset_id)
    stamp = (dataset_id, info.version)
    if st.session_state.get("_ds_readable") == stamp:
        return True
    try:
        _imported(dataset_id)
    except Exception as exc:  # any damage to the stored files (GDAL, pandas, JSON errors vary)
        from ui.notices import unreadable_notice

        st.session_state["_kept_ds"] = EMBEDDED
        unreadable_notice(str(info.provenance.get("name", dataset_id)), exc, dataset_choices()[EMBEDDED])
        return False
    st.session_state["_ds_readable"] = stamp
    return True


def _imported(dataset_id: str):
    info = next(d for d in imported_datasets() if d.id == dataset_id)
    return _load_imported(str(info.folder), info.version, info.provenance)


# Every cache is keyed on the stored files' version stamp (geo.store.catalog.files_stamp), never on an
# argument starting with "_" (Streamlit leaves those out of the key): a re-import shows on the next run.
@st.cache_data(show_spinner=False, max_entries=8)
def _load_imported(folder: str, version: str, _provenance: dict):
    # _provenance: left out of the key (the version stamp covers it); hashing a 14,000-area
    # import's reconciliation report took seconds per run.
    import geopandas as gpd

    from geo.store.catalog import DatasetInfo, load_dataset_folder

    info = DatasetInfo(id=Path(folder).name, folder=Path(folder), provenance=_provenance)
    dataset, geometry = load_dataset_folder(info)
    original = gpd.read_file(Path(folder) / "boundaries.gpkg")
    return dataset, geometry, display_quality(original, geometry.frame)


def base_dataset(dataset_id: str | None = None) -> Dataset:
    """The active (or the named) statistics; in public mode with disclosure control applied."""
    dataset_id = dataset_id or active_dataset_id()
    config = settings()
    rules = (config.public, config.disclosure.min_residents, config.disclosure.min_count)
    if dataset_id != EMBEDDED:
        info = next(d for d in imported_datasets() if d.id == dataset_id)
        # The same per-figure rules as for the embedded data (geo.analysis.disclosure), computed once per version.
        return _public_imported(str(info.folder), info.version, info.provenance, *rules)
    return _dataset(embedded_version(), *rules)


@st.cache_data(show_spinner=False, max_entries=16)
def _public_imported(
    folder: str, version: str, _provenance: dict, public: bool, min_residents: int, min_count: int
) -> Dataset:
    from geo.analysis.disclosure import public_view
    from geo.settings import DisclosureRules

    full = _load_imported(folder, version, _provenance)[0]
    return public_view(full, DisclosureRules(min_residents, min_count)) if public else full


def dataset(dataset_id: str | None = None) -> Dataset:
    """The statistics plus the project indicators (projects per district, per 1,000 residents).

    Recomputed on every run from the database, so a new project counts at once.
    """
    from geo.domain.integration_projects import assign_units, project_counts, with_projects

    dataset_id = dataset_id or active_dataset_id()
    base = base_dataset(dataset_id)
    geometry = boundaries(dataset_id).geometry
    if geometry is None or dataset_id != EMBEDDED:
        return base  # the project database belongs to the embedded municipality
    if database_problem():
        return base  # unknown counts are left out, never shown as zero
    stored = projects()
    units = assign_units([(p.record.lat, p.record.lon) for p in stored], geometry)
    return with_projects(base, project_counts(units, base), DATA_DIR / "indicators.csv")


def projects() -> list:
    """Projects from the database (only public ones in public mode).

    Empty when there is no database yet (the public deployment before anything
    was saved); a damaged database raises :class:`storage.db.DatabaseDamaged`,
    so that it is never shown as "no projects" (see :func:`database_problem`).
    """
    from sqlalchemy.exc import SQLAlchemyError

    from storage.db import DatabaseDamaged
    from storage.projects import list_projects

    try:
        return list_projects(engine(), public_only=settings().public)
    except DatabaseDamaged:
        raise
    except SQLAlchemyError:
        return []


@st.cache_data(show_spinner=False)
def themenfelder() -> dict:
    from geo.domain.integration_projects import load_themenfelder

    return load_themenfelder(DATA_DIR / "themenfelder.csv")


def editors() -> dict[str, str]:
    """Editor name -> password hash, from Streamlit secrets or ANKUNFTSATLAS_EDITORS."""
    import os

    from storage.auth import parse_editors

    try:
        configured = st.secrets.get("editors")
    except Exception:  # no secrets file: Streamlit raises its own error type
        configured = None
    return parse_editors(configured or os.environ.get("ANKUNFTSATLAS_EDITORS"))


def embedded_display():
    """What the pages say about the embedded dataset (``geo.domain.dataset.DisplayMeta``), from its data folder."""
    return _display(str(DATA_DIR / "sources.toml"), embedded_version())


@st.cache_data(show_spinner=False)
def _display(path: str, version: str):
    from geo.domain.dataset import load_display

    return load_display(path, EMBEDDED_STATISTICS)


def embedded_version() -> str:
    """The embedded dataset's version stamp: its statistics, indicator, tile and source files."""
    from geo.store.catalog import files_stamp

    return files_stamp(sorted(p for p in DATA_DIR.iterdir() if p.suffix in (".csv", ".toml")))


@st.cache_data(show_spinner=False)
def _dataset(version: str, public: bool, min_residents: int, min_count: int) -> Dataset:
    from geo.analysis.disclosure import public_view
    from geo.settings import DisclosureRules

    full = load_dataset(DATA_DIR)
    return public_view(full, DisclosureRules(min_residents, min_count)) if public else full


@st.cache_data(show_spinner=False)
def _geometry(path: str, sha256: str, version: str, _dataset: Dataset) -> tuple[MapGeometry, DisplayQuality]:
    source = next(s for s in load_sources(DATA_DIR / "sources.toml").boundaries.values() if s.sha256 == sha256)
    geometry = load_map_geometry(path, source, _dataset)
    original = read_boundaries(path, source.key_field, source.name_field)
    return geometry, display_quality(original, geometry.frame)


def boundaries(dataset_id: str | None = None) -> Boundaries:
    """The official boundaries from cache or mirror; never downloads while the page runs."""
    dataset_id = dataset_id or active_dataset_id()
    config = settings()
    if dataset_id != EMBEDDED:
        _, geometry, quality = _imported(dataset_id)
        return Boundaries(geometry, quality, geometry.source, None, missing=False)
    source = next(iter(load_sources(DATA_DIR / "sources.toml").boundaries.values()))
    path, problem = boundary_status(source, config.cache_dir, config.mirror)
    if path is None:
        return Boundaries(None, None, source, problem, missing=problem is None)
    try:
        geometry, quality = _geometry(str(path), source.sha256, embedded_version(), base_dataset(EMBEDDED))
    except BoundaryError as exc:
        return Boundaries(None, None, source, str(exc), missing=False)
    return Boundaries(geometry, quality, source, None, missing=False)


def grid(dataset_id: str | None = None):
    """The active (or the named) dataset's Zensus grid layer (``geo.read.zensus.Grid``) or ``None``.

    In public mode small counts are hidden.
    """
    from geo.read.zensus import GridError
    from geo.store.gridstore import grid_folder

    try:
        folder = grid_folder(dataset_id or active_dataset_id())
    except GridError:
        return None
    from geo.store.catalog import files_stamp

    meta = folder / "grid.json"
    if not meta.is_file():
        return None
    config = settings()
    min_count = config.disclosure.min_count if config.public else 0
    # The version stamp is part of the key (no leading "_"): a re-imported grid shows on the next run.
    return _grid(str(folder), files_stamp([folder / "grid.gpkg", meta]), min_count)


# A resource, not data: the grid is never changed after loading (public mode makes a copy),
# and copying 14,000 cells out of st.cache_data on every call would cost ~80 ms per call.
@st.cache_resource(show_spinner=False, max_entries=4)
def _grid(folder: str, version: str, min_count: int):
    from geo.analysis.disclosure import apply_min_count
    from geo.store.gridstore import load_grid

    layer = load_grid(Path(folder))
    return apply_min_count(layer, min_count) if layer is not None and min_count > 0 else layer


def publish_geojson(geojson: bytes) -> str:
    """Write the display geometry (compact: :func:`geo.domain.compactgeo.encode`) under a content hash; its URL.

    The browser fetches it once, decodes it and caches it; restyling never re-sends it.
    """
    digest = hashlib.sha256(geojson).hexdigest()
    if digest not in _COMPACT:
        from geo.domain.compactgeo import encode

        _COMPACT[digest] = encode(geojson)
    return publish_static(_COMPACT[digest], "", ".geo.json")


_COMPACT: dict[str, bytes] = {}  # GeoJSON hash -> its compact form (~20 KB; a few datasets per process)


def publish_static(body: bytes, prefix: str, suffix: str) -> str:
    """Write ``body`` once under a content-hashed name in the served folder (atomically); its URL."""
    digest = hashlib.sha256(body).hexdigest()[:20]
    target = STATIC_DIR / "generated" / f"{prefix}{digest}{suffix}"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        tmp.write_bytes(body)
        tmp.replace(target)
    return f"{STATIC_URL}/generated/{target.name}"


def assets_installed() -> bool:
    return (STATIC_DIR / "vendor" / "leaflet" / "leaflet.js").is_file()


def engine():
    """The database engine for the configured URL, shared by the server process.

    Read-only in public mode: opened so that the database itself refuses writes.
    """
    from storage.db import database_url

    return _engine(database_url(), settings().public)


def database_problem() -> tuple[str, str] | None:
    """``(message key, where)`` when the database is damaged, missing or does not answer (say so, write
    nothing); else None.

    Checked on every run of a page that shows stored data, so that damage or a deleted file while the
    server runs is said at once (``storage.db.verify_intact``), not only after a restart.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from storage.db import DatabaseDamaged, DatabaseMissing, database_location, database_url, verify_intact

    try:
        verify_intact(engine())
    except DatabaseDamaged as exc:
        return ("db_missing" if isinstance(exc, DatabaseMissing) else "db_damaged"), exc.where
    except SQLAlchemyError:
        return "db_damaged", database_location(database_url())
    return None


@st.cache_resource(show_spinner=False)
def _engine(url: str, read_only: bool):
    """Checked before first use; a damaged database raises (not cached: checked again on the next run)."""
    from storage.db import (
        DatabaseDamaged, check_database, database_location, ensure_present, make_engine, mark_set_up, migrate,
    )

    ensure_present(url)  # a database set up here and gone since: reported, never recreated empty
    db = make_engine(url, read_only=read_only)
    if not check_database(db, url):
        db.dispose()
        raise DatabaseDamaged(database_location(url))  # before any write, migrations included
    if not read_only:
        migrate(db)  # on first use, never at import
        mark_set_up(url)
    return db


@st.cache_resource(show_spinner=False, max_entries=2)
def tile_archive(path: str):
    """The deployment's local basemap archive (memory-mapped, shared by every session)."""
    from geo.read.rastertiles import open_archive

    return open_archive(path)
