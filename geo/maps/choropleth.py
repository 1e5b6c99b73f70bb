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

import pandas as pd

from geo.analysis.classify import NO_DATA_COLOUR, Classification, class_labels, classify, colours
from geo.analysis.compare import rank_scope
from geo.domain.dataset import UNIT_COLUMN, Dataset, MapGeometry
from geo.i18n import MessageError, tr
from geo.numbers import format_value
from geo.domain.indicators import IndicatorSpec
from geo.maps.leaflet import AreaStyle

__all__ = [
    "ChoroplethView",
    "LegendRow",
    "build_view",
    "details_table",
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
) -> dict[str, AreaStyle]:
    """Fill colour, selection outline and escaped tooltip for each map unit, by boundary key.

    ``selection`` holds area ids; a merged unit with only some of its areas
    selected gets a dashed outline and says how many.

    Everything per unit is looked up in dicts built once (class, colour, value
    text, member count), so the cost grows linearly with the number of units:
    a 14,000-cell grid imported as a dataset styles in well under a second.
    """
    lang = view.lang
    chosen = selected_units(dataset, selection)
    members = {str(u): int(n) for u, n in dataset.units.members.items()}
    values = view.unit_values.to_dict()
    classes = view.unit_classes.to_dict()
    palette = {i: c for i, c in enumerate(view.colours)}
    first_area = dataset.areas.index.to_series().groupby(dataset.areas[UNIT_COLUMN], sort=False).first().to_dict()
    texts: dict[float, str] = {}
    words = dataset.area_word(lang)  # the dataset's own word for the merged areas ("Stadtteilen"), from its data
    # tooltip_html's pieces, escaped once (the same text as tooltip_html gives)
    label, source = html.escape(view.spec.label(lang)), f"<small>{html.escape(view.spec.source)}</small>"
    not_computable = tr("map_not_computable_merged", lang)
    styles: dict[str, AreaStyle] = {}
    for key, name, raw_unit in zip(geometry.frame["key"], geometry.frame["name"], geometry.frame["unit"]):
        unit = raw_unit if isinstance(raw_unit, str) else None
        value = values.get(unit) if unit else None
        cls = int(classes.get(unit, -1)) if unit else -1
        count = members.get(unit, 0) if unit else 0
        missing = value is None or value != value  # NaN
        note = not_computable if missing and count > 1 else ""
        if count > 1:
            merged = tr("map_merged_from", lang, count=count, words=words)
            note = f"{merged}; {note}" if note else merged
        if count == 1 and missing and first_area.get(unit) in dataset.suppressed:  # this figure is hidden
            note = tr("map_not_published", lang, reason=dataset.suppressed[first_area[unit]])
        picked = chosen.get(unit, 0) if unit else 0
        if picked and count > 1:
            part = tr("map_picked_of", lang, picked=picked, count=count, words=words)
            note = f"{note}; {part}"
        text_key = None if missing else value
        if text_key not in texts:  # escaped once per distinct value: a city of blocks repeats them
            texts[text_key] = html.escape(view.value_text(None if missing else value))
        styles[str(key)] = AreaStyle(
            fill=palette.get(cls, NO_DATA_COLOUR),
            tooltip=(f"<b>{html.escape(name)}</b><br>{label}: {texts[text_key]}<br>"
                     + (f"<i>{html.escape(note)}</i><br>" if note else "") + source),
            selected=picked > 0,
            partial=0 < picked < count,
        )
    return styles


def tile_frame(view: ChoroplethView, dataset: Dataset, selection: Collection[str] = ()) -> pd.DataFrame:
    """One row per area for the tile map: position, name, colour, value, selection."""
    areas = dataset.areas.join(dataset.tiles, how="inner")
    classes = view.classification.classes.reindex(areas.index).fillna(-1).astype(int)
    return pd.DataFrame(
        {
            "area_id": areas.index,
            "row": areas["row"],
            "col": areas["col"],
            "name": areas["name"],
            "fill": [view.colour_of(c) for c in classes],
            "value_text": [view.value_text(v) for v in areas[view.spec.id]],
            "class_text": [view.legend[c].label if 0 <= c < len(view.legend) else "" for c in classes],
            "selected": areas.index.isin(list(selection)),
        }
    ).reset_index(drop=True)


def rank(values: pd.Series, key: str) -> tuple[int, int] | None:
    """Rank of ``key`` (1 = highest value) among the non-missing ``values``."""
    present = values.dropna()
    if key not in present.index:
        return None
    ranks = present.rank(ascending=False, method="min").astype(int)
    return int(ranks[key]), int(len(present))


def _derived_suffix(spec: IndicatorSpec, lang: str) -> str:
    if not spec.is_derived:
        return ""
    return tr("map_derived_suffix", lang)


def details_table(dataset: Dataset, unit: str, lang: str = "de") -> pd.DataFrame:
    """All indicators of one map unit: value, rank among map units, city value."""
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
                "city": fmt(dataset.city.get(spec.id)),
                "source": spec.source + _derived_suffix(spec, lang),
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
