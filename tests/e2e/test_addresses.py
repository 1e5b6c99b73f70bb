"""Every page has one address that opens it, on a fresh server's first visit too; other names of a
page lead to it; an unknown path opens the map with a German notice, never Streamlit's English
"Page not found" dialog (issue #23)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import serve, settle
from ui.shell.pageaddresses import PAGES
from ui.shell.strings import t

pytestmark = pytest.mark.e2e

NOT_FOUND = "Page not found"


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="de-DE")
    page.goto(url)
    page.wait_for_selector("[data-testid='stSidebarNav']", timeout=90_000)
    settle(page)
    return page


def _current_page(page) -> str:
    return page.locator("[data-testid='stSidebarNav'] a[aria-current='page']").inner_text().strip()


def _assert_no_dialog(page) -> None:
    assert page.get_by_text(NOT_FOUND).count() == 0
    assert page.locator("[role='dialog']").count() == 0


def test_first_visit_of_a_deep_link_after_start(browser, tmp_path_factory, mirror_dir):
    with serve(tmp_path_factory, mirror_dir, browser) as url:
        page = _open(browser, f"{url}/vergleich")  # the very first session of this server
        _assert_no_dialog(page)
        assert _current_page(page) == t("page_compare", "de")
        assert page.url.split("?")[0] == f"{url}/vergleich"
        page.close()


def test_every_address_and_name_of_a_page(browser, app_url):
    cases = [(f"/{page.path}", t(page.title_key, "de")) for page in PAGES]
    cases += [("/karte", t("page_map", "de")), ("/rangfolge-und-typen", t("page_ranking", "de")),
              ("/Vergleich", t("page_compare", "de"))]
    for path, title in cases:
        page = _open(browser, app_url + path)
        _assert_no_dialog(page)
        assert _current_page(page) == title, path
        page.close()


def test_unknown_path_opens_the_map_with_a_german_notice(browser, app_url):
    page = _open(browser, f"{app_url}/gibt-es-nicht")
    _assert_no_dialog(page)
    assert _current_page(page) == t("page_map", "de")
    page.get_by_text("Die Adresse „/gibt-es-nicht“ gibt es hier nicht").wait_for(timeout=30_000)
    assert "adresse=" not in page.url  # the notice is shown once, not carried in shared links
    page.close()


def test_public_site_has_no_import_address(browser, tmp_path_factory, mirror_dir):
    with serve(tmp_path_factory, mirror_dir, browser, ANKUNFTSATLAS_MODE="public") as url:
        page = _open(browser, f"{url}/import")
        _assert_no_dialog(page)
        assert _current_page(page) == t("page_map", "de")
        page.get_by_text("Die Adresse „/import“ gibt es hier nicht").wait_for(timeout=30_000)
        page.close()
