import io
import json
import re

import numpy as np
import pytest
from PIL import Image

from geo.maps.choropleth import build_view, view_snapshot
from geo.maps.standalone import slide_layout, to_html, to_png
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
    # the second column names the area's Ortsbezirk (the dataset's parent level); Hohenecken is one of its own
    assert "<th>Ortsbezirk</th>" in html
    assert "<td>Hohenecken</td><td></td><td>9,2\u00a0%</td>" in html
    assert "<td>Innenstadt Ost</td><td>Innenstadt</td><td>17,6\u00a0%</td>" in html
    assert "Statistisches Amt der Stadt Kaiserslautern, 2016" in html


def test_png_has_slide_size_and_is_not_blank(snapshot):
    image = Image.open(io.BytesIO(to_png(snapshot)))
    assert image.size == (1920, 1080)
    pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    colours = {tuple(p) for p in pixels[:: 97]}
    assert len(colours) > 20
    assert any(tuple(c) == (0x25, 0x34, 0x94) for c in colours)  # the darkest class colour is drawn


DECISION = [("Auswahl", "Kandidaten <b>Nord</b>"), ("Autor/in", "Amt 12"), ("Version", "2 (gespeichert am 20.01.2017 10:05)"),
            ("Begründung der Auswahl", "Hohe Anteile & $x$"), ("Gewichte", "Anteil 0,50")]


@pytest.fixture(scope="module")
def decided(dataset, map_geometry):
    view = build_view(dataset, "foreign_share", "quantiles", 5)
    return view_snapshot(
        view, dataset, map_geometry, ["hohenecken", "innenstadt-ost"], "Titel $a$ \\b", "Untertitel",
        ["Statistisches Amt der Stadt Kaiserslautern, 2016 " * 12],
        decision=DECISION, area_rationales=[("Hohenecken", "Potenzial <i>groß</i>")],
        notes=["Teilweise ausgewählt (gestrichelt): Innenstadt"],
    )


def test_html_carries_the_decision_escaped_and_draws_partial_units_dashed(decided):
    html = to_html(decided, LEAFLET).decode("utf-8")
    assert "<th scope=\"row\">Auswahl</th><td>Kandidaten &lt;b&gt;Nord&lt;/b&gt;</td>" in html
    assert "<td>2 (gespeichert am 20.01.2017 10:05)</td>" in html
    assert "<th scope=\"row\">Hohenecken</th><td>Potenzial &lt;i&gt;groß&lt;/i&gt;</td>" in html
    assert "Teilweise ausgewählt (gestrichelt): Innenstadt" in html
    styles = json.loads(re.search(r"styles: (\{.*?\}), tooltips: ", html).group(1))
    assert styles["0"]["dashArray"] == "8 6"  # Innenstadt (id 0): partly selected, as on the web map
    assert "dashArray" not in styles["5"] and styles["5"]["weight"] > 1  # Hohenecken: wholly selected
    assert "label.textContent = name" in html  # names drawn as text labels
    names = json.loads(re.search(r"labels: (\{.*?\}),\s+quarters: ", html).group(1))
    assert names["5"] == "Hohenecken" and len(names) == 10


def test_png_footer_wraps_inside_the_image_below_the_map(decided):
    layout = slide_layout(decided)
    assert len(layout.footer_lines) >= 3  # the long source line is wrapped, not cut off
    assert all(len(line) <= 190 for line in layout.footer_lines)
    left, bottom, width, height = layout.map_box
    assert bottom > layout.footer_top > 0.02  # the map starts above the footer
    assert any("Kandidaten <b>Nord</b>" in line for line in layout.side_lines)
    image = np.asarray(Image.open(io.BytesIO(to_png(decided))).convert("L"))
    footer_rows = image[int((1 - layout.footer_top) * 1080) : 1080 - 5]
    assert (footer_rows < 128).any()  # text is drawn in the footer band
    assert (image[-4:] > 250).all()  # and nothing runs off the bottom edge


def test_many_areas_name_only_the_selected_ones(tmp_path):
    """Above MAX_NAMED_AREAS (a Berlin of 447), the offline HTML and the slide name only the selection."""
    import geopandas as gpd
    from shapely.geometry import box

    from geo.maps.leaflet import MAX_NAMED_AREAS, AreaStyle
    from geo.maps.standalone import ViewSnapshot

    n = MAX_NAMED_AREAS + 10
    frame = gpd.GeoDataFrame({"key": [f"k{i}" for i in range(n)], "name": [f"Gebiet {i:03d}" for i in range(n)]},
                             geometry=[box(7 + i * 0.01, 49, 7.009 + i * 0.01, 49.01) for i in range(n)], crs=4326)
    styles = {f"k{i}": AreaStyle(fill="#ffffff", tooltip="", selected=i == 7) for i in range(n)}
    snapshot = ViewSnapshot(title="T", subtitle="", frame=frame, geojson=frame.to_json().encode(), styles=styles,
                            legend=[], legend_title="L", table_header=[], table_rows=[], sources=[])
    assert [k for k in styles if snapshot.named(k)] == ["k7"]
    leaflet = tmp_path / "leaflet"
    leaflet.mkdir()
    (leaflet / "leaflet.js").write_text("")
    (leaflet / "leaflet.css").write_text("")
    html = to_html(snapshot, leaflet).decode()
    names = json.loads(re.search(r"labels: (\{.*?\}|null),\s+quarters: ", html).group(1))
    assert names == {"k7": "Gebiet 007"}  # the geometry still carries every name, for the tooltips
    few = ViewSnapshot(title="T", subtitle="", frame=frame.head(5), geojson=b"{}", styles=styles, legend=[],
                       legend_title="L", table_header=[], table_rows=[], sources=[])
    assert all(few.named(f"k{i}") for i in range(5))  # a small city: every name
