"""One dataset model (geo/store/datasets.py): the default dataset built from the data configuration like
any other, Berlin (real files, read from /work/shared/data/berlin at test time) imported, and a re-import
seen by the page on its next run."""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from geo.ingest import main as ingest
from geo.store.datasets import UnknownDatasetError, dataset_infos, default_dataset_id, open_dataset
from tests.conftest import BERLIN_DIR, REPO


@pytest.fixture
def data_dir(monkeypatch, tmp_path, mirror_dir) -> Path:
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("ANKUNFTSATLAS_MIRROR", str(mirror_dir))
    monkeypatch.delenv("ANKUNFTSATLAS_MODE", raising=False)
    return tmp_path / "data"


def test_the_default_dataset_is_built_into_the_data_folder_and_opened_like_any_other(data_dir, monkeypatch, tmp_path):
    assert default_dataset_id() == "kaiserslautern"  # named by data/sources.toml only
    opened = open_dataset("kaiserslautern")
    folder = data_dir / "datasets" / "kaiserslautern"
    assert sorted(p.name for p in folder.iterdir()) == [
        "areas.csv", "indicator_specs.csv", "ortsbezirke.geojson", "provenance.json", "tiles.csv"]
    assert (len(opened.dataset.areas), len(opened.dataset.units.table), len(opened.geometry.frame)) == (18, 10, 10)
    # The merged Kernstadt is data: nine areas drawn as the one map unit "Innenstadt".
    assert opened.dataset.areas_in("Innenstadt")[:2] == ["innenstadt-ost", "innenstadt-suedwest"]
    assert len(opened.dataset.areas_in("Innenstadt")) == 9 and opened.dataset.unit_of("betzenberg") == "Innenstadt"
    meta = opened.display
    assert (meta.municipality, meta.year, meta.unit_label, meta.unit_one) == (
        "Kaiserslautern", "2016", "Ortsbezirke", "Ortsbezirk")
    # the English pages' words come from the data configuration too (they said "Ortsbezirke")
    assert (meta.units("en"), meta.one("en"), meta.units("de"), meta.one("de")) == (
        "local districts", "local district", "Ortsbezirke", "Ortsbezirk")
    assert (opened.dataset.parent.one("en"), opened.dataset.parent.many("en")) == ("local district", "local districts")
    assert meta.merged_note_de.startswith("Die Kernstadt ist auf der Karte als ein Gebiet")
    assert meta.start_indicators == ("foreign_share", "foreign_share_u30")
    assert opened.dataset.specs["foreign_share"].decimals == 1
    assert opened.dataset.tiles.loc["siegelbach"].tolist() == [0, 0]
    assert opened.dataset.area_words == ("Stadtteilen", "districts")  # "Summe/Anteil aus 9 Stadtteilen"
    assert (opened.name, opened.projects, opened.boundary_problem) == ("Kaiserslautern 2016 (Statistisches Amt)", True, None)
    inode = folder.stat().st_ino
    assert open_dataset("kaiserslautern").version == opened.version and folder.stat().st_ino == inode  # built once
    # Content-based: the same files give the same version in another data folder (caches are shared).
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "other"))
    assert open_dataset("kaiserslautern").version == opened.version


def test_the_default_dataset_without_boundaries_says_why_and_is_rebuilt_once_they_are_there(data_dir, monkeypatch,
                                                                                                tmp_path, mirror_dir):
    empty = tmp_path / "empty-mirror"
    empty.mkdir()
    monkeypatch.setenv("ANKUNFTSATLAS_MIRROR", str(empty))
    without = open_dataset("kaiserslautern")
    assert without.geometry is None and not without.boundaries_missing
    assert f"Im Spiegelordner {empty} fehlt ortsbezirke.geojson" in without.boundary_problem
    assert len(without.dataset.areas) == 18  # the statistics open all the same
    monkeypatch.setenv("ANKUNFTSATLAS_MIRROR", str(mirror_dir))
    with_boundaries = open_dataset("kaiserslautern")
    assert len(with_boundaries.geometry.frame) == 10 and with_boundaries.version != without.version


def _berlin(name: str) -> Path:
    path = BERLIN_DIR / name
    if not path.is_file():
        if os.environ.get("CI") == "true":
            raise AssertionError(f"{path} fehlt / missing")
        pytest.skip(f"{path} missing (real Berlin files)")
    return path


