"""The schematic tile map, or for many areas a sortable table in its place (and the page says so)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import streamlit as st

from geo.maps.tilemap import tile_chart
from ui.shell.strings import t
from ui.widgets.numeric import number_input

__all__ = ["MAX_TILES", "PAGED_ROWS", "PAGE_ROWS", "show_tiles"]

MAX_TILES = 60  # above this, tiles get too small for their labels
PAGED_ROWS = 1000  # above this many areas the table shows one page of PAGE_ROWS rows at a time
PAGE_ROWS = 500


def _page(ordered: pd.DataFrame, ranks: pd.Series | None, lang: str, key: str) -> tuple[pd.DataFrame, pd.Series | None]:
    """One page of the areas, by rank (highest value first; without a value last) when there are ranks."""
    if ranks is not None:
        order = np.argsort(ranks.fillna(np.inf).to_numpy(), kind="stable")
        ordered, ranks = ordered.iloc[order], ranks.iloc[order]
    pages = -(-len(ordered) // PAGE_ROWS)
    page = int(number_input(t("table_page", lang), f"{key}_page", 1, lang, min_value=1, max_value=pages, whole=True))
    first = (page - 1) * PAGE_ROWS
    st.caption(t("table_page_rows", lang, first=first + 1, last=min(first + PAGE_ROWS, len(ordered)), n=len(ordered),
                 pages=pages))
    rows = slice(first, first + PAGE_ROWS)
    return ordered.iloc[rows], None if ranks is None else ranks.iloc[rows]


def show_tiles(
    tiles: pd.DataFrame,
    lang: str,
    key: str,
    *,
    values: pd.Series | None = None,
    heading: bool = False,
    note: str | None = None,
    on_select: Callable[[], None] | None = None,
) -> None:
    """Draw ``tiles`` (see :func:`geo.maps.choropleth.tile_frame`) as a tile map, or as a table above
    :data:`MAX_TILES` areas; ``values`` (by area id) give the table a numeric rank to sort by."""
    if len(tiles) > MAX_TILES:
        if heading:
            st.subheader(t("tile_table_heading", lang))
        st.caption(t("tile_table_note", lang, n=len(tiles), limit=MAX_TILES))
        ordered = tiles.sort_values(["row", "col"])
        ranks = None if values is None else values.reindex(ordered["area_id"]).rank(ascending=False, method="min")
        if len(ordered) > PAGED_ROWS:  # a city of blocks: a page of the ranking, never 14,000 rows per run
            # and only when asked for: the browser's table code (~1.2 MB of script) held up the first map
            if not st.toggle(t("table_show", lang, n=len(ordered)), key=f"{key}_show"):
                return
            ordered, ranks = _page(ordered, ranks, lang, key)
        columns = {t("col_name", lang): ordered["name"].to_numpy(), t("tile_col_value", lang): ordered["value_text"].to_numpy()}
        if ranks is not None:
            columns[t("tile_col_rank", lang)] = pd.array(ranks.to_numpy(), dtype="Int64")
        columns[t("tile_col_selected", lang)] = ordered["selected"].to_numpy()
        # built at once: adding columns one by one re-creates pandas' Arrow column index each time
        st.dataframe(pd.DataFrame(columns), hide_index=True, key=f"{key}_table")
        return
    if heading:
        st.subheader(t("tile_heading", lang))
    if note:
        st.caption(note)
    chart = tile_chart(tiles, t("tile_title", lang))
    if on_select is None:
        st.altair_chart(chart, key=key)
    else:
        st.altair_chart(chart, key=key, on_select=on_select, selection_mode="tile")
