"""AppTest through the import page: the review shows what the heuristics guessed (sample names of every
attribute, a constant name field never chosen, no "None" in the column choices, id columns, published
shares, aggregate rows) and asks for the year of a table without a year column (issue #21)."""

from __future__ import annotations

import tempfile

import pytest
from streamlit.testing.v1 import AppTest

from geo.store.catalog import list_datasets
from geo.store.pipeline import datasets_root
from tests.cityshapes import (
    excel_wide_table,
    long_with_aggregates,
    stadtbereiche_shapefile,
    stadtteile_geojson,
    yearly_share_tables,
)
from tests.conftest import REPO

SIGN_IN = "FormSubmitter:sign_in-Anmelden"


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path, app_env):
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))


def import_page(boundaries, table, shown_name: str | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/upload.py").run()
    at.text_input(key="sign_in_user").input("anna")
    at.text_input(key="sign_in_password").input("geheim")
    at.button(key=SIGN_IN).click().run()
    at.file_uploader(key="upload_boundaries").set_value((boundaries.name, boundaries.read_bytes(), "application/zip"))
    at.file_uploader(key="upload_indicators").set_value((shown_name or table.name, table.read_bytes(), "text/csv"))
    return at.button(key="upload_check").click().run()  # the form's check button


def imported_only(infos: list) -> list:
    """The imported datasets, without the default one (built into the same folder from data/sources.toml)."""
    return [i for i in infos if not i.provenance.get("built_from")]


def _frame(at: AppTest, column: str):
    """The review's table that has ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_constant_krs_name_is_never_the_name_and_samples_are_shown(tmp_path):
    tables = yearly_share_tables(tmp_path)
    at = import_page(stadtbereiche_shapefile(tmp_path), tables[-1])
    assert not at.exception and not at.error
    assert (at.selectbox(key="upload_key_field").value, at.selectbox(key="upload_name_field").value) == (
        "sb_nr", "STADTBEREI"
    )
    fields = _frame(at, "Attribut").set_index("Attribut")
    assert fields.loc["krs_name", "Beispiele"] == "Musterstadt"
    assert fields.loc["krs_name", "Verwendung"] == "überall gleich: kein Gebietsname"
    assert fields.loc["STADTBEREI", "Beispiele"] == "Alau 1, Berau 2, Dornau 3"
    assert fields.loc["STADTBEREI", "verschiedene Werte"] == 21
    assert fields.loc["sb_nr", "Verwendung"] == "Schlüssel"
    assert "Gebietsnamen (Beispiele): Alau 1, Berau 2, Dornau 3, Eichau 4, Felau 5" in [c.value for c in at.caption]
    assert "21 Gebiete zugeordnet" in at.markdown[-1].value or any("21 Gebiete zugeordnet" in m.value for m in at.markdown)
    # the column choices show "– keine –", never "None"
    assert at.selectbox(key="upload_parent_col").options[0] == "– keine –"
    assert "None" not in at.selectbox(key="upload_parent_col").options
    assert at.text_input(key="upload_year").value == "2023"  # from the file name

    # choosing the constant field by hand is flagged before saving
    at.selectbox(key="upload_name_field").select("krs_name").run()
    assert "hat auf allen 21 Gebieten denselben Wert („Musterstadt“)" in at.warning[0].value

    at.selectbox(key="upload_name_field").select("STADTBEREI").run()
    at.text_input(key="upload_municipality").input("Musterstadt").run()
    at.text_input(key="upload_unit_label").input("Stadtbereiche").run()
    at.button(key="upload_confirm").click().run()
    assert not at.error
    (info,) = imported_only(list_datasets(datasets_root()))
    assert (info.provenance["year"], info.provenance["name_field"], info.provenance["imported_via"]) == (
        2023, "STADTBEREI", "page"
    )
    at.switch_page("pages/map.py").run()
    assert not at.exception
    assert at.title[0].value == "Ankunftsquartiere in Musterstadt – 2023"


def test_year_asked_when_the_table_has_none(tmp_path):
    at = import_page(stadtteile_geojson(tmp_path), excel_wide_table(tmp_path, "stadtteile.csv"))
    assert not at.exception
    assert at.text_input(key="upload_year").value == ""  # nothing in the name: asked, empty
    assert "Ohne Jahr wird der Datensatz überall mit „Jahr unbekannt“ gezeigt." in [c.value for c in at.caption]
    at.text_input(key="upload_year").input("20x9").run()
    assert "„20x9“ ist keine Jahreszahl (z. B. 2023)." in at.error[0].value
    at.text_input(key="upload_year").input("2019").run()
    assert not at.error
    # the id column, the share and its disagreeing row are shown
    assert "Kennungsspalten, keine Indikatoren: Stadtteil-Nr." in [c.value for c in at.caption]
    assert any("Anteil erkannt: „Ausländeranteil in %“ = Ausländer ÷ Einwohner" in i.value for i in at.info)
    assert any("passt in 1 Zeilen nicht zu den Anzahlen" in w.value for w in at.warning)
    disagreeing = _frame(at, "veröffentlicht")  # published with its one decimal, computed with one more
    assert disagreeing.to_dict("records") == [{"Gebiet in der Tabelle": "Hainau 7", "veröffentlicht": "7,0",
                                               "aus Anzahlen": "5,02"}]
    assert any("18 Gebiete zugeordnet (über Namen); 0 Tabellenzeilen ohne Grenze" in m.value for m in at.markdown)
    at.button(key="upload_confirm").click().run()
    (info,) = imported_only(list_datasets(datasets_root()))
    assert info.provenance["year"] == 2019


def test_year_left_empty_is_unknown_never_the_import_date(tmp_path):
    at = import_page(stadtteile_geojson(tmp_path), excel_wide_table(tmp_path, "stadtteile.csv"))
    at.text_input(key="upload_municipality").input("Ohnejahr").run()
    at.button(key="upload_confirm").click().run()
    (info,) = imported_only(list_datasets(datasets_root()))
    assert info.provenance["year"] is None
    at.switch_page("pages/map.py").run()
    assert at.title[0].value == "Ankunftsquartiere in Ohnejahr – Jahr unbekannt"


def test_aggregate_rows_named_in_the_review(tmp_path):
    at = import_page(stadtteile_geojson(tmp_path), long_with_aggregates(tmp_path))
    assert not at.exception and not at.error
    at.selectbox(key="upload_key_field").select("nummer").run()
    assert any("10 Sammelzeilen erkannt: die Gesamtstadt (000 Stadt insgesamt) und 9 Stadtbezirke (001 Stadtbezirk"
               in i.value for i in at.info)
    rows = _frame(at, "Summenprüfung").set_index("Schlüssel")
    assert rows.loc["000", "Name"] == "Stadt insgesamt"
    assert rows.loc["000", "Art"] == "Gesamtstadt"
    assert rows.loc["000", "Summenprüfung"] == "Summe stimmt"
    assert rows.loc["004", "Art"] == "Stadtbezirk (2 Gebiete)"  # the level named from the data
    assert rows.loc["004", "Summenprüfung"].startswith("Summe weicht ab: Einwohner@2022 2.372 ≠ 2.367")
    assert any("18 Gebiete zugeordnet" in m.value and "0 Tabellenzeilen ohne Grenze" in m.value for m in at.markdown)


def test_page_and_command_line_write_one_provenance_format(tmp_path):
    from geo.store.ingest import main

    boundaries, table = stadtteile_geojson(tmp_path), excel_wide_table(tmp_path)
    at = import_page(boundaries, table)
    at.button(key="upload_confirm").click().run()
    assert main(["--boundaries", str(boundaries), "--indicators", str(table), "--name", "per Kommandozeile"]) == 0
    by_via = {info.provenance["imported_via"]: info.provenance for info in imported_only(list_datasets(datasets_root()))}
    assert set(by_via) == {"page", "command line"}
    assert set(by_via["page"]) == set(by_via["command line"])
    for key in ("key_field", "name_field", "table_key", "year", "published_shares", "id_columns", "unit_label"):
        assert by_via["page"][key] == by_via["command line"][key], key


def test_one_csv_per_year_through_the_page(tmp_path):
    tables = yearly_share_tables(tmp_path)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/upload.py").run()
    at.text_input(key="sign_in_user").input("anna")
    at.text_input(key="sign_in_password").input("geheim")
    at.button(key=SIGN_IN).click().run()
    boundaries = stadtbereiche_shapefile(tmp_path)
    at.file_uploader(key="upload_boundaries").set_value((boundaries.name, boundaries.read_bytes(), "application/zip"))
    at.file_uploader(key="upload_indicators").set_value([(p.name, p.read_bytes(), "text/csv") for p in tables])
    at.button(key="upload_check").click().run()
    assert not at.exception and not at.error
    assert not [w for w in at.text_input if w.key == "upload_year"]  # the years come from the file names
    at.text_input(key="upload_municipality").input("Musterstadt").run()
    at.button(key="upload_confirm").click().run()
    (info,) = imported_only(list_datasets(datasets_root()))
    assert info.provenance["year"] == 2023
    assert info.provenance["indicators_file"].count(".csv") == 19
    at.switch_page("pages/map.py").run()
    assert at.title[0].value == "Ankunftsquartiere in Musterstadt – 2023"


def test_long_berlin_table_prefills_its_column_choices():
    """Berlin's long.csv (planungsraum, merkmal, jahr, anzahl, stand; real files): the long-table choices
    start on the columns the reader and the command line take (they stood on "– keine –", walk finding),
    the key on planungsraum, and the choices stand open."""
    import os
    from pathlib import Path

    from tests.conftest import BERLIN_DIR

    if not (BERLIN_DIR / "long.csv").is_file():
        if os.environ.get("CI") == "true":
            raise AssertionError(f"real Berlin files missing in {BERLIN_DIR}")
        pytest.skip(f"real Berlin files not in {BERLIN_DIR}")
    at = import_page(Path(BERLIN_DIR / "plr.geojson"), Path(BERLIN_DIR / "long.csv"))
    assert not at.exception and not at.error
    assert at.selectbox(key="upload_table_key").value == "planungsraum"
    assert (at.selectbox(key="upload_indicator_col").value, at.selectbox(key="upload_year_col").value,
            at.selectbox(key="upload_value_col").value) == ("merkmal", "jahr", "anzahl")
    assert [e.proto.expanded for e in at.expander if e.label.startswith("Lange Tabelle")] == [True]
