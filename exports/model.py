"""What every export of a selection carries: values, rationale, method, sources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import geopandas as gpd
import pandas as pd

from geo.compare import selection_total
from geo.dataset import Dataset, MapGeometry
from geo.indicators import IndicatorSpec

__all__ = ["SelectionExport", "build_export"]

TOTAL_ROW = "Auswahl gesamt"
CITY_ROW = "Gesamtstadt"


@dataclass(frozen=True)
class SelectionExport:
    name: str
    author: str
    created: datetime
    rationale: str
    area_rationales: Mapping[str, str]
    area_ids: tuple[str, ...]
    table: pd.DataFrame  # one row per selected area, then the selection total and the city
    specs: tuple[IndicatorSpec, ...]
    method: Mapping[str, object]
    sources: tuple[str, ...]
    units: gpd.GeoDataFrame | None  # map units with geometry (None when boundaries are missing)
    unit_of: Mapping[str, str] = field(default_factory=dict)
    unit_members: Mapping[str, int] = field(default_factory=dict)

    @property
    def date_text(self) -> str:
        return self.created.strftime("%d.%m.%Y %H:%M")


def build_export(
    dataset: Dataset,
    area_ids: Sequence[str],
    name: str,
    author: str,
    created: datetime,
    rationale: str = "",
    area_rationales: Mapping[str, str] | None = None,
    method: Mapping[str, object] | None = None,
    geometry: MapGeometry | None = None,
) -> SelectionExport:
    """Collect the figures of ``area_ids`` (raises ``SelectionError`` when empty)."""
    total = selection_total(dataset, area_ids)
    ids = list(dict.fromkeys(area_ids))
    specs = tuple(dataset.specs.values())
    rows = []
    for area in ids:
        row = {"area_id": area, "name": dataset.areas.loc[area, "name"], "part": dataset.areas.loc[area, "ortsbezirk"]}
        row.update({s.id: float(dataset.areas.loc[area, s.id]) for s in specs})
        rows.append(row)
    rows.append({"area_id": "", "name": TOTAL_ROW, "part": "", **{s.id: float(total[s.id]) for s in specs}})
    rows.append({"area_id": "", "name": CITY_ROW, "part": "", **{s.id: float(dataset.city[s.id]) for s in specs}})
    sources = [f"Statistik: {dataset.source.source} ({dataset.source.title_de})"]
    sources += [
        f"{s.label_de}: abgeleitet ({s.derived}), mit Rundungsfehler der veröffentlichten Anteile"
        for s in specs
        if s.is_derived
    ]
    sources.append(
        "Anteile der Zeile „Auswahl gesamt“ sind aus den Anzahlen neu berechnet, nicht gemittelt; "
        "nicht veröffentlichte Zählwerte ergeben keinen Wert."
    )
    if geometry is not None:
        sources.append(
            f"Grenzen: {geometry.source.attribution} ({geometry.source.page}); für die Anzeige vereinfacht"
        )
    units = None
    if geometry is not None:
        units = geometry.frame[["key", "name", "unit", "geometry"]].copy()
    return SelectionExport(
        name=name,
        author=author,
        created=created,
        rationale=rationale,
        area_rationales=dict(area_rationales or {}),
        area_ids=tuple(ids),
        table=pd.DataFrame(rows),
        specs=specs,
        method=dict(method or {}),
        sources=tuple(sources),
        units=units,
        unit_of={a: dataset.unit_of(a) for a in ids},
        unit_members={str(k): int(v) for k, v in dataset.units.members.items()},
    )


def method_lines(export: SelectionExport) -> list[tuple[str, str]]:
    """Key/value lines describing how the selection was made."""
    lines = [
        ("Auswahl", export.name),
        ("Autor/in", export.author),
        ("Stand", export.date_text),
        ("Begründung", export.rationale),
    ]
    for key, value in export.method.items():
        lines.append((str(key), value if isinstance(value, str) else repr(value)))
    return lines
