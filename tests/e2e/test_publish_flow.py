"""Issue #22 in Chromium: screening, then ranking, with a self-drawn quarter; save, publish; the public
site (read-only server on the same database, fresh browser context) shows only the published version,
the office instead of a name, no internal note, in the page and the PDF; a link naming an unpublished
selection shows nothing. The same version exported in two fresh sessions (one after the ranking page)
gives the same CSV, XLSX and GeoJSON bytes and the same PDF text.

The quarter is saved and published through storage before the servers start (drawing it with the mouse
is tests/e2e/test_drawn_quarter.py); everything else is done in the browser.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import CHROMIUM_ARGS, serve, settle  # noqa: F401
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.e2e

OFFICE = "Stadt Kaiserslautern, Integrationsbüro"
NOTE = "nach Rücksprache mit dem Quartiersmanagement"
QUARTER = "Slevfisch"
# A few streets in the Innenstadt (lon, lat), closed.
OUTLINE = {"type": "Polygon", "coordinates": [[[7.7600, 49.4400], [7.7750, 49.4400], [7.7750, 49.4470],
                                                [7.7600, 49.4470], [7.7600, 49.4400]]]}


def _prepare(data_dir: Path) -> int:
    from geo.analysis.quarters import Disclosure
    from storage.db import database_url, make_engine, mark_set_up, migrate
    from storage.quarters import publish_quarter, save_quarter

    url = database_url({"ANKUNFTSATLAS_DATA_DIR": str(data_dir)})
    engine = make_engine(url)
    migrate(engine)
    mark_set_up(url)
    quarter = save_quarter(engine, QUARTER, OUTLINE, "anna", "kaiserslautern", method="districts")
    publish_quarter(engine, quarter.id, lambda _outline, _others: Disclosure(True))
    engine.dispose()
    return quarter.id


@pytest.fixture(scope="module")
def servers(tmp_path_factory, mirror_dir, browser):
    data_dir = tmp_path_factory.mktemp("shared-data")
    quarter_id = _prepare(data_dir)
    with serve(tmp_path_factory, mirror_dir, browser, ANKUNFTSATLAS_DATA_DIR=str(data_dir)) as officer, serve(
        tmp_path_factory, mirror_dir, browser, ANKUNFTSATLAS_DATA_DIR=str(data_dir), ANKUNFTSATLAS_MODE="public",
        ANKUNFTSATLAS_MIN_RESIDENTS="0",
    ) as public:
        yield officer, public, quarter_id


def _fresh(browser):
    return browser.new_context(viewport={"width": 1366, "height": 900}, locale="de-DE", accept_downloads=True)


def _download(page, label: str) -> bytes:
    settle(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def _documents(page) -> dict[str, bytes]:
    return {label: _download(page, label) for label in ("CSV (Excel)", "Excel (XLSX)", "GeoJSON", "PDF-Bericht")}


def _type_cell(page, grid, row: int, text: str) -> None:
    """Type into the rationale column (the last one) of row ``row`` of a data editor."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # header 35 px, rows 35 px; the rationale column is the right half of the grid
    page.mouse.dblclick(box["x"] + box["width"] * 0.75, box["y"] + 35 + 35 * row + 17)
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    settle(page)


