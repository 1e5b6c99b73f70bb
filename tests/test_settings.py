from pathlib import Path

from geo.settings import read_settings


def test_defaults_have_no_tiles_and_no_mirror(tmp_path):
    settings = read_settings({"ANKUNFTSATLAS_CACHE": str(tmp_path)})
    assert (settings.tiles, settings.mirror, settings.cache_dir, settings.warnings) == (None, None, tmp_path, ())


def test_tiles_need_an_attribution():
    settings = read_settings({"ANKUNFTSATLAS_TILES": "https://t.example/{z}/{x}/{y}.png"})
    assert settings.tiles is None
    assert "ANKUNFTSATLAS_TILES_ATTRIBUTION" in str(settings.warnings[0])


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


def test_public_mode_and_disclosure_from_environment():
    settings = read_settings({"ANKUNFTSATLAS_MODE": "public", "ANKUNFTSATLAS_MIN_RESIDENTS": "1400"})
    assert settings.public
    assert (settings.disclosure.min_residents, settings.disclosure.min_count) == (1400, 3)


def test_settings_file_with_environment_winning(tmp_path):
    path = tmp_path / "ankunftsatlas.toml"
    path.write_text('mode = "public"\nmin_count = 5\nmin_residents = 250\n', encoding="utf-8")
    settings = read_settings({"ANKUNFTSATLAS_SETTINGS": str(path), "ANKUNFTSATLAS_MIN_COUNT": "7"})
    assert settings.public
    assert (settings.disclosure.min_residents, settings.disclosure.min_count) == (250, 7)


def test_bad_threshold_falls_back_with_warning():
    settings = read_settings({"ANKUNFTSATLAS_MIN_COUNT": "drei"})
    assert settings.disclosure.min_count == 3
    assert "ANKUNFTSATLAS_MIN_COUNT='drei' ist keine ganze Zahl" in str(settings.warnings[0])


def test_one_data_folder_setting(tmp_path):
    """The data folder is worked out in one place (geo.settings.data_dir); datasets, database and sign-in
    keys all live under it."""
    import re
    from pathlib import Path

    from geo.settings import data_dir
    from storage.db import database_url
    from storage.tokens import _data_dir

    env = {"ANKUNFTSATLAS_DATA_DIR": str(tmp_path)}
    assert data_dir(env) == tmp_path
    assert database_url(env) == f"sqlite:///{tmp_path / 'ankunftsatlas.sqlite'}"
    assert _data_dir(env, None) == tmp_path
    assert data_dir({"ANKUNFTSATLAS_DATA_DIR": "  "}).name == "ankunftsatlas"  # empty: the user data folder
    root = Path(__file__).resolve().parents[1]
    computing = [
        str(p.relative_to(root)) for folder in ("geo", "ui", "pages", "storage", "exports") for p in (root / folder).rglob("*.py")
        if re.search(r"environ.*ANKUNFTSATLAS_DATA_DIR|env\.get\(\"ANKUNFTSATLAS_DATA_DIR|user_data_dir\(", p.read_text())
    ]
    assert computing == ["geo/settings.py"]
