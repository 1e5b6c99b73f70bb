"""The import page's review of the matching: report, notes, and the person's corrections.

Every pairing of a table row to a boundary that is not certain is shown for
confirmation or correction; what stays unmatched is named. Returns the final
:class:`geo.read.reconcile.Reconciliation` that is saved.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.analysis.splits import table_splits
from geo.read.reconcile import ReconcileError, Reconciliation, require_match
from geo.store.ingest import reconcile_table
from ui.shell.messages import said
from ui.shell.page import end_page
from ui.shell.strings import t, tmd

__all__ = ["review_matches"]


def review_matches(boundaries, table, key_field: str, name_field: str, parent_col: str | None,
                   lang: str) -> Reconciliation:
    """Match ``table`` to ``boundaries``, show the report and let the person correct uncertain pairs."""
    report = reconcile_table(boundaries, table)
    try:  # nothing matched: refused, naming the columns compared and samples of both sides
        keys = list(dict.fromkeys(table.parents.values())) if table.parents else list(table.frame.index)
        require_match(report, boundaries, keys, parent_col or table.key_column, (key_field, name_field))
    except ReconcileError as exc:
        st.error(tmd("upload_nothing_matched", lang, message=said(exc, lang)))
        end_page()
    for note in boundaries.attrs.get("repaired", []):
        st.caption(tmd("upload_repaired", lang, note=note))
    dissolved = boundaries.attrs.get("dissolved", [])
    if dissolved:
        st.info(tmd("upload_dissolved", lang, n=len(dissolved), names=", ".join(dissolved)))
    if table.missing:
        st.info(tmd("upload_missing", lang, n=sum(table.missing.values()),
                  columns=", ".join(f"{column} {n}" for column, n in table.missing.items())))
    for note in boundaries.attrs.get("skipped", []):
        st.warning(tmd("upload_skipped", lang, note=note))
    splits = table_splits(table.frame)
    if splits:  # totals and their parts: disclosure control protects them (geo/analysis/splits.py)
        text = "; ".join(f"{s.total} = {' + '.join(s.parts)}" for s in splits[:8])
        st.caption(tmd("upload_splits", lang, n=len(splits), splits=text))
    st.subheader(t("upload_report", lang))
    st.markdown(
        t(
            "upload_summary",
            lang,
            matched=len(report.pairs),
            method=t(f"upload_method_{report.method}", lang),
            table_only=len(report.unmatched_table),
            boundary_only=len(report.unmatched_boundaries),
            crs=f"EPSG:{boundaries.crs.to_epsg()}",
        )
    )
    # The person confirms or corrects every pairing that is not certain.
    names = dict(zip(boundaries["name"], boundaries["key"].astype(str)))
    key_name = {v: k for k, v in names.items()}
    uncertain = [(left, key_name.get(report.pairs.get(left, ""), None)) for left, _, _ in report.fuzzy]
    uncertain += [(left, None) for left in report.unmatched_table]
    corrected = dict(report.pairs)
    if uncertain:
        mapping = st.data_editor(
            pd.DataFrame(uncertain, columns=["table", "boundary"]),
            key="upload_mapping",
            hide_index=True,
            disabled=["table"],
            column_config={
                "table": st.column_config.TextColumn(t("upload_table_area", lang)),
                "boundary": st.column_config.SelectboxColumn(t("upload_boundary_area", lang), options=list(names)),
            },
        )
        for row in mapping.to_dict("records"):
            corrected.pop(row["table"], None)
            if row["boundary"]:
                corrected[row["table"]] = names[row["boundary"]]
    if report.unmatched_boundaries:
        st.caption(tmd("upload_no_data", lang, names=", ".join(report.unmatched_boundaries)))
    final = Reconciliation(
        method=report.method,
        pairs=corrected,
        fuzzy=[],
        unmatched_table=[k for k in (dict.fromkeys(table.parents.values()) or table.frame.index) if k not in corrected],
        unmatched_boundaries=[n for n, k in names.items() if k not in set(corrected.values())],
    )
    return final
