"""An imported dataset's display geometry, quality check and compact form, stored per version
(geo/store/displaystore.py): computed at import, read back on opening, never stale after a re-import,
computed again when the stored file is damaged. Boundaries and values are a SYNTHETIC test fixture."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

import geo.store.datasets as datasets
from geo.domain.compactgeo import decode
from geo.ingest import main as ingest
from geo.store import displaystore
from geo.store.datasets import open_dataset

BOUNDARIES = gpd.GeoDataFrame(  # test fixture: two synthetic squares
    {"id": ["1", "2"], "name": ["Ost", "West"]},
    geometry=[box(7.71, 49.40, 7.72, 49.41), box(7.70, 49.40, 7.71, 49.41)],
    crs=4326,
)


@pytest.fixture
def data_dir(monkeypatch, tmp_path, mirror_dir) -> Path:
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("ANKUNFTSATLAS_MIRROR", str(mirror_dir))
    monkeypatch.delenv("ANKUNFTSATLAS_MODE", raising=False)
    return tmp_path / "data"


def _import(tmp_path: Path, frame: gpd.GeoDataFrame, *extra: str) -> None:
    frame.to_file(tmp_path / "zwei.geojson")
    rows = "".join(f"{k};{10 * (i + 1)}\n" for i, k in enumerate(frame["id"]))
    (tmp_path / "zweistadt_2021.csv").write_text(f"id;Haushalte\n{rows}", encoding="utf-8")
    assert ingest(["--boundaries", str(tmp_path / "zwei.geojson"), "--indicators", str(tmp_path / "zweistadt_2021.csv"),
                   "--name", "Zweistadt", *extra]) == 0


def _counting(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = datasets.display_quality
    monkeypatch.setattr(datasets, "display_quality", lambda *a: calls.append(1) or real(*a))
    return calls


def test_the_import_stores_the_display_and_opening_reads_it(data_dir, tmp_path, monkeypatch):
    _import(tmp_path, BOUNDARIES)
    opened_once = open_dataset("zweistadt")
    stored = displaystore.read_display("zweistadt", opened_once.version)
    assert stored is not None  # written by the import itself
    assert stored.geojson == opened_once.geometry.geojson
    assert stored.quality == opened_once.quality and stored.quality.overlap_m2 == 0.0
    calls = _counting(monkeypatch)
    again = open_dataset("zweistadt")
    assert calls == []  # the quality check is not run again
    assert again.geometry.frame["key"].tolist() == ["1", "2"]
    assert again.geometry.unit_at(7.715, 49.405) == "Ost"
    compact = displaystore.compact_of(again.geometry.geojson)
    assert [f["id"] for f in decode(compact)["features"]] == ["1", "2"]


def test_a_reimport_is_a_new_version_and_computed_anew(data_dir, tmp_path, monkeypatch):
    _import(tmp_path, BOUNDARIES)
    first = open_dataset("zweistadt")
    three = gpd.GeoDataFrame({"id": ["1", "2", "3"], "name": ["Ost", "West", "Nord"]},
                             geometry=[*BOUNDARIES.geometry, box(7.70, 49.41, 7.72, 49.42)], crs=4326)
    _import(tmp_path, three, "--replace")
    second = open_dataset("zweistadt")
    assert second.version != first.version
    assert second.geometry.frame["key"].tolist() == ["1", "2", "3"]
    assert displaystore.read_display("zweistadt", second.version).geojson == second.geometry.geojson


def test_a_damaged_stored_file_is_computed_again(data_dir, tmp_path, monkeypatch):
    _import(tmp_path, BOUNDARIES)
    version = open_dataset("zweistadt").version
    [stored] = (data_dir.parent / "cache" / "display").glob("v*.pickle")
    stored.write_bytes(b"not a pickle")
    assert displaystore.read_display("zweistadt", version) is None
    calls = _counting(monkeypatch)
    assert open_dataset("zweistadt").geometry.frame["key"].tolist() == ["1", "2"]
    assert calls == [1]
    assert displaystore.read_display("zweistadt", version) is not None  # written again


def test_the_last_used_dataset_is_remembered(data_dir):
    assert displaystore.last_used() is None
    displaystore.remember_used("zweistadt")
    assert displaystore.last_used() == "zweistadt"


def test_one_run_of_the_map_opens_the_dataset_once_and_lists_the_datasets_a_few_times(data_dir, tmp_path,
                                                                                      monkeypatch):
    import pickle

    import streamlit.runtime.caching.cache_data_api as cache_data_api
    from streamlit.testing.v1 import AppTest

    import geo.store.catalog as catalog
    from tests.conftest import REPO

    _import(tmp_path, BOUNDARIES)
    counts = {"opened": 0, "listed": 0, "unpickled": 0}
    real_open, real_list = datasets.open_info, catalog.list_datasets

    def open_info(info):
        counts["opened"] += 1
        return real_open(info)

    def list_datasets(root):
        counts["listed"] += 1
        return real_list(root)

    class CountingPickle:
        dumps = staticmethod(pickle.dumps)

        @staticmethod
        def loads(data):
            counts["unpickled"] += 1
            return pickle.loads(data)  # noqa: S301 - Streamlit's own cache entries

    monkeypatch.setattr(datasets, "open_info", open_info)
    monkeypatch.setattr(datasets, "list_datasets", list_datasets)
    monkeypatch.setattr(cache_data_api, "pickle", CountingPickle)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.query_params["ds"] = "zweistadt"
    at.run()
    assert not at.exception
    assert counts["opened"] == 1
    assert counts["listed"] <= 4  # was 39 before the per-run memo; this first run also builds the default
    counts.update(opened=0, listed=0, unpickled=0)
    at.run()
    assert not at.exception
    assert counts["opened"] == 0
    assert counts["listed"] <= 3
    assert counts["unpickled"] <= 2  # the opened dataset once per run (it was unpickled 9 times)
