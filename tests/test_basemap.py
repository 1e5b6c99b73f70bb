"""The basemap: presets, a tile server, or a local PMTiles archive (geo/settings.py,
geo/read/rastertiles.py), and what the offline HTML and the PNG slide carry of it."""

from __future__ import annotations

import io

import geopandas as gpd
import pytest
from pmtiles.tile import Compression, TileType
from pmtiles.writer import Writer
from shapely.geometry import box

from geo.maps.leaflet import AreaStyle
from geo.maps.standalone import BasemapTiles, ViewSnapshot, basemap_tiles, to_html, to_png
from geo.read.rastertiles import TileArchiveError, lonlat_to_tile, open_archive, tile_bounds_3857, tiles_covering
from geo.settings import LOCAL_TILE_URL, read_settings
from tests.basemap_fixture import ATTRIBUTION, KAISERSLAUTERN, TILE_COLOUR, write_pmtiles


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory):
    return write_pmtiles(tmp_path_factory.mktemp("tiles") / "stadt.pmtiles")


def _settings(**env):
    return read_settings({"ANKUNFTSATLAS_SETTINGS": "/nonexistent.toml", **env})


@pytest.mark.parametrize(("preset", "style"), [("basemap.de", "farbe"), ("basemap.de-grau", "grau")])
def test_basemap_de_presets(preset, style):
    tiles = _settings(ANKUNFTSATLAS_TILES=preset).tiles
    assert tiles.url == ("https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/"
                         f"de_basemapde_web_raster_{style}/default/GLOBAL_WEBMERCATOR/{{z}}/{{y}}/{{x}}.png")
    assert tiles.attribution == "© GeoBasis-DE / BKG (basemap.de), CC BY 4.0"
    assert tiles.host == "sgx.geodatenzentrum.de"
    assert tiles.pmtiles is None


def test_tile_server_needs_its_attribution():
    settings = _settings(ANKUNFTSATLAS_TILES="https://tiles.stadt.example/{z}/{x}/{y}.png")
    assert settings.tiles is None
    assert any("ANKUNFTSATLAS_TILES_ATTRIBUTION fehlt" in str(w) for w in settings.warnings)
    tiles = _settings(ANKUNFTSATLAS_TILES="https://tiles.stadt.example/{z}/{x}/{y}.png",
                      ANKUNFTSATLAS_TILES_ATTRIBUTION="© Stadt").tiles
    assert (tiles.host, tiles.attribution, tiles.label) == ("tiles.stadt.example", "© Stadt", "tiles.stadt.example")


def test_local_archive_is_served_by_the_app_with_its_own_attribution(archive_path):
    tiles = _settings(ANKUNFTSATLAS_TILES=str(archive_path)).tiles
    assert tiles.url == LOCAL_TILE_URL == "/basemap/{z}/{x}/{y}"
    assert tiles.host is None  # no third party
    assert tiles.attribution == ATTRIBUTION  # from the archive's metadata
    assert tiles.pmtiles == archive_path.resolve()
    assert _settings(ANKUNFTSATLAS_TILES=str(archive_path), ANKUNFTSATLAS_TILES_ATTRIBUTION="© OSM").tiles.attribution == "© OSM"


def test_missing_or_vector_archive_leaves_the_basemap_off(tmp_path):
    missing = _settings(ANKUNFTSATLAS_TILES=str(tmp_path / "fehlt.pmtiles"))
    assert missing.tiles is None and "fehlt.pmtiles fehlt" in str(missing.warnings[0]) and missing.warnings[0].text("en") == "The tile file fehlt.pmtiles is missing; the basemap stays off."
    vector = tmp_path / "vektor.pmtiles"
    with open(vector, "wb") as handle:
        writer = Writer(handle)
        writer.write_tile(0, b"\x1a\x00")
        writer.finalize({"tile_type": TileType.MVT, "tile_compression": Compression.NONE, "min_zoom": 0, "max_zoom": 0,
                         "min_lon_e7": 0, "min_lat_e7": 0, "max_lon_e7": 10, "max_lat_e7": 10,
                         "center_zoom": 0, "center_lon_e7": 0, "center_lat_e7": 0}, {"attribution": "x"})
    with pytest.raises(TileArchiveError, match="keine Rasterkacheln"):
        open_archive(vector)
    garbage = tmp_path / "kaputt.pmtiles"
    garbage.write_bytes(b"not a pmtiles file at all" * 10)
    settings = _settings(ANKUNFTSATLAS_TILES=str(garbage))
    assert settings.tiles is None and "lässt sich nicht lesen" in str(settings.warnings[0])


