"""Many areas as fast as many cells: the canvas area layer's switch, compact styles and the map page at 14,040 areas.

The city of blocks is a SYNTHETIC TEST FIXTURE (tests/realistic.block_city: 120 x 117 square 100 m
blocks, random residents), imported once per module into a temporary data folder.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from streamlit.testing.v1 import AppTest
from streamlit_folium import _get_feature_group_string

from geo.maps.arealayer import CANVAS_AREAS, CODES, compact_styles, decode_codes, uses_canvas
from geo.maps.leaflet import MAX_NAMED_AREAS, AreaStyle, build_base_map, script_path, style_update, tooltip_html
from geo.store.ingest import main
from tests.conftest import REPO
from tests.realistic import block_city

DS = "blockstadt"


def _tooltip(styles: dict, i: int, shared: dict | None = None) -> str:
    """Area ``i``'s tooltip rebuilt from the compact form, as static/js/atlas-map.js does (``shared``: the
    lists the map fetched beside the geometry)."""
    parts = []
    for column in styles["tips"]:
        if "value" in column:
            part = column["value"]
        elif "list" in column:
            part = column["list"][i]
        elif "shared" in column:
            part = shared[column["shared"]][i]
        else:
            part = column["values"][decode_codes(column["codes"])[i]]
        if part is not None:
            parts.append(part)
    return styles["sep"].join(parts)


def test_the_canvas_serves_datasets_above_the_threshold_only():
    assert not uses_canvas(18) and not uses_canvas(447)  # Kaiserslautern, Berlin's planning areas
    assert not uses_canvas(CANVAS_AREAS) and uses_canvas(CANVAS_AREAS + 1) and uses_canvas(14_040)


def test_compact_styles_give_back_every_area_fill_selection_and_tooltip():
    keys = [f"{i:04d}" for i in range(300)]
    colours = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
    areas = {
        k: AreaStyle(colours[i % 5], tooltip_html(f"Block <{i}>", f"{i % 7},0 %", "Anteil", "Quelle & Co",
                                                   "merged" if i == 3 else ""),
                     selected=i in (5, 9), partial=i == 9, opacity=0.0 if i == 7 else None)
        for i, k in enumerate(keys) if i != 11  # area 11 has no style: default look, no tooltip
    }
    styles = compact_styles(areas, keys)
    fills = decode_codes(styles["fill"])
    assert [styles["fills"][c] for c in fills[:5]] == colours
    assert styles["fills"][fills[11]] is None
    assert [styles["opacities"][c] for c in decode_codes(styles["opacity"])[6:9]] == [None, 0.0, None]
    assert styles["selected"] == [5] and styles["partial"] == [9]
    for i in (0, 3, 150, 299):
        assert _tooltip(styles, i) == areas[keys[i]].tooltip
    assert "&lt;150&gt;" in _tooltip(styles, 150)  # escaped as given, never unescaped
    assert _tooltip(styles, 11) == ""
    assert [next(iter(c)) for c in styles["tips"]][:2] == ["list", "values"]  # unique names, few value texts
    alike = compact_styles({k: AreaStyle("#fff", tooltip_html("B" + k, "1", "x", "Quelle")) for k in keys}, keys)
    assert alike["tips"][2] == {"value": "<small>Quelle</small>"}  # one source for all: sent once
    assert len(json.dumps(styles)) < 0.6 * len(json.dumps({k: a.tooltip for k, a in areas.items()}))


def test_more_distinct_fills_than_codes_go_as_numbers():
    keys = [str(i) for i in range(len(CODES) + 5)]
    styles = compact_styles({k: AreaStyle(f"#{i:06x}", "") for i, k in enumerate(keys)}, keys)
    assert isinstance(styles["fill"], list)
    assert [styles["fills"][c] for c in decode_codes(styles["fill"])] == [f"#{i:06x}" for i in range(len(keys))]


def test_style_update_with_keys_sends_the_compact_form_and_the_base_map_draws_on_canvas():
    base = build_base_map((7.6, 49.3, 7.9, 49.5), "x.json", "a", "../../app/static/vendor", canvas=True)
    assert '"canvas": true' in base.get_root().render()
    areas = {str(i): AreaStyle("#41b6c4", tooltip_html(f"B{i}", "1", "x", "q")) for i in range(3)}
    script = _get_feature_group_string(style_update(areas, keys=["2", "0", "1"]), base)
    update = json.loads(re.search(r"atlasMap\.update\((\{.*\})\);", script, re.S).group(1))
    assert update["compact"]["tips"][0]["list"] == ["<b>B2</b>", "<b>B0</b>", "<b>B1</b>"]  # in the keys' order
    assert '"fillColor"' not in script  # no object per area


# --- the map page on a city of 14,040 blocks ----------------------------------------------------


@pytest.fixture(scope="module")
def blocks(tmp_path_factory):
    root = tmp_path_factory.mktemp("atlas-data")
    city = block_city(tmp_path_factory.mktemp("bloecke"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANKUNFTSATLAS_DATA_DIR", str(root))
        assert main(["--boundaries", str(city.boundaries), "--indicators", str(city.table), "--share", city.share,
                     "--name", DS, "--municipality", "Blockstadt", "--unit-label", "Baublöcke"]) == 0
    return root, city


@pytest.fixture
def environment(monkeypatch, tmp_path, blocks):
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(blocks[0]))
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ANKUNFTSATLAS_DATABASE_URL", raising=False)
    return blocks[1]


def _map_args(at: AppTest) -> dict:
    found = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if getattr(node, "type", None) == "component_instance" and proto is not None and proto.json_args:
            found.append(json.loads(proto.json_args))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    assert len(found) == 1, "one map"
    return found[0]


def _compact(args: dict) -> dict:
    return json.loads(re.search(r"atlasMap\.update\((\{.*\})\);", args["feature_group"], re.S).group(1))


def test_map_page_draws_14040_blocks_on_the_canvas_with_selection_and_names(environment):
    city = environment
    keys = list(city.frame["PLR_ID"])
    chosen = [keys[17], keys[9000]]
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=300)
    at.query_params["ds"] = DS
    at.run()
    at.session_state["selected_areas"] = chosen
    at.session_state["map_labels"] = True
    at.run()
    assert not at.exception
    args = _map_args(at)
    assert '"canvas": true' in args["script"]
    update = _compact(args)
    styles = update["compact"]
    assert len(decode_codes(styles["fill"])) == 14_040
    assert sorted(styles["selected"]) == [17, 9000]  # positions in the geometry's order
    # the names are fetched once beside the geometry (a static JSON list), never sent with a restyle
    assert styles["tips"][0] == {"shared": "names"}
    options = json.loads(re.search(r"atlasMap\.geoLayer\([^,]+, (\{.*?\})\);", args["script"], re.S).group(1))
    served = REPO / "static" / options["shared"]["names"].removeprefix("../../app/static/")
    shared = {"names": json.loads(served.read_text(encoding="utf-8"))}
    assert len(shared["names"]) == 14_040
    assert _tooltip(styles, 17, shared).startswith(f"<b>{city.frame['PLR_NAME'][17]}</b><br>")
    share = 100 * city.frame["Ausländer"][17] / city.frame["Einwohner"][17]
    assert f"{share:.1f}".replace(".", ",") in _tooltip(styles, 17, shared)
    assert not re.search(re.escape(city.frame["PLR_NAME"][5]) + r"(?!\d)", args["feature_group"])  # no name sent
    # names only for the selection (MAX_NAMED_AREAS), never 14,040 labels
    assert len(update["labels"]) == 2 < MAX_NAMED_AREAS
    assert set(update["labels"]) == set(chosen)
    assert len(args["feature_group"]) < 1_200_000  # compact: the GeoJSON styles of 14,040 areas were ~6 MB
    # a change of indicator sends new codes, not a new map
    script = args["script"]
    at.selectbox(key="indicator").set_value("Einwohner").run()
    assert not at.exception
    assert _map_args(at)["script"] == script
    assert _compact(_map_args(at))["compact"]["fill"] != styles["fill"]


# --- the browser side (static/js/atlas-map.js, run in node) and the click -------------------------


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_browser_finds_the_area_under_the_pointer_and_its_tooltip():
    """The canvas layer's hover: compact geometry read straight, bucket index, point in polygon
    (a block with a hole: the hole belongs to no block), tooltip rebuilt from the compact styles."""
    from geo.domain.compactgeo import encode

    blocks = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": f"B{i}", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
            [[7.70 + 0.01 * i, 49.40], [7.71 + 0.01 * i, 49.40], [7.71 + 0.01 * i, 49.41], [7.70 + 0.01 * i, 49.41],
             [7.70 + 0.01 * i, 49.40]],
            *([[[7.703, 49.403], [7.707, 49.403], [7.707, 49.407], [7.703, 49.407], [7.703, 49.403]]] if i == 0 else []),
        ]}} for i in range(50)]}
    compact = encode(json.dumps(blocks).encode())
    keys = [f"B{i}" for i in range(50)]
    styles = compact_styles({k: AreaStyle("#41b6c4", tooltip_html(f"Block {k}", "1,0 %", "Anteil", "Quelle"))
                             for k in keys}, keys)
    script = (
        "global.window = global; global.L = {Layer: {extend: o => o}, latLng: (a, b) => ({lat: a, lng: b})};"
        f"require({json.dumps(str(script_path('atlas-map.js')))});"
        "const fs = require('fs'); const input = JSON.parse(fs.readFileSync(0, 'utf8'));"
        "const areas = atlasMap.prepare(input.geometry); const style = atlasMap.unpackStyle(input.styles, areas.n);"
        "const at = (lng, lat) => atlasMap.areaIn(areas, {lng: lng, lat: lat});"
        "process.stdout.write(JSON.stringify({n: areas.n, ids: areas.ids.slice(0, 3),"
        " hits: [at(7.7055, 49.4095), at(7.7055, 49.405), at(7.7155, 49.405), at(8.25, 49.405), at(8.1955, 49.401)],"
        " tip: atlasMap.tooltipOf(style, at(7.7155, 49.405))}));"
    )
    out = subprocess.run(["node", "-e", script], input=json.dumps({"geometry": json.loads(compact), "styles": styles}),
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert result["n"] == 50 and result["ids"] == ["B0", "B1", "B2"]
    assert result["hits"] == [0, -1, 1, -1, 49]  # in block 0, in block 0's hole, block 1, outside, the last block
    assert result["tip"] == tooltip_html("Block B1", "1,0 %", "Anteil", "Quelle")


def test_a_click_on_one_of_14040_blocks_names_that_block(environment):
    """Clicks reach the page as a point (streamlit-folium's last_clicked); the block under it is found."""
    from geo.store.catalog import list_datasets, load_dataset_folder
    from geo.store.pipeline import datasets_root

    info = next(d for d in list_datasets(datasets_root()) if d.id == DS)
    _, geometry = load_dataset_folder(info)
    city = environment.frame.to_crs(4326)
    for i in (0, 7_000, 14_039):
        point = city.geometry[i].representative_point()
        assert geometry.unit_at(point.x, point.y) == geometry.frame.set_index("key").loc[city["PLR_ID"][i], "unit"]


# --- styles as columns, names fetched once, a page of the table, the selection searched -------------------


def _columns(ids, notes):
    import numpy as np

    from geo.maps.arealayer import StyleColumns, name_tips

    n = len(ids)
    return StyleColumns(
        ids=np.array(ids, dtype=object),
        fill=np.array(["#ffffcc", "#253494", "#253494", "#ffffff"][:n], dtype=object),
        selected=np.array([False, True, True, False][:n]),
        partial=np.array([False, False, True, False][:n]),
        tips=(name_tips([f"Block <{k}>" for k in ids]), np.array([f"Anteil: {i},0 %" for i in range(n)], dtype=object),
              np.array(notes, dtype=object), np.full(n, "<small>Quelle</small>", dtype=object)),
    )


def test_style_columns_read_as_area_styles_and_compact_to_the_same_tooltips():
    styles = _columns(["a", "b", "c", "d"], [None, None, "<i>2 von 9 ausgewählt</i>", None])
    assert list(styles) == ["a", "b", "c", "d"] and len(styles) == 4 and "c" in styles and "z" not in styles
    assert styles["c"] == AreaStyle("#253494", "<b>Block &lt;c&gt;</b><br>Anteil: 2,0 %<br><i>2 von 9 ausgewählt</i>"
                                    "<br><small>Quelle</small>", selected=True, partial=True, opacity=None)
    assert styles["a"].tooltip == "<b>Block &lt;a&gt;</b><br>Anteil: 0,0 %<br><small>Quelle</small>"  # no note: left out
    as_objects = dict(styles.items())
    for keys in (["a", "b", "c", "d"], ["d", "x", "b", "a", "c"]):  # the geometry's order; another, with an unknown key
        columns, objects = compact_styles(styles, keys), compact_styles(as_objects, keys)
        assert [_tooltip(columns, i) for i in range(len(keys))] == [_tooltip(objects, i) for i in range(len(keys))]
        assert [columns["fills"][c] for c in decode_codes(columns["fill"])] == [
            objects["fills"][c] for c in decode_codes(objects["fill"])]
        assert (columns["selected"], columns["partial"]) == (objects["selected"], objects["partial"])
    unknown = compact_styles(styles, ["d", "x", "b", "a", "c"])
    assert _tooltip(unknown, 1) == "" and unknown["fills"][decode_codes(unknown["fill"])[1]] is None
    assert unknown["selected"] == [2] and unknown["partial"] == [4]


def test_names_the_browser_fetched_are_not_sent_with_a_restyle():
    from geo.maps.arealayer import name_tips

    styles = _columns(["a", "b", "c"], [None, None, None])
    shared = {"names": name_tips(["Block <a>", "Block <b>", "Block <c>"])}
    compact = compact_styles(styles, ["a", "b", "c"], shared)
    assert compact["tips"][0] == {"shared": "names"}
    assert len(compact["tips"]) == 3  # the note column no area has is left out
    assert _tooltip(compact, 1, {"names": shared["names"].tolist()}) == styles["b"].tooltip
    # names in another order than the shared list: sent as they are
    assert "list" in compact_styles(styles, ["c", "b", "a"], shared)["tips"][0]
    # the same from style objects (the class maps' styles)
    assert compact_styles(dict(styles.items()), ["a", "b", "c"], shared)["tips"][0] == {"shared": "names"}


def test_the_table_of_14040_blocks_is_a_page_and_the_selection_is_searched(environment):
    city = environment
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=300)
    at.query_params["ds"] = DS
    at.run()
    assert not at.exception
    assert len(at.dataframe) == 0  # the table of 14,040 blocks only when asked for (its browser code delays the map)
    at.toggle(key="tile_map_0_show").set_value(True).run()
    table = at.dataframe[-1].value
    assert len(table) == 500 and table["Rang"].iloc[0] == 1 and table["Rang"].is_monotonic_increasing  # highest first
    share = 100 * city.frame["Ausländer"] / city.frame["Einwohner"]
    assert table["Wert"].iloc[0] == f"{share.max():.1f}".replace(".", ",") + "\u00a0%"
    assert any(c.value.startswith("Zeilen 1–500 von 14040 (29 Seiten)") for c in at.caption)
    at.text_input(key="tile_map_0_page").input("29").run()
    last = at.dataframe[-1].value
    assert len(last) == 14_040 - 28 * 500 and last["Rang"].min() > 500
    # the sidebar offers no 14,040 options: the selection and what a name search finds
    assert at.multiselect(key="selection_widget").options == []
    name, key = city.frame["PLR_NAME"][9000], city.frame["PLR_ID"][9000]
    at.text_input(key="selection_query").set_value(name).run()
    options = at.multiselect(key="selection_widget").options
    assert name in options and len(options) <= 200
    at.multiselect(key="selection_widget").set_value([key]).run()
    assert at.session_state["selected_areas"] == [key]
    at.text_input(key="selection_query").set_value("").run()
    assert at.multiselect(key="selection_widget").options == [name]  # the chosen block stays offered
    assert at.multiselect(key="selection_widget").value == [key]
