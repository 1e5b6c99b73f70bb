"""Every page under streamlit.testing.v1.AppTest; widgets looked up by key."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO

NB = "\u00a0"
PAGES = ["pages/map.py", "pages/data.py"]


@pytest.fixture
def with_boundaries(monkeypatch, tmp_path, mirror_dir):
    monkeypatch.setenv("ANKUNFTSATLAS_MIRROR", str(mirror_dir))
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))


@pytest.fixture
def without_boundaries(monkeypatch, tmp_path):
    monkeypatch.delenv("ANKUNFTSATLAS_MIRROR", raising=False)
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "empty-cache"))


def make_app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    if page and page != PAGES[0]:
        at.switch_page(page).run()
    return at


def legend_text(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "Legende" in m.value or "Legend" in m.value)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_with_boundaries(with_boundaries, page):
    at = make_app(page)
    assert not at.exception
    assert not at.error


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_boundaries_and_says_how_to_get_them(without_boundaries, page):
    at = make_app(page)
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "amtlichen Grenzen sind nicht geladen" in warnings
    assert "ANKUNFTSATLAS_MIRROR" in warnings


def test_tile_map_is_shown_without_boundaries(without_boundaries):
    at = make_app()
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    assert "Kachelkarte (schematisch)" in [s.value for s in at.subheader]


def test_corrupt_mirror_gives_a_message_not_a_traceback(monkeypatch, tmp_path):
    (tmp_path / "ortsbezirke.geojson").write_text("{broken")
    monkeypatch.setenv("ANKUNFTSATLAS_MIRROR", str(tmp_path))
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))
    at = make_app()
    assert not at.exception
    assert "nicht die erwartete Prüfsumme" in at.error[0].value


def test_empty_mirror_folder_gives_a_message(monkeypatch, tmp_path):
    monkeypatch.setenv("ANKUNFTSATLAS_MIRROR", str(tmp_path))
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))
    at = make_app()
    assert not at.exception
    assert "fehlt ortsbezirke.geojson" in at.error[0].value
    assert len(at.get("vega_lite_chart")) == 1  # the tile map still shows all areas


def test_default_legend(with_boundaries):
    legend = legend_text(make_app())
    for label, count in [
        (f"6,2 – 6,7{NB}%", 5),
        (f"über 6,7 – 8,8{NB}%", 2),
        (f"über 8,8 – 13,0{NB}%", 4),
        (f"über 13,0 – 16,8{NB}%", 3),
        (f"über 16,8 – 20,4{NB}%", 4),
    ]:
        assert f"<td>{label}</td><td style='text-align:right'>{count} Gebiete</td>" in legend


def test_legend_follows_indicator_scheme_and_classes(with_boundaries):
    at = make_app()
    at.selectbox(key="indicator").set_value("foreigners")
    at.selectbox(key="scheme").set_value("equal_interval")
    at.slider(key="k").set_value(4)
    at.run()
    legend = legend_text(at)
    assert "Ausländerinnen und Ausländer (Anzahl)" in legend
    assert legend.count("<tr>") == 5  # four classes plus "no data"
    assert f"<td>75 – 556{NB}Personen</td><td style='text-align:right'>10 Gebiete</td>" in legend
    assert f"1.517 – 1.998{NB}Personen</td><td style='text-align:right'>4 Gebiete" in legend
    assert any("Innenstadt: Summe mehrerer Gebiete" in c.value for c in at.caption)


def test_manual_breaks_and_bad_input(with_boundaries):
    at = make_app()
    at.selectbox(key="scheme").set_value("manual").run()
    at.text_input(key="manual_bins").set_value("8; 12; 16").run()
    assert f"<td>über 16,0 – 20,4{NB}%</td>" in legend_text(at)
    at.text_input(key="manual_bins").set_value("8; zwölf").run()
    assert not at.exception
    assert "„zwölf“ ist keine Zahl" in at.error[0].value
    assert "Es gilt weiter 8; 12; 16." in at.error[0].value
    assert f"<td>über 16,0 – 20,4{NB}%</td>" in legend_text(at)  # the last valid bounds stay


@pytest.mark.parametrize(
    ("lang", "text", "label"),
    [("de", "8,5; 12,5; 16", f"<td>über 12,5 – 16,0{NB}%</td>"), ("en", "8.5; 12.5; 16", f"<td>over 12.5 – 16.0{NB}%</td>")],
)
def test_manual_breaks_read_in_the_readers_format(with_boundaries, lang, text, label):
    at = make_app()
    at.selectbox(key="lang").set_value(lang).run()
    at.selectbox(key="scheme").set_value("manual").run()
    at.text_input(key="manual_bins").set_value(text).run()
    assert not at.error
    assert label in legend_text(at)
    assert at.session_state["_kept_breaks"] == [8.5, 12.5, 16.0]
    assert at.query_params["breaks"] == "8.5,12.5,16"


def test_legend_says_1_gebiet_in_the_singular(with_boundaries):
    at = make_app()
    at.selectbox(key="scheme").set_value("manual").run()
    at.text_input(key="manual_bins").set_value("6,2; 20").run()
    legend = legend_text(at)
    assert f"<td>6,2 – 6,2{NB}%</td><td style='text-align:right'>2 Gebiete</td>" in legend
    assert f"<td>über 20,0 – 20,4{NB}%</td><td style='text-align:right'>1 Gebiet</td>" in legend


def test_manual_breaks_in_english_format_are_refused_in_german(with_boundaries):
    at = make_app()
    at.selectbox(key="scheme").set_value("manual").run()
    at.text_input(key="manual_bins").set_value("8; 12.5").run()
    assert not at.exception
    assert "meinten Sie „12,5“?" in at.error[0].value


def test_language_switch_rewrites_the_manual_breaks(with_boundaries):
    at = make_app()
    at.selectbox(key="scheme").set_value("manual").run()
    at.text_input(key="manual_bins").set_value("8,5; 12").run()
    at.selectbox(key="lang").set_value("en").run()
    assert at.text_input(key="manual_bins").value == "8.5; 12"
    assert not at.error


def test_std_mean_says_why_it_gives_fewer_classes(with_boundaries):
    at = make_app()
    at.selectbox(key="scheme").set_value("std_mean").run()
    at.slider(key="k").set_value(7).run()
    notice = " ".join(i.value for i in at.info)
    assert "Mittelwert ± Standardabweichung ergibt hier" in notice
    assert "statt 7 Klassen" in notice
    assert "von \u22121,1 bis 1,7 Standardabweichungen" in notice
    legend = legend_text(at)
    # six classes in half standard deviations inside the data range (6,2 to 20,4 %), none empty below
    assert f"<td>6,2 – 6,6{NB}%</td><td style='text-align:right'>3 Gebiete</td>" in legend
    assert f"<td>über 19,5 – 20,4{NB}%</td><td style='text-align:right'>2 Gebiete</td>" in legend
    assert legend.count("<tr>") == 7  # six classes plus "no data"


def test_std_mean_gives_the_classes_chosen_in_half_steps(with_boundaries):
    at = make_app()
    at.selectbox(key="scheme").set_value("std_mean").run()
    assert legend_text(at).count("<tr>") == 6  # five classes (the default) plus "no data"
    notice = " ".join(i.value for i in at.info)
    assert "Klassenbreite eine halbe Standardabweichung" in notice
    at.slider(key="k").set_value(4).run()
    assert legend_text(at).count("<tr>") == 5
    assert "halbe Standardabweichung" not in " ".join(i.value for i in at.info)


def _map_path(at: AppTest) -> tuple[int, ...]:
    """Where the Leaflet map sits in the page's element tree (its identity in the browser)."""

    def walk(node, path):
        if getattr(node, "type", None) == "component_instance":
            return path
        for index, child in getattr(node, "children", {}).items():
            found = walk(child, (*path, index))
            if found is not None:
                return found
        return None

    found = walk(at.main, ())
    assert found is not None, "no map drawn"
    return found


