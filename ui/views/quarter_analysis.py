"""Self-drawn quarters on the screening and ranking pages: extra rows, marked "selbst abgegrenzt".

The quarters are those of the selection this session may see (ui/shell/quarter_data.py: in public
mode only published ones with at least ``min_residents`` residents, whatever the link names).
Screening applies the very thresholds of the areas; the ranking scores them with the areas'
mean and SD (geo.analysis.ranking.score_extra), so they change no area's z-score or rank.
The tables are ``st.dataframe`` (plain text: a name shows as typed); captions escape names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from geo.analysis.ranking import RankingError, assign_types, score_extra
from geo.analysis.screening import Condition, screen
from geo.domain.dataset import Dataset, MapGeometry
from geo.numbers import format_number, format_value
from ui.shell.quarter_data import indicator_frame
from ui.shell.strings import t, tmd

__all__ = ["quarter_label", "ranking_rows", "screening_rows", "show_ranked_quarters", "show_screened_quarters",
           "show_typed_quarters"]


def quarter_label(name: str, lang: str) -> str:
    """ "Slevfisch (selbst abgegrenzt)": a quarter's row name, plain text."""
    return f"{name} ({t('quarter_self_drawn', lang)})"


def screening_rows(data: Dataset, geometry: MapGeometry | None, conditions: Sequence[Condition], combine: str,
                   lang: str) -> pd.DataFrame | None:
    """One row per selected quarter: name, result (meets / does not meet / no value) and the condition values,
    screened by :func:`geo.analysis.screening.screen` with the city values the areas are screened with."""
    quarters = indicator_frame(data, geometry)
    if quarters.empty or not conditions:
        return None
    result = screen(quarters, data.city, conditions, combine)
    verdict = {True: t("screening_hit", lang), False: t("screening_miss", lang)}
    table = pd.DataFrame({
        t("col_name", lang): [quarter_label(n, lang) for n in quarters["name"]],
        t("quarter_col_result", lang): [t("quarter_no_value", lang) if u else verdict[bool(m)]
                                        for m, u in zip(result.matches, result.unknown)],
    }, index=quarters.index)
    for indicator in dict.fromkeys(c.indicator for c in conditions):
        spec = data.specs[indicator]
        table[spec.label(lang)] = [format_value(v, spec.decimals, spec.unit(lang), lang) for v in quarters[indicator]]
    return table.reset_index(drop=True)


def show_screened_quarters(data: Dataset, geometry: MapGeometry | None, conditions: Sequence[Condition],
                           combine: str, lang: str) -> None:
    """The screening page's extra rows (nothing when no quarter is in the selection)."""
    table = screening_rows(data, geometry, conditions, combine, lang)
    if table is None:
        return
    st.markdown(f"**{t('quarter_screen_heading', lang)}**")
    st.caption(t("quarter_screen_note", lang))
    st.dataframe(table, hide_index=True, key="screening_quarters")


def ranking_rows(data: Dataset, geometry: MapGeometry | None, weights: Mapping[str, float],
                 directions: Mapping[str, int], top_k: int, spread: float, draws: int, seed: int,
                 lang: str) -> tuple[pd.DataFrame | None, str]:
    """The selected quarters scored against the areas: (table or None, note on those not scorable)."""
    quarters = indicator_frame(data, geometry)
    if quarters.empty:
        return None, ""
    try:
        scores = score_extra(data.areas, quarters, weights, directions, top_k, spread, draws, seed)
    except RankingError:  # the page reports the areas' problem already
        return None, ""
    labels = {s.id: s.label(lang) for s in data.specs.values()}
    note = "; ".join(tmd("quarter_not_scored", lang, name=quarter_label(quarters.at[q, "name"], lang),
                         indicators=", ".join(labels.get(c, c) for c in cols)) for q, cols in scores.missing.items())
    rows = scores.table
    if rows.empty:
        return None, note
    table = pd.DataFrame({
        t("col_name", lang): [quarter_label(quarters.at[q, "name"], lang) for q in rows.index],
        t("ranking_rank", lang): [t("quarter_would_rank", lang, n=int(n), m=int(m))
                                  for n, m in zip(rows["would_rank"], rows["of"])],
        t("ranking_index", lang): [format_number(v, 2, lang) for v in rows["index"]],
        t("ranking_stability", lang, k=top_k): [f"{format_number(v * 100, 0, lang)} %" for v in rows["top_share"]],
    })
    return table, note


def show_ranked_quarters(data: Dataset, geometry: MapGeometry | None, weights: Mapping[str, float],
                         directions: Mapping[str, int], top_k: int, spread: float, draws: int, seed: int,
                         lang: str) -> None:
    """The ranking page's extra rows, with the note that they leave the areas' z-scores and ranks alone."""
    table, note = ranking_rows(data, geometry, weights, directions, top_k, spread, draws, seed, lang)
    if table is None and not note:
        return
    st.markdown(f"**{t('quarter_rank_heading', lang)}**")
    st.caption(t("quarter_rank_note", lang))
    if table is not None:
        st.dataframe(table, hide_index=True, key="ranking_quarters")
    if note:
        st.caption(note)


def show_typed_quarters(data: Dataset, geometry: MapGeometry | None, weights: Mapping[str, float],
                        directions: Mapping[str, int], profile: pd.DataFrame, lang: str) -> None:
    """The quarter type nearest each selected quarter (the areas' types unchanged)."""
    quarters = indicator_frame(data, geometry)
    if quarters.empty:
        return
    try:
        scores = score_extra(data.areas, quarters, weights, directions, draws=1)  # only the z-scores are used
    except RankingError:
        return
    if scores.z.empty:
        return
    types = assign_types(scores.z, profile)
    st.caption(t("quarter_types_note", lang))
    st.dataframe(pd.DataFrame({
        t("col_name", lang): [quarter_label(quarters.at[q, "name"], lang) for q in types.index],
        t("quarter_col_type", lang): [t("type_n", lang, n=n) for n in types],
    }), hide_index=True, key="types_quarters")
