"""The schematic tile map, or for many areas a sortable table in its place (and the page says so)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from geo.maps.tilemap import tile_chart
from ui.shell.strings import t

__all__ = ["MAX_TILES", "show_tiles"]

MAX_TILES = 60  # above this, tiles get too small for their labels


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
        columns = {t("col_name", lang): ordered["name"].to_numpy(), t("tile_col_value", lang): ordered["value_text"].to_numpy()}
        if values is not None:
            ranks = values.reindex(ordered["area_id"]).rank(ascending=False, method="min")
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
