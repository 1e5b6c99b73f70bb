"""What the pages say about the active dataset: municipality, year and unit level.

Every dataset carries them in its ``provenance.json`` (imported: ``municipality``, ``year``,
``unit_label``, see ``python -m geo.ingest --municipality --unit-label``; built from the data
configuration: its ``[display.<id>]`` table in ``data/sources.toml``); older imports fall back to
the dataset name, the newest indicator year and "Gebiete" (:func:`geo.store.datasets.open_info`).
"""

from __future__ import annotations

from dataclasses import dataclass


from geo.i18n import localized
from ui.shell import cache
from ui.shell.strings import t

__all__ = ["DatasetContext", "active_context", "merged_note", "page_title", "start_conditions", "start_indicators",
           "units_label"]


@dataclass(frozen=True)
class DatasetContext:
    place: str
    year: str
    units: str  # the areas in the municipality's own plural ("Planungsräume")
    unit_one: str = ""  # one of them ("Ortsbezirk"); else the plural is used
    units_en: str = ""  # the same for the English pages (data configuration: unit_label_en, unit_one_en)
    unit_one_en: str = ""
    titles: tuple[str, str] = ("", "")  # a title of its own (German, English); else the generic one
    merged_notes: tuple[str, str] = ("", "")  # a note of its own on merged areas; may name {n}
    start_indicators: tuple[str, ...] = ()  # what the analysis pages start with, from the data configuration
    start_conditions: tuple[tuple[str, str, float, bool], ...] = ()

    def units_in(self, lang: str) -> str:
        """The areas' plural in the reader's language ("Ortsbezirke", "local districts")."""
        return localized(self.units, self.units_en, lang)

    def one_in(self, lang: str) -> str:
        """One area in the reader's language ("Ortsbezirk", "local district"); else the plural."""
        return localized(self.unit_one or self.units, self.unit_one_en or self.units_in("en"), lang)


def active_context() -> DatasetContext:
    """The active dataset's texts (``geo.store.datasets.open_dataset(...).display``), the same way for every dataset."""
    meta = cache.display()
    return DatasetContext(
        meta.municipality, meta.year, meta.unit_label, unit_one=meta.unit_one,
        units_en=meta.units("en"), unit_one_en=meta.one("en"),
        titles=(meta.title_de, meta.title_en), merged_notes=(meta.merged_note_de, meta.merged_note_en),
        start_indicators=meta.start_indicators, start_conditions=meta.start_conditions,
    )


def _own(texts: tuple[str, str], lang: str) -> str:
    return localized(*texts, lang)


def page_title(lang: str) -> str:
    """The map page's title for the active dataset."""
    context = active_context()
    return _own(context.titles, lang) or t("app_subtitle_any", lang, place=context.place,
                                           year=context.year or t("year_unknown", lang))


def units_label(lang: str) -> str:
    """The map's heading: "Karte: Planungsräume"."""
    return t("map_heading_any", lang, units=active_context().units_in(lang))


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
