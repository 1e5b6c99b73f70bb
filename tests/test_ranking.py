import math

import numpy as np
import pandas as pd
import pytest

from geo.analysis.ranking import (
    RankingError,
    composite_index,
    method_text,
    quarter_types,
    rank_stability,
    zscores,
)

SMALL = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [10.0, 10.0, 40.0]}, index=["A", "B", "C"])


def test_zscores_by_hand():
    z = zscores(SMALL)
    assert z["x"].round(4).tolist() == [-1.2247, 0.0, 1.2247]
    assert z["y"].round(4).tolist() == [-0.7071, -0.7071, 1.4142]


def test_index_by_hand():
    result = composite_index(SMALL, {"x": 1, "y": 1})
    assert result.weights == {"x": 0.5, "y": 0.5}
    assert result.index.round(4).tolist() == [-0.9659, -0.3536, 1.3195]
    assert result.rank.to_dict() == {"A": 3, "B": 2, "C": 1}


def test_direction_turns_an_indicator_around():
    result = composite_index(SMALL, {"x": 1, "y": 1}, {"y": -1})
    assert result.index.round(4).tolist() == [-0.2588, 0.3536, -0.0947]
    assert result.rank.to_dict() == {"A": 3, "B": 1, "C": 2}


def test_weights_are_normalised():
    assert composite_index(SMALL, {"x": 3, "y": 1}).weights == {"x": 0.75, "y": 0.25}


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"x": 0, "y": 0}, "Alle Gewichte sind null"),
        ({}, "mindestens einen Indikator"),
        ({"nope": 1}, "Unbekannte Indikatoren: nope"),
        ({"x": -1}, "nicht negativ"),
    ],
)
def test_bad_weights(weights, message):
    with pytest.raises(RankingError, match=message):
        composite_index(SMALL, weights)


def test_areas_with_missing_values_are_excluded_and_named():
    frame = SMALL.assign(y=[10.0, None, 40.0])
    result = composite_index(frame, {"x": 1, "y": 1})
    assert result.excluded == ("B",)
    assert list(result.rank.index) == ["A", "C"]


def test_rank_stability_is_reproducible_and_bounded(dataset):
    weights = {"foreign_share": 1.0, "foreign_share_u30": 1.0}
    first = rank_stability(dataset.areas, weights, top_k=3, draws=400, seed=7)
    again = rank_stability(dataset.areas, weights, top_k=3, draws=400, seed=7)
    pd.testing.assert_series_equal(first, again)
    assert first.between(0, 1).all()
    assert math.isclose(first.sum(), 3.0)  # exactly three areas in the top 3 per draw
    # Innenstadt Südwest leads on both shares: top 3 in every draw.
    assert first["innenstadt-suedwest"] == 1.0
    assert first["dansenberg"] == 0.0


def test_rank_stability_without_spread_matches_the_index(dataset):
    weights = {"foreign_share": 2.0, "foreign_share_u30": 1.0}
    stable = rank_stability(dataset.areas, weights, top_k=3, spread=0.0, draws=10)
    top3 = composite_index(dataset.areas, weights).rank.nsmallest(3).index
    assert set(stable.index[stable == 1.0]) == set(top3)


def test_quarter_types_are_deterministic_and_profiled(dataset):
    result = composite_index(dataset.areas, {"foreign_share": 1, "foreign_share_u30": 1})
    types, profile = quarter_types(result.z, 3, result.index)
    again, _ = quarter_types(result.z, 3, result.index)
    pd.testing.assert_series_equal(types, again)
    assert sorted(types.unique()) == [1, 2, 3]
    assert profile["areas"].sum() == 18
    # Type 1 is the most in need: its mean z-scores are the highest.
    assert profile.loc[1, "foreign_share"] == profile["foreign_share"].max()
    assert types["innenstadt-suedwest"] == 1
    assert types["dansenberg"] == 3


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("de", "0,75 × z(Anteil) − 0,25 × z(Anzahl)"), ("en", "0.75 × z(Anteil) − 0.25 × z(Anzahl)")],
)
def test_method_text(lang, expected):
    assert method_text({"a": 0.75, "b": 0.25}, {"b": -1}, {"a": "Anteil", "b": "Anzahl"}, lang) == expected


