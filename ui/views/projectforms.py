"""The projects page's parts: list, district table, exports, and the editor's forms.

Pure logic lives in :mod:`geo.domain.integration_projects` and :mod:`storage.projects`;
this module only reads widgets and renders. Widget keys are the page's public contract
(tests look them up by key).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd
import streamlit as st

from exports.cells import csv_bytes, write_xlsx
from exports.registry import DOCUMENTS
from geo.domain.dataset import Dataset
from geo.numbers import NumberParseError, format_input, format_value, parse_number
from geo.domain.integration_projects import (
    ProjectError,
    Themenfeld,
    projects_to_geojson,
    read_project_table,
    validate_project,
)
from storage.projects import (
    ConflictError,
    ProjectStoreError,
    add_project,
    delete_project,
    end_project,
    import_projects,
    update_project,
)
from ui.shell import session
from ui.shell.context import active_context
from ui.shell.markdown import md_escape, md_table
from ui.shell.messages import shown
from ui.shell.strings import t, tmd
from ui.widgets.uploadfield import file_uploader

__all__ = [
    "add_form",
    "edit_form",
    "exports_row",
    "flash",
    "import_form",
    "listing_shown",
    "per_district",
    "themenfeld_legend",
]

_LIST_LABELS = {"themenfeld": "proj_field", "start_date": "proj_start", "end_date": "proj_end",
                "district": "proj_district"}
# Keys of the "new project" form (the map click writes proj_lat / proj_lon).
_ADD_KEYS = {"themenfeld": "proj_field", "start_date": "proj_start", "end_date": "proj_end"}


def _date_format(lang: str) -> str:
    return t("date_input_pattern", lang)  # date fields in the reader's format


def listing_shown(listing: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The project list for the screen: headers named for the reader, numbers and dates in the reader's
    format (the exports keep the import columns, so that they can be imported again)."""
    shown = listing.copy()
    for column in ("lat", "lon"):
        shown[column] = [format_input(v, lang) for v in shown[column]]
    for column in ("start_date", "end_date"):
        shown[column] = [v.strftime(t("date_strftime", lang)) if v else "" for v in shown[column]]
    shown["public"] = [t("yes" if v else "no", lang) for v in shown["public"]]
    return shown.rename(columns={c: t(_LIST_LABELS.get(c, f"proj_{c}"), lang) for c in shown.columns})


def _coordinate(text: str | None, label: str, lang: str) -> float | None:
    """A typed coordinate in the reader's number format ("49,4431" in German); empty is ``None``."""
    if text is None or not str(text).strip():
        return None
    try:
        return parse_number(text, lang, grouping=False)
    except NumberParseError as exc:
        raise ProjectError(f"{label}: {exc}") from None


def themenfeld_legend(themen: Mapping[str, Themenfeld], lang: str) -> None:
    st.markdown(
        " ".join(
            f"<span style='display:inline-block;width:.9em;height:.9em;border-radius:50%;background:{f.colour};"
            f"border:1px solid #000'></span> {md_escape(f.label(lang))}"
            for f in themen.values()
        ),
        unsafe_allow_html=True,
    )


def per_district(data: Dataset, lang: str) -> None:
    """Projects and projects per 1,000 residents per map unit."""
    if "projects" not in data.specs:
        return
    st.subheader(md_escape(t("proj_per_district", lang, units=active_context().units_in(lang))))
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
        ).set_index(t("col_name", lang)).pipe(md_table)
    )


def exports_row(listing: pd.DataFrame, records: Sequence, units: Sequence[str | None], lang: str) -> None:
    """CSV, XLSX and GeoJSON of the projects shown, built only when downloaded."""
    exports = st.columns(3)
    PROJECTS = DOCUMENTS["projects"]
    exports[0].download_button(
        "CSV", lambda: csv_bytes(listing, lang),
        file_name=PROJECTS.file_name("csv"), mime=PROJECTS.mime("csv"), key="proj_export_csv", on_click="ignore",
    )
    exports[1].download_button(
        "XLSX", lambda: write_xlsx({t("proj_sheet", lang): listing}),
        file_name=PROJECTS.file_name("xlsx"), key="proj_export_xlsx", on_click="ignore",
        mime=PROJECTS.mime("xlsx"),
    )
    exports[2].download_button(
        "GeoJSON", lambda: projects_to_geojson(list(records), list(units)),
        file_name=PROJECTS.file_name("geojson"), mime=PROJECTS.mime("geojson"), key="proj_export_geojson", on_click="ignore",
    )


def flash(lang: str) -> None:
    """The confirmation of the last save, shown once after the rerun."""
    session.show_flash("projects")
    session.show_flash("projects_conflict")


def _saved(message: str) -> None:
    session.flash("projects", message)
    st.rerun()


