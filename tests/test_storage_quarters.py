"""Self-drawn quarters in SQLite and PostgreSQL (storage/quarters.py), same engines as tests/test_storage.py.

The grid is a SYNTHETIC TEST FIXTURE (tests/test_quarters.py): 4 x 3 cells, made-up counts.
"""

from __future__ import annotations

import functools

import pytest
import shapely
from sqlalchemy import inspect

from geo.analysis.quarters import check_publishable
from storage.db import make_engine
from storage.quarters import (
    QuarterStoreError,
    delete_quarter,
    get_quarter,
    list_quarters,
    publish_quarter,
    quarter_history,
    save_quarter,
    unpublish_quarter,
)
from tests.test_quarters import A, box, grid  # noqa: F401  (fixture)
from tests.test_storage import engine  # noqa: F401  (fixture: sqlite and postgresql)

DATASET = "kaiserslautern"


def test_migration_creates_quarter_tables(engine):  # noqa: F811
    tables = set(inspect(engine).get_table_names())
    assert {"quarter", "quarter_version"} <= tables
    columns = {c["name"] for c in inspect(engine).get_columns("quarter_version")}
    assert {"geometry", "method", "author", "created_at", "version"} <= columns


def test_save_reload_and_new_outline_is_a_new_version(engine):  # noqa: F811
    first = save_quarter(engine, "  Slevfisch ", shapely.to_geojson(box(*A)), "Anna", DATASET)
    assert (first.name, first.version, first.published, first.method) == ("Slevfisch", 1, False, "centre")
    second = save_quarter(engine, "Slevfisch", box(20, 20, 170, 220), "Ben", DATASET, method="area")
    assert (second.id, second.version, second.author) == (first.id, 2, "Ben")
    again = get_quarter(engine, first.id)
    assert again.geometry.equals_exact(shapely.set_precision(box(20, 20, 170, 220), 1e-7), 1e-7)
    assert [q.version for q in quarter_history(engine, first.id)] == [1, 2]
    assert get_quarter(engine, first.id, 1).author == "Anna"
    save_quarter(engine, "Slevfisch", box(*A), "Anna", "bremerhaven")  # same name, other dataset
    assert [(q.name, q.version) for q in list_quarters(engine, DATASET)] == [("Slevfisch", 2)]


def test_publish_checks_disclosure_against_other_published_quarters(engine, grid):  # noqa: F811
    check = functools.partial(_check, grid=grid)
    a = save_quarter(engine, "A", box(*A), "Anna", DATASET)  # 210 residents
    sliver = save_quarter(engine, "A plus Zelle", box(20, 20, 260, 120), "Anna", DATASET)  # A + 120 residents
    assert publish_quarter(engine, a.id, check).published
    with pytest.raises(QuarterStoreError, match="„A“"):
        publish_quarter(engine, sliver.id, check)
    assert [q.name for q in list_quarters(engine, DATASET, published_only=True)] == ["A"]
    save_quarter(engine, "A", box(20, 20, 170, 220), "Anna", DATASET)  # a new outline unpublishes
    assert list_quarters(engine, DATASET, published_only=True) == []
    unpublish_quarter(engine, a.id)
    delete_quarter(engine, a.id)
    assert [q.name for q in list_quarters(engine, DATASET)] == ["A plus Zelle"]


def _check(outline, others, grid):
    return check_publishable(outline, others, 200, grid)


@pytest.mark.parametrize(
    ("name", "geometry", "author", "message"),
    [
        ("", '{"type": "Polygon", "coordinates": [[[7.7, 49.4], [7.71, 49.4], [7.71, 49.41], [7.7, 49.4]]]}', "A", "Namen"),
        ("Q", '{"type": "Point", "coordinates": [7.7, 49.4]}', "A", "Polygon"),
        ("Q", '{"type": "Polygon", "coordinates": [[[7.7, 49.4], [7.71, 49.4], [7.71, 49.41], [7.7, 49.4]]]}', " ", "Autorin"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(engine, name, geometry, author, message):  # noqa: F811
    with pytest.raises(QuarterStoreError, match=message):
        save_quarter(engine, name, geometry, author, DATASET)
    assert list_quarters(engine, DATASET) == []
    with pytest.raises(QuarterStoreError, match="Kein Quartier"):
        get_quarter(engine, 999)


def test_public_read_only_database_refuses_quarter_writes(engine):  # noqa: F811
    saved = save_quarter(engine, "Q", box(*A), "Anna", DATASET)
    read_only = make_engine(engine.url.render_as_string(hide_password=False), read_only=True)
    assert [q.name for q in list_quarters(read_only, DATASET)] == ["Q"]
    for write in (lambda: save_quarter(read_only, "R", box(*A), "Anna", DATASET), lambda: delete_quarter(read_only, saved.id)):
        with pytest.raises(QuarterStoreError, match="Öffentliche Ansicht"):
            write()
    read_only.dispose()


def test_a_saved_selection_keeps_its_quarters_through_versions_and_restore(engine):  # noqa: F811
    from storage.selections import load_version, restore_version, save_selection

    quarter = save_quarter(engine, "Slevfisch", box(*A), "Anna", DATASET)
    first = save_selection(engine, "Kandidaten", ["betzenberg"], "Anna", quarter_ids=[quarter.id, quarter.id])
    assert first.quarter_ids == (quarter.id,)
    save_selection(engine, "Kandidaten", ["betzenberg", "hohenecken"], "Anna")
    assert load_version(engine, "Kandidaten").quarter_ids == ()
    restored = restore_version(engine, "Kandidaten", 1, "Ben")
    assert (restored.version, restored.quarter_ids) == (3, (quarter.id,))


def test_upgrade_keeps_older_selection_versions_without_quarters(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from storage.db import MIGRATIONS, migrate
    from storage.selections import list_selections

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        connection.execute(text("INSERT INTO selection VALUES (1, 'Alt', 'kaiserslautern_2016', '2024-01-01', 'Amt')"))
        connection.execute(text("INSERT INTO selection_version (id, selection_id, version, author, created_at, rationale,"
                                " method) VALUES (1, 1, 1, 'Amt', '2024-01-01', '', '{}')"))
    migrate(engine)
    assert [(s.name, s.quarter_ids) for s in list_selections(engine)] == [("Alt", ())]
    engine.dispose()
