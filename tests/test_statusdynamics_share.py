"""The ranking page's status-dynamics classes on the comparison page and in every selection export.

AppTest through the pages (ranking -> comparison -> selections) and the bytes behind the download
buttons (tests/downloads.py), on a synthetic long table imported as a user would.
"""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from tests.test_pages_statusdynamics import status_from_2019
from tests.downloads import downloads  # noqa: F401  (fixture)
from tests.test_pages_statusdynamics import _long_table

PICKED = ["p0", "p9", "p10"]  # status 4 stable, status 2 negative, under 300 residents
EXPECTED = {
    "Gebiet 0": ("4 sehr niedrig", "stabil (±)", "4±"),
    "Gebiet 9": ("2 mittel", "negativ (-)", "2-"),
    "Gebiet 10": ("", "", "ungültig"),
}


@pytest.fixture(autouse=True)
def environment(app_env, tmp_path):
    _long_table(tmp_path)  # dataset "zeitreihe": ALQ 2019, its change to 2021, residents
    return app_env


def _app(visit_ranking: bool = True, lang: str = "de") -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    at.query_params["ds"] = "zeitreihe"
    at.run()
    if lang != "de":
        at.selectbox(key="lang").set_value(lang).run()
    at.session_state["selected_areas"] = PICKED
    if visit_ranking:
        at.switch_page("pages/ranking.py").run()
        assert not at.exception
        status_from_2019(at)  # the page opens on the newest year
        assert at.radio(key="sdi_source").value == "changes"
    return at


def test_comparison_shows_the_classes_of_the_ranking_page():
    at = _app()
    ranking = next(d.value for d in at.dataframe if "Status-Dynamik" in d.value.columns)
    on_ranking = dict(zip(ranking["Gebiet"], ranking["Status-Dynamik"]))
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    table = at.table[0].value
    shown = {name: tuple(table.loc[name, ["Status", "Dynamik", "Status-Dynamik"]]) for name in EXPECTED}
    # on screen the minus sign ("2−", "negativ (−)"); the files below keep the code ("2-")
    on_screen = {name: tuple(v.replace("-", "\u2212") for v in values) for name, values in EXPECTED.items()}
    assert shown == {name: tuple(v or "–" for v in values) for name, values in on_screen.items()}
    assert {name: table.loc[name, "Status-Dynamik"] for name in EXPECTED} == {n: on_ranking[n] for n in EXPECTED}
    assert table.loc["Auswahl gesamt", "Status-Dynamik"] == "–" and table.loc["Gesamtstadt", "Status"] == "–"
    assert any("wie auf der Seite Rangfolge eingestellt" in c.value for c in at.caption)


def test_english_comparison_names_invalid_areas_in_english_with_the_minus_sign():
    at = _app(lang="en")
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    table = at.table[0].value
    codes = [c for c in table.columns if c.startswith("Status-dynamics")]
    assert [table.loc[n, codes[0]] for n in ("Gebiet 0", "Gebiet 9", "Gebiet 10")] == ["4±", "2\u2212", "invalid"]
    assert not (table == "ungültig").any().any()


def test_a_changed_cut_off_on_the_ranking_page_reaches_the_comparison():
    at = _app()
    at.text_input(key="sdi_status_cuts").input("-1; 1; 3").run()  # 4 sehr niedrig only above +3
    at.switch_page("pages/compare.py").run()
    assert at.table[0].value.loc["Gebiet 0", "Status-Dynamik"] == "3±"


def test_without_the_ranking_page_nothing_is_added():
    at = _app(visit_ranking=False)
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    assert "Status-Dynamik" not in at.table[0].value.columns


