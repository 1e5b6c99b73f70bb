"""Imported datasets and grids shared through the database by several server processes (storage.shared).

Two data folders stand for two server processes: the officer instance (read-write) and a public
replica (its own data folder, the database opened read-only). The files are small stand-ins (not
real data): the store copies bytes, whatever they hold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from geo.store import mirror
from geo.store.catalog import list_datasets
from storage.db import make_engine
from storage.models import SharedBlob, SharedFolder
from storage.shared import DatabaseMirror, push, sync, uses_shared_store
from tests.test_storage import engine  # noqa: F401  (the SQLite / PostgreSQL fixture)


def _dataset(root: Path, name: str, table: str = "key;Einwohner\n1;100\n") -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "provenance.json").write_text(json.dumps({"name": name.title()}), encoding="utf-8")
    (folder / "boundaries.gpkg").write_bytes(b"GPKG stand-in " + name.encode())
    (folder / "indicators.csv").write_text(table, encoding="utf-8")
    return folder


def _read_only(engine):  # noqa: F811
    return make_engine(engine.url.render_as_string(hide_password=False), read_only=True)


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def test_a_dataset_saved_on_the_officer_instance_appears_changes_and_goes_on_a_replica(engine, tmp_path):  # noqa: F811
    officer, replica = tmp_path / "officer" / "datasets", tmp_path / "replica" / "datasets"
    public = _read_only(engine)
    try:
        first = _dataset(officer, "berlin")
        assert push(engine, first) is not None
        assert sync(public, replica, writable=False) == ["pulled datasets/berlin"]
        assert _contents(replica / "berlin") == _contents(first)
        assert sync(public, replica, writable=False) == []  # level: nothing read again

        _dataset(officer, "berlin", table="key;Einwohner\n1;120\n")  # re-imported with other figures
        push(engine, first)
        assert sync(public, replica, writable=False) == ["pulled datasets/berlin"]
        assert (replica / "berlin" / "indicators.csv").read_text(encoding="utf-8") == "key;Einwohner\n1;120\n"
        with Session(engine) as db:  # the replaced table's blob is forgotten; the unchanged files are stored once
            assert db.scalar(select(func.count()).select_from(SharedBlob)) == 3

        for path in first.iterdir():
            path.unlink()
        first.rmdir()
        assert push(engine, first) is None  # removed on the officer instance
        assert sync(public, replica, writable=False) == ["removed datasets/berlin"]
        assert not (replica / "berlin").exists()
        with Session(engine) as db:
            assert db.scalar(select(func.count()).select_from(SharedBlob)) == 0
    finally:
        public.dispose()


def test_the_officer_shares_a_command_line_import_and_a_fresh_officer_folder_never_empties_the_database(
    engine, tmp_path  # noqa: F811
):
    officer = tmp_path / "officer" / "datasets"
    _dataset(officer, "kl-2020")  # python -m geo.ingest on the officer's data folder: no hook ran
    assert sync(engine, officer, writable=True) == ["pushed datasets/kl-2020"]
    assert sync(engine, officer, writable=True) == []
    fresh = tmp_path / "officer-new-disk" / "datasets"
    assert sync(engine, fresh, writable=True) == ["pulled datasets/kl-2020"]
    with Session(engine) as db:
        assert db.scalars(select(SharedFolder.key)).all() == ["datasets/kl-2020"]


def test_a_replica_repairs_a_tampered_copy_and_leaves_its_own_folders_alone(engine, tmp_path):  # noqa: F811
    officer, replica = tmp_path / "officer" / "datasets", tmp_path / "replica" / "datasets"
    public = _read_only(engine)
    try:
        push(engine, _dataset(officer, "berlin"))
        sync(public, replica, writable=False)
        (replica / "berlin" / "indicators.csv").write_text("broken", encoding="utf-8")
        _dataset(replica, "local-only")
        assert sync(public, replica, writable=False) == ["pulled datasets/berlin"]
        assert _contents(replica / "berlin") == _contents(officer / "berlin")
        assert (replica / "local-only" / "provenance.json").is_file()
        with Session(engine) as db:
            assert db.scalars(select(SharedFolder.key)).all() == ["datasets/berlin"]
    finally:
        public.dispose()


def test_a_grid_of_the_embedded_dataset_is_shared_beside_the_datasets(engine, tmp_path):  # noqa: F811
    grids = tmp_path / "officer" / "grids" / "kaiserslautern"
    grids.mkdir(parents=True)
    (grids / "grid.gpkg").write_bytes(b"grid stand-in")
    (grids / "grid.json").write_text('{"cell_size_m": 100}', encoding="utf-8")
    (grids / ".grid.part.gpkg").write_bytes(b"half written")  # never shared
    officer = DatabaseMirror(engine=lambda: engine, writable=True)
    officer.saved(grids)
    public = _read_only(engine)
    try:
        replica = DatabaseMirror(engine=lambda: public, writable=False)
        replica.refresh(tmp_path / "replica" / "datasets")
        assert _contents(tmp_path / "replica" / "grids" / "kaiserslautern") == {
            "grid.gpkg": b"grid stand-in", "grid.json": b'{"cell_size_m": 100}'
        }
    finally:
        public.dispose()


def test_the_catalogue_lists_what_another_process_saved_once_a_mirror_is_registered(engine, tmp_path):  # noqa: F811
    push(engine, _dataset(tmp_path / "officer" / "datasets", "berlin"))
    replica = tmp_path / "replica" / "datasets"
    assert list_datasets(replica) == []  # nothing registered (the single-machine default): the folder only
    mirror.register(DatabaseMirror(engine=lambda: engine, writable=False, every=0.0))
    try:
        listed = list_datasets(replica)
    finally:
        mirror.register(None)
    assert [(d.id, d.provenance["name"]) for d in listed] == [("berlin", "Berlin")]


def test_the_read_only_replica_cannot_share_anything(engine, tmp_path):  # noqa: F811
    if engine.dialect.name != "postgresql":
        pytest.skip("the read-only PostgreSQL transaction is what refuses here (SQLite: mode=ro, tested elsewhere)")
    from sqlalchemy.exc import DBAPIError

    public = _read_only(engine)
    try:
        with pytest.raises(DBAPIError, match="read-only"):
            push(public, _dataset(tmp_path / "replica" / "datasets", "x"))
    finally:
        public.dispose()


def test_only_postgresql_shares_datasets_sqlite_keeps_the_folder():
    assert uses_shared_store("postgresql+psycopg://atlas@db/atlas")
    assert not uses_shared_store("sqlite:////var/lib/ankunftsatlas/ankunftsatlas.sqlite")


@pytest.mark.parametrize(("url", "mode", "writable"), [
    ("sqlite:///{tmp}/atlas.sqlite", "", None),
    ("postgresql+psycopg://atlas@127.0.0.1/atlas", "", True),
    ("postgresql+psycopg://atlas@127.0.0.1/atlas", "public", False),
])
def test_the_server_shares_datasets_only_on_postgresql_and_read_only_on_a_public_replica(
    monkeypatch, tmp_path, url, mode, writable
):
    from ui.shell.replicas import share_datasets

    monkeypatch.setenv("ANKUNFTSATLAS_DATABASE_URL", url.format(tmp=tmp_path))
    monkeypatch.setenv("ANKUNFTSATLAS_MODE", mode)
    try:
        assert share_datasets() is (writable is not None)
        registered = list(mirror._registered)
    finally:
        from storage import tokens

        mirror.register(None)
        tokens.use_database(None)  # the token key back in the data folder: later tests sign in on SQLite
    assert [m.writable for m in registered] == ([] if writable is None else [writable])


def test_a_dataset_removed_behind_the_officer_servers_back_is_unshared_and_goes_on_the_replica(engine, tmp_path):  # noqa: F811
    import shutil

    officer, replica = tmp_path / "officer" / "datasets", tmp_path / "replica" / "datasets"
    _dataset(officer, "berlin")
    assert sync(engine, officer, writable=True) == ["pushed datasets/berlin"]
    assert sync(engine, replica, writable=False) == ["pulled datasets/berlin"]
    shutil.rmtree(officer / "berlin")  # removed with a file manager, not through the app
    assert sync(engine, officer, writable=True) == ["unshared datasets/berlin"]
    assert sync(engine, replica, writable=False) == ["removed datasets/berlin"]
    assert not (replica / "berlin").exists() and sync(engine, replica, writable=False) == []
