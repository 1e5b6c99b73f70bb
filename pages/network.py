"""Network page: every loaded municipality's areas against its own city, side by side."""

import streamlit as st

from exports.network import network_map_png, network_pdf, network_xlsx, slide_png
from exports.registry import DOCUMENTS
from geo.analysis.network import MEASURES, build_network_view, indicator_options
from geo.maps.network_chart import strip_chart
from ui.shell import cache
from ui.views.networkdata import load_network, saved_selections
from ui.views.network_mapping import mapping_section, summary_table
from ui.views.recipe_network import render_network_recipe
from ui.shell.notices import database_notice
from ui.shell.markdown import md_escape
from ui.shell.page import current_lang, end_page
from ui.shell.strings import t, tmd

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

mapping = mapping_section(members, public, lang)

options = indicator_options(members, mapping, lang)
if not options:
    render_network_recipe(members, mapping, lang)
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
        chosen = st.selectbox(md_escape(member.label), names, index=1 if versions else 0, key=f"network_sel_{member.id}")
        picked = next((v for v in versions if v.name == chosen), None)
        selections[member.id] = list(picked.area_ids) if picked else []

view = build_network_view(members, key, mapping, selections, measure, lang)
if view.years:
    st.warning(t("net_years", lang, a=view.years[0], b=view.years[1]))
missing = [m.label for m in view.members if m.status == "missing"]
if missing:
    st.info(tmd("net_missing", lang, names=", ".join(missing)))
for member in (m for m in view.members if m.status == "no_city_value"):  # each with its own reason
    st.info(tmd("net_no_city_why", lang, name=member.label, year=member.year or "–", why=member.reason))

st.subheader(t("net_maps", lang))
per_row = 3 if len(members) <= 6 else 4
for start in range(0, len(view.members), per_row):
    for column, status in zip(st.columns(per_row), view.members[start : start + per_row]):
        column.image(
            network_map_png(view, status.id, network.frames.get(status.id), lang), width="stretch",
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
summary_table(view, lang)

render_network_recipe(members, mapping, lang)

st.subheader(t("net_export", lang))
NETWORK = DOCUMENTS["network"]
title = f"{t('net_title', lang)} – {options[key]} ({t(f'net_measure_{measure}', lang)})"
png, pdf, xlsx = st.columns(3)
png.download_button(t("net_export_png", lang), lambda: slide_png(view, network.frames, title, lang),
                    file_name=NETWORK.file_name("png"), mime=NETWORK.mime("png"), key="network_png", on_click="ignore")
pdf.download_button(t("net_export_pdf", lang), lambda: network_pdf(view, network.frames, title, lang),
                    file_name=NETWORK.file_name("pdf"), mime=NETWORK.mime("pdf"), key="network_pdf", on_click="ignore")
xlsx.download_button(
    t("net_export_xlsx", lang), lambda: network_xlsx(view, title, lang), file_name=NETWORK.file_name("xlsx"),
    mime=NETWORK.mime("xlsx"), key="network_xlsx", on_click="ignore",
)
