"""AppTest through the import page: signed change columns and numeric missing codes (ui/views/importoptions.py)."""

from __future__ import annotations

import tempfile

import geopandas as gpd
import pytest
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO

# TEST FIXTURES, made up: four squares near Kaiserslautern and a monitoring table for them with
# German headers, German numbers, a change column with negative values, -9999 codes and "k.A.".
BOUNDARIES = gpd.GeoDataFrame(
    {"id": ["1", "2", "3", "4"], "name": ["Ost", "West", "Nord", "Süd"]},
    geometry=[box(7.70 + i * 0.01, 49.40, 7.71 + i * 0.01, 49.41) for i in range(4)],
    crs=4326,
).to_json().encode()
TABLE = (
    "Planungsraum;Einwohner;Arbeitslose %;Veränderung Arbeitslose %;Wanderungssaldo\n"
    "1;1.234;5,2;-0,4;-12\n"
    "2;-9999;k.A.;1,1;3\n"
    "3;845;-9999;-9999;-9999\n"
    "4;2.010;7,9;-1,3;k.A.\n"
).encode("utf-8")


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path, app_env):
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))


def _page(lang: str = "de") -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    if lang != "de":
        at.selectbox(key="lang").set_value(lang).run()
    at.switch_page("pages/upload.py").run()
    at.text_input(key="sign_in_user").input("anna")
    at.text_input(key="sign_in_password").input("geheim")
    at.button(key="FormSubmitter:sign_in-Anmelden" if lang == "de" else "FormSubmitter:sign_in-Sign in").click().run()
    at.file_uploader(key="upload_boundaries").set_value(("grenzen.geojson", BOUNDARIES, "application/geo+json"))
    at.file_uploader(key="upload_indicators").set_value(("mss.csv", TABLE, "text/csv"))
    return at.button(key="upload_check").click().run()  # the form's check button


def test_change_columns_are_preticked_and_a_code_is_needed_for_minus_9999():
    at = _page()
    assert not at.exception
    assert at.multiselect(key="upload_signed").value == ["Veränderung Arbeitslose %", "Wanderungssaldo"]
    assert at.multiselect(key="upload_signed").options == [
        "Einwohner", "Arbeitslose %", "Veränderung Arbeitslose %", "Wanderungssaldo"
    ]
    # without the code, -9999 is a negative count: refused, naming area and column
    assert "negativer Wert -9999 für „2“ in „Einwohner“" in at.error[0].value


@pytest.mark.parametrize("typed", ["-9999", "-9.999", " -9.999 ; -9999 "])
def test_a_declared_code_is_read_as_missing_and_listed(typed):
    from geo.store.catalog import list_datasets, load_dataset_folder
    from geo.store.ingest import datasets_root

    at = _page()
    at.text_input(key="upload_missing_codes").input(typed).run()
    assert not at.exception and not at.error
    coded = [i.value for i in at.info if "wegen Code" in i.value]
    assert coded == [
        "4 Werte als fehlend gelesen wegen Code -9999"
        + ("; -9999" if ";" in typed else "")
        + ": Einwohner: 2; Arbeitslose %: 3; Veränderung Arbeitslose %: 3; Wanderungssaldo: 3"
    ]
    # the general report counts the code cells with the k.A. cells (2 k.A. + 4 codes)
    assert any(i.value.startswith("6 fehlende Werte") for i in at.info)
    at.button(key="upload_confirm").click().run()
    assert "gespeichert" in at.success[0].value
    (info,) = [i for i in list_datasets(datasets_root()) if not i.provenance.get("built_from")]  # besides the default
    assert info.provenance["signed"] == ["Veränderung Arbeitslose %", "Wanderungssaldo"]
    assert info.provenance["missing_codes"][0] == "-9999"
    data, _ = load_dataset_folder(info)
    change = next(k for k, s in data.specs.items() if s.label_de == "Veränderung Arbeitslose %")
    residents = next(k for k, s in data.specs.items() if s.label_de == "Einwohner")
    assert data.areas[change].isna().sum() == 1 and sorted(data.areas[change].dropna()) == [-1.3, -0.4, 1.1]
    assert data.areas[residents].isna().sum() == 1 and sorted(data.areas[residents].dropna()) == [845, 1234, 2010]


def test_unticking_a_change_column_refuses_its_negative_values():
    at = _page()
    at.text_input(key="upload_missing_codes").input("-9999").run()
    at.multiselect(key="upload_signed").unselect("Wanderungssaldo").run()
    assert "negativer Wert -12 für „1“ in „Wanderungssaldo“" in at.error[0].value


@pytest.mark.parametrize(
    "lang, typed, message",
    [
        ("de", "minus neun", "Fehlwert-Codes: „minus neun“ ist keine Zahl"),
        ("de", "-9999; -1.5", "Fehlwert-Codes: „-1.5“ ist keine Zahl im deutschen Format – meinten Sie „-1,5“?"),
        ("en", "n/a", "Missing-value codes: 'n/a' is not a number"),  # the reader's language only
    ],
)
def test_an_unreadable_code_gives_a_clear_message(lang, typed, message):
    at = _page(lang)
    at.text_input(key="upload_missing_codes").input(typed).run()
    assert not at.exception
    assert message in at.error[0].value


def test_english_reads_codes_in_english_format():
    at = _page("en")
    at.text_input(key="upload_missing_codes").input("-9,999").run()
    assert not at.exception and not at.error
    assert any("4 values read as missing because of code -9999" in i.value for i in at.info)
