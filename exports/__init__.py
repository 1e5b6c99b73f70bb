"""Exports of a selection. One registry row per format; adding one is adding a row.

>>> sorted(EXPORTERS)
['csv', 'geojson', 'pdf', 'xlsx']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from exports.geojson import to_geojson
from exports.model import DecisionRecord, SelectionExport, build_export
from exports.pdf import to_pdf
from exports.tabular import to_csv, to_xlsx

__all__ = ["EXPORTERS", "DecisionRecord", "Exporter", "SelectionExport", "build_export"]


@dataclass(frozen=True)
class Exporter:
    label_de: str
    label_en: str
    extension: str
    mime: str
    write: Callable[[SelectionExport], bytes]

    def label(self, lang: str = "de") -> str:
        return self.label_de if lang == "de" else self.label_en


EXPORTERS: Mapping[str, Exporter] = {
    "csv": Exporter("CSV (Excel)", "CSV (Excel)", "csv", "text/csv", to_csv),
    "xlsx": Exporter("Excel (XLSX)", "Excel (XLSX)", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
    "geojson": Exporter("GeoJSON", "GeoJSON", "geojson", "application/geo+json", to_geojson),
    "pdf": Exporter("PDF-Bericht", "PDF report", "pdf", "application/pdf", to_pdf),
}
