"""Every page on another municipality's imported data (issue #9): the big synthetic city of tests/realistic.py.

432 planning areas (three of them delivered in two pieces), a VERTCS .prj, a long table over six years
with German headers and "k.A.", a share per year. Imported once per module into a temporary data folder.
"""

from __future__ import annotations

import json
import re
import shutil

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.store.ingest import main
from tests.conftest import REPO
from tests.downloads import downloads  # noqa: F401  (fixture)
from tests.realistic import big_city, grid_areas, write_table

NB = "\u00a0"
DS = "grossstadt-2023"
PAGES = [
    "pages/map.py", "pages/screening.py", "pages/ranking.py", "pages/compare.py", "pages/network.py",
    "pages/projects.py", "pages/selections.py", "pages/data.py", "pages/upload.py",
]
SELECTION = ["01010005", "01010100", "01010250"]  # the three areas that came in two pieces


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("atlas-data")
    city = big_city(tmp_path_factory.mktemp("grossstadt"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANKUNFTSATLAS_DATA_DIR", str(root))
        assert main(["--boundaries", str(city.boundaries), "--indicators", str(city.table), "--share", city.share,
                     "--name", "Großstadt 2023", "--municipality", "Großstadt", "--unit-label", "Planungsräume"]) == 0
        # A second, tiny municipality: three areas (ranking and types must still work).
        small = tmp_path_factory.mktemp("klein")
        grid_areas(3, 1).to_file(small / "drei.gpkg")
        table = write_table([["Gebiet", "Einwohner", "Ausländer"], ["01010000", "900", "90"], ["01010001", "1.100", "55"],
                             ["01010002", "700", "k.A."]], small / "drei.csv")
        assert main(["--boundaries", str(small / "drei.gpkg"), "--indicators", str(table), "--name", "Dreiort",
                     "--share", "Anteil=Ausländer/Einwohner"]) == 0
    return root


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path, data_dir):
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(data_dir))
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ANKUNFTSATLAS_DATABASE_URL", raising=False)


