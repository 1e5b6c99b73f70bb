"""Network page: every loaded municipality's areas against its own city, side by side."""

import pandas as pd
import streamlit as st

from exports.network import map_png, slide_png, to_pdf, to_xlsx
from geo.formatting import format_value
from geo.ingest import datasets_root
from geo.network import (
    MEASURES,
    IndicatorMapping,
    add_mapping,
    build_view,
    indicator_options,
    load_mapping,
    mapping_path,
    remove_mapping,
    save_mapping,
)
from geo.network_chart import strip_chart
from ui import cache
from ui.markdown import md_escape
from ui.network import load_network, saved_selections
from ui.notices import database_notice
from ui.page import current_lang, end_page
from ui.signin import signin_panel
from ui.strings import t, tmd

lang = current_lang()
public = cache.settings().public
st.title(t("net_title", lang))
st.caption(t("net_help", lang))

network = load_network()
for name, why in network.broken:
    st.warning(tmd("net_broken", lang, name=name, why=why))
members = network.members
if len(members) < 2:
    st.info(t("net_one_dataset", lang))

where = mapping_path(datasets_root().parent)
try:
    mapping = load_mapping(where)
except ValueError as exc:
    st.error(md_escape(str(exc)))
    mapping = IndicatorMapping()

editor = None if public else signin_panel(lang)  # the shared mapping is changed by signed-in editors only
with st.expander(t("net_mapping", lang)):
    st.caption(t("net_mapping_help", lang, path=where.name))  # the file name only: no server paths on screen
    if public:
        st.info(t("net_mapping_public", lang))
    elif not editor:
        st.info(t("net_mapping_signin", lang))
    else:
        with st.form("network_mapping"):
            label = st.text_input(t("net_mapping_label", lang), key="network_map_label")
            picks = {}
            for member in members:
                specs = {s.id: s.label_de if lang == "de" else s.label_en for s in member.dataset.specs.values()}
                picks[member.id] = st.selectbox(
                    member.label, ["", *specs], format_func=lambda i, s=specs: s.get(i, t("net_mapping_none", lang)),
                    key=f"network_map_{member.id}",
                )
            if st.form_submit_button(t("net_mapping_save", lang)):
                try:
                    save_mapping(where, add_mapping(mapping, label, picks))
                except (ValueError, OSError) as exc:
                    st.error(md_escape(str(exc)))
                else:
                    st.success(tmd("net_mapping_saved", lang, label=label.strip()))
                    st.rerun()
        if mapping.groups:
            gone = st.selectbox(t("net_mapping_remove", lang), ["", *(g.label for g in mapping.groups)],
                                key="network_map_remove")
            if gone and st.button(t("net_mapping_remove", lang), key="network_map_remove_button"):
                save_mapping(where, remove_mapping(mapping, gone))
                st.rerun()

options = indicator_options(members, mapping, lang)
if not options:
    st.info(t("net_no_shared", lang))
    end_page()
left, right = st.columns([2, 1])
key = left.selectbox(t("net_indicator", lang), list(options), format_func=options.__getitem__, key="network_indicator")
measure = right.radio(
    t("net_measure", lang), list(MEASURES), format_func=lambda m: t(f"net_measure_{m}", lang),
    key="network_measure", horizontal=True,
)

# A damaged database is said so (with what to do), not shown as "no saved selections".
saved = {} if database_notice(lang) else saved_selections()
with st.expander(t("net_selections", lang)):
    selections = {}
    for member in members:
        versions = saved.get(member.id, [])
        names = [t("net_no_selection", lang)] + [v.name for v in versions]
        chosen = st.selectbox(member.label, names, index=1 if versions else 0, key=f"network_sel_{member.id}")
        picked = next((v for v in versions if v.name == chosen), None)
        selections[member.id] = list(picked.area_ids) if picked else []

view = build_view(members, key, mapping, selections, measure, lang)
if view.years:
    st.warning(t("net_years", lang, a=view.years[0], b=view.years[1]))
missing = [m.label for m in view.members if m.status == "missing"]
if missing:
    st.info(tmd("net_missing", lang, names=", ".join(missing)))
no_city = [m.label for m in view.members if m.status == "no_city_value"]
if no_city:
    st.info(tmd("net_no_city", lang, names=", ".join(no_city)))

st.subheader(t("net_maps", lang))
per_row = 3 if len(members) <= 6 else 4
for start in range(0, len(view.members), per_row):
    for column, status in zip(st.columns(per_row), view.members[start : start + per_row]):
        column.image(
            map_png(view, status.id, network.frames.get(status.id), lang), width="stretch",
            alt=t("net_map_alt", lang, name=status.label, indicator=options[key], measure=t(f"net_measure_{measure}", lang)),
        )
st.caption(t("net_map_note", lang))

st.subheader(t("net_strip", lang))
titles = {
    "measure": t(f"net_measure_{measure}", lang), "class": t("net_class", lang),
    "municipality": t("net_municipality", lang), "area": t("net_area", lang), "value": t("net_value", lang),
    "lq": t("net_measure_lq", lang), "percentile": t("net_measure_percentile", lang),
    "selected": t("net_selected", lang), "description": t("net_strip", lang),
}
chart = strip_chart(view, titles, lang)
st.altair_chart(chart, key="network_strip", width="stretch")

st.subheader(t("net_summary", lang))
st.dataframe(
    pd.DataFrame(
        {
            t("net_municipality", lang): [m.label for m in view.members],
            t("indicator", lang): [m.indicator_label or "–" for m in view.members],
            t("net_year", lang): [m.year for m in view.members],
            t("net_city", lang): [format_value(m.city, 2, m.unit, lang) for m in view.members],
            t("net_selected", lang): [m.selected for m in view.members],
            t("net_status", lang): [t(f"net_status_{m.status}", lang) for m in view.members],
            t("net_source", lang): [m.source for m in view.members],
            t("net_date", lang): [m.date for m in view.members],
        }
    ),
    hide_index=True,
    key="network_summary",
)

st.subheader(t("net_export", lang))
title = f"{t('net_title', lang)} – {options[key]} ({t(f'net_measure_{measure}', lang)})"
png, pdf, xlsx = st.columns(3)
png.download_button(t("net_export_png", lang), lambda: slide_png(view, network.frames, title, lang),
                    file_name="netzwerk.png", mime="image/png", key="network_png")
pdf.download_button(t("net_export_pdf", lang), lambda: to_pdf(view, network.frames, title, lang),
                    file_name="netzwerk.pdf", mime="application/pdf", key="network_pdf")
xlsx.download_button(
    t("net_export_xlsx", lang), lambda: to_xlsx(view, title, lang), file_name="netzwerk.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="network_xlsx",
)
