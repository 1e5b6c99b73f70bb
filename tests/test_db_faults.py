"""Damage is detected, never confirmed: bytes written into the SQLite file or the file deleted while the
server runs, a restart after that, and the explicit command for a new database. Exact messages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from storage.db import DatabaseDamaged, DatabaseMissing, main, make_engine, mark_set_up, migrate, verify_intact
from storage.selections import history, save_selection
from tests.conftest import REPO

DAMAGED = (
    "Die Datenbank (ankunftsatlas.sqlite) ist beschädigt oder nicht lesbar. Gespeicherte Auswahlen und Projekte "
    "können gerade nicht angezeigt werden, und es wird nichts gespeichert."
)
MISSING = (
    "Die Datenbank (ankunftsatlas.sqlite) fehlt: die Datei wurde gelöscht oder ersetzt, nachdem sie hier "
    "eingerichtet worden war. Es wird nichts gespeichert und keine leere Datenbank angelegt. Was tun: die Anwendung "
    "anhalten, die Datenbank aus der letzten Sicherung zurücklegen (README, Abschnitt „Sicherung und "
    "Wiederherstellung“) und neu starten; nur wer bewusst leer beginnen will: `python -m storage.db --new`."
)


def _page_number(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]


def _write_bytes_into(path: Path, table: str) -> None:
    """Overwrite the start of ``table``'s root page in the file, as a stray write or a bad sector would."""
    page = _page_number(path, table)
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * 4096)
        handle.write(b"\xff" * 200)


@pytest.fixture
def running(tmp_path):
    """A set-up SQLite database in WAL mode with one saved selection, its engine still open (a running server)."""
    path = tmp_path / "ankunftsatlas.sqlite"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrate(engine)
    mark_set_up(url)
    save_selection(engine, "Erste", ["a"], "anna", "eins")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # the pages in the file, as after any checkpoint
    yield path, engine
    engine.dispose()


def test_bytes_written_into_the_file_while_running_the_next_save_is_not_confirmed(running):
    path, engine = running
    _write_bytes_into(path, "project")  # a page the save does not rewrite
    with pytest.raises(DatabaseDamaged) as refused:
        save_selection(engine, "Zweite", ["b"], "anna", "zwei")
    assert type(refused.value) is DatabaseDamaged and refused.value.where == "ankunftsatlas.sqlite"
    with pytest.raises(DatabaseDamaged):
        verify_intact(engine)


def test_the_file_deleted_while_running_stops_writes_and_is_not_recreated(running):
    path, engine = running
    path.unlink()
    with pytest.raises(DatabaseMissing) as refused:
        save_selection(engine, "Zweite", ["b"], "anna", "zwei")
    assert refused.value.where == "ankunftsatlas.sqlite"
    with pytest.raises(DatabaseMissing):
        history(engine, "Erste")  # reading from the deleted file's ghost is refused too
    assert not path.exists()


def test_a_new_database_only_on_first_set_up_or_by_the_explicit_command(tmp_path, monkeypatch, capsys):
    from storage.db import ensure_present

    path = tmp_path / "ankunftsatlas.sqlite"
    url = f"sqlite:///{path}"
    ensure_present(url)  # first set-up: nothing there, no marker: fine
    engine = make_engine(url)
    migrate(engine)
    mark_set_up(url)
    engine.dispose()
    path.unlink()
    with pytest.raises(DatabaseMissing):
        ensure_present(url)
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ANKUNFTSATLAS_DATABASE_URL", raising=False)
    assert main(["--new"]) == 0
    assert "Neue, leere Datenbank angelegt: ankunftsatlas.sqlite" in capsys.readouterr().out
    ensure_present(url)
    assert main(["--new"]) == 2  # never over an existing file
    assert "ankunftsatlas.sqlite gibt es schon; nichts geändert." in capsys.readouterr().err


def _selections_page() -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.session_state["selected_areas"] = ["hohenecken"]
    at.switch_page("pages/selections.py").run()
    at.text_input(key="sign_in_user").input("anna")
    at.text_input(key="sign_in_password").input("geheim")
    return at.button(key="FormSubmitter:sign_in-Anmelden").click().run()


def _save(at: AppTest, name: str) -> AppTest:
    at.text_input(key="sel_name").input(name)
    return at.button(key="sel_save").click().run()


def test_page_bytes_into_the_file_while_running_never_says_saved(app_env):
    at = _save(_selections_page(), "Erste")
    assert at.success[0].value == "Gespeichert: „Erste“, Version 1."
    path = app_env / "userdata" / "ankunftsatlas.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _write_bytes_into(path, "project")
    at.text_input(key="sel_name").input("Zweite")
    at.button(key="sel_save").click().run()
    assert not at.exception and not at.success
    assert at.error[0].value.startswith(DAMAGED)
    assert "sel_save" not in {b.key for b in at.button}  # writes stop


def test_page_the_file_deleted_while_running_and_after_a_restart(app_env):
    at = _save(_selections_page(), "Erste")
    path = app_env / "userdata" / "ankunftsatlas.sqlite"
    path.unlink()
    at.run()
    assert not at.exception
    assert at.error[0].value == MISSING
    assert "sel_save" not in {b.key for b in at.button}
    assert "Noch keine Auswahl gespeichert." not in [c.value for c in at.caption]
    from ui.shell import cache

    cache._engine.clear()  # a restart
    restarted = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    restarted.run()
    restarted.switch_page("pages/selections.py").run()
    assert restarted.error[0].value == MISSING
    assert "Noch keine Auswahl gespeichert." not in [c.value for c in restarted.caption]
    assert not path.exists()  # never silently recreated empty


def test_every_write_is_confirmed_projects_and_quarters_too(running):
    from datetime import date

    from geo.domain.integration_projects import ProjectRecord
    from storage.projects import add_project
    from storage.quarters import save_quarter

    path, engine = running
    record = ProjectRecord(name="Treff", provider="", themenfeld="Bildung", lat=49.44, lon=7.76, tags="", address="",
                           start_date=date(2024, 1, 1), end_date=None, url="", description="", public=True)
    _write_bytes_into(path, "quarter_version")  # a page this write does not rewrite
    with pytest.raises(DatabaseDamaged):
        add_project(engine, record, "anna")
    path.unlink()
    with pytest.raises(DatabaseMissing):
        outline = {"type": "Polygon", "coordinates": [[[7.7, 49.4], [7.8, 49.4], [7.8, 49.5], [7.7, 49.4]]]}
        save_quarter(engine, "Q", outline, "anna", "kaiserslautern")
