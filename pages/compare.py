"""Comparison page: the selected quarters side by side, with the city as reference."""

from dataclasses import replace

import streamlit as st

from geo.analysis.compare import SelectionError, comparison_chart, comparison_table, parent_totals, rank_scope
from geo.domain.timeseries import newest_first
from ui.shell import cache, quarter_data
from ui.shell.markdown import md_escape, md_table
from ui.shell.messages import shown
from ui.shell.notices import suppression_notice
from ui.shell.page import current_lang, end_page
from ui.shell.selection import get_selection
from ui.shell.statusdynamics_share import comparison_with_classes
from ui.shell.strings import t, tmd

lang = current_lang()
data = cache.dataset()
data = replace(data, specs=newest_first(data.specs))  # the newest year first
suppression_notice(data, lang)
st.title(t("page_compare", lang))

selection = get_selection()
bounds = cache.boundaries()
drawn = quarter_data.comparison_rows(data, bounds.geometry, lang)  # self-drawn quarters (ui/shell/quarter_data.py)
if drawn is not None:
    st.subheader(t("quarter_compare_heading", lang))
    st.table(drawn)
try:
    table = comparison_with_classes(comparison_table(data, selection, lang), data, selection, lang)
except SelectionError as exc:
    if drawn is None:
        st.info(shown(exc))
    end_page()

st.caption(t("compare_help", lang, n=len(data.areas)))
scopes: dict[tuple[str, int], list[str]] = {}  # indicators defined on fewer areas are ranked among those (projects)
for spec in data.specs.values():
    scope, n = rank_scope(data, spec.id)
    if scope != "all":
        scopes.setdefault((scope, n), []).append(spec.label(lang))
for (scope, n), labels in scopes.items():
    shown_labels = ", ".join(labels[:3]) + (f", … ({len(labels)})" if len(labels) > 3 else "")
    st.caption(tmd(f"rank_scope_{scope}", lang, label=shown_labels, n=n))
if data.parent is not None and parent_totals(data, selection):
    st.caption(tmd("compare_parent_note", lang, level=data.parent.one(lang)))
if t("sdi_code", lang) in table.columns:
    st.caption(t("compare_classes_note", lang))
st.table(md_table(table))  # st.table reads Markdown in cells, row and column headers
for spec in (data.specs[key] for key in data.units.not_aggregable if key in data.specs):
    st.caption(tmd("compare_total_note", lang, label=spec.label(lang)))
for column, spec in zip(st.columns(2) * len(data.specs), data.specs.values()):
    with column:
        st.altair_chart(comparison_chart(data, selection, spec.id, lang), key=f"compare_chart_{spec.id}", width="stretch")
st.caption(md_escape(data.source.source))
