"""The one formula-safe tabular writer (exports/cells.py) and the registry of documents
(exports/registry.py)."""

import csv
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from exports.cells import Sheet, csv_bytes, is_risky, neutralise, write_xlsx
from exports.registry import DOCUMENTS, MIME

# (text, risky): real text that starts like a formula is risky; signs alone and numbers are not.
GUARD = [
    ("=1+1", True),
    ("=HYPERLINK(\"http://evil\",\"x\")", True),
    ("+1+1", True),
    ("-2+3", True),
    ("-Innenstadt", True),
    ("@SUM(A1)", True),
    ("\tx", True),
    ("\rx", True),
    ("+", False),
    ("-", False),
    ("+/-", False),
    ("-3,5", False),
    ("+1.234", False),
    ("Innenstadt", False),
    ("", False),
]


@pytest.mark.parametrize(("text", "risky"), GUARD)
def test_formula_guard(text, risky):
    assert is_risky(text) is risky
    assert neutralise(text) == ("'" + text if risky else text)


def _csv(frame: pd.DataFrame, lang: str = "de") -> list[list[str]]:
    text = csv_bytes(frame, lang).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter={"de": ";", "en": ","}[lang]))


def test_class_codes_plus_and_minus_stay_as_they_are_in_csv_and_xlsx():
    frame = pd.DataFrame({"Gebiet": ["Ost", "West", "=cmd|' /C calc'!A0"], "Klasse": ["+", "-", "±"],
                          "Wert": [1.5, -2.0, 3.0]})
    rows = _csv(frame)
    assert [r[1] for r in rows[1:]] == ["+", "-", "±"]
    assert rows[3][0] == "'=cmd|' /C calc'!A0"  # the formula is kept as text
    assert [r[2] for r in rows[1:]] == ["1,5", "-2,0", "3,0"]
    sheet = openpyxl.load_workbook(io.BytesIO(write_xlsx({"S": frame})))["S"]
    assert [sheet.cell(r, 2).value for r in (2, 3, 4)] == ["+", "-", "±"]
    hostile = sheet["A4"]
    assert (hostile.value, hostile.data_type, hostile.quotePrefix) == ("=cmd|' /C calc'!A0", "s", True)
    assert (sheet["C3"].value, sheet["C3"].data_type) == (-2.0, "n")


def test_sheet_with_lines_above_the_table_keeps_every_text_as_text():
    frame = pd.DataFrame({"Name": ["@SUM(A1)"], "Wert": [2]})
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx(
        {"Übersicht": Sheet(frame, above=(("=Titel",), ("Quelle", "-Amt")), header_row=5)}
    )))
    sheet = book["Übersicht"]
    assert (sheet["A1"].value, sheet["A1"].data_type) == ("=Titel", "s")
    assert sheet["B2"].value == "-Amt"
    assert [c.value for c in sheet[5]] == ["Name", "Wert"]
    assert (sheet["A6"].value, sheet["A6"].data_type, sheet["B6"].value) == ("@SUM(A1)", "s", 2)
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_english_csv_uses_comma_and_point():
    rows = _csv(pd.DataFrame({"a": ["-"], "b": [0.5]}), "en")
    assert rows == [["a", "b"], ["-", "0.5"]]


def test_registry_names_every_document_and_format():
    assert set(DOCUMENTS) >= {"selection", "network", "projects", "classes", "view"}
    assert DOCUMENTS["selection"].formats == ("csv", "xlsx", "geojson", "pdf")
    assert DOCUMENTS["recipe"].file_name("csv", "r1") == "rezept_r1.csv"
    assert all(ext in MIME for d in DOCUMENTS.values() for ext in d.formats)
    with pytest.raises(ValueError, match="valid: csv"):
        DOCUMENTS["classes"].file_name("pdf")


def test_every_download_button_takes_its_file_name_from_the_registry():
    root = Path(__file__).resolve().parents[1]
    literal = re.compile(r"file_name=f?[\"']")
    found = [f"{p.relative_to(root)}:{n}" for folder in ("ui", "pages") for p in sorted((root / folder).rglob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1) if literal.search(line)]
    assert found == []
