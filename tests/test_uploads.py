"""Uploaded files live only for one run; messages never carry the server path."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

from ui.shell.uploads import PREFIX, clean_stale, discard, scrub, stash


@dataclass
class _Upload:  # stands for Streamlit's UploadedFile
    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


def test_stash_writes_plain_file_names_and_discard_deletes_everything(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    folder, (first, second) = stash(_Upload("../../etc/grenzen.geojson", b"{}"), _Upload("t.csv", b"a;b"))
    assert folder.parent == tmp_path and folder.name.startswith(PREFIX)
    assert (first.name, first.parent, second.read_bytes()) == ("grenzen.geojson", folder, b"a;b")
    discard(folder)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("/tmp/atlas-upload-x1/b.gpkg: kaputt", "b.gpkg: kaputt"),
        ("Fehler in /vsizip//srv/tmp/atlas-upload-x1/b.zip/a.shp", "Fehler in a.shp"),
        ("/home/atlas/data/datasets/ort/boundaries.gpkg fehlt", "boundaries.gpkg fehlt"),
        ("Anteil 12/5 über 100 %", "Anteil 12/5 über 100 %"),  # not a path
    ],
)
def test_scrub_cuts_paths_to_file_names(message, expected):
    assert scrub(message, "/tmp/atlas-upload-x1") == expected


def test_clean_stale_removes_only_old_upload_folders(tmp_path):
    old, fresh, other = tmp_path / f"{PREFIX}old", tmp_path / f"{PREFIX}new", tmp_path / "keep-me"
    for folder in (old, fresh, other):
        folder.mkdir()
        (folder / "f").write_text("x")
    os.utime(old, (1000.0, 1000.0))
    os.utime(other, (1000.0, 1000.0))
    assert clean_stale(max_age_s=3600, now=fresh.stat().st_mtime + 10, base=tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atlas-upload-new", "keep-me"]
