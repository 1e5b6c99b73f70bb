"""Projects page: integration projects on the map, per district, and (signed in) edited."""

from datetime import date

import pandas as pd
import streamlit as st

from geo.domain.integration_projects import assign_units, records_frame, status
from geo.numbers import format_input
from geo.maps.choropleth import build_view, map_styles
from geo.maps.project_markers import project_layer
from storage.projects import audit_log
from ui.shell import cache
from ui.views import projectforms
from ui.shell.context import start_indicators
from ui.widgets.mapview import clicked_unit, render_map
from ui.shell.notices import database_notice
from ui.shell.page import current_lang
from ui.shell.selection import get_selection
from ui.widgets.signin import signin_panel
from ui.shell.strings import t

lang = current_lang()
data = cache.dataset()
bounds = cache.boundaries()
themen = cache.themenfelder()
today = date.today()
st.title(t("page_projects", lang))

# A damaged database is said at the top; then nothing reads as "no projects" and nothing is saved.
db_problem = database_notice(lang)
editor = signin_panel(lang)  # never in public mode

# A click on the map gives the coordinates of a new project.
new_click, _ = clicked_unit("projects_map", bounds.geometry)
if new_click:
    clicked = st.session_state["projects_map"]["last_clicked"]
    st.session_state["proj_lat"] = format_input(round(float(clicked["lat"]), 6), lang)
    st.session_state["proj_lon"] = format_input(round(float(clicked["lng"]), 6), lang)

# --- filters and map ----------------------------------------------------------------
stored = [] if db_problem else cache.projects()
points = [(p.record.lat, p.record.lon) for p in stored]
units = assign_units(points, bounds.geometry) if bounds.geometry else [None] * len(stored)
filters = st.columns([3, 2])
chosen_fields = filters[0].multiselect(
    t("proj_filter_field", lang), list(themen), default=list(themen),
    format_func=lambda f: themen[f].label(lang), key="proj_filter_field", placeholder=t("choose_options", lang),
    select_all=False,  # its label is English only; every field is chosen at the start
)
state_filter = filters[1].radio(
    t("proj_filter_status", lang), ["all", "running", "ended"], horizontal=True,
    format_func=lambda s: t(f"proj_status_{s}", lang), key="proj_filter_status",
)
shown = [
    (p, u) for p, u in zip(stored, units)
    if p.record.themenfeld in chosen_fields and state_filter in ("all", status(p.record, today))
]
projectforms.themenfeld_legend(themen, lang)
if not stored and not db_problem:
    st.info(t("proj_empty", lang))
if bounds.geometry is not None:
    first = start_indicators(data.specs)[0]
    base_view = build_view(data, first, "quantiles", 5, "Greys", None, lang)
    layer = project_layer([(p.id, p.record, u) for p, u in shown], themen, f"{cache.STATIC_URL}/vendor", lang, today)
    render_map(
        bounds.geometry, map_styles(base_view, data, bounds.geometry, get_selection()), "projects_map", lang,
        extra_groups=[layer],
    )
    # nobody signs in on the public site: the click that sets a new project's place is not offered there
    st.caption(t("proj_map_points", lang) if cache.settings().public
               else f'{t("proj_map_points", lang)} {t("proj_map_click", lang)}')
else:
    st.warning(t("no_boundaries", lang, filename=bounds.source.filename))

projectforms.per_district(data, lang)

# --- list and exports ----------------------------------------------------------------------
if shown:
    listing = records_frame([p.record for p, _ in shown], {"district": [u or "–" for _, u in shown]})
    st.dataframe(projectforms.listing_shown(listing, lang), hide_index=True, key="proj_list")
    projectforms.exports_row(listing, [p.record for p, _ in shown], [u for _, u in shown], lang)

# --- editing (signed in only) ---------------------------------------------------------------
if editor and not db_problem:
    engine = cache.engine()
    projectforms.add_form(engine, editor, themen, lang)
    projectforms.flash(lang)
    if stored:
        projectforms.edit_form(engine, editor, stored, themen, lang, today)
    projectforms.import_form(engine, editor, themen, lang)
    st.subheader(t("proj_audit", lang))
    st.dataframe(pd.DataFrame(audit_log(engine)), hide_index=True, key="proj_audit")
