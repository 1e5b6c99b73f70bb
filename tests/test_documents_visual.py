"""Issue 22, the visual half: the chosen Kernstadt districts and the self-drawn quarters are visible in
every document (PNG slide, PDF map, offline HTML), tables wrap on word boundaries, file names carry the
selection's name and version, GeoJSON says why a feature has no geometry, one PNG renderer (no pyplot)."""

from __future__ import annotations

import ast
import io
import json
import re
from datetime import UTC, datetime

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from exports import EXPORTERS, DecisionRecord, build_export
from exports.filenames import ascii_name, document_name
from exports.model import QuarterRow
from geo.maps.choropleth import build_view, view_snapshot
from geo.maps.staticmap import CHOSEN_TILE, QUARTER_COLOUR
from geo.maps.standalone import CHOSEN_ON_SLIDE, slide_layout, to_html, to_png
from tests.conftest import REPO

LEAFLET = REPO / "static" / "vendor" / "leaflet"
CHOSEN = ["innenstadt-suedwest", "innenstadt-ost", "hohenecken"]  # two Kernstadt districts of "Innenstadt"
# A self-drawn quarter (synthetic outline) in the north of the Innenstadt
SQUARE = {"type": "Polygon", "coordinates": [[[7.75, 49.44], [7.77, 49.44], [7.77, 49.45], [7.75, 49.45], [7.75, 49.44]]]}
QUARTER = QuarterRow(7, "Slevfisch", {"residents": 8794.117647, "foreigners": 1794.0, "foreign_share": 20.4},
                     "Flächenanteil der Stadtteile", SQUARE)
RECORD = DecisionRecord(name="Nordwest Größe", author="", rationale="Potenziale", version=3,
                        saved_at=datetime(2017, 1, 20, 9, 5, tzinfo=UTC), method={"Index": "z(Anteil)"})
CREATED = datetime(2017, 1, 24, 16, 30, tzinfo=UTC)


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])


def _count(png: bytes, colour: str, tolerance: int = 30) -> int:
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3).astype(int)
    return int((np.abs(pixels - _rgb(colour)).sum(axis=1) < tolerance).sum())


@pytest.fixture(scope="module")
def export(dataset, map_geometry):
    return build_export(dataset, CHOSEN, RECORD, CREATED, map_geometry, quarters=[QUARTER])


@pytest.fixture(scope="module")
def snapshot(dataset, map_geometry):
    view = build_view(dataset, "foreign_share", "quantiles", 5)
    return view_snapshot(
        view, dataset, map_geometry, CHOSEN, "Titel", "Untertitel", ["Statistisches Amt Kaiserslautern, 2016"],
        decision=[("Auswahl", "Nordwest"), ("Autor/in", "–"), ("Gewichte", "–"), ("Version", "3")],
        quarters=[("Slevfisch", SQUARE)],
    )


# --- the tiles of the chosen districts ---------------------------------------------------------------------

def test_the_tiles_are_the_districts_of_the_merged_unit_with_the_chosen_marked(export, snapshot):
    for tiles in (export.tiles, snapshot.tiles):
        assert set(tiles["unit"]) == {"Innenstadt"}
        assert len(tiles) == 9  # the nine Kernstadt districts of the Innenstadt, not Hohenecken
        assert set(tiles.loc[tiles["chosen"], "area_id"]) == {"innenstadt-suedwest", "innenstadt-ost"}
        assert tiles["row"].min() == 0 and tiles["col"].min() == 0


def test_no_tiles_when_no_chosen_area_lies_in_a_merged_unit(dataset, map_geometry):
    assert build_export(dataset, ["hohenecken"], RECORD, CREATED, map_geometry).tiles is None


def _tile_centre(layout, tiles, row: int, col: int, size=(1920, 1080)) -> tuple[int, int]:
    """Pixel of the lower part of tile (row, col) in the slide's inset (axes box made square by aspect)."""
    left, bottom, _, height = layout.map_box
    box = (0.46, bottom + height * 0.2, 0.18, height * 0.6)
    w, h = box[2] * size[0], box[3] * size[1]
    n_rows, n_cols = int(tiles["row"].max()) + 1, int(tiles["col"].max()) + 1
    side = min(w / n_cols, h / n_rows)
    x0 = box[0] * size[0] + (w - side * n_cols) / 2
    top = size[1] - (box[1] * size[1] + (h - side * n_rows) / 2 + side * n_rows)
    return int(x0 + (col + 0.5) * side), int(top + (row + 0.82) * side)


