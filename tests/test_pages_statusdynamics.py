"""AppTest for the Status-Dynamik-Index section of the ranking page (ui/views/statussection.py)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from tests.test_ranking_cli import PATTERN, _import


@pytest.fixture(autouse=True)
def environment(app_env):
    return app_env  # the app in a fresh folder (tests/conftest.py)


def _ranking(dataset: str | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    if dataset:
        at.query_params["ds"] = dataset
    at.run()
    at.switch_page("pages/ranking.py").run()
    assert not at.exception
    return at


def _classes(at: AppTest):
    return next(d.value for d in at.dataframe if "Status-Dynamik" in d.value.columns)


def _method(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "**Statusindex:**" in m.value)


def _legend(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "aria-label='Legende: Status" in m.value)


def test_embedded_dataset_status_classes_without_dynamics():
    at = _ranking()
    table = _classes(at)
    codes = dict(zip(table["Gebiet"], table["Status-Dynamik"]))
    assert (codes["Innenstadt Südwest"], codes["Innenstadt West / Kotten"], codes["Erfenbach"]) == ("4", "3", "1")
    # an index of the share of foreigners measures no social status: neutral class words (issue #22)
    assert at.radio(key="sdi_social").value == "other"
    assert table["Status"].tolist().count("Klasse 1 (niedrigste Indexwerte)") == 4
    assert not any("hoch" in s or "niedrig" in s for s in table["Status"].tolist() if "Indexwerte" not in s)
    assert at.radio(key="sdi_source").value == "none"
    assert at.selectbox(key="sdi_residents").value == "residents"
    method = _method(at)
    assert "Klassen:** Klasse 1 \\< −1 ≤ Klasse 2 ≤ +1 \\< Klasse 3 ≤ +1,5 \\< Klasse 4; der Index misst keinen" in method
    assert "Dynamikklassen" not in method
    assert "Mindesteinwohnerzahl:** 300 (Einwohnerinnen und Einwohner (abgeleitet))" in method
    legend = _legend(at)
    assert "Legende: Statusklassen" in legend and "ungültig: 0" in legend
    assert [b.label for b in at.get("download_button") if "Klassen" in b.label] == ["Klassen als CSV (mit Methode)"]


def test_raising_the_resident_threshold_marks_areas_invalid_and_bad_cut_offs_are_refused():
    at = _ranking()
    at.text_input(key="sdi_min_residents").input("3000").run()
    table = _classes(at)
    invalid = table["Status-Dynamik"].tolist().count("ungültig")
    assert invalid > 0 and f"ungültig: {invalid}" in _legend(at)
    assert "Nicht klassifiziert:**" in _method(at) and "unter 3000 Einwohnern" in _method(at)
    at.text_input(key="sdi_status_cuts").input("1; -1; 2").run()
    assert not at.exception
    assert any("aufsteig" in e.value or "steigen" in e.value for e in at.error)
    assert "−1 ≤ Klasse 2 ≤ +1" in _method(at)  # the last valid cut-offs stay in force


def _long_table(tmp_path) -> None:
    """Test fixture, synthetic: ALQ 2019 follows PATTERN, its change to 2021 the reversed PATTERN."""
    rows = ["id;indikator;jahr;wert"]
    for i, (level, change) in enumerate(zip(PATTERN, reversed(PATTERN))):
        rows += [f"p{i};ALQ;2019;{30 + 4 * level:g}", f"p{i};ALQ;2021;{30 + 4 * level + 4 * change:g}",
                 f"p{i};Einwohner;2021;{1000 + i}"]
    rows += ["p10;ALQ;2019;90", "p10;ALQ;2021;10", "p10;Einwohner;2021;250"]
    _import(tmp_path, "Zeitreihe", rows)


def status_from_2019(at) -> None:
    """On the ranking page of "zeitreihe" (which opens on its newest year, ALQ 2021): ALQ 2019 as the
    status, its change to 2021 as the dynamics."""
    at.session_state["ranking_weights"] = {
        "edited_rows": {0: {"weight": "1"}, 1: {"weight": "0"}}, "added_rows": [], "deleted_rows": []
    }
    at.run()
    at.radio(key="sdi_source").set_value("changes").run()


def test_long_table_dynamics_from_the_change_indicator(tmp_path):
    _long_table(tmp_path)
    at = _ranking("zeitreihe")
    assert at.radio(key="sdi_source").value == "years"  # the page opens on the newest year (ALQ 2021)
    # weight on ALQ 2019 instead: it is the status; its change to 2021 is offered as dynamics
    at.session_state["ranking_weights"] = {
        "edited_rows": {0: {"weight": "1"}, 1: {"weight": "0"}}, "added_rows": [], "deleted_rows": []
    }
    at.run()
    at.radio(key="sdi_source").set_value("changes").run()
    assert at.multiselect(key="sdi_changes").value == ["alq@2019-2021"]
    assert at.selectbox(key="sdi_residents").value == "einwohner@2021"
    assert _classes(at)["Status-Dynamik"].tolist() == [
        "4±", "1±", "2±", "2±", "2±", "2±", "2±", "2±", "2+", "2−", "ungültig",
    ]
    legend = _legend(at)
    assert "2+: 1" in legend and "2±: 6" in legend and "2−: 1" in legend and "ungültig: 1" in legend
    assert "Gebiet 10: unter 300 Einwohnern (250)" in _method(at)


def test_long_table_dynamics_since_a_year(tmp_path):
    _long_table(tmp_path)
    at = _ranking("zeitreihe")
    # weight on ALQ 2021 instead of ALQ 2019
    at.session_state["ranking_weights"] = {
        "edited_rows": {0: {"weight": "0"}, 1: {"weight": "1"}}, "added_rows": [], "deleted_rows": []
    }
    at.run()
    at.radio(key="sdi_source").set_value("years").run()
    assert at.selectbox(key="sdi_from_year").value == 2019
    # status 2021 = level + change: z = (2, −2, 1, −1, 0, 0, −1, 1, −2, 2) / √2
    assert _classes(at)["Status-Dynamik"].tolist() == [
        "3±", "1±", "2±", "2±", "2±", "2±", "2±", "2±", "1+", "3−", "ungültig",
    ]
    method = _method(at)
    assert "Jahre der Dynamik:** 2019–2021" in method
    assert "Dynamikindex:** z(1,00 × z(Veränderung ALQ (2021)))" in method


def test_cut_offs_and_threshold_typed_in_german_are_read_as_german_numbers():
    """'-1,2' is minus one point two and '1.000' is one thousand, never -12 or 1."""
    at = _ranking()
    at.text_input(key="sdi_status_cuts").input("-1,2; 1; 1,5").run()
    at.text_input(key="sdi_min_residents").input("1.000").run()
    assert not at.exception and not at.error
    method = _method(at)
    assert "Klasse 1 \\< −1,2 ≤ Klasse 2 ≤ +1 \\< Klasse 3 ≤ +1,5 \\< Klasse 4" in method
    assert "Mindesteinwohnerzahl:** 1000 " in method
    at.text_input(key="sdi_status_cuts").input("-1.2; 1; 1.5").run()  # English decimals in German: refused
    assert any("meinten Sie" in e.value for e in at.error)
    assert "−1,2 ≤ Klasse 2" in _method(at)  # the last valid cut-offs stay in force


def test_class_table_gives_each_column_the_room_of_its_longest_words():
    """The class words are long ("Klasse 4 (höchste Indexwerte)", 29 characters ≈ 190 px at 14 px); a
    narrow column cut them to "Klasse 4 (" at 1366 px. The table now spans the page, each column as wide as
    its longest entry, and all of them fit beside the sidebar at 1366 px (912 px) without scrolling."""
    at = _ranking()
    frame = next(d for d in at.dataframe if "Status-Dynamik" in d.value.columns)
    widths = {name: c["width"] for name, c in json.loads(frame.proto.columns).items() if "width" in c}
    assert widths == {"Gebiet": 255, "Statusindex": 101, "Status": 248, "Dynamikindex": 108, "Dynamik": 73,
                      "Status-Dynamik": 122}
    assert widths["Status"] >= 200 and sum(widths.values()) <= 912
