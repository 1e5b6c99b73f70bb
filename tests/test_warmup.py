"""The start-up warm-up of ``server.py`` (ui/warmup.py): what the first visitor no longer waits for.

Each warm-up runs in a fresh interpreter, as at server start: in this test process
everything is imported already. The grid is SYNTHETIC (random values, not Zensus data).
The browser tests start the app through ``server.py`` (tests/e2e), which shows that the
warmed server serves the map.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.grid_fixture import synthetic_grid_into
from ui.warmup import page_imports

PROBE = textwrap.dedent("""
    import json, sys
    from ui.shell import cache
    from ui.views import gridview
    from ui.warmup import warm_up

    imported = warm_up()
    payloads = []  # grid payloads built after the warm-up: none when it filled the caches
    built = gridview.grid_payload
    gridview.grid_payload = lambda *args: payloads.append(1) or built(*args)
    layer = cache.grid(cache.DEFAULT)
    if layer is not None:
        gridview.prepare(layer, cache.boundaries(cache.DEFAULT).geometry)
    print(json.dumps({"imported": imported, "loaded": sorted(sys.modules), "payloads_after": len(payloads),
                      "grid_cells": None if layer is None else len(layer.cells)}))
""")


def _warm(data_dir: Path, mirror_dir: Path) -> tuple[dict, str]:
    env = {**os.environ, "ANKUNFTSATLAS_DATA_DIR": str(data_dir), "ANKUNFTSATLAS_MIRROR": str(mirror_dir),
           "ANKUNFTSATLAS_CACHE": str(data_dir / "cache")}
    for name in ("ANKUNFTSATLAS_MODE", "ANKUNFTSATLAS_DATABASE_URL"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def test_page_imports_are_read_from_the_pages():
    names = page_imports()
    # `from ui.shell import cache, state` in dashboard.py; `from ui.widgets.mapview import ...` in pages/map.py
    assert {"ui.shell.cache", "ui.shell.state", "ui.widgets.mapview", "geo.maps.choropleth", "storage.selections"} <= set(names)
    assert len(names) == len(set(names))


def test_a_new_page_is_warmed_too(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "dashboard.py").write_text("import streamlit as st\nfrom ui.shell import cache\n", encoding="utf-8")
    (tmp_path / "pages" / "new.py").write_text(
        "from geo.analysis.relations import x\nfrom . import local\nimport json\n", encoding="utf-8")
    assert page_imports(tmp_path) == ["streamlit", "ui.shell", "ui.shell.cache", "geo.analysis.relations",
                                      "geo.analysis.relations.x", "json"]


def test_warm_up_imports_opens_the_database_and_fills_the_grid_caches(tmp_path, mirror_dir):
    synthetic_grid_into(mirror_dir / "ortsbezirke.geojson", tmp_path / "grids" / "kaiserslautern", tmp_path / "src")
    result, log = _warm(tmp_path, mirror_dir)
    assert "Traceback" not in log and "failed" not in log
    # what the first map needs, imported inside functions or by the pages
    assert {"mapclassify", "folium", "geopandas", "streamlit_folium", "ui.widgets.mapview", "streamlit.emojis"} <= set(
        result["loaded"])
    assert {"ui.shell.cache", "mapclassify"} <= set(result["imported"])
    # the database exists and is migrated (it used to be created by the first visitor)
    with sqlite3.connect(tmp_path / "ankunftsatlas.sqlite") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"alembic_version", "project", "quarter_version"} <= tables
    # the grid was loaded and its payload built for both interface languages: none is built again
    assert result["grid_cells"] == 14458
    assert result["payloads_after"] == 0


def test_a_damaged_database_does_not_stop_the_start(tmp_path, mirror_dir):
    (tmp_path / "ankunftsatlas.sqlite").write_bytes(b"this is not a database" * 100)
    result, log = _warm(tmp_path, mirror_dir)
    assert "warm-up: database failed" in log  # logged; the pages say it to the user in their own words
    assert "mapclassify" in result["loaded"]  # the other steps still ran
    assert (tmp_path / "ankunftsatlas.sqlite").read_bytes() == b"this is not a database" * 100  # untouched


@pytest.mark.parametrize("name", ["ui.warmup", "server"])
def test_the_serving_modules_do_not_import_streamlit_pages(name):
    """server.py and the warm-up import no page (a page is a script: importing it would run it)."""
    source = (REPO / (name.replace(".", "/") + ".py")).read_text(encoding="utf-8")
    assert "import pages" not in source and "from pages" not in source


def test_the_server_neither_watches_sources_nor_collects_all_garbage_after_each_run():
    """Both held the server's interpreter after every run, delaying that run's page (benchmarks/grid.py):
    the source watcher re-checked ~3,000 module paths, the forced full GC took ~0.3 s."""
    import tomllib

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none"
    assert config["runner"]["postScriptGC"] is False


LAST_USED_PROBE = textwrap.dedent("""
    import json
    import geo.store.datasets as datasets
    from geo.store.displaystore import remember_used
    from ui.warmup import warm_up

    opened = []
    real = datasets.open_info
    datasets.open_info = lambda info: opened.append(info.id) or real(info)
    remember_used("zweistadt")
    warm_up()
    print(json.dumps({"opened": opened}))
""")


def test_the_warm_up_prepares_the_default_and_the_dataset_used_last(tmp_path, mirror_dir):
    import geopandas as gpd
    from shapely.geometry import box

    # test fixture: two synthetic squares with invented values, imported with the command line
    gpd.GeoDataFrame({"id": ["1", "2"], "name": ["Ost", "West"]},
                     geometry=[box(7.71, 49.40, 7.72, 49.41), box(7.70, 49.40, 7.71, 49.41)],
                     crs=4326).to_file(tmp_path / "zwei.geojson")
    (tmp_path / "zweistadt_2021.csv").write_text("id;Haushalte\n1;10\n2;30\n", encoding="utf-8")
    env = {**os.environ, "ANKUNFTSATLAS_DATA_DIR": str(tmp_path), "ANKUNFTSATLAS_MIRROR": str(mirror_dir),
           "ANKUNFTSATLAS_CACHE": str(tmp_path / "cache")}
    for name in ("ANKUNFTSATLAS_MODE", "ANKUNFTSATLAS_DATABASE_URL"):
        env.pop(name, None)
    subprocess.run([sys.executable, "-m", "geo.ingest", "--boundaries", str(tmp_path / "zwei.geojson"),
                    "--indicators", str(tmp_path / "zweistadt_2021.csv"), "--name", "Zweistadt"],
                   cwd=REPO, env=env, capture_output=True, check=True, timeout=300)
    done = subprocess.run([sys.executable, "-c", LAST_USED_PROBE], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300, check=True)
    assert "failed" not in done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])["opened"] == ["kaiserslautern", "zweistadt"]