def test_controls_and_notices_never_move_the_map(with_boundaries):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["indicator"] = "gibtsnicht"  # a notice on the first run only
    at.run()
    assert any("gibtsnicht" in w.value for w in at.warning)
    where = _map_path(at)
    at.run()
    assert not any("gibtsnicht" in w.value for w in at.warning)
    assert _map_path(at) == where
    steps = [
        lambda: at.selectbox(key="indicator").set_value("foreign_share_u30"),  # a notice above the map
        lambda: at.selectbox(key="indicator").set_value("residents"),  # another notice
        lambda: at.selectbox(key="scheme").set_value("std_mean"),
        lambda: at.slider(key="k").set_value(7),  # "3 statt 7 Klassen"
        lambda: at.selectbox(key="scheme").set_value("manual"),  # an input field appears
        lambda: at.text_input(key="manual_bins").set_value("8; zwölf"),  # an error appears
        lambda: at.selectbox(key="scheme").set_value("quantiles"),  # all of it goes away
    ]
    for step in steps:
        step()
        at.run()
        assert not at.exception
        assert _map_path(at) == where


def test_not_aggregable_share_is_explained(with_boundaries):
    at = make_app()
    at.selectbox(key="indicator").set_value("foreign_share_u30").run()
    notice = next(i.value for i in at.info if "nicht berechnen" in i.value)
    assert "(Ausländerinnen und Ausländer unter 30 ÷ Einwohnerinnen und Einwohner unter 30)" in notice


