"""Selections page: name, justify, save, version, restore and export the selection."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from exports import EXPORTERS, build_export
from geo.formatting import format_datetime
from storage.selections import (
    StorageError,
    history,
    list_selections,
    load_version,
    restore_version,
    save_selection,
)
from ui import cache
from ui.page import current_lang
from ui.selection import get_selection, set_selection
from ui.strings import t

BERLIN = ZoneInfo("Europe/Berlin")

lang = current_lang()
data = cache.dataset()
public = cache.settings().public
bounds = cache.boundaries()
names = data.areas["name"].to_dict()
st.title(t("page_selections", lang))

selection = get_selection()
st.subheader(t("sel_current", lang))
if not selection:
    st.info(t("sel_empty", lang))
else:
    rationale_rows = pd.DataFrame(
        {
            "area_id": selection,
            "name": [names[a] for a in selection],
            "rationale": [st.session_state.get("area_rationales", {}).get(a, "") for a in selection],
        }
    )
    edited = st.data_editor(
        rationale_rows,
        key=f"sel_rationales_{'-'.join(selection)}",
        hide_index=True,
        disabled=["area_id", "name"],
        column_config={
            "area_id": None,
            "name": st.column_config.TextColumn(t("col_name", lang)),
            "rationale": st.column_config.TextColumn(t("sel_area_rationale", lang), width="large"),
        },
    )
    area_rationales = {r["area_id"]: str(r["rationale"] or "") for r in edited.to_dict("records")}
    st.session_state["area_rationales"] = {**st.session_state.get("area_rationales", {}), **area_rationales}
    method = st.session_state.get("selection_method", {})
    if method:
        st.caption(t("sel_method", lang) + ": " + " | ".join(f"{k}: {v}" for k, v in method.items()))

    if public:
        st.info(t("public_no_saving", lang))
    else:
        with st.form("save_selection"):
            name = st.text_input(t("sel_name", lang), key="sel_name")
            author = st.text_input(t("sel_author", lang), key="sel_author")
            rationale = st.text_area(t("sel_rationale", lang), key="sel_rationale")
            submitted = st.form_submit_button(t("sel_save", lang), type="primary")
        if submitted:
            try:
                saved = save_selection(
                    cache.engine(), name, selection, author, rationale, area_rationales, method,
                    dataset=data.source.id, known_areas=list(data.areas.index),
                )
            except StorageError as exc:
                st.error(str(exc))
            else:
                st.success(t("sel_saved", lang, name=saved.name, version=saved.version))

    def _export(key: str):
        def build() -> bytes:
            export = build_export(
                data, selection, st.session_state.get("sel_name") or t("sel_unnamed", lang),
                st.session_state.get("sel_author") or "–", datetime.now(BERLIN),
                st.session_state.get("sel_rationale") or "", area_rationales, method, bounds.geometry,
            )
            return EXPORTERS[key].write(export)

        return build

    st.markdown(f"**{t('sel_exports', lang)}**")
    for column, (key, exporter) in zip(st.columns(len(EXPORTERS)), EXPORTERS.items()):
        column.download_button(
            exporter.label, _export(key), file_name=f"auswahl.{exporter.extension}", mime=exporter.mime,
            key=f"export_{key}", on_click="ignore",
        )

st.subheader(t("sel_saved_heading", lang))
try:
    saved_all = list_selections(cache.engine())
except SQLAlchemyError:
    saved_all = []  # public view without a database: nothing saved to show
if not saved_all:
    st.caption(t("sel_none_saved", lang))
else:
    overview = pd.DataFrame(
        {
            t("sel_name", lang): [s.name for s in saved_all],
            t("sel_version", lang): [s.version for s in saved_all],
            t("sel_author", lang): [s.author for s in saved_all],
            t("sel_when", lang): [format_datetime(s.created_at, lang) for s in saved_all],
            t("col_name", lang): [", ".join(names.get(a, a) for a in s.area_ids) for s in saved_all],
        }
    )
    st.dataframe(overview, hide_index=True, key="sel_overview")
    chosen = st.selectbox(t("sel_open", lang), [s.name for s in saved_all], key="sel_open")
    versions = history(cache.engine(), chosen)
    version = st.selectbox(
        t("sel_version", lang), [v.version for v in reversed(versions)], key=f"sel_version_{chosen}",
        format_func=lambda v: f"{v}" + (" (" + t("sel_latest", lang) + ")" if v == versions[-1].version else ""),
    )
    shown = load_version(cache.engine(), chosen, version)
    st.text(t("sel_rationale", lang) + ": " + (shown.rationale or "–"))
    st.dataframe(
        pd.DataFrame(
            {
                t("col_name", lang): [names.get(a, a) for a in shown.area_ids],
                t("sel_area_rationale", lang): [shown.area_rationales.get(a, "") for a in shown.area_ids],
            }
        ),
        hide_index=True,
        key="sel_version_items",
    )
    st.caption(
        t("sel_version_meta", lang, author=shown.author, when=format_datetime(shown.created_at, lang))
        + (f" · {t('sel_restored_from', lang, v=shown.restored_from)}" if shown.restored_from else "")
    )
    buttons = st.columns(2)
    if buttons[0].button(t("sel_load", lang), key="sel_load"):
        set_selection([a for a in shown.area_ids if a in data.areas.index])
        st.session_state["area_rationales"] = dict(shown.area_rationales)
        st.session_state["selection_method"] = dict(shown.method)
        st.rerun()
    if not public and version != versions[-1].version and buttons[1].button(t("sel_restore", lang), key="sel_restore"):
        author = st.session_state.get("sel_author") or "–"
        restored = restore_version(cache.engine(), chosen, version, author)
        st.success(t("sel_saved", lang, name=restored.name, version=restored.version))
