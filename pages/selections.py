"""Selections page: name, justify, save, version, restore, publish and export the selection.

The public site lists published versions only (storage/publishing.py), with the office that
published them and the rationales marked public; nothing unpublished is reachable from here.
"""

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from exports.model import method_caption
from exports.snapshot import document_of
from storage.candidates import selection_datasets
from storage.db import DatabaseDamaged
from storage.publishing import load_published, published_history, published_selections
from storage.selections import (
    StorageError,
    history,
    list_selections,
    load_version,
    restore_version,
    save_selection,
)
from ui.shell import cache, quarter_data
from ui.documents.decision import current_record, open_version, opened_document, opened_version, quarter_key, set_draft, text_widget
from ui.shell.markdown import md_escape
from ui.shell.messages import shown
from ui.shell.notices import database_notice
from ui.shell.page import current_lang
from ui.shell.selection import get_selection, set_selection
from ui.documents.selection_docs import export_buttons, rationale_editor, saved_overview, version_view
from ui.views.selection_datasets import of_this_dataset
from ui.views.selection_publish import publish_flash, publish_panel
from ui.widgets.signin import signin_panel
from ui.shell.statusdynamics_share import area_classes
from ui.shell.strings import LANGUAGES, t, tmd
from ui.shell import session

lang = current_lang()
data = cache.dataset()
public = cache.settings().public
geometry = cache.boundaries().geometry
names = data.areas["name"].to_dict()
st.title(t("page_selections_public" if public else "page_selections", lang))
db_problem = database_notice(lang)  # damaged database: said here; no save form, no "nothing saved"
# Saving and restoring need the editor sign-in, like every other change; the author is the editor.
editor = None if public or db_problem else signin_panel(lang)
if editor:
    set_draft(author=editor)
publish_flash()
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
visible = {q.id: q.name for q in quarter_data.visible_quarters(data, geometry)} if geometry is not None else {}
drawn_ids = [q for q in quarter_data.selected_quarters() if q in visible]
st.subheader(t("sel_current", lang))
if not selection and not drawn_ids:  # self-drawn quarters alone are a selection too
    st.info(t("sel_empty", lang))
else:
    # one rationale per official area and per self-drawn quarter ("quarter:<id>", as in the exports)
    row_names = {**names, **{quarter_key(q): t("sel_quarter_row", lang, name=visible[q]) for q in drawn_ids}}
    keys = [*selection, *(quarter_key(q) for q in drawn_ids)]
    rationales = rationale_editor(keys, row_names, lang, editable=not public)
    if drawn_ids:
        st.text(t("sel_quarters", lang, names=", ".join(visible[q] for q in drawn_ids)))  # st.text: plain text
    st.caption(method_caption(current_record(selection), lang))
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
            # what the documents show beyond the areas' figures, kept with the version (every language)
            document = document_of(
                {code: area_classes(data, code) for code in LANGUAGES},
                {code: quarter_data.export_rows(data, geometry, code) for code in LANGUAGES},
            )
            try:
                saved = save_selection(
                    cache.engine(), record.name, selection, editor, record.rationale,
                    {a: rationales.get(a, "") for a in selection}, record.method, dataset=data.source.id,
                    known_areas=list(data.areas.index), quarter_ids=quarter_data.selected_quarters(),
                    expected_version=opened_version(record.name),
                    quarter_rationales={str(q): rationales.get(quarter_key(q), "") for q in drawn_ids},
                    document=document,
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
    export_buttons(data, selection, current_record(selection), geometry, lang, opened_document(selection))

st.subheader(t("sel_saved_heading", lang))
try:  # the public site reads published versions only, as the public may see them
    saved_all = None if db_problem else (published_selections if public else list_selections)(cache.engine())
    dataset_of = {} if saved_all is None else selection_datasets(cache.engine())
except SQLAlchemyError:
    saved_all = None
if saved_all is not None:  # this dataset's; the others' a click away (their areas are not this dataset's)
    saved_all = of_this_dataset(saved_all, dataset_of, data.source.id, lang)
if saved_all is None:
    st.caption(t("sel_db_unavailable", lang))
elif not saved_all:
    st.caption(t("sel_public_none" if public else "sel_none_saved", lang))
else:
    chosen = saved_overview(saved_all, names, lang, public)
    versions = (published_history if public else history)(cache.engine(), chosen)
    version = st.selectbox(
        t("sel_version", lang), [v.version for v in reversed(versions)], key=f"sel_version_{chosen}",
        placeholder=t("choose_option", lang),
        format_func=lambda v: f"{v}" + (" (" + t("sel_latest", lang) + ")" if v == versions[-1].version else ""),
    )
    viewed = (load_published if public else load_version)(cache.engine(), chosen, version)
    version_view(viewed, names, visible, lang)
    buttons = st.columns(2)
    if buttons[0].button(t("sel_load", lang), key="sel_load"):
        set_selection([a for a in viewed.area_ids if a in data.areas.index])
        quarter_data.set_selected_quarters(viewed.quarter_ids)
        open_version(viewed)
        session.flash("selections", tmd("sel_loaded", lang, name=viewed.name, version=viewed.version))
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
    if editor:
        publish_panel(cache.engine(), viewed, editor, names, visible, lang)
