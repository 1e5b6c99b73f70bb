"""Select three quarters by clicking, compare them, save, reload, find the selection again."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from tests.e2e.helpers import click_area, representative_point, sign_in

RATIONALE = "<img src=x onerror=alert(1)> bewusst als Text"


def _download(page, label: str) -> bytes:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()


def _check_documents(page) -> None:
    """All four documents carry the saved name, author, rationale and version."""
    csv = pd.read_csv(io.BytesIO(_download(page, "CSV (Excel)")), sep=";", encoding="utf-8-sig", keep_default_na=False)
    assert csv["Auswahl"][0] == "Drei Ortsbezirke" and csv["Autor/in"][0] == "anna"
    assert csv["Begründung der Auswahl"][0] == RATIONALE and csv["Version"][0].startswith("1 (gespeichert am")
    assert sorted(csv["Gebiet"][:3]) == sorted(QUARTERS)
    book = openpyxl.load_workbook(io.BytesIO(_download(page, "Excel (XLSX)")))
    method = {r[0]: r[1] for r in book["Methode"].iter_rows(min_row=2, values_only=True)}
    assert (method["Auswahl"], method["Begründung der Auswahl"]) == ("Drei Ortsbezirke", RATIONALE)
    meta = json.loads(_download(page, "GeoJSON"), parse_constant=lambda c: pytest.fail(f"not JSON: {c}"))["metadata"]
    assert (meta["name"], meta["author"], meta["rationale"], meta["version"]) == (
        "Drei Ortsbezirke", "anna", RATIONALE, 1
    )
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(_download(page, "PDF-Bericht"))).pages).split())
    assert "Auswahl: Drei Ortsbezirke" in text and RATIONALE in text and "anna" in text

pytestmark = pytest.mark.e2e

QUARTERS = ["Hohenecken", "Einsiedlerhof", "Erfenbach"]


def test_select_compare_save_reload(map_page, map_geometry, app_url):
    page, frame = map_page
    sidebar = page.locator("[data-testid='stSidebar']")
    for name in QUARTERS:
        click_area(frame, *representative_point(map_geometry, name))
        sidebar.get_by_text(name, exact=True).wait_for(timeout=30_000)
    # Outlines on the map for all three, without reloading the map.
    keys = map_geometry.frame.set_index("name").loc[QUARTERS, "key"].tolist()
    frame.wait_for_function(
        "keys => keys.every(k => (window.__atlas.styles[k] || {}).selected)", arg=keys, timeout=30_000
    )

    sidebar.get_by_role("link", name="Vergleich").click()
    table = page.locator("[data-testid='stTable']")
    table.get_by_text("Auswahl gesamt").wait_for(timeout=30_000)
    text = table.inner_text()
    for name in QUARTERS:
        assert name in text
    assert "15,6\u00a0% · Rang 6/18" in text  # Einsiedlerhof's published share

    sidebar.get_by_role("link", name="Auswahl speichern und exportieren").click()
    page.get_by_text("Zum Speichern oder Wiederherstellen einer Auswahl bitte oben anmelden").wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Speichern (neue Version)").count() == 0  # no save without sign-in
    sign_in(page)
    page.get_by_text("Autorin/Autor: anna (angemeldet)").wait_for(timeout=30_000)
    page.get_by_label("Name der Auswahl").fill("Drei Ortsbezirke")
    page.get_by_label("Begründung der Auswahl").fill(RATIONALE)
    page.get_by_role("button", name="Speichern (neue Version)").click()
    page.get_by_text("Gespeichert: „Drei Ortsbezirke“, Version 1.").wait_for(timeout=30_000)
    _check_documents(page)

    page.reload()
    page.get_by_text("Gespeicherte Auswahlen").wait_for(timeout=60_000)
    page.get_by_text("Begründung der Auswahl: <img src=x onerror=alert(1)> bewusst als Text").wait_for(timeout=30_000)
    assert page.locator("img[src='x']").count() == 0
    assert page.get_by_role("combobox", name="Auswahl ansehen").input_value() == "Drei Ortsbezirke"


def test_two_browser_sessions_on_one_selection_the_second_save_is_refused(map_page, map_geometry, app_url, browser):
    page, frame = map_page  # session A
    sidebar = page.locator("[data-testid='stSidebar']")
    click_area(frame, *representative_point(map_geometry, "Hohenecken"))
    sidebar.get_by_text("Hohenecken", exact=True).wait_for(timeout=30_000)
    sidebar.get_by_role("link", name="Auswahl speichern und exportieren").click()
    sign_in(page)
    page.get_by_label("Name der Auswahl").fill("Geteilt")
    page.get_by_label("Begründung der Auswahl").fill("A: eins")
    page.get_by_role("button", name="Speichern (neue Version)").click()
    page.get_by_text("Gespeichert: „Geteilt“, Version 1.").wait_for(timeout=30_000)

    other = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
    second = other.new_page()  # session B, another browser: opens version 1
    second.goto(f"{app_url}/auswahl")
    second.get_by_text("Gespeicherte Auswahlen").wait_for(timeout=60_000)
    sign_in(second)
    second.get_by_role("combobox", name="Auswahl ansehen").click()
    second.get_by_role("option", name="Geteilt").click()
    second.get_by_text("Begründung der Auswahl: A: eins").wait_for(timeout=30_000)
    second.get_by_role("button", name="Als aktuelle Auswahl laden").click()
    second.get_by_text("Geladen: „Geteilt“, Version 1.").wait_for(timeout=30_000)

    page.get_by_label("Begründung der Auswahl").fill("A: zwei")
    page.get_by_role("button", name="Speichern (neue Version)").click()
    page.get_by_text("Gespeichert: „Geteilt“, Version 2.").wait_for(timeout=30_000)

    second.get_by_label("Begründung der Auswahl").fill("B: drei")
    second.get_by_role("button", name="Speichern (neue Version)").click()
    refusal = second.locator("[data-testid='stAlertContentError']")
    refusal.wait_for(timeout=30_000)
    text = refusal.inner_text()
    assert text.startswith("Nicht gespeichert: „Geteilt“ hat inzwischen Version 2, gespeichert von anna am ")
    assert "(Begründung geändert); Ihre Änderung beruht auf Version 1." in text
    other.close()
