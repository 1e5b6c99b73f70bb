"""Walk findings in Chromium: the presentation view's map is seen whole without scrolling on a 1366×768
laptop and a 1920×1080 projector (Kaiserslautern's long title, and imported real Berlin data), and on
small maps the attribution never covers the scale bar."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import BERLIN_DIR, REPO
from tests.e2e.conftest import serve, settle

pytestmark = pytest.mark.e2e

MAP = 'iframe[title="streamlit_folium.st_folium"]'
BERLIN_ID = "berlin-planungsraeume"


@pytest.fixture(scope="module")
def cities_folder(tmp_path_factory, mirror_dir):
    """A data folder holding Berlin's real planning areas, imported by the command line as an office would."""
    if not (BERLIN_DIR / "long.csv").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"real Berlin files missing in {BERLIN_DIR}")
        pytest.skip(f"real Berlin files not in {BERLIN_DIR}")
    folder = tmp_path_factory.mktemp("cities")
    env = {**os.environ, "ANKUNFTSATLAS_DATA_DIR": str(folder), "ANKUNFTSATLAS_MIRROR": str(mirror_dir),
           "ANKUNFTSATLAS_CACHE": str(tmp_path_factory.mktemp("ingestcache"))}
    subprocess.run(
        [sys.executable, "-m", "geo.ingest", "--boundaries", str(BERLIN_DIR / "plr.geojson"),
         "--indicators", str(BERLIN_DIR / "long.csv"), "--name", "Berlin Planungsräume", "--allow-unmatched"],
        cwd=REPO, env=env, check=True, capture_output=True,
    )
    return folder


@pytest.fixture(scope="module")
def two_cities(tmp_path_factory, mirror_dir, browser, cities_folder):
    """A server whose data folder holds the default dataset and Berlin's real planning areas."""
    with serve(tmp_path_factory, mirror_dir, browser, ANKUNFTSATLAS_DATA_DIR=str(cities_folder)) as url:
        yield url


@pytest.fixture(scope="module")
def public_two_cities(tmp_path_factory, mirror_dir, browser, cities_folder):
    """The same two cities on the public site (Berlin's small areas' values hidden)."""
    with serve(tmp_path_factory, mirror_dir, browser, ANKUNFTSATLAS_DATA_DIR=str(cities_folder),
               ANKUNFTSATLAS_MODE="public") as url:
        yield url


def _open_map(browser, url: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
    page = context.new_page()
    page.goto(url)
    frame = page.wait_for_selector(MAP, timeout=60_000).content_frame()
    frame.wait_for_selector("body[data-atlas-areas]", timeout=60_000)
    frame.wait_for_selector(".leaflet-control-scale", timeout=30_000)
    settle(page)
    return context, page, frame


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["laptop", "projector"])
@pytest.mark.parametrize("query", ["", f"&ds={BERLIN_ID}", "&lang=en"], ids=["kaiserslautern", "berlin", "english"])
def test_presentation_map_is_seen_whole_without_scrolling(browser, two_cities, size, query):
    width, height = size
    context, page, frame = _open_map(browser, f"{two_cities}/?mode=present{query}", width, height)
    box = page.locator(MAP).bounding_box()
    # the whole map (its controls at the bottom too) inside the window, and at least half its height
    assert box["y"] > 0 and box["y"] + box["height"] <= height, (box, height)
    assert box["height"] >= height / 2
    inner = frame.evaluate("""() => [document.querySelector('.leaflet-container').getBoundingClientRect().height,
                                      document.querySelector('.leaflet-control-scale').getBoundingClientRect().bottom]""")
    assert abs(inner[0] - box["height"]) <= 2 and inner[1] <= box["height"]  # the map fills its frame
    title = page.locator("h1").first
    lines = title.evaluate("""e => { const r = document.createRange(); r.selectNodeContents(e);
                                     return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }""")
    assert lines <= 2
    assert title.evaluate("e => e.getBoundingClientRect().bottom") <= box["y"]
    context.close()


def _overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


RECTS = """() => Object.fromEntries(['.leaflet-control-scale', '.leaflet-control-attribution'].map(s => {
    const r = document.querySelector(s).getBoundingClientRect();
    return [s, {left: r.left, right: r.right, top: r.top, bottom: r.bottom}]; }))"""


def test_attribution_keeps_clear_of_the_scale_bar_on_small_maps(browser, two_cities):
    """The ranking page's half-width maps at 1366 px: the attribution wrapped over the scale bar."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{two_cities}/rangfolge")
    page.wait_for_selector(MAP, timeout=60_000)
    settle(page)
    frames = [handle.content_frame() for handle in page.query_selector_all(MAP)]
    assert len(frames) >= 2
    narrow = 0
    for frame in frames:
        frame.wait_for_selector(".leaflet-control-scale", timeout=60_000)
        frame.wait_for_selector(".leaflet-control-attribution", timeout=60_000)
        rects = frame.evaluate(RECTS)
        scale, attribution = rects[".leaflet-control-scale"], rects[".leaflet-control-attribution"]
        assert not _overlap(scale, attribution), rects
        narrow += frame.evaluate("() => innerWidth") < 600
    assert narrow >= 1  # at least one small map was checked
    context.close()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["laptop", "projector"])
@pytest.mark.parametrize("query", ["", f"&ds={BERLIN_ID}", f"&ds={BERLIN_ID}&lang=en"],
                         ids=["kaiserslautern", "berlin", "berlin-english"])
def test_public_presentation_fits_with_its_privacy_note_beside_the_legend(browser, public_two_cities, size, query):
    # The walk: on the public site Berlin's privacy box ("Werte ausgeblendet für Großer Tiergarten, …") sat
    # above the title and pushed the map down (south cut at 1366x768, scale bar at 1920x1080), and on every
    # variant the source line was cut at the bottom edge.
    width, height = size
    context, page, frame = _open_map(browser, f"{public_two_cities}/?mode=present{query}", width, height)
    box = page.locator(MAP).bounding_box()
    title = page.locator("h1").first.bounding_box()
    sources = page.locator(".atlas-present-clamp").last.bounding_box()
    assert 0 < title["y"] and title["y"] + title["height"] <= box["y"]
    assert box["y"] + box["height"] <= height and box["height"] >= height / 2
    assert box["y"] + box["height"] <= sources["y"] and sources["y"] + sources["height"] <= height, (sources, height)
    scale = frame.evaluate("() => document.querySelector('.leaflet-control-scale').getBoundingClientRect().bottom")
    assert scale <= box["height"]
    assert page.locator("[data-testid='stAlert']").count() == 0  # no box above the title any more
    privacy = page.locator(".atlas-present-privacy")
    if BERLIN_ID in query:
        summary = privacy.locator("summary").inner_text()
        assert summary == ("Privacy: values hidden for 10 areas (fewer than 300 residents)." if "lang=en" in query
                           else "Datenschutz: Werte für 10 Gebiete ausgeblendet (weniger als 300 Einwohner).")
        note = privacy.bounding_box()
        assert note["x"] >= box["x"] + box["width"] and note["y"] + note["height"] <= box["y"] + box["height"]
        privacy.locator("summary").click()  # the names on demand
        assert "Großer Tiergarten" in privacy.inner_text()
    else:
        assert privacy.count() == 0
    context.close()
