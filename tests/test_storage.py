"""Storage against real databases: a SQLite file, and PostgreSQL when a server is configured.

ANKUNFTSATLAS_TEST_POSTGRES_URL names a database the tests may fill
(`.ci/run` starts a local server and sets it). Under CI=true it is required.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import inspect, make_url, text

from storage.db import database_url, make_engine, migrate
from storage.selections import (
    StorageError,
    history,
    list_selections,
    load_version,
    restore_version,
    save_selection,
)

POSTGRES_URL = os.environ.get("ANKUNFTSATLAS_TEST_POSTGRES_URL")


def _postgres():
    if not POSTGRES_URL:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("ANKUNFTSATLAS_TEST_POSTGRES_URL is not set in CI")
        pytest.skip("no PostgreSQL server configured (ANKUNFTSATLAS_TEST_POSTGRES_URL)")
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'db' / 'atlas.sqlite'}"
        engine = make_engine(url)
        migrate(engine)
        yield engine
        engine.dispose()
        return
    base = make_engine(_postgres())
    schema = f"t_{uuid.uuid4().hex[:10]}"
    with base.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(_postgres()).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = make_engine(url.render_as_string(hide_password=False))
    migrate(engine)
    yield engine
    engine.dispose()
    with base.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    base.dispose()


def test_migration_creates_the_tables(engine):
    names = set(inspect(engine).get_table_names())
    assert {"selection", "selection_version", "selection_item", "alembic_version"} <= names


def test_save_and_find_again_after_restart(engine):
    saved = save_selection(
        engine,
        "Kandidaten difu",
        ["innenstadt-suedwest", "innenstadt-west-kotten", "einsiedlerhof"],
        author="Integrationsbeauftragter",
        rationale="Höchste Anteile <b>unter 30</b>",
        area_rationales={"einsiedlerhof": "Ortsbezirk mit 15,6 %"},
        method={"weights": {"foreign_share": 0.5, "foreign_share_u30": 0.5}},
    )
    assert saved.version == 1
    engine.dispose()  # a restart drops every connection
    found = load_version(engine, "Kandidaten difu")
    assert found.area_ids == ("innenstadt-suedwest", "innenstadt-west-kotten", "einsiedlerhof")
    assert found.rationale == "Höchste Anteile <b>unter 30</b>"  # stored as typed; escaped when shown
    assert found.area_rationales["einsiedlerhof"] == "Ortsbezirk mit 15,6 %"
    assert found.method == {"weights": {"foreign_share": 0.5, "foreign_share_u30": 0.5}}
    assert found.created_at.tzinfo is not None


def test_editing_keeps_history_and_restore_makes_a_new_version(engine):
    save_selection(engine, "A", ["betzenberg"], "eins", "erste Fassung")
    save_selection(engine, "A", ["betzenberg", "hohenecken"], "zwei", "zweite Fassung")
    versions = history(engine, "A")
    assert [(v.version, v.area_ids, v.author) for v in versions] == [
        (1, ("betzenberg",), "eins"),
        (2, ("betzenberg", "hohenecken"), "zwei"),
    ]
    restored = restore_version(engine, "A", 1, "drei")
    assert (restored.version, restored.area_ids, restored.restored_from, restored.rationale) == (
        3,
        ("betzenberg",),
        1,
        "erste Fassung",
    )
    assert [s.name for s in list_selections(engine)] == ["A"]
    assert list_selections(engine)[0].version == 3


@pytest.mark.parametrize(
    ("name", "areas", "author", "message"),
    [
        ("", ["a"], "x", "Namen für die Auswahl"),
        ("N", [], "x", "Die Auswahl ist leer"),
        ("N", ["a"], "  ", "als Autorin/Autor"),
        ("N", ["atlantis"], "x", "Unbekannte Gebiete: atlantis"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(engine, name, areas, author, message):
    save_selection(engine, "existing", ["betzenberg"], "x")
    with pytest.raises(StorageError, match=message):
        save_selection(engine, name, areas, author, known_areas=["a", "betzenberg"])
    assert [(s.name, s.version) for s in list_selections(engine)] == [("existing", 1)]


def test_unknown_name_or_version(engine):
    with pytest.raises(StorageError, match="Keine Auswahl namens „nope“"):
        history(engine, "nope")
    save_selection(engine, "B", ["betzenberg"], "x")
    with pytest.raises(StorageError, match="keine Version 9"):
        load_version(engine, "B", 9)


def test_database_url_defaults_to_a_sqlite_file(tmp_path):
    assert database_url({"ANKUNFTSATLAS_DATA_DIR": str(tmp_path)}) == f"sqlite:///{tmp_path / 'ankunftsatlas.sqlite'}"
    assert database_url({"ANKUNFTSATLAS_DATABASE_URL": "postgresql+psycopg://u@h/db"}) == "postgresql+psycopg://u@h/db"


def test_public_read_only_database_refuses_writes(engine, tmp_path):
    save_selection(engine, "intern", ["betzenberg"], "Amt")
    url = engine.url.render_as_string(hide_password=False)
    read_only = make_engine(url, read_only=True)
    assert [s.name for s in list_selections(read_only)] == ["intern"]  # reading works
    with pytest.raises(StorageError, match="Öffentliche Ansicht"):
        save_selection(read_only, "neu", ["betzenberg"], "Gast")
    # Below the repository, the database itself refuses a write.
    with pytest.raises(Exception, match="(?i)read.?only|readonly"):
        with read_only.begin() as connection:
            connection.execute(text("DELETE FROM selection_item"))
    assert [s.name for s in list_selections(engine)] == ["intern"]
    assert load_version(engine, "intern").area_ids == ("betzenberg",)
    read_only.dispose()


def test_a_selection_of_self_drawn_quarters_only_is_saved(engine):
    saved = save_selection(engine, "Nur Quartiere", [], "x", quarter_ids=[4, 2, 4])
    assert (saved.version, saved.area_ids, saved.quarter_ids) == (1, (), (4, 2))
    assert load_version(engine, "Nur Quartiere").quarter_ids == (4, 2)


def test_a_save_against_a_newer_version_is_refused_with_what_changed(engine):
    from storage.selections import SelectionConflict

    save_selection(engine, "Geteilt", ["a", "b"], author="anna", rationale="eins", expected_version=None)
    save_selection(engine, "Geteilt", ["a", "c"], author="bernd", rationale="zwei", expected_version=1)
    with pytest.raises(SelectionConflict) as refused:
        save_selection(engine, "Geteilt", ["a"], author="anna", rationale="drei", expected_version=1)
    message = str(refused.value)
    assert message.startswith("Nicht gespeichert: „Geteilt“ hat inzwischen Version 2, gespeichert von bernd am ")
    changes = "(Gebiete hinzugefügt: c; Gebiete entfernt: b; Begründung geändert)"
    assert f"{changes}; Ihre Änderung beruht auf Version 1." in message
    with pytest.raises(SelectionConflict, match="Ihre Änderung beruht auf einer neuen Auswahl"):
        save_selection(engine, "Geteilt", ["a"], author="anna", expected_version=None)  # typed an existing name
    with pytest.raises(SelectionConflict, match="hat inzwischen Version 2"):
        restore_version(engine, "Geteilt", 1, "anna", expected_version=1)
    assert [v.rationale for v in history(engine, "Geteilt")] == ["eins", "zwei"]  # nothing overwritten
    assert restore_version(engine, "Geteilt", 1, "anna", expected_version=2).version == 3
