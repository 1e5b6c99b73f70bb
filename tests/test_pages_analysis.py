"""AppTest for the comparison, screening, ranking and selections pages."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from tests.downloads import downloads  # noqa: F401  (fixture)

NB = "\u00a0"
PAGES = ["pages/screening.py", "pages/ranking.py", "pages/compare.py", "pages/selections.py"]


@pytest.fixture(autouse=True)
def environment(app_env):
    return app_env  # the app in a fresh folder (tests/conftest.py)


def open_page(page: str, selection: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    if selection is not None:
        at.session_state["selected_areas"] = selection
    at.switch_page(page).run()
    return at


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("selection", [[], ["hohenecken", "innenstadt-ost"]])
def test_page_runs(page, selection):
    at = open_page(page, selection)
    assert not at.exception
    assert not at.error


def test_compare_shows_selected_areas_total_and_city():
    at = open_page("pages/compare.py", ["hohenecken", "innenstadt-ost"])
    table = at.table[0].value
    assert list(table.index) == ["Hohenecken", "Innenstadt Ost", "Auswahl gesamt", "Innenstadt (Ortsbezirk, gesamt)",
                                 "Gesamtstadt"]
    assert table.loc["Hohenecken", "Anteil Ausländerinnen und Ausländer"] == f"9,2{NB}% · Rang 11/18 · −5,0 pp"
    assert len(at.get("vega_lite_chart")) == 6  # one bar chart per indicator, projects included


def test_compare_with_empty_selection_says_what_to_do():
    at = open_page("pages/compare.py", [])
    assert "Die Auswahl ist leer" in at.info[0].value


def test_screening_default_conditions_and_take_over():
    at = open_page("pages/screening.py", ["betzenberg"])
    assert "2 von 18 Gebieten erfüllen die Bedingungen" in at.markdown[0].value
    at.button(key="screening_take").click().run()
    assert at.session_state["selected_areas"] == ["betzenberg", "innenstadt-suedwest", "innenstadt-west-kotten"]
    assert [s["Schritt"] for s in at.session_state["selection_method"]["Schritte"]] == ["Von Hand", "Screening"]


def test_screening_or_finds_more():
    at = open_page("pages/screening.py")
    at.radio(key="screening_combine").set_value("or").run()
    assert "7 von 18 Gebieten" in at.markdown[0].value  # 4 by share, 5 by under-30 share, 2 by both


def test_screening_relative_condition_without_city_value_is_explained():
    at = open_page("pages/screening.py")
    at.session_state["screening_conditions"] = {
        "edited_rows": {1: {"relative": True}}, "added_rows": [], "deleted_rows": []
    }
    at.run()
    assert not at.exception
    assert "keinen Stadtwert" in at.warning[0].value


def test_ranking_default_top3_and_take_over():
    at = open_page("pages/ranking.py", [])
    table = at.dataframe[1].value
    assert table["Gebiet"].tolist()[:3] == ["Innenstadt Südwest", "Innenstadt West / Kotten", "Grübentälchen / Volkspark"]
    assert table["in Top 3 (Anteil der Gewichtungen)"].tolist()[:3] == ["100 %", "100 %", "77 %"]
    assert any(x.value.startswith("Index = 0,50 × z(Anteil Ausländerinnen und Ausländer)") for x in at.text)
    at.button(key="ranking_take").click().run()
    assert at.session_state["selected_areas"] == ["innenstadt-suedwest", "innenstadt-west-kotten", "gruebentaelchen-volkspark"]
    step = at.session_state["selection_method"]["Schritte"][-1]
    assert (step["Rangstabilität"], step["Übernommen"]) == ("±20 %, 1000 Ziehungen, Seed 2017", "Top 3")


def test_ranking_all_weights_zero_is_a_message():
    at = open_page("pages/ranking.py")
    at.session_state["ranking_weights"] = {
        "edited_rows": {0: {"weight": "0"}, 1: {"weight": "0,0"}}, "added_rows": [], "deleted_rows": []
    }
    at.run()
    assert not at.exception
    assert "Alle Gewichte sind null" in at.warning[0].value


def test_ranking_weight_typed_with_a_decimal_comma():
    at = _edit(open_page("pages/ranking.py"), "ranking_weights", {0: {"weight": "0,5"}, 1: {"weight": "1"}})
    assert not at.error
    assert at.session_state["_number_ranking_weight_values"][0] == 0.5
    # 0,5 and 1 normalised to a sum of 1 (read as 5 and 1 it would be 0,83 and 0,17)
    assert any(
        x.value == "Index = 0,33 × z(Anteil Ausländerinnen und Ausländer) + 0,67 × z(Anteil Ausländer an den unter 30-Jährigen)"
        for x in at.text
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [("0.5", "meinten Sie „0,5“?"), ("abc", "„abc“ ist keine Zahl"), ("-1", "Bitte eine Zahl ab 0 eingeben.")],
)
def test_ranking_unreadable_weight_keeps_the_last_one(typed, message):
    at = _edit(open_page("pages/ranking.py"), "ranking_weights", {0: {"weight": typed}})
    assert not at.exception
    assert message in at.error[0].value
    assert "Es gilt weiter 1." in at.error[0].value
    assert any(x.value.startswith("Index = 0,50 × z(") for x in at.text)


def test_ranking_type_profile_in_german_format():
    at = open_page("pages/ranking.py")
    profile = next(d.value for d in at.dataframe if "Gebiete" in d.value.columns)
    assert profile.index.tolist()[:1] == ["Typ 1"]
    assert all("," in v for v in profile["Anteil Ausländerinnen und Ausländer"])
    assert not any("." in v for v in profile["Anteil Ausländerinnen und Ausländer"])


def _signed_in(at: AppTest) -> AppTest:
    """Sign in as the editor ``anna`` unless this session already is (saving needs the sign-in)."""
    if "sign_in_user" in {w.key for w in at.text_input}:
        at.text_input(key="sign_in_user").input("anna")
        at.text_input(key="sign_in_password").input("geheim")
        at.button(key="FormSubmitter:sign_in-Anmelden").click().run()
    return at


def _save(at: AppTest, name: str, rationale: str) -> AppTest:
    _signed_in(at)
    at.text_input(key="sel_name").input(name)
    at.text_area(key="sel_rationale").input(rationale)
    return at.button(key="sel_save").click().run()


def test_saving_needs_the_sign_in_and_the_author_is_the_editor():
    at = open_page("pages/selections.py", ["hohenecken"])
    assert "sel_save" not in {b.key for b in at.button} and "sel_author" not in {w.key for w in at.text_input}
    assert "Zum Speichern oder Wiederherstellen einer Auswahl bitte oben anmelden" in at.info[0].value
    _save(at, "Nur angemeldet", "r")
    assert at.success[0].value == "Gespeichert: „Nur angemeldet“, Version 1."
    assert "Autorin/Autor: anna (angemeldet)" in [c.value for c in at.caption]
    from storage.db import database_url, make_engine
    from storage.selections import load_version

    assert load_version(make_engine(database_url()), "Nur angemeldet").author == "anna"


def test_two_sessions_on_one_selection_the_second_save_is_refused_with_what_changed():
    first = open_page("pages/selections.py", ["hohenecken"])
    _save(first, "Gemeinsam", "eins")
    second = open_page("pages/selections.py", [])
    _signed_in(second).button(key="sel_load").click().run()  # B opens version 1
    first.session_state["selected_areas"] = ["hohenecken", "betzenberg"]
    _save(first.run(), "Gemeinsam", "A: zwei")  # A saves version 2
    assert first.success[0].value == "Gespeichert: „Gemeinsam“, Version 2."
    second.text_area(key="sel_rationale").input("B: drei").run()
    second.button(key="sel_save").click().run()  # B, still at version 1
    message = second.error[0].value
    assert message.startswith("Nicht gespeichert: „Gemeinsam“ hat inzwischen Version 2, gespeichert von anna am ")
    assert "(Gebiete hinzugefügt: betzenberg; Begründung geändert); Ihre Änderung beruht auf Version 1." in message
    from storage.db import database_url, make_engine
    from storage.selections import history

    assert [v.rationale for v in history(make_engine(database_url()), "Gemeinsam")] == ["eins", "A: zwei"]


def test_save_history_restore_and_html_shown_as_text():
    at = open_page("pages/selections.py", ["hohenecken", "innenstadt-ost"])
    _save(at, "Kandidaten", "<b>erste</b> Fassung")
    assert at.success[0].value == "Gespeichert: „Kandidaten“, Version 1."
    at.session_state["selected_areas"] = ["betzenberg"]
    _save(at.run(), "Kandidaten", "zweite Fassung")
    assert at.success[0].value == "Gespeichert: „Kandidaten“, Version 2."
    at.selectbox(key="sel_version_Kandidaten").set_value(1).run()
    assert "Begründung der Auswahl: <b>erste</b> Fassung" in [x.value for x in at.text]  # text, not HTML
    at.button(key="sel_restore").click().run()
    assert at.success[0].value == "Gespeichert: „Kandidaten“, Version 3."


def test_saving_without_name_is_refused():
    at = open_page("pages/selections.py", ["hohenecken"])
    _save(at, "", "x")
    assert "Bitte einen Namen" in at.error[0].value
    assert "Noch keine Auswahl gespeichert." in [c.value for c in at.caption]


def test_saved_selection_survives_a_new_session_and_loads():
    first = open_page("pages/selections.py", ["hohenecken", "einsiedlerhof"])
    _save(first, "Bleibt", "r")
    second = open_page("pages/selections.py", [])  # a new session, same database file
    overview = second.dataframe[0].value
    assert overview["Name der Auswahl"].tolist() == ["Bleibt"]
    second.button(key="sel_load").click().run()
    assert second.session_state["selected_areas"] == ["hohenecken", "einsiedlerhof"]


def test_export_buttons_are_offered():
    at = open_page("pages/selections.py", ["hohenecken"])
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["CSV (Excel)", "Excel (XLSX)", "GeoJSON", "PDF-Bericht"]


def _sign_in(at: AppTest, monkeypatch) -> AppTest:

    at.text_input(key="sign_in_user").input("anna")
    at.text_input(key="sign_in_password").input("geheim")
    return at.button(key="FormSubmitter:sign_in-Anmelden").click().run()


def test_import_page_waits_for_files(monkeypatch):
    at = _sign_in(open_page("pages/upload.py"), monkeypatch)  # importing needs the editor sign-in
    assert not at.exception
    assert "Bitte beide Dateien wählen und „Dateien prüfen“ klicken." in at.info[0].value


def test_imported_dataset_can_be_chosen_and_mapped(tmp_path, monkeypatch, mirror_dir):
    import geopandas as gpd
    from shapely.geometry import box

    from geo.store.ingest import main

    boundaries = tmp_path / "b.gpkg"
    gpd.GeoDataFrame(
        {"id": ["1", "2"], "name": ["Ost", "West"]},
        geometry=[box(410000, 5475000, 411000, 5476000), box(409000, 5475000, 410000, 5476000)],
        crs=25832,
    ).to_file(boundaries)
    table = tmp_path / "t.csv"
    table.write_text("id;Haushalte\n1;10\n2;30\n", encoding="utf-8")
    assert main(["--boundaries", str(boundaries), "--indicators", str(table), "--name", "Zweistadt"]) == 0
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["ds"] = "zweistadt"
    at.run()
    assert not at.exception
    assert at.selectbox(key="ds").value == "zweistadt"
    assert at.selectbox(key="indicator").value == "haushalte"
    assert "Legende: Haushalte" in next(m.value for m in at.markdown if "Legende" in m.value)
    assert not any("Kernstadt" in i.value for i in at.info)  # no merged areas here
    at.selectbox(key="ds").set_value("kaiserslautern").run()
    assert at.selectbox(key="indicator").value == "foreign_share"
    at.switch_page("pages/data.py").run()
    listed = at.dataframe[-1].value
    assert listed["Name des Datensatzes"].tolist() == ["Kaiserslautern 2016 (Statistisches Amt)", "Zweistadt"]
    _sign_in(at, monkeypatch).button(key="datasets_remove").click().run()
    assert not at.exception
    assert "ds" not in [s.key for s in at.sidebar.selectbox]  # only the embedded dataset is left


def test_long_table_gives_a_year_control_and_a_change_indicator(tmp_path):
    import geopandas as gpd
    from shapely.geometry import box

    from geo.store.ingest import main

    boundaries = tmp_path / "b.gpkg"
    gpd.GeoDataFrame(
        {"id": ["1", "2", "3"], "name": ["Ost", "West", "Nord"]},
        geometry=[box(410000 + i * 1000, 5475000, 411000 + i * 1000, 5476000) for i in range(3)],
        crs=25832,
    ).to_file(boundaries)
    rows = ["id;indikator;jahr;wert"] + [
        f"{area};Anteil;{year};{value}".replace(".", ",")
        for area, base in (("1", 10.0), ("2", 20.0), ("3", 30.0))
        for year, value in ((2021, base), (2022, base + 1), (2023, base + 2.5))
    ]
    table = tmp_path / "lang.csv"
    table.write_text("\n".join(rows), encoding="utf-8")
    assert main(["--boundaries", str(boundaries), "--indicators", str(table), "--name", "Zeitreihe"]) == 0
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["ds"] = "zeitreihe"
    at.run()
    assert not at.exception
    assert at.selectbox(key="indicator").options == ["Anteil", "Anteil: Veränderung 2021–2023"]
    assert at.select_slider(key="year").value == 2023
    assert "Legende: Anteil (2023)" in next(m.value for m in at.markdown if "Legende" in m.value)
    at.select_slider(key="year").set_value(2021).run()
    assert "Legende: Anteil (2021)" in next(m.value for m in at.markdown if "Legende" in m.value)
    at.selectbox(key="indicator").set_value("anteil@2021-2023").run()
    legend = next(m.value for m in at.markdown if "Legende" in m.value)
    assert "Veränderung 2021–2023" in legend and "2,5\u00a0Prozentpunkte" in legend


def _decision_in(downloads, at: AppTest) -> dict[str, str]:
    """Name, author, rationale and version as each of the four documents carries them."""
    found = {}
    frame = pd.read_csv(io.BytesIO(downloads.fetch(at, "export_csv")), sep=";", encoding="utf-8-sig", keep_default_na=False)
    found["csv"] = (frame["Auswahl"][0], frame["Autor/in"][0], frame["Begründung der Auswahl"][0], frame["Version"][0],
                    frame["Begründung"][0])
    book = openpyxl.load_workbook(io.BytesIO(downloads.fetch(at, "export_xlsx")))
    method = {r[0]: r[1] for r in book["Methode"].iter_rows(min_row=2, values_only=True)}
    first = pd.read_excel(io.BytesIO(downloads.fetch(at, "export_xlsx")), sheet_name="Daten").fillna("")["Begründung"][0]
    found["xlsx"] = (method["Auswahl"], method["Autor/in"], method["Begründung der Auswahl"], method["Version"], first)
    meta = json.loads(downloads.fetch(at, "export_geojson"))
    version = meta["metadata"]["version"]
    found["geojson"] = (meta["metadata"]["name"], meta["metadata"]["author"], meta["metadata"]["rationale"],
                        version, meta["features"][0]["properties"]["rationale"])
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(downloads.fetch(at, "export_pdf"))).pages).split())
    found["pdf"] = pdf
    return found


def test_documents_carry_what_was_typed_then_what_was_saved(downloads):
    at = _signed_in(open_page("pages/selections.py", ["hohenecken", "einsiedlerhof", "morlautern"]))
    at.text_input(key="sel_name").input("Kandidaten Nord")
    at.text_area(key="sel_rationale").input("Hoher Anteil, junge Familien")
    at.run()
    draft = _decision_in(downloads, at)
    assert draft["csv"] == ("Kandidaten Nord", "anna", "Hoher Anteil, junge Familien",
                            "Entwurf, nicht gespeichert", "")
    assert draft["xlsx"][:4] == draft["csv"][:4]
    assert draft["geojson"][:4] == ("Kandidaten Nord", "anna", "Hoher Anteil, junge Familien", None)
    assert "Auswahl: Kandidaten Nord" in draft["pdf"] and "Hoher Anteil, junge Familien" in draft["pdf"]

    at.button(key="sel_save").click().run()
    assert at.success[0].value == "Gespeichert: „Kandidaten Nord“, Version 1."
    saved = _decision_in(downloads, at)
    assert saved["csv"][3].startswith("1 (gespeichert am ")
    assert saved["geojson"][3] == 1
    assert "anna" in saved["pdf"] and "1 (gespeichert am" in saved["pdf"]
    # After a change the documents say "draft" again, with the new text.
    at.text_area(key="sel_rationale").input("Geändert").run()
    assert _decision_in(downloads, at)["csv"][2:4] == ("Geändert", "Entwurf, nicht gespeichert")


def test_loaded_version_is_what_the_documents_show(downloads):
    first = open_page("pages/selections.py", ["hohenecken", "einsiedlerhof"])
    _save(first, "Geladen", "Begründung A")
    second = open_page("pages/selections.py", [])
    second.selectbox(key="sel_open").set_value("Geladen").run()
    second.button(key="sel_load").click().run()
    assert second.success[0].value == "Geladen: „Geladen“, Version 1."
    found = _decision_in(downloads, second)
    assert found["csv"][:4] == ("Geladen", "anna", "Begründung A", found["csv"][3])
    assert found["csv"][3].startswith("1 (gespeichert am")


def test_restore_is_saved_by_the_signed_in_editor():
    at = open_page("pages/selections.py", ["hohenecken"])
    _save(at, "Wieder", "eins")
    _save(at, "Wieder", "zwei")
    at.selectbox(key="sel_version_Wieder").set_value(1).run()
    at.button(key="sel_restore").click().run()
    assert at.success[0].value == "Gespeichert: „Wieder“, Version 3."
    assert at.selectbox(key="sel_version_Wieder").value == 3  # the list shows the new version at once
    assert "von anna" in " ".join(c.value for c in at.caption)


def _edit(at: AppTest, key: str, edited_rows: dict) -> AppTest:
    at.session_state[key] = {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}
    return at.run()


def _hit_names(at: AppTest) -> list[str]:
    return next(d.value for d in at.dataframe if "Gebiet" in d.value.columns or "Area" in d.value.columns).iloc[:, 0].tolist()


def test_screening_factor_typed_with_a_decimal_comma():
    at = _edit(open_page("pages/screening.py"), "screening_conditions", {0: {"threshold": "1,3"}})
    assert not at.error
    assert "1 von 18 Gebieten erfüllt die Bedingungen" in at.markdown[0].value
    assert _hit_names(at) == ["Innenstadt Südwest"]
    assert "Anteil Ausländerinnen und Ausländer ≥ 18,4\u00a0% (= 1,3 × Gesamtstadt)" in at.text[0].value
    hits = next(d.value for d in at.dataframe if "Gebiet" in d.value.columns)
    assert hits["Anteil Ausländerinnen und Ausländer"].tolist() == [f"20,4{NB}%"]


def test_screening_factor_in_english():
    at = open_page("pages/screening.py")
    at.session_state["_kept_lang"] = "en"
    at.run()
    at = _edit(at, "screening_conditions", {0: {"threshold": "1.3"}, 1: {"threshold": "0"}})
    assert not at.error
    assert "2 of 18 areas meet the conditions" in at.markdown[0].value
    assert _hit_names(at) == ["Innenstadt Südwest", "Grübentälchen / Volkspark"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1.3", "„1.3“ ist keine Zahl im deutschen Format – meinten Sie „1,3“?"),
        ("abc", "„abc“ ist keine Zahl (Beispiel: „1,5“)."),
    ],
)
def test_screening_unreadable_factor_is_refused_and_the_last_value_kept(typed, message):
    at = _edit(open_page("pages/screening.py"), "screening_conditions", {0: {"threshold": typed}})
    assert not at.exception
    assert message in at.error[0].value
    assert at.error[0].value.startswith("Bedingung 1:")
    assert "Es gilt weiter 1,2." in at.error[0].value
    assert "2 von 18 Gebieten erfüllen die Bedingungen" in at.markdown[0].value  # factor 1,2 still in force


def test_screening_new_row_with_unreadable_threshold_is_left_out():
    at = open_page("pages/screening.py")
    at.session_state["screening_conditions"] = {
        "edited_rows": {},
        "added_rows": [{"indicator": "Anteil Ausländerinnen und Ausländer", "op": ">=", "threshold": "viel"}],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    assert "Bedingung 3:" in at.error[0].value and "bleibt unberücksichtigt" in at.error[0].value
    assert "2 von 18 Gebieten" in at.markdown[0].value


@pytest.mark.parametrize(("lang", "shown"), [("de", ["1,2", "18"]), ("en", ["1.2", "18"])])
def test_screening_editor_shows_the_readers_number_format(lang, shown):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/screening.py").run()
    editor = next(d.value for d in at.dataframe if "threshold" in d.value.columns)
    assert editor["threshold"].tolist() == shown


def test_page_that_stops_early_still_has_the_sidebar_selection_list():
    at = open_page("pages/compare.py", [])
    assert "Die Auswahl ist leer" in at.info[-1].value
    assert at.multiselect(key="selection_widget").value == []  # the list the message points to is there
    at.multiselect(key="selection_widget").set_value(["hohenecken"]).run()
    assert not at.exception and "Hohenecken" in at.table[0].value.index


def test_screening_and_types_maps_have_legends_with_counts_and_grey():
    at = open_page("pages/screening.py")
    legend = " ".join(m.value for m in at.markdown if "Legende" in m.value)
    assert "Legende: Screening" in legend and "grau: Einheit aus mehreren Gebieten" in legend
    assert "Gebiete</td>" in legend or "Gebiet</td>" in legend
    types = open_page("pages/ranking.py")
    legend = " ".join(m.value for m in types.markdown if "Legende" in m.value)
    assert "Typ 1" in legend and "Dicke Umrandung: ausgewählt" in legend


def test_an_unexpected_error_is_a_message_with_details_not_a_bare_traceback(monkeypatch):
    import geo.analysis.compare

    def broken(*args, **kwargs):
        raise RuntimeError("kaputt /srv/geheim/pfad")

    monkeypatch.setattr(geo.analysis.compare, "comparison_table", broken)
    at = open_page("pages/compare.py", ["hohenecken"])
    assert at.error[0].value.startswith("Diese Seite konnte nicht vollständig angezeigt werden")
    assert "Details" in at.expander[0].label
    assert [e.value for e in at.expander[0].get("exception")] == ["kaputt /srv/geheim/pfad"]
    assert at.multiselect(key="selection_widget").value == ["hohenecken"]  # the sidebar is still there
