"""Draw a quarter with the mouse, see its figures and its comparison row, save, reload, find it again."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import settle
from tests.e2e.helpers import page_point

pytestmark = pytest.mark.e2e

NAME = "Slevfisch <b>Test</b>"
# A few streets in the Innenstadt (lat, lon), clockwise; the first point again closes the polygon.
CORNERS = [(49.4400, 7.7600), (49.4400, 7.7750), (49.4470, 7.7750), (49.4470, 7.7600)]
OUTLINES = """() => { const ids = []; window.map.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.quarter) ids.push(l.feature.properties.quarter); });
    return ids; }"""


def _draw_click(frame, lat: float, lon: float) -> None:
    """A vertex with the real mouse: Leaflet.draw places it where the last mouse move was, so move there in
    steps first (page coordinates, as tests/e2e/helpers.py click_area)."""
    x, y = page_point(frame, lat, lon)
    mouse = frame.page.mouse
    mouse.move(x, y, steps=8)
    mouse.down()
    mouse.up()


def _rest(frame, x: float, y: float, condition: str) -> None:
    """Rest the pointer on ``x, y``, trembling by a pixel as a hand does (a single synthetic move can be
    dropped on a loaded machine), until ``condition`` holds in the map's frame; fails after 10 s."""
    mouse = frame.page.mouse
    for step in range(100):
        mouse.move(x + step % 2, y, steps=2)
        if frame.evaluate(condition):
            return
        frame.page.wait_for_timeout(100)
    raise AssertionError(f"not after 10 s: {condition}")


def _idle(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)


def _map_frame(page, selector: str):
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000).content_frame()
    frame.wait_for_selector(selector, timeout=60_000)
    return frame


def test_draw_name_compare_save_reload(context, app_url):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(app_url)
    _map_frame(page, "body[data-atlas-areas]")
    _idle(page)
    page.get_by_text("Quartier zeichnen").click()
    sign_in = page.locator("[data-testid='stExpander'] summary").filter(has_text="Anmelden zum Bearbeiten")
    sign_in.wait_for(timeout=60_000)
    settle(page)  # the switch's run re-renders the panel: open the expander only after it
    sign_in.click()
    page.get_by_label("Name", exact=True).fill("anna")
    page.get_by_label("Passwort").fill("geheim")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Angemeldet als anna").wait_for(timeout=30_000)
    _idle(page)

    frame = _map_frame(page, ".leaflet-draw-draw-polygon")
    frame.evaluate("() => window.map.setView([49.4435, 7.7675], 15, {animate: false})")
    frame.click(".leaflet-draw-draw-polygon")
    for lat, lon in [*CORNERS, CORNERS[0]]:
        _draw_click(frame, lat, lon)
    page.get_by_text("Schätzung aus den überlappenden Bezirken", exact=False).wait_for(timeout=30_000)
    figures = page.locator("[data-testid='stTable']").filter(has_text="Abweichung von der Gesamtstadt").first
    expect(figures).to_contain_text("Einwohner")
    expect(figures).to_contain_text("Prozentpunkte")

    page.get_by_label("Name des Quartiers").fill(NAME)
    page.get_by_label("Name des Quartiers").press("Enter")
    _idle(page)
    page.get_by_role("button", name="Quartier speichern").click()
    page.get_by_text(f"„{NAME}“ gespeichert (Version 1).").wait_for(timeout=30_000)
    _idle(page)
    expect(page.locator("[data-testid='stExpander'] summary").filter(has_text=f"{NAME} · Version 1")).to_have_count(1)
    assert "q=1" in page.url  # the share link names the saved quarter

    page.get_by_role("link", name="Vergleich").click()
    row = page.locator("[data-testid='stTable'] tr").filter(has_text=f"{NAME} (selbst abgegrenzt)")
    expect(row).to_have_count(1, timeout=30_000)
    expect(row).to_contain_text("Schätzung aus Bezirken")

    # A new session from the share link: the quarter is still in the comparison and outlined on the map.
    link = page.url.replace("/vergleich", "/karte")
    fresh = context.new_page()
    fresh.on("pageerror", lambda error: errors.append(str(error)))
    fresh.goto(link)
    frame = _map_frame(fresh, "body[data-atlas-areas]")
    frame.wait_for_function(f"({OUTLINES})().length === 1", timeout=30_000)
    assert frame.evaluate(OUTLINES) == [1]
    bounds = frame.evaluate("""() => { let b = null; window.map.eachLayer(l => {
        if (l.feature && l.feature.properties && l.feature.properties.quarter) b = l.getBounds(); });
        return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }""")
    assert bounds == pytest.approx([49.4400, 7.7600, 49.4470, 7.7750], abs=2e-4)
    expect(fresh.locator("[data-testid='stExpander'] summary").filter(has_text=NAME)).to_have_count(1)

    # On its outline the quarter names itself (its pane never catches the pointer: a hit test on the line);
    # inside it the area under the pointer keeps its own tooltip.
    frame.evaluate("() => window.map.setView([49.4435, 7.7675], 15, {animate: false})")
    _rest(frame, *page_point(frame, 49.4435, 7.7750), "() => document.body.getAttribute('data-atlas-quarter-hover') === '1'")
    assert frame.inner_text(".atlas-quarter-tip") == NAME  # escaped by Python, shown as text
    _rest(frame, *page_point(frame, 49.4435, 7.7675),  # the middle of the quarter, 550 m from its outline
          "() => !document.body.hasAttribute('data-atlas-quarter-hover') && !!document.querySelector('.leaflet-tooltip')")
    assert errors == []
    own = urlparse(app_url).netloc
    assert [u for u in context.requests if urlparse(u).scheme.startswith("http") and urlparse(u).netloc != own] == []
