"""The direction of imports is a contract (pyproject.toml, import-linter): a wrong import fails CI."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("pages", "ui", "exports", "storage", "geo")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    return subprocess.run([lint, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_import_contracts_are_kept():
    result = _lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        # a reader that draws: read is the bottom wing
        ("geo/read/_wrong.py", "from geo.maps.leaflet import AreaStyle\n", "geo wings"),
        # analysis and store are independent of each other
        ("geo/analysis/_wrong.py", "from geo.store.catalog import list_datasets\n", "geo wings"),
        # numbers are the bottom wing: they never read a table
        ("geo/numbers/_wrong.py", "from geo.read.tables import read_indicator_table\n", "geo wings"),
        # the domain model never reaches up into analysis
        ("geo/domain/_wrong.py", "import geo.analysis.classify\n", "geo wings"),
        # geo never imports streamlit
        ("geo/domain/_wrong.py", "import streamlit as st\n", "never import streamlit"),
        # storage never imports the ui
        ("storage/_wrong.py", "from ui import strings\n", "layers: pages above ui"),
        # nothing imports a page
        ("ui/_wrong.py", "import pages.map\n", "layers: pages above ui"),
    ],
)
def test_a_deliberate_wrong_import_breaks_a_contract(tmp_path, module, source, broken):
    for package in PACKAGES:
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / module).write_text(source, encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stdout
    assert "1 broken" in result.stdout
    broken_lines = [line for line in result.stdout.splitlines() if " BROKEN" in line]
    assert len(broken_lines) == 1 and broken in broken_lines[0], broken_lines
