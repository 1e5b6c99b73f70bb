"""From a dataset and the user's choices to what the map page shows.

Classes are computed once, on the statistical areas (the level where the
figures were published), and the same bins colour the map units and the tile
map, so a colour means the same value range everywhere. A map unit that is the
sum of several areas (the Kernstadt) can lie above the top bin for counts; it
then takes the top class and the legend says so.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from geo.analysis.classify import NO_DATA_COLOUR, Classification, class_labels, classify, colours
from geo.analysis.compare import rank_scope
from geo.domain.dataset import UNIT_COLUMN, Dataset, MapGeometry
from geo.i18n import MessageError, tr
from geo.numbers import format_value, format_values
from geo.domain.indicators import IndicatorSpec
from geo.maps.arealayer import StyleColumns, name_tips

__all__ = [
    "ChoroplethView",
    "LegendRow",
    "build_view",
    "all_equal",
    "details_table",
    "distinct_sources",
    "map_styles",
    "rank",
    "selected_units",
    "tile_frame",
]


@dataclass(frozen=True)
class LegendRow:
    colour: str
    label: str
    count: int


@dataclass(frozen=True)
class ChoroplethView:
    spec: IndicatorSpec
    classification: Classification
    colours: tuple[str, ...]
    legend: tuple[LegendRow, ...]
    unit_values: pd.Series
    unit_classes: pd.Series
    units_above_top: tuple[str, ...]
    lang: str
    missing: int = 0  # areas without a value ("keine Daten")
    value_range: tuple[float, float] = (float("nan"), float("nan"))  # smallest and largest area value

    @property
    def one_class(self) -> bool:
        """All areas with a value fall into one class: the map shows one colour and says nothing."""
        return sum(row.count > 0 for row in self.legend) == 1 and sum(row.count for row in self.legend) > 1

    def colour_of(self, cls: int) -> str:
        return self.colours[cls] if cls >= 0 else NO_DATA_COLOUR

    def value_text(self, value: float | None) -> str:
        missing = tr("map_no_data", self.lang)
        if value is None or value != value:  # NaN
            return missing
        return _formatted(float(value), self.spec.decimals, self.spec.unit(self.lang), self.lang)

    def value_texts(self, values: Sequence[float]) -> list[str]:
        """:meth:`value_text` of many values at once (``geo.numbers.format_values``: thousands of distinct
        values on a change of indicator of a city of blocks), each text kept for the next run."""
        missing = tr("map_no_data", self.lang)
        unit = self.spec.unit(self.lang)
        known = _TEXTS.setdefault((self.spec.decimals, unit, self.lang), {})
        new = [v for v in dict.fromkeys(values) if v is not None and v == v and v not in known]  # v == v: not NaN
        if len(known) + len(new) > _MAX_TEXTS:
            known.clear()
        known.update(zip(new, format_values(new, self.spec.decimals, unit, self.lang)))
        return [known[v] if v == v and v is not None else missing for v in values]


# value -> text per (decimals, unit, language): a city of blocks repeats its values run after run
_TEXTS: dict[tuple[int, str, str], dict[float, str]] = {}
_MAX_TEXTS = 200_000


@lru_cache(maxsize=65536)
def _formatted(value: float, decimals: int, unit: str, lang: str) -> str:
    # Babel takes ~0.1 ms per number; a city of 14,000 blocks repeats few distinct values per run.
    return format_value(value, decimals, unit, lang)


def build_view(
    dataset: Dataset,
    indicator: str,
    scheme: str = "quantiles",
    k: int = 5,
    palette: str = "YlGnBu",
    bins: Sequence[float] | None = None,
    lang: str = "de",
) -> ChoroplethView:
    """Classify ``indicator`` on the areas and apply the bins to the map units."""
    if indicator not in dataset.specs:
        raise MessageError("maperr_indicator", indicator=repr(indicator), valid=", ".join(dataset.specs))
    spec = dataset.specs[indicator]
    classification = classify(dataset.areas[indicator], scheme=scheme, k=k, bins=bins)
    palette_colours = tuple(colours(palette, classification.k))
    labels = class_labels(classification, spec.decimals, spec.unit(lang), lang)
    legend = tuple(
        LegendRow(c, label, n)
        for c, label, n in zip(palette_colours, labels, classification.counts)
    )
    unit_values = dataset.units.table[indicator]
    above = unit_values > classification.bins[-1]
    return ChoroplethView(
        spec=spec,
        classification=classification,
        colours=palette_colours,
        legend=legend,
        unit_values=unit_values,
        unit_classes=classification.assign(unit_values),
        units_above_top=tuple(unit_values.index[above.fillna(False)]),
        lang=lang,
        missing=int(dataset.areas[indicator].isna().sum()),
        value_range=(float(dataset.areas[indicator].min()), float(dataset.areas[indicator].max())),
    )


def selected_units(dataset: Dataset, area_ids: Collection[str]) -> dict[str, int]:
    """Map units touched by the selection, with the number of selected areas in each."""
    units: dict[str, int] = {}
    for area in area_ids:
        if area in dataset.areas.index:
            unit = dataset.unit_of(area)
            units[unit] = units.get(unit, 0) + 1
    return units


def map_styles(
    view: ChoroplethView, dataset: Dataset, geometry: MapGeometry, selection: Collection[str] = ()
) -> StyleColumns:
    """Fill colour, selection outline and escaped tooltip for each map unit, by boundary key.

    ``selection`` holds area ids; a merged unit with only some of its areas
    selected gets a dashed outline and says how many.

    Built column by column (:class:`geo.maps.arealayer.StyleColumns`, a mapping of key ->
    ``AreaStyle``): values, classes and counts are looked up for all units at once, each distinct
    value is formatted once, and only the units that need a note (merged, hidden, without a value)
    are visited one by one. A city of 14,000 blocks styles in a few tens of milliseconds.
    """
    lang = view.lang
    frame = geometry.frame
    raw_units = frame["unit"].to_numpy(dtype=object)
    units = pd.Index([u if isinstance(u, str) else None for u in raw_units], dtype=object)
    values = view.unit_values.reindex(units).to_numpy(dtype=float, na_value=np.nan)
    classes = view.unit_classes.reindex(units).fillna(-1).to_numpy(dtype=np.int64)
    counts = dataset.units.members.reindex(units).fillna(0).to_numpy(dtype=np.int64)
    chosen = selected_units(dataset, selection)
    picked = pd.Series(chosen, dtype="int64").reindex(units).fillna(0).to_numpy(dtype=np.int64)
    palette = np.array([*view.colours, NO_DATA_COLOUR], dtype=object)  # class -1 (no value): the last
    fill = palette[np.where((classes >= 0) & (classes < len(view.colours)), classes, len(view.colours))]
    missing = np.isnan(values)
    # each distinct value formatted and escaped once: a city of blocks repeats them
    distinct = pd.unique(values[~missing]).tolist()
    texts = dict(zip(distinct, (html.escape(text) for text in view.value_texts(distinct))))
    label = html.escape(view.spec.label(lang))
    value_texts = np.full(len(values), f"{label}: {html.escape(view.value_text(None))}", dtype=object)
    value_texts[~missing] = [f"{label}: {texts[v]}" for v in values[~missing].tolist()]
    names = name_tips(frame["name"].tolist())
    notes = np.full(len(values), None, dtype=object)
    hidden = (dataset.areas.index.to_series().groupby(dataset.areas[UNIT_COLUMN], sort=False).first().to_dict()
              if dataset.suppressed and (missing & (counts == 1)).any() else {})  # unit -> its one area
    for i in np.flatnonzero(missing | (counts > 1) | (picked > 0)).tolist():
        note = _note(dataset, lang, units[i], bool(missing[i]), int(counts[i]), int(picked[i]), hidden)
        notes[i] = f"<i>{html.escape(note)}</i>" if note else None
    source = np.full(len(values), f"<small>{html.escape(view.spec.source_text(lang))}</small>", dtype=object)
    return StyleColumns(
        ids=np.array([str(k) for k in frame["key"].tolist()], dtype=object),
        fill=fill,
        selected=picked > 0,
        partial=(picked > 0) & (picked < counts),
        tips=(names, value_texts, notes, source),
    )


def _note(dataset: Dataset, lang: str, unit: str | None, missing: bool, count: int, picked: int,
          first_area: Mapping[str, str]) -> str:
    """What a unit's tooltip adds in italics: merged from how many areas, why a figure is missing, how many picked."""
    if unit is None:
        return ""
    words = dataset.area_word(lang)  # the dataset's own word for the merged areas ("Stadtteilen")
    note = ""
    if missing and count > 1:
        note = tr("map_not_computable_merged", lang)
    if count > 1:
        merged = tr("map_merged_from", lang, count=count, words=words)
        note = f"{merged}; {note}" if note else merged
    if count == 1 and missing:
        first = first_area.get(unit)
        if first in dataset.suppressed:  # this figure is hidden
            note = tr("map_not_published", lang, reason=dataset.suppressed[first])
    if picked and count > 1:
        note = f"{note}; " + tr("map_picked_of", lang, picked=picked, count=count, words=words)
    return note


