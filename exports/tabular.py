"""CSV for Excel in the reader's language and XLSX with data, method and sources sheets.

Both carry the whole decision (name, author, version, dataset, rationale, method,
weights) and write text through :mod:`exports.cells`, so no cell becomes a formula.
"""

from __future__ import annotations

import pandas as pd

from exports.cells import Sheet, csv_bytes, write_xlsx
from exports.model import SelectionExport, label, method_lines

__all__ = ["column_decimals", "export_frame", "to_csv", "to_xlsx"]


def export_frame(export: SelectionExport) -> pd.DataFrame:
    """The data table with column labels in the export's language and the per-area rationale."""
    lang = export.lang
    frame = export.table.copy()
    for spec in export.specs:
        # The decimals the dataset publishes (and the pages show): 16,9 % stays 16,9, never 17 or 16,94.
        decimals = max(spec.decimals, 0)
        frame[spec.id] = pd.to_numeric(frame[spec.id], errors="coerce").round(decimals)
        if decimals == 0:
            frame[spec.id] = frame[spec.id].astype("Int64")  # counts stay integers ("521", not "521,0")
    rationales = export.record.area_rationales
    frame["rationale"] = [rationales.get(a, "") if a else "" for a in frame["area_id"]]
    labels = {
        "area_id": label("area_id", lang),
        "name": label("area", lang),
        "part": label("part", lang),
        "rationale": label("area_rationale", lang),
    }
    labels.update(_spec_labels(export))
    labels.update({c: label(c, lang) for c in export.class_columns})
    return frame.rename(columns=labels)


def _spec_labels(export: SelectionExport) -> dict[str, str]:
    """indicator id -> its column label, "Label [unit]"."""
    units = {s.id: s.unit(export.lang) for s in export.specs}
    return {s.id: f"{s.label(export.lang)} [{units[s.id]}]" if units[s.id] else s.label(export.lang) for s in export.specs}


def column_decimals(export: SelectionExport) -> dict[str, int]:
    """Column label -> the decimals its numbers are written with: the indicator's, as pages and PDF show them."""
    labels = _spec_labels(export)
    return {labels[s.id]: max(s.decimals, 0) for s in export.specs}


def to_csv(export: SelectionExport) -> bytes:
    """One row per area; the decision and sources repeated in columns so every row stands alone."""
    frame = export_frame(export)
    for key, value in method_lines(export):
        frame[key] = value
    frame[label("source", export.lang)] = "; ".join(export.sources)
    return csv_bytes(frame, export.lang, column_decimals(export))


def to_xlsx(export: SelectionExport) -> bytes:
    lang = export.lang
    method = pd.DataFrame(method_lines(export), columns=[label("item", lang), label("value", lang)])
    return write_xlsx(
        {
            label("data", lang): Sheet(export_frame(export), decimals=column_decimals(export)),
            label("method", lang): method,
            label("sources", lang): pd.DataFrame({label("source", lang): list(export.sources)}),
        },
        moment=export.created if export.record.version is not None else None,  # a saved version: the same bytes
    )
