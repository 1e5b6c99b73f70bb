"""Reading a dataset folder built from a data configuration (:mod:`geo.store.builtin`).

Such a folder holds the area table itself (``areas.csv``: one row per area, its map unit in the
``unit`` column, e.g. the nine Stadtteile of a Kernstadt drawn as one map unit), its indicator
table (``indicator_specs.csv``), its tile layout (``tiles.csv``) and the official boundary file
named in ``provenance.json``. What is particular to the dataset is in those files, not in code.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from geo.domain.dataset import Dataset, MapGeometry, load_area_dataset, load_map_geometry
from geo.domain.display import DisplayQuality, display_quality
from geo.read.boundaries import BoundaryError, read_boundaries
from geo.read.sources import BoundarySource, StatisticsSource

__all__ = ["AREA_TABLE", "boundary_file", "is_described", "load_described", "read_folder_boundaries"]

AREA_TABLE = "areas.csv"


def is_described(folder: Path) -> bool:
    """Whether the folder holds its own area table (built from a data configuration)."""
    return (folder / AREA_TABLE).is_file()


def boundary_file(folder: Path, provenance: dict) -> tuple[Path, BoundarySource] | None:
    """The folder's official boundary file and its source, or ``None`` when it was not available at set-up."""
    described = provenance.get("boundary_source")
    if not described or not provenance.get("boundaries_file"):
        return None
    source = BoundarySource(**described)
    path = folder / source.filename
    return (path, source) if path.is_file() else None


def read_folder_boundaries(folder: Path, provenance: dict) -> gpd.GeoDataFrame | None:
    """The map units (``key``, ``name``, geometry in EPSG:4326), or ``None`` without boundaries."""
    found = boundary_file(folder, provenance)
    return None if found is None else read_boundaries(found[0], found[1].key_field, found[1].name_field)


def load_described(
    folder: Path, provenance: dict
) -> tuple[Dataset, MapGeometry | None, DisplayQuality | None, str | None]:
    """The dataset, its map geometry and its display quality, and why there is no geometry (or ``None``)."""
    source = StatisticsSource(**provenance["statistics"])
    dataset = load_area_dataset(folder / AREA_TABLE, folder / "indicator_specs.csv", folder / "tiles.csv", source,
                                provenance.get("area_words"), provenance.get("parent_level"))
    found = boundary_file(folder, provenance)
    if found is None:
        return dataset, None, None, provenance.get("boundaries_problem")
    path, boundary_source = found
    try:
        geometry = load_map_geometry(path, boundary_source, dataset)
        original = read_boundaries(path, boundary_source.key_field, boundary_source.name_field)
    except BoundaryError as exc:
        return dataset, None, None, str(exc)
    return dataset, geometry, display_quality(original, geometry.frame), None
