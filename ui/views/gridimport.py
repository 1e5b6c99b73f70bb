"""Zensus grid files on the import page: the grid layer of the active dataset.

The same import as ``python -m geo.grid import`` (:func:`geo.store.gridstore.import_grid`):
uploaded CSV or ZIP files in the official format are read in chunks (with
progress), cut to the dataset's area and stored as its grid layer. A file that
cannot be used gives a German and English message and leaves the stored grid as
it was.
"""

from __future__ import annotations

import streamlit as st

from geo.numbers import format_number
from geo.read.zensus import GridError
from geo.store.gridstore import import_grid
from ui.shell import cache
from ui.views.gridview import reason_text
from ui.shell.markdown import md_escape
from ui.shell.messages import said
from ui.shell.strings import t, tmd
from ui.widgets.uploadfield import file_uploader
from ui.shell.uploads import discard, scrub, stash

__all__ = ["grid_import_section"]

KEY = "grid_upload"


def grid_import_section(editor: str, lang: str) -> None:
    """An expander: upload grid files, import them as the active dataset's grid layer on confirmation."""
    dataset_id = cache.active_dataset_id()
    label = cache.dataset_choices().get(dataset_id, dataset_id)
    with st.expander(t("gridimport_heading", lang), expanded=bool(st.session_state.get(KEY))):
        st.caption(t("gridimport_help", lang))
        current = cache.grid()
        if current is not None:
            st.caption(tmd("gridimport_existing", lang, dataset=label, cells=len(current.cells), size=current.size,
                           when=str(current.provenance.get("imported_at", ""))[:16].replace("T", " ")))
        uploads = file_uploader(t("gridimport_files", lang), ["csv", "zip"], KEY, lang, accept_multiple_files=True)
        if not uploads:
            return
        edition = st.selectbox(t("gridimport_edition", lang), [None, 2011, 2022], key="grid_import_edition",
                               format_func=lambda y: t("gridimport_edition_detect", lang) if y is None else f"Zensus {y}")
        if st.button(t("gridimport_confirm", lang, dataset=md_escape(label)), key="grid_import_confirm", type="primary"):
            _import(uploads, dataset_id, label, editor, lang, edition)


def _import(uploads, dataset_id: str, label: str, editor: str, lang: str, edition: int | None = None) -> None:
    folder, paths = stash(*uploads)
    bar = st.progress(0.0, text=t("gridimport_reading", lang))
    seen: list[str] = []  # CSV files in the order they are read (a zip may hold several)

    def progress(name: str, read: int, kept: int) -> None:
        if name not in seen:
            seen.append(name)
        bar.progress(min(0.99, (len(seen) - 0.5) / max(len(paths), len(seen))),
                     text=tmd("gridimport_progress", lang, name=name, read=format_number(read, 0, lang),
                            kept=format_number(kept, 0, lang)))

    try:
        result = import_grid(paths, dataset_id, editor, progress, edition=edition)
    except GridError as exc:
        st.error(t("gridimport_refused", lang, message=md_escape(scrub(said(exc, lang), folder))))
        return
    except OSError:  # disk full, permissions: the message would name server paths
        st.error(t("gridimport_failed", lang))
        return
    finally:
        bar.empty()
        discard(folder)
    report = result.report
    st.success(tmd("gridimport_saved", lang, dataset=label, cells=report["cells"], size=report["cell_size_m"],
                   columns=", ".join(report["columns"]), edition=result.grid.edition.name))
    for column, n in report["missing"].items():
        if n:
            reasons = ", ".join(f"{reason_text(k, lang)}: {v}" for k, v in report["missing_reasons"].get(column, {}).items())
            st.caption(tmd("gridimport_missing", lang, column=column, n=n, reasons=reasons))
