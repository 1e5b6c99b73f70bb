"""Exports of a selection. One registry row per format; adding one is adding a row.

>>> sorted(EXPORTERS)
['csv', 'geojson', 'pdf', 'xlsx']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from exports.geojson import to_geojson
from exports.model import SelectionExport, build_export
from exports.pdf import to_pdf
from exports.tabular import to_csv, to_xlsx

__all__ = ["EXPORTERS", "Exporter", "SelectionExport", "build_export"]


@dataclass(frozen=True)
class Exporter:
    label: str
    extension: str
    mime: str
    write: Callable[[SelectionExport], bytes]


EXPORTERS: Mapping[str, Exporter] = {
    "csv": Exporter("CSV (Excel, deutsch)", "csv", "text/csv", to_csv),
    "xlsx": Exporter("Excel (XLSX)", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
    "geojson": Exporter("GeoJSON", "geojson", "application/geo+json", to_geojson),
    "pdf": Exporter("PDF-Bericht", "pdf", "application/pdf", to_pdf),
}
