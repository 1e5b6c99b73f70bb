"""AppTest for the projects page: without sign-in, signed in, wrong password, public mode."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO

XSS = "<img src=x onerror=alert(1)>"
SAVE = "FormSubmitter:project_add-Projekt speichern"


@pytest.fixture(autouse=True)
def environment(app_env):
    return app_env  # the app in a fresh folder (tests/conftest.py)


def projects_page() -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/projects.py").run()
    return at


def sign_in(at: AppTest, password: str = "geheim") -> AppTest:
    at.text_input(key="sign_in_user").input("anna")
    at.text_input(key="sign_in_password").input(password)
    return at.button(key="FormSubmitter:sign_in-Anmelden").click().run()


def test_without_sign_in_there_are_no_editing_controls():
    at = projects_page()
    assert not at.exception
    assert "Noch keine Projekte erfasst" in at.info[0].value
    keys = {w.key for w in at.text_input}
    assert "proj_name" not in keys and {"sign_in_user", "sign_in_password"} <= keys


def test_wrong_password_is_refused():
    at = sign_in(projects_page(), "falsch")
    assert "Name oder Passwort falsch." in at.error[0].value
    assert "proj_name" not in {w.key for w in at.text_input}


def test_signed_in_editor_adds_a_project_and_the_district_count_changes():
    at = sign_in(projects_page())
    assert any(c.value == "Angemeldet als anna" for c in at.caption)
    assert at.table[0].value.loc["Hohenecken", "Integrationsprojekte (Anzahl)"] == "0"
    at.text_input(key="proj_name").input(XSS)
    at.text_input(key="proj_lat").input("49,407")
    at.text_input(key="proj_lon").input("7,705")
    at.button(key=SAVE).click().run()
    assert not at.exception
    assert at.table[0].value.loc["Hohenecken", "Integrationsprojekte (Anzahl)"] == "1"
    listing = at.dataframe[0].value
    assert listing["Projektname"].tolist() == [XSS]  # stored and listed as typed
    assert (listing["Breite (lat)"].tolist(), listing["Länge (lon)"].tolist()) == (["49,407"], ["7,705"])
    assert listing["Gebiet"].tolist() == ["Hohenecken"]
    audit = at.dataframe[-1].value
    assert audit[["user", "action"]].values.tolist() == [["anna", "add"]]


def test_invalid_project_gives_a_message_and_saves_nothing():
    at = sign_in(projects_page())
    at.text_input(key="proj_name").input("Ohne Ort")
    at.button(key=SAVE).click().run()
    assert "„lat“ fehlt oder ist keine Zahl" in at.error[0].value
    assert "Noch keine Projekte erfasst" in at.info[0].value


@pytest.mark.parametrize(
    ("lat", "message"),
    [("49.407", "Breite (lat): „49.407“: hier bitte ohne Tausenderpunkt – meinten Sie „49,407“?"),
     ("abc", "Breite (lat): „abc“ ist keine Zahl")],
)
def test_unreadable_coordinate_is_refused_and_nothing_saved(lat, message):
    at = sign_in(projects_page())
    at.text_input(key="proj_name").input("Sprachcafé")
    at.text_input(key="proj_lat").input(lat)
    at.text_input(key="proj_lon").input("7,705")
    at.button(key=SAVE).click().run()
    assert not at.exception
    assert message in at.error[0].value
    assert "Noch keine Projekte erfasst" in at.info[0].value


def test_map_click_fills_the_coordinates_in_german_format():
    at = sign_in(projects_page())
    at.session_state["projects_map"] = {"last_clicked": {"lat": 49.4071234, "lng": 7.705}}
    at.run()
    assert (at.text_input(key="proj_lat").value, at.text_input(key="proj_lon").value) == ("49,407123", "7,705")


def test_import_uploader_states_our_size_limit_in_german(monkeypatch):
    monkeypatch.setenv("ANKUNFTSATLAS_MAX_UPLOAD_MB", "7")
    at = sign_in(projects_page())
    (uploader,) = at.get("file_uploader")
    assert uploader.proto.max_upload_size_mb == 7  # enforced and shown by the widget, not Streamlit's 200 MB
    css = next(m.value for m in at.markdown if "stFileUploaderDropzoneInstructions" in m.value)
    assert ".st-key-proj_upload" in css
    assert 'content: "höchstens 7 MB je Datei · CSV, XLSX"' in css
    assert 'content: "Datei wählen"' in css


@pytest.mark.parametrize(("lang", "shown"), [("de", "DD.MM.YYYY"), ("en", "YYYY-MM-DD")])
def test_date_fields_in_the_readers_format(lang, shown):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/projects.py").run()
    at.text_input(key="sign_in_user").input("anna")
    at.text_input(key="sign_in_password").input("geheim")
    next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:sign_in")).click().run()
    assert {d.proto.format for d in at.date_input} == {shown}


def test_multiselects_have_german_placeholders():
    at = projects_page()
    assert at.multiselect(key="proj_filter_field").proto.placeholder == "Bitte wählen"
    assert at.multiselect(key="selection_widget").proto.placeholder == "Gebiete wählen"


def test_sign_out_removes_editing():
    at = sign_in(projects_page())
    at.button(key="sign_out").click().run()
    assert "proj_name" not in {w.key for w in at.text_input}


def test_public_mode_has_no_sign_in(monkeypatch):
    monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    at = projects_page()
    assert not at.exception
    assert len(at.text_input) == 0 and len(at.button) == 0


@pytest.mark.parametrize(("typed", "stored", "message"), [("49,4123", 49.4123, None),
                                                           ("49.4123", 49.407, "meinten Sie „49,4123“?")])
def test_edit_form_reads_coordinates_in_german(typed, stored, message):
    from storage.db import database_url, make_engine
    from storage.projects import list_projects

    at = sign_in(projects_page())
    at.text_input(key="proj_name").input("Sprachcafé")
    at.text_input(key="proj_lat").input("49,407")
    at.text_input(key="proj_lon").input("7,705")
    at.button(key=SAVE).click().run()
    at.run()  # the edit form opens at version 1
    (project,) = list_projects(make_engine(database_url()))
    assert at.text_input(key=f"proj_edit_{project.id}_v1_lat").value == "49,407"  # shown in German
    at.text_input(key=f"proj_edit_{project.id}_v1_lat").input(typed)
    at.button(key=f"FormSubmitter:project_edit_{project.id}-Änderungen speichern").click().run()
    assert not at.exception
    assert list_projects(make_engine(database_url()))[0].record.lat == stored
    if message:
        assert message in at.error[0].value


def test_second_editor_with_an_old_version_is_refused():
    from geo.domain.integration_projects import load_themenfelder, validate_project
    from storage.db import database_url, make_engine
    from storage.projects import list_projects, update_project
    from tests.conftest import DATA_DIR

    at = sign_in(projects_page())
    at.text_input(key="proj_name").input("Sprachcafé")
    at.text_input(key="proj_lat").input("49,407")
    at.text_input(key="proj_lon").input("7,705")
    at.button(key=SAVE).click().run()
    at.run()  # the edit form opens at version 1
    engine = make_engine(database_url())
    (stored,) = list_projects(engine)
    themen = load_themenfelder(DATA_DIR / "themenfelder.csv")
    # Meanwhile a colleague saves a change (version 2).
    update_project(engine, stored.id, validate_project({**stored.record.__dict__, "provider": "Kollegin"}, themen),
                   stored.version, "bernd")
    at.text_input(key=f"proj_edit_{stored.id}_v1_name").input("Sprachcafé Mitte")
    save = f"FormSubmitter:project_edit_{stored.id}-Änderungen speichern"
    at.button(key=save).click().run()
    assert "wurde inzwischen von bernd geändert" in at.warning[0].value
    assert "zeigt jetzt die aktuelle Fassung" in at.warning[0].value
    assert list_projects(engine)[0].record.provider == "Kollegin"  # not overwritten
    # The form now shows version 2, with the colleague's change; saving from there works.
    assert at.text_input(key=f"proj_edit_{stored.id}_v2_provider").value == "Kollegin"
    assert at.text_input(key=f"proj_edit_{stored.id}_v2_name").value == "Sprachcafé"
    at.text_input(key=f"proj_edit_{stored.id}_v2_name").input("Sprachcafé Mitte")
    at.button(key=save).click().run()
    assert not at.error
    saved = list_projects(engine)[0]
    assert (saved.version, saved.record.name, saved.record.provider) == (3, "Sprachcafé Mitte", "Kollegin")
