"""A city of 14,040 blocks on the canvas area layer: hover names a block, a click selects that block.

The city is a SYNTHETIC TEST FIXTURE (tests/realistic.block_city), imported into the server's data
folder before it starts.
"""

from __future__ import annotations

import pytest

from geo.store.ingest import main
from tests.e2e.conftest import serve, settle
from tests.e2e.helpers import page_point
from tests.realistic import block_city

pytestmark = pytest.mark.e2e

DS = "blockstadt"


@pytest.fixture(scope="module")
def blocks_app(tmp_path_factory, mirror_dir, browser):
    data = tmp_path_factory.mktemp("blocks-data")
    city = block_city(tmp_path_factory.mktemp("bloecke"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANKUNFTSATLAS_DATA_DIR", str(data))
        assert main(["--boundaries", str(city.boundaries), "--indicators", str(city.table), "--share", city.share,
                     "--name", DS, "--municipality", "Blockstadt", "--unit-label", "Baublöcke"]) == 0
    with serve(tmp_path_factory, mirror_dir, browser, ANKUNFTSATLAS_DATA_DIR=str(data)) as url:
        yield url, city


def _tooltip(frame) -> str | None:
    return frame.evaluate(
        "() => { const tip = document.querySelector('.leaflet-tooltip'); return tip && tip.innerText.split('\\n')[0]; }")


def test_click_on_a_block_in_the_canvas_selects_that_block(context, blocks_app):
    url, city = blocks_app
    blocks = city.frame.to_crs(4326)
    i = 120 * 58 + 60  # a block in the middle of the city
    name, key = blocks["PLR_NAME"][i], blocks["PLR_ID"][i]
    centre = blocks.geometry[i].representative_point()
    page = context.new_page()
    page.goto(f"{url}/?ds={DS}&lat={centre.y:.5f}&lon={centre.x:.5f}&z=16")  # zoomed onto the block
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=120_000).content_frame()
    frame.wait_for_function("+(document.body.getAttribute('data-atlas-areas-styled') || 0) > 0", timeout=120_000)
    assert frame.evaluate("document.body.getAttribute('data-atlas-areas-mode')") == "canvas"
    assert frame.evaluate("document.body.getAttribute('data-atlas-areas')") == "14040"
    assert frame.evaluate("document.querySelectorAll('path.leaflet-interactive').length") == 0  # no path per block
    frame.frame_element().scroll_into_view_if_needed()
    x, y = page_point(frame, centre.y, centre.x)
    for step in range(40):  # rest the pointer on the block until its tooltip shows (a hand moves a little)
        page.mouse.move(x + step % 2, y)
        if _tooltip(frame) == name:
            break
        page.wait_for_timeout(50)
    assert _tooltip(frame) == name
    page.mouse.click(x, y)
    page.get_by_text(f"Details: {name}").first.wait_for(timeout=60_000)
    frame.wait_for_function(f"window.__atlas.selectedIds && window.__atlas.selectedIds().includes({key!r})",
                            timeout=60_000)
    assert frame.evaluate("window.__atlas.selectedIds()") == [key]  # exactly this block
    settle(page)
