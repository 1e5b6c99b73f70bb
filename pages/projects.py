"""Projects page: integration projects on the map, per district, and (signed in) edited."""

from datetime import date

import pandas as pd
import streamlit as st

from exports.cells import csv_bytes, write_xlsx
from geo.choropleth import build_view, map_styles
from geo.formatting import format_value
from geo.numbers import NumberParseError, format_input, parse_number
from geo.projectmap import project_layer
from geo.projects import (
    ProjectError,
    assign_units,
    projects_to_geojson,
    read_project_table,
    records_frame,
    status,
    validate_project,
)
from storage.projects import (
    ConflictError,
    ProjectStoreError,
    add_project,
    audit_log,
    delete_project,
    end_project,
    import_projects,
    update_project,
)
from ui import cache
from ui.mapview import clicked_unit, render_map
from ui.markdown import md_escape
from ui.notices import database_notice
from ui.page import current_lang
from ui.selection import get_selection
from ui.signin import signin_panel
from ui.strings import t
from ui.uploadfield import file_uploader

lang = current_lang()
data = cache.dataset()
bounds = cache.boundaries()
public = cache.settings().public
themen = cache.themenfelder()
today = date.today()
st.title(t("page_projects", lang))

# A damaged database is said at the top; then nothing reads as "no projects" and nothing is saved.
db_problem = database_notice(lang)

# --- sign-in (never in public mode) -------------------------------------------------
editor = signin_panel(lang)

# --- map click: coordinates for a new project --------------------------------------
new_click, _ = clicked_unit("projects_map", bounds.geometry)
if new_click:
    clicked = st.session_state["projects_map"]["last_clicked"]
    st.session_state["proj_lat"] = format_input(round(float(clicked["lat"]), 6), lang)
    st.session_state["proj_lon"] = format_input(round(float(clicked["lng"]), 6), lang)


DATE_FORMAT = "DD.MM.YYYY" if lang == "de" else "YYYY-MM-DD"  # date fields in the reader's format
_LIST_LABELS = {"themenfeld": "proj_field", "start_date": "proj_start", "end_date": "proj_end",
                "district": "proj_district"}


def _listing_shown(listing: pd.DataFrame) -> pd.DataFrame:
    """The project list for the screen: headers named for the reader, numbers and dates in the reader's
    format (the exports keep the import columns, so that they can be imported again)."""
    shown = listing.copy()
    for column in ("lat", "lon"):
        shown[column] = [format_input(v, lang) for v in shown[column]]
    for column in ("start_date", "end_date"):
        shown[column] = [v.strftime("%d.%m.%Y" if lang == "de" else "%Y-%m-%d") if v else "" for v in shown[column]]
    shown["public"] = [t("yes" if v else "no", lang) for v in shown["public"]]
    return shown.rename(columns={c: t(_LIST_LABELS.get(c, f"proj_{c}"), lang) for c in shown.columns})


def _coordinate(text: str | None, label: str) -> float | None:
    """A typed coordinate in the reader's number format ("49,4431" in German); empty is ``None``."""
    if text is None or not str(text).strip():
        return None
    try:
        return parse_number(text, lang, grouping=False)
    except NumberParseError as exc:
        raise ProjectError(f"{label}: {exc}") from None

# --- filters and map ----------------------------------------------------------------
stored = [] if db_problem else cache.projects()
units = assign_units([(p.record.lat, p.record.lon) for p in stored], bounds.geometry) if bounds.geometry else [None] * len(stored)
filters = st.columns([3, 2])
chosen_fields = filters[0].multiselect(
    t("proj_filter_field", lang), list(themen), default=list(themen),
    format_func=lambda f: themen[f].label(lang), key="proj_filter_field", placeholder=t("choose_options", lang),
)
state_filter = filters[1].radio(
    t("proj_filter_status", lang), ["all", "running", "ended"], horizontal=True,
    format_func=lambda s: t(f"proj_status_{s}", lang), key="proj_filter_status",
)
shown = [
    (p, u) for p, u in zip(stored, units)
    if p.record.themenfeld in chosen_fields and state_filter in ("all", status(p.record, today))
]
st.markdown(
    " ".join(
        f"<span style='display:inline-block;width:.9em;height:.9em;border-radius:50%;background:{f.colour};"
        f"border:1px solid #000'></span> {f.label(lang)}"
        for f in themen.values()
    ),
    unsafe_allow_html=True,
)
if not stored and not db_problem:
    st.info(t("proj_empty", lang))