INTERNAL = ("foreigners_u30", "residents_u30", "foreign_share", "ANKUNFTSATLAS_TILES", "_u30")


def _screen_text(at: AppTest) -> str:
    parts = [e.value for kind in ("info", "warning", "caption", "markdown", "text") for e in getattr(at, kind)]
    parts += [str(d.value.to_dict()) for d in at.dataframe]
    return " ".join(str(p) for p in parts)


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(("page", "indicator"), [("pages/map.py", "foreign_share_u30"), ("pages/map.py", "residents"),
                                                 ("pages/data.py", None)])
def test_no_internal_ids_or_admin_hints_on_screen(with_boundaries, page, indicator, lang):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    if indicator:
        at.query_params["indicator"] = indicator
    at.run()
    if page != PAGES[0]:
        at.switch_page(page).run()
    assert not at.exception
    shown = _screen_text(at)
    assert not [word for word in INTERNAL if word in shown]


def test_data_page_names_the_formulas(with_boundaries):
    at = make_app("pages/data.py")
    table = next(d.value for d in at.dataframe if "Berechnung" in d.value.columns).set_index("Indikator")
    assert table.loc["Anteil Ausländer an den unter 30-Jährigen", "Berechnung"] == (
        "Ausländerinnen und Ausländer unter 30 ÷ Einwohnerinnen und Einwohner unter 30 × 100"
    )
    assert table.loc["Einwohnerinnen und Einwohner (abgeleitet)", "Berechnung"] == (
        "Ausländerinnen und Ausländer (Anzahl) ÷ Anteil Ausländerinnen und Ausländer"
    )


def test_click_on_the_map_selects_and_shows_details(with_boundaries):
    at = make_app()
    # What streamlit-folium hands back after a click inside Hohenecken.
    at.session_state["atlas_map"] = {"last_clicked": {"lat": 49.407, "lng": 7.705}}
    at.run()
    assert at.selectbox(key="selected_unit").value == "Hohenecken"
    assert any(s.value == "Details: Hohenecken" for s in at.subheader)
    table = at.table[0].value
    share = table.loc["Anteil Ausländerinnen und Ausländer"]
    assert share["Wert"] == f"9,2{NB}%"
    assert share["Einordnung"].startswith(f"Gesamtstadt 14,2{NB}% · Rang 3 von 10 auf der Karte")
    assert table.loc["Ausländerinnen und Ausländer (Anzahl)", "Wert"] == f"331{NB}Personen"


def test_details_give_no_rank_where_every_area_has_the_same_value_and_name_each_source_once(with_boundaries):
    """No project is recorded: every area has 0 projects, and "Rang 1 von 10" said nothing (walk finding);
    the sources line named the statistics office and the project database twice each."""
    at = make_app()
    at.selectbox(key="selected_unit").set_value("Erfenbach").run()
    table = at.table[0].value
    assert table.loc["Integrationsprojekte (Anzahl)", "Einordnung"] == (
        f"Gesamtstadt 0{NB}Projekte · alle Gebiete mit demselben Wert (kein Rang)")
    assert table.loc["Anteil Ausländerinnen und Ausländer", "Einordnung"] == (
        f"Gesamtstadt 14,2{NB}% · Rang 5 von 10 auf der Karte · 13 von 18 Gebieten")
    sources = next(c.value for c in at.caption if c.value.startswith("Quelle:"))
    assert sources == ("Quelle: Statistisches Amt der Stadt Kaiserslautern, 2016; "
                       "Projektdatenbank Ankunftsatlas (eigene Erfassung)")


def test_selecting_innenstadt_lists_its_districts(with_boundaries):
    at = make_app()
    at.selectbox(key="selected_unit").set_value("Innenstadt").run()
    assert any("Betzenberg" in c.value and "Kaiserslautern-West" in c.value for c in at.caption)
    assert at.table[0].value.loc["Anteil Ausländerinnen und Ausländer", "Wert"] == f"16,1{NB}%"


def test_english_switch(with_boundaries):
    at = make_app()
    at.selectbox(key="lang").set_value("en").run()
    assert at.title[0].value == "Arrival quarters in Kaiserslautern – foreign residents 2016"
    assert f"6.2 – 6.7{NB}%" in legend_text(at)
    # the map's heading in the data configuration's English words (it said "Map: Ortsbezirke")
    assert [h.value for h in at.subheader if h.value.startswith("Map:")] == ["Map: local districts"]


