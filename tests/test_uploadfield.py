"""Upload fields state and enforce our own size limit, in the reader's language (ui/widgets/uploadfield.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO


@pytest.fixture(autouse=True)
def environment(monkeypatch, app_env):
    monkeypatch.setenv("ANKUNFTSATLAS_MAX_UPLOAD_MB", "12")


def _signed_in(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    at.text_input(key="sign_in_user").input("anna")
    at.text_input(key="sign_in_password").input("geheim")
    button = next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:sign_in"))
    return button.click().run()


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("pages/upload.py", {"upload_boundaries": "GEOJSON, JSON, GPKG, ZIP", "upload_indicators": "CSV, TXT, TSV, XLSX",
                             "grid_upload": "CSV, ZIP"}),
        ("pages/projects.py", {"proj_upload": "CSV, XLSX"}),
    ],
)
def test_every_uploader_enforces_and_states_our_limit(page, expected):
    at = _signed_in(page, "de")
    assert not at.exception
    uploaders = {u.key: u for u in at.get("file_uploader")}
    assert set(uploaders) == set(expected)
    assert {u.proto.max_upload_size_mb for u in uploaders.values()} == {12}  # not Streamlit's 200 MB
    css = " ".join(m.value for m in at.markdown if "stFileUploaderDropzoneInstructions" in m.value)
    for key, types in expected.items():
        assert f".st-key-{key} " in css
        assert f'content: "höchstens 12 MB je Datei · {types}"' in css


def test_english_keeps_streamlits_own_texts_with_our_limit():
    at = _signed_in("pages/projects.py", "en")
    (uploader,) = at.get("file_uploader")
    assert uploader.proto.max_upload_size_mb == 12
    assert not any("stFileUploaderDropzoneInstructions" in m.value for m in at.markdown)
