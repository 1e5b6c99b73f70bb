"""Raster basemap tiles from a local PMTiles archive: streets under the map with no network at all.

A city cuts a PMTiles file for its area with standard tools (see docs/basemap.md); the app serves its
tiles itself as ``/basemap/{z}/{x}/{y}`` (``server.py``), embeds the tiles of a view in the offline
HTML and draws them under the PNG slide. Raster archives (PNG, JPEG, WebP) only: vector tiles
would need a renderer, and are refused with a message.

Tile numbers are the usual XYZ scheme in Web Mercator (EPSG:3857), as Leaflet asks for them.
"""

from __future__ import annotations

import gzip
import math
import mmap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pmtiles.reader import MmapSource, Reader
from pmtiles.tile import Compression, MagicNumberNotFound, TileType
from geo.i18n import MessageError

__all__ = ["RasterArchive", "TileArchiveError", "lonlat_to_tile", "open_archive", "tile_bounds_3857", "tiles_covering"]

_MIME = {TileType.PNG: "image/png", TileType.JPEG: "image/jpeg", TileType.WEBP: "image/webp"}
_HALF_WORLD = 20037508.342789244  # half the Web Mercator world's width in metres


class TileArchiveError(MessageError):
    """A basemap file that cannot be used (the message is German / English)."""


@dataclass(frozen=True)
class RasterArchive:
    """An open PMTiles archive of raster tiles."""

    path: Path
    mime: str
    min_zoom: int
    max_zoom: int
    bounds: tuple[float, float, float, float]  # lon/lat: west, south, east, north
    attribution: str
    _reader: Reader
    _gzip: bool

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The image bytes of tile ``z/x/y``, or ``None`` where the archive has none."""
        if not (self.min_zoom <= z <= self.max_zoom) or not (0 <= x < 2**z and 0 <= y < 2**z):
            return None
        data = self._reader.get(z, x, y)
        if data is None:
            return None
        data = bytes(data)
        return gzip.decompress(data) if self._gzip else data


def open_archive(path: str | Path) -> RasterArchive:
    """Open ``path`` (kept open, memory-mapped) and check that it holds raster tiles."""
    path = Path(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - the mapping lives as long as the archive
        reader = Reader(MmapSource(handle))
        header = reader.header()
        metadata = reader.metadata() if header.get("metadata_length") else {}
    except (OSError, ValueError, KeyError, IndexError, UnicodeDecodeError, MagicNumberNotFound, mmap.error) as exc:
        raise TileArchiveError(
            "tileerr_tile_file_cannot_read", name=path.name
        ) from exc
    tile_type = header["tile_type"]
    if tile_type not in _MIME:
        raise TileArchiveError(
            "tileerr_no_raster_tiles", name=path.name, name2=tile_type.name
        )
    bounds = tuple(header[k] / 1e7 for k in ("min_lon_e7", "min_lat_e7", "max_lon_e7", "max_lat_e7"))
    return RasterArchive(
        path=path,
        mime=_MIME[tile_type],
        min_zoom=int(header["min_zoom"]),
        max_zoom=int(header["max_zoom"]),
        bounds=bounds,  # type: ignore[arg-type]
        attribution=str(metadata.get("attribution", "") if isinstance(metadata, dict) else ""),
        _reader=reader,
        _gzip=header["tile_compression"] == Compression.GZIP,
    )


def lonlat_to_tile(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The XYZ tile that holds ``lon, lat`` at zoom ``z``.

    >>> lonlat_to_tile(7.75, 49.44, 12)  # x = 187.75 / 360 * 4096 = 2136.2, y = 1398.6
    (2136, 1398)
    """
    lat = max(min(lat, 85.0511), -85.0511)
    n = 2**z
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def tiles_covering(bounds: tuple[float, float, float, float], z: int) -> Iterator[tuple[int, int]]:
    """``(x, y)`` of every tile at zoom ``z`` that touches ``bounds`` (west, south, east, north)."""
    west, south, east, north = bounds
    x0, y0 = lonlat_to_tile(west, north, z)
    x1, y1 = lonlat_to_tile(east, south, z)
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            yield x, y


def tile_bounds_3857(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """``(minx, miny, maxx, maxy)`` of tile ``z/x/y`` in EPSG:3857 metres."""
    size = 2 * _HALF_WORLD / 2**z
    minx = -_HALF_WORLD + x * size
    maxy = _HALF_WORLD - y * size
    return minx, maxy - size, minx + size, maxy
