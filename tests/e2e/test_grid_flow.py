"""The Zensus grid layer in Chromium, with a SYNTHETIC 14,458-cell grid (random values, not census data)."""

from __future__ import annotations

import os

import pytest
from pyproj import Transformer

from deploy.cluster import healthy, streamlit_server
from tests.e2e.conftest import _free_port, serious_violations
from tests.grid_fixture import synthetic_grid_into

pytestmark = pytest.mark.e2e

FRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(scope="module")
def grid_app(tmp_path_factory, mirror_dir, browser):
    root = tmp_path_factory.mktemp("griddata")
    grid = synthetic_grid_into(mirror_dir / "ortsbezirke.geojson", root / "grids" / "kaiserslautern", root / "work")
    port = _free_port()
    env = {**os.environ, "ANKUNFTSATLAS_MIRROR": str(mirror_dir), "ANKUNFTSATLAS_DATA_DIR": str(root),
           "ANKUNFTSATLAS_CACHE": str(tmp_path_factory.mktemp("cache"))}
    for name in ("ANKUNFTSATLAS_TILES", "ANKUNFTSATLAS_DATABASE_URL", "ANKUNFTSATLAS_MODE"):
        env.pop(name, None)
    process = streamlit_server(port, env, root / "streamlit.log")
    url = f"http://127.0.0.1:{port}"
    try:
        healthy(url, process, timeout=90)
        yield url, grid
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_grid_layer_appears_and_a_click_shows_the_cell(grid_app, browser):
    url, grid = grid_app
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(FRAME, timeout=90_000)
    page.get_by_text("Zensus 2022-Raster (100 m)").click()
    frame = page.frame_locator(FRAME).last
    frame.locator(f"body[data-atlas-grid-cells='{len(grid.cells)}'][data-atlas-grid-drawn]").wait_for(timeout=60_000)

    cells = grid.cells.dropna(subset=["Einwohner", "AnteilAuslaender"])
    cell = cells.index[len(cells) // 2]
    lon, lat = Transformer.from_crs("EPSG:3035", "EPSG:4326", always_xy=True).transform(
        cells.loc[cell, "x"], cells.loc[cell, "y"])
    body = frame.locator("body")
    body.evaluate("(b, ll) => window.map.setView(ll, 17, {animate: false})", [lat, lon])
    x, y = body.evaluate("(b, ll) => { const p = window.map.latLngToContainerPoint(ll); return [p.x, p.y]; }",
                         [lat, lon])
    # A mouse click at page coordinates: a click relative to an element inside the frame landed
    # ~90 px low here (the page scrolls while Playwright positions it), i.e. on the next cell.
    iframe = page.locator(FRAME).last
    iframe.scroll_into_view_if_needed()
    box = iframe.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    frame.locator(f"body[data-atlas-grid-clicked='{cell}']").wait_for(timeout=10_000)
    popup = frame.locator(".leaflet-popup-content").inner_text().replace("\u00a0", " ")
    population = int(cells.loc[cell, "Einwohner"])
    share = f"{cells.loc[cell, 'AnteilAuslaender']:.1f}".replace(".", ",")
    assert cell in popup
    assert f"Einwohner (Zensus 2022): {population} Personen" in popup
    assert f"Anteil Ausländer (Zensus 2022): {share} %" in popup
    assert "Statistische Ämter des Bundes und der Länder" in popup
    context.close()


def test_grid_view_tables_are_plain_accessible_tables(grid_app, browser):
    """A shared link to the grid view: the district figures are a real table (one row per district)
    and axe finds no serious problem on the page (the plain tables of ui.views.gridview.static_table)."""
    url, _ = grid_app
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{url}/?layer=grid")
    table = page.locator("table.atlas-table[aria-label='Ortsbezirke aus dem Raster']")
    table.wait_for(timeout=90_000)
    assert table.locator("tbody tr").count() == 10
    assert table.locator("thead th").first.inner_text() == "Ortsbezirk"
    cells = page.locator("table.atlas-table[aria-label='Zellen suchen']")
    assert cells.locator("tbody tr").count() == 50
    passes, serious = serious_violations(page)
    assert passes > 10
    assert serious == []
    context.close()