def test_publish_and_the_public_site(servers, browser):
    officer, public, quarter_id = servers
    context = _fresh(browser)
    page = context.new_page()
    page.goto(f"{officer}/screening?q={quarter_id}")
    page.get_by_role("button", name="Treffer in die Auswahl übernehmen").click()
    page.get_by_text("schon ausgewählt.").wait_for(timeout=60_000)
    settle(page)
    page.locator("[data-testid='stSidebar']").get_by_role("link", name="Rangfolge").click()
    page.get_by_role("button", name="Top 3 in die Auswahl übernehmen").click()
    page.get_by_text("schon ausgewählt.").wait_for(timeout=60_000)
    settle(page)
    page.locator("[data-testid='stSidebar']").get_by_role("link", name="Auswahl speichern und exportieren").click()
    page.get_by_text("Zum Speichern oder Wiederherstellen einer Auswahl bitte oben anmelden").wait_for(timeout=60_000)
    sign_in(page)
    settle(page)
    method = page.locator("[data-testid='stCaptionContainer']").filter(has_text="1. Screening").first.inner_text()
    assert "2. Ranking" in method and method.index("1. Screening") < method.index("2. Ranking")
    grid = page.locator("[data-testid='stDataFrame']").first
    rows = page.locator("[data-testid='stDataFrame']").first.get_attribute("aria-rowcount")
    n_rows = int(rows) - 1 if rows else None
    _type_cell(page, grid, 0, "öffentlich begründet")
    if n_rows:
        _type_cell(page, grid, n_rows - 1, f"Quartier intern {NOTE}")  # the last row: the self-drawn quarter
    page.get_by_label("Name der Auswahl").fill("Kandidaten Kernstadt")
    page.get_by_label("Begründung der Auswahl").fill(f"Gesamt {NOTE}")
    page.get_by_role("button", name="Speichern (neue Version)").click()
    page.get_by_text("Gespeichert: „Kandidaten Kernstadt“, Version 1.").wait_for(timeout=60_000)
    settle(page)
    assert "auswahl=Kandidaten" in page.url
    page.get_by_role("textbox", name="Veröffentlicht von (Stelle, kein Personenname)").fill(OFFICE)
    page.get_by_role("textbox", name="Veröffentlicht von (Stelle, kein Personenname)").press("Enter")
    settle(page)
    page.get_by_role("button", name="Version 1 veröffentlichen").click()
    page.get_by_text("Veröffentlicht: „Kandidaten Kernstadt“, Version 1.").wait_for(timeout=60_000)
    # a second, never published selection
    page.get_by_label("Name der Auswahl").fill("Intern geheim")
    page.get_by_label("Name der Auswahl").press("Enter")
    settle(page)
    page.get_by_role("button", name="Speichern (neue Version)").click()
    page.get_by_text("Gespeichert: „Intern geheim“, Version 1.").wait_for(timeout=60_000)
    context.close()

    viewer = _fresh(browser)
    page = viewer.new_page()
    page.goto(f"{public}/auswahl")
    page.get_by_text("Gespeicherte Auswahlen").wait_for(timeout=60_000)
    settle(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "Intern geheim" not in body and OFFICE in body and "anna" not in body and NOTE not in body
    page.locator("[data-testid='stSelectbox']").filter(has_text="Auswahl ansehen").click()
    options = page.get_by_role("option").all_inner_texts()  # the tables are drawn on a canvas: the choices say it
    assert options == ["Kandidaten Kernstadt"]
    page.keyboard.press("Escape")
    settle(page)
    page.get_by_role("button", name="Als aktuelle Auswahl laden").click()
    page.get_by_text("Geladen: „Kandidaten Kernstadt“, Version 1.").wait_for(timeout=60_000)
    text = _pdf_text(_download(page, "PDF-Bericht"))
    assert f"Veröffentlicht von: {OFFICE}" in text or OFFICE in text
    assert "anna" not in text and "Rücksprache" not in text and "öffentlich begründet" not in text  # not marked public
    page.screenshot(path=str(Path("/tmp") / "h22a_public_selection.png"), full_page=True)

    for link in ("auswahl=Intern+geheim", "auswahl=Kandidaten+Kernstadt&v=2", "auswahl=Gibt+es+nicht"):
        fresh = viewer.new_page()
        fresh.goto(f"{public}/auswahl?{link}")
        fresh.get_by_text("Die Auswahl, die der Link nennt, gibt es hier nicht").wait_for(timeout=60_000)
        settle(fresh)
        shown = fresh.locator("[data-testid='stMain']").inner_text()
        assert "Intern geheim" not in shown and NOTE not in shown
        fresh.close()
    viewer.close()


def test_the_same_version_gives_the_same_documents_in_any_session(servers, browser):
    officer, _public, _quarter = servers
    link = "auswahl=Kandidaten+Kernstadt&v=1"
    first_context = _fresh(browser)
    page = first_context.new_page()
    page.goto(f"{officer}/auswahl?{link}")
    page.get_by_text("Dokumente für Version 1", exact=False).or_(page.get_by_text("so, wie sie gespeichert wurde")).first.wait_for(timeout=60_000)
    first = _documents(page)
    first_context.close()
    second_context = _fresh(browser)
    page = second_context.new_page()
    page.goto(f"{officer}/rangfolge?{link}")  # this session visits the ranking page first
    page.get_by_text("Status-Dynamik-Index").first.wait_for(timeout=60_000)
    settle(page)
    page.locator("[data-testid='stSidebar']").get_by_role("link", name="Auswahl speichern und exportieren").click()
    page.get_by_text("so, wie sie gespeichert wurde").wait_for(timeout=60_000)
    second = _documents(page)
    second_context.close()
    for label in ("CSV (Excel)", "Excel (XLSX)", "GeoJSON"):
        assert first[label] == second[label], label
    assert _pdf_text(first["PDF-Bericht"]) == _pdf_text(second["PDF-Bericht"])
    assert "Screening" in first["CSV (Excel)"].decode("utf-8-sig") and "Ranking" in first["CSV (Excel)"].decode("utf-8-sig")
