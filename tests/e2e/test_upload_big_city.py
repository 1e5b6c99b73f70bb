"""Upload the big synthetic city (tests/realistic.py) through the import page; the map draws all its areas."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import EDITOR_PASSWORD
from tests.e2e.helpers import upload_both
from tests.realistic import big_city

pytestmark = pytest.mark.e2e


def test_big_city_upload_and_map(context, app_url, tmp_path):
    city = big_city(tmp_path / "grossstadt")  # 432 areas, 3 in two pieces, VERTCS .prj, long table with k.A.

    page = context.new_page()
    page.goto(f"{app_url}/import")
    page.get_by_label("Name", exact=True).wait_for(timeout=120_000)  # a busy machine starts slowly
    page.get_by_label("Name", exact=True).fill("anna")  # importing needs the editor sign-in
    page.get_by_label("Passwort", exact=True).fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Angemeldet als anna").wait_for(timeout=60_000)
    upload_both(page, city.boundaries, city.table)
    page.get_by_text("432 Gebiete zugeordnet (über Schlüssel); 0 Tabellenzeilen ohne Grenze; 0 Grenzen ohne Werte.").wait_for(
        timeout=120_000
    )
    expect(page.get_by_text("3 Gebiete kamen in mehreren Teilen")).to_be_visible()
    expect(page.get_by_text("26 fehlende Werte (k.A., -, x, … gelesen als fehlend, nicht als 0)")).to_be_visible()
    page.get_by_label("Anteile aus Anzahlen").fill("Anteil Ausländer=Ausländer/Einwohner")
    page.get_by_label("Anteile aus Anzahlen").press("Enter")
    page.get_by_label("Name des Datensatzes").fill("Großstadt 2023")
    page.get_by_label("Name des Datensatzes").press("Enter")
    page.get_by_label("Gemeinde (für Titel)").fill("Großstadt")
    page.get_by_label("Gemeinde (für Titel)").press("Enter")
    page.get_by_label("Bezeichnung der Gebiete").fill("Planungsräume")
    page.get_by_label("Bezeichnung der Gebiete").press("Enter")
    page.get_by_role("button", name="Zuordnung bestätigen und speichern").click()
    page.get_by_text("Datensatz „Großstadt 2023“ gespeichert und ausgewählt.").wait_for(timeout=120_000)
    page.get_by_role("link", name="Zur Karte").click()

    expect(page.get_by_role("heading", name="Ankunftsquartiere in Großstadt – 2023")).to_be_visible(timeout=120_000)
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=120_000).content_frame()
    frame.wait_for_function("document.body.getAttribute('data-atlas-areas') === '432'", timeout=120_000)
    drawn = frame.evaluate("window.__atlas.layer.getLayers().length")
    assert drawn == 432  # every planning area drawn, the three two-piece areas as one shape each
    expect(page.get_by_text("Legende: Anteil Ausländer (2023)")).to_be_visible(timeout=30_000)


def _sign_in_and_upload(context, app_url, boundaries, table):
    page = context.new_page()
    page.goto(f"{app_url}/import")
    page.get_by_label("Name", exact=True).wait_for(timeout=120_000)
    page.get_by_label("Name", exact=True).fill("anna")
    page.get_by_label("Passwort", exact=True).fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Angemeldet als anna").wait_for(timeout=60_000)
    upload_both(page, boundaries, table)
    return page


def test_partial_match_is_saved_only_after_confirmation(context, app_url, tmp_path):
    from tests.realistic import grid_areas, write_table

    boundaries = tmp_path / "teil.gpkg"
    grid_areas(3, 1).to_file(boundaries)  # synthetic: three squares, keys 01010000–01010002
    table = write_table([["Gebiet", "Einwohner"], ["01010000", "10"], ["01010001", "20"], ["09999999", "5"]],
                        tmp_path / "teilweise.csv")
    page = _sign_in_and_upload(context, app_url, boundaries, table)
    page.get_by_text("2 Gebiete zugeordnet (über Schlüssel); 1 Tabellenzeilen ohne Grenze; 1 Grenzen ohne Werte.").wait_for(
        timeout=120_000
    )
    page.get_by_label("Name des Datensatzes").fill("Teilort")
    page.get_by_label("Name des Datensatzes").press("Enter")
    page.get_by_role("button", name="Zuordnung bestätigen und speichern").click()
    expect(page.get_by_text("Bitte zuerst bestätigen, dass die nicht zugeordneten Gebiete")).to_be_visible(timeout=60_000)
    page.get_by_text("Ich habe geprüft: 1 Tabellenzeilen ohne Grenze und 1 Grenzen ohne Werte").click()
    page.get_by_role("button", name="Zuordnung bestätigen und speichern").click()
    page.get_by_text("Datensatz „Teilort“ gespeichert und ausgewählt.").wait_for(timeout=60_000)


def test_nothing_matched_is_refused_on_the_page(context, app_url, tmp_path):
    from tests.realistic import grid_areas, write_table

    boundaries = tmp_path / "andere.gpkg"
    grid_areas(3, 1).to_file(boundaries)
    table = write_table([["Gemeindeteil", "Einwohner"], ["Atlantis", "5"], ["Lemurien", "7"]], tmp_path / "fremd.csv")
    page = _sign_in_and_upload(context, app_url, boundaries, table)
    expect(page.get_by_text("Kein Gebiet zugeordnet – so wird nichts gespeichert.")).to_be_visible(timeout=120_000)
    expect(page.get_by_text("Tabelle: Atlantis, Lemurien. Grenzen: 01010000 Alau 1")).to_be_visible()
    expect(page.get_by_role("button", name="Zuordnung bestätigen und speichern")).to_have_count(0)
