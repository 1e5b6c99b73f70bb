"""AppTest: the ranking page's recipe section and the network page's recipe section.

Kaiserslautern (embedded, real) has only two indicators: the recipes that need more say so.
"Rezeptstadt" (tests/recipe_fixture.py) is a SYNTHETIC fixture with all four of Kurtenbach's indicators.
"""

from __future__ import annotations

import math

from tests.recipe_fixture import SLUG, import_recipe_city


def _ranking(query: dict | None = None):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import REPO

    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/ranking.py").run()
    assert not at.exception, at.exception
    return at


# each table of the sections by a column only it has (AppTest does not expose a dataframe's key)
_TABLES = {
    "recipe_table": "Punkte: Ausländeranteil",
    "recipe_compare_table": "Rezepte mit Merkmal",
    "recipe_pairs": "Jaccard (markierte Gebiete)",
    "network_recipe_table": "Anteil der Einwohner darin",
}


def _tables(at, key):
    return [d.value for d in at.dataframe if _TABLES[key] in d.value.columns]


def _frame(at, key):
    return _tables(at, key)[0]


def _status(at) -> dict[str, str]:
    """Recipe name -> its state, from the list of recipes ("- **name** (source): state")."""
    text = next(m.value for m in at.markdown if m.value.startswith("- **Eigener gewichteter Index**"))
    lines = [line.removeprefix("- **").split("** (", 1) for line in text.splitlines()]
    return {name: rest.split("): ", 1)[1].replace("\\", "") for name, rest in lines}


def test_kaiserslautern_recipes_that_need_more_indicators_say_so(app_env):
    at = _ranking()
    status = _status(at)
    assert status["Kurtenbach: Quintilpunkte"] == (
        "rechnet nicht – es fehlt: Anteil Arbeitslose an der Bevölkerung im erwerbsfähigen Alter, "
        "Anteil 65 Jahre und älter (niedrig: Merkmal), Anteil mit Wohndauer unter 5 Jahren an der Adresse"
    )
    assert status["Einfache Schwellenregel"] == "rechnet nicht – es fehlt: Anteil mit Wohndauer unter 5 Jahren an der Adresse"
    assert status["MSS: Status × Dynamik"].startswith("rechnet nicht – es fehlt: S1 Arbeitslosigkeit")
    assert status["Eigener gewichteter Index"] == "rechnet: 4 von 18 Gebieten mit Merkmalen"
    assert "Nur ein Rezept rechnet auf diesem Datensatz" in " ".join(i.value for i in at.info)
    compared = _frame(at, "recipe_compare_table")
    assert len(compared) == 18 and set(compared["Rezepte mit Merkmal"]) == {"1 / 1", "0 / 1"}
    assert not _tables(at, "recipe_pairs")  # nothing to pair


def test_kaiserslautern_recipe_from_the_url_says_what_is_missing(app_env):
    at = _ranking({"recipe": "kurtenbach"})
    assert at.selectbox(key="recipe").value == "kurtenbach"
    warning = " ".join(w.value for w in at.warning)
    assert "„Kurtenbach: Quintilpunkte“ rechnet auf diesem Datensatz nicht. Es fehlt: Anteil Arbeitslose" in warning
    assert not [d for d in at.dataframe if "Rang" in d.value.columns and "Punkte" in d.value.columns]  # no zeros
    at.selectbox(key="recipe").set_value("schwelle").run()
    assert at.query_params["recipe"] == "schwelle"


def test_a_dataset_with_all_of_kurtenbachs_indicators_compares_four_recipes(app_env):
    import_recipe_city(app_env / "fixture")
    at = _ranking({"ds": SLUG, "recipe": "kurtenbach"})
    status = _status(at)
    assert status["Kurtenbach: Quintilpunkte"] == "rechnet: 2 von 10 Gebieten mit Merkmalen"
    assert status["Einfache Schwellenregel"] == "rechnet: 0 von 10 Gebieten mit Merkmalen"
    result = _frame(at, "recipe_table")
    assert result["Gebiet"].tolist()[:2] == ["Gebiet i", "Gebiet j"]
    assert result["Punkte"].tolist() == ["16", "16", "14", "13", "12", "11", "10", "9", "8", "8"]
    assert "Kurtenbach: Quintilpunkte: 2 von 10 Gebieten – Merkmale eines Ankunftsquartiers" in " ".join(
        m.value for m in at.markdown)
    pairs = _frame(at, "recipe_pairs")
    assert len(pairs) == 3  # three recipes run: own index, Kurtenbach, threshold
    row = pairs[(pairs["Rezept A"] == "Kurtenbach: Quintilpunkte") & (pairs["Rezept B"] == "Einfache Schwellenregel")]
    assert row["Jaccard (markierte Gebiete)"].tolist() == ["0,00"]
    compared = _frame(at, "recipe_compare_table")
    assert compared["Gebiet"].tolist()[:2] == ["Gebiet i", "Gebiet j"] and compared["Rezepte uneins"].tolist()[:3] == [
        "ja", "ja", "nein"]
    at.button(key="recipe_take").click().run()
    method = at.session_state["selection_method"]["Schritte"][-1]  # the recipe is the last step of the chain
    assert method["Schritt"] == "Rezept"
    assert method["Rezept"] == "Kurtenbach: Quintilpunkte (kurtenbach)"
    assert method["Eingang: Ausländeranteil"].startswith("Ausländeranteil (")
    assert "Testquelle Rezeptstadt (synthetisch)" in method["Eingang: Ausländeranteil"]
    assert method["Ergebnis"].startswith("Kurtenbach: Quintilpunkte: 2 von 10 Gebieten")
    assert at.query_params["recipe"] == "kurtenbach"


