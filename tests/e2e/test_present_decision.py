"""Issue 22 in Chromium at 1920×1080: the presentation view shows the chosen Kernstadt districts (tiles)
and the self-drawn quarter (outline) in type a room can read; downloads work twice in a row and carry the
selection's name; the PDF's words are whole."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from storage.db import database_url, make_engine, mark_set_up, migrate
from storage.quarters import save_quarter
from tests.e2e.conftest import serve, settle
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.e2e

# A self-drawn quarter (synthetic outline) in the north of the Innenstadt, saved before the server starts.
SQUARE = {"type": "Polygon", "coordinates": [[[7.755, 49.440], [7.775, 49.440], [7.775, 49.447], [7.755, 49.447],
                                              [7.755, 49.440]]]}
CHOSEN = "innenstadt-suedwest,innenstadt-ost,hohenecken"
ORANGE = np.array([0xD9, 0x5F, 0x02])


@pytest.fixture(scope="module")
def decided_url(tmp_path_factory, mirror_dir, browser):
    folder = tmp_path_factory.mktemp("decided")
    url = database_url({"ANKUNFTSATLAS_DATA_DIR": str(folder)})
    engine = make_engine(url)
    migrate(engine)
    quarter = save_quarter(engine, "Slevfisch", json.dumps(SQUARE), "Anna", "kaiserslautern")
    engine.dispose()
    mark_set_up(url)
    with serve(tmp_path_factory, mirror_dir, browser, ANKUNFTSATLAS_DATA_DIR=str(folder)) as app:
        yield app, quarter.id


def _px(locator, prop: str = "font-size") -> float:
    return float(locator.evaluate(f"e => getComputedStyle(e).getPropertyValue('{prop}')").removesuffix("px"))


def _thick_dark(png: bytes, size: int = 5) -> np.ndarray:
    """Pixels at the centre of a size×size block that is all dark: heavy outlines, never text strokes."""
    grey = np.asarray(Image.open(io.BytesIO(png)).convert("L")).astype(int)
    dark = (grey < 60).astype(int)
    integral = np.pad(dark.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    blocks = (integral[size:, size:] - integral[:-size, size:] - integral[size:, :-size] + integral[:-size, :-size])
    return np.argwhere(blocks == size * size)


def test_presentation_view_shows_chosen_tiles_and_quarter_readably(browser, decided_url):
    app, quarter = decided_url
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{app}/?mode=present&sel={CHOSEN}&q={quarter}")
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000).content_frame()
    frame.wait_for_selector("body[data-atlas-areas]", timeout=60_000)
    frame.wait_for_selector(".atlas-label", timeout=30_000)
    settle(page)

    labels = frame.locator(".atlas-label")
    assert labels.count() == 10 and min(_px(labels.nth(i)) for i in range(labels.count())) >= 18
    sources = page.locator(".atlas-present-sources").last
    assert "Statistisches Amt" in sources.inner_text() and _px(sources) >= 18
    legend_cells = page.locator("table[aria-label='Legende'] td")
    assert legend_cells.count() >= 10 and min(_px(legend_cells.nth(i)) for i in range(legend_cells.count())) >= 22
    quarter_entry = page.locator(".atlas-quarter-legend").filter(has_text="Slevfisch")
    assert "Selbst abgegrenztes Quartier (Umriss): Slevfisch" in quarter_entry.inner_text() and _px(quarter_entry) >= 22

    # the quarter's outline: heavy orange on the map
    shot = page.locator('iframe[title="streamlit_folium.st_folium"]').screenshot()
    pixels = np.asarray(Image.open(io.BytesIO(shot)).convert("RGB")).reshape(-1, 3).astype(int)
    assert int((np.abs(pixels - ORANGE).sum(axis=1) < 40).sum()) > 400

    # the tiles: the two chosen districts heavily outlined, in the middle row of the Innenstadt's 3×3 tiles
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.wait_for(timeout=30_000)
    png = chart.screenshot()
    thick = _thick_dark(png)
    assert len(thick) > 300
    height = Image.open(io.BytesIO(png)).size[1]
    rows = thick[:, 0]
    assert rows.min() > height * 0.25  # nothing chosen in the top row (below the two-line title)
    page.screenshot(path=str(_shots() / "present_1920.png"))
    context.close()


def test_presentation_legend_reads_on_one_line_on_a_laptop(browser, decided_url):
    """At 1366×768 each class label and its count stay on one line, in legend type (≥ 22 px)."""
    app, quarter = decided_url
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{app}/?mode=present&sel={CHOSEN}&q={quarter}")
    page.wait_for_selector("table[aria-label='Legende']", timeout=60_000)
    settle(page)
    cells = page.evaluate("""() => [...document.querySelectorAll("table[aria-label='Legende'] td")].map(td => {
        const range = document.createRange(); range.selectNodeContents(td);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        return [td.innerText.trim(), lines.size, parseFloat(getComputedStyle(td).fontSize)];
    })""")
    texts = [(text, lines) for text, lines, _ in cells if text]
    assert len(texts) >= 12  # six classes (five and "keine Daten"), each with its count
    assert [text for text, lines in texts if lines != 1] == []  # nothing wraps onto a second line
    assert "über 13,0 – 16,8\u00a0%" in [text for text, _ in texts]
    assert min(size for _, _, size in cells) >= 22
    page.screenshot(path=str(_shots() / "present_1366.png"))
    context.close()


def _shots():
    from pathlib import Path

    folder = Path("/tmp/h22b/shots") if Path("/tmp/h22b").is_dir() else Path.cwd()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _download(page, name: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=name).click()
    path = download.value.path()
    return download.value.suggested_filename, open(path, "rb").read()


def test_two_downloads_in_a_row_and_file_names(browser, decided_url):
    app, quarter = decided_url
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="de-DE", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{app}/?sel={CHOSEN}&q={quarter}")
    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000)
    settle(page)
    png_name, png = _download(page, "Ansicht als PNG (Folie)")
    html_name, html = _download(page, "Ansicht als HTML (offline)")  # right after: must not do nothing
    assert (png_name, html_name) == ("Ansicht_Entwurf.png", "Ansicht_Entwurf.html")
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)
    assert "Ausgewählt in „Innenstadt“: <b>Innenstadt Ost, Innenstadt Südwest</b>" in html.decode("utf-8")

    page.goto(f"{app}/auswahl?sel={CHOSEN}&q={quarter}")
    page.get_by_text("Gespeicherte Auswahlen").wait_for(timeout=60_000)
    sign_in(page)
    page.get_by_label("Name der Auswahl").fill("Nordwest Größe")
    page.get_by_label("Begründung der Auswahl").fill("Potenziale")
    page.get_by_role("button", name="Speichern (neue Version)").click()
    page.get_by_text("Gespeichert: „Nordwest Größe“, Version 1.").wait_for(timeout=30_000)
    settle(page)
    pdf_name, pdf = _download(page, "PDF-Bericht")
    csv_name, csv = _download(page, "CSV (Excel)")
    geo_name, geojson = _download(page, "GeoJSON")
    assert (pdf_name, csv_name, geo_name) == (
        "Auswahl_Nordwest_Groesse_v1.pdf", "Auswahl_Nordwest_Groesse_v1.csv", "Auswahl_Nordwest_Groesse_v1.geojson")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    lines = text.split("\n")
    flat = " ".join(text.split())
    assert "Innenstadt Südwest" in flat and "Slevfisch" in flat
    for word in ("Innenstadt", "Personen", "Slevfisch", "Hohenecken"):
        assert not any(line.endswith(word[:k]) and nxt.startswith(word[k:])
                       for line, nxt in zip(lines, lines[1:]) for k in range(2, len(word) - 1)), word
    assert "Innenstadt Südwest" in csv.decode("utf-8-sig")
    features = {f["id"]: f["properties"] for f in json.loads(geojson)["features"]}
    assert features["innenstadt-ost"]["boundary_of"] == "Innenstadt"
    context.close()
