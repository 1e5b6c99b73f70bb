"""What the pages say about the active dataset: municipality, year and unit level.

Imported datasets carry them in their provenance (``municipality``, ``year``,
``unit_label``; see ``python -m geo.ingest --municipality --unit-label``);
older imports fall back to the dataset name, the newest indicator year and
"Gebiete". The embedded dataset carries them in its data configuration
(``[display.<id>]`` in ``data/sources.toml``).
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.domain.timeseries import split_year
from geo.i18n import lang_index
from ui import cache
from ui.strings import t

__all__ = ["DatasetContext", "active_context", "merged_note", "page_title", "start_conditions", "start_indicators",
           "units_label"]


@dataclass(frozen=True)
class DatasetContext:
    place: str
    year: str
    units: str  # the areas in the municipality's own plural ("Planungsräume")
    embedded: bool
    titles: tuple[str, str] = ("", "")  # a title of its own (German, English); else the generic one
    merged_notes: tuple[str, str] = ("", "")  # a note of its own on merged areas; may name {n}
    start_indicators: tuple[str, ...] = ()  # what the analysis pages start with, from the data configuration
    start_conditions: tuple[tuple[str, str, float, bool], ...] = ()


def active_context() -> DatasetContext:
    dataset_id = cache.active_dataset_id()
    if dataset_id == cache.EMBEDDED:
        meta = cache.embedded_display()
        return DatasetContext(
            meta.municipality, meta.year, meta.unit_label, embedded=True,
            titles=(meta.title_de, meta.title_en), merged_notes=(meta.merged_note_de, meta.merged_note_en),
            start_indicators=meta.start_indicators, start_conditions=meta.start_conditions,
        )
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


def _own(texts: tuple[str, str], lang: str) -> str:
    return texts[lang_index(lang)] or texts[0]


def page_title(lang: str) -> str:
    """The map page's title for the active dataset."""
    context = active_context()
    return _own(context.titles, lang) or t("app_subtitle_any", lang, place=context.place,
                                           year=context.year or t("year_unknown", lang))


def units_label(lang: str) -> str:
    """The map's heading: "Karte: Planungsräume"."""
    return t("map_heading_any", lang, units=active_context().units)


def start_indicators(specs) -> list[str]:
    """The indicators the pages start with: the dataset's own (data configuration) when it has them all,
    else the first indicator in the newest year the data has."""
    from geo.domain.timeseries import newest

    own = list(active_context().start_indicators)
    return own if own and set(own) <= set(specs) else [newest(specs)]


def start_conditions(specs) -> list[tuple[str, str, float, bool]]:
    """The screening conditions the page starts with (indicator, op, threshold, relative), if the dataset has its own."""
    own = list(active_context().start_conditions)
    return own if own and {c[0] for c in own} <= set(specs) else []


def merged_note(n: int, lang: str) -> str:
    """The note on areas merged on the map, with the number ``n`` of areas the table and tiles show."""
    own = _own(active_context().merged_notes, lang)
    return own.format(n=n) if own else t("merged_note_any", lang, n=n)
