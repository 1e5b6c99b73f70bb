"""The Zensus grid on the map page: layer toggle, grid map, its legend (side column), district figures, cell search.

Also the per-area controls that must scale to datasets with thousands of
areas (an imported grid): a searchable area picker instead of one huge
selectbox, and a guard for the tile map.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from geo.analysis.classify import Classification, ClassificationError, class_labels, classify, colours
from geo.domain.dataset import MapGeometry
from geo.numbers import format_value
from geo.domain.gridfigures import district_figures, find_cells
from geo.maps.gridmap import MISSING_COLOUR, GridColumn, grid_classes, grid_layer, grid_payload
from geo.maps.leaflet import AreaStyle
from geo.read.zensus import Grid
from geo.read.zensus_editions import known_column
from geo.read.zensus_editions import reason_text as zensus_reason
from ui.shell import cache
from ui.widgets.mapview import render_map
from ui.widgets.numeric import number_input
from ui.shell.markdown import md_escape
from ui.shell.messages import shown
from ui.shell.strings import t, tmd
from ui.shell import session

__all__ = [
    "GRID_MAP_KEY",
    "GridView",
    "area_word",
    "cell_notes",
    "reason_text",
    "MAX_PICKER_OPTIONS",
    "MAX_TILE_AREAS",
    "grid_columns",
    "grid_mode",
    "prepare",
    "render_grid",
    "render_grid_legend",
    "render_grid_tables",
    "static_table",
    "unit_picker",
]

GRID_MAP_KEY = "atlas_grid_map"
MAX_PICKER_OPTIONS = 200  # above this many areas the picker becomes a search
MAX_TILE_AREAS = 400  # the tile map stays readable up to about this many tiles
SAMPLE = 2000  # Fisher-Jenks is quadratic: above this many cells it runs on a sample (mapclassify FisherJenksSampled)
PAGE_SIZE = 50


def grid_columns(grid: Grid, lang: str) -> list[GridColumn]:
    """The grid's value columns with labels: known Zensus columns named with their edition, the others as in the file."""
    edition = grid.edition.name
    out = []
    for column in grid.value_columns:
        known = known_column(column)
        if known is not None:
            out.append(GridColumn(column, f"{known.label(lang)} ({edition})", known.unit(lang), known.decimals))
        else:
            values = grid.cells[column].dropna()
            whole = bool(len(values)) and bool(np.all(np.mod(values, 1) == 0))
            out.append(GridColumn(column, column.replace("_", " "), "", 0 if whole else 1))
    return out


def _kept(key: str, default: str, options: Sequence[str]) -> None:
    kept = session.kept(key, default)
    st.session_state[key] = kept if kept in options else default


def _remember(key: str) -> None:
    session.keep(key, st.session_state[key])


def grid_mode(lang: str) -> bool:
    """Draw the layer toggle when the dataset has a grid; ``True`` when the grid is chosen."""
    layer = cache.grid()
    if layer is None:
        return False
    options = ["districts", "grid"]
    _kept("layer", "districts", options)  # "layer" is also a view parameter: ?layer=grid opens the grid
    labels = {"districts": md_escape(area_word(lang)), "grid": t("grid_layer_grid", lang, size=layer.size, edition=layer.edition.name)}
    choice = st.radio(t("grid_layer", lang), options, format_func=labels.get, horizontal=True, key="layer",
                      on_change=_remember, args=("layer",))
    return choice == "grid"


@st.cache_data(show_spinner=False, max_entries=64)
def _classify(_grid: Grid, stamp: str, column: str, scheme: str, k: int, bins: tuple | None) -> tuple[Classification, int]:
    values = _grid.cells[column]
    sampled = SAMPLE if scheme == "fisher_jenks" and int(values.notna().sum()) > SAMPLE else 0
    return classify(values, scheme, k, bins=list(bins) if bins else None, sample=SAMPLE), sampled


@st.cache_data(show_spinner=False, max_entries=8)
def _published(_grid: Grid, stamp: str, columns: tuple[GridColumn, ...], lang: str = "de") -> str:
    return cache.publish_static(grid_payload(_grid, columns, cell_notes(_grid, lang)), "grid-", ".json")


