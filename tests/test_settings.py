from pathlib import Path

from geo.settings import read_settings


def test_defaults_have_no_tiles_and_no_mirror(tmp_path):
    settings = read_settings({"ANKUNFTSATLAS_CACHE": str(tmp_path)})
    assert (settings.tiles, settings.mirror, settings.cache_dir, settings.warnings) == (None, None, tmp_path, ())


def test_tiles_need_an_attribution():
    settings = read_settings({"ANKUNFTSATLAS_TILES": "https://t.example/{z}/{x}/{y}.png"})
    assert settings.tiles is None
    assert "ANKUNFTSATLAS_TILES_ATTRIBUTION" in settings.warnings[0]


def test_tiles_with_attribution_and_mirror():
    settings = read_settings(
        {
            "ANKUNFTSATLAS_TILES": "https://t.example/{z}/{x}/{y}.png",
            "ANKUNFTSATLAS_TILES_ATTRIBUTION": "© Example",
            "ANKUNFTSATLAS_MIRROR": "/srv/mirror",
        }
    )
    assert settings.tiles.attribution == "© Example"
    assert settings.mirror == Path("/srv/mirror")