def tile_frame(view: ChoroplethView, dataset: Dataset, selection: Collection[str] = ()) -> pd.DataFrame:
    """One row per area for the tile map: position, name, colour, value, selection."""
    areas = dataset.areas.join(dataset.tiles, how="inner")
    classes = view.classification.classes.reindex(areas.index).fillna(-1).astype(int).to_numpy()
    fills = np.array([view.colour_of(c) for c in range(len(view.colours))] + [NO_DATA_COLOUR], dtype=object)
    labels = np.array([view.legend[c].label for c in range(len(view.legend))] + [""], dtype=object)
    values = areas[view.spec.id].to_numpy(dtype=float, na_value=np.nan)
    missing = view.value_text(None)
    distinct = pd.unique(values[~np.isnan(values)]).tolist()
    texts = dict(zip(distinct, view.value_texts(distinct)))  # each value formatted once
    return pd.DataFrame(
        {
            "area_id": areas.index,
            "row": areas["row"],
            "col": areas["col"],
            "name": areas["name"],
            "fill": fills[np.where((classes >= 0) & (classes < len(view.colours)), classes, len(view.colours))],
            "value_text": [missing if v != v else texts[v] for v in values.tolist()],  # v != v: NaN
            "class_text": labels[np.where((classes >= 0) & (classes < len(view.legend)), classes, len(view.legend))],
            "selected": areas.index.isin(list(selection)),
        }
    ).reset_index(drop=True)