def test_every_export_carries_the_classes_and_their_method(downloads):
    at = _app()
    at.switch_page("pages/selections.py").run()
    assert not at.exception
    assert any("Die Exporte enthalten Status, Dynamik" in c.value for c in at.caption)

    csv = pd.read_csv(io.BytesIO(downloads.fetch(at, "export_csv")), sep=";", encoding="utf-8-sig",
                      keep_default_na=False, dtype=str)
    rows = csv.set_index("Gebiet")
    assert {n: tuple(rows.loc[n, ["Statusklasse", "Dynamikklasse", "Status-Dynamik-Index"]]) for n in EXPECTED} == EXPECTED
    assert tuple(rows.loc["Gesamtstadt", ["Statusklasse", "Status-Dynamik-Index"]]) == ("", "")
    method = rows.loc["Gebiet 0", "Status-Dynamik-Index: Statusindex"]
    assert method == "z(1,00 × z(ALQ (2019)))"
    assert rows.loc["Gebiet 0", "Status-Dynamik-Index: Dynamikindex"] == "z(1,00 × z(ALQ: Veränderung 2019–2021))"
    assert rows.loc["Gebiet 0", "Status-Dynamik-Index: Statusklassen"] == (
        "1 hoch < −1 ≤ 2 mittel ≤ +1 < 3 niedrig ≤ +1,5 < 4 sehr niedrig"
    )
    assert rows.loc["Gebiet 0", "Status-Dynamik-Index: Nicht klassifiziert"] == (
        "Gebiet 10: unter 300 Einwohnern (250)"
    )

    book = openpyxl.load_workbook(io.BytesIO(downloads.fetch(at, "export_xlsx")))
    data = pd.read_excel(io.BytesIO(downloads.fetch(at, "export_xlsx")), sheet_name="Daten", dtype=str).fillna("")
    sheet = data.set_index("Gebiet")
    assert {n: tuple(sheet.loc[n, ["Statusklasse", "Dynamikklasse", "Status-Dynamik-Index"]]) for n in EXPECTED} == EXPECTED
    lines = {r[0]: r[1] for r in book["Methode"].iter_rows(min_row=2, values_only=True)}
    assert lines["Status-Dynamik-Index: Mindesteinwohnerzahl"].startswith("300 (")
    assert lines["Status-Dynamik-Index: Dynamikklassen"] == "+ positiv < −1 ≤ ± stabil ≤ +1 < - negativ"

    geojson = json.loads(downloads.fetch(at, "export_geojson"))
    props = {f["properties"]["name"]: f["properties"] for f in geojson["features"]}
    assert {n: (p["status_class"], p["dynamics_class"], p["sdi_code"]) for n, p in props.items()} == EXPECTED
    meta = dict(map(tuple, geojson["metadata"]["lines"]))
    assert meta["Status-Dynamik-Index: Statusindex"] == method

    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(downloads.fetch(at, "export_pdf"))).pages).split())
    assert "Status-Dynamik-Index: Statusklassen" in pdf and "Gebiet 10: unter 300 Einwohnern (250)" in pdf
    assert "4±" in pdf and "2-" in pdf and "ungültig" in pdf


def test_english_exports_carry_english_classes(downloads):
    at = _app(lang="en")
    at.switch_page("pages/selections.py").run()
    csv = pd.read_csv(io.BytesIO(downloads.fetch(at, "export_csv")), sep=",", encoding="utf-8-sig",
                      keep_default_na=False, dtype=str).set_index("Area")  # English CSV: comma-separated
    assert tuple(csv.loc["Gebiet 9", ["Status class", "Dynamics class", "Status-dynamics index"]]) == (
        "2 medium", "negative (-)", "2-"
    )
    assert csv.loc["Gebiet 9", "Status-dynamics index: Status classes"].startswith("1 high < −1")


def test_exports_without_a_classification_have_no_class_columns(downloads):
    at = _app(visit_ranking=False)
    at.switch_page("pages/selections.py").run()
    csv = pd.read_csv(io.BytesIO(downloads.fetch(at, "export_csv")), sep=";", encoding="utf-8-sig", dtype=str)
    assert "Statusklasse" not in csv.columns and not any(c.startswith("Status-Dynamik") for c in csv.columns)
    geojson = json.loads(downloads.fetch(at, "export_geojson"))
    assert "sdi_code" not in geojson["features"][0]["properties"]


def test_when_the_ranking_page_cannot_compute_no_classes_are_in_force():
    at = _app()
    n = 4  # rows of the weights table: ALQ 2019, ALQ 2021, residents, the change of ALQ
    at.session_state["ranking_weights"] = {
        "edited_rows": {i: {"weight": "0"} for i in range(n)}, "added_rows": [], "deleted_rows": []
    }
    at.run()
    assert any(w.value.startswith("Alle Gewichte sind null") for w in at.warning)  # the ranking page says why
    at.switch_page("pages/compare.py").run()
    assert "Status-Dynamik" not in at.table[0].value.columns