def area_word(lang: str) -> str:
    """The dataset's own word for its areas ("Ortsbezirke", "Planungsräume"; ui/shell/context.py)."""
    from ui.shell.context import active_context

    return active_context().units_in(lang)


def _unit(lang: str) -> str:
    from ui.shell.context import active_context

    return active_context().one_in(lang)


def reason_text(key: str, lang: str) -> str:
    """Why a cell has no value, in the reader's language (``absent``: the file has no row for it)."""
    return zensus_reason(key, lang)


def cell_notes(grid: Grid, lang: str) -> pd.Series:
    """Per cell: its explanatory marks and why values are missing ("Einwohner: keine Einwohner")."""
    from geo.read.zensus import _reason_table

    labels = {c.id: c.label for c in grid_columns(grid, lang)}
    notes = grid.cells["marks"].fillna("").astype(str) if "marks" in grid.cells else pd.Series("", index=grid.cells.index)
    reasons = _reason_table(grid.cells)
    for column in [c for c in grid.value_columns if c in reasons]:  # in the file's column order
        why = reasons[column]
        text = why.map(lambda k, c=column: f"{labels.get(c, c)}: {reason_text(k, lang)}" if k else "")
        notes = (notes + "; " + text).where(text != "", notes)
    return notes.str.strip("; ")


@st.cache_data(show_spinner=False, max_entries=8)
def _figures(_grid: Grid, stamp: str, _districts, districts_key: tuple) -> pd.DataFrame:
    return district_figures(_grid, _districts)


def prepare(grid: Grid, geometry: MapGeometry | None) -> None:
    """The work of a first grid view that no visitor's choice changes, into the shared caches.

    The cell payload (for each interface language's column labels) and the district figures;
    called at server start (:mod:`ui.warmup`).
    """
    from ui.shell.strings import LANGUAGES

    stamp = _stamp(grid)
    for lang in LANGUAGES:
        _published(grid, stamp, tuple(grid_columns(grid, lang)), lang)
    if geometry is not None and grid.role("population"):
        frame = geometry.frame[["name", "geometry"]]
        _figures(grid, stamp, frame, (tuple(frame["name"]), tuple(frame.total_bounds)))


def _stamp(grid: Grid) -> str:
    return f"{grid.provenance.get('imported_at', '')}|{len(grid.cells)}|{grid.provenance.get('min_count', 0)}"


def _outlines(geometry: MapGeometry) -> dict[str, AreaStyle]:
    return {str(key): AreaStyle(fill="#000000", tooltip="", opacity=0.0) for key in geometry.frame["key"]}


def _legend(spec: GridColumn, classification: Classification, palette: Sequence[str], missing: int, lang: str) -> None:
    swatch = "display:inline-block;width:1.6em;height:1em;border:1px solid #333;background:{}"
    labels = class_labels(classification, spec.decimals, spec.unit, lang)
    rows = "".join(
        f'<tr><td><span style="{swatch.format(c)}"></span></td><td>{html.escape(label)}</td>'
        f"<td style='text-align:right'>{n} {t('grid_legend_count', lang)}</td></tr>"
        for c, label, n in zip(palette, labels, classification.counts)
    )
    hatch = f"repeating-linear-gradient(45deg,#f0f0f0 0 3px,{MISSING_COLOUR} 3px 5px)"
    rows += (f'<tr><td><span style="{swatch.format(hatch)}"></span></td>'
             f"<td colspan=2>{html.escape(t('grid_legend_missing', lang, n=missing))}</td></tr>")
    st.markdown(
        f"<div><b>{t('legend', lang)}: {html.escape(spec.label)}</b>"
        f"<table aria-label='{t('legend', lang)}'>{rows}</table></div>",
        unsafe_allow_html=True,
    )


@dataclass(frozen=True)
class GridView:
    """What the grid map shows: the side column's legend and the tables below are drawn from it."""

    layer: Grid
    columns: tuple[GridColumn, ...]
    spec: GridColumn
    classification: Classification
    palette: tuple[str, ...]
    missing: int