if bounds.geometry is not None:
    first = "foreign_share" if "foreign_share" in data.specs else next(iter(data.specs))
    base_view = build_view(data, first, "quantiles", 5, "Greys", None, lang)
    layer = project_layer([(p.id, p.record, u) for p, u in shown], themen, f"{cache.STATIC_URL}/vendor", lang, today)
    render_map(
        bounds.geometry, map_styles(base_view, data, bounds.geometry, get_selection()), "projects_map", lang,
        extra_groups=[layer],
    )
    st.caption(t("proj_map_help", lang))
else:
    st.warning(t("no_boundaries", lang, filename=bounds.source.filename))

# --- per district ----------------------------------------------------------------------
if "projects" in data.specs:
    st.subheader(t("proj_per_district", lang))
    per = data.units.table[["projects", "projects_per_1000"]]
    st.table(
        pd.DataFrame(
            {
                t("col_name", lang): per.index,
                data.specs["projects"].label(lang): [format_value(v, 0, "", lang) for v in per["projects"]],
                data.specs["projects_per_1000"].label(lang): [
                    format_value(v, 2, "", lang) for v in per["projects_per_1000"]
                ],
            }
        ).set_index(t("col_name", lang))
    )

# --- list and exports ----------------------------------------------------------------------
if shown:
    listing = records_frame([p.record for p, _ in shown], {"district": [u or "–" for _, u in shown]})
    st.dataframe(_listing_shown(listing), hide_index=True, key="proj_list")
    exports = st.columns(3)
    exports[0].download_button(
        "CSV", lambda: csv_bytes(listing, lang),
        file_name="projekte.csv", mime="text/csv", key="proj_export_csv", on_click="ignore",
    )

    exports[1].download_button(
        "XLSX", lambda: write_xlsx({"Projekte" if lang == "de" else "Projects": listing}), file_name="projekte.xlsx", key="proj_export_xlsx", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    exports[2].download_button(
        "GeoJSON", lambda: projects_to_geojson([p.record for p, _ in shown], [u for _, u in shown]),
        file_name="projekte.geojson", mime="application/geo+json", key="proj_export_geojson", on_click="ignore",
    )

# --- editing (signed in only) ---------------------------------------------------------------
if editor and not db_problem:
    engine = cache.engine()
    labels = {f: themen[f].label(lang) for f in themen}
    st.subheader(t("proj_add", lang))
    st.caption(t("proj_add_help", lang))
    with st.form("project_add", clear_on_submit=False):
        cols = st.columns(2)
        name = cols[0].text_input(t("proj_name", lang), key="proj_name")
        provider = cols[1].text_input(t("proj_provider", lang), key="proj_provider")
        field = cols[0].selectbox(t("proj_field", lang), list(themen), format_func=labels.get, key="proj_field")
        address = cols[1].text_input(t("proj_address", lang), key="proj_address")
        # Filled by a click on the map; typed coordinates work as well, in the reader's number format.
        lat_text = cols[0].text_input(t("proj_lat", lang), key="proj_lat", placeholder=format_input(49.4431, lang))
        lon_text = cols[1].text_input(t("proj_lon", lang), key="proj_lon", placeholder=format_input(7.7688, lang))
        start = cols[0].date_input(t("proj_start", lang), value=None, key="proj_start", format=DATE_FORMAT)
        end = cols[1].date_input(t("proj_end", lang), value=None, key="proj_end", format=DATE_FORMAT)
        url = st.text_input(t("proj_url", lang), key="proj_url")
        tags = st.text_input(t("proj_tags", lang), key="proj_tags")
        description = st.text_area(t("proj_description", lang), key="proj_description")
        is_public = st.checkbox(t("proj_public", lang), value=True, key="proj_public")
        if st.form_submit_button(t("proj_save_new", lang), type="primary"):
            try:
                lat, lon = _coordinate(lat_text, t("proj_lat", lang)), _coordinate(lon_text, t("proj_lon", lang))
                record = validate_project(
                    {"name": name, "provider": provider, "themenfeld": field, "address": address, "lat": lat,
                     "lon": lon, "start_date": start, "end_date": end, "url": url, "tags": tags,
                     "description": description, "public": is_public},
                    themen,
                )
                add_project(engine, record, editor)
            except (ProjectError, ProjectStoreError) as exc:
                st.error(md_escape(str(exc)))
            else:
                st.session_state["proj_flash"] = t("proj_saved", lang, name=record.name)
                st.rerun()
    if st.session_state.get("proj_flash"):
        st.success(st.session_state.pop("proj_flash"))

    def _reload_after_conflict(project_id: int, exc: ConflictError) -> None:
        """Someone saved meanwhile: show their version in the form, and say that ours was not saved."""
        st.session_state.pop(f"proj_started_{project_id}", None)
        st.session_state["proj_conflict"] = f"{exc} {t('proj_conflict_reloaded', lang)}"
        st.rerun()

    if st.session_state.get("proj_conflict"):
        st.warning(st.session_state.pop("proj_conflict"))
    if stored:
        st.subheader(t("proj_edit", lang))
        by_id = {p.id: p for p in stored}
        chosen = st.selectbox(
            t("proj_pick", lang), list(by_id), format_func=lambda i: by_id[i].record.name, key="proj_pick"
        )
        current = by_id[chosen]
        # The version the editor started from travels with the form (optimistic locking).
        started = st.session_state.setdefault(f"proj_started_{chosen}", current.version)
        with st.form(f"project_edit_{chosen}"):
            record = current.record
            cols = st.columns(2)
            # Widgets keyed by version: after a conflict the form shows the stored version, not stale input.
            def _k(field: str) -> str:
                return f"proj_edit_{chosen}_v{current.version}_{field}"

            edited = {
                "name": cols[0].text_input(t("proj_name", lang), value=record.name, key=_k("name")),
                "provider": cols[1].text_input(t("proj_provider", lang), value=record.provider, key=_k("provider")),
                "themenfeld": cols[0].selectbox(
                    t("proj_field", lang), list(themen), index=list(themen).index(record.themenfeld)
                    if record.themenfeld in themen else 0, format_func=labels.get, key=_k("themenfeld"),
                ),
                "address": cols[1].text_input(t("proj_address", lang), value=record.address, key=_k("address")),
                "lat": cols[0].text_input(t("proj_lat", lang), value=format_input(record.lat, lang), key=_k("lat")),
                "lon": cols[1].text_input(t("proj_lon", lang), value=format_input(record.lon, lang), key=_k("lon")),
                "start_date": cols[0].date_input(t("proj_start", lang), value=record.start_date, key=_k("start_date"),
                                                 format=DATE_FORMAT),
                "end_date": cols[1].date_input(t("proj_end", lang), value=record.end_date, key=_k("end_date"),
                                               format=DATE_FORMAT),
                "url": st.text_input(t("proj_url", lang), value=record.url, key=_k("url")),
                "tags": st.text_input(t("proj_tags", lang), value=record.tags, key=_k("tags")),
                "description": st.text_area(t("proj_description", lang), value=record.description, key=_k("description")),
                "public": st.checkbox(t("proj_public", lang), value=record.public, key=_k("public")),
            }
            saved = st.form_submit_button(t("proj_save", lang))
        if saved:
            try:
                edited["lat"] = _coordinate(edited["lat"], t("proj_lat", lang))
                edited["lon"] = _coordinate(edited["lon"], t("proj_lon", lang))
                changed = validate_project(edited, themen)
                update_project(engine, chosen, changed, started, editor)
            except ConflictError as exc:
                _reload_after_conflict(chosen, exc)
            except (ProjectError, ProjectStoreError) as exc:
                st.error(md_escape(str(exc)))
            else:
                st.session_state.pop(f"proj_started_{chosen}", None)
                st.session_state["proj_flash"] = t("proj_saved", lang, name=changed.name)
                st.rerun()
        actions = st.columns(2)
        if actions[0].button(t("proj_end_today", lang), key=f"proj_end_{chosen}"):
            try:
                end_project(engine, current, editor, today)
                st.rerun()
            except ProjectStoreError as exc:
                st.error(md_escape(str(exc)))
        if actions[1].button(t("proj_delete", lang), key=f"proj_delete_{chosen}"):
            try:
                delete_project(engine, chosen, started, editor)
                st.rerun()
            except ConflictError as exc:
                _reload_after_conflict(chosen, exc)
            except ProjectStoreError as exc:
                st.error(md_escape(str(exc)))

    st.subheader(t("proj_import", lang))
    upload = file_uploader(t("proj_import_help", lang), ["csv", "xlsx"], "proj_upload", lang)
    if upload is not None:
        try:
            records = read_project_table(upload.getvalue(), upload.name, themen)
        except ProjectError as exc:
            st.error(md_escape(str(exc)))
        else:
            st.caption(t("proj_import_ready", lang, n=len(records), file=upload.name))
            if st.button(t("proj_import_button", lang), key="proj_import_button"):
                try:
                    import_projects(engine, records, editor, upload.name)
                except ProjectStoreError as exc:
                    st.error(md_escape(str(exc)))
                else:
                    st.session_state["proj_flash"] = t("proj_imported", lang, n=len(records))
                    st.rerun()

    st.subheader(t("proj_audit", lang))
    st.dataframe(pd.DataFrame(audit_log(engine)), hide_index=True, key="proj_audit")
