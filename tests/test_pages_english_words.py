"""English pages say the app's own words in English (walk findings): the status-dynamics class
"ungültig", the recipes' source and citation, the projects page's Themenfeld; class codes with a
minus sign where shown ("2−"), the CSV code unchanged ("2-")."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from tests.test_pages_statusdynamics import _long_table, status_from_2019
from ui.shell.strings import t


@pytest.fixture(autouse=True)
def environment(app_env):
    return app_env  # the app in a fresh folder (tests/conftest.py)


def _ranking(lang: str, dataset: str | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    at.query_params["lang"] = lang
    if dataset:
        at.query_params["ds"] = dataset
    at.run()
    at.switch_page("pages/ranking.py").run()
    assert not at.exception
    return at


def _classes(at: AppTest, lang: str):
    column = t("sdi_code", lang)
    return next(d.value for d in at.dataframe if column in d.value.columns)[column].tolist()


def _legend(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "<table aria-label=" in m.value and "background:#ffffff" in m.value)


@pytest.mark.parametrize(("lang", "word"), [("en", "invalid"), ("de", "ungültig")])
def test_invalid_areas_are_named_in_the_pages_language(lang, word):
    at = _ranking(lang)
    at.text_input(key="sdi_min_residents").input("3000").run()
    codes = _classes(at, lang)
    invalid = codes.count(word)
    assert invalid > 0 and f"{word}: {invalid}" in _legend(at)
    if lang == "en":
        assert "ungültig" not in _legend(at) and "ungültig" not in codes


@pytest.mark.parametrize(("lang", "word"), [("en", "invalid"), ("de", "ungültig")])
def test_falling_classes_show_a_minus_sign(tmp_path, lang, word):
    _long_table(tmp_path)
    at = _ranking(lang, "zeitreihe")
    status_from_2019(at)
    assert _classes(at, lang) == ["4±", "1±", "2±", "2±", "2±", "2±", "2±", "2±", "2+", "2\u2212", word]
    legend = _legend(at)
    assert "2\u2212: 1" in legend and "2-" not in legend


@pytest.mark.parametrize(
    ("lang", "own", "example", "citation"),
    [
        ("en", "- **Own weighted index** (Own weighting (ranking page))",
         "**Simple threshold rule** (Ankunftsatlas (example rule))", "Weighted sum of z-standardised indicators"),
        ("de", "- **Eigener gewichteter Index** (Eigene Gewichtung (Rangfolge-Seite))",
         "**Einfache Schwellenregel** (Ankunftsatlas (Beispielregel))", "Gewichtete Summe z-standardisierter"),
    ],
)
def test_the_recipes_own_source_words_are_in_the_pages_language(lang, own, example, citation):
    at = _ranking(lang)
    listed = next(m.value for m in at.markdown if m.value.startswith("- **Own weighted" if lang == "en" else "- **Eigener"))
    assert listed.startswith(own) and example in listed
    shown = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    shown += " ".join(" ".join(map(str, d.value.astype(str).to_numpy().ravel())) for d in at.dataframe)
    assert citation in shown
    if lang == "en":
        assert "Gewichtete Summe" not in shown and "Beispielregel" not in shown and "Rangfolge-Seite" not in shown


def _projects(lang: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/projects.py").run()
    assert not at.exception
    return at


@pytest.mark.parametrize(
    ("lang", "filter_label", "points", "click"),
    [
        ("en", "Topics", "Points coloured by topic (pale: ended), clustered when dense.",
         "Signed in: a click on the map sets the coordinates of a new project."),
        ("de", "Themenfelder", "Punkte nach Themenfeld gefärbt (blass: beendet), bei vielen Projekten gebündelt.",
         "Angemeldet: ein Klick auf die Karte setzt die Koordinaten für ein neues Projekt."),
    ],
)
@pytest.mark.parametrize("public", [False, True])
def test_projects_page_words_and_the_click_hint_only_where_one_can_sign_in(
    monkeypatch, lang, filter_label, points, click, public
):
    if public:
        monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    at = _projects(lang)
    assert at.multiselect(key="proj_filter_field").label == filter_label
    captions = [c.value for c in at.caption]
    assert (points + " " + click in captions) is not public
    assert (points in captions) is public
    if lang == "en":
        assert not any("Themenfeld" in c or "Angemeldet" in c for c in captions)


@pytest.mark.parametrize(
    ("lang", "source"),
    [("en", "Ankunftsatlas project database (own records)"), ("de", "Projektdatenbank Ankunftsatlas (eigene Erfassung)")],
)
def test_the_project_indicators_own_source_is_in_the_pages_language(lang, source):
    from geo.domain.indicators import load_indicator_specs

    specs = load_indicator_specs(REPO / "data" / "indicators.csv")
    assert specs["projects"].source_text(lang) == source
    assert specs["projects_per_1000"].source_text(lang).startswith(source)
    # a published source without an English column stays as published
    assert specs["foreign_share"].source_text("en") == "Statistisches Amt der Stadt Kaiserslautern, 2016"
