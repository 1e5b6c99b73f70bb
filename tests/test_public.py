"""Public mode: read only, and hidden figures appear nowhere on any page."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO

NB = "\u00a0"
PAGES = ["pages/map.py", "pages/screening.py", "pages/ranking.py", "pages/compare.py", "pages/selections.py", "pages/data.py"]
# Mölschbach and Einsiedlerhof, hidden with a 1,400-resident threshold.
HIDDEN = [f"75{NB}Personen", f"6,3{NB}%", f"9,4{NB}%", f"204{NB}Personen", f"15,6{NB}%", f"18,2{NB}%", f"1.190{NB}", f"1.308{NB}"]


@pytest.fixture(autouse=True)
def public(monkeypatch, tmp_path, mirror_dir):
    monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    monkeypatch.setenv("ANKUNFTSATLAS_MIN_RESIDENTS", "1400")
    monkeypatch.setenv("ANKUNFTSATLAS_MIRROR", str(mirror_dir))
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "userdata"))


def _arrow_text(data: bytes) -> str:
    import pyarrow as pa

    return pa.ipc.open_stream(data).read_all().to_pandas().to_string()


def everything_shown(at: AppTest) -> str:
    """Every element as the browser receives it: text, table data, chart data, map tooltips."""
    from google.protobuf import text_format

    parts = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(text_format.MessageToString(proto, as_utf8=True))
            value = getattr(node, "value", None)
            if hasattr(value, "to_string"):
                parts.append(value.to_string())
            for dataset in getattr(proto, "datasets", []):
                parts.append(_arrow_text(dataset.data.data))
            if getattr(proto, "json_args", ""):  # a component such as the map: its arguments
                parts.extend(_strings(json.loads(proto.json_args)))
        for child in getattr(node, "children", {}).values():
            walk(child)

    for root in at._tree.children.values():
        walk(root)
    # The map's scripts carry "<" as \u003c so that data cannot close a tag.
    return "\n".join(parts).replace("\\u003c", "<")


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def open_page(page: str, selection: list[str]) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.session_state["selected_areas"] = selection
    at.switch_page(page).run()
    return at


@pytest.mark.parametrize("page", PAGES)
def test_hidden_figures_appear_nowhere(page):
    at = open_page(page, ["moelschbach", "einsiedlerhof", "hohenecken"])
    assert not at.exception
    shown = everything_shown(at)
    assert "Hohenecken" in shown  # the check does see the page
    leaked = [value for value in HIDDEN if value in shown]
    assert leaked == []


def test_map_says_why():
    at = open_page("pages/map.py", [])
    assert "nicht veröffentlicht: weniger als 1400 Einwohner" in everything_shown(at)  # tooltip
    assert "Mölschbach: weniger als 1400 Einwohner" in at.info[0].value
    at.selectbox(key="selected_unit").set_value("Mölschbach").run()
    assert at.table[0].value.loc["Anteil Ausländerinnen und Ausländer", "Wert"] == "–"


def test_selections_page_offers_no_saving():
    at = open_page("pages/selections.py", ["hohenecken"])
    assert "kann nichts gespeichert" in " ".join(c.value for c in at.caption)
    assert len(at.text_input) == 0 and len(at.button) == 0
    assert len(at.get("data_editor")) == 0  # nothing editable (the officer page has one)
    assert at.title[0].value == "Auswahl ansehen und exportieren"  # no "speichern" in public


def test_public_mode_cannot_be_switched_off_or_on_by_url(monkeypatch):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["mode"] = "internal"
    at.run()
    assert any("„mode“" in w.value for w in at.warning)
    assert "Öffentliche Ansicht – nur lesen" in [i.value for i in at.sidebar.info]
    monkeypatch.delenv("ANKUNFTSATLAS_MODE")
    internal = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    internal.query_params["mode"] = "public"
    internal.run()
    assert "Öffentliche Ansicht – nur lesen" not in [i.value for i in internal.sidebar.info]


@pytest.mark.parametrize("page", ["pages/map.py", "pages/data.py", "pages/compare.py"])
def test_the_check_sees_the_figures_when_they_are_not_hidden(monkeypatch, page):
    monkeypatch.delenv("ANKUNFTSATLAS_MODE")
    at = open_page(page, ["moelschbach", "einsiedlerhof", "hohenecken"])
    shown = everything_shown(at)
    assert f"6,3{NB}%" in shown and f"15,6{NB}%" in shown
    if page == "pages/map.py":
        assert "Summe/Anteil aus 9 Stadtteilen" in shown  # only in the map's tooltips
        assert f"Hohenecken</b><br>Anteil Ausländerinnen und Ausländer: 9,2{NB}%" in shown


def test_import_page_is_not_offered_in_public_mode():
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/upload.py")  # not registered in public mode: nothing can be uploaded


# --- an imported dataset with small counts (test fixture made here) ------------------------------

SMALL_TOWN = {  # id: (name, residents, foreigners, given share in percent)
    "1": ("Nord", 500, 2, "0,4"),
    "2": ("Süd", 800, 41, "5,1"),
    "3": ("West", 900, 60, "6,7"),
    "4": ("Ost", 1200, 90, "7,5"),
}


def import_small_town(folder, source: str = "", licence: str = "") -> None:
    """Boundaries and a table with one small count, imported as an editor would (not in public mode)."""
    import geopandas as gpd
    from shapely.geometry import box

    from geo.store.ingest import main

    gpd.GeoDataFrame(
        {"id": list(SMALL_TOWN), "name": [v[0] for v in SMALL_TOWN.values()]},
        geometry=[box(409000 + i * 1000, 5475000, 410000 + i * 1000, 5476000) for i in range(len(SMALL_TOWN))],
        crs=25832,
    ).to_file(folder / "b.gpkg")
    rows = ["id;Einwohner;Ausländer;Anteil Ausländer"]
    rows += [f"{k};{r};{f};{s}" for k, (_, r, f, s) in SMALL_TOWN.items()]
    (folder / "t.csv").write_text("\n".join(rows), encoding="utf-8")
    arguments = ["--boundaries", str(folder / "b.gpkg"), "--indicators", str(folder / "t.csv"),
                 "--name", "Kleinstadt", "--share", "Quote=Ausländer/Einwohner"]
    arguments += ["--source", source] if source else []
    arguments += ["--licence", licence] if licence else []
    assert main(arguments) == 0


def _number(cell: str) -> float | None:
    first = cell.split(" · ")[0].split(NB)[0]
    return None if first in ("–", "") else float(first.replace(".", "").replace(",", "."))


def test_imported_small_counts_leave_nothing_to_work_out_on_the_comparison_page(monkeypatch, tmp_path):
    from tests.attacker import work_out

    monkeypatch.setenv("ANKUNFTSATLAS_MIN_RESIDENTS", "300")
    monkeypatch.delenv("ANKUNFTSATLAS_MODE")
    import_small_town(tmp_path)
    monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["ds"] = "kleinstadt"
    at.run()
    at.session_state["selected_areas"] = list(SMALL_TOWN)
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    table = at.table[0].value
    shown = {(row, column): _number(cell) for row, values in table.iterrows() for column, cell in values.items()}
    shown = {key: value for key, value in shown.items() if value is not None}
    assert shown[("Ost", "Ausländer")] == 90 and shown[("Gesamtstadt", "Ausländer")] == 193  # the check reads the page
    names = [v[0] for v in SMALL_TOWN.values()]
    products = [
        ((row, "Ausländer"), (row, share), (row, "Einwohner"), 100)
        for row in table.index
        for share in ("Anteil Ausländer", "Quote")
    ]
    linear = [
        ({(total, count): 1, **{(name, count): -1 for name in names}}, 0)
        for total in ("Gesamtstadt", "Auswahl gesamt")
        for count in ("Einwohner", "Ausländer")
    ]
    found = work_out(shown, products, linear)
    hidden = [(name, column) for name in ("Nord", "Süd") for column in ("Ausländer", "Anteil Ausländer", "Quote")]
    assert [key for key in hidden if key in found] == []
    # Nor does a chart or the notice carry the hidden figures.
    everything = everything_shown(at)
    assert [v for v in ("0,4", "5,1", "0.4", "5.1") if v in everything] == []
    assert "Nord: Anzahl unter 3" in everything


def test_public_map_explains_itself_and_talks_of_no_editors():
    at = open_page("pages/map.py", [])
    shown = " ".join(m.value for m in at.markdown)
    assert "Ankunftsquartiere" in shown and "Zum Schutz der Privatsphäre" in shown
    assert at.selectbox(key="scheme").help.startswith("Wie die Gebiete in Farbgruppen eingeteilt werden")
    assert "Selbst abgegrenzte Quartiere" not in [h.value for h in at.subheader]  # none published: no heading
    data = open_page("pages/data.py", [])
    everything = everything_shown(data)
    assert "angemeldet" not in everything and "Anmeld" not in everything


def test_the_public_site_names_no_staff_member():
    """A selection an editor saved is listed and exported on the public site without the editor's name."""
    from storage.db import database_url, make_engine, mark_set_up, migrate
    from storage.selections import save_selection

    url = database_url()
    engine = make_engine(url)
    migrate(engine)
    mark_set_up(url)
    from storage.publishing import publish_version

    save_selection(engine, "Kandidaten Nord", ["hohenecken"], "Anna Beispiel", rationale="öffentlich",
                   dataset="kaiserslautern")
    publish_version(engine, "Kandidaten Nord", 1, "Anna Beispiel", "Stadt Beispiel, Integrationsbüro", True)
    engine.dispose()
    at = open_page("pages/selections.py", ["hohenecken"])
    assert not at.exception
    assert "Anna Beispiel" not in everything_shown(at)
    overview = next(d.value for d in at.dataframe if "Veröffentlicht von" in d.value.columns)
    assert overview["Veröffentlicht von"].tolist() == ["Stadt Beispiel, Integrationsbüro"]
    assert "Autorin/Autor" not in overview.columns
    assert "Veröffentlicht von Stadt Beispiel, Integrationsbüro, gespeichert " in " ".join(c.value for c in at.caption)
