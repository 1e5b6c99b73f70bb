"""End to end in Debian's Chromium against a real `streamlit run` server."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.e2e.helpers import click_area, representative_point

pytestmark = pytest.mark.e2e

NB = "\u00a0"


def test_map_draws_the_ten_districts(map_page):
    page, frame = map_page
    assert frame.evaluate("document.body.getAttribute('data-atlas-areas')") == "10"
    assert frame.evaluate("window.__atlas.layer.getLayers().length") == 10
    fills = frame.evaluate("window.__atlas.layer.getLayers().map(l => l.options.fillColor)")
    assert len(set(fills)) >= 4  # classes coloured, not the default white


def test_click_hohenecken_shows_its_seed_values(map_page, map_geometry):
    page, frame = map_page
    click_area(frame, *representative_point(map_geometry, "Hohenecken"))
    page.get_by_text("Details: Hohenecken").wait_for(timeout=30_000)
    table = page.locator("[data-testid='stTable']")
    table.get_by_text(f"9,2{NB}%").first.wait_for()
    text = table.inner_text()
    assert f"9,2{NB}%" in text  # share of foreigners
    assert f"10,7{NB}%" in text  # share among under-30-year-olds
    assert f"331{NB}Personen" in text
    assert frame.evaluate(
        "Object.entries(window.__atlas.styles).filter(([k, v]) => v.selected).map(([k]) => k)"
    ) == [map_geometry.frame.set_index("name").loc["Hohenecken", "key"]]


def test_changing_the_indicator_restyles_without_reloading_the_map(map_page, context):
    page, frame = map_page
    frame.evaluate("window.__probe = 'same map'; window.map.setZoom(window.map.getZoom() + 1)")
    zoom = frame.evaluate("window.map.getZoom()")
    before = frame.evaluate("JSON.stringify(window.__atlas.styles)")
    page.get_by_role("combobox", name="Indikator").click()
    page.get_by_role("option", name="Ausländerinnen und Ausländer (Anzahl)").click()
    page.get_by_text("Legende: Ausländerinnen und Ausländer (Anzahl)").wait_for(timeout=30_000)
    frame.wait_for_function(f"JSON.stringify(window.__atlas.styles) !== {before!r}", timeout=30_000)
    assert frame.evaluate("window.__probe") == "same map"
    assert frame.evaluate("window.map.getZoom()") == zoom
    geojson_requests = [u for u in context.requests if u.endswith(".geo.json")]  # compact display geometry
    assert len(geojson_requests) == 1


def test_no_request_leaves_the_app(map_page, context, app_url):
    page, frame = map_page
    page.get_by_text("Kachelkarte (schematisch)").wait_for()
    own = urlparse(app_url).netloc
    foreign = [u for u in context.requests if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != own]
    assert context.requests  # the recorder saw the page load
    assert foreign == []
