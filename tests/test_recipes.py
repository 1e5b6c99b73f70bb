"""Arrival-quarter recipes: files checked at load, binding, rules by hand, comparison by hand.

Every table here is a synthetic test fixture made in this file (invented areas "a".."j").
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.analysis.network import IndicatorMapping, MappedIndicator
from geo.analysis.recipe_compare import compare, jaccard, kendall_tau, own_recipe, run_recipe
from geo.analysis.recipe_rules import apply_rule, quintile_points, score_quarters
from geo.analysis.recipes import RecipeError, bind, load_recipe, load_recipes
from geo.analysis.statusdynamics import status_dynamics
from geo.domain.dataset import assemble
from geo.domain.indicators import IndicatorSpec
from geo.read.sources import StatisticsSource

AREAS = list("abcdefghij")
# Kurtenbach's four indicators on ten invented areas, with ties at quintile borders:
# foreigners f and g tie across the border of the 3rd and 4th quintile (ranks 6 and 7), b and c across
# the 1st and 2nd (ranks 2 and 3); aged 65+ d and e across the 2nd and 3rd (ranks 4 and 5).
KURTENBACH = pd.DataFrame(
    {
        "unemployed": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        "foreigners": [10, 20, 20, 30, 40, 50, 50, 70, 80, 90],
        "aged65": [30, 28, 26, 23, 23, 20, 18, 16, 14, 12],  # low points to arrival
        "residence5": [12, 11, 10, 9, 8, 7, 6, 5, 4, 3],
    },
    index=AREAS,
    dtype=float,
)
# By hand: points = 1 + floor(5 × (rank − 1) ÷ 10), ties share the lowest rank of their group.
POINTS = {
    "unemployed": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5],
    "foreigners": [1, 1, 1, 2, 3, 3, 3, 4, 5, 5],  # b, c (rank 2) 1 point; f, g (rank 6) 3 points
    "aged65": [1, 1, 2, 2, 2, 3, 4, 4, 5, 5],  # d, e (rank 4) 2 points
    "residence5": [5, 5, 4, 4, 3, 3, 2, 2, 1, 1],
}
TOTALS = [8, 8, 9, 10, 11, 12, 13, 14, 16, 16]


@pytest.fixture(scope="module")
def recipes():
    return load_recipes()


def _spec(key: str, label: str, kind: str = "share", unit: str = "%") -> IndicatorSpec:
    return IndicatorSpec(id=key, label_de=label, label_en=label, unit_de=unit, unit_en=unit, kind=kind,
                         numerator="n" if kind == "share" else None, denominator="d" if kind == "share" else None,
                         decimals=1, source="Testquelle (synthetisch)", year=2023)


def _dataset(columns: dict[str, tuple[str, str, list[float]]], key: str = "teststadt"):
    """A synthetic dataset: column id -> (label, kind, values) on areas a..j."""
    areas = pd.DataFrame({"area_id": AREAS, "name": [f"Gebiet {a}" for a in AREAS], "name_original": AREAS,
                          "part": "", "unit": AREAS}, index=AREAS)
    specs = {}
    for column, (label, kind, values) in columns.items():
        areas[column] = values
        specs[column] = _spec(column, label, kind, "" if kind == "count" else "%")
    source = StatisticsSource(id=key, file="", title_de=key, title_en=key, source="Testquelle (synthetisch)",
                              date="2023", licence_de="", licence_en="", tiles="")
    return assemble(areas, specs, pd.DataFrame({"row": range(10), "col": 0}, index=AREAS), source)


def test_shipped_recipes_load(recipes):
    assert list(recipes) == ["eigener_index", "kurtenbach", "mss", "schwelle"]
    assert [r.key for r in recipes["kurtenbach"].roles] == ["unemployed", "foreigners", "aged65", "residence5"]
    assert [r.direction for r in recipes["kurtenbach"].roles] == [1, 1, -1, 1]
    assert recipes["kurtenbach"].params["threshold"] == 16
    for recipe in recipes.values():  # neutral words: features of an arrival quarter, never deficits
        assert recipe.word("flagged", "de").startswith("Merkmale eines Ankunftsquartiers")
        assert "Defizit" not in recipe.word("flagged", "de") + recipe.note("de")


def test_quintile_points_by_hand_with_ties_at_the_borders(recipes):
    for column, points in POINTS.items():
        direction = -1 if column == "aged65" else 1
        assert quintile_points(KURTENBACH[column], direction).tolist() == points, column
    result = apply_rule(recipes["kurtenbach"], KURTENBACH)
    assert result.score.tolist() == TOTALS
    assert result.flagged[result.flagged].index.tolist() == ["i", "j"]  # 16 points or more
    assert result.rank.tolist() == [9, 9, 8, 7, 6, 5, 4, 3, 1, 1]
    assert result.detail.loc["f"].tolist() == [3, 3, 3, 3]


def test_quintile_points_leave_out_areas_with_a_gap(recipes):
    frame = KURTENBACH.copy()
    frame.loc["a", "aged65"] = np.nan
    result = apply_rule(recipes["kurtenbach"], frame)
    assert pd.isna(result.score["a"]) and not result.flagged["a"] and pd.isna(result.rank["a"])
    assert "aged65" in result.left_out["a"]
    # among nine: ranks 1, 2, 3, 3, 5 … 9 → 1 + ⌊5 × (rank − 1) ÷ 9⌋
    assert quintile_points(frame["aged65"], -1).tolist()[1:] == [1, 1, 2, 2, 3, 3, 4, 4, 5]


def test_mss_recipe_gives_the_status_dynamics_classes(recipes):
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(rng.normal(size=(30, 6)) * [3, 4, 5, 1, 1, 1] + [10, 20, 30, 0, 0, 0],
                         columns=["S1", "S3", "S4", "D1", "D3", "D4"], index=[f"p{i}" for i in range(30)])
    frame.loc["p0", ["S1", "S3", "S4"]] = [25.0, 40.0, 50.0]  # one area far above: class 4
    result = apply_rule(recipes["mss"], frame)
    existing = status_dynamics(frame, {"S1": 1.0, "S3": 1.0, "S4": 1.0},
                               dynamics_weights={"D1": 1.0, "D3": 1.0, "D4": 1.0}).table
    assert result.classes.tolist() == existing["code"].tolist()
    assert set(existing["status_class"].dropna()) >= {2, 4}
    flagged = existing.index[existing["status_class"].isin([3, 4])].tolist()
    assert result.flagged[result.flagged].index.tolist() == flagged and "p0" in flagged


def test_threshold_rule_by_hand(recipes):
    frame = pd.DataFrame({"foreigners": [30.0, 30.0, 10.0, 20.0], "residence5": [20.0, 10.0, 30.0, 20.0]},
                         index=["w", "x", "y", "z"])
    result = apply_rule(recipes["schwelle"], frame, {"foreigners": 20.0, "residence5": 15.0})
    # w: 30 ≥ 1,5 × 20 and 20 ≥ 15 → flagged; x: residence 10 < 15; y: 10 < 30; z: 20 < 30
    assert result.flagged.tolist() == [True, False, False, False]
    assert result.score.round(4).tolist() == [1.0, 0.6667, 0.3333, 0.6667]
    with pytest.raises(RecipeError, match="Wert der Gesamtstadt"):
        apply_rule(recipes["schwelle"], frame, {"foreigners": float("nan"), "residence5": 15.0})


def test_jaccard_and_kendall_tau_by_hand():
    assert jaccard({"a", "b", "c"}, {"b", "c", "d"}) == 0.5  # 2 shared of 4
    assert jaccard({"a"}, {"a"}) == 1.0
    assert math.isnan(jaccard(set(), set()))
    # one discordant pair of six: (6 − 2 × 1) ÷ 6
    assert kendall_tau(pd.Series([1, 2, 3, 4]), pd.Series([1, 3, 2, 4])) == pytest.approx(4 / 6)
    assert kendall_tau(pd.Series([1, 2, 3]), pd.Series([3, 2, 1])) == pytest.approx(-1.0)
    assert math.isnan(kendall_tau(pd.Series([1.0, np.nan]), pd.Series([1.0, 2.0])))


def _kurtenbach_dataset(key="teststadt"):
    return _dataset({
        "arbeitslose": ("Arbeitslose %", "value", KURTENBACH["unemployed"].tolist()),
        "foreign_share": ("Ausländeranteil", "share", KURTENBACH["foreigners"].tolist()),
        "share_65plus": ("Anteil 65 Jahre und älter", "share", KURTENBACH["aged65"].tolist()),
        "wohndauer": ("Wohndauer unter 5 Jahren", "share", KURTENBACH["residence5"].tolist()),
    }, key)


def test_binding_by_name_and_by_the_editors_mapping(recipes):
    data = _kurtenbach_dataset()
    binding = bind(recipes["kurtenbach"], "teststadt", data.specs)
    assert binding.indicators == {"unemployed": "arbeitslose", "foreigners": "foreign_share",
                                  "aged65": "share_65plus", "residence5": "wohndauer"}
    assert set(binding.how.values()) == {"name"}
    renamed = _dataset({"quote_xy": ("Quote XY", "value", list(range(10)))})
    assert bind(recipes["kurtenbach"], "teststadt", renamed.specs).missing == (
        "unemployed", "foreigners", "aged65", "residence5")
    mapping = IndicatorMapping((MappedIndicator("Arbeitslosenanteil", {"teststadt": "quote_xy", "other": "x"}),))
    mapped = bind(recipes["kurtenbach"], "teststadt", renamed.specs, mapping)
    assert mapped.indicators == {"unemployed": "quote_xy"} and mapped.how == {"unemployed": "mapping"}


def test_a_recipe_with_a_missing_indicator_says_which_and_does_not_run(recipes, dataset):
    run = run_recipe(recipes["kurtenbach"], dataset)
    assert not run.ran and run.result is None
    assert run.binding.missing == ("unemployed", "aged65", "residence5")
    assert run.binding.missing_text("de") == (
        "Anteil Arbeitslose an der Bevölkerung im erwerbsfähigen Alter, Anteil 65 Jahre und älter (niedrig: Merkmal), "
        "Anteil mit Wohndauer unter 5 Jahren an der Adresse"
    )
    counts = _dataset({"foreign_share": ("Ausländer (Anzahl)", "count", list(range(10)))})
    wrong = bind(recipes["schwelle"], "teststadt", counts.specs)
    assert wrong.wrong_kind == {"foreigners": "foreign_share"}
    assert "nicht von der Art share" in wrong.missing_text("de")


def test_comparison_lists_the_disagreeing_areas_first(recipes):
    data = _kurtenbach_dataset()
    own = own_recipe(recipes["eigener_index"], {"foreign_share": 1.0}, {"foreign_share": 1}, {})
    runs = [run_recipe(recipes["kurtenbach"], data), run_recipe(own, data), run_recipe(recipes["mss"], data)]
    assert [r.ran for r in runs] == [True, True, False]
    result = compare(runs, data.areas["name"])
    table = result.areas
    # own index (z of the foreign share ≥ 1): h (70), i (80), j (90) … z(70) = 0.81: only i and j
    own_flags = runs[1].result.flagged
    assert own_flags[own_flags].index.tolist() == ["i", "j"]
    assert table["k"].tolist()[:2] == [2, 2] and result.recipes == ("kurtenbach", "eigener_index")
    assert table["disagree"].sum() == 0
    pair = result.pairs.iloc[0]
    assert pair["jaccard"] == 1.0 and pair["common"] == 10
    assert pair["tau"] == pytest.approx(kendall_tau(runs[0].result.rank, runs[1].result.rank))


def test_quarters_are_scored_against_the_areas(recipes):
    result = apply_rule(recipes["kurtenbach"], KURTENBACH)
    extra = pd.DataFrame({"unemployed": [9.5, 0.0], "foreigners": [85.0, 25.0], "aged65": [13.0, 99.0],
                          "residence5": [99.0, 8.0]}, index=["quarter:1", "quarter:2"])
    scored = score_quarters(result, KURTENBACH, extra)
    # quarter 1: 9, 9, 9 and 10 of the ten areas below it in the arrival direction → 5 + 5 + 5 + 5 (at most 5)
    # quarter 2: 0, 3 (10, 20, 20), 0 and 5 (3 … 7) below it → 1 + 2 + 1 + 3 = 7
    assert scored["score"].tolist() == [20.0, 7.0]
    assert scored["flagged"].tolist() == [True, False]
    assert scored["would_rank"].tolist() == [1, 11] and scored["of"].tolist() == [11, 11]
    assert result.score.tolist() == TOTALS  # the areas are unchanged


BAD = {
    "missing field": ("name_de", None, "Pflichtfeld fehlt: name_de"),
    "unknown direction": ('direction = "up"', 'direction = "hinauf"', "unbekannte Richtung „hinauf“"),
    "unknown kind": ('kind = "rate"', 'kind = "quote"', "unbekannte Art „quote“"),
    "unknown rule": ('rule = "quintile_points"', 'rule = "bauchgefuehl"', "unbekannte Regel „bauchgefuehl“"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_recipe_file_is_refused_with_a_message(tmp_path, case):
    old, new, message = BAD[case]
    text = (Path(__file__).resolve().parent.parent / "data" / "recipes" / "kurtenbach.toml").read_text(encoding="utf-8")
    if new is None:
        text = "\n".join(line for line in text.splitlines() if not line.startswith(old))
    else:
        text = text.replace(old, new, 1)
    path = tmp_path / "kaputt.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecipeError) as caught:
        load_recipe(path)
    assert message in str(caught.value)
    assert "Rezept „kaputt“" in str(caught.value) and " / Recipe " in str(caught.value)
    with pytest.raises(RecipeError):
        load_recipes(tmp_path)
