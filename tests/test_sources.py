import hashlib
from dataclasses import replace

import pytest

from geo.read.sources import SourceError, fetch_boundaries, load_sources, locate_boundaries, main


def test_sources_table(boundary_source):
    sources = load_sources()
    assert sources.statistics["kaiserslautern_2016"].source == "Statistisches Amt der Stadt Kaiserslautern, 2016"
    assert boundary_source.url.startswith("https://opendata.kaiserslautern.de/")
    assert boundary_source.attribution == "Stadtverwaltung Kaiserslautern (Open-Data-Portal)"


def test_mirror_is_verified_and_copied_into_the_cache(tmp_path, mirror_dir, boundary_source):
    cache = tmp_path / "cache"
    path = locate_boundaries(boundary_source, cache, mirror_dir)
    assert path == cache / "ortsbezirke.geojson"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == boundary_source.sha256
    # Second start: served from cache without a mirror.
    assert locate_boundaries(boundary_source, cache, None) == path


def test_no_cache_no_mirror_means_not_loaded(tmp_path, boundary_source):
    assert locate_boundaries(boundary_source, tmp_path / "cache", None) is None


def test_empty_mirror_folder_is_reported(tmp_path, boundary_source):
    with pytest.raises(SourceError, match="Im Spiegelordner .* fehlt ortsbezirke.geojson"):
        locate_boundaries(boundary_source, tmp_path / "cache", tmp_path)


def test_corrupt_mirror_fails_checksum_and_keeps_existing_cache(tmp_path, mirror_dir, boundary_source):
    cache = tmp_path / "cache"
    good = locate_boundaries(boundary_source, cache, mirror_dir)
    before = good.read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "ortsbezirke.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(SourceError, match="nicht die erwartete Prüfsumme"):
        locate_boundaries(boundary_source, cache, bad)
    assert good.read_bytes() == before


def test_damaged_cache_is_reported(tmp_path, boundary_source):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "ortsbezirke.geojson").write_text("garbage")
    with pytest.raises(SourceError, match="beschädigt"):
        locate_boundaries(boundary_source, cache, None)


def test_failed_download_gives_a_clear_message(tmp_path, boundary_source):
    # Port 9 on loopback refuses at once: no network is used.
    unreachable = replace(boundary_source, url="http://127.0.0.1:9/ortsbezirke.geojson")
    with pytest.raises(SourceError, match="Download von http://127.0.0.1:9/.* fehlgeschlagen.*ANKUNFTSATLAS_MIRROR"):
        fetch_boundaries(unreachable, tmp_path / "cache")
    assert not (tmp_path / "cache" / "ortsbezirke.geojson").exists()


def test_cli_fetch_from_mirror(tmp_path, mirror_dir, monkeypatch, capsys):
    monkeypatch.setenv("ANKUNFTSATLAS_MIRROR", str(mirror_dir))
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))
    assert main(["fetch", "--strict"]) == 0
    assert str(tmp_path / "cache" / "ortsbezirke.geojson") in capsys.readouterr().out


def test_cli_status_without_data_is_strict_failure(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("ANKUNFTSATLAS_MIRROR", raising=False)
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))
    assert main(["status", "--strict"]) == 1
    assert main(["status"]) == 0
    assert "nicht geladen / not loaded" in capsys.readouterr().out
