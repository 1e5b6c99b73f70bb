"""Run-time settings from the environment, read once per call (never at import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import tomllib

from geo.read.sources import default_cache_dir

__all__ = ["DisclosureRules", "Settings", "TileConfig", "read_settings"]


@dataclass(frozen=True)
class DisclosureRules:
    """Public mode: areas under ``min_residents`` residents and counts under ``min_count`` are hidden."""

    min_residents: int = 300
    min_count: int = 3


@dataclass(frozen=True)
class TileConfig:
    """An optional basemap tile server and the attribution it requires."""

    url: str
    attribution: str


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
    public: bool = False
    disclosure: DisclosureRules = DisclosureRules()
    max_upload_mb: int = 50
    behind_tls: bool = False  # served over HTTPS by a TLS proxy: the sign-in cookie is marked Secure


# Settings file keys -> environment variables; the environment wins.
_FILE_KEYS = {
    "mode": "ANKUNFTSATLAS_MODE",
    "mirror": "ANKUNFTSATLAS_MIRROR",
    "cache": "ANKUNFTSATLAS_CACHE",
    "tiles": "ANKUNFTSATLAS_TILES",
    "tiles_attribution": "ANKUNFTSATLAS_TILES_ATTRIBUTION",
    "min_residents": "ANKUNFTSATLAS_MIN_RESIDENTS",
    "min_count": "ANKUNFTSATLAS_MIN_COUNT",
    "max_upload_mb": "ANKUNFTSATLAS_MAX_UPLOAD_MB",
    "behind_tls": "ANKUNFTSATLAS_BEHIND_TLS",
}


def _from_file(env: Mapping[str, str]) -> dict[str, str]:
    """Values from the settings file (``ANKUNFTSATLAS_SETTINGS`` or ./ankunftsatlas.toml)."""
    path = Path(env.get("ANKUNFTSATLAS_SETTINGS", "ankunftsatlas.toml"))
    if not path.is_file():
        return {}
    with open(path, "rb") as handle:
        raw = tomllib.load(handle)
    return {_FILE_KEYS[k]: str(v) for k, v in raw.items() if k in _FILE_KEYS}


def _int(env: Mapping[str, str], key: str, default: int, warnings: list[str]) -> int:
    try:
        return int(env.get(key, default))
    except ValueError:
        warnings.append(f"{key}={env.get(key)!r} ist keine ganze Zahl; es gilt {default}. / not an integer; using {default}.")
        return default


def read_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Settings from the settings file overlaid with the environment.

    The public mode comes only from here (``ANKUNFTSATLAS_MODE=public`` or
    ``mode = "public"`` in the file), never from a URL parameter.
    """
    env = os.environ if env is None else env
    env = {**_from_file(env), **env}
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
    rules = DisclosureRules(
        min_residents=_int(env, "ANKUNFTSATLAS_MIN_RESIDENTS", 300, warnings),
        min_count=_int(env, "ANKUNFTSATLAS_MIN_COUNT", 3, warnings),
    )
    return Settings(
        mirror=Path(mirror).expanduser().resolve() if mirror else None,
        cache_dir=Path(cache) if cache else default_cache_dir(),
        tiles=tiles,
        warnings=tuple(warnings),
        public=env.get("ANKUNFTSATLAS_MODE", "").strip().lower() == "public",
        disclosure=rules,
        max_upload_mb=_int(env, "ANKUNFTSATLAS_MAX_UPLOAD_MB", 50, warnings),
        behind_tls=env.get("ANKUNFTSATLAS_BEHIND_TLS", "").strip().lower() in {"1", "true", "yes", "on"},
    )
