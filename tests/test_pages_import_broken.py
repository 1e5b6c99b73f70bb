"""Broken files on the import page (walk finding): the page says what is wrong in the reader's language only,
with a plain reason, never the parser's internal text ("Error tokenizing data", "ValueError") and never
German and English in one line. Synthetic files written by the test."""

from __future__ import annotations

import tempfile

import pytest
from streamlit.testing.v1 import AppTest

from tests.cityshapes import stadtteile_geojson
from tests.conftest import REPO

SIGN_IN = "FormSubmitter:sign_in-Anmelden"
GOOD_TABLE = b"key;name;value\n1;Alau;3\n"


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path, app_env):
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))


def _check(lang: str, boundary: tuple[str, bytes], table: tuple[str, bytes]) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/upload.py").run()
    at.text_input(key="sign_in_user").input("anna")
    at.text_input(key="sign_in_password").input("geheim")
    at.button(key=SIGN_IN).click().run()
    if lang == "en":
        at.selectbox(key="lang").set_value("en").run()
    at.file_uploader(key="upload_boundaries").set_value((boundary[0], boundary[1], "application/geo+json"))
    at.file_uploader(key="upload_indicators").set_value((table[0], table[1], "text/csv"))
    return at.button(key="upload_check").click().run()


def _random_bytes() -> bytes:
    return bytes(range(256)) * 4  # fixed bytes: neither a zip archive (XLSX) nor text


CASES = {
    "csv": (None, ("kaputt.csv", b'key;value\n"1;2\n')),
    "xlsx": (None, ("kaputt.xlsx", _random_bytes())),
    "geojson": (("kaputt.geojson", b'{"type": "FeatureCollection", "features": ['), None),
}
EXPECTED = {
    ("csv", "de"): "kaputt.csv: Tabelle nicht lesbar",
    ("csv", "en"): "kaputt.csv: table cannot be read",
    ("xlsx", "de"): "kaputt.xlsx: keine lesbare Excel-Datei",
    ("xlsx", "en"): "kaputt.xlsx: not a readable Excel file",
    ("geojson", "de"): "kaputt.geojson: Datei kann nicht als Geodaten gelesen werden: GeoJSON fehlerhaft",
    ("geojson", "en"): "kaputt.geojson: file cannot be read as geodata: broken GeoJSON",
}


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_broken_file_is_named_in_one_language_with_a_plain_reason(kind, lang, tmp_path):
    boundary, table = CASES[kind]
    if boundary is None:
        path = stadtteile_geojson(tmp_path)
        boundary = (path.name, path.read_bytes())
    at = _check(lang, boundary, table or ("werte.csv", GOOD_TABLE))
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    message = errors[0]
    assert message.startswith(EXPECTED[(kind, lang)]), message
    assert " / " not in message
    for internal in ("Error", "ValueError", "tokenizing", "C error", "BadZipFile", "Traceback"):
        assert internal not in message, message
