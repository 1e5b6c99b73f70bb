"""CSV for German Excel and XLSX with data, method and sources sheets."""

from __future__ import annotations

import io

import pandas as pd

from exports.model import SelectionExport, method_lines

__all__ = ["export_frame", "to_csv", "to_xlsx"]


def export_frame(export: SelectionExport) -> pd.DataFrame:
    """The data table with German column labels and the per-area rationale."""
    frame = export.table.copy()
    for spec in export.specs:
        decimals = spec.decimals + 1 if spec.kind == "share" else 0
        frame[spec.id] = frame[spec.id].round(decimals)
    frame["rationale"] = frame["area_id"].map(lambda a: export.area_rationales.get(a, "")).fillna("")
    labels = {"area_id": "Gebietsschlüssel", "name": "Gebiet", "part": "Ortsbezirk", "rationale": "Begründung"}
    labels.update({s.id: f"{s.label_de} [{s.unit_de}]" for s in export.specs})
    return frame.rename(columns=labels)


def to_csv(export: SelectionExport) -> bytes:
    """UTF-8 with BOM, semicolons and decimal commas: opens correctly in German Excel."""
    frame = export_frame(export)
    frame["Quelle"] = "; ".join(export.sources)
    frame["Stand"] = export.date_text
    frame["Methode"] = " | ".join(f"{k}: {v}" for k, v in method_lines(export)[3:]) or "Auswahl von Hand"
    return frame.to_csv(sep=";", decimal=",", index=False, encoding="utf-8-sig").encode("utf-8-sig")


def to_xlsx(export: SelectionExport) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        export_frame(export).to_excel(writer, sheet_name="Daten", index=False)
        pd.DataFrame(method_lines(export), columns=["Angabe", "Wert"]).to_excel(writer, sheet_name="Methode", index=False)
        pd.DataFrame({"Quelle": list(export.sources)}).to_excel(writer, sheet_name="Quellen", index=False)
    return buffer.getvalue()
