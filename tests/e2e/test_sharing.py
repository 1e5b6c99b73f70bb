"""Shared links restore the view; the map writes its view into the URL without a rerun."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.e2e


def open_map(context, url: str):
    page = context.new_page()
    page.goto(url)
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000).content_frame()
    frame.wait_for_selector("body[data-atlas-areas]", timeout=60_000)
    return page, frame


def test_prepared_link_restores_indicator_selection_and_zoom(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    link = f"{app_url}/?indicator=foreigners&scheme=equal_interval&k=4&sel=hohenecken,betzenberg&lat=49.44&lon=7.76&z=13"
    page, frame = open_map(context, link)
    page.get_by_text("Legende: Ausländerinnen und Ausländer (Anzahl)").wait_for(timeout=30_000)
    assert page.get_by_role("combobox", name="Klassifikation").input_value() == "Gleiche Intervalle"
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Hohenecken", exact=True).wait_for()
    sidebar.get_by_text("Betzenberg", exact=True).wait_for()
    assert frame.evaluate("window.map.getZoom()") == 13
    center = frame.evaluate("[window.map.getCenter().lat, window.map.getCenter().lng]")
    assert center == pytest.approx([49.44, 7.76], abs=1e-4)
    context.close()


def test_broken_parameter_falls_back_with_a_notice(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page, _ = open_map(context, f"{app_url}/?indicator=nonsense&k=99")
    page.get_by_text("ungültigen oder veralteten Wert für „indicator“").wait_for(timeout=30_000)
    page.get_by_text("Legende: Anteil Ausländerinnen und Ausländer").wait_for()
    context.close()


def test_panning_writes_the_view_into_the_url_without_rerun(map_page):
    page, frame = map_page
    frame.evaluate("window.__probe = 'kept'; window.map.setView([49.43, 7.75], 14)")
    page.wait_for_function("new URL(location.href).searchParams.get('z') === '14'", timeout=30_000)
    query = parse_qs(urlparse(page.url).query)
    assert query["lat"] == ["49.43000"] and query["lon"] == ["7.75000"]
    assert frame.evaluate("window.__probe") == "kept"
    # An app change keeps the view in the URL.
    page.get_by_role("combobox", name="Indikator").click()
    page.get_by_role("option", name="Ausländerinnen und Ausländer (Anzahl)").click()
    page.wait_for_function(
        "new URL(location.href).searchParams.get('indicator') === 'foreigners' && "
        "new URL(location.href).searchParams.get('z') === '14'",
        timeout=30_000,
    )
