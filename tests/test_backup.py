"""One command backs up and restores everything (storage.backup): restored into a fresh instance, every
dataset, selection, quarter and project is back and the exports are byte-equal (SQLite and PostgreSQL).

The dataset is the small synthetic town of tests/test_public.py (not real data).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text

from storage.backup import BackupError, create_backup, restore_backup
from storage.db import make_engine
from storage.models import Base
from tests.test_storage import POSTGRES_URL, engine  # noqa: F401  (the SQLite / PostgreSQL fixture)


@pytest.fixture
def fresh(engine, tmp_path):  # noqa: F811
    """An empty database of the same kind as ``engine`` (not migrated: restore does that)."""
    if engine.dialect.name == "sqlite":
        target = make_engine(f"sqlite:///{tmp_path / 'restored' / 'atlas.sqlite'}")
        yield target
        target.dispose()
        return
    from sqlalchemy import make_url

    schema = f"r_{uuid.uuid4().hex[:10]}"
    base = make_engine(POSTGRES_URL)
    with base.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    target = make_engine(make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
                         .render_as_string(hide_password=False))
    yield target
    target.dispose()
    with base.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    base.dispose()


def _instance(engine, data_dir, monkeypatch):  # noqa: F811
    """An officer's instance with one of everything: an imported dataset, a selection, a quarter, a project."""
    import geopandas as gpd
    from shapely.geometry import box

    from geo.analysis.quarters import Disclosure
    from geo.domain.integration_projects import ProjectRecord
    from storage.projects import add_project
    from storage.quarters import publish_quarter, save_quarter
    from storage.selections import save_selection
    from tests.test_public import import_small_town

    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(data_dir))
    files = data_dir.parent / "files"
    files.mkdir()
    import_small_town(files)
    save_selection(engine, "Kandidaten Süd/Ost", ["2", "4"], author="anna", rationale="Höchste Quote <b>über 5 %</b>",
                   area_rationales={"2": "5,1 %"}, method={"weights": {"quote": 1.0}}, dataset="kleinstadt")
    save_selection(engine, "Kandidaten Süd/Ost", ["2", "3", "4"], author="anna", rationale="mit West",
                   dataset="kleinstadt")
    outline = gpd.GeoSeries([box(409000, 5475000, 411000, 5476000)], crs=25832).to_crs(4326).iloc[0]
    quarter = save_quarter(engine, "Nord-Süd", outline, "anna", "kleinstadt", method="districts")
    publish_quarter(engine, quarter.id, lambda *_: Disclosure(True))
    add_project(engine, ProjectRecord(name="Sprachcafé", provider="Verein", themenfeld="Sprache", lat=49.44, lon=7.76,
                                      start_date=date(2024, 3, 1)), user="anna")


def _rows(engine):  # noqa: F811
    with engine.connect() as connection:
        return {t.name: [dict(r) for r in connection.execute(select(t).order_by(*t.primary_key.columns)).mappings()]
                for t in Base.metadata.sorted_tables if t.name != "signin_failure"}


def _files(data_dir):
    root = data_dir / "datasets"
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def _exports(engine, data_dir, monkeypatch):  # noqa: F811
    """The saved selection's CSV (bytes) and XLSX export (its parts), as the selections page builds them."""
    from exports.model import DecisionRecord, build_export
    from exports.tabular import to_csv, to_xlsx
    from geo.store.catalog import list_datasets, load_dataset_folder
    from storage.selections import load_version

    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(data_dir))
    info = next(d for d in list_datasets(data_dir / "datasets") if d.id == "kleinstadt")
    dataset, geometry = load_dataset_folder(info)
    saved = load_version(engine, "Kandidaten Süd/Ost", 1)
    record = DecisionRecord(name=saved.name, author=saved.author, rationale=saved.rationale,
                            area_rationales=saved.area_rationales, version=saved.version, saved_at=saved.created_at,
                            method=saved.method)
    export = build_export(dataset, saved.area_ids, record, datetime(2026, 12, 5, tzinfo=UTC), geometry)
    return to_csv(export), _members(to_xlsx(export))


def _members(xlsx: bytes) -> dict[str, bytes]:
    """An XLSX file's parts but its properties (the zip headers and docProps/core.xml carry the time of writing)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def test_a_backup_restored_into_a_fresh_instance_brings_everything_back(engine, fresh, tmp_path, monkeypatch):  # noqa: F811
    from storage.projects import list_projects
    from storage.quarters import list_quarters
    from storage.selections import history, list_selections

    first, second = tmp_path / "first" / "data", tmp_path / "second" / "data"
    first.mkdir(parents=True)
    _instance(engine, first, monkeypatch)
    archive = tmp_path / "atlas.tar.gz"
    manifest = create_backup(engine, first, archive)
    assert manifest["tables"]["selection_version"] == 2 and manifest["tables"]["project"] == 1

    restore_backup(fresh, second, archive)
    assert _rows(fresh) == _rows(engine)
    assert _files(second) == _files(first) and "kleinstadt/boundaries.gpkg" in _files(second)
    assert [(s.name, s.version, s.area_ids) for s in list_selections(fresh)] == [
        ("Kandidaten Süd/Ost", 2, ("2", "3", "4"))]
    assert [v.rationale for v in history(fresh, "Kandidaten Süd/Ost")] == [
        v.rationale for v in history(engine, "Kandidaten Süd/Ost")]
    assert [(q.name, q.published, q.geojson) for q in list_quarters(fresh, "kleinstadt")] == [
        (q.name, q.published, q.geojson) for q in list_quarters(engine, "kleinstadt")]
    assert [p.record for p in list_projects(fresh)] == [p.record for p in list_projects(engine)]
    assert _exports(fresh, second, monkeypatch) == _exports(engine, first, monkeypatch)

    # The restored instance goes on: new rows get new ids (PostgreSQL's counters continue after the restored ones).
    from storage.selections import save_selection

    assert save_selection(fresh, "Neu", ["1"], author="anna", dataset="kleinstadt").version == 1
    # Never over what is there.
    with pytest.raises(BackupError, match="nicht leer|schon Datensätze"):
        restore_backup(fresh, tmp_path / "third", archive)
    with pytest.raises(BackupError, match="schon Datensätze"):
        restore_backup(make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}"), second, archive)
