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
    assert row["Anteil Ausländerinnen und Ausländer [%]"] == 26.0  # the published decimals (26,01 before)
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


@pytest.fixture(scope="module")
def quarters_only(dataset, map_geometry):
    return build_export(dataset, [], RECORD, CREATED, map_geometry, quarters=[QUARTER])


def test_quarters_only_keep_an_empty_total_row_and_say_why(quarters_only):
    frame = pd.read_csv(io.BytesIO(EXPORTERS["csv"].write(quarters_only)), sep=";", decimal=",",
                        encoding="utf-8-sig", keep_default_na=False)
    assert frame["Gebiet"].tolist() == ["'" + NAME, "Auswahl gesamt", "Gesamtstadt"]
    total = frame.iloc[1]
    assert total["Teil von"] == "keine amtlichen Gebiete"
    residents = "Einwohnerinnen und Einwohner (abgeleitet) [Personen]"
    assert (total[residents], total["Anteil Ausländerinnen und Ausländer [%]"]) == ("", "")  # sums nothing
    assert frame[residents].tolist() == ["1234", "", "98231"]  # the quarter; the city as ever
    assert any("nur selbst abgegrenzte Quartiere" in s for s in quarters_only.sources)


def test_quarters_only_write_every_document(quarters_only):
    from pypdf import PdfReader

    book = openpyxl.load_workbook(io.BytesIO(EXPORTERS["xlsx"].write(quarters_only)))["Daten"]
    assert [c.value for c in book["B"]][1:4] == [NAME, "Auswahl gesamt", "Gesamtstadt"]
    document = json.loads(EXPORTERS["geojson"].write(quarters_only))
    assert [f["id"] for f in document["features"]] == ["quarter:7"]
    pages = PdfReader(io.BytesIO(EXPORTERS["pdf"].write(quarters_only))).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "Slevfisch\") (selbst abgegrenzt) 26,0 % – 321 Personen 1.234 Personen Auswahl gesamt – – – –" in text
    assert "Die Auswahl enthält nur selbst abgegrenzte Quartiere: Die Zeile „Auswahl gesamt“ bleibt leer" in text


def test_nothing_at_all_is_still_refused(dataset, map_geometry):
    from geo.analysis.compare import SelectionError

    with pytest.raises(SelectionError):
        build_export(dataset, [], RECORD, CREATED, map_geometry)


def test_the_pdf_map_draws_the_quarter_outline(quarters_only):
    from dataclasses import replace

    import numpy as np
    from PIL import Image

    from exports.pdf import QUARTER, map_png

    def quarter_pixels(png: bytes) -> int:
        pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
        colour = np.array([int(QUARTER[i:i + 2], 16) for i in (1, 3, 5)])
        return int((np.abs(pixels.astype(int) - colour).sum(axis=1) < 30).sum())

    with_outline = quarter_pixels(map_png(quarters_only))
    assert with_outline > 50  # the outline (and its legend line)
    assert quarter_pixels(map_png(replace(quarters_only, quarters=()))) == 0