def open_page(page: str, ds: str = DS, selection: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.query_params["ds"] = ds
    at.run()
    if selection is not None:
        at.session_state["selected_areas"] = selection
    if page != PAGES[0] or selection is not None:
        at.switch_page(page).run()
    return at


def _headings(at: AppTest) -> list[str]:
    return [e.value for kind in ("title", "header", "subheader") for e in getattr(at, kind)]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_big_city(page):
    at = open_page(page, selection=SELECTION)
    assert not at.exception
    assert at.session_state["_kept_ds"] == DS  # the dataset stayed active (no fallback)
    assert not [h for h in _headings(at) if "Kaiserslautern" in h or "Ortsbezirk" in h]
    if page == "pages/network.py":
        return  # the network page compares all municipalities, Kaiserslautern among them, by design
    shown = " ".join(str(e.value) for kind in ("markdown", "caption", "info", "warning") for e in getattr(at, kind))
    assert "Kaiserslautern" not in shown and "Kernstadt" not in shown


def test_map_speaks_of_the_city_opens_on_the_share_and_lists_its_years():
    at = open_page("pages/map.py")
    assert at.title[0].value == "Ankunftsquartiere in Großstadt – 2023"
    assert "Karte: Planungsräume" in _headings(at)
    assert at.selectbox(key="indicator").value == "anteil-auslaender"
    assert at.select_slider(key="year").options == ["2018", "2019", "2020", "2021", "2022", "2023"]
    options = at.selectbox(key="indicator").options
    assert options[:2] == ["Anteil Ausländer", "Einwohner"] and "Anteil Ausländer: Veränderung 2018–2023" in options
    # 432 areas are too many tiles: a sortable table takes the tile map's place, and the page says so.
    assert "Alle Gebiete als Tabelle" in _headings(at)
    assert any(c.value.startswith("432 Gebiete sind zu viele für eine lesbare Kachelkarte (ab 60)") for c in at.caption)
    table = at.dataframe[-1].value
    assert len(table) == 432 and list(table.columns) == ["Gebiet", "Wert", "Rang", "in der Auswahl"]
    assert table["Rang"].min() == 1
    assert not any("Anzahlen hängen von der Größe" in c.value for c in at.caption)


def test_counts_are_whole_numbers_with_a_note_and_rank_among_all_areas():
    at = open_page("pages/map.py")
    at.selectbox(key="indicator").set_value("einwohner").run()
    assert any("Anzahlen hängen von der Größe der Gebiete ab" in c.value for c in at.caption)
    legend = next(m.value for m in at.markdown if "Legende" in m.value)
    assert not re.search(r"\d,0\b", legend)  # "1.234", never "1.234,0"
    at.text_input(key="selected_unit_query").set_value("Grünau 6").run()  # many areas: search first
    at.selectbox(key="selected_unit").set_value("Grünau 6").run()
    details = at.table[0].value
    assert list(details.columns) == ["Wert", "Einordnung"]  # fits the side column
    # every area is its own unit on the map here: the rank among the 432 areas is said once
    assert re.fullmatch(r"Gesamtstadt [\d.]+ · Rang \d+ von 432 auf der Karte",
                        details.loc["Einwohner (2023)", "Einordnung"])
    assert re.fullmatch(r"[\d.]+", details.loc["Einwohner (2023)", "Wert"].split(NB)[0])


def test_data_page_lists_shares_per_year():
    at = open_page("pages/data.py")
    assert not at.exception
    indicators = next(d.value for d in at.dataframe if "Art" in d.value.columns)
    shares = indicators[indicators["Art"] == "Anteil"]["Indikator"].tolist()
    assert shares == [f"Anteil Ausländer ({y})" for y in range(2018, 2024)]
    kinds = dict(zip(indicators["Indikator"], indicators["Art"]))
    assert kinds["Anteil Ausländer: Veränderung 2018–2023"] == "Wert (nicht summierbar)"
    assert kinds["Einwohner (2023)"] == "Anzahl"


def test_ranking_with_three_areas():
    at = open_page("pages/ranking.py", ds="dreiort")
    assert not at.exception
    assert at.text_input(key="ranking_top_k").value == "2"  # at most two of three areas
    at.text_input(key="ranking_top_k").input("3").run()
    assert "Bitte eine Zahl von 1 bis 2 eingeben. Es gilt weiter 2." in [e.value for e in at.error]


def test_selection_geojson_export_of_imported_areas(downloads):  # noqa: F811
    at = open_page("pages/selections.py", selection=SELECTION)
    document = json.loads(downloads.fetch(at, "export_geojson"))
    assert [f["id"] for f in document["features"]] == SELECTION
    assert [f["geometry"]["type"] for f in document["features"]] == ["Polygon"] * 3  # pieces dissolved
    assert document["features"][0]["properties"]["anteil-auslaender@2023"] is not None


def test_an_unreadable_dataset_gives_a_message_and_the_others_keep_working(data_dir):
    broken = data_dir / "datasets" / "kaputt"
    shutil.copytree(data_dir / "datasets" / "dreiort", broken)
    try:
        (broken / "boundaries.gpkg").write_bytes(b"kein GeoPackage")
        provenance = json.loads((broken / "provenance.json").read_text(encoding="utf-8"))
        (broken / "provenance.json").write_text(json.dumps({**provenance, "name": "Kaputtort"}), encoding="utf-8")
        at = open_page("pages/map.py", ds="kaputt")
        assert at.error[0].value.startswith("Der Datensatz „Kaputtort“ kann nicht mehr gelesen werden (")
        assert at.expander[0].label == "Details (für die Fachstelle)"
        assert len(at.exception) == 1 and len(at.expander[0].exception) == 1  # the traceback only in the expander
        assert at.selectbox(key="ds").value == "kaiserslautern"
        at.selectbox(key="ds").set_value(DS).run()
        assert not at.exception and at.title[0].value == "Ankunftsquartiere in Großstadt – 2023"
    finally:
        shutil.rmtree(broken)


def test_view_export_names_the_city(downloads):  # noqa: F811
    at = open_page("pages/map.py")
    if not any(b.key == "export_view_html" for b in at.get("download_button")):
        pytest.skip("Leaflet not installed (static/vendor); the view export needs it")
    html = downloads.fetch(at, "export_view_html").decode("utf-8")
    assert "Ankunftsquartiere in Großstadt – 2023" in html and "Kaiserslautern" not in html


@pytest.mark.parametrize("page", [p for p in PAGES if p != "pages/upload.py"])  # no import page in public
def test_every_page_runs_on_the_big_city_in_public_mode(monkeypatch, page):
    monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    at = open_page(page, selection=SELECTION)
    assert not at.exception and not at.error
    assert at.session_state["_kept_ds"] == DS
    assert len(at.get("data_editor")) == 0 or page in ("pages/screening.py", "pages/ranking.py")  # analysis inputs only



@pytest.mark.parametrize(("areas", "named"), [(432, ["a7"]), (10, [f"a{i}" for i in range(10)])])
def test_presentation_view_names_every_area_of_a_small_city_and_only_the_selection_of_a_big_one(areas, named):
    from types import SimpleNamespace

    from geo.maps.leaflet import AreaStyle
    from ui.documents.presentation import _named

    frame = pd.DataFrame({"key": [f"a{i}" for i in range(areas)], "name": [f"Gebiet {i}" for i in range(areas)]})
    styles = {f"a{i}": AreaStyle(fill="#fff", tooltip="", selected=i == 7) for i in range(areas)}
    assert sorted(_named(SimpleNamespace(frame=frame), styles)) == sorted(named)