def render_grid(
    geometry: MapGeometry, scheme: str, k: int, palette: str, breaks: Sequence[float] | None, lang: str
) -> GridView | None:
    """The grid map with the page's classification choices (``None`` when the map assets are missing).

    The legend goes into the side column (:func:`render_grid_legend`), the district figures and
    the cell search below the map (:func:`render_grid_tables`).
    """
    layer = cache.grid()
    columns = grid_columns(layer, lang)
    ids = [c.id for c in columns]
    default = layer.role("foreign_share") or ids[0]
    _kept("grid_indicator", default, ids)
    labels = {c.id: c.label for c in columns}
    column = st.selectbox(t("grid_indicator", lang), ids, format_func=labels.get, key="grid_indicator",
                          on_change=_remember, args=("grid_indicator",))
    spec = next(c for c in columns if c.id == column)
    stamp = _stamp(layer)
    try:
        classification, sampled = _classify(layer, stamp, column, scheme, k, tuple(breaks) if breaks else None)
    except ClassificationError as exc:
        st.warning(shown(exc))
        classification, sampled = _classify(layer, stamp, column, "quantiles", k, None)
    palette_colours = colours(palette, classification.k)
    if not cache.assets_installed():
        st.error(t("no_assets", lang))
        return None
    group = grid_layer(
        _published(layer, stamp, tuple(columns), lang),
        grid_classes(classification, layer.cells.index),
        palette_colours,
        columns,
        ids.index(column),
        {"missing": t("grid_missing", lang), "cell": t("grid_cell", lang), "marks": t("grid_marks", lang),
         "source": str(layer.provenance.get("attribution", ""))},
        lang,
    )
    render_map(geometry, _outlines(geometry), GRID_MAP_KEY, lang, clickable=False, extra_groups=[group])
    st.caption(tmd("grid_help", lang, units=area_word(lang)))
    if sampled:
        st.caption(t("grid_sampled", lang, n=sampled, total=len(layer.cells)))
    return GridView(layer, tuple(columns), spec, classification, tuple(palette_colours),
                    int(layer.cells[column].isna().sum()))


def render_grid_legend(view: GridView, lang: str) -> None:
    """The side column in grid mode: the grid indicator's classes, the missing cells and the source."""
    _legend(view.spec, view.classification, view.palette, view.missing, lang)
    layer = view.layer
    st.caption(tmd("grid_legend_basis", lang, n=len(layer.cells), size=layer.size, units=area_word(lang),
                 edition=layer.edition.name))
    if layer.provenance.get("min_count"):
        st.caption(t("grid_public_note", lang, n=layer.provenance["min_count"]))
    st.markdown(t("grid_source", lang, source=md_escape(str(layer.provenance.get("source", ""))),
                  attribution=md_escape(str(layer.provenance.get("attribution", ""))),
                  licence=md_escape(str(layer.provenance.get("licence", ""))), cells=len(layer.cells), size=layer.size))


def render_grid_tables(view: GridView, geometry: MapGeometry, lang: str) -> None:
    """Below the grid map: district figures from the grid and the paged cell search."""
    _district_table(view.layer, geometry, lang)
    _cell_search(view.layer, view.columns, lang)


def _register(geometry: MapGeometry) -> pd.Series | None:
    """The dataset's own residents per area (the municipal register), if it has them."""
    from ui.shell.quarter_data import district_residents

    return district_residents(cache.base_dataset(), geometry)


def _district_table(layer: Grid, geometry: MapGeometry, lang: str) -> None:
    if not layer.role("population"):
        return
    units, edition = area_word(lang), layer.edition
    st.subheader(tmd("grid_districts_heading", lang, units=units))
    frame = geometry.frame[["name", "geometry"]]
    figures = _figures(layer, _stamp(layer), frame, (tuple(frame["name"]), tuple(frame.total_bounds)))
    persons = t("grid_persons", lang)
    columns = {
        _unit(lang): figures.index,
        t("grid_col_cells", lang): figures["cells"].to_numpy(),
        t("grid_col_missing", lang): figures["cells_missing"].to_numpy(),
        t("grid_col_population", lang, edition=edition.name): [format_value(v, 0, persons, lang) for v in figures["population"]],
    }
    register = _register(geometry)
    if register is not None:
        counts = register.reindex(figures.index)
        difference = figures["population"] - counts
        columns[t("grid_col_register", lang)] = [format_value(v, 0, persons, lang) for v in counts]
        columns[t("grid_col_difference", lang)] = [
            format_value(v, 0, persons, lang) if v != v or v <= 0 else "+" + format_value(v, 0, persons, lang)
            for v in difference]
    columns[t("grid_col_foreigners", lang)] = [format_value(v, 0, persons, lang) for v in figures["foreigners"]]
    columns[t("grid_col_share", lang)] = [format_value(v, 1, "%", lang) for v in figures["share"]]
    st.html(static_table(pd.DataFrame(columns), t("grid_districts_heading", lang, units=units)))
    st.caption(tmd("grid_districts_note", lang, units=units, edition=edition.name,
                 day=edition.reference_day or "–"))
    if edition.perturbed:
        st.caption(t("grid_cellkey_note", lang, edition=edition.name))
    if register is not None:
        st.caption(t("grid_register_note", lang, edition=edition.name))
    if figures.attrs.get("foreigners_derived"):
        st.caption(t("grid_districts_derived", lang))


