"""The map view's HTML export names what the CSV/XLSX/PDF name (walk finding): on the officer site the
signed-in editor as author (it said "Author –" while the others said the editor); on the public site no
staff name. Its partial-selection note speaks of one area in the singular ("only Innenstadt Ost is
selected", not "are")."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from tests.downloads import downloads  # noqa: F401  (fixture)

SIGN_IN = "FormSubmitter:sign_in-Anmelden"


@pytest.fixture(autouse=True)
def environment(app_env):
    return app_env


def _map_export(downloads, lang: str, sign_in: bool, selection: list[str]) -> str:  # noqa: F811
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    at.run()
    if sign_in:  # on the import page: the selection page would set the author itself
        at.switch_page("pages/upload.py").run()
        at.text_input(key="sign_in_user").input("anna")
        at.text_input(key="sign_in_password").input("geheim")
        at.button(key=SIGN_IN).click().run()
    at.session_state["selected_areas"] = selection
    at.switch_page("pages/map.py").run()
    if lang == "en":
        at.selectbox(key="lang").set_value("en").run()
    assert not at.exception
    if not any(b.key == "export_view_html" for b in at.get("download_button")):
        pytest.skip("Leaflet not installed (static/vendor); the view export needs it")
    text = downloads.fetch(at, "export_view_html").decode("utf-8")
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_officer_view_export_names_the_signed_in_editor(downloads):  # noqa: F811
    text = _map_export(downloads, "de", True, ["hohenecken"])
    assert re.search(r"Autor/in:? anna\b", text), text[:2000]


def test_without_sign_in_no_author_is_made_up(downloads):  # noqa: F811
    text = _map_export(downloads, "de", False, ["hohenecken"])
    assert "anna" not in text


@pytest.mark.parametrize(("lang", "chosen", "expected"), [
    ("en", ["innenstadt-ost"], "only Innenstadt Ost is selected."),
    ("en", ["innenstadt-ost", "innenstadt-suedwest"], "only Innenstadt Ost, Innenstadt Südwest are selected."),
    ("de", ["innenstadt-ost"], "ausgewählt ist nur Innenstadt Ost."),
    ("de", ["innenstadt-ost", "innenstadt-suedwest"], "ausgewählt sind nur Innenstadt Ost, Innenstadt Südwest."),
])
def test_partial_note_agrees_with_the_number_of_areas(downloads, lang, chosen, expected):  # noqa: F811
    text = _map_export(downloads, lang, True, chosen)
    assert expected in text, text[:3000]
