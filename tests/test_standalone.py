import io
import re

import numpy as np
import pytest
from PIL import Image

from geo.choropleth import build_view, view_snapshot
from geo.standalone import to_html, to_png
from tests.conftest import REPO

LEAFLET = REPO / "static" / "vendor" / "leaflet"


@pytest.fixture(scope="module")
def snapshot(dataset, map_geometry):
    view = build_view(dataset, "foreign_share", "quantiles", 5)
    return view_snapshot(
        view, dataset, map_geometry, ["hohenecken"], "Ankunftsquartiere <script>x</script>", "Untertitel",
        ["Statistisches Amt der Stadt Kaiserslautern, 2016"],
    )


def test_html_is_self_contained(snapshot):
    if not (LEAFLET / "leaflet.js").is_file():
        pytest.fail("Leaflet is not installed in static/vendor; run make setup")
    html = to_html(snapshot, LEAFLET).decode("utf-8")
    assert not re.findall(r'src="https?://', html)  # nothing loaded from elsewhere
    assert re.findall(r'href="(https?://[^"]*)', html) == ["https://leafletjs.com"]  # Leaflet's credit link only
    assert "<script src=" not in html and "<link " not in html
    assert "L.geoJSON(data" in html
    assert html.count('"type":"Feature"') == 10
    assert "Ankunftsquartiere &lt;script&gt;x&lt;/script&gt;" in html
    assert "16,8 – 20,4\u00a0%" in html
    assert "<td>Hohenecken</td><td>Hohenecken</td><td>9,2\u00a0%</td>" in html
    assert "Statistisches Amt der Stadt Kaiserslautern, 2016" in html


def test_png_has_slide_size_and_is_not_blank(snapshot):
    image = Image.open(io.BytesIO(to_png(snapshot)))
    assert image.size == (1920, 1080)
    pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    colours = {tuple(p) for p in pixels[:: 97]}
    assert len(colours) > 20
    assert any(tuple(c) == (0x25, 0x34, 0x94) for c in colours)  # the darkest class colour is drawn
