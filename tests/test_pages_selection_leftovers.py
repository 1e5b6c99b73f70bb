"""Publishing leftovers (issue #22): the saved selections of the dataset on screen, the others one switch
away; a version saved before documents were stored says its documents are made from today's data.

The second dataset ("Zweistadt") is a synthetic test fixture imported through the command line.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from storage.db import database_url, make_engine, migrate
from storage.publishing import publish_version
from storage.selections import save_selection
from tests.conftest import REPO
from tests.downloads import downloads  # noqa: F401  (fixture)
from tests.test_network import _import

OFFICE = "Stadt Kaiserslautern, Integrationsbüro"
TODAY = "Dokument aus den heutigen Daten erzeugt"


@pytest.fixture(autouse=True)
def environment(app_env):
    return app_env


def _engine():
    engine = make_engine(database_url())
    migrate(engine)
    return engine


def _selections(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/selections.py").run()
    assert not at.exception
    return at


def _listed(at: AppTest) -> list[str]:
    overview = next((d.value for d in at.dataframe if "Name der Auswahl" in d.value.columns), None)
    return [] if overview is None else overview["Name der Auswahl"].tolist()


@pytest.mark.parametrize("public", [True, False], ids=["public", "officer"])
def test_the_list_holds_the_current_datasets_selections_and_switches_to_the_others(app_env, monkeypatch, public):
    _import(app_env, "Zweistadt", ["30", "60", "120"])
    engine = _engine()
    save_selection(engine, "Innenstadt Süd", ["innenstadt-suedwest"], "anna", dataset="kaiserslautern_2016", document={"de": {}})
    save_selection(engine, "Zweistadt Nord", ["1"], "anna", dataset="zweistadt", document={"de": {}})
    save_selection(engine, "Zweistadt Mitte", ["2"], "anna", dataset="zweistadt", document={"de": {}})
    for name in ("Innenstadt Süd", "Zweistadt Nord", "Zweistadt Mitte"):
        publish_version(engine, name, 1, "anna", OFFICE)
    engine.dispose()
    if public:
        monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    at = _selections()
    assert _listed(at) == ["Innenstadt Süd"]  # not the other dataset's
    assert at.selectbox(key="sel_open").options == ["Innenstadt Süd"]
    assert "2 Auswahl(en) auf anderen Datensätzen – zum Ansehen den Datensatz wechseln:" in [c.value for c in at.caption]
    at.button(key="sel_switch_ds_zweistadt").click().run()
    assert not at.exception
    assert at.session_state["_kept_ds"] == "zweistadt"
    assert sorted(_listed(at)) == ["Zweistadt Mitte", "Zweistadt Nord"]
    assert "1 Auswahl(en) auf anderen Datensätzen – zum Ansehen den Datensatz wechseln:" in [c.value for c in at.caption]
    at.button(key="sel_switch_ds_kaiserslautern").click().run()
    assert _listed(at) == ["Innenstadt Süd"]
    linked = _selections({"auswahl": "Zweistadt Nord"})  # a link to another dataset's selection opens that dataset
    assert linked.session_state["_kept_ds"] == "zweistadt" and linked.session_state["selected_areas"] == ["1"]
    assert sorted(_listed(linked)) == ["Zweistadt Mitte", "Zweistadt Nord"]


def test_a_version_without_stored_document_says_its_documents_are_made_today(downloads):  # noqa: F811
    engine = _engine()
    # saved before documents were stored with a version: no document (as such versions are in the database)
    save_selection(engine, "Alt", ["innenstadt-suedwest", "hohenecken"], "anna", "frühere Fassung",
                   dataset="kaiserslautern_2016")
    save_selection(engine, "Neu", ["innenstadt-suedwest"], "anna", "mit Dokument", dataset="kaiserslautern_2016",
                   document={"de": {"classes": None, "quarters": []}, "en": {"classes": None, "quarters": []}})
    engine.dispose()
    at = _selections({"auswahl": "Alt"})
    assert at.session_state["selected_areas"] == ["innenstadt-suedwest", "hohenecken"]
    warning = next(w.value for w in at.warning if TODAY in w.value)
    assert warning.startswith(f"{TODAY}: Version 1 (gespeichert ")
    assert not any("so, wie sie gespeichert wurde" in c.value for c in at.caption)  # no claim of the stored document
    csv = downloads.fetch(at, "export_csv").decode("utf-8-sig")
    assert TODAY in csv
    sheet = pd.read_excel(io.BytesIO(downloads.fetch(at, "export_xlsx")), sheet_name=None)
    assert any(TODAY in str(v) for frame in sheet.values() for v in frame.to_numpy().ravel())
    assert TODAY in json.loads(downloads.fetch(at, "export_geojson"))["metadata"]["sources"][0]
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        downloads.fetch(at, "export_pdf"))).pages).split())
    assert TODAY in pdf
    at = _selections({"auswahl": "Neu"})  # a version with its document: no such note
    assert not any(TODAY in w.value for w in at.warning)
    assert any("so, wie sie gespeichert wurde" in c.value for c in at.caption)
    assert TODAY not in downloads.fetch(at, "export_csv").decode("utf-8-sig")