def _cell_search(layer: Grid, columns: Sequence[GridColumn], lang: str) -> None:
    """All cells, searchable by id and paged: never one 14,000-row element."""
    st.subheader(t("grid_cells_heading", lang))
    query = st.text_input(t("grid_cells_search", lang), key="grid_cell_query").strip()
    _, found = find_cells(layer.cells, query, 1, PAGE_SIZE)
    pages = max(1, -(-found // PAGE_SIZE))
    page = number_input(t("grid_cells_page", lang, size=PAGE_SIZE), "grid_cell_page", 1, lang, min_value=1,
                        max_value=pages, whole=True)
    shown, found = find_cells(layer.cells, query, int(page), PAGE_SIZE)
    table = pd.DataFrame({t("grid_cell", lang): shown.index})
    from geo.read.zensus import _reason_table

    reasons = _reason_table(shown)
    missing = t("grid_missing", lang)
    for c in columns:
        why = reasons.get(c.id, pd.Series("", index=shown.index))
        table[c.label] = [format_value(v, c.decimals, c.unit, lang, reason_text(k, lang) if k else missing)
                          for v, k in zip(shown[c.id], why)]
    st.caption(t("grid_cells_found", lang, n=found))
    st.html(static_table(table, t("grid_cells_heading", lang)))


def static_table(frame: pd.DataFrame, label: str) -> str:
    """``frame`` as a plain HTML table (every text escaped): the first column names the row, the others are right-aligned.

    The grid's tables hold ten districts and one page of 50 cells: a plain table reads well (also
    to screen readers) and spares the browser Streamlit's data grid code (~1.3 MB of script),
    which it would otherwise load and run while the grid map is being drawn. Shown with
    ``st.html``, which takes no Markdown, so no text from a data file is read as a link or image.
    """
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f'<th scope="row">{html.escape(str(v))}</th>' if i == 0 else f"<td>{html.escape(str(v))}</td>"
                         for i, v in enumerate(row)) + "</tr>"
        for row in frame.itertuples(index=False, name=None)
    )
    return (f'{_TABLE_CSS}<table class="atlas-table" aria-label="{html.escape(label)}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")


_TABLE_CSS = """<style>
.atlas-table { border-collapse: collapse; font-size: 0.9rem; margin-bottom: 0.5rem; }
.atlas-table th, .atlas-table td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #d0d0d0; text-align: right; }
.atlas-table th[scope="row"], .atlas-table thead th:first-child { text-align: left; font-weight: normal; }
.atlas-table thead th { font-weight: 600; border-bottom: 2px solid #808080; }
</style>"""


def unit_picker(units: Sequence[str], label: str, none_label: str, key: str, lang: str) -> None:
    """Pick one area into ``st.session_state[key]``: a selectbox, or a search first when there are many."""
    options: list = [None, *units]
    if len(units) > MAX_PICKER_OPTIONS:
        query = st.text_input(t("unit_search", lang), key=f"{key}_query").strip().lower()
        hits = [u for u in units if query in str(u).lower()] if query else []
        current = st.session_state.get(key)
        options = [None, *([current] if current in units and current not in hits else []), *hits[:MAX_PICKER_OPTIONS]]
        if query:
            st.caption(t("unit_search_hits", lang, n=len(hits), shown=min(len(hits), MAX_PICKER_OPTIONS)))
    if st.session_state.get(key) not in options:
        st.session_state[key] = None
    st.selectbox(label, options, format_func=lambda u: none_label if u is None else u, key=key)
