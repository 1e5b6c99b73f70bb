"""Widgets of the selections page: per-area rationale, exports, saved versions."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from exports import EXPORTERS, DecisionRecord, build_export
from exports.registry import DOCUMENTS
from exports.pdf import to_pdf
from geo.domain.dataset import Dataset, MapGeometry
from geo.numbers import format_datetime
from storage.selections import SavedVersion
from ui.quarter_data import export_rows  # the self-drawn quarters in the selection
from ui.statusdynamics_share import area_classes
from ui.strings import t

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


def export_buttons(
    data: Dataset, selection: Sequence[str], record: DecisionRecord, geometry: MapGeometry | None, lang: str
) -> None:
    """One download button per export format, each writing ``record`` as it stands in this run."""
    st.markdown(f"**{t('sel_exports', lang)}**")
    st.caption(
        t("sel_exports_version", lang, version=record.version)
        if record.version is not None
        else t("sel_exports_draft", lang)
    )

    token = st.session_state.setdefault("_export_session", uuid.uuid4().hex)
    if token in _PDF_FAILED:
        _PDF_FAILED.discard(token)
        st.error(t("sel_pdf_failed", lang))
    classes = area_classes(data, lang)  # read in the run: the download itself runs outside it
    quarters = export_rows(data, geometry, lang)  # likewise: outside the run the session's quarters are unknown
    if classes is not None:
        st.caption(t("sel_exports_classes", lang))

    def writer(key: str):
        def build() -> bytes:
            export = build_export(data, selection, record, datetime.now(BERLIN), geometry, lang, classes,
                                  quarters=quarters)
            if EXPORTERS[key].write is to_pdf:
                return to_pdf(export, on_failure=lambda _error: _PDF_FAILED.add(token))
            return EXPORTERS[key].write(export)

        return build

    for column, (key, exporter) in zip(st.columns(len(EXPORTERS)), EXPORTERS.items()):
        column.download_button(
            exporter.label(lang), writer(key), file_name=DOCUMENTS["selection"].file_name(exporter.extension), mime=exporter.mime,
            key=f"export_{key}", on_click="ignore",
        )


def saved_overview(saved_all: Sequence[SavedVersion], names: Mapping[str, str], lang: str) -> str:
    """The table of saved selections and the choice of one to view; returns its name."""
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
    return st.selectbox(t("sel_open", lang), [s.name for s in saved_all], placeholder=t("choose_option", lang), key="sel_open")


def version_view(shown: SavedVersion, names: Mapping[str, str], lang: str) -> None:
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
