"""AppTest: drawing, saving, publishing and comparing a self-drawn quarter (ui/views/quarterdrawing.py).

No grid here, so the figures are the area-weighted estimate from the districts; the
drawn polygon is injected as the map's ``all_drawings`` (the browser part is in
tests/e2e/test_drawn_quarter.py).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from tests.downloads import downloads  # noqa: F401  (fixture)
from ui.shell.markdown import md_escape
from ui.views.quarterdrawing import QUARTER_MAP_KEY

NEW_MAP = f"{QUARTER_MAP_KEY}_new"  # the drawing map of a new quarter; f"{QUARTER_MAP_KEY}_<id>" edits one

XSS = "<img src=x onerror=alert(1)>=HYPERLINK(\"x\")"
POLYGON = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
    [[7.760, 49.440], [7.775, 49.440], [7.775, 49.447], [7.760, 49.447], [7.760, 49.440]]]}}


@pytest.fixture(autouse=True)
def environment(app_env):
    return app_env


def map_page() -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    at.run()
    return at


def drawn(at: AppTest) -> AppTest:
    at.toggle(key="quarter_draw").set_value(True).run()
    at.session_state[NEW_MAP] = {"all_drawings": [POLYGON], "last_active_drawing": POLYGON}
    return at.run()


def test_drawn_quarter_shows_its_estimate_and_needs_sign_in_to_save():
    at = drawn(map_page())
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "Schätzung aus den überlappenden Bezirken" in captions
    table = next(t.value for t in at.table if list(t.value.columns) == ["Quartier", "Gesamtstadt"])
    assert table.index.tolist()[:4] == ["Einwohner", "Ausländerinnen und Ausländer", "Ausländeranteil",
                                        "Abweichung von der Gesamtstadt"]
    assert table.iloc[0, 0].endswith("Personen") and table.iloc[2, 1] != table.iloc[2, 0]
    assert "quarter_save" not in {b.key for b in at.button}
    assert "Zum Speichern bitte anmelden." in captions


def test_signed_in_officer_saves_and_the_quarter_joins_the_comparison():
    at = drawn(map_page())
    at.text_input(key="sign_in_user").input("anna")
    at.text_input(key="sign_in_password").input("geheim")
    at.button(key="FormSubmitter:sign_in-Anmelden").click().run()
    at.session_state[NEW_MAP] = {"all_drawings": [POLYGON], "last_active_drawing": POLYGON}
    at.text_input(key="quarter_name").input(XSS).run()
    at.button(key="quarter_save").click().run()
    assert not at.exception
    assert any("gespeichert (Version 1)" in s.value for s in at.success)
    saved = next(s.value for s in at.success if "gespeichert" in s.value)
    assert "\\<img" in saved and "<img" not in saved.replace("\\<img", "")  # the name is escaped Markdown
    assert at.checkbox(key="quarter_sel_1").value is True
    assert at.query_params.get("q") == ["1"] or at.session_state["_kept_q"] == [1]
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    table = at.table[0].value
    assert table.index.tolist() == [md_escape(f"{XSS} (selbst abgegrenzt)"), "Gesamtstadt"]
    assert table.columns.tolist()[-1] == "Methode" and table.iloc[0, -1] == "Schätzung aus Bezirken"

    # Saving the selection keeps the quarter with it; loading the version brings it back.
    at.session_state["selected_areas"] = ["betzenberg"]
    at.switch_page("pages/selections.py").run()
    assert f"Selbst abgegrenzte Quartiere: {XSS}" in [x.value for x in at.text]
    at.text_input(key="sel_name").input("Kandidaten").run()
    at.button(key="sel_save").click().run()
    assert not at.exception
    from storage.db import database_url, make_engine
    from storage.selections import load_version

    assert load_version(make_engine(database_url()), "Kandidaten").quarter_ids == (1,)
    at.session_state["_kept_q"] = []
    at.button(key="sel_load").click().run()
    assert at.session_state["_kept_q"] == [1]


TINY = {"type": "Polygon", "coordinates": [[[7.7600, 49.4400], [7.7605, 49.4400], [7.7605, 49.4403], [7.7600, 49.4400]]]}


def test_public_mode_shows_only_published_quarters_with_enough_residents(monkeypatch, app_env, dataset, map_geometry):
    from geo.analysis.quarters import Disclosure, parse_quarter, quarter_figures
    from storage.db import database_url, make_engine, migrate
    from storage.quarters import publish_quarter, save_quarter
    from ui.shell.quarter_data import district_counts

    districts = district_counts(dataset, map_geometry)
    big, tiny = parse_quarter(POLYGON), parse_quarter(TINY)
    assert quarter_figures(big, None, districts).population >= 300 > quarter_figures(tiny, None, districts).population
    engine = make_engine(database_url())
    migrate(engine)
    allow = lambda *_: Disclosure(True)  # noqa: E731 - published under an earlier, lower threshold
    publish_quarter(engine, save_quarter(engine, "Groß", big, "anna", "kaiserslautern").id, allow)
    publish_quarter(engine, save_quarter(engine, "Klein", tiny, "anna", "kaiserslautern").id, allow)
    save_quarter(engine, "Intern", big, "anna", "kaiserslautern")
    engine.dispose()
    monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    monkeypatch.setenv("ANKUNFTSATLAS_MIN_RESIDENTS", "300")
    at = map_page()
    assert not at.exception
    assert "quarter_draw" not in {w.key for w in at.toggle}
    labels = [e.label for e in at.expander]
    assert [label for label in labels if "Version" in label] == ["Groß · Version 1 · veröffentlicht"]
    # A link naming every quarter (1 Groß, 2 Klein, 3 Intern) shows only the published one with enough residents.
    linked = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    linked.query_params["q"] = "1,2,3"
    linked.run()
    linked.switch_page("pages/compare.py").run()
    assert not linked.exception
    rows = [r for table in linked.table for r in table.value.index if "selbst abgegrenzt" in str(r)]
    assert rows == ["Groß (selbst abgegrenzt)"]


def test_with_a_grid_the_figures_come_from_the_cells(app_env, mirror_dir):
    from geo.analysis.quarters import grid_figures, parse_quarter
    from geo.numbers import format_value
    from tests.grid_fixture import synthetic_grid_into  # SYNTHETIC cells, random values

    grid = synthetic_grid_into(mirror_dir / "ortsbezirke.geojson", app_env / "userdata" / "grids" / "kaiserslautern",
                               app_env / "work")
    at = drawn(map_page())
    assert not at.exception
    assert at.radio(key="quarter_method").options == ["Zellmittelpunkt im Quartier", "flächengewichtet"]
    expected = grid_figures(grid, parse_quarter(POLYGON), "centre")
    table = next(t.value for t in at.table if list(t.value.columns) == ["Quartier", "Gesamtstadt"])
    assert table.loc["Gitterzellen (Grundlage)", "Quartier"] == format_value(expected.cells, 0, "", "de")
    assert table.loc["Einwohner", "Quartier"] == format_value(expected.population, 0, "Personen", "de")
    assert table.loc["Ausländeranteil", "Quartier"] == format_value(expected.share, 1, "%", "de")
    assert any("Mittelpunkt im Quartier liegt" in c.value for c in at.caption)
    at.radio(key="quarter_method").set_value("area").run()
    weighted = grid_figures(grid, parse_quarter(POLYGON), "area")
    table = next(t.value for t in at.table if list(t.value.columns) == ["Quartier", "Gesamtstadt"])
    assert table.loc["Einwohner", "Quartier"] == format_value(weighted.population, 0, "Personen", "de")
    assert any("flächengewichtet (angeschnittene Zellen anteilig" in c.value for c in at.caption)


def test_editing_a_saved_outline_makes_a_new_version_and_withdraws_publication(app_env):
    from geo.analysis.quarters import Disclosure
    from storage.db import database_url, make_engine, migrate
    from storage.quarters import get_quarter, publish_quarter, quarter_history, save_quarter

    engine = make_engine(database_url())
    migrate(engine)
    first = save_quarter(engine, "Slevfisch", POLYGON, "anna", "kaiserslautern")
    publish_quarter(engine, first.id, lambda *_: Disclosure(True))
    at = map_page()
    at.toggle(key="quarter_draw").set_value(True).run()
    at.text_input(key="sign_in_user").input("anna")
    at.text_input(key="sign_in_password").input("geheim")
    at.button(key="FormSubmitter:sign_in-Anmelden").click().run()
    at.button(key=f"quarter_edit_{first.id}").click().run()
    assert not at.exception
    assert any("Sie bearbeiten den Umriss von „Slevfisch“ (Version 1)" in i.value for i in at.info)
    assert at.text_input(key="quarter_name").value == "Slevfisch"
    assert any(list(t.value.columns) == ["Quartier", "Gesamtstadt"] for t in at.table)  # the saved outline's figures
    wider = {**POLYGON, "geometry": {"type": "Polygon", "coordinates": [
        [[7.755, 49.440], [7.775, 49.440], [7.775, 49.447], [7.755, 49.447], [7.755, 49.440]]]}}
    at.session_state[f"{QUARTER_MAP_KEY}_{first.id}"] = {"all_drawings": [wider], "last_active_drawing": wider}
    at.run()
    at.button(key="quarter_save").click().run()
    assert any("„Slevfisch“ gespeichert (Version 2)." in s.value for s in at.success)
    assert [q.version for q in quarter_history(engine, first.id)] == [1, 2]
    latest = get_quarter(engine, first.id)
    assert latest.geometry.bounds[0] == pytest.approx(7.755) and latest.published is False
    engine.dispose()


def test_publishing_from_the_page_runs_the_disclosure_check(app_env, monkeypatch):
    from storage.db import database_url, make_engine, migrate
    from storage.quarters import list_quarters, save_quarter

    monkeypatch.setenv("ANKUNFTSATLAS_MIN_RESIDENTS", "300")
    engine = make_engine(database_url())
    migrate(engine)
    big = save_quarter(engine, "Groß", POLYGON, "anna", "kaiserslautern")
    tiny = save_quarter(engine, "Klein", TINY, "anna", "kaiserslautern")
    at = map_page()
    at.toggle(key="quarter_draw").set_value(True).run()
    at.text_input(key="sign_in_user").input("anna")
    at.text_input(key="sign_in_password").input("geheim")
    at.button(key="FormSubmitter:sign_in-Anmelden").click().run()
    at.button(key=f"quarter_pub_{big.id}").click().run()
    assert any("„Groß“ ist veröffentlicht." in s.value for s in at.success)
    at.button(key=f"quarter_pub_{tiny.id}").click().run()
    assert not at.exception
    assert any("weniger als 300 Einwohner" in e.value for e in at.error)
    assert [q.name for q in list_quarters(engine, "kaiserslautern", published_only=True)] == ["Groß"]
    engine.dispose()


def test_the_figures_speak_english_too():
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    at.query_params["lang"] = "en"
    at.run()
    at = drawn(at)
    assert not at.exception
    table = next(t.value for t in at.table if "Quarter" in list(t.value.columns))
    assert table.index.tolist()[:3] == ["Residents", "Foreign residents", "Share of foreign residents"]
    assert any("Method: " in c.value and "estimate from the overlapping districts" in c.value for c in at.caption)


def test_with_a_grid_a_quarter_is_built_by_clicking_cells(app_env, mirror_dir):
    import geopandas as gpd

    from geo.numbers import format_value
    from geo.read.zensus import CRS
    from tests.grid_fixture import synthetic_grid_into  # SYNTHETIC cells, random values

    grid = synthetic_grid_into(mirror_dir / "ortsbezirke.geojson", app_env / "userdata" / "grids" / "kaiserslautern",
                               app_env / "work")
    counted = grid.cells[grid.cells["Einwohner"].notna()]
    first, second = counted.index[len(counted) // 2], counted.index[len(counted) // 2 + 1]
    centres = gpd.GeoSeries(gpd.points_from_xy(counted.loc[[first, second], "x"], counted.loc[[first, second], "y"]),
                            crs=CRS).to_crs(4326)
    at = map_page()
    at.toggle(key="quarter_draw").set_value(True).run()
    at.radio(key="quarter_build").set_value("cells").run()

    def click(point) -> None:
        at.session_state[f"{QUARTER_MAP_KEY}_cells"] = {"last_clicked": {"lat": point.y, "lng": point.x}}
        at.run()

    def quarter_table():
        return next(t.value for t in at.table if list(t.value.columns) == ["Quartier", "Gesamtstadt"])

    click(centres.iloc[0])
    assert not at.exception
    assert quarter_table().loc["Einwohner", "Quartier"] == format_value(counted.at[first, "Einwohner"], 0, "Personen")
    click(centres.iloc[1])
    both = counted.loc[[first, second], "Einwohner"].sum()
    assert quarter_table().loc["Einwohner", "Quartier"] == format_value(both, 0, "Personen")
    assert quarter_table().loc["Gitterzellen (Grundlage)", "Quartier"] == "2"
    assert any("(2 gewählt)" in c.value for c in at.caption)
    click(centres.iloc[0])  # the same cell again takes it out
    assert quarter_table().loc["Einwohner", "Quartier"] == format_value(counted.at[second, "Einwohner"], 0, "Personen")


def test_a_selection_of_quarters_only_is_saved_loaded_and_exported(app_env, downloads):
    import io

    import pandas as pd

    from storage.db import database_url, make_engine, migrate
    from storage.quarters import save_quarter
    from storage.selections import load_version

    engine = make_engine(database_url())
    migrate(engine)
    quarter = save_quarter(engine, XSS, POLYGON, "anna", "kaiserslautern")
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    at.query_params["q"] = str(quarter.id)
    at.run()
    at.switch_page("pages/selections.py").run()
    assert not at.exception
    assert at.session_state["selected_areas"] == []
    assert "Die Auswahl ist leer" not in " ".join(i.value for i in at.info)
    assert f"Selbst abgegrenzte Quartiere: {XSS}" in [x.value for x in at.text]
    frame = pd.read_csv(io.BytesIO(downloads.fetch(at, "export_csv")), sep=";", encoding="utf-8-sig",
                        keep_default_na=False)
    assert frame["Gebietsschlüssel"].tolist() == [f"quarter:{quarter.id}", "", ""]
    assert frame["Gebiet"].tolist() == [XSS, "Auswahl gesamt", "Gesamtstadt"]  # as typed (starts with no "=")
    assert frame["Teil von"].tolist() == ["selbst abgegrenzt", "keine amtlichen Gebiete", ""]
    assert frame["Einwohnerinnen und Einwohner (abgeleitet) [Personen]"].iloc[1] == ""
    at.text_input(key="sign_in_user").input("anna")  # saving needs the editor sign-in
    at.text_input(key="sign_in_password").input("geheim")
    at.button(key="FormSubmitter:sign_in-Anmelden").click().run()
    at.text_input(key="sel_name").input("Nur Quartiere").run()
    at.button(key="sel_save").click().run()
    assert not at.exception
    saved = load_version(engine, "Nur Quartiere")
    assert (saved.area_ids, saved.quarter_ids) == ((), (quarter.id,))
    at.session_state["_kept_q"] = []
    at.button(key="sel_load").click().run()
    assert at.session_state["_kept_q"] == [quarter.id]
    saved_text = downloads.fetch(at, "export_csv").decode("utf-8-sig")
    assert "Entwurf, nicht gespeichert" not in saved_text  # the documents show the saved version 1
    # another quarter in the selection: the documents no longer show the saved version but the draft
    other = save_quarter(engine, "Zweites Quartier", POLYGON, "anna", "kaiserslautern")
    at.session_state["_kept_q"] = [quarter.id, other.id]
    at.run()
    changed_text = downloads.fetch(at, "export_csv").decode("utf-8-sig")
    assert "Entwurf, nicht gespeichert" in changed_text and "Zweites Quartier" in changed_text
    engine.dispose()