def test_network_page_runs_one_recipe_in_two_cities(app_env):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import REPO

    import_recipe_city(app_env / "fixture")
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/network.py").run()
    at.selectbox(key="network_recipe").set_value("kurtenbach").run()
    assert not at.exception
    table = _frame(at, "network_recipe_table")
    rows = table.set_index("Kommune")
    assert rows.loc["Rezeptstadt", "Gebiete mit Merkmalen"] == "2 / 10"
    assert rows.loc["Rezeptstadt", "Anteil der Einwohner darin"] == "20,0 %"  # 2 × 1.000 of 10.000
    assert rows.loc["Rezeptstadt", "Gebiete"] == "Gebiet i, Gebiet j"
    assert "Testquelle Rezeptstadt (synthetisch)" in rows.loc["Rezeptstadt", "Eingänge (Jahr, Quelle)"]
    kl = next(k for k in rows.index if k.startswith("Kaiserslautern"))
    assert rows.loc[kl, "Gebiete mit Merkmalen"] == "rechnet nicht"
    assert rows.loc[kl, "Eingänge (Jahr, Quelle)"].startswith("Anteil Arbeitslose an der Bevölkerung im erwerbsfähigen Alter: fehlt")
    warnings = [w.value for w in at.warning]
    assert any(w.startswith(f"{kl}: es fehlt Anteil Arbeitslose") for w in warnings)
    assert "Quelle: Kurtenbach, Sebastian (2015)" in " ".join(c.value for c in at.caption)


def test_a_self_drawn_quarter_is_scored_by_every_recipe_that_runs(app_env, dataset, map_geometry):
    from geo.analysis.quarters import parse_quarter, quarter_figures
    from tests.test_quarter_analysis import ROW, _edit, _save
    from tests.test_ui_quarters import POLYGON, XSS
    from ui.shell.quarter_data import district_counts

    figures = quarter_figures(parse_quarter(POLYGON), None, district_counts(dataset, map_geometry))
    quarter = _save(XSS)
    at = _ranking({"q": str(quarter)})
    _edit(at, "ranking_weights", edited_rows={1: {"weight": "0"}})  # the share of foreigners alone
    assert not at.exception
    shares = dataset.areas["foreign_share"].dropna()
    z = (figures.share - shares.mean()) / shares.std(ddof=0)  # the areas' mean and SD, computed here
    would = 1 + int((shares > figures.share).sum())
    rows = next(d.value for d in at.dataframe if "Eigener gewichteter Index" in d.value.columns)
    flag = "ja" if z >= 1 else "nein"
    assert rows.iloc[0].tolist() == [ROW, f"{z:.2f}".replace(".", ",") + f" · Merkmale: {flag} · Rang {would} von 19"]
    assert any("Gemessen an den Gebieten" in c.value for c in at.caption)


def test_a_signed_in_editor_maps_a_missing_role_once_and_the_recipe_runs(app_env, dataset):
    import json

    from tests.test_network import _open

    at = _open(sign_in=True)
    at.switch_page("pages/ranking.py").run()
    assert _status(at)["Einfache Schwellenregel"].startswith("rechnet nicht")
    # For the test only: the under-30 share stands in for the residence role (what an editor would choose is theirs).
    at.selectbox(key="recipe_map_residence5").set_value("foreign_share_u30")
    next(b for b in at.get("form_submit_button") if b.label == "Zuordnung speichern").click()
    at.run()
    assert not at.exception
    # The role is filled now; the rule then needs the city value of the under-30 share, which Kaiserslautern's
    # table does not give (no counts): the recipe says so instead of running without it.
    assert math.isnan(dataset.city.get("foreign_share_u30", math.nan))
    assert _status(at)["Einfache Schwellenregel"] == (  # the reader's language only (a typed error)
        "rechnet nicht: Für „Anteil mit Wohndauer unter 5 Jahren an der Adresse“ fehlt der Wert der Gesamtstadt; "
        "die Schwellenregel braucht ihn."
    )
    assert _status(at)["Kurtenbach: Quintilpunkte"].startswith(
        "rechnet nicht – es fehlt: Anteil Arbeitslose an der Bevölkerung im erwerbsfähigen Alter, "
        "Anteil 65 Jahre und älter (niedrig: Merkmal)")  # residence found through the mapping now
    assert "Wohndauer" not in _status(at)["Kurtenbach: Quintilpunkte"]
    at.selectbox(key="lang").set_value("en").run()
    english = [line for m in at.markdown for line in m.value.splitlines() if "has no city value" in line]
    assert [line.split("): ", 1)[1].replace("\\", "") for line in english] == [
        "does not run: 'Share at their address for under 5 years' has no city value; the threshold rule needs it."]
    stored = json.loads((app_env / "userdata" / "indicator_mapping.json").read_text(encoding="utf-8"))
    assert stored["groups"] == [{"label": "Anteil mit Wohndauer unter 5 Jahren an der Adresse",
                                 "members": {"kaiserslautern_2016": "foreign_share_u30"}}]
