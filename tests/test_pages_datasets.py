"""AppTest: importing, replacing, removing and restoring datasets needs the editor sign-in; uploads do not linger."""

from __future__ import annotations

import tempfile

import geopandas as gpd
import pytest
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO

SIGN_IN = "FormSubmitter:sign_in-Anmelden"
# Test fixtures: two synthetic squares near Kaiserslautern and a table for them.
BOUNDARIES = gpd.GeoDataFrame(
    {"id": ["1", "2"], "name": ["Ost", "West"]},
    geometry=[box(7.71, 49.40, 7.72, 49.41), box(7.70, 49.40, 7.71, 49.41)],
    crs=4326,
).to_json().encode()
TABLE = b"id;Haushalte\n1;10\n2;30\n"


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path, app_env):
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # where uploads are written


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    return at.switch_page(page).run()


def sign_in(at: AppTest) -> AppTest:
    at.text_input(key="sign_in_user").input("anna")
    at.text_input(key="sign_in_password").input("geheim")
    return at.button(key=SIGN_IN).click().run()


def upload(at: AppTest, boundaries: bytes = BOUNDARIES, name: str = "grenzen.geojson") -> AppTest:
    at.file_uploader(key="upload_boundaries").set_value((name, boundaries, "application/geo+json"))
    at.file_uploader(key="upload_indicators").set_value(("zweistadt.csv", TABLE, "text/csv"))
    return at.button(key="upload_check").click().run()  # the form's check button


def left_uploads(tmp_path) -> list[str]:
    return [p.name for p in (tmp_path / "tmp").iterdir() if p.name.startswith("atlas-upload-")]


def test_import_page_offers_no_upload_without_sign_in():
    at = open_page("pages/upload.py")
    assert not at.exception
    assert len(at.file_uploader) == 0
    assert "Datensätze importieren, ersetzen und entfernen dürfen nur angemeldete" in at.info[0].value
    sign_in(at)
    assert {w.key for w in at.file_uploader} == {"grid_upload", "upload_boundaries", "upload_indicators"}


def test_import_asks_before_replacing_and_leaves_no_uploaded_files(tmp_path):
    from geo.store.catalog import list_datasets
    from geo.store.datastore import list_versions
    from geo.store.ingest import datasets_root

    at = upload(sign_in(open_page("pages/upload.py")))
    assert not at.exception and not at.error
    assert left_uploads(tmp_path) == []  # read in the run, deleted in the run
    at.button(key="upload_confirm").click().run()
    assert "Datensatz „zweistadt“ gespeichert" in at.success[0].value
    (info,) = [i for i in list_datasets(datasets_root()) if not i.provenance.get("built_from")]  # besides the default
    assert info.provenance["imported_by"] == "anna"

    again = upload(sign_in(open_page("pages/upload.py")))
    assert "Es gibt schon einen Datensatz „zweistadt“" in again.warning[-1].value
    again.button(key="upload_confirm").click().run()
    assert again.error[0].value.startswith("Bitte zuerst bestätigen")
    assert list_versions(datasets_root()) == []  # nothing replaced
    again.checkbox(key="upload_replace").check().run()
    again.button(key="upload_confirm").click().run()
    assert "gespeichert" in again.success[0].value
    (kept,) = list_versions(datasets_root())
    assert (kept.id, kept.retired["reason"], kept.retired["by"]) == ("zweistadt", "replaced", "anna")
    assert left_uploads(tmp_path) == []


def test_a_broken_upload_names_no_server_path_and_is_deleted(tmp_path):
    at = upload(sign_in(open_page("pages/upload.py")), boundaries=b"hello world", name="grenzen.gpkg")
    assert not at.exception
    message = at.error[0].value
    assert message.startswith("grenzen.gpkg: Datei kann nicht als Geodaten gelesen werden: Format nicht erkannt")
    assert str(tmp_path) not in message and "/" not in message.split(":")[0]
    assert left_uploads(tmp_path) == []


def _imported(tmp_path) -> None:
    from geo.store.ingest import main

    (tmp_path / "b.geojson").write_bytes(BOUNDARIES)
    (tmp_path / "t.csv").write_bytes(TABLE)
    assert main(["--boundaries", str(tmp_path / "b.geojson"), "--indicators", str(tmp_path / "t.csv"),
                 "--name", "Zweistadt"]) == 0