def test_the_slide_marks_the_chosen_tiles_and_outlines_the_quarter(snapshot):
    from dataclasses import replace

    png = to_png(snapshot)
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    tiles = snapshot.tiles
    layout = slide_layout(snapshot)
    for row in tiles.itertuples():
        x, y = _tile_centre(layout, tiles, row.row, row.col)
        expected = _rgb(CHOSEN_ON_SLIDE) if row.chosen else _rgb("#eeeeee")
        assert np.abs(image[y, x] - expected).sum() < 40, (row.name, image[y, x])
    assert _count(png, QUARTER_COLOUR) > 300  # the outline (and its legend line)
    assert _count(to_png(replace(snapshot, quarters=())), QUARTER_COLOUR) == 0


def test_the_slide_drops_lines_that_say_nothing(snapshot):
    lines = slide_layout(snapshot).side_lines
    assert "Auswahl: Nordwest" in lines and "Version: 3" in lines
    assert not any(line.startswith(("Autor/in", "Gewichte")) for line in lines)


def test_the_pdf_map_marks_the_chosen_tiles_and_the_quarter(export):
    from dataclasses import replace

    from exports.pdf import map_png

    png = map_png(export)
    assert _count(png, QUARTER_COLOUR) > 100
    # the two chosen tiles (heavily outlined squares) beside the partly selected unit
    without_tiles = map_png(replace(export, tiles=None))
    assert _count(png, CHOSEN_TILE, 10) > _count(without_tiles, CHOSEN_TILE, 10) + 2 * 40 * 40


def test_the_offline_html_names_the_chosen_districts_and_draws_the_quarter(snapshot):
    if not (LEAFLET / "leaflet.js").is_file():
        pytest.fail("Leaflet is not installed in static/vendor; run make setup")
    html = to_html(snapshot, LEAFLET).decode("utf-8")
    assert "Ausgewählt in „Innenstadt“: <b>Innenstadt Ost, Innenstadt Südwest</b>" in html
    assert html.count('class="tile chosen"') == 2 and html.count('class="tile"') == 7
    quarters = json.loads(re.search(r"quarters: (\[.*?\])\}\);\n", html).group(1))
    assert quarters == [{"name": "Slevfisch", "geometry": SQUARE}]
    assert "Selbst abgegrenztes Quartier (Umriss)</td>" not in html  # the legend row names it
    assert "Selbst abgegrenztes Quartier (Umriss): Slevfisch" in html


def test_html_escapes_a_planted_quarter_name(dataset, map_geometry):
    view = build_view(dataset, "foreign_share", "quantiles", 5)
    snap = view_snapshot(view, dataset, map_geometry, CHOSEN, "T", "U", [], quarters=[("<img src=x onerror=1>", SQUARE)])
    html = to_html(snap, LEAFLET).decode("utf-8")
    assert "<img src=x" not in html
    assert "name.textContent = q.name" in html


# --- PDF tables, precision ----------------------------------------------------------------------------------

def test_pdf_words_of_the_data_are_never_split_and_shares_keep_their_precision(export):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(EXPORTERS["pdf"].write(export))).pages)
    words = {w for cell in export.table["name"] for w in str(cell).split()}
    words |= {w for s in export.specs for w in s.label("de").split()} | {"Personen"}
    lines = text.split("\n")
    for word in words:
        # a word split across lines leaves a line ending in its start and the next beginning with its rest
        for i, line in enumerate(lines[:-1]):
            for cut in range(2, len(word) - 1):
                assert not (line.endswith(word[:cut]) and lines[i + 1].startswith(word[cut:])), (word, line)
    assert "20,4 %" in text.replace("\u00a0", " ") and "20,40" not in text
    assert "8.794 Personen" in text.replace("\u00a0", " ")  # the quarter's derived count, whole


def test_pdf_header_with_a_long_word_is_not_split(dataset, map_geometry):
    from dataclasses import replace

    from exports.pdftable import plan_table, word_width

    header = "Veränderung des Anteils in Prozentpunkten gegenüber dem Vorjahr"
    rows = [["Gebiet", header], ["Innenstadt Südwest", "1,2 Prozentpunkte"]]
    layout = plan_table(rows, [0, 1], 17 * 28.35)
    assert layout.widths[1] >= word_width("Prozentpunkten", "Helvetica-Bold")
    spec = replace(next(iter(dataset.specs.values())), label_de=header)
    export = build_export(replace(dataset, specs={**dataset.specs, spec.id: spec}), CHOSEN, RECORD, CREATED, map_geometry)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(EXPORTERS["pdf"].write(export))).pages)
    assert "Prozentpunkten" in text.split()


