"""The one place where geo/ loaders are cached for Streamlit.

Tests call the uncached functions in geo/ directly.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from geo.domain.dataset import Dataset, MapGeometry
from geo.domain.display import DisplayQuality
from geo.read.sources import BoundarySource
from geo.settings import Settings, read_settings
from geo.store.datasets import OpenDataset, dataset_infos, default_dataset_id, open_dataset
from ui.shell import session
from ui.shell.unreadable import unreadable_notice

__all__ = ["APP_DIR", "DEFAULT", "Boundaries", "assets_installed", "boundaries", "dataset", "datasets", "display", "new_run",
           "opened", "publish_geojson", "publish_names", "settings"]

APP_DIR = Path(__file__).resolve().parents[2]
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
    source: BoundarySource | None
    problem: str | None
    missing: bool


def settings() -> Settings:
    return read_settings()


# The default dataset's id: named only by the data configuration (data/sources.toml).
DEFAULT = default_dataset_id()


# One run opens the active dataset once. Streamlit's st.cache_data hands every call a fresh unpickled copy
# (a 14,000-area dataset is ~9 MB of pickle) and the listing reads every provenance.json: a page asks for
# both dozens of times per run. What one run has read is kept for the rest of that run, on the thread that
# runs the script (one per session), and dropped when the next run starts (:func:`new_run`, dashboard.py).
_RUN = threading.local()


def new_run() -> None:
    """Forget what the last run of this session read (called first thing by every run of ``dashboard.py``)."""
    _RUN.memo = {}


def _per_run(key: tuple, make: Callable[[], object]):
    memo = getattr(_RUN, "memo", None)
    if memo is None:
        memo = _RUN.memo = {}
    if key not in memo:
        memo[key] = make()
    return memo[key]


def datasets() -> list:
    """Every dataset on disk (``geo.store.catalog.DatasetInfo``), the default first (built if need be).

    Listed once per run, and again within the run only when the datasets folder changed (an import,
    a removal or a restored version renames a folder in it).
    """
    from geo.store.pipeline import datasets_root

    root = datasets_root()
    try:
        info = root.stat()
        stamp = (info.st_ino, info.st_mtime_ns)
    except OSError:
        stamp = None
    return _per_run(("datasets", str(root), stamp), lambda: _listed(root))


def _listed(root: Path) -> list:
    from geo.store.datastore import repair_interrupted

    _started(str(root))
    repair_interrupted(root)  # another process killed mid-replacement: undone now, not at restart
    return dataset_infos()


@st.cache_resource(show_spinner=False)
def _started(root: str) -> list[str]:
    """Once per server process: undo an interrupted dataset replacement, delete left-over staging and uploads."""
    from geo.store.datastore import recover
    from ui.shell.uploads import clean_stale

    clean_stale()
    return recover(Path(root))


def dataset_choices() -> dict[str, str]:
    """Dataset id -> label, the default first."""
    return {d.id: str(d.provenance.get("name", d.id)) for d in datasets()}


def active_dataset_id() -> str:
    chosen = session.kept("ds", DEFAULT)
    if chosen == DEFAULT or chosen not in dataset_choices():
        return DEFAULT  # the fallback is not checked: its failure is the page's error
    return chosen if _readable(chosen) else DEFAULT


def _info(dataset_id: str):
    return next(d for d in datasets() if d.id == dataset_id)


def _readable(dataset_id: str) -> bool:
    """Whether a stored dataset still loads; if not, say so (details for the officer) and fall back.

    Checked once per session and file version, so a damaged dataset never breaks the app.
    """
    info = _info(dataset_id)
    stamp = (dataset_id, info.version)
    if session.DATASET_READABLE.get() == stamp:
        return True
    try:
        _per_run(("opened", dataset_id, info.version), lambda: _opened(dataset_id, info.version))
    except Exception as exc:  # any damage to the stored files (GDAL, pandas, JSON errors vary)
        session.keep("ds", DEFAULT)
        unreadable_notice(str(info.provenance.get("name", dataset_id)), exc, dataset_choices()[DEFAULT])
        return False
    session.DATASET_READABLE.set(stamp)
    return True


def opened(dataset_id: str | None = None) -> OpenDataset:
    """The active (or the named) dataset (``geo.store.datasets.open_dataset``), cached per version."""
    dataset_id = dataset_id or active_dataset_id()
    version = _info(dataset_id).version
    if dataset_id != DEFAULT and _LAST_USED.get("id") != dataset_id:
        from geo.store.displaystore import remember_used

        _LAST_USED["id"] = dataset_id
        remember_used(dataset_id)  # prepared by the next server start's warm-up, beside the default
    return _per_run(("opened", dataset_id, version), lambda: _opened(dataset_id, version))


_LAST_USED: dict[str, str] = {}  # the dataset last noted as used by this process (written on a change only)


# Every cache is keyed on the dataset's version stamp (geo.store.catalog.DatasetInfo.version), never on an
# argument starting with "_" (Streamlit leaves those out of the key): a re-import shows on the next run.
# The opened dataset is one shared object (st.cache_resource), not a copy unpickled per run (st.cache_data):
# a city of 14,000 blocks is ~9 MB of pickle and its geometry was parsed again from WKB on every run, some
# 15 % of a change of indicator. Nothing changes a dataset in place (frozen dataclasses; pandas'
# copy-on-write keeps what is derived from its frames apart from them).
@st.cache_resource(show_spinner=False, max_entries=8)
def _opened(dataset_id: str, version: str) -> OpenDataset:
    return open_dataset(dataset_id)


def base_dataset(dataset_id: str | None = None) -> Dataset:
    """The active (or the named) statistics; in public mode with disclosure control applied."""
    dataset_id = dataset_id or active_dataset_id()
    config = settings()
    rules = (config.public, config.disclosure.min_residents, config.disclosure.min_count)
    # The same per-figure rules for every dataset (geo.analysis.disclosure), computed once per version.
    version = _info(dataset_id).version
    if not config.public:
        return opened(dataset_id).dataset
    return _per_run(("public", dataset_id, version, *rules), lambda: _public(dataset_id, version, *rules))


@st.cache_resource(show_spinner=False, max_entries=16)
def _public(dataset_id: str, version: str, public: bool, min_residents: int, min_count: int) -> Dataset:
    from geo.analysis.disclosure import public_view
    from geo.settings import DisclosureRules

    full = _opened(dataset_id, version).dataset
    return public_view(full, DisclosureRules(min_residents, min_count)) if public else full


def dataset(dataset_id: str | None = None) -> Dataset:
    """The statistics plus the project indicators (projects per district, per 1,000 residents) when the
    project database describes the dataset's municipality (``projects = true`` in its configuration).

    Recomputed on every run from the database, so a new project counts at once.
    """
    from geo.domain.integration_projects import assign_units, project_counts, with_projects

    dataset_id = dataset_id or active_dataset_id()
    base = base_dataset(dataset_id)
    current = opened(dataset_id)
    if current.geometry is None or not current.projects:
        return base
    if database_problem():
        return base  # unknown counts are left out, never shown as zero
    stored = projects()
    units = assign_units([(p.record.lat, p.record.lon) for p in stored], current.geometry)
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


def display(dataset_id: str | None = None):
    """What the pages say about the active (or the named) dataset (``geo.domain.dataset.DisplayMeta``)."""
    return opened(dataset_id).display


def boundaries(dataset_id: str | None = None) -> Boundaries:
    """The dataset's boundaries as stored (cache or mirror at set-up); never downloads while the page runs."""
    current = opened(dataset_id)
    return Boundaries(current.geometry, current.quality, current.boundary_source, current.boundary_problem,
                      missing=current.boundaries_missing)


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
        from geo.store.displaystore import compact_of

        _COMPACT[digest] = compact_of(geojson)  # kept on disk by content: encoded once, not per process
    return publish_static(_COMPACT[digest], "", ".geo.json")


_COMPACT: dict[str, bytes] = {}  # GeoJSON hash -> its compact form (~20 KB; a few datasets per process)


def publish_names(geometry: MapGeometry) -> tuple[dict[str, str], dict[str, object]]:
    """The areas' names as the canvas layer's tooltips begin (``geo.maps.arealayer.name_tips``), served once as
    a static JSON list beside the geometry: ``({"names": url}, {"names": tips})`` for the base map and the
    restyles. A restyle of 14,000 blocks then sends no names (~350 KB less per change of indicator)."""
    import json

    from geo.maps.arealayer import name_tips

    names = geometry.frame["name"].astype(str).tolist()
    digest = hashlib.sha256("\x1f".join(names).encode()).hexdigest()
    if digest not in _NAMES:
        tips = name_tips(names)
        body = json.dumps(tips.tolist(), ensure_ascii=False).encode()
        _NAMES[digest] = (publish_static(body, "names-", ".json"), tips)
    url, tips = _NAMES[digest]
    return {"names": url}, {"names": tips}


_NAMES: dict[str, tuple[str, object]] = {}  # names' hash -> URL and tooltip column (a few datasets per process)


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
