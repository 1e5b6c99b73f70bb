"""Each export parsed back and compared with the source values."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from exports import EXPORTERS, build_export
from geo.compare import SelectionError

AREAS = ["innenstadt-suedwest", "hohenecken", "einsiedlerhof"]
RATIONALE = "Hohe Anteile <script>alert(1)</script> & junge Menschen"


@pytest.fixture(scope="module")
def export(dataset, map_geometry):
    return build_export(
        dataset,
        AREAS,
        name="Kandidaten 2017",
        author="Integrationsbeauftragter",
        created=datetime(2017, 1, 24, 16, 30, tzinfo=UTC),
        rationale=RATIONALE,
        area_rationales={"hohenecken": "Ortsbezirk <b>mit</b> Potenzial"},
        method={"Index": "0.50 × z(Anteil) + 0.50 × z(unter 30)", "Gewichte": "Anteil 1; unter 30 1"},
        geometry=map_geometry,
    )


def test_csv_opens_like_german_excel(export):
    data = EXPORTERS["csv"].write(export)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    frame = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert frame["Gebiet"].tolist() == ["Innenstadt Südwest", "Hohenecken", "Einsiedlerhof", "Auswahl gesamt", "Gesamtstadt"]
    share = "Anteil Ausländerinnen und Ausländer [%]"
    assert frame[share].tolist()[:3] == [20.4, 9.2, 15.6]
    counts = frame["Ausländerinnen und Ausländer (Anzahl) [Personen]"].tolist()
    assert counts == [1794, 331, 204, 2329, 13918]
    # The selection share is recomputed from counts, not averaged (15.07 %).
    residents = 1794 / 0.204 + 331 / 0.092 + 204 / 0.156
    assert frame[share].iloc[3] == round(2329 / residents * 100, 2)
    assert frame["Begründung"].fillna("").tolist()[1] == "Ortsbezirk <b>mit</b> Potenzial"
    assert "Statistisches Amt der Stadt Kaiserslautern, 2016" in frame["Quelle"].iloc[0]
    assert frame["Stand"].iloc[0] == "24.01.2017 16:30"
    assert "0.50 × z(Anteil)" in frame["Methode"].iloc[0]
    assert b";20,4;" in data


def test_xlsx_has_data_method_and_sources(export):
    book = openpyxl.load_workbook(io.BytesIO(EXPORTERS["xlsx"].write(export)))
    assert book.sheetnames == ["Daten", "Methode", "Quellen"]
    data = pd.read_excel(io.BytesIO(EXPORTERS["xlsx"].write(export)), sheet_name="Daten")
    assert data.loc[data["Gebiet"] == "Hohenecken", "Anteil Ausländer an den unter 30-Jährigen [%]"].item() == 10.7
    method = {row[0]: row[1] for row in book["Methode"].iter_rows(min_row=2, values_only=True)}
    assert method["Begründung"] == RATIONALE
    assert method["Gewichte"] == "Anteil 1; unter 30 1"
    sources = [row[0] for row in book["Quellen"].iter_rows(min_row=2, values_only=True)]
    assert any("Stadtverwaltung Kaiserslautern (Open-Data-Portal)" in s for s in sources)


def test_geojson_lists_areas_without_own_boundary(export):
    data = EXPORTERS["geojson"].write(export)
    frame = gpd.read_file(io.BytesIO(data))
    assert frame["area_id"].tolist() == AREAS
    by_id = frame.set_index("area_id")
    assert by_id.loc["innenstadt-suedwest"].geometry is None  # a Kernstadt district: no own boundary
    assert "liegt in „Innenstadt“" in by_id.loc["innenstadt-suedwest", "geometry_note"]
    assert by_id.loc["hohenecken"].geometry.geom_type == "Polygon"
    assert by_id.loc["hohenecken", "foreign_share"] == 9.2
    assert json.loads(data)["metadata"]["Auswahl"] == "Kandidaten 2017"


def test_pdf_text_carries_table_rationale_and_sources(export):
    data = EXPORTERS["pdf"].write(export)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    compact = " ".join(text.split())
    assert "Auswahl: Kandidaten 2017" in compact
    for expected in ["Innenstadt Südwest", "Hohenecken", "Einsiedlerhof", "20,40 %", "9,20 %", "1.794 Personen"]:
        assert expected in compact
    assert "<script>alert(1)</script>" in compact  # shown as typed, not interpreted
    assert "Statistisches Amt der Stadt Kaiserslautern, 2016" in compact
    assert sum(len(page.images) for page in reader.pages) == 1  # the map


def test_export_without_boundaries_still_lists_every_area(dataset):
    export = build_export(dataset, ["hohenecken"], "x", "y", datetime(2020, 1, 1, tzinfo=UTC))
    frame = gpd.read_file(io.BytesIO(EXPORTERS["geojson"].write(export)))
    assert frame["geometry_note"].tolist() == ["Grenzen nicht geladen"]
    assert EXPORTERS["pdf"].write(export).startswith(b"%PDF")


def test_empty_selection_cannot_be_exported(dataset):
    with pytest.raises(SelectionError, match="Die Auswahl ist leer"):
        build_export(dataset, [], "x", "y", datetime(2020, 1, 1, tzinfo=UTC))