def test_open_dataset_on_berlin(data_dir):
    assert ingest(["--boundaries", str(_berlin("plr.geojson")), "--indicators", str(_berlin("long.csv")),
                   "--indicator", "merkmal", "--year", "jahr", "--value", "anzahl", "--key", "planungsraum",
                   "--share", "Ausländeranteil=Ausländer/Einwohner", "--name", "Berlin LOR", "--municipality", "Berlin",
                   "--unit-label", "Planungsräume", "--allow-unmatched"]) == 0
    assert [i.id for i in dataset_infos()] == ["kaiserslautern", "berlin-lor"]  # the default first
    opened = open_dataset("berlin-lor")
    assert (opened.display.municipality, opened.display.year, opened.display.unit_label) == (
        "Berlin", "2020", "Planungsräume")
    assert len(opened.dataset.areas) == 447 and len(opened.geometry.frame) == 447
    assert opened.dataset.specs["auslaenderanteil@2020"].kind == "share"
    assert opened.display.files == "long.csv, plr.geojson" and opened.display.sources == "long.csv"
    assert opened.dataset.area_words == ("Gebieten", "areas")  # no Kaiserslautern words on another city
    assert not opened.projects  # the project database describes the default municipality only (its configuration)
    with pytest.raises(UnknownDatasetError, match="vorhanden: kaiserslautern, berlin-lor"):
        open_dataset("nirgendwo")


BOUNDARIES = gpd.GeoDataFrame(  # test fixture: two synthetic squares
    {"id": ["1", "2"], "name": ["Ost", "West"]},
    geometry=[box(7.71, 49.40, 7.72, 49.41), box(7.70, 49.40, 7.71, 49.41)],
    crs=4326,
)


def _import(tmp_path: Path, households: tuple[int, int], *extra: str) -> None:
    BOUNDARIES.to_file(tmp_path / "zwei.geojson")
    (tmp_path / "zweistadt_2021.csv").write_text(f"id;Haushalte\n1;{households[0]}\n2;{households[1]}\n", encoding="utf-8")
    assert ingest(["--boundaries", str(tmp_path / "zwei.geojson"), "--indicators", str(tmp_path / "zweistadt_2021.csv"),
                   "--name", "Zweistadt", "--municipality", "Zweistadt", "--unit-label", "Viertel", *extra]) == 0


def test_a_reimport_shows_the_new_version_through_the_page(data_dir, tmp_path):
    _import(tmp_path, (10, 30))
    first = open_dataset("zweistadt").version
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["ds"] = "zweistadt"
    at.run()
    at.session_state["selected_areas"] = ["1", "2"]
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    assert at.table[0].value["Haushalte"].tolist()[:3] == ["10 · Rang 2/2 · 25,0 % der Stadt",
                                                           "30 · Rang 1/2 · 75,0 % der Stadt", "40"]
    _import(tmp_path, (12, 4), "--replace")
    assert open_dataset("zweistadt").version != first
    at.run()  # the next run, same server process: no restart
    assert not at.exception
    assert at.table[0].value["Haushalte"].tolist()[:3] == ["12 · Rang 1/2 · 75,0 % der Stadt",
                                                           "4 · Rang 2/2 · 25,0 % der Stadt", "16"]


def test_an_import_under_the_default_id_is_never_overwritten_by_the_set_up(data_dir, tmp_path):
    taken = data_dir / "datasets" / "kaiserslautern"
    taken.mkdir(parents=True)
    (taken / "provenance.json").write_text('{"name": "Eigener Import"}', encoding="utf-8")
    opened = open_dataset("kaiserslautern")
    assert opened.display.municipality == "Kaiserslautern" and len(opened.dataset.areas) == 18
    assert (taken / "provenance.json").read_text(encoding="utf-8") == '{"name": "Eigener Import"}'
    assert (tmp_path / "cache" / "datasets" / "kaiserslautern" / "areas.csv").is_file()  # built beside it


def test_two_sessions_opening_at_once_build_the_default_once(data_dir):
    from concurrent.futures import ThreadPoolExecutor

    from geo.store.builtin import ensure_built

    root = data_dir / "datasets"
    with ThreadPoolExecutor(2) as pool:
        folders = list(pool.map(lambda _: ensure_built("kaiserslautern", root), range(2)))
    assert folders == [root / "kaiserslautern"] * 2
    assert sorted(p.name for p in root.iterdir()) == [".lock", "kaiserslautern"]  # no staging or trash left


@pytest.mark.parametrize(
    ("raw", "english"),
    [
        ({"unit_label": "Ortsbezirke", "unit_one": "Ortsbezirk", "unit_label_en": "local districts",
          "unit_one_en": "local district"}, ("local districts", "local district")),
        ({"unit_label": "Gebiete"}, ("areas", "areas")),  # an import without words of its own: the generic ones
        ({"unit_label": "Gebiete", "unit_one": "Gebiet"}, ("areas", "area")),
        ({"unit_label": "Planungsräume"}, ("Planungsräume", "Planungsräume")),  # a proper name stays
        ({"unit_label": "Planungsräume", "unit_label_en": "planning areas"}, ("planning areas", "planning areas")),
    ],
)
def test_unit_words_in_english(raw, english):
    from geo.domain.dataset import display_meta

    meta = display_meta(raw, "x")
    assert (meta.units("en"), meta.one("en")) == english
    assert meta.units("de") == raw["unit_label"]