# --- GeoJSON -------------------------------------------------------------------------------------------------

def test_geojson_says_where_a_district_without_boundary_lies_and_counts_are_whole(export):
    features = {f["id"]: f for f in json.loads(EXPORTERS["geojson"].write(export))["features"]}
    district = features["innenstadt-suedwest"]
    assert district["geometry"] is None
    assert district["properties"]["own_boundary"] is False
    assert district["properties"]["boundary_of"] == "Innenstadt"
    assert "keine eigene Grenze" in district["properties"]["geometry_note"]
    assert features["hohenecken"]["properties"]["own_boundary"] is True
    assert features["hohenecken"]["properties"]["boundary_of"] is None
    quarter = features["quarter:7"]
    assert quarter["geometry"] == SQUARE and quarter["properties"]["own_boundary"] is True
    assert quarter["properties"]["residents"] == 8794 and isinstance(quarter["properties"]["residents"], int)
    assert all(isinstance(f["properties"]["foreigners"], int) for f in features.values())


# --- file names ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "version", "ext", "expected"),
    [
        ("Nordwest", 3, "pdf", "Auswahl_Nordwest_v3.pdf"),
        ("Nordwest Größe", 12, "xlsx", "Auswahl_Nordwest_Groesse_v12.xlsx"),
        ("Über/Ärger: Straße", None, "csv", "Auswahl_Ueber_Aerger_Strasse_Entwurf.csv"),
        ("", 2, "geojson", "Auswahl_v2.geojson"),
        ("../../etc/passwd", 1, "pdf", "Auswahl_etc_passwd_v1.pdf"),
        ("Café Señor 北京", 1, "pdf", "Auswahl_Cafe_Senor_v1.pdf"),
    ],
)
def test_file_names_from_the_selection(name, version, ext, expected):
    assert document_name(name, version, ext) == expected


def test_file_names_stay_short_and_ascii():
    name = document_name("Ä" * 500, 1, "pdf")
    assert name.isascii() and len(name) < 80
    assert ascii_name("<script>") == "script"


def test_every_selection_download_is_named_after_the_selection():
    source = (REPO / "ui" / "documents" / "selection_docs.py").read_text(encoding="utf-8")
    assert "auswahl." not in source
    assert "document_name(record.name, record.version, exporter.extension)" in source


# --- one renderer, downloads -----------------------------------------------------------------------------------

def test_no_pyplot_anywhere_in_the_app():
    """pyplot keeps global state: two downloads drawn at once in download threads draw into each other."""
    found = []
    for package in ("pages", "ui", "exports", "geo", "storage"):
        for path in (REPO / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [f"{node.module}.{a.name}" for a in node.names] if isinstance(node, ast.ImportFrom) else [])
                found += [f"{path.relative_to(REPO)}:{node.lineno}" for n in names if "pyplot" in n]
    assert found == []


def test_two_slides_drawn_at_once_in_threads_are_the_same_as_one(snapshot):
    from concurrent.futures import ThreadPoolExecutor

    alone = to_png(snapshot)
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda _i: to_png(snapshot), range(4)))
    assert all(png == alone for png in together)


def test_every_download_button_leaves_the_script_alone():
    """A download that reruns the script re-registers every other download under a new id; a second click
    right after then asks for an id the server has dropped ("Deferred file … not found")."""
    missing = []
    for path in [*(REPO / "pages").glob("*.py"), *(REPO / "ui").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "download_button":
                kinds = {k.arg: k.value for k in node.keywords}
                value = kinds.get("on_click")
                if not (isinstance(value, ast.Constant) and value.value == "ignore"):
                    missing.append(f"{path.name}:{node.lineno}")
    assert missing == []


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Innenstadt West / Kotten", "Innenstadt\nWest\u00a0/ Kotten"),  # spelt as everywhere (walk finding)
        ("Erzhütten / Wiesenthalerhof", "Erzhütten\u00a0/\nWiesenthalerhof"),
        ("Lämmchesberg / Uniwohnstadt", "Lämmchesberg/\nUniwohnstadt"),  # "Lämmchesberg /" would leave the tile
        ("Hohenecken", "Hohenecken"),
    ],
)
def test_exported_tile_labels_keep_the_spelling_where_the_tile_allows(name, label):
    from geo.maps.staticmap import _tile_label

    assert _tile_label(name) == label
