"""The app's own tile endpoint: ``/basemap/{z}/{x}/{y}`` from the deployment's local PMTiles file.

Served by ``server.py`` beside Streamlit, so that a map with streets needs no network and no third
party learns who looks at which street. Without a local archive the endpoint answers 404.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from geo.read.rastertiles import RasterArchive, TileArchiveError, open_archive
from geo.settings import TileConfig

__all__ = ["basemap_routes"]


@lru_cache(maxsize=4)
def _archive(path: Path) -> RasterArchive:
    return open_archive(path)


def basemap_routes(tiles: TileConfig | None) -> list[Route]:
    """The tile route for ``tiles`` when it is a local archive; none otherwise."""
    if tiles is None or tiles.pmtiles is None:
        return []
    path = tiles.pmtiles

    async def tile(request: Request) -> Response:
        try:
            z, x, y = (int(request.path_params[k]) for k in ("z", "x", "y"))
            archive = _archive(path)
        except (ValueError, TileArchiveError):
            return Response(status_code=404)
        data = archive.tile(z, x, y)
        if data is None:
            return Response(status_code=404, headers={"cache-control": "public, max-age=3600"})
        return Response(data, media_type=archive.mime, headers={"cache-control": "public, max-age=86400"})

    return [Route("/basemap/{z:int}/{x:int}/{y:int}", tile, methods=["GET", "HEAD"])]
