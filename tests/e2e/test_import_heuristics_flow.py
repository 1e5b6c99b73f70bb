"""Import a city in the shape a model municipality hands over (issue #21): a shapefile whose attributes
include a constant district name (``krs_name``) and a table without a year column whose file name holds
the year. The heuristic chooses the name field, the review shows sample names and the year; the map
page reads the right names and year back. Each file is set once (the uploaders are a form)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.cityshapes import stadtbereiche_shapefile, yearly_share_tables
from tests.e2e.conftest import EDITOR_PASSWORD, settle
from tests.e2e.helpers import upload_both

pytestmark = pytest.mark.e2e


def test_city_with_constant_district_name_field(context, app_url, tmp_path):
    boundaries = stadtbereiche_shapefile(tmp_path)
    table = yearly_share_tables(tmp_path)[-1]  # stadtbereiche_2023.csv: no year column

    page = context.new_page()
    page.goto(f"{app_url}/import")
    page.get_by_label("Name", exact=True).fill("anna")
    page.get_by_label("Passwort", exact=True).fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Angemeldet als anna").wait_for(timeout=60_000)
    settle(page)
    upload_both(page, boundaries, table)
    page.get_by_text("21 Gebiete zugeordnet (über Schlüssel)").wait_for(timeout=90_000)
    # the heuristic's choice, and the names the areas will carry
    expect(page.get_by_role("combobox", name="Namensfeld der Grenzen")).to_have_value("STADTBEREI")
    expect(page.get_by_text("Gebietsnamen (Beispiele): Alau 1, Berau 2, Dornau 3, Eichau 4, Felau 5")).to_be_visible()
    expect(page.get_by_role("textbox", name="Jahr der Daten (die Tabelle hat keine Jahresspalte)")).to_have_value("2023")
    page.get_by_label("Name des Datensatzes").fill("Musterstadt Stadtbereiche")
    page.get_by_label("Name des Datensatzes").press("Enter")
    page.get_by_label("Gemeinde (für Titel)").fill("Musterstadt")
    page.get_by_label("Gemeinde (für Titel)").press("Enter")
    settle(page)
    page.get_by_role("button", name="Zuordnung bestätigen und speichern").click()
    page.get_by_text("Datensatz „Musterstadt Stadtbereiche“ gespeichert und ausgewählt.").wait_for(timeout=90_000)
    page.get_by_role("link", name="Zur Karte").click()

    expect(page.get_by_role("heading", name="Ankunftsquartiere in Musterstadt – 2023")).to_be_visible(timeout=90_000)
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=90_000).content_frame()
    frame.wait_for_function("document.body.getAttribute('data-atlas-areas') === '21'", timeout=90_000)
    frame.wait_for_function("window.__atlas && Object.keys(window.__atlas.tooltips || {}).length === 21", timeout=90_000)
    tips = frame.evaluate("Object.values(window.__atlas.tooltips)")
    names = {re.sub(r"<[^>]+>", "\n", tip).strip().split("\n")[0] for tip in tips}
    assert "Musterstadt" not in names
    assert {"Alau 1", "Berau 2", "Dornau 3"} <= names and len(names) == 21
