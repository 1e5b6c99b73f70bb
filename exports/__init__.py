"""Exports of a selection. One registry row per format; adding one is adding a row.

Every other document (network, projects, map view, classes, recipes) is listed with its file name
and formats in :data:`exports.registry.DOCUMENTS`.

>>> sorted(EXPORTERS)
['csv', 'geojson', 'pdf', 'xlsx']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from exports.geojson import to_geojson
from geo.i18n import in_language
from exports.model import DecisionRecord, SelectionExport, build_export
from exports.pdf import to_pdf
from exports.registry import DOCUMENTS, MIME
from exports.tabular import to_csv, to_xlsx

__all__ = ["DOCUMENTS", "EXPORTERS", "DecisionRecord", "Exporter", "SelectionExport", "build_export"]


@dataclass(frozen=True)
class Exporter:
    label_de: str
    label_en: str
    extension: str
    mime: str
    write: Callable[[SelectionExport], bytes]

    def label(self, lang: str = "de") -> str:
        return in_language(self, "label", lang)


EXPORTERS: Mapping[str, Exporter] = {
    "csv": Exporter("CSV (Excel)", "CSV (Excel)", "csv", MIME["csv"], to_csv),
    "xlsx": Exporter("Excel (XLSX)", "Excel (XLSX)", "xlsx", MIME["xlsx"], to_xlsx),
    "geojson": Exporter("GeoJSON", "GeoJSON", "geojson", MIME["geojson"], to_geojson),
    "pdf": Exporter("PDF-Bericht", "PDF report", "pdf", MIME["pdf"], to_pdf),
}