@pytest.mark.parametrize(("lon", "lat", "z", "expected"), [
    (0.0, 0.0, 1, (1, 1)),
    (-180.0, 85.0, 2, (0, 0)),
    (7.7689, 49.4447, 13, (4272, 2797)),  # Kaiserslautern: x = 187.7689/360 * 8192 = 4272.8, y = 2797.1
    (179.9999, -85.06, 3, (7, 7)),
])
def test_lonlat_to_tile(lon, lat, z, expected):
    assert lonlat_to_tile(lon, lat, z) == expected


def test_tile_bounds_3857_tiles_the_world():
    assert tile_bounds_3857(0, 0, 0) == pytest.approx((-20037508.34, -20037508.34, 20037508.34, 20037508.34))
    assert tile_bounds_3857(1, 1, 0) == pytest.approx((0, 0, 20037508.34, 20037508.34))


def test_archive_tiles(archive_path):
    archive = open_archive(archive_path)
    assert (archive.mime, archive.min_zoom, archive.max_zoom) == ("image/png", 9, 15)
    inside = lonlat_to_tile(7.77, 49.44, 12)
    assert archive.tile(12, *inside)[:8] == b"\x89PNG\r\n\x1a\n"
    assert archive.tile(12, 0, 0) is None  # outside the city
    assert archive.tile(20, *lonlat_to_tile(7.77, 49.44, 20)) is None  # deeper than the archive
    assert archive.tile(12, -1, 5) is None


def test_embedded_tiles_cover_the_view_and_stay_under_the_limit(archive_path):
    archive = open_archive(archive_path)
    tiles = basemap_tiles(archive, KAISERSLAUTERN, "© Test", "stadt.pmtiles")
    assert tiles.zooms[0] >= 9 and len(tiles.zooms) >= 3
    for z in tiles.zooms:
        assert {f"{z}/{x}/{y}" for x, y in tiles_covering(KAISERSLAUTERN, z)} <= set(tiles.tiles)
    assert len(tiles.tiles) <= 600


def _snapshot(basemap):
    frame = gpd.GeoDataFrame({"key": ["a"], "name": ["Mitte"]}, geometry=[box(7.74, 49.42, 7.80, 49.46)], crs=4326)
    return ViewSnapshot(
        title="Titel", subtitle="", frame=frame, geojson=frame.to_json().encode(), lang="de",
        styles={"a": AreaStyle(fill="#ffffff", tooltip="Mitte")}, legend=[("#2c7fb8", "alle", 1)], legend_title="Legende",
        table_header=["Gebiet"], table_rows=[["Mitte"]], sources=["Quelle"], basemap=basemap,
    )


def test_offline_html_carries_the_tiles_of_its_view(archive_path, tmp_path):
    leaflet = tmp_path / "leaflet"
    leaflet.mkdir()
    (leaflet / "leaflet.js").write_text("/* leaflet */")
    (leaflet / "leaflet.css").write_text("/* css */")
    embedded = basemap_tiles(open_archive(archive_path), KAISERSLAUTERN, "© <Test>", "stadt.pmtiles")
    html = to_html(_snapshot(embedded), leaflet).decode()
    assert html.count("data:image/png;base64,") == len(embedded.tiles)
    assert "in der Datei enthalten" in html
    assert "&amp;lt;Test&amp;gt;" in html or "&lt;Test&gt;" in html  # attribution escaped
    remote = BasemapTiles(attribution="© Stadt", label="Stadtplan", url="https://tiles.stadt.example/{z}/{x}/{y}.png",
                          host="tiles.stadt.example")
    html = to_html(_snapshot(remote), leaflet).decode()
    assert "https://tiles.stadt.example/{z}/{x}/{y}.png" in html
    assert "nur mit Internet geladen (von tiles.stadt.example)" in html
    assert "data:image/png" not in to_html(_snapshot(None), leaflet).decode()


def test_png_slide_draws_the_tiles_under_the_map(archive_path):
    from PIL import Image

    embedded = basemap_tiles(open_archive(archive_path), KAISERSLAUTERN, "© Test", "stadt.pmtiles")
    with_tiles = Image.open(io.BytesIO(to_png(_snapshot(embedded)))).convert("RGB")
    without = Image.open(io.BytesIO(to_png(_snapshot(None)))).convert("RGB")
    grid = [(x, y) for x in range(60, 1200, 40) for y in range(200, 900, 40)]  # inside the map box

    def tinted(image, point):  # the tiles' magenta, pure or seen through the (white, translucent) area
        r, g, b = image.getpixel(point)
        return r > 200 and b > 200 and g < 200

    assert sum(tinted(with_tiles, p) for p in grid) > len(grid) // 2
    assert any(with_tiles.getpixel(p) == TILE_COLOUR for p in grid)  # around the area: the tiles themselves
    assert not any(tinted(without, p) for p in grid)
