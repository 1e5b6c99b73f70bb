"""Imported datasets on disk: save atomically, list with provenance, load, remove.

A dataset folder holds ``boundaries.gpkg`` (key, name, geometry in EPSG:4326),
``indicators.csv`` (one row per table key, German number format) and
``provenance.json`` (files, source, licence, who imported it and when, and
the reconciliation of table keys to boundary keys). Every boundary becomes an
area of its own; boundaries without statistics stay as "no data".
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.domain.dataset import UNIT_COLUMN, Dataset, MapGeometry, assemble, parent_level
from geo.domain.display import display_frame, to_geojson_bytes
from geo.domain.indicators import IndicatorSpec
from geo.domain.tilelayout import auto_layout
from geo.domain.timeseries import add_changes, split_year
from geo.i18n import MessageError
from geo.numbers import share as share_of
from geo.read.heuristics import published_decimals  # one rule for the import review and the stored specs
from geo.read.join import JoinReport
from geo.read.names import NameMatch
from geo.read.reconcile import Reconciliation
from geo.read.sources import BoundarySource, StatisticsSource
from geo.store import mirror
from geo.store.datastore import Editor, remove, write_dataset

__all__ = [
    "DATASET_FILES",
    "DatasetInfo",
    "files_stamp",
    "list_datasets",
    "load_dataset_folder",
    "parse_share_definitions",
    "published_decimals",
    "remove_dataset",
    "save_dataset",
    "slug",
]


def parse_share_definitions(text: str, columns: list[str]) -> list[dict[str, str]]:
    """"Anteil Ausländer=Ausländer/Einwohner; …" -> share definitions from count columns.

    On a long table (columns ``Ausländer@2019``, …) the share is defined for every year that has
    both counts (``Anteil Ausländer@2019``, …); the change between years follows on loading.
    Raises ``ValueError`` naming an unknown column, so a share is always numerator ÷ denominator
    of counts the table really has (and can therefore be recomputed when areas are merged).

    >>> [d["label"] for d in parse_share_definitions("A=x/y", ["x@2020", "y@2020", "x@2021", "y@2021"])]
    ['A@2020', 'A@2021']
    """
    shares = []
    bases = list(dict.fromkeys(split_year(c)[0] for c in columns))
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        label, _, formula = part.partition("=")
        numerator, _, denominator = formula.partition("/")
        label, numerator, denominator = label.strip(), numerator.strip(), denominator.strip()
        if not (label and numerator and denominator):
            raise MessageError("caterr_share_form", part=part)
        for column in (numerator, denominator):
            if column not in bases:
                raise MessageError("caterr_share_column", column=column, columns=", ".join(bases))
        if numerator in columns and denominator in columns:
            shares.append({"label": label, "numerator": numerator, "denominator": denominator})
            continue
        years = [y for c in columns if (y := split_year(c)[1]) is not None and split_year(c)[0] == numerator]
        shares += [
            {"label": f"{label}@{y}", "numerator": f"{numerator}@{y}", "denominator": f"{denominator}@{y}"}
            for y in years
            if f"{denominator}@{y}" in columns
        ]
    return shares

_SHARE_HINTS = ("anteil", "share", "quote", "%", "prozent")


def slug(text: str) -> str:
    """A folder- and id-safe name: "Anteil Ausländer 2023" -> "anteil-auslaender-2023"."""
    folded = text.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    return re.sub(r"-*@-*", "@", re.sub(r"[^a-z0-9@]+", "-", folded)).strip("-") or "dataset"  # "in %@2005": "in@2005"


DATASET_FILES = ("boundaries.gpkg", "indicators.csv", "provenance.json")


def files_stamp(paths: Iterable[Path]) -> str:
    """A version stamp of files: changes whenever one is written, replaced, added or removed.

    Made of each file's inode, modification time and size (no reading), so caches keyed on it
    load a re-imported dataset or grid on the next run, without a restart.
    """
    parts = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            parts.append(f"{path.name}:-")
            continue
        parts.append(f"{path.name}:{info.st_ino}:{info.st_mtime_ns}:{info.st_size}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class DatasetInfo:
    id: str
    folder: Path
    provenance: dict

    @property
    def version(self) -> str:
        """The stored files' version stamp (:func:`files_stamp`): the key of every cache of this dataset.

        A dataset built from the data configuration carries its own, made of its sources' content
        (:mod:`geo.store.builtin`): the same files give the same version in every data folder."""
        return str(self.provenance.get("version") or files_stamp(self.folder / name for name in DATASET_FILES))


def save_dataset(
    folder: Path,
    boundaries: gpd.GeoDataFrame,
    indicators: pd.DataFrame,
    reconciliation: Reconciliation,
    provenance: dict,
    *,
    editor: Editor,
    replace: bool = False,
) -> None:
    """Write a dataset folder atomically (see :mod:`geo.store.datastore`).

    Needs the ``editor`` who imports it; an existing dataset is replaced only
    with ``replace=True`` and kept as a restorable version.
    """
    document = {**provenance, "imported_by": editor.name if isinstance(editor, Editor) else "",
                "reconciliation": reconciliation.to_dict()}

    def write(staging: Path) -> None:
        boundaries[["key", "name", "geometry"]].to_file(staging / "boundaries.gpkg", driver="GPKG")
        indicators.rename_axis("key").to_csv(staging / "indicators.csv", sep=";", decimal=",")
        (staging / "provenance.json").write_text(
            json.dumps(document, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
        )

    write_dataset(folder.parent, folder.name, write, editor=editor, replace=replace)


def list_datasets(root: Path) -> list[DatasetInfo]:
    """Complete dataset folders under ``root`` (half-written ones start with a dot and are skipped)."""
    mirror.refresh(root)  # several server processes on one database: what the others saved, here too
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(root.iterdir()):
        meta = folder / "provenance.json"
        if folder.name.startswith(".") or not meta.is_file():
            continue
        try:
            provenance = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            # Listed all the same, so that its pages can say what is wrong instead of the app failing.
            provenance = {"name": folder.name, "unreadable": f"provenance.json: {exc}"}
        found.append(DatasetInfo(id=folder.name, folder=folder, provenance=provenance))
    return found


def remove_dataset(info: DatasetInfo, *, editor: Editor) -> None:
    """Remove an imported dataset (kept as a restorable version); needs the signed-in ``editor``."""
    remove(info.folder.parent, info.id, editor=editor)
    mirror.saved(info.folder)


def _spec(column: str, provenance: dict, values: pd.Series) -> IndicatorSpec:
    share = any(h in column.lower() for h in _SHARE_HINTS)
    declared = (provenance.get("decimals") or {}).get(column)
    # As published: declared on import, else read off the values ("16,9" -> 1), never fewer than a share's 1.
    decimals = int(declared) if declared is not None else max(published_decimals(values), 1 if share else 0)
    base, year = split_year(column)
    label = f"{base} ({year})" if year is not None else column
    # A published share beside its counts (recognised at import) is that share: its city value and
    # location quotient come from the counts. A share without its counts cannot be aggregated.
    counts = next((m for m in provenance.get("published_shares", []) if m.get("column") == base), None)
    suffix = f"@{year}" if year is not None else ""
    return IndicatorSpec(
        id=slug(column),
        label_de=label,
        label_en=label,
        unit_de="%" if share else "",
        unit_en="%" if share else "",
        kind="share" if counts else "value" if share else "count",
        numerator=slug(counts["numerator"] + suffix) if counts else None,
        denominator=slug(counts["denominator"] + suffix) if counts else None,
        decimals=decimals,  # as published; counts are whole people: "521", not "521,0"
        source=provenance.get("source") or provenance.get("indicators_file", ""),
        # The column's year, else the year stated at import; 0: unknown (never the import date).
        year=year if year is not None else int(provenance.get("year") or 0),
    )


def _data_years(years: list[int], provenance: dict) -> str:
    """The years the data describe ("2019–2023"), else the year stated at import; never the import date."""
    if years:
        return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    return str(provenance.get("year") or "")


def load_dataset_folder(info: DatasetInfo, display: gpd.GeoDataFrame | None = None,
                        geojson: bytes | None = None) -> tuple[Dataset, MapGeometry]:
    """The dataset and its map geometry from a saved folder; ``ValueError`` or a reader's error when damaged.

    ``display`` and ``geojson``: the display geometry of this version as stored
    (:mod:`geo.store.displaystore`), so that it is not simplified and encoded again."""
    provenance = info.provenance
    if "unreadable" in provenance:
        raise ValueError(provenance["unreadable"])
    boundaries = gpd.read_file(info.folder / "boundaries.gpkg")
    boundaries["key"] = boundaries["key"].astype(str)
    table = pd.read_csv(info.folder / "indicators.csv", sep=";", decimal=",", dtype={"key": str}).set_index("key")
    pairs = provenance.get("reconciliation", {}).get("pairs", {})
    parents = provenance.get("parents") or {}
    boundary_name = dict(zip(boundaries["key"], boundaries["name"].astype(str)))
    specs = {}
    if parents:
        # Finer areas (rows of the table) inside coarser boundaries: aggregated to them on the map.
        areas = pd.DataFrame(
            {
                "area_id": table.index.to_numpy(),
                "name": table.index.to_numpy(),
                "name_original": table.index.to_numpy(),
                "part": [parents.get(k, "") for k in table.index],
            },
            index=table.index.to_numpy(),
        )
        areas[UNIT_COLUMN] = [boundary_name.get(pairs.get(parents.get(k, ""), ""), None) for k in table.index]
        by_area = table
    else:
        # District rows taken as the parent level at import: the district of each area (by table key).
        districts = provenance.get("districts") or {}
        district_of = {pairs.get(k, k): v for k, v in districts.items()}
        areas = pd.DataFrame(
            {
                "area_id": boundaries["key"].to_numpy(),
                "name": boundaries["name"].astype(str).to_numpy(),
                "name_original": boundaries["name"].astype(str).to_numpy(),
                "part": [district_of.get(k, "") for k in boundaries["key"]],
            },
            index=boundaries["key"].to_numpy(),
        )
        areas[UNIT_COLUMN] = areas["name"]
        by_area = table.rename(index=pairs)
    for column in table.columns:
        spec = _spec(column, provenance, table[column])
        specs[spec.id] = spec
        areas[spec.id] = by_area[column].reindex(areas.index).astype(float)
    for share in provenance.get("shares", []):
        numerator, denominator = slug(share["numerator"]), slug(share["denominator"])
        key = slug(share["label"])
        base, year = split_year(share["label"])
        label = f"{base} ({year})" if year is not None else base
        specs[key] = IndicatorSpec(
            id=key, label_de=label, label_en=label, unit_de="%", unit_en="%", kind="share",
            numerator=numerator, denominator=denominator, decimals=1,
            source=f"abgeleitet: {split_year(share['numerator'])[0]} ÷ {split_year(share['denominator'])[0]}",
            year=specs[numerator].year,
            derived=f"{split_year(share['numerator'])[0]} / {split_year(share['denominator'])[0]}",
        )
        areas[key] = share_of(areas[numerator], areas[denominator])
    # Shares first: a dataset opens on a share when it has one (counts depend on area size).
    specs = dict(sorted(specs.items(), key=lambda item: item[1].unit_de != "%"))
    areas, specs = add_changes(areas, specs)
    points = boundaries.to_crs(boundaries.estimate_utm_crs()).representative_point()
    where = dict(zip(boundaries["name"].astype(str), zip(points.x, points.y)))
    # Areas without own geometry sit at their unit's point (kept in table order).
    xy = [where.get(unit, (float("nan"), float("nan"))) for unit in areas[UNIT_COLUMN]]
    tiles = auto_layout(pd.DataFrame(xy, columns=["x", "y"], index=areas.index).fillna(0.0))
    areas_years = sorted({y for key in specs if (y := split_year(key)[1]) is not None})
    source = StatisticsSource(
        id=info.id,
        file=provenance.get("indicators_file", ""),
        title_de=provenance.get("name", info.id),
        title_en=provenance.get("name", info.id),
        source=provenance.get("source") or provenance.get("indicators_file", ""),
        date=_data_years(areas_years, provenance),  # the data's years ("Stand"), never the day of the import
        licence_de=provenance.get("licence", ""),
        licence_en=provenance.get("licence", ""),
        tiles="",
    )
    dataset = replace(assemble(areas, specs, tiles, source), parent=parent_level(provenance.get("parent_level")))
    if display is None:
        display = display_frame(boundaries[["key", "name", "geometry"]])
        display["unit"] = display["name"]
        geojson = None
    frame = display[["key", "name", "unit", "geometry"]]
    boundary_source = BoundarySource(
        id=info.id,
        title_de=provenance.get("boundaries_file", ""),
        title_en=provenance.get("boundaries_file", ""),
        url="",
        page=provenance.get("boundaries_file", ""),
        filename=provenance.get("boundaries_file", ""),
        sha256="",
        attribution=provenance.get("source") or provenance.get("boundaries_file", ""),
        licence_de=provenance.get("licence", ""),
        licence_en=provenance.get("licence", ""),
        key_field="key",
        name_field="name",
        expected_features=len(boundaries),
    )
    reconciliation = provenance.get("reconciliation", {})
    report = JoinReport(
        matches=tuple(NameMatch(k, v, reconciliation.get("method", "id"), 1.0) for k, v in pairs.items()),
        unmatched_table=tuple(reconciliation.get("unmatched_table", [])),
        unmatched_boundaries=tuple(reconciliation.get("unmatched_boundaries", [])),
    )
    geometry = MapGeometry(frame=frame, geojson=geojson or to_geojson_bytes(frame), report=report,
                           source=boundary_source)
    return dataset, geometry
