"""Each export parsed back and compared with what was decided and with the source values."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import UTC, datetime

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from exports import EXPORTERS, DecisionRecord, build_export
from exports.cells import csv_bytes, neutralise, safe_frame, write_xlsx
from geo.analysis.compare import SelectionError

AREAS = ["innenstadt-suedwest", "hohenecken", "einsiedlerhof"]
RATIONALE = "Hohe Anteile <script>alert(1)</script> & junge Menschen"
CREATED = datetime(2017, 1, 24, 16, 30, tzinfo=UTC)
RECORD = DecisionRecord(
    name="Kandidaten 2017",
    author="Integrationsbeauftragter",
    rationale=RATIONALE,
    area_rationales={"hohenecken": "Ortsbezirk <b>mit</b> Potenzial", "einsiedlerhof": "Junge Familien"},
    version=3,
    saved_at=datetime(2017, 1, 20, 9, 5, tzinfo=UTC),
    method={"Index": "0,50 × z(Anteil) + 0,50 × z(unter 30)", "Gewichte": {"Anteil": 0.5, "unter 30": 1.25}},
)


def strict_json(data: bytes) -> dict:
    """RFC 8259: NaN and Infinity are not JSON."""

    def refuse(name: str):
        raise ValueError(f"not JSON: {name}")

    return json.loads(data, parse_constant=refuse)


@pytest.fixture(scope="module")
def export(dataset, map_geometry):
    return build_export(dataset, AREAS, RECORD, CREATED, map_geometry)


@pytest.fixture(scope="module")
def export_en(dataset, map_geometry):
    return build_export(dataset, AREAS, RECORD, CREATED, map_geometry, lang="en")


def test_csv_opens_like_german_excel_and_carries_the_decision(export):
    data = EXPORTERS["csv"].write(export)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    frame = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=False)
    assert frame["Gebiet"].tolist() == ["Innenstadt Südwest", "Hohenecken", "Einsiedlerhof", "Auswahl gesamt", "Gesamtstadt"]
    share = "Anteil Ausländerinnen und Ausländer [%]"
    assert frame[share].tolist()[:3] == [20.4, 9.2, 15.6]
    counts = frame["Ausländerinnen und Ausländer (Anzahl) [Personen]"].tolist()
    assert counts == [1794, 331, 204, 2329, 13918]
    assert b";1794;" in data and b"1794,0" not in data  # counts are integers
    # The selection share is recomputed from counts, not averaged (15.07 %).
    residents = 1794 / 0.204 + 331 / 0.092 + 204 / 0.156
    assert frame[share].iloc[3] == round(2329 / residents * 100, 1)  # the published decimals
    assert frame["Begründung"].tolist()[:3] == ["", "Ortsbezirk <b>mit</b> Potenzial", "Junge Familien"]
    first = frame.iloc[0]
    assert first["Auswahl"] == "Kandidaten 2017"
    assert first["Autor/in"] == "Integrationsbeauftragter"
    assert first["Version"] == "3 (gespeichert am 20.01.2017 10:05)"
    assert "Exportiert" not in frame.columns  # a saved version's document is the same whenever it is made
    assert first["Begründung der Auswahl"] == RATIONALE
    assert first["Methode: Index"] == "0,50 × z(Anteil) + 0,50 × z(unter 30)"
    assert first["Gewichte"] == "Anteil 0,50; unter 30 1,25"
    assert first["Datensatz"].startswith("Ausländische Bevölkerung") or "Kaiserslautern" in first["Datensatz"]
    assert "Statistisches Amt der Stadt Kaiserslautern, 2016" in first["Quelle"]
    assert b";20,4;" in data


def test_csv_in_english_uses_english_headers_and_numbers(export_en):
    data = EXPORTERS["csv"].write(export_en)
    frame = pd.read_csv(io.BytesIO(data), sep=",", encoding="utf-8-sig", keep_default_na=False)
    assert frame["Area"].tolist()[-2:] == ["Selection total", "Whole city"]
    assert frame["Foreign residents share [%]" if "Foreign residents share [%]" in frame else frame.columns[3]].tolist()[1] == 9.2
    assert frame["Weights"].iloc[0] == "Anteil 0.50; unter 30 1.25"
    assert frame["Version"].iloc[0] == "3 (saved on 2017-01-20 10:05)"
    assert b",9.2," in data


def test_xlsx_has_data_method_and_sources(export):
    payload = EXPORTERS["xlsx"].write(export)
    book = openpyxl.load_workbook(io.BytesIO(payload))
    assert book.sheetnames == ["Daten", "Methode", "Quellen"]
    data = pd.read_excel(io.BytesIO(payload), sheet_name="Daten")
    assert data.loc[data["Gebiet"] == "Hohenecken", "Anteil Ausländer an den unter 30-Jährigen [%]"].item() == 10.7
    assert data.loc[data["Gebiet"] == "Hohenecken", "Begründung"].item() == "Ortsbezirk <b>mit</b> Potenzial"
    method = {row[0]: row[1] for row in book["Methode"].iter_rows(min_row=2, values_only=True)}
    assert method["Auswahl"] == "Kandidaten 2017"
    assert method["Autor/in"] == "Integrationsbeauftragter"
    assert method["Version"] == "3 (gespeichert am 20.01.2017 10:05)"
    assert method["Begründung der Auswahl"] == RATIONALE
    assert method["Gewichte"] == "Anteil 0,50; unter 30 1,25"
    sources = [row[0] for row in book["Quellen"].iter_rows(min_row=2, values_only=True)]
    assert any("Stadtverwaltung Kaiserslautern (Open-Data-Portal)" in s for s in sources)


def test_geojson_is_strict_json_and_lists_areas_without_own_boundary(export):
    data = EXPORTERS["geojson"].write(export)
    document = strict_json(data)
    frame = gpd.read_file(io.BytesIO(data))
    assert frame["area_id"].tolist() == AREAS
    by_id = frame.set_index("area_id")
    assert by_id.loc["innenstadt-suedwest"].geometry is None  # a Kernstadt district: no own boundary
    assert "liegt in „Innenstadt“" in by_id.loc["innenstadt-suedwest", "geometry_note"]
    assert by_id.loc["hohenecken"].geometry.geom_type == "Polygon"
    assert by_id.loc["hohenecken", "foreign_share"] == 9.2
    meta = document["metadata"]
    assert (meta["name"], meta["author"], meta["version"]) == ("Kandidaten 2017", "Integrationsbeauftragter", 3)
    assert meta["rationale"] == RATIONALE
    assert meta["area_rationales"]["hohenecken"] == "Ortsbezirk <b>mit</b> Potenzial"
    assert meta["weights"] == {"Anteil": 0.5, "unter 30": 1.25}
    assert meta["method"] == {"Index": "0,50 × z(Anteil) + 0,50 × z(unter 30)"}
    assert meta["saved_at"] == "2017-01-20T09:05:00+00:00"


def test_geojson_writes_missing_values_as_null(dataset):
    # A hidden or unpublished figure (as in the public view or an imported table with "k.A.").
    areas = dataset.areas.copy()
    areas.loc["hohenecken", "foreign_share"] = float("nan")
    areas.loc["hohenecken", "foreigners"] = float("inf")
    export = build_export(dataclasses.replace(dataset, areas=areas), ["hohenecken"], RECORD, CREATED)
    data = EXPORTERS["geojson"].write(export)
    props = strict_json(data)["features"][0]["properties"]
    assert (props["foreign_share"], props["foreigners"]) == (None, None)
    assert b"NaN" not in data and b"Infinity" not in data


def test_pdf_text_carries_the_decision_table_and_sources(export):
    data = EXPORTERS["pdf"].write(export)
    reader = PdfReader(io.BytesIO(data))
    compact = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Auswahl: Kandidaten 2017" in compact
    for expected in [
        "Integrationsbeauftragter", "3 (gespeichert am 20.01.2017 10:05)", "Anteil 0,50; unter 30 1,25",
        "Innenstadt Südwest", "Hohenecken", "Einsiedlerhof", "20,4 %", "9,2 %", "1.794 Personen",
        "Ortsbezirk <b>mit</b> Potenzial", "Junge Familien",
    ]:
        assert expected in compact, expected
    assert RATIONALE in compact  # shown as typed, not interpreted
    assert "Statistisches Amt der Stadt Kaiserslautern, 2016" in compact
    # Innenstadt Südwest is one of nine Kernstadt districts: the Innenstadt is drawn as partly selected.
    assert "Teilweise ausgewählt (schraffiert, gestrichelt): Innenstadt" in compact
    assert sum(len(page.images) for page in reader.pages) == 1  # the map
    assert reader.metadata.author == "Integrationsbeauftragter"


def test_draft_says_so_and_unnamed_is_named(dataset):
    draft = DecisionRecord(name="", author="", rationale="")
    export = build_export(dataset, ["hohenecken"], draft, CREATED)
    method = {row[0]: row[1] for row in openpyxl.load_workbook(io.BytesIO(EXPORTERS["xlsx"].write(export)))["Methode"].iter_rows(min_row=2, values_only=True)}
    assert method["Version"] == "Entwurf, nicht gespeichert"
    assert method["Auswahl"] == "Auswahl ohne Namen"
    assert method["Methode"] == "Auswahl von Hand"


@pytest.mark.parametrize(
    "name",
    ["$x^2$ Quartier", "Nord\\Süd", "100 % Ankunft", "$", "a_b^c {d}", "<b>fett</b> & Co."],
)
def test_names_with_markup_characters_break_no_export(dataset, map_geometry, name):
    record = DecisionRecord(name=name, author=name, rationale=name, area_rationales={"hohenecken": name})
    export = build_export(dataset, ["hohenecken", "innenstadt-ost"], record, CREATED, map_geometry)
    for key, exporter in EXPORTERS.items():
        data = exporter.write(export)
        assert len(data) > 500, key
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(EXPORTERS["pdf"].write(export))).pages)
    assert name in " ".join(text.split())


FORMULAS = ["=HYPERLINK(\"http://evil\",\"x\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("payload", FORMULAS)
def test_no_export_cell_is_a_formula(dataset, payload):
    record = DecisionRecord(name=payload, author=payload, rationale=payload, area_rationales={"hohenecken": payload})
    export = build_export(dataset, ["hohenecken"], record, CREATED)
    book = openpyxl.load_workbook(io.BytesIO(EXPORTERS["xlsx"].write(export)))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    as_read = payload.replace("\r", "\n")  # XML turns a carriage return into a line feed
    assert as_read in [c.value for c in cells]  # kept as typed, as text
    assert all(c.quotePrefix for c in cells if c.value == as_read)
    rows = list(csv.reader(io.StringIO(EXPORTERS["csv"].write(export).decode("utf-8-sig"), newline=""), delimiter=";"))
    texts = [cell for row in rows for cell in row]
    assert payload not in texts and "'" + payload in texts
    assert not [t for t in texts if t.startswith(("=", "+", "@", "\t", "\r"))]


def test_numbers_stay_numbers_in_spreadsheets():
    frame = pd.DataFrame({"name": ["=1+1", "Ost"], "change": [-3.5, 2.0]})
    safe = safe_frame(frame)
    assert safe["name"].tolist() == ["'=1+1", "Ost"] and safe["change"].tolist() == [-3.5, 2.0]
    assert csv_bytes(frame).decode("utf-8-sig").split("\r\n") == ["name;change", "'=1+1;-3,5", "Ost;2,0", ""]
    sheet = openpyxl.load_workbook(io.BytesIO(write_xlsx({"S": frame})))["S"]
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-3.5, "n")
    assert neutralise(-3.5) == -3.5


def test_export_without_boundaries_still_lists_every_area(dataset):
    export = build_export(dataset, ["hohenecken"], RECORD, CREATED)
    frame = gpd.read_file(io.BytesIO(EXPORTERS["geojson"].write(export)))
    assert frame["geometry_note"].tolist() == ["Grenzen nicht geladen"]
    assert EXPORTERS["pdf"].write(export).startswith(b"%PDF")


def test_empty_selection_cannot_be_exported(dataset):
    with pytest.raises(SelectionError, match="Die Auswahl ist leer"):
        build_export(dataset, [], RECORD, CREATED)


def test_map_image_draws_partly_selected_unit_hatched(dataset, map_geometry):
    from exports.pdf import PARTIAL, map_png

    whole = build_export(dataset, ["hohenecken"], RECORD, CREATED, map_geometry)
    part = build_export(dataset, ["hohenecken", "innenstadt-ost"], RECORD, CREATED, map_geometry)
    assert part.partial_units == ("Innenstadt",) and whole.partial_units == ()
    colours = Image.open(io.BytesIO(map_png(part))).convert("RGB").getcolors(1 << 20)
    partial_rgb = tuple(int(PARTIAL[i : i + 2], 16) for i in (1, 3, 5))
    assert any(rgb == partial_rgb for _, rgb in colours)


def test_the_method_caption_says_method_and_each_step_once():
    from exports.model import STEP_KEY, STEPS_KEY, DecisionRecord, method_caption

    steps = [{STEP_KEY: "Screening", "Bedingung": "A ≥ 1", "Übernommen": "4 Treffer"},
             {STEP_KEY: "Ranking", "Index": "z", "Gewichte": {"A": 1.0}, "Übernommen": "Top 3"}]
    text = method_caption(DecisionRecord(name="x", author="", method={STEPS_KEY: steps}))
    assert text == ("Methode: 1. Screening: Bedingung: A ≥ 1 | Übernommen: 4 Treffer | "
                    "2. Ranking: Index: z | Übernommen: Top 3 | Gewichte: A 1,00")
    assert method_caption(DecisionRecord(name="x", author="")) == "Methode: Auswahl von Hand"  # no "Gewichte: –"
