"""Selections page: name, justify, save, version, restore and export the selection."""

from dataclasses import replace

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from exports.model import method_summary
from storage.db import DatabaseDamaged
from storage.selections import (
    StorageError,
    history,
    list_selections,
    load_version,
    restore_version,
    save_selection,
)
from ui.shell import cache, quarter_data, session
from ui.documents.decision import current_record, open_version, opened_version, set_draft, text_widget
from ui.shell.markdown import md_escape
from ui.shell.messages import shown
from ui.shell.notices import database_notice
from ui.shell.page import current_lang
from ui.shell.selection import get_selection, set_selection
from ui.documents.selection_docs import export_buttons, rationale_editor, saved_overview, version_view
from ui.widgets.signin import signin_panel
from ui.shell.strings import t, tmd

lang = current_lang()
data = cache.dataset()
public = cache.settings().public
names = data.areas["name"].to_dict()
st.title(t("page_selections_public" if public else "page_selections", lang))
db_problem = database_notice(lang)  # damaged database: said here; no save form, no "nothing saved"
# Saving and restoring need the editor sign-in, like every other change; the author is the editor.
editor = None if public or db_problem else signin_panel(lang)
if editor:
    set_draft(author=editor)
# The confirmation stays as long as the saved (or loaded) version is what the form shows, so that
# no later rerun swallows it; the first change to the form ends it.
if flash := session.peek_flash("selections"):
    if current_record(get_selection()).version is not None:
        st.success(flash)
    else:
        session.take_flash("selections")
if focus := session.SELECTION_FOCUS.pop():  # the version just saved, restored or loaded
    st.session_state["sel_open"] = focus
    st.session_state.pop(f"sel_version_{focus}", None)

selection = get_selection()
drawn = quarter_data.quarter_names(data, cache.boundaries().geometry, quarter_data.selected_quarters())
st.subheader(t("sel_current", lang))
if not selection and not drawn:  # self-drawn quarters alone are a selection too
    st.info(t("sel_empty", lang))
else:
    area_rationales = rationale_editor(selection, names, lang, editable=not public) if selection else {}
    if drawn:
        st.text(t("sel_quarters", lang, names=", ".join(drawn)))  # st.text: the names stay plain text
    st.caption(" | ".join(f"{k}: {v}" for k, v in method_summary(current_record(selection), lang)))
    if public:
        st.caption(t("public_no_saving", lang))
    elif not db_problem and not editor:
        st.info(t("sel_signin_required", lang))
    elif not db_problem:
        text_widget("name", t("sel_name", lang))
        st.caption(tmd("sel_author_is", lang, name=editor))
        text_widget("rationale", t("sel_rationale", lang), area=True)
        if st.button(t("sel_save", lang), key="sel_save", type="primary"):
            record = current_record(selection)
            try:
                saved = save_selection(
                    cache.engine(), record.name, selection, editor, record.rationale, area_rationales,
                    record.method, dataset=data.source.id, known_areas=list(data.areas.index),
                    quarter_ids=quarter_data.selected_quarters(), expected_version=opened_version(record.name),
                )
            except DatabaseDamaged as exc:  # committed perhaps, but not confirmed: the file is damaged or gone
                database_notice(lang)
                st.error(t("sel_not_confirmed", lang, where=exc.where, name=md_escape(record.name)))
            except (StorageError, SQLAlchemyError) as exc:
                st.error(shown(exc) if isinstance(exc, StorageError) else t("db_error", lang))
            else:
                open_version(saved)
                session.SELECTION_FOCUS.set(saved.name)
                session.flash("selections", tmd("sel_saved", lang, name=saved.name, version=saved.version))
                st.rerun()
    export_buttons(data, selection, current_record(selection), cache.boundaries().geometry, lang)

st.subheader(t("sel_saved_heading", lang))
try:
    saved_all = None if db_problem else list_selections(cache.engine())
except SQLAlchemyError:
    saved_all = None
if saved_all is None:
    st.caption(t("sel_db_unavailable", lang))
elif not saved_all:
    st.caption(t("sel_none_saved", lang))
else:
    if public:  # the public site names no staff member (publishing with the office's name: issue #22)
        saved_all = [replace(s, author="–") for s in saved_all]
    chosen = saved_overview(saved_all, names, lang)
    versions = history(cache.engine(), chosen)
    version = st.selectbox(
        t("sel_version", lang), [v.version for v in reversed(versions)], key=f"sel_version_{chosen}",
        placeholder=t("choose_option", lang),
        format_func=lambda v: f"{v}" + (" (" + t("sel_latest", lang) + ")" if v == versions[-1].version else ""),
    )
    shown = load_version(cache.engine(), chosen, version)
    if public:
        shown = replace(shown, author="–")
    version_view(shown, names, lang)
    if drawn := quarter_data.quarter_names(data, cache.boundaries().geometry, shown.quarter_ids):
        st.text(t("sel_quarters", lang, names=", ".join(drawn)))
    buttons = st.columns(2)
    if buttons[0].button(t("sel_load", lang), key="sel_load"):
        set_selection([a for a in shown.area_ids if a in data.areas.index])
        quarter_data.set_selected_quarters(shown.quarter_ids)
        open_version(shown)
        session.flash("selections", tmd("sel_loaded", lang, name=shown.name, version=shown.version))
        st.rerun()
    if editor and version != versions[-1].version and buttons[1].button(t("sel_restore", lang), key="sel_restore"):
        try:
            restored = restore_version(cache.engine(), chosen, version, editor, expected_version=versions[-1].version)
        except (StorageError, SQLAlchemyError) as exc:
            st.error(shown(exc) if isinstance(exc, StorageError) else t("db_error", lang))
            st.stop()
        set_selection([a for a in restored.area_ids if a in data.areas.index])
        quarter_data.set_selected_quarters(restored.quarter_ids)
        open_version(restored)
        session.SELECTION_FOCUS.set(restored.name)
        session.flash("selections", tmd("sel_saved", lang, name=restored.name, version=restored.version))
        st.rerun()