def test_data_page_removes_and_restores_only_when_signed_in(tmp_path):
    _imported(tmp_path)
    at = open_page("pages/data.py")
    assert not at.exception
    keys = {b.key for b in at.button}
    assert "datasets_remove" not in keys and "datasets_restore" not in keys
    assert "Zum Entfernen oder Wiederherstellen von Datensätzen bitte anmelden." in [c.value for c in at.caption]

    sign_in(at)
    at.button(key="datasets_remove").click().run()
    assert not at.exception
    assert "„Zweistadt“ entfernt" in at.success[0].value
    assert at.dataframe[-1].value.shape[0] == 1  # only the embedded dataset is listed
    (label,) = at.selectbox(key="datasets_restore_pick").options
    assert label.startswith("Zweistadt – entfernt am ") and label.endswith(" von anna")
    at.button(key="datasets_restore").click().run()
    assert "„Zweistadt“ wiederhergestellt." in at.success[0].value
    assert at.dataframe[-1].value.shape[0] == 2
    assert "datasets_restore" not in {b.key for b in at.button}  # nothing left to restore


def test_an_interrupted_replacement_is_undone_when_the_app_starts(tmp_path):
    import json

    _imported(tmp_path)
    root = tmp_path / "userdata" / "datasets"
    # The state a kill between the two renames leaves: current moved away, staging and journal left.
    moved = root / ".versions" / "zweistadt" / "20260101T000000000000Z"
    moved.parent.mkdir(parents=True)
    (root / "zweistadt").rename(moved)
    (root / ".staging-zweistadt-abc").mkdir()
    (root / ".staging-zweistadt-abc" / "indicators.csv").write_text("halb")
    (root / ".journal-zweistadt.json").write_text(json.dumps({"staging": ".staging-zweistadt-abc",
                                                              "retired": str(moved)}))
    at = open_page("pages/data.py")
    assert not at.exception
    assert at.dataframe[-1].value["Name des Datensatzes"].tolist()[-1] == "Zweistadt"
    # Besides the default dataset, built there from the data configuration like any other dataset:
    assert sorted(p.name for p in root.iterdir()) == [".lock", ".versions", "kaiserslautern", "zweistadt"]


def test_an_interrupted_replacement_is_repaired_by_the_running_site(tmp_path):
    import json

    _imported(tmp_path)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["ds"] = "zweistadt"
    at.run()
    assert at.session_state["_kept_ds"] == "zweistadt"
    root = tmp_path / "userdata" / "datasets"
    # Another process (the command line) killed between its two renames, while this site runs.
    moved = root / ".versions" / "zweistadt" / "20260101T000000000000Z"
    moved.parent.mkdir(parents=True)
    (root / "zweistadt").rename(moved)
    (root / ".journal-zweistadt.json").write_text(json.dumps({"staging": ".staging-zweistadt-abc",
                                                              "retired": str(moved)}))
    visitor = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)  # a visitor with the link
    visitor.query_params["ds"] = "zweistadt"
    visitor.run()
    assert not visitor.exception
    assert not any("ungültigen oder veralteten Wert" in w.value for w in visitor.warning)
    assert visitor.session_state["_kept_ds"] == "zweistadt"
    assert (root / "zweistadt").is_dir() and not (root / ".journal-zweistadt.json").exists()
    assert not at.run().exception and at.session_state["_kept_ds"] == "zweistadt"


def test_the_import_page_on_a_full_disk_says_so_and_saves_nothing(tmp_path, monkeypatch):
    import errno

    from geo.store.catalog import list_datasets
    from geo.store.ingest import datasets_root

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "secret" / "boundaries.gpkg"))

    at = upload(sign_in(open_page("pages/upload.py")))
    monkeypatch.setattr(gpd.GeoDataFrame, "to_file", disk_full)  # the disk fills up while the import writes
    at.button(key="upload_confirm").click().run()
    assert not at.exception and not at.success
    assert at.error[0].value == (
        "Der Speicherplatz auf dem Server ist voll: der Datensatz wurde nicht gespeichert, der bisherige Stand ist "
        "unverändert. Bitte Platz schaffen (lassen) und erneut importieren."
    )  # the German half only: the page speaks the reader's language (ui/shell/messages.py)
    imported = [i for i in list_datasets(datasets_root()) if not i.provenance.get("built_from")]  # besides the default
    assert imported == [] and left_uploads(tmp_path) == []
