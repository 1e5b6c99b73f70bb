"""Run-time settings from the environment, read once per call (never at import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlparse

import tomllib

from geo.i18n import MessageError
from geo.read.sources import default_cache_dir

__all__ = ["BASEMAP_PRESETS", "LOCAL_TILE_URL", "DisclosureRules", "Settings", "TileConfig", "data_dir", "read_settings"]


@dataclass(frozen=True)
class DisclosureRules:
    """Public mode: areas under ``min_residents`` residents and counts under ``min_count`` are hidden."""

    min_residents: int = 300
    min_count: int = 3


@dataclass(frozen=True)
class TileConfig:
    """An optional basemap and the attribution it requires.

    ``url`` is an XYZ template Leaflet loads tiles from: a tile server's, or for a local PMTiles
    file (``pmtiles``) the app's own ``/basemap/{z}/{x}/{y}``. ``label`` names it on the page.
    """

    url: str
    attribution: str
    label: str = ""
    pmtiles: Path | None = None
    max_zoom: int = 19

    @property
    def host(self) -> str | None:
        """The host a visitor's browser loads tiles from; ``None`` for this server itself."""
        return None if self.pmtiles is not None else (urlparse(self.url).netloc or None)


# Basemaps a deployment names instead of a URL (ANKUNFTSATLAS_TILES=basemap.de-grau).
_BASEMAP_DE = ("https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_{style}/"
               "default/GLOBAL_WEBMERCATOR/{{z}}/{{y}}/{{x}}.png")
BASEMAP_PRESETS: dict[str, TileConfig] = {
    "basemap.de": TileConfig(url=_BASEMAP_DE.format(style="farbe"), label="basemap.de Web-Raster (Farbe)",
                             attribution="© GeoBasis-DE / BKG (basemap.de), CC BY 4.0"),
    "basemap.de-grau": TileConfig(url=_BASEMAP_DE.format(style="grau"), label="basemap.de Web-Raster (grau)",
                                  attribution="© GeoBasis-DE / BKG (basemap.de), CC BY 4.0"),
}
LOCAL_TILE_URL = "/basemap/{z}/{x}/{y}"


def _basemap(value: str, attribution: str, warnings: list[MessageError]) -> TileConfig | None:
    """The basemap ``ANKUNFTSATLAS_TILES`` names: a preset, a ``.pmtiles`` file, or an XYZ URL."""
    if value in BASEMAP_PRESETS:
        preset = BASEMAP_PRESETS[value]
        return replace(preset, attribution=attribution or preset.attribution)
    if value.lower().endswith(".pmtiles"):
        path = Path(value).expanduser()
        if not path.is_file():
            warnings.append(MessageError("seterr_tile_file", file=path.name))
            return None
        if not attribution:
            from geo.read.rastertiles import TileArchiveError, open_archive

            try:
                attribution = open_archive(path).attribution.strip()
            except TileArchiveError as exc:
                warnings.append(exc)
                return None
        if attribution:
            return TileConfig(url=LOCAL_TILE_URL, attribution=attribution, label=path.name, pmtiles=path.resolve())
    elif attribution:
        return TileConfig(url=value, attribution=attribution, label=urlparse(value).netloc or value)
    # Tiles without their required attribution would break their licence.
    warnings.append(MessageError("seterr_attribution"))
    return None


@dataclass(frozen=True)
class Settings:
    """``ANKUNFTSATLAS_MIRROR``: offline folder with the official boundaries;
    ``ANKUNFTSATLAS_CACHE``: download cache; ``ANKUNFTSATLAS_TILES`` and
    ``ANKUNFTSATLAS_TILES_ATTRIBUTION``: an optional basemap tile server (off by default).
    """

    mirror: Path | None
    cache_dir: Path
    tiles: TileConfig | None
    warnings: tuple[MessageError, ...] = ()  # typed: the page shows the reader's language, str() both
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


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The one data folder (datasets, grids, database, sign-in keys): ``ANKUNFTSATLAS_DATA_DIR``, else the
    user data folder. Every module asks here; nothing else works it out."""
    env = os.environ if env is None else env
    configured = str(env.get("ANKUNFTSATLAS_DATA_DIR") or "").strip()
    if configured:
        return Path(configured)
    from platformdirs import user_data_dir

    return Path(user_data_dir("ankunftsatlas"))


def _from_file(env: Mapping[str, str]) -> dict[str, str]:
    """Values from the settings file (``ANKUNFTSATLAS_SETTINGS`` or ./ankunftsatlas.toml)."""
    path = Path(env.get("ANKUNFTSATLAS_SETTINGS", "ankunftsatlas.toml"))
    if not path.is_file():
        return {}
    with open(path, "rb") as handle:
        raw = tomllib.load(handle)
    return {_FILE_KEYS[k]: str(v) for k, v in raw.items() if k in _FILE_KEYS}


def _int(env: Mapping[str, str], key: str, default: int, warnings: list[MessageError]) -> int:
    try:
        return int(env.get(key, default))
    except ValueError:
        warnings.append(MessageError("seterr_not_integer", setting=f"{key}={env.get(key)!r}", default=default))
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
    warnings: list[MessageError] = []
    tiles = (_basemap(tile_url, env.get("ANKUNFTSATLAS_TILES_ATTRIBUTION", "").strip(), warnings)
             if tile_url else None)
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
