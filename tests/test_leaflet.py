import hashlib
import re

import pytest
from streamlit_folium import _get_feature_group_string, _get_map_string, generate_js_hash

from geo.maps.leaflet import AreaStyle, build_base_map, script_path, style_update, tooltip_html
from geo.settings import TileConfig

BOUNDS = (7.62, 49.35, 7.87, 49.49)


def _map(**kwargs):
    return build_base_map(BOUNDS, "../../app/static/generated/abc.geojson", "Stadt <KL>", "../../app/static/vendor", **kwargs)


def test_base_map_loads_only_local_assets():
    html = _map().get_root().render()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert [u.split("?v=")[0] for u in urls] == [
        "../../app/static/vendor/leaflet/leaflet.js", "../../app/static/js/atlas-map.js",
        "../../app/static/js/atlas-grid.js", "../../app/static/vendor/leaflet/leaflet.css"]
    assert "http" not in "".join(urls)
    version = hashlib.sha256(script_path("atlas-map.js").read_bytes()).hexdigest()[:12]
    assert urls[1].endswith(f"?v={version}")  # a changed script gets a new address
    assert "tile" not in html.lower().replace("l_disable", "")


def test_base_map_carries_no_geometry_and_escapes_attribution():
    html = _map().get_root().render()
    assert '"../../app/static/generated/abc.geojson"' in html
    assert '"coordinates"' not in html and '"features"' not in html  # no geometry data (the decoder's code only)
    assert "Stadt \\u0026lt;KL\\u0026gt;" in html or "Stadt &lt;KL&gt;" in html


def test_scale_bar_is_metric_only():
    script = script_path("atlas-map.js").read_text(encoding="utf-8")  # the map's script calls it
    assert script.count("L.control.scale(") == 1
    assert "L.control.scale({imperial: false})" in script
    assert "atlasMap.geoLayer(" in _map().get_root().render()


def test_tiles_only_when_configured():
    html = _map(tiles=TileConfig("https://tiles.example/{z}/{x}/{y}.png", "© Example")).get_root().render()
    assert "https://tiles.example/{z}/{x}/{y}.png" in html
    assert '"attribution": "\\u00a9 Example"' in html


def test_base_map_script_is_stable_so_the_browser_keeps_the_map():
    # streamlit-folium remounts the map only when this hash changes.
    first = generate_js_hash(_get_map_string(_map()), "k")
    assert first == generate_js_hash(_get_map_string(_map()), "k")
    other_data = build_base_map(BOUNDS, "../../app/static/generated/def.geojson", "x", "../../app/static/vendor")
    assert first != generate_js_hash(_get_map_string(other_data), "k")


def test_style_update_is_small_and_escaped():
    group = style_update(
        {"5": AreaStyle("#41b6c4", tooltip_html("<img src=x onerror=alert(1)>", "9,2 %", "Anteil", "Quelle"), selected=True)}
    )
    script = _get_feature_group_string(group, _map())  # exactly what streamlit-folium sends
    assert "<img" not in script
    assert "&lt;img src=x onerror=alert(1)&gt;" in script
    assert '"5": {"fillColor": "#41b6c4", "color": "#000000", "weight": 4, "selected": true}' in script


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Hohenecken", "<b>Hohenecken</b>"), ("<script>x</script>", "<b>&lt;script&gt;x&lt;/script&gt;</b>")],
)
def test_tooltip_html_escapes(name, expected):
    assert tooltip_html(name, "1", "L", "S").startswith(expected)
