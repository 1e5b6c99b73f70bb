"""Upload a boundary file and an indicator file, confirm the matching, see the new choropleth."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from playwright.sync_api import expect
from shapely.geometry import box

from tests.e2e.conftest import EDITOR_PASSWORD
from tests.e2e.helpers import upload_both

pytestmark = pytest.mark.e2e


def test_upload_confirm_and_map(context, app_url, tmp_path):
    # Synthetic test geometry: three adjoining squares, stored in Gauss-Krüger zone 2 (EPSG:31466).
    frame = gpd.GeoDataFrame(
        {"Nr": ["11", "12", "13"], "Bezeichnung": ["Nordviertel", "Südstadt", "Hohenecken"]},
        geometry=[box(410000 + i * 1000, 5475000, 411000 + i * 1000, 5476000) for i in range(3)],
        crs=25832,
    ).to_crs(31466)
    boundaries = tmp_path / "viertel.geojson"
    frame.to_file(boundaries, driver="GeoJSON")
    assert json.loads(boundaries.read_text())["crs"]["properties"]["name"].endswith("31466")
    table = tmp_path / "werte.csv"
    table.write_bytes("Stadtteil;Einwohner;Anteil Ausländer\nNORDVIERTEL;1.200;14,5\nSüdstadt;800;22\nНонемескем;950;9,5\n"
                      .encode("utf-8"))

    page = context.new_page()
    page.goto(f"{app_url}/import")
    page.get_by_label("Name", exact=True).fill("anna")  # importing needs the editor sign-in
    page.get_by_label("Passwort", exact=True).fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Angemeldet als anna").wait_for(timeout=30_000)
    upload_both(page, boundaries, table)
    page.get_by_text("3 Gebiete zugeordnet (über Namen)").wait_for(timeout=60_000)
    page.get_by_label("Name des Datensatzes").fill("Testviertel")
    page.get_by_role("button", name="Zuordnung bestätigen und speichern").click()
    page.get_by_text("Datensatz „Testviertel“ gespeichert und ausgewählt.").wait_for(timeout=60_000)
    page.get_by_role("link", name="Zur Karte").click()

    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000).content_frame()
    frame.wait_for_function("document.body.getAttribute('data-atlas-areas') === '3'", timeout=60_000)
    expect(page.get_by_text("Legende: Anteil Ausländer")).to_be_visible(timeout=30_000)  # opens on the share
    fills = frame.evaluate("window.__atlas.layer.getLayers().map(l => l.options.fillColor)")
    assert len(set(fills)) == 3  # three different classes
