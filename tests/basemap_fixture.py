"""Synthetic basemap tiles for tests (not a real map): PNG tiles, each a flat colour with a dark
cross through its middle, for Kaiserslautern's extent, as a PMTiles archive or an XYZ folder."""

from __future__ import annotations

import io
from pathlib import Path

from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer

from geo.read.rastertiles import tiles_covering

KAISERSLAUTERN = (7.62, 49.35, 7.92, 49.52)  # west, south, east, north (rounded outwards)
TILE_COLOUR = (255, 0, 255)  # magenta: a colour no class palette uses
ATTRIBUTION = "Testkacheln (synthetisch)"


def tile_png(colour: tuple[int, int, int] = TILE_COLOUR) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (256, 256), colour)
    draw = ImageDraw.Draw(image)
    draw.line([(0, 128), (255, 128)], fill=(40, 40, 40), width=3)
    draw.line([(128, 0), (128, 255)], fill=(40, 40, 40), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def write_pmtiles(path: Path, zooms: range = range(9, 16), bounds=KAISERSLAUTERN) -> Path:
    """A raster PMTiles archive of :func:`tile_png` tiles covering ``bounds`` at ``zooms``."""
    png = tile_png()
    ids = sorted(zxy_to_tileid(z, x, y) for z in zooms for x, y in tiles_covering(bounds, z))
    with open(path, "wb") as handle:
        writer = Writer(handle)
        for tile_id in ids:
            writer.write_tile(tile_id, png)
        west, south, east, north = bounds
        writer.finalize(
            {
                "tile_type": TileType.PNG,
                "tile_compression": Compression.NONE,
                "min_zoom": zooms.start, "max_zoom": zooms.stop - 1,
                "min_lon_e7": int(west * 1e7), "min_lat_e7": int(south * 1e7),
                "max_lon_e7": int(east * 1e7), "max_lat_e7": int(north * 1e7),
                "center_zoom": zooms.start, "center_lon_e7": int((west + east) / 2 * 1e7),
                "center_lat_e7": int((south + north) / 2 * 1e7),
            },
            {"attribution": ATTRIBUTION, "name": "Testkacheln"},
        )
    return path