def _record_widgets(themen: Mapping[str, Themenfeld], lang: str, key, record=None) -> dict[str, object]:
    """The project fields as widgets; ``key(field)`` names each, ``record`` gives the values shown."""
    labels = {f: themen[f].label(lang) for f in themen}
    value = (lambda field, default: getattr(record, field)) if record is not None else (lambda field, default: default)
    cols = st.columns(2)
    field = value("themenfeld", None)
    return {
        "name": cols[0].text_input(t("proj_name", lang), value=value("name", ""), key=key("name")),
        "provider": cols[1].text_input(t("proj_provider", lang), value=value("provider", ""), key=key("provider")),
        "themenfeld": cols[0].selectbox(
            t("proj_field", lang), list(themen), index=list(themen).index(field) if field in themen else 0,
            format_func=labels.get, placeholder=t("choose_option", lang), key=key("themenfeld"),
        ),
        "address": cols[1].text_input(t("proj_address", lang), value=value("address", ""), key=key("address")),
        # Filled by a click on the map; typed coordinates work as well, in the reader's number format.
        "lat": cols[0].text_input(t("proj_lat", lang), value=format_input(value("lat", None), lang) if record else None,
                                  key=key("lat"), placeholder=format_input(49.4431, lang)),
        "lon": cols[1].text_input(t("proj_lon", lang), value=format_input(value("lon", None), lang) if record else None,
                                  key=key("lon"), placeholder=format_input(7.7688, lang)),
        "start_date": cols[0].date_input(t("proj_start", lang), value=value("start_date", None), key=key("start_date"),
                                         format=_date_format(lang)),
        "end_date": cols[1].date_input(t("proj_end", lang), value=value("end_date", None), key=key("end_date"),
                                       format=_date_format(lang)),
        "url": st.text_input(t("proj_url", lang), value=value("url", ""), key=key("url")),
        "tags": st.text_input(t("proj_tags", lang), value=value("tags", ""), key=key("tags")),
        "description": st.text_area(t("proj_description", lang), value=value("description", ""), key=key("description")),
        "public": st.checkbox(t("proj_public", lang), value=value("public", True), key=key("public")),
    }


def _validated(fields: dict[str, object], themen: Mapping[str, Themenfeld], lang: str):
    fields = dict(fields)
    fields["lat"] = _coordinate(fields["lat"], t("proj_lat", lang), lang)
    fields["lon"] = _coordinate(fields["lon"], t("proj_lon", lang), lang)
    return validate_project(fields, themen)


def add_form(engine, editor: str, themen: Mapping[str, Themenfeld], lang: str) -> None:
    """A new project: typed, or with coordinates from a click on the map."""
    st.subheader(t("proj_add", lang))
    st.caption(t("proj_add_help", lang))
    with st.form("project_add", clear_on_submit=False):
        fields = _record_widgets(themen, lang, lambda field: _ADD_KEYS.get(field, f"proj_{field}"))
        if st.form_submit_button(t("proj_save_new", lang), type="primary"):
            try:
                record = _validated(fields, themen, lang)
                add_project(engine, record, editor)
            except (ProjectError, ProjectStoreError) as exc:
                st.error(shown(exc))
            else:
                _saved(tmd("proj_saved", lang, name=record.name))


def _reload_after_conflict(project_id: int, exc: ConflictError, lang: str) -> None:
    """Someone saved meanwhile: show their version in the form, and say that ours was not saved."""
    st.session_state.pop(f"proj_started_{project_id}", None)
    session.flash("projects_conflict", f"{md_escape(exc)} {t('proj_conflict_reloaded', lang)}", kind="warning")
    st.rerun()


def edit_form(engine, editor: str, stored: Sequence, themen: Mapping[str, Themenfeld], lang: str, today: date) -> None:
    """Edit, end or delete a stored project, with optimistic locking against concurrent editors."""
    st.subheader(t("proj_edit", lang))
    by_id = {p.id: p for p in stored}
    chosen = st.selectbox(t("proj_pick", lang), list(by_id), format_func=lambda i: by_id[i].record.name, placeholder=t("choose_option", lang), key="proj_pick")
    current = by_id[chosen]
    # The version the editor started from travels with the form (optimistic locking).
    started = st.session_state.setdefault(f"proj_started_{chosen}", current.version)
    with st.form(f"project_edit_{chosen}"):
        # Widgets keyed by version: after a conflict the form shows the stored version, not stale input.
        edited = _record_widgets(themen, lang, lambda field: f"proj_edit_{chosen}_v{current.version}_{field}",
                                 current.record)
        saved = st.form_submit_button(t("proj_save", lang))
    if saved:
        try:
            changed = _validated(edited, themen, lang)
            update_project(engine, chosen, changed, started, editor)
        except ConflictError as exc:
            _reload_after_conflict(chosen, exc, lang)
        except (ProjectError, ProjectStoreError) as exc:
            st.error(shown(exc))
        else:
            st.session_state.pop(f"proj_started_{chosen}", None)
            _saved(tmd("proj_saved", lang, name=changed.name))
    actions = st.columns(2)
    try:
        if actions[0].button(t("proj_end_today", lang), key=f"proj_end_{chosen}"):
            end_project(engine, current, editor, today)
            st.rerun()
        if actions[1].button(t("proj_delete", lang), key=f"proj_delete_{chosen}"):
            delete_project(engine, chosen, started, editor)
            st.rerun()
    except ConflictError as exc:
        _reload_after_conflict(chosen, exc, lang)
    except ProjectStoreError as exc:
        st.error(shown(exc))


def import_form(engine, editor: str, themen: Mapping[str, Themenfeld], lang: str) -> None:
    """Projects from a CSV or XLSX table; nothing is stored before the button is pressed."""
    st.subheader(t("proj_import", lang))
    upload = file_uploader(t("proj_import_help", lang), ["csv", "xlsx"], "proj_upload", lang)
    if upload is None:
        return
    try:
        records = read_project_table(upload.getvalue(), upload.name, themen)
    except ProjectError as exc:
        st.error(shown(exc))
        return
    st.caption(t("proj_import_ready", lang, n=len(records), file=upload.name))
    if st.button(t("proj_import_button", lang), key="proj_import_button"):
        try:
            import_projects(engine, records, editor, upload.name)
        except ProjectStoreError as exc:
            st.error(shown(exc))
        else:
            _saved(t("proj_imported", lang, n=len(records)))