def test_ranked_table_best_first():
    from geo.analysis.ranking import ranked_table

    result = composite_index(SMALL, {"x": 1, "y": 1})
    stability = rank_stability(SMALL, {"x": 1, "y": 1}, top_k=1, draws=50)
    table = ranked_table(result, stability, {"A": "Alpha", "B": "Beta", "C": "Gamma"})
    assert table["name"].tolist() == ["Gamma", "Beta", "Alpha"]
    assert table["rank"].tolist() == [1, 2, 3]
    assert table["top_share"].tolist() == [1.0, 0.0, 0.0]


def test_score_extra_leaves_the_areas_alone():
    from geo.analysis.ranking import assign_types, composite_index, quarter_types, score_extra

    areas = pd.DataFrame({"a": [1.0, 2.0, 3.0, 10.0], "b": [4.0, 4.0, 0.0, 8.0]}, index=list("wxyz"))
    extra = pd.DataFrame({"a": [5.5, np.nan], "b": [4.0, 1.0]}, index=["q", "r"])
    weights, directions = {"a": 1.0, "b": 3.0}, {"a": 1, "b": -1}
    scores = score_extra(areas, extra, weights, directions, top_k=2, spread=0.0, draws=5)
    sd_a, sd_b = 12.5 ** 0.5, 8 ** 0.5  # population SDs of the areas: a (mean 4), b (mean 4)
    assert scores.z.loc["q"].tolist() == pytest.approx([1.5 / sd_a, 0.0])
    assert scores.table.loc["q", "index"] == pytest.approx(0.25 * 1.5 / sd_a)
    base = composite_index(areas, weights, directions)  # the areas alone: unchanged by any extra row
    assert base.index.to_dict() == pytest.approx({
        "w": -0.25 * 3 / sd_a, "x": -0.25 * 2 / sd_a, "y": -0.25 / sd_a + 0.75 * 4 / sd_b,
        "z": 0.25 * 6 / sd_a - 0.75 * 4 / sd_b})
    assert scores.table.loc["q"][["would_rank", "of", "top_share"]].tolist() == [2, 5, 1.0]  # only y is higher
    assert scores.missing == {"r": ("a",)}
    types, profile = quarter_types(base.z, 2, base.index)
    nearest = ((profile.drop(columns="areas") - scores.z.loc["q"]) ** 2).sum(axis=1).idxmin()
    assert assign_types(scores.z, profile).tolist() == [nearest]


def test_an_extra_row_equal_to_an_area_takes_its_rank_and_its_stability():
    from geo.analysis.ranking import composite_index, rank_stability, score_extra

    rng = np.random.default_rng(5)  # SYNTHETIC areas: three indicators, ranks that shift under the draws
    areas = pd.DataFrame(rng.normal(size=(12, 3)), columns=["a", "b", "c"], index=[f"g{i}" for i in range(12)])
    weights, directions = {"a": 1.0, "b": 2.0, "c": 0.5}, {"a": 1, "b": -1, "c": 1}
    base = composite_index(areas, weights, directions)
    stability = rank_stability(areas, weights, directions, top_k=4, spread=0.5, draws=300, seed=11)
    assert ((stability > 0) & (stability < 1)).any()  # some areas waver: the comparison is not trivial
    for area in ("g3", "g7", base.index.idxmax()):
        copy = areas.loc[[area]].rename(index={area: "q"})
        scores = score_extra(areas, copy, weights, directions, top_k=4, spread=0.5, draws=300, seed=11)
        assert scores.table.loc["q", "index"] == pytest.approx(base.index[area])
        assert scores.table.loc["q", "would_rank"] == base.rank[area]
        assert scores.table.loc["q", "top_share"] == pytest.approx(stability[area])
