"""GDAL errors become our messages: no server path, no GDAL wording."""

from __future__ import annotations

import pyogrio
import pytest

from geo.read.gdalmessages import explain


def _gdal_error(path) -> Exception:
    try:
        pyogrio.read_info(str(path))
    except Exception as exc:  # the real error types and texts of this GDAL
        return exc
    raise AssertionError("GDAL read the file")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("kaputt.geojson", b'{"type": "FeatureCollection", "features": [', "GeoJSON fehlerhaft"),
        ("kaputt.gpkg", b"hello world", "Format nicht erkannt"),  # GDAL's text names the server path
        ("zufall.geojson", bytes(range(256)) * 8, "Format nicht erkannt"),
    ],
)
def test_real_gdal_errors_are_explained_without_the_path(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    de, en = explain(_gdal_error(path))
    assert de.startswith(expected) and str(tmp_path) not in de + en and name not in de + en


def test_missing_archive_member_and_fallback():
    exc = _gdal_error("/vsizip//srv/uploads/x.zip/a.shp")
    assert explain(exc)[0] == "Datei oder Inhalt des Archivs nicht gefunden."
    assert explain("something else entirely") == (
        "Datei beschädigt oder in einem nicht unterstützten Format.",
        "file damaged or in an unsupported format.",
    )
