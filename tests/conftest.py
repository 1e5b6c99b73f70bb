"""Shared fixtures: small named fixtures on top of path-returning session fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "data"
DEFAULT_MIRROR = REPO.parent / "shared" / "data" / "kaiserslautern"
# Real Berlin files (never copied into the project): ../shared beside the checkout, as CI has it.
BERLIN_DIR = Path(os.environ.get("ANKUNFTSATLAS_BERLIN") or REPO.parent / "shared" / "data" / "berlin")


def _require(path: Path, what: str) -> Path:
    if path.is_file():
        return path
    message = f"{what} not found at {path}; set ANKUNFTSATLAS_MIRROR to the offline copy"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)  # missing data must not pass quietly in CI
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _own_user_data(monkeypatch, tmp_path_factory):
    """No test reads or writes the real user data folder (its database, its imported datasets):
    each test starts with an empty one of its own unless it sets another."""
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))


@pytest.fixture(scope="session")
def mirror_dir() -> Path:
    configured = os.environ.get("ANKUNFTSATLAS_MIRROR")
    folder = Path(configured).resolve() if configured else DEFAULT_MIRROR
    _require(folder / "ortsbezirke.geojson", "official boundaries (mirror)")
    return folder


@pytest.fixture(scope="session")
def boundaries_path(mirror_dir: Path) -> Path:
    return mirror_dir / "ortsbezirke.geojson"


@pytest.fixture(scope="session")
def statistics_path() -> Path:
    return DATA_DIR / "kaiserslautern_2016.csv"


@pytest.fixture(scope="session")
def boundary_source():
    from geo.read.sources import load_sources

    return load_sources(DATA_DIR / "sources.toml").boundaries["kaiserslautern_ortsbezirke"]


@pytest.fixture(scope="session")
def dataset(tmp_path_factory):
    """The default dataset as the pages open it (geo.store.datasets.open_dataset), built into a folder of its own."""
    from geo.store.datasets import default_dataset_id, open_dataset

    return open_dataset(default_dataset_id(), root=tmp_path_factory.mktemp("datasets")).dataset


@pytest.fixture(scope="session")
def map_geometry(boundaries_path, boundary_source, dataset):
    from geo.domain.dataset import load_map_geometry

    return load_map_geometry(boundaries_path, boundary_source, dataset)


EDITOR_PASSWORD = "geheim"


@pytest.fixture
def app_env(monkeypatch, tmp_path, mirror_dir) -> Path:
    """The app as an officer runs it, in a fresh folder: official boundaries from the mirror, an empty
    cache and data folder, one editor ``anna`` (password ``geheim``), not public, the default SQLite
    database. Returns ``tmp_path``."""
    from storage.auth import hash_password
    from ui.shell import cache

    monkeypatch.setenv("ANKUNFTSATLAS_MIRROR", str(mirror_dir))
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.setenv("ANKUNFTSATLAS_EDITORS", f"anna={hash_password(EDITOR_PASSWORD, iterations=1000)}")
    monkeypatch.delenv("ANKUNFTSATLAS_MODE", raising=False)
    monkeypatch.delenv("ANKUNFTSATLAS_DATABASE_URL", raising=False)
    return tmp_path


# Test layers as markers, assigned by where a test lives: tests/e2e/ is the browser; a test module
# that runs a page under streamlit.testing.v1.AppTest (or uses the app_env/downloads fixtures) is
# "app"; everything else, doctests included, is "unit". `pytest -m unit` runs in about a minute.
_APP_SOURCE = ("AppTest", "app_env", "downloads")
_E2E_DIR = REPO / "tests" / "e2e"


def _layer(path: Path, fixtures: list[str], seen: dict[Path, str]) -> str:
    if _E2E_DIR in path.parents:
        return "e2e"
    if path not in seen:
        text = path.read_text(encoding="utf-8") if path.suffix == ".py" else ""
        seen[path] = "app" if path.is_relative_to(REPO / "tests") and any(w in text for w in _APP_SOURCE) else "unit"
    if seen[path] == "unit" and any(f in fixtures for f in ("app_env", "downloads")):
        return "app"
    return seen[path]


def pytest_collection_modifyitems(config, items):
    seen: dict[Path, str] = {}
    for item in items:
        layer = _layer(Path(str(item.path)).resolve(), list(getattr(item, "fixturenames", ())), seen)
        item.add_marker(getattr(pytest.mark, layer))
