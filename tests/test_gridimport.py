"""AppTest: Zensus grid files imported on the import page as the active dataset's grid layer.

The grid files are SYNTHETIC TEST FIXTURES in the official format (``;``, decimal
comma, ``–`` secrecy marker), placed inside Kaiserslautern's boundary from the
mirror; the values are made up, not Zensus data.
"""

from __future__ import annotations

import io
import math
import tempfile
import zipfile

import geopandas as gpd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from geo.read.zensus import CRS
from geo.store.gridstore import load_grid
from tests.conftest import REPO

SIGN_IN = "FormSubmitter:sign_in-Anmelden"
POP = "GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner"
SHARE = "GITTER_ID_100m;x_mp_100m;y_mp_100m;AnteilAuslaender;werterlaeuternde_Zeichen"


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path, app_env):
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # where uploads are written


@pytest.fixture(scope="module")
def corner(mirror_dir) -> tuple[int, int]:
    """Lower-left corner (EPSG:3035) of a 2 x 2 block of 100 m cells well inside the city."""
    city = gpd.read_file(mirror_dir / "ortsbezirke.geojson").to_crs(CRS).union_all()
    point = shapely.get_coordinates(city.representative_point())[0]
    return int(math.floor(point[0] / 100) * 100), int(math.floor(point[1] / 100) * 100)


def rows(corner, values, crs="3035") -> list[str]:
    e0, n0 = corner
    return [f"CRS{crs}RES100mN{n0 + r * 100}E{e0 + c * 100};{e0 + c * 100 + 50};{n0 + r * 100 + 50};{v}"
            for (c, r), v in values.items()]


def csv(header: str, lines: list[str]) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


def signed_in_page() -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/upload.py").run()
    at.text_input(key="sign_in_user").input("anna")
    at.text_input(key="sign_in_password").input("geheim")
    return at.button(key=SIGN_IN).click().run()


def submit(at: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    at.file_uploader(key="grid_upload").set_value(files)
    at.run()
    return at.button(key="grid_import_confirm").click().run()


def test_grid_files_are_imported_and_bad_files_leave_the_grid_alone(corner, tmp_path):
    at = signed_in_page()
    assert not at.exception
    population = csv(POP, rows(corner, {(0, 0): "120", (1, 0): "1.234", (0, 1): "–", (1, 1): "80"}))
    share = io.BytesIO()
    with zipfile.ZipFile(share, "w") as archive:
        archive.writestr("Zensus2022_Anteil_Auslaender_100m-Gitter.csv",
                         csv(SHARE, [r + ";" for r in rows(corner, {(0, 0): "12,5", (1, 0): "–", (1, 1): "7,0"})]))
    submit(at, [("Zensus2022_Bevoelkerungszahl_100m-Gitter.csv", population, "text/csv"),
                ("Auslaenderanteil_in_Gitterzellen.zip", share.getvalue(), "application/zip")])
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert "Raster von Kaiserslautern 2016 (Statistisches Amt) gespeichert: 4 Zellen à 100 m" in at.success[0].value
    assert any("Einwohner: 1 Zellen ohne Wert" in c.value for c in at.caption)
    folder = tmp_path / "userdata" / "grids" / "kaiserslautern"
    grid = load_grid(folder)
    e0, n0 = corner
    cells = grid.cells
    assert cells.loc[f"CRS3035RES100mN{n0}E{e0}", "Einwohner"] == 120
    assert cells.loc[f"CRS3035RES100mN{n0}E{e0 + 100}", "Einwohner"] == 1234  # thousands separator
    assert math.isnan(cells.loc[f"CRS3035RES100mN{n0 + 100}E{e0}", "Einwohner"])  # "–" is missing, never 0
    assert cells.loc[f"CRS3035RES100mN{n0}E{e0}", "AnteilAuslaender"] == 12.5
    assert math.isnan(cells.loc[f"CRS3035RES100mN{n0}E{e0 + 100}", "AnteilAuslaender"])
    assert grid.provenance["imported_by"] == "anna"
    assert [f["file"] for f in grid.provenance["files"]] == ["Zensus2022_Bevoelkerungszahl_100m-Gitter.csv",
                                                              "Zensus2022_Anteil_Auslaender_100m-Gitter.csv"]
    stamp = (folder / "grid.json").read_bytes()

    bad = {
        "wrong columns": (csv("Stadtteil;Einwohner", ["West;100"]), "keine Zensus-Gitterdatei"),
        "wrong reference system": (csv(POP, rows(corner, {(0, 0): "5"}, crs="25832")), "EPSG:25832"),
        "outside the city": (csv(POP, rows((4_000_000, 2_000_000), {(0, 0): "5"})), "Keine Zelle der Dateien"),
    }
    for what, (body, message) in bad.items():
        at = signed_in_page()
        submit(at, [(f"{what}.csv", body, "text/csv")])
        assert not at.exception, what
        (error,) = at.error
        assert "Das Raster wurde nicht importiert; das bisherige bleibt unverändert." in error.value, what
        assert message in error.value, what
        assert "/" + "tmp" not in error.value.replace(" / ", " ")  # no server path in the message
        assert (folder / "grid.json").read_bytes() == stamp, what  # the stored grid is untouched
    assert [p.name for p in (tmp_path / "tmp").iterdir() if p.name.startswith("atlas-upload-")] == []
