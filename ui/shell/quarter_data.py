"""Self-drawn quarters as data for a page: which are visible, their figures, and their place in the selection.

The ids of the saved quarters in the selection are the view parameter ``q`` (the share link,
ui/shell/state.py) and are stored with saved selection versions. In public mode only published quarters
with at least ``min_residents`` residents are visible, whatever a link names. The comparison rows
and the export rows mark each quarter as self-drawn. Drawing and saving: ui/views/quarterdrawing.py.
"""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy.exc import SQLAlchemyError

from exports.model import QUARTER_PREFIX, QuarterRow
from geo.analysis.disclosure import RESIDENTS
from geo.analysis.quarters import QuarterError, QuarterFigures, quarter_figures
from geo.domain.dataset import Dataset, MapGeometry
from geo.numbers import format_value
from storage.quarters import StoredQuarter, list_quarters
from ui.shell import cache, state
from ui.shell.markdown import md_escape
from ui.shell.strings import t

__all__ = [
    "chosen_quarters",
    "comparison_rows",
    "dataset_id",
    "district_counts",
    "district_residents",
    "export_rows",
    "indicator_frame",
    "methods",
    "quarter_figures_of",
    "quarter_names",
    "selected_quarters",
    "set_selected_quarters",
    "toggle_quarter",
    "visible_quarters",
]

_FOREIGN = re.compile(r"auslaend|foreign")


def selected_quarters() -> list[int]:
    """Ids of the saved quarters in the selection (the share link's ``q``)."""
    return [int(i) for i in state.value("q")]


def set_selected_quarters(ids) -> None:
    """Put exactly these saved quarters into the selection (a loaded or restored selection version)."""
    state.keep("q", [int(i) for i in dict.fromkeys(ids)])


def quarter_names(data: Dataset, geometry: MapGeometry | None, ids) -> list[str]:
    """Names (plain text) of the saved quarters ``ids`` that this session may see, in order."""
    if geometry is None or not ids:
        return []
    names = {q.id: q.name for q in visible_quarters(data, geometry)}
    return [names[i] for i in ids if i in names]


def toggle_quarter(quarter_id: int) -> None:
    ids = selected_quarters()
    state.keep("q", [i for i in ids if i != quarter_id] if quarter_id in ids else [*ids, quarter_id])


def dataset_id() -> str:
    return cache.active_dataset_id()


def _count_ids(data: Dataset) -> tuple[str | None, str | None]:
    """The dataset's residents and foreigners count indicators (for the estimate without a grid)."""
    residents = next((s.id for s in data.specs.values() if s.kind == "count" and RESIDENTS.match(s.id)), None)
    foreigners = next(
        (s.numerator for s in data.specs.values()
         if s.kind == "share" and s.denominator == residents and s.numerator and _FOREIGN.search(s.numerator)),
        None,
    )
    return residents, foreigners


def _share_id(data: Dataset, residents: str | None, foreigners: str | None) -> str | None:
    return next((s.id for s in data.specs.values()
                 if s.kind == "share" and s.numerator == foreigners and s.denominator == residents), None)


def district_counts(data: Dataset, geometry: MapGeometry) -> gpd.GeoDataFrame:
    """Map units with ``name`` and, where the dataset has them, ``population`` and ``foreigners`` counts."""
    frame = geometry.frame[["name", "unit", "geometry"]].copy()
    residents, foreigners = _count_ids(data)
    table = data.units.table
    if residents in table and foreigners in table:
        frame["population"] = frame["unit"].map(table[residents]).astype(float)
        frame["foreigners"] = frame["unit"].map(table[foreigners]).astype(float)
    return frame


def district_residents(data: Dataset, geometry: MapGeometry) -> pd.Series | None:
    """The dataset's residents count per map unit name (the municipal register), if it has one."""
    residents, _ = _count_ids(data)
    table = data.units.table
    if residents not in table:
        return None
    frame = geometry.frame[["name", "unit"]]
    return pd.Series(frame["unit"].map(table[residents]).astype(float).to_numpy(), index=frame["name"].astype(str))


def quarter_figures_of(data: Dataset, geometry: MapGeometry, outline: shapely.Geometry, method: str) -> QuarterFigures:
    return quarter_figures(outline, cache.grid(), district_counts(data, geometry), method)


def methods() -> list[str]:
    return ["centre", "area"] if cache.grid() is not None else ["districts"]


def chosen_quarters(data: Dataset, geometry: MapGeometry | None) -> list[StoredQuarter]:
    """The saved quarters in the selection that this session may see (public mode: published), in order."""
    ids = selected_quarters()
    if geometry is None or not ids:
        return []
    visible = {q.id: q for q in visible_quarters(data, geometry)}
    return [visible[i] for i in ids if i in visible]


