import pytest

from geo.domain.tilelayout import load_tile_layout
from geo.maps.tilemap import _text_colour, tile_chart
from tests.conftest import DATA_DIR


def test_layout_places_every_area_once(dataset):
    layout = load_tile_layout(DATA_DIR / "tiles_kaiserslautern.csv")
    assert sorted(layout.index) == sorted(dataset.areas.index)
    assert not layout.duplicated(["row", "col"]).any()


def test_clashing_tiles_are_refused(tmp_path):
    path = tmp_path / "tiles.csv"
    path.write_text("area_id;row;col\na;0;0\nb;0;0\n")
    with pytest.raises(ValueError, match="a, b"):
        load_tile_layout(path)


@pytest.mark.parametrize(("fill", "text"), [("#ffffcc", "#000000"), ("#253494", "#ffffff"), ("#ffffff", "#000000")])
def test_text_colour_contrasts(fill, text):
    assert _text_colour(fill) == text


def test_chart_is_titled_schematic(dataset):
    from geo.maps.choropleth import build_view, tile_frame

    frame = tile_frame(build_view(dataset, "foreign_share"), dataset, ["betzenberg"])
    spec = tile_chart(frame, "Kachelkarte – schematisch").to_dict()
    assert spec["title"] == "Kachelkarte – schematisch"
    values = next(iter(spec["datasets"].values()))
    assert len(values) == 18
    assert [v["area_id"] for v in values if v["stroke_width"] == 4] == ["betzenberg"]
    assert spec["params"][0]["name"] == "tile" and spec["params"][0]["select"]["fields"] == ["area_id"]


def test_tiles_are_read_as_name_value_and_class(dataset):
    from geo.maps.choropleth import build_view, tile_frame
    from geo.maps.tilemap import tile_chart

    view = build_view(dataset, "foreign_share", "quantiles", 5)
    spec = tile_chart(tile_frame(view, dataset, ["hohenecken"]), "Kacheln").to_dict()
    rows = {r["name"]: r["aria"] for r in spec["datasets"][next(iter(spec["datasets"]))]}
    assert rows["Hohenecken"] == "Hohenecken, 9,2\u00a0%, über 8,8 – 13,0\u00a0%, ausgewählt / selected"
    assert rows["Mölschbach"].startswith("Mölschbach, ") and not rows["Mölschbach"].endswith("selected")
    assert spec["layer"][0]["encoding"]["description"] == {"field": "aria", "type": "nominal"}


def test_tile_labels_keep_the_name_as_spelt_everywhere(dataset):
    """"Innenstadt West / Kotten" is broken after its slash, never respelt "Innenstadt West/Kotten" (walk finding)."""
    from geo.maps.choropleth import build_view, tile_frame

    frame = tile_frame(build_view(dataset, "foreign_share"), dataset, [])
    labels = dict(zip(tile_chart(frame, "Kacheln").data["area_id"], tile_chart(frame, "Kacheln").data["label"]))
    assert labels["innenstadt-west-kotten"] == "Innenstadt West /\nKotten"
    assert labels["hohenecken"] == "Hohenecken"
    assert {label.replace(" /\n", " / ") for label in labels.values()} == set(dataset.areas["name"])
