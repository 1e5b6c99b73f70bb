"""What the pages say about the active dataset: municipality, year and unit level.

Imported datasets carry them in their provenance (``municipality``, ``year``,
``unit_label``; see ``python -m geo.ingest --municipality --unit-label``);
older imports fall back to the dataset name, the newest indicator year and
"Gebiete". The embedded dataset is Kaiserslautern 2016 with its Ortsbezirke.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.domain.timeseries import split_year
from ui import cache
from ui.strings import t

__all__ = ["DatasetContext", "active_context", "page_title", "units_label"]


@dataclass(frozen=True)
class DatasetContext:
    place: str
    year: str
    units: str  # the areas in the municipality's own plural ("Planungsräume")
    embedded: bool


def active_context() -> DatasetContext:
    dataset_id = cache.active_dataset_id()
    if dataset_id == cache.EMBEDDED:
        return DatasetContext("Kaiserslautern", "2016", "Ortsbezirke", embedded=True)
    info = next(d for d in cache.imported_datasets() if d.id == dataset_id)
    p = info.provenance
    years = [y for key in cache.base_dataset().specs if (y := split_year(key)[1]) is not None]
    year = p.get("year") or (max(years) if years else "")  # "": unknown, never the import date
    return DatasetContext(
        place=str(p.get("municipality") or p.get("name") or dataset_id),
        year=str(year),
        units=str(p.get("unit_label") or "Gebiete"),
        embedded=False,
    )


def page_title(lang: str) -> str:
    """The map page's title for the active dataset."""
    context = active_context()
    if context.embedded:
        return t("app_subtitle", lang)
    return t("app_subtitle_any", lang, place=context.place, year=context.year or t("year_unknown", lang))


def units_label(lang: str) -> str:
    context = active_context()
    return t("map_heading", lang) if context.embedded else t("map_heading_any", lang, units=context.units)
