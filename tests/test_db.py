"""A damaged database is noticed before anything is read or written, and the pages say so."""

from __future__ import annotations

import hashlib

import pytest
from streamlit.testing.v1 import AppTest

from storage.db import check_database, database_location, make_engine, migrate
from tests.conftest import REPO


def _saved_database(path) -> str:
    """A database file with one saved selection (a test fixture made by our own code)."""
    from storage.selections import save_selection

    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrate(engine)
    save_selection(engine, "Gespeichert", ["hohenecken"], "A", "r", {}, {})
    engine.dispose()
    return url


@pytest.mark.parametrize(
    ("damage", "intact"),
    [
        (None, True),
        (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), False),  # truncated
        (lambda p: p.write_bytes(b""), False),  # cut to nothing
        (lambda p: p.write_bytes(b"this is no database" * 100), False),
        (lambda p: p.unlink(), True),  # not there yet: created on first use
    ],
)
def test_check_database(tmp_path, damage, intact):
    path = tmp_path / "atlas.sqlite"
    url = _saved_database(path)
    if damage:
        damage(path)
    assert check_database(make_engine(url), url) is intact
    if path.exists():
        assert check_database(make_engine(url, read_only=True), url) is intact


def test_database_location_names_no_folder_and_no_password():
    assert database_location("sqlite:////srv/atlas/data/ankunftsatlas.sqlite") == "ankunftsatlas.sqlite"
    assert database_location("postgresql+psycopg://atlas:geheim@db.example/atlas") == "postgresql db.example/atlas"


@pytest.fixture()
def damaged(monkeypatch, tmp_path, app_env):
    path = tmp_path / "userdata" / "ankunftsatlas.sqlite"
    path.parent.mkdir()
    _saved_database(path)
    path.write_bytes(path.read_bytes()[:8192])  # truncated, e.g. by a full disk
    return path


def _page(page: str, selection: list[str]) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.session_state["selected_areas"] = selection
    return at.switch_page(page).run()


def test_selections_page_says_the_database_is_damaged_and_offers_no_saving(damaged):
    before = hashlib.sha256(damaged.read_bytes()).hexdigest()
    at = _page("pages/selections.py", ["hohenecken"])
    assert not at.exception
    assert at.error[0].value.startswith("Die Datenbank (ankunftsatlas.sqlite) ist beschädigt oder nicht lesbar.")
    assert "Sicherung" in at.error[0].value and str(damaged.parent) not in at.error[0].value
    assert "Noch keine Auswahl gespeichert." not in [c.value for c in at.caption]  # not shown as empty
    assert "sel_save" not in {b.key for b in at.button}  # no write is offered
    assert hashlib.sha256(damaged.read_bytes()).hexdigest() == before  # and none was tried


def test_projects_page_says_the_database_is_damaged_and_not_that_there_are_no_projects(damaged):
    before = hashlib.sha256(damaged.read_bytes()).hexdigest()
    at = _page("pages/projects.py", [])
    assert not at.exception
    assert "ist beschädigt oder nicht lesbar" in at.error[0].value
    assert not any("Noch keine Projekte erfasst" in i.value for i in at.info)
    at.text_input(key="sign_in_user").input("anna")
    at.text_input(key="sign_in_password").input("geheim")
    at.button(key="FormSubmitter:sign_in-Anmelden").click().run()
    assert "proj_name" not in {w.key for w in at.text_input}  # signed in, but no form that would write
    assert hashlib.sha256(damaged.read_bytes()).hexdigest() == before


def test_an_unreachable_postgresql_server_is_noticed():
    url = "postgresql+psycopg://atlas:geheim@127.0.0.1:1/atlas?connect_timeout=2"  # nothing listens on port 1
    assert check_database(make_engine(url), url) is False
    assert database_location(url) == "postgresql 127.0.0.1/atlas"