def rank(values: pd.Series, key: str) -> tuple[int, int] | None:
    """Rank of ``key`` (1 = highest value) among the non-missing ``values``; None when ``key`` has no
    value or all values are equal (every area 0: "Rang 1 von 18" would say nothing)."""
    present = values.dropna()
    if key not in present.index or all_equal(present):
        return None
    ranks = present.rank(ascending=False, method="min").astype(int)
    return int(ranks[key]), int(len(present))


def all_equal(values: pd.Series) -> bool:
    """True when the non-missing ``values`` are two or more and all the same (no order among them)."""
    present = values.dropna()
    return len(present) > 1 and present.nunique() == 1


def distinct_sources(sources: Sequence[str]) -> list[str]:
    """The sources once each, in order, leaving out one that only extends another listed
    ("Amt, 2016 (abgeleitet)" beside "Amt, 2016"): the details name each source once.

    >>> distinct_sources(["Amt, 2016", "Amt, 2016 (abgeleitet)", "Projekte", "Projekte, Einwohner abgeleitet"])
    ['Amt, 2016', 'Projekte']
    """
    unique = list(dict.fromkeys(s for s in sources if s))
    return [s for s in unique if not any(s != other and s.startswith(other) for other in unique)]


def _derived_suffix(spec: IndicatorSpec, lang: str) -> str:
    if not spec.is_derived:
        return ""
    return tr("map_derived_suffix", lang)


