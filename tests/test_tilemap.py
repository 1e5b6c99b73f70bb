import pytest

from geo.tilemap import _text_colour, load_tile_layout, tile_chart
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
    from geo.choropleth import build_view, tile_frame

    frame = tile_frame(build_view(dataset, "foreign_share"), dataset, ["betzenberg"])
    spec = tile_chart(frame, "Kachelkarte – schematisch").to_dict()
    assert spec["title"] == "Kachelkarte – schematisch"
    values = next(iter(spec["datasets"].values()))
    assert len(values) == 18
    assert [v["area_id"] for v in values if v["stroke_width"] == 4] == ["betzenberg"]
    assert spec["params"][0]["name"] == "tile" and spec["params"][0]["select"]["fields"] == ["area_id"]
