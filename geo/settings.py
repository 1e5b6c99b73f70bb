"""Run-time settings from the environment, read once per call (never at import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from geo.mapview import TileConfig
from geo.sources import default_cache_dir

__all__ = ["Settings", "read_settings"]


@dataclass(frozen=True)
class Settings:
    """``ANKUNFTSATLAS_MIRROR``: offline folder with the official boundaries;
    ``ANKUNFTSATLAS_CACHE``: download cache; ``ANKUNFTSATLAS_TILES`` and
    ``ANKUNFTSATLAS_TILES_ATTRIBUTION``: an optional basemap tile server (off by default).
    """

    mirror: Path | None
    cache_dir: Path
    tiles: TileConfig | None
    warnings: tuple[str, ...] = ()


def read_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    mirror = env.get("ANKUNFTSATLAS_MIRROR")
    tile_url = env.get("ANKUNFTSATLAS_TILES", "").strip()
    tiles = None
    warnings: list[str] = []
    if tile_url:
        attribution = env.get("ANKUNFTSATLAS_TILES_ATTRIBUTION", "").strip()
        if attribution:
            tiles = TileConfig(url=tile_url, attribution=attribution)
        else:
            # Tiles without their required attribution would break their licence.
            warnings.append(
                "ANKUNFTSATLAS_TILES ist gesetzt, aber ANKUNFTSATLAS_TILES_ATTRIBUTION fehlt; "
                "die Kacheln bleiben aus. / ANKUNFTSATLAS_TILES is set but "
                "ANKUNFTSATLAS_TILES_ATTRIBUTION is missing; tiles stay off."
            )
    cache = env.get("ANKUNFTSATLAS_CACHE")
    return Settings(
        mirror=Path(mirror).expanduser().resolve() if mirror else None,
        cache_dir=Path(cache) if cache else default_cache_dir(),
        tiles=tiles,
        warnings=tuple(warnings),
    )
