"""Sign in, add a project by clicking the map, see its marker and its district's count; sign out."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect
from shapely.geometry import Point

from tests.e2e.conftest import settle
from tests.e2e.helpers import click_area, representative_point

pytestmark = pytest.mark.e2e

COUNT_MARKERS = """() => (window.feature_group || []).reduce((n, group) => {
    group.eachLayer(layer => { n += layer.getLayers ? layer.getLayers().length : 0; });
    return n;
}, 0)"""


def test_sign_in_add_by_click_and_sign_out(context, app_url, map_geometry):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{app_url}/projekte")
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000).content_frame()
    frame.wait_for_selector("body[data-atlas-areas]", timeout=60_000)
    assert frame.evaluate(COUNT_MARKERS) == 0
    assert page.get_by_role("button", name="Projekt speichern").count() == 0

    page.locator("[data-testid='stExpander'] summary").filter(has_text="Anmelden zum Bearbeiten").click()
    page.get_by_label("Name").fill("anna")
    page.get_by_label("Passwort").fill("geheim")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Angemeldet als anna").wait_for(timeout=30_000)

    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]').content_frame()
    frame.wait_for_selector("body[data-atlas-areas]", timeout=60_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    lat, lon = representative_point(map_geometry, "Hohenecken")
    latitude = page.get_by_label("Breite (lat)")
    before = latitude.input_value()  # the form's start value (the map centre), replaced by the click
    settle(page)  # a click that lands while the map frame is redrawn is lost: click once the page is quiet
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]').content_frame()
    frame.wait_for_selector("body[data-atlas-areas]", timeout=60_000)
    click_area(frame, lat, lon)
    expect(latitude).not_to_have_value(before, timeout=30_000)
    # The fields hold a point inside the district that was clicked (German decimal comma).
    clicked = (float(page.get_by_label("Länge (lon)").input_value().replace(",", ".")),
               float(latitude.input_value().replace(",", ".")))
    hohenecken = map_geometry.frame.set_index("name").loc["Hohenecken"].geometry
    assert hohenecken.contains(Point(*clicked)), clicked
    page.get_by_label("Projektname").fill("Sprachcafé <b>Hohenecken</b>")
    page.get_by_role("button", name="Projekt speichern").click()
    page.get_by_text("Gespeichert: „Sprachcafé <b>Hohenecken</b>“.").wait_for(timeout=30_000)

    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]').content_frame()
    frame.wait_for_function(f"({COUNT_MARKERS})() === 1", timeout=30_000)
    counts = page.locator("[data-testid='stTable']").first
    row = counts.locator("tr").filter(has_text="Hohenecken")
    assert row.locator("td").first.inner_text().strip() == "1"

    page.get_by_role("button", name="Abmelden").click()
    page.get_by_text("Anmelden zum Bearbeiten").wait_for(timeout=30_000)
    # Streamlit keeps stale elements until the run ends; expect() waits for that.
    expect(page.get_by_role("button", name="Projekt speichern")).to_have_count(0, timeout=30_000)
    expect(page.get_by_label("Projektname")).to_have_count(0)
    assert errors == []  # no script error in the page or the map
    own = urlparse(app_url).netloc
    assert [u for u in context.requests if urlparse(u).scheme.startswith("http") and urlparse(u).netloc != own] == []
