"""Self-drawn quarters in the selection exports (exports/model.py QuarterRow): rows, outline, escaping."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import pytest

from exports import EXPORTERS, build_export
from exports.model import QuarterRow
from tests.test_exports import AREAS, CREATED, RECORD

NAME = '=HYPERLINK("http://x","Slevfisch")'
OUTLINE = {"type": "Polygon", "coordinates": [[[7.76, 49.44], [7.775, 49.44], [7.775, 49.447], [7.76, 49.44]]]}
QUARTER = QuarterRow(7, NAME, {"residents": 1234.0, "foreigners": 321.0, "foreign_share": 321 / 1234 * 100},
                     "Summe der Gitterzellen, deren Mittelpunkt im Quartier liegt", OUTLINE)


@pytest.fixture(scope="module")
def export(dataset, map_geometry):
    return build_export(dataset, AREAS, RECORD, CREATED, map_geometry, quarters=[QUARTER])


def test_csv_has_the_quarter_row_marked_self_drawn_and_neutralised(export):
    data = EXPORTERS["csv"].write(export)
    frame = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=False)
    row = frame.iloc[3]
    assert row["Gebiet"] == "'" + NAME  # no formula in Excel
    assert (row["Gebietsschlüssel"], row["Teil von"]) == ("quarter:7", "selbst abgegrenzt")
    assert row["Ausländerinnen und Ausländer (Anzahl) [Personen]"] == 321
    assert row["Anteil Ausländerinnen und Ausländer [%]"] == 26.01
    assert frame["Gebiet"].tolist()[4:] == ["Auswahl gesamt", "Gesamtstadt"]
    assert frame["Ausländerinnen und Ausländer (Anzahl) [Personen]"].iloc[4] == 2329  # the quarter is not in the total
    assert "Mittelpunkt im Quartier" in row["Quelle"]


def test_xlsx_writes_the_name_as_text(export):
    sheet = openpyxl.load_workbook(io.BytesIO(EXPORTERS["xlsx"].write(export)))["Daten"]
    cell = next(c for c in sheet["B"] if c.value and "HYPERLINK" in str(c.value))
    assert (cell.value, cell.data_type, cell.quotePrefix) == (NAME, "s", True)  # text as typed, never a formula


def test_geojson_carries_the_quarter_outline(export):
    document = json.loads(EXPORTERS["geojson"].write(export))
    feature = next(f for f in document["features"] if f["id"] == "quarter:7")
    assert feature["geometry"] == OUTLINE
    assert feature["properties"]["name"] == NAME and feature["properties"]["geometry_note"] == ""
    assert feature["properties"]["residents"] == 1234.0


def test_pdf_lists_the_quarter(export):
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(EXPORTERS["pdf"].write(export))).pages)
    assert "Slevfisch" in text and "selbst abgegrenzt" in text
