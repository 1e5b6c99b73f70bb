"""Clicks hit what is under the pointer, at laptop window sizes, with the map partly below the fold.

Leaflet focuses its container on mousedown; focusing scrolled the app page around the map's frame
until the whole map was in view, so the click landed on the area that had moved under the pointer
(at 1440x900: tooltip "Einsiedlerhof", click selected Hohenecken). For every district: the name the
tooltip shows is the one the click opens and selects, and the page does not move between hover and
click.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import settle
from tests.e2e.helpers import page_point, representative_point
from ui.shell.strings import t

pytestmark = pytest.mark.e2e

SCROLLER = "[data-testid='stMain']"
# "Innenstadt ist auf der Karte nur als Ganzes abgegrenzt; es besteht aus 9 Stadtteilen." (words from the dataset)
MERGED_HINT = t("merged_click_hint", "de", unit="Innenstadt", n=9, words="Stadtteilen")[:60]


def _scroll_top(page) -> float:
    return page.evaluate(f"document.querySelector(\"{SCROLLER}\").scrollTop")


def _bring_into_view(page, frame, lat: float, lon: float, height: int) -> tuple[float, float]:
    """Scroll the page as a user would, just enough that the point is visible; the map stays cut off below."""
    x, y = page_point(frame, lat, lon)
    if y > height - 40:
        page.evaluate(f"document.querySelector(\"{SCROLLER}\").scrollBy(0, {y - height + 120})")
        x, y = page_point(frame, lat, lon)
    return x, y


def _tooltip_name(frame) -> str | None:
    return frame.evaluate(
        "() => { const tip = document.querySelector('.leaflet-tooltip'); return tip && tip.innerText.split('\\n')[0]; }"
    )


_TOOLTIP_IS = """(name) => {
    const tip = document.querySelector('.leaflet-tooltip');
    return (tip ? tip.innerText.split('\\n')[0] : null) === name;
}"""


def _hover(page, frame, x: float, y: float, name: str | None) -> None:
    """Rest the pointer on ``x, y`` as a hand does, until the tooltip names ``name`` (``None``: no tooltip);
    fails if another name stays for 10 s.

    A resting hand is never still: it moves by a pixel now and then. Leaflet's canvas renderer handles
    at most one move per 32 ms, and on a loaded machine a single synthetic move can be dropped, so the
    pointer trembles by one pixel (the same area) while the test waits for the tooltip's state.
    """
    deadline = 10_000
    for step in range(deadline // 100):
        page.mouse.move(x + step % 2, y)
        try:
            frame.wait_for_function(_TOOLTIP_IS, arg=name, polling=50, timeout=100)
            return
        except PlaywrightTimeout:
            continue
    assert _tooltip_name(frame) == name


def _selected_keys(frame) -> set[str]:
    return set(frame.evaluate(
        "Object.entries(window.__atlas.styles).filter(([k, v]) => v.selected).map(([k]) => k)"
    ))


@pytest.mark.parametrize("size", [(1366, 768), (1440, 900)], ids=["1366x768", "1440x900"])
def test_hover_and_click_name_the_same_district(browser, app_url, map_geometry, dataset, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(app_url)
        frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000).content_frame()
        frame.wait_for_selector("body[data-atlas-areas]", timeout=60_000)
        settle(page)  # the first runs (the URL written back, the map's first value) redraw the map's tooltips
        box = frame.frame_element().bounding_box()
        assert box["y"] + box["height"] > height  # the map reaches below the window: the case that failed
        areas = map_geometry.frame.set_index("name")
        checked = []
        for name in areas.index:
            key = str(areas.loc[name, "key"])
            lat, lon = representative_point(map_geometry, name)
            x, y = _bring_into_view(page, frame, lat, lon, height)
            _hover(page, frame, x, y, name)
            before_scroll, before = _scroll_top(page), _selected_keys(frame)
            page.mouse.down()
            assert _scroll_top(page) == before_scroll  # pressing the mouse does not move the page
            page.mouse.up()
            if dataset.units.members.get(areas.loc[name, "unit"], 1) > 1:
                # a merged unit (one boundary for several areas) is picked on the tile map: a notice, no toggle
                page.get_by_text(MERGED_HINT).first.wait_for(timeout=30_000)
                settle(page)
                assert _selected_keys(frame) == before
            else:
                page.get_by_text(f"Details: {name}").first.wait_for(timeout=30_000)
                frame.wait_for_function(
                    "Object.entries(window.__atlas.styles).filter(([k, v]) => v.selected).length !== "
                    f"{len(before)}",
                    timeout=30_000,
                )
                assert _selected_keys(frame) ^ before == {key}  # exactly this area toggled
                checked.append(name)
            settle(page)  # the click's run restyles the map (and rebinds its tooltips)
            corner = frame.frame_element().bounding_box()
            _hover(page, frame, corner["x"] + corner["width"] - 5, max(corner["y"] + 5, 5), None)  # an empty corner
        merged = int((dataset.units.members > 1).sum())
        assert len(checked) == len(areas) - merged == 9
    finally:
        context.close()


_TIP_INSIDE = """() => {
    const tip = document.querySelector('.leaflet-tooltip'), map = document.querySelector('.leaflet-container');
    if (!tip || !map) { return null; }
    const t = tip.getBoundingClientRect(), m = map.getBoundingClientRect();
    return [t.left - m.left, m.right - t.right, t.top - m.top, m.bottom - t.bottom, tip.innerText.split('\\n')[0]];
}"""


def test_every_district_tooltip_stays_inside_the_map(browser, app_url, map_geometry):
    # The walk: on a narrow map, hovering Innenstadt right of the centre put its wide tooltip to the left,
    # cut at the map's edge ("nstadt"). Each district's tooltip, wherever its point lies, is whole.
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(app_url)
        frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000).content_frame()
        frame.wait_for_selector("body[data-atlas-areas]", timeout=60_000)
        settle(page)
        for name in map_geometry.frame["name"]:
            lat, lon = representative_point(map_geometry, name)
            x, y = _bring_into_view(page, frame, lat, lon, 768)
            _hover(page, frame, x, y, name)
            left, right, top, bottom, shown = frame.evaluate(_TIP_INSIDE)
            assert shown == name
            assert min(left, right, top, bottom) >= 0, (name, left, right, top, bottom)
    finally:
        context.close()
