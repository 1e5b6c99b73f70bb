"""Widgets of the selections page: per-area rationale, exports, saved versions."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from exports import EXPORTERS, DecisionRecord, build_export
from exports.filenames import document_name
from exports.pdf import to_pdf
from exports.snapshot import classes_from, quarters_from
from geo.domain.dataset import Dataset, MapGeometry
from geo.numbers import format_datetime
from storage.selections import SavedVersion
from ui.shell import cache
from ui.shell.quarter_data import export_rows, visible_quarters  # the self-drawn quarters in the selection
from ui.shell.statusdynamics_share import area_classes
from ui.shell.strings import t

__all__ = ["export_buttons", "rationale_editor", "saved_overview", "version_view"]

BERLIN = ZoneInfo("Europe/Berlin")

# Sessions whose last PDF failed (the download runs outside the script run, so the page says so on its
# next run; the download itself is a short PDF with the message and the figures as text).
_PDF_FAILED: set[str] = set()


def rationale_editor(selection: Sequence[str], names: Mapping[str, str], lang: str, editable: bool) -> dict[str, str]:
    """One rationale per selected quarter; read-only (a plain table) in the public view."""
    stored: Mapping[str, str] = st.session_state.get("area_rationales", {})
    rows = pd.DataFrame(
        {
            "area_id": list(selection),
            "name": [names.get(a, a) for a in selection],
            "rationale": [str(stored.get(a, "") or "") for a in selection],
        }
    )
    if not editable:
        shown = rows.drop(columns="area_id").rename(
            columns={"name": t("col_name", lang), "rationale": t("sel_area_rationale", lang)}
        )
        st.dataframe(shown, hide_index=True, key="sel_rationales_view")
        return dict(zip(rows["area_id"], rows["rationale"]))
    edited = st.data_editor(
        rows,
        key=f"sel_rationales_{'-'.join(selection)}",
        hide_index=True,
        disabled=["area_id", "name"],
        column_config={
            "area_id": None,
            "name": st.column_config.TextColumn(t("col_name", lang)),
            "rationale": st.column_config.TextColumn(t("sel_area_rationale", lang), width="large"),
        },
    )
    typed = {r["area_id"]: str(r["rationale"] or "") for r in edited.to_dict("records")}
    st.session_state["area_rationales"] = {**stored, **typed}
    return typed


def _document_parts(data: Dataset, geometry: MapGeometry | None, saved: SavedVersion | None, lang: str):
    """Classes, quarter rows and the document's date: the saved version's own when it has them (the same
    version, the same document in any session), else this session's (a draft)."""
    quarters = quarters_from(saved.document, lang) if saved is not None else None
    if saved is None or quarters is None:  # a draft, or a version saved before documents were stored
        return area_classes(data, lang), export_rows(data, geometry, lang), None
    if cache.settings().public:  # a quarter not (or no longer) published stays off the public site
        visible = {q.id for q in visible_quarters(data, geometry)} if geometry is not None else set()
        quarters = tuple(q for q in quarters if q.id in visible)
    return classes_from(saved.document, lang), list(quarters), saved.created_at


def export_buttons(
    data: Dataset, selection: Sequence[str], record: DecisionRecord, geometry: MapGeometry | None, lang: str,
    saved: SavedVersion | None = None,
) -> None:
    """One download button per export format, each writing ``record`` as it stands in this run.

    With ``saved`` (the open version, unchanged) the documents are those of the version: its stored
    classes and quarters, dated when it was saved, byte for byte the same in every session.
    """
    st.markdown(f"**{t('sel_exports', lang)}**")
    token = st.session_state.setdefault("_export_session", uuid.uuid4().hex)
    if token in _PDF_FAILED:
        _PDF_FAILED.discard(token)
        st.error(t("sel_pdf_failed", lang))
    # read in the run: the download itself runs outside it, where the session's state is unknown
    classes, quarters, dated = _document_parts(data, geometry, saved, lang)
    # a version saved before documents were stored with it: made from today's data, and saying so
    today = saved is not None and dated is None
    note = t("sel_exports_today_note", lang, version=record.version,
             when=format_datetime(saved.created_at, lang)) if today else None
    if dated is not None:  # the documents are the version's own (classes and quarters as saved)
        st.caption(t("sel_exports_saved", lang, version=record.version))
    elif today:
        st.warning(note)
    else:
        st.caption(t("sel_exports_version", lang, version=record.version) if record.version is not None
                   else t("sel_exports_draft", lang))
        if classes is not None:
            st.caption(t("sel_exports_classes", lang))

    def writer(key: str):
        def build() -> bytes:
            export = build_export(data, selection, record, dated or datetime.now(BERLIN), geometry, lang, classes,
                                  quarters=quarters)
            if note:  # every format lists the sources: the note goes first among them
                export = replace(export, sources=(note, *export.sources))
            if EXPORTERS[key].write is to_pdf:
                return to_pdf(export, on_failure=lambda _error: _PDF_FAILED.add(token))
            return EXPORTERS[key].write(export)

        return build

    for column, (key, exporter) in zip(st.columns(len(EXPORTERS)), EXPORTERS.items()):
        column.download_button(
            exporter.label(lang), writer(key), file_name=document_name(record.name, record.version, exporter.extension), mime=exporter.mime,
            key=f"export_{key}", on_click="ignore",
        )


def saved_overview(saved_all: Sequence[SavedVersion], names: Mapping[str, str], lang: str, public: bool = False) -> str:
    """The table of saved selections and the choice of one to view; returns its name.

    Public: the published versions, with the office that published them (never a person's name).
    """
    who = (t("sel_publisher_col", lang), [s.publisher or "–" for s in saved_all]) if public else (
        t("sel_author", lang), [s.author for s in saved_all])
    overview = pd.DataFrame(
        {
            t("sel_name", lang): [s.name for s in saved_all],
            t("sel_version", lang): [s.version for s in saved_all],
            who[0]: who[1],
            t("sel_when", lang): [format_datetime(s.created_at, lang) for s in saved_all],
            t("col_name", lang): [", ".join(names.get(a, a) for a in s.area_ids) for s in saved_all],
        }
    )
    if not public:
        overview[t("sel_published_col", lang)] = ["✓" if s.published else "–" for s in saved_all]
    st.dataframe(overview, hide_index=True, key="sel_overview")
    return st.selectbox(t("sel_open", lang), [s.name for s in saved_all], placeholder=t("choose_option", lang), key="sel_open")


def version_view(shown: SavedVersion, names: Mapping[str, str], quarters: Mapping[int, str], lang: str) -> None:
    """A saved version: rationale, areas and visible self-drawn quarters with their rationales, who and when.

    ``quarters`` maps the ids of the quarters this session may see to their names (others are not shown).
    """
    st.text(t("sel_rationale", lang) + ": " + (shown.rationale or "–"))
    rows = [(names.get(a, a), shown.area_rationales.get(a, "")) for a in shown.area_ids]
    rows += [(t("sel_quarter_row", lang, name=quarters[q]), shown.quarter_rationales.get(str(q), ""))
             for q in shown.quarter_ids if q in quarters]
    st.dataframe(
        pd.DataFrame(rows, columns=[t("col_name", lang), t("sel_area_rationale", lang)]),
        hide_index=True,
        key="sel_version_items",
    )
    when = format_datetime(shown.created_at, lang)
    meta = (t("sel_version_meta", lang, author=shown.author, when=when) if shown.author
            else t("sel_public_meta", lang, publisher=shown.publisher or "–", when=when))
    st.caption(meta + (f" · {t('sel_restored_from', lang, v=shown.restored_from)}" if shown.restored_from else ""))
