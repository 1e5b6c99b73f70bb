"""The dataset store: refusal without an editor, replace keeps the previous version, restore, crash recovery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.store import datastore
from geo.store.datastore import (
    AuthorisationError,
    DatasetExistsError,
    Editor,
    list_versions,
    recover,
    remove,
    restore,
    write_dataset,
)

ANNA = Editor("anna")


def _writer(value: str):
    def write(folder: Path) -> None:
        (folder / "indicators.csv").write_text(value, encoding="utf-8")
        (folder / "provenance.json").write_text(json.dumps({"name": value}), encoding="utf-8")

    return write


def _content(root: Path, dataset_id: str = "ort") -> str:
    return (root / dataset_id / "indicators.csv").read_text(encoding="utf-8")


def _visible(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if not p.name.startswith("."))


@pytest.fixture(autouse=True)
def _not_public(monkeypatch):
    monkeypatch.delenv("ANKUNFTSATLAS_MODE", raising=False)
    monkeypatch.setenv("ANKUNFTSATLAS_SETTINGS", "/nonexistent.toml")


@pytest.mark.parametrize("editor", [None, "anna", Editor(""), Editor("  ")])
def test_every_change_is_refused_without_an_editor(tmp_path, editor):
    with pytest.raises(AuthorisationError, match="Nur angemeldete"):
        write_dataset(tmp_path, "ort", _writer("1"), editor=editor)
    write_dataset(tmp_path, "ort", _writer("1"), editor=ANNA)
    with pytest.raises(AuthorisationError):
        remove(tmp_path, "ort", editor=editor)
    with pytest.raises(AuthorisationError):
        restore(tmp_path, "ort", "x", editor=editor)
    assert _content(tmp_path) == "1"


def test_public_deployment_refuses_even_with_an_editor(tmp_path, monkeypatch):
    monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    with pytest.raises(AuthorisationError, match="Öffentliche Installation"):
        write_dataset(tmp_path, "ort", _writer("1"), editor=ANNA)
    assert not (tmp_path / "ort").exists()


def test_save_dataset_and_remove_dataset_need_an_editor(tmp_path):
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import box

    from geo.read.reconcile import Reconciliation
    from geo.store.catalog import list_datasets, remove_dataset, save_dataset

    frame = gpd.GeoDataFrame({"key": ["1"], "name": ["Ost"]}, geometry=[box(7, 49, 7.1, 49.1)], crs=4326)
    table = pd.DataFrame({"Einwohner": [10]}, index=["1"])
    report = Reconciliation(method="id", pairs={"1": "1"}, fuzzy=[], unmatched_table=[], unmatched_boundaries=[])
    with pytest.raises(TypeError):  # the editor is a required keyword
        save_dataset(tmp_path / "ort", frame, table, report, {"name": "Ort"})
    with pytest.raises(AuthorisationError):
        save_dataset(tmp_path / "ort", frame, table, report, {"name": "Ort"}, editor=None)
    save_dataset(tmp_path / "ort", frame, table, report, {"name": "Ort", "imported_by": "root"}, editor=ANNA)
    (info,) = list_datasets(tmp_path)
    assert info.provenance["imported_by"] == "anna"  # who signed in, not the server's user
    with pytest.raises(AuthorisationError):
        remove_dataset(info, editor=None)
    remove_dataset(info, editor=ANNA)
    assert list_datasets(tmp_path) == []


def test_existing_name_needs_confirmation_and_the_previous_version_stays_restorable(tmp_path):
    write_dataset(tmp_path, "ort", _writer("alt"), editor=ANNA)
    with pytest.raises(DatasetExistsError, match="Bitte das Ersetzen bestätigen"):
        write_dataset(tmp_path, "ort", _writer("neu"), editor=ANNA)
    assert _content(tmp_path) == "alt"
    write_dataset(tmp_path, "ort", _writer("neu"), editor=Editor("bernd"), replace=True)
    assert _content(tmp_path) == "neu"
    (kept,) = list_versions(tmp_path)
    assert (kept.id, kept.provenance["name"], kept.retired["reason"], kept.retired["by"]) == (
        "ort", "alt", "replaced", "bernd")
    restore(tmp_path, "ort", kept.stamp, editor=ANNA)
    assert _content(tmp_path) == "alt"
    (kept,) = list_versions(tmp_path)  # the replaced "neu" is kept in turn
    assert kept.provenance["name"] == "neu"


def test_removed_dataset_is_restorable(tmp_path):
    write_dataset(tmp_path, "ort", _writer("1"), editor=ANNA)
    remove(tmp_path, "ort", editor=ANNA)
    assert _visible(tmp_path) == []
    (kept,) = list_versions(tmp_path)
    assert kept.retired["reason"] == "removed"
    restore(tmp_path, "ort", kept.stamp, editor=ANNA)
    assert _content(tmp_path) == "1" and list_versions(tmp_path) == []


def test_only_the_newest_versions_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(datastore, "KEEP_VERSIONS", 2)
    for value in "abcd":
        write_dataset(tmp_path, "ort", _writer(value), editor=ANNA, replace=True)
    assert [v.provenance["name"] for v in list_versions(tmp_path)] == ["c", "b"]


def test_a_failed_write_leaves_the_current_version_untouched(tmp_path):
    write_dataset(tmp_path, "ort", _writer("alt"), editor=ANNA)

    def broken(folder: Path) -> None:
        (folder / "indicators.csv").write_text("halb", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_dataset(tmp_path, "ort", broken, editor=ANNA, replace=True)
    assert _content(tmp_path) == "alt" and list_versions(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lock", "ort"]  # no staging left


class _Killed(BaseException):
    """Stands for the process being killed: no except block runs."""


def test_kill_between_the_two_renames_is_undone_at_start(tmp_path, monkeypatch):
    write_dataset(tmp_path, "ort", _writer("alt"), editor=ANNA)
    real_rename = Path.rename
    calls = []

    def rename(self, target):
        calls.append(self.name)
        if self.name.startswith(".staging-"):  # the second rename: staging -> current
            raise _Killed
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(_Killed):
        write_dataset(tmp_path, "ort", _writer("neu"), editor=ANNA, replace=True)
    monkeypatch.setattr(Path, "rename", real_rename)
    assert calls[0] == "ort"  # the current version had already been moved away
    assert not (tmp_path / "ort").exists()
    done = recover(tmp_path)
    assert done[0] == "restored ort" and any(d.startswith("deleted .staging-ort-") for d in done)
    assert _content(tmp_path) == "alt"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lock", ".versions", "ort"]
    assert list_versions(tmp_path) == []


def test_left_over_staging_trash_and_old_backups_are_cleaned_at_start(tmp_path):
    write_dataset(tmp_path, "ort", _writer("1"), editor=ANNA)
    for name in (".staging-ort-abc", ".trash-123", ".ort-x7k2ab_9", ".fremd"):  # the last one is not ours
        (tmp_path / name).mkdir()
        (tmp_path / name / "indicators.csv").write_text("halb")
    (tmp_path / ".alt-previous").mkdir()  # backup left by the earlier save, its dataset gone
    (tmp_path / ".alt-previous" / "provenance.json").write_text("{}")
    recover(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".fremd", ".lock", "alt", "ort"]
    assert _content(tmp_path) == "1"


def test_the_running_site_repairs_a_replacement_killed_between_the_renames(tmp_path, monkeypatch):
    write_dataset(tmp_path, "ort", _writer("alt"), editor=ANNA)
    real_rename = Path.rename

    def rename(self, target):
        if self.name.startswith(".staging-"):
            raise _Killed
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(_Killed):
        write_dataset(tmp_path, "ort", _writer("neu"), editor=ANNA, replace=True)
    monkeypatch.setattr(Path, "rename", real_rename)
    assert not (tmp_path / "ort").exists()
    with datastore._locked(tmp_path):  # another process is mid-change: its journal is left alone
        assert datastore.repair_interrupted(tmp_path) == []
    assert datastore.repair_interrupted(tmp_path) == ["restored ort"]  # the writer is dead: undone
    assert _content(tmp_path) == "alt"
    assert datastore.repair_interrupted(tmp_path) == []  # nothing left to do
