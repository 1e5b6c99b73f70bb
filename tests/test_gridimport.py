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


SPITZE_2011 = "Gitter_ID_100m;x_mp_100m;y_mp_100m;Einwohner;Auslaender_A"


def rows_2011(corner, values) -> list[str]:
    """Rows in the 2011 shape: short ids in units of 100 m, ``-1`` no residents, ``-9`` secret."""
    e0, n0 = corner
    return [f"100mN{(n0 + r * 100) // 100}E{(e0 + c * 100) // 100};{e0 + c * 100 + 50};{n0 + r * 100 + 50};{v}"
            for (c, r), v in values.items()]


def test_a_2011_file_through_the_page_and_the_command_line_gives_the_same_layer(corner, tmp_path, monkeypatch):
    from geo.store.gridstore import main

    body = csv(SPITZE_2011, rows_2011(corner, {(0, 0): "120;10,5", (1, 0): "-1;-1", (0, 1): "-9;-9",
                                               (1, 1): "80;-9"}))
    at = signed_in_page()
    submit(at, [("Zensus_spitze_Werte_100m-Gitter.csv", body, "text/csv")])
    assert not at.exception and not at.error
    assert "4 Zellen à 100 m (Zensus 2011)" in at.success[0].value
    assert any("Einwohner: 2 Zellen ohne Wert (keine Einwohner: 1, geheim gehalten: 1" in c.value for c in at.caption)
    page = load_grid(tmp_path / "userdata" / "grids" / "kaiserslautern")

    source = tmp_path / "Zensus_spitze_Werte_100m-Gitter.csv"
    source.write_bytes(body)
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "cli"))
    assert main(["import", str(source), "--within", "kaiserslautern"]) == 0
    cli = load_grid(tmp_path / "cli" / "grids" / "kaiserslautern")
    columns = ["x", "y", "Einwohner", "Auslaender_A", "reasons"]
    assert page.cells[columns].equals(cli.cells[columns])
    assert page.provenance["edition"] == cli.provenance["edition"] == 2011
    assert page.provenance["missing_reasons"] == cli.provenance["missing_reasons"]
    assert page.cells["Einwohner"].sum() == 200 and (page.cells[["Einwohner", "Auslaender_A"]].fillna(0) >= 0).all().all()

    # the map page names the edition and shows no code as a number
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "userdata"))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.run()
    at.radio(key="layer").set_value("grid").run()
    assert not at.exception
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.html]
    assert any("Legende: Anteil Ausländer (Zensus 2011)" in v for v in texts)
    assert not any("Zensus 2022" in v for v in texts)
    assert not any(code in v for v in texts for code in ("-1 ", "-9,0", "−1 –", "-1 –"))
    cells_table = next(h.value for h in at.html if "Rasterzelle" in h.value)
    assert "keine Einwohner" in cells_table and "geheim gehalten" in cells_table