def details_table(dataset: Dataset, unit: str, lang: str = "de") -> pd.DataFrame:
    """All indicators of one map unit: value, rank among map units, city value.

    ``equal``: all map units have the same value (every one 0): no rank is given ("–").
    """
    rows = []
    single = dataset.units.members.get(unit, 0) == 1
    area_id = dataset.areas_in(unit)[0] if single else None
    for spec in dataset.specs.values():
        values = dataset.units.table[spec.id]
        value = values.get(unit)
        position = rank(values, unit)
        unit_text = spec.unit(lang)
        fmt = lambda v: format_value(v, spec.decimals, unit_text, lang)  # noqa: E731
        rank_text = tr("map_rank_of", lang, rank=position[0], of=position[1]) if position else "–"
        area_position = rank(dataset.areas[spec.id], area_id) if area_id else None
        scope = rank_scope(dataset, spec.id)[0]  # "own": defined only on areas with a boundary of their own
        area_rank_text = tr("map_rank_of", lang, rank=area_position[0], of=area_position[1]) if area_position else "–"
        label = spec.label(lang)
        rows.append(
            {
                "indicator": label,
                "value": fmt(value),
                "rank": rank_text,
                "rank_areas": area_rank_text,
                "rank_scope": scope,
                "equal": all_equal(values),
                "city": fmt(dataset.city.get(spec.id)),
                "source": spec.source_text(lang) + _derived_suffix(spec, lang),
            }
        )
    return pd.DataFrame(rows)


def view_snapshot(
    view: ChoroplethView,
    dataset: Dataset,
    geometry: MapGeometry,
    selection: Collection[str],
    title: str,
    subtitle: str,
    sources: Sequence[str],
    decision: Sequence[tuple[str, str]] = (),
    area_rationales: Sequence[tuple[str, str]] = (),
    notes: Sequence[str] = (),
    labels: bool = True,
    quarters: Sequence[tuple[str, Mapping]] = (),
):
    """The current map view as a :class:`geo.maps.standalone.ViewSnapshot` for HTML/PNG export; ``quarters``
    are the self-drawn quarters in the selection (name, GeoJSON geometry in EPSG:4326)."""
    from geo.maps.staticmap import dataset_tiles
    from geo.maps.standalone import ViewSnapshot

    lang = view.lang
    # The second column: the areas' districts on the dataset's declared parent level, headed by its name
    # ("Ortsbezirk", "Stadtbezirk"); without one the map unit an area is part of.
    part_header = dataset.parent.one(lang) if dataset.parent is not None else tr("map_col_part_of", lang)
    header = [tr("map_col_area", lang), part_header, view.spec.label(lang)]
    areas = dataset.areas
    parts = dataset.parents() if dataset.parent is not None else areas["unit"]
    rows = [[name, part, view.value_text(value)]
            for name, part, value in zip(areas["name"], parts, areas[view.spec.id])]
    return ViewSnapshot(
        title=title,
        subtitle=subtitle,
        frame=geometry.frame,
        geojson=geometry.geojson,
        styles=map_styles(view, dataset, geometry, selection),
        legend=[(r.colour, r.label, r.count) for r in view.legend],
        legend_title=view.spec.label(lang),
        table_header=header,
        table_rows=rows,
        sources=list(sources),
        lang=lang,
        decision=list(decision),
        area_rationales=list(area_rationales),
        notes=list(notes),
        labels=labels,
        tiles=dataset_tiles(dataset, selection),
        quarters=[(str(name), geometry) for name, geometry in quarters],
    )