def visible_quarters(data: Dataset, geometry: MapGeometry) -> list[StoredQuarter]:
    """All saved quarters of the dataset; in public mode only the published ones with enough residents."""
    config = cache.settings()
    try:
        stored = list_quarters(cache.engine(), dataset_id(), published_only=config.public)
    except SQLAlchemyError:  # a database problem is reported on the selections page, not here
        return []
    if not config.public:
        return stored
    limit = config.disclosure.min_residents
    shown = []
    for quarter in stored:
        try:
            residents = quarter_figures_of(data, geometry, quarter.geometry, quarter.method).population
        except QuarterError:
            continue
        if residents >= limit:
            shown.append(quarter)
    return shown


def comparison_rows(data: Dataset, geometry: MapGeometry | None, lang: str) -> pd.DataFrame | None:
    """One row per selected saved quarter, marked "selbst abgegrenzt", with the city as the last row.

    The row names are escaped Markdown (for ``st.table``).
    """
    if geometry is None or not selected_quarters():
        return None
    rows, city = {}, None
    for quarter, figures in _selected_figures(data, geometry):
        city = figures
        rows[md_escape(f"{quarter.name} ({t('quarter_self_drawn', lang)})")] = _comparison_cells(figures, lang)
    if not rows:
        return None
    rows[t("col_city", lang)] = {
        t("quarter_residents", lang): format_value(city.city_population, 0, "", lang),
        t("quarter_foreigners", lang): format_value(city.city_foreigners, 0, "", lang),
        t("quarter_share", lang): format_value(city.city_share, 1, "%", lang),
        t("quarter_deviation_city", lang): "", t("quarter_col_method", lang): "",
    }
    return pd.DataFrame.from_dict(rows, orient="index")


def _comparison_cells(figures: QuarterFigures, lang: str) -> dict[str, str]:
    return {
        t("quarter_residents", lang): format_value(figures.population, 0, "", lang),
        t("quarter_foreigners", lang): format_value(figures.foreigners, 0, "", lang),
        t("quarter_share", lang): format_value(figures.share, 1, "%", lang),
        t("quarter_deviation_city", lang): format_value(figures.deviation_city, 1, t("quarter_points", lang), lang),
        t("quarter_col_method", lang): t(f"quarter_method_{figures.method}", lang),
    }


def _selected_figures(data: Dataset, geometry: MapGeometry) -> list[tuple[StoredQuarter, QuarterFigures]]:
    """The selected quarters this session may see (public mode: published, enough residents), with figures."""
    by_id = {q.id: q for q in visible_quarters(data, geometry)}
    found = []
    for quarter_id in selected_quarters():
        quarter = by_id.get(quarter_id)
        if quarter is None:
            continue
        try:
            found.append((quarter, quarter_figures_of(data, geometry, quarter.geometry, quarter.method)))
        except QuarterError:
            continue
    return found


def _values(data: Dataset, figures: QuarterFigures) -> dict[str, float]:
    """The quarter's figures under the dataset's indicator ids (residents, foreigners, their share)."""
    residents, foreigners = _count_ids(data)
    share = _share_id(data, residents, foreigners)
    values = {residents: figures.population, foreigners: figures.foreigners, share: figures.share}
    return {k: v for k, v in values.items() if k}


def indicator_frame(data: Dataset, geometry: MapGeometry | None) -> pd.DataFrame:
    """The selected, visible quarters as rows like ``data.areas``: index ``quarter:<id>``, ``name`` (plain
    text), ``method`` and one column per indicator (NaN where a quarter has no figure, e.g. age groups)."""
    columns = ["name", "method", *data.specs]
    if geometry is None or not selected_quarters():
        return pd.DataFrame(columns=columns, dtype=float)
    rows = {
        f"{QUARTER_PREFIX}{quarter.id}": {"name": quarter.name, "method": figures.method, **_values(data, figures)}
        for quarter, figures in _selected_figures(data, geometry)
    }
    frame = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=columns)
    frame[list(data.specs)] = frame[list(data.specs)].astype(float)
    return frame


def export_rows(data: Dataset, geometry: MapGeometry | None, lang: str) -> list[QuarterRow]:
    """The selected saved quarters as rows of the selection exports (figures by the dataset's indicator ids)."""
    if geometry is None or not selected_quarters():
        return []
    return [QuarterRow(quarter.id, quarter.name, _values(data, figures), _method_text(figures, lang), quarter.geojson)
            for quarter, figures in _selected_figures(data, geometry)]


def _method_text(figures: QuarterFigures, lang: str) -> str:
    """How the figures were computed, naming the grid's Zensus edition and cell size where a grid was used."""
    grid = cache.grid()
    if grid is None or figures.method == "districts":
        return figures.method_in(lang)
    return f"{figures.method_in(lang)} ({grid.edition.name}, {grid.size} m)"