def test_sources_are_on_the_map_page(with_boundaries):
    text = " ".join(m.value for m in make_app().markdown)
    assert "Statistisches Amt der Stadt Kaiserslautern, 2016" in text
    assert "Stadtverwaltung Kaiserslautern (Open-Data-Portal)" in text
    assert "Hintergrundkarte:** aus" in text


def test_data_page_labels_the_matching_table(with_boundaries):
    """The matching table showed its raw column names (statistik, grenzen, methode) and 'exact'."""
    at = make_app("pages/data.py")
    table = next(d.value for d in at.dataframe if "In der Grenzdatei" in d.value.columns)
    assert table.columns.tolist() == ["In der Statistik", "In der Grenzdatei", "Zugeordnet über"]
    row = table.set_index("In der Statistik").loc["Erzhütten / Wiesenthalerhof"]
    assert (row["In der Grenzdatei"], row["Zugeordnet über"]) == ("Erzhütten / Wiesenthalerhof", "den gleichen Namen")
    assert len(table) == 10
    at.selectbox(key="lang").set_value("en").run()
    table = next(d.value for d in at.dataframe if "Matched by" in d.value.columns)
    assert table.columns.tolist() == ["In the statistics", "In the boundary file", "Matched by"]
    assert set(table["Matched by"]) == {"the same name"}


def test_data_page_lists_all_areas_and_the_city(with_boundaries):
    at = make_app("pages/data.py")
    areas = next(d.value for d in at.dataframe if "Schreibweise im Original" in d.value.columns)
    assert len(areas) == 19
    hohenecken = areas[areas["Gebiet"] == "Hohenecken"].iloc[0]
    assert hohenecken["Schreibweise im Original"] == "Нонемескем"
    assert areas.iloc[-1]["Gebiet"] == "Gesamtstadt"
    assert areas.iloc[-1]["Ausländerinnen und Ausländer (Anzahl)"] == f"13.918{NB}Personen"
    assert "10 von 10 Kartengebieten zugeordnet (0 unscharf)" in " ".join(m.value for m in at.markdown)


def test_link_parameters_set_the_view(with_boundaries):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["indicator"] = "foreign_share_u30"
    at.query_params["k"] = "3"
    at.query_params["sel"] = "betzenberg"
    at.run()
    assert not at.warning or "ungültigen" not in at.warning[0].value
    assert at.selectbox(key="indicator").value == "foreign_share_u30"
    assert at.slider(key="k").value == 3
    assert at.session_state["selected_areas"] == ["betzenberg"]
    assert legend_text(at).count("<tr>") == 4


def test_broken_link_parameters_fall_back_with_notices(with_boundaries):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["indicator"] = "gibtsnicht"
    at.query_params["sel"] = "atlantis"
    at.run()
    assert not at.exception
    notices = [w.value for w in at.warning]
    assert any("„indicator“ (gibtsnicht)" in n for n in notices)
    assert any("„sel“ (atlantis)" in n for n in notices)
    assert at.selectbox(key="indicator").value == "foreign_share"


def test_controls_survive_a_visit_to_another_page(with_boundaries):
    at = make_app()
    at.selectbox(key="indicator").set_value("foreigners").run()
    at.switch_page("pages/data.py").run()
    at.switch_page("pages/map.py").run()
    assert at.selectbox(key="indicator").value == "foreigners"


def test_presentation_view_hides_controls(with_boundaries):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["mode"] = "present"
    at.query_params["lang"] = "en"
    at.query_params["indicator"] = "foreigners"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Arrival quarters in Kaiserslautern – foreign residents 2016: Foreign residents (count)"
    assert len(at.selectbox) == 0 and len(at.slider) == 0  # no controls, no sidebar
    assert "Legend: Foreign residents (count)" in legend_text(at)
    # the summed Innenstadt (12,258) is coloured in the top class (up to 1,998): the room is told so
    assert [m.value for m in at.markdown if "atlas-present-note" in m.value] == [
        "<div class='atlas-present-sources atlas-present-note'>"
        "Innenstadt: sum of several areas, above the top class and shown in it.</div>"]
    at.button(key="present_exit").click().run()
    assert at.selectbox(key="indicator").value == "foreigners"
    assert at.selectbox(key="lang").value == "en"


def test_view_exports_are_offered(with_boundaries):
    at = make_app()
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Ansicht als HTML (offline)", "Ansicht als PNG (Folie)"]
