"""Presentation view and the offline exports of the current view, in Chromium."""

from __future__ import annotations

import io
from urllib.parse import urlparse

import pytest
from PIL import Image

pytestmark = pytest.mark.e2e


def test_presentation_view_hides_controls(browser, app_url):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(f"{app_url}/?mode=present")
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000).content_frame()
    frame.wait_for_selector("body[data-atlas-areas]", timeout=60_000)
    page.get_by_text("Legende: Anteil Ausländerinnen und Ausländer").wait_for()
    assert page.get_by_role("combobox", name="Indikator").count() == 0
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert box["height"] >= 700 and box["width"] >= 1000  # the map across the page
    own = urlparse(app_url).netloc
    assert [u for u in requests if urlparse(u).scheme.startswith("http") and urlparse(u).netloc != own] == []
    context.close()


def test_exported_html_works_offline_and_png_is_a_slide(map_page, browser, tmp_path):
    page, _ = map_page
    with page.expect_download() as html_download:
        page.get_by_role("button", name="Ansicht als HTML (offline)").click()
    html_path = tmp_path / "view.html"
    html_download.value.save_as(html_path)
    with page.expect_download() as png_download:
        page.get_by_role("button", name="Ansicht als PNG (Folie)").click()
    png_path = tmp_path / "view.png"
    png_download.value.save_as(png_path)

    offline = browser.new_context(offline=True)
    requests = []
    offline.on("request", lambda r: requests.append(r.url))
    view = offline.new_page()
    view.goto(html_path.as_uri())
    view.wait_for_function("window.atlasLayer && window.atlasLayer.getLayers().length === 10", timeout=30_000)
    assert view.locator("path.leaflet-interactive").count() == 10
    assert view.get_by_text("16,8 – 20,4\u00a0%").is_visible()
    assert [u for u in requests if not u.startswith("file:")] == []
    offline.close()

    image = Image.open(io.BytesIO(png_path.read_bytes()))
    assert image.size == (1920, 1080)
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or []) > 20
