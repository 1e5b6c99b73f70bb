"""Import a second municipality, match its share to Kaiserslautern's once, see both maps and the strip chart."""

from __future__ import annotations

import geopandas as gpd
import pytest
from playwright.sync_api import expect
from shapely.geometry import box

from tests.e2e.conftest import EDITOR_PASSWORD, serious_violations, serve, settle
from tests.e2e.helpers import upload_both

pytestmark = pytest.mark.e2e


def _synthetic_municipality(tmp_path):
    # Synthetic test fixture: four adjoining squares and made-up counts, written here.
    frame = gpd.GeoDataFrame(
        {"Nr": ["1", "2", "3", "4"], "Name": ["Altstadt", "Bahnhof", "Feld", "Hafen"]},
        geometry=[box(500000 + i * 800, 5500000, 500800 + i * 800, 5500800) for i in range(4)],
        crs=25832,
    )
    boundaries = tmp_path / "netzstadt.geojson"
    frame.to_file(boundaries, driver="GeoJSON")
    table = tmp_path / "netzstadt_2023.csv"  # the year of its data from the file name (no year column)
    table.write_text("Nr;Einwohner;Ausländer\n1;1.000;300\n2;800;80\n3;500;20\n4;700;140\n", encoding="utf-8")
    return boundaries, table


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, mirror_dir, browser):
    """A server of its own: other browser tests import further datasets into the shared one, and the
    network page lists every dataset."""
    with serve(tmp_path_factory, mirror_dir, browser) as url:
        yield url


def test_second_municipality_side_by_side(context, app_url, tmp_path):
    boundaries, table = _synthetic_municipality(tmp_path)
    page = context.new_page()
    page.goto(f"{app_url}/import")
    page.get_by_label("Name", exact=True).fill("anna")  # importing needs the editor sign-in
    page.get_by_label("Passwort", exact=True).fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Angemeldet als anna").wait_for(timeout=60_000)
    upload_both(page, boundaries, table)  # once each: the uploaders are a form, no rerun drops a file
    page.get_by_text("4 Gebiete zugeordnet").wait_for(timeout=60_000)
    page.get_by_label("Name des Datensatzes").fill("Netzstadt")
    page.get_by_label("Anteile aus Anzahlen").fill("Anteil Ausländer=Ausländer/Einwohner")
    page.get_by_role("button", name="Zuordnung bestätigen und speichern").click()
    page.get_by_text("Datensatz „Netzstadt“ gespeichert und ausgewählt.").wait_for(timeout=60_000)

    page.goto(f"{app_url}/netzwerk")
    page.get_by_text("Netzwerk: Modellkommunen im Vergleich").wait_for(timeout=60_000)
    page.get_by_text("Angemeldet als anna").wait_for(timeout=60_000)  # still the editor who imported (cookie)
    # The officer states once that the two shares measure the same.
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.locator("[data-testid='stExpander'] summary").filter(has_text="Indikatoren zuordnen").click()
    form = page.locator("[data-testid='stForm']")
    form.get_by_label("Name des gemeinsamen Indikators").fill("Ausländeranteil")
    for municipality, indicator in (
        ("Kaiserslautern 2016 (Statistisches Amt)", "Anteil Ausländerinnen und Ausländer"),
        ("Netzstadt", "Anteil Ausländer"),
    ):
        option = page.get_by_role("option", name=indicator, exact=True)
        settle(page)  # a rerun still in flight would close the list again: open it once the page is quiet
        form.get_by_label(municipality).click()
        option.wait_for(timeout=30_000)
        option.click()
        expect(form.get_by_label(municipality)).to_have_value(indicator)
    form.get_by_role("button", name="Zuordnung speichern").click()
    page.get_by_text("Zuordnung „Ausländeranteil“ gespeichert.").or_(
        page.get_by_label("Gemeinsamer Indikator (Anzahl Datensätze)")
    ).first.wait_for(timeout=60_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    expect(page.get_by_label("Gemeinsamer Indikator (Anzahl Datensätze)")).to_have_value(
        "Ausländeranteil (2)", timeout=30_000
    )

    # One map per municipality (others imported by earlier tests may stand beside them) ...
    for name in ("Kaiserslautern 2016 (Statistisches Amt)", "Netzstadt"):
        image = page.get_by_alt_text(f"Karte {name}: Ausländeranteil (2), Standortquotient")
        expect(image).to_be_visible(timeout=30_000)
        assert image.evaluate("img => img.naturalWidth") > 300  # a real picture, not a broken link
    # ... and the strip chart with one row per municipality.
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    expect(chart).to_be_visible(timeout=30_000)
    expect(chart.locator("canvas, svg").first).to_be_visible()
    expect(page.get_by_text("Achtung: Die Datensätze stammen aus 2016 bis 2023")).to_be_visible()
    expect(page.get_by_role("button", name="Folie (PNG)")).to_be_visible()
    assert not [u for u in context.requests if not u.startswith(app_url) and not u.startswith("data:")]

    passes, serious = serious_violations(page)
    assert passes > 10
    assert serious == []
