"""Status and dynamics classes (geo/analysis/statusdynamics.py), on synthetic tables built by the rule.

The patterns below have mean 0 and population standard deviation exactly 1, so
their z-scores are the values themselves, exactly, and areas sit right on the
cut-offs without floating-point doubt.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from geo.analysis.ranking import zscores
from geo.analysis.statusdynamics import (
    INVALID,
    StatusDynamicsRules,
    StatusDynamicsError,
    class_colours,
    class_table,
    dynamics_class,
    method_lines,
    resolve_column,
    short_code,
    status_class,
    status_dynamics,
    two_year_changes,
)
from geo.read.tables import read_indicator_table

# mean 0, population SD 1 (sum of squares 7 over 7 values): -1.5, -1, +1, +1.5 are cut-offs or just beyond
PATTERN_A = [-1.5, -1.0, 1.0, 1.5, 0.5, -0.5, 0.0]
# mean 0, population SD 1 (sum of squares 10 over 10 values)
PATTERN_B = [2.0, -2.0, 1.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]


@pytest.mark.parametrize(
    "value, expected",
    [
        (-1.5, 1),
        (-1.000001, 1),  # just below −1: hoch
        (math.nextafter(-1.0, -2.0), 2),  # float noise below −1 counts as on it (index rounded to 9 places)
        (-1.0, 2),  # exactly −1: mittel
        (0.0, 2),
        (1.0, 2),  # exactly +1: mittel
        (1.0 + 1e-6, 3),  # just above +1: niedrig
        (1.5, 3),  # exactly +1,5: niedrig
        (1.5 + 1e-6, 4),  # just above: sehr niedrig
        (0.9999999999999998, 2),  # float noise of a sum sitting on the cut-off
        (1.0000000000000002, 2),
        (float("nan"), None),
    ],
)
def test_status_cut_offs(value, expected):
    assert status_class(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [(-1.000001, 1), (-1.0, 2), (0.0, 2), (1.0, 2), (1.000001, 3), (float("nan"), None)],
)
def test_dynamics_cut_offs(value, expected):
    assert dynamics_class(value) == expected


@pytest.mark.parametrize(
    "status, dynamics, code",
    [(1, 1, "1+"), (2, 3, "2-"), (3, 2, "3±"), (4, 3, "4-"), (2, None, "2"), (None, 2, "")],
)
def test_short_code(status, dynamics, code):
    assert short_code(status, dynamics) == code


def test_configured_cut_offs_and_bad_configuration():
    config = StatusDynamicsRules(status_cuts=(-0.5, 0.5, 1.0), dynamics_cuts=(-0.5, 0.5))
    assert [status_class(v, config.status_cuts) for v in (-0.6, -0.5, 0.5, 1.0, 1.01)] == [1, 2, 2, 3, 4]
    with pytest.raises(StatusDynamicsError, match="aufsteigende"):
        StatusDynamicsRules(status_cuts=(1.0, -1.0, 1.5))
    with pytest.raises(StatusDynamicsError, match="aufsteigende"):
        StatusDynamicsRules(dynamics_cuts=(-1.0,))
    with pytest.raises(StatusDynamicsError, match="population, sample"):
        StatusDynamicsRules(sd="robust")


def _areas(pattern: list[float], residents: int = 1000) -> pd.DataFrame:
    ids = [f"g{i}" for i in range(len(pattern))]
    return pd.DataFrame({"alq": [10.0 + 4.0 * v for v in pattern], "residents": residents}, index=ids)


def test_single_indicator_status_classes_right_at_the_cut_offs():
    areas = _areas(PATTERN_A)  # 10 + 4·z: the linear transform leaves the z-scores unchanged
    result = status_dynamics(areas, {"alq": 1.0}, residents="residents")
    assert result.table["status_index"].tolist() == PATTERN_A
    assert result.table["status_class"].tolist() == [1, 2, 2, 3, 2, 2, 2]
    assert result.table["code"].tolist() == ["1", "2", "2", "3", "2", "2", "2"]
    assert result.left_out == {}


def test_several_indicators_with_directions_and_weights():
    areas = _areas(PATTERN_B)
    # the same ranking of areas three times over: scaled, and reversed with direction −1
    areas["sgb2"] = 3.0 * areas["alq"] + 7.0
    areas["employment"] = 100.0 - areas["alq"]
    result = status_dynamics(
        areas, {"alq": 2.0, "sgb2": 1.0, "employment": 1.0}, {"employment": -1}, residents="residents"
    )
    assert result.table["status_index"].tolist() == pytest.approx(PATTERN_B, abs=1e-12)
    assert result.table["status_class"].tolist() == [4, 1, 2, 2, 2, 2, 2, 2, 2, 2]
    assert result.status_weights == {"alq": 0.5, "sgb2": 0.25, "employment": 0.25}
    # without the direction the reversed indicator cancels the others: all areas equal
    flat = status_dynamics(areas, {"alq": 1.0, "employment": 1.0}, residents="residents")
    assert flat.table["status_class"].tolist() == [2] * 10


def test_status_index_is_standardised_again():
    rng = np.random.default_rng(7)
    areas = pd.DataFrame(rng.normal(size=(40, 3)) * [1, 5, 20], columns=["a", "b", "c"])
    index = status_dynamics(areas, {"a": 1, "b": 2, "c": 1}).table["status_index"]
    # the plain weighted sum of z-scores has an SD below 1; the status index has exactly 1
    assert index.mean() == pytest.approx(0.0, abs=1e-12)
    assert index.std(ddof=0) == pytest.approx(1.0)


def test_indicator_sd_cancels_in_the_restandardisation():
    """Sample SD for the indicator z-scores scales every z by √(n/(n−1)); the second z removes it."""
    rng = np.random.default_rng(11)
    areas = pd.DataFrame(rng.gamma(2.0, 3.0, size=(25, 3)), columns=["a", "b", "c"])
    weights = {"a": 0.5, "b": 0.3, "c": 0.2}
    population = status_dynamics(areas, weights).table["status_index"]
    inner_sample = (zscores(areas, ddof=1) * pd.Series(weights)).sum(axis=1)
    by_sample_indicators = zscores(inner_sample.to_frame("i"), ddof=0)["i"]
    assert by_sample_indicators.to_numpy() == pytest.approx(population.to_numpy(), abs=1e-12)
    # weights: only their ratios matter
    tenfold = status_dynamics(areas, {k: 10 * w for k, w in weights.items()}).table["status_index"]
    assert tenfold.to_numpy() == pytest.approx(population.to_numpy(), abs=1e-12)


def test_sd_of_the_second_step_only_moves_areas_within_its_factor_of_a_cut_off():
    rng = np.random.default_rng(3)
    n = 200
    areas = pd.DataFrame(rng.normal(size=(n, 2)), columns=["a", "b"])
    population = status_dynamics(areas, {"a": 1, "b": 1}).table
    sample = status_dynamics(areas, {"a": 1, "b": 1}, config=StatusDynamicsRules(sd="sample")).table
    factor = math.sqrt((n - 1) / n)
    assert sample["status_index"].to_numpy() == pytest.approx(population["status_index"].to_numpy() * factor)
    changed = population.index[population["status_class"] != sample["status_class"]]
    for area in changed:
        value = population.at[area, "status_index"]
        assert any(abs(value) > abs(c) >= abs(value) * factor for c in (-1.0, 1.0, 1.5))
    # right on a cut-off nothing moves (the sample index lies closer to 0, on the "≤" side)
    on_cut = _areas(PATTERN_A)
    p = status_dynamics(on_cut, {"alq": 1}).table["status_class"].tolist()
    s = status_dynamics(on_cut, {"alq": 1}, config=StatusDynamicsRules(sd="sample")).table["status_class"].tolist()
    assert p == s == [1, 2, 2, 3, 2, 2, 2]
    # but areas beyond a cut-off can: with three areas (1, −1, 0) the population z is ±√1,5 ≈ ±1,22,
    # the sample z exactly ±1
    three = pd.DataFrame({"x": [1.0, -1.0, 0.0]})
    p = status_dynamics(three, {"x": 1}).table
    s = status_dynamics(three, {"x": 1}, config=StatusDynamicsRules(sd="sample")).table
    assert p["status_index"].tolist() == pytest.approx([math.sqrt(1.5), -math.sqrt(1.5), 0.0])
    assert (p["status_class"].tolist(), s["status_class"].tolist()) == ([3, 1, 2], [2, 2, 2])


@pytest.mark.parametrize("people, valid", [(299, False), (300, True), (float("nan"), False)])
def test_resident_threshold(people, valid):
    areas = _areas(PATTERN_A)
    areas.loc["small", ["alq", "residents"]] = [500.0, people]  # an extreme value in a tiny area
    result = status_dynamics(areas, {"alq": 1.0}, residents="residents")
    assert ("small" in result.left_out) is not valid
    if not valid:
        assert result.table.at["small", "code"] == INVALID
        assert pd.isna(result.table.at["small", "status_class"])
        # left out of the standardisation: the others keep their exact classes
        assert result.table["status_index"].drop("small").tolist() == PATTERN_A
        assert result.valid == tuple(f"g{i}" for i in range(7))
    else:
        assert result.table.at["small", "status_class"] == 4


def test_custom_threshold_and_reason():
    areas = _areas(PATTERN_A, residents=150)
    areas.loc["g0", "residents"] = 90
    result = status_dynamics(areas, {"alq": 1.0}, residents="residents", config=StatusDynamicsRules(min_residents=100))
    assert result.left_out == {"g0": "unter 100 Einwohnern (90) / fewer than 100 residents"}


def test_missing_values_are_left_out_with_the_indicator_named():
    areas = _areas(PATTERN_A)
    areas.loc["gap"] = [float("nan"), 800]
    result = status_dynamics(areas, {"alq": 1.0}, residents="residents")
    assert result.left_out == {"gap": "fehlende Werte: alq / missing values: alq"}
    assert result.table.at["gap", "code"] == ""
    assert result.table["status_index"].drop("gap").tolist() == PATTERN_A


def test_bad_input_is_a_message():
    areas = _areas(PATTERN_A)
    with pytest.raises(StatusDynamicsError, match="Unbekannte Indikatoren: nope"):
        status_dynamics(areas, {"nope": 1.0})
    with pytest.raises(StatusDynamicsError, match="Gewicht über 0"):
        status_dynamics(areas, {"alq": 0.0})
    with pytest.raises(StatusDynamicsError, match="Zu wenige gültige Gebiete"):
        status_dynamics(areas, {"alq": 1.0}, residents="residents", config=StatusDynamicsRules(min_residents=5000))


def _long_table(tmp_path) -> pd.DataFrame:
    """A long CSV (area; indicator; year; value) read as the import reads it."""
    rows = ["id;indikator;jahr;wert"]
    for i, (status, change) in enumerate(zip(PATTERN_B, reversed(PATTERN_B))):
        start = 20 + 2 * i  # integers: the differences are exact
        rows.append(f"p{i};ALQ;2019;{start}")
        rows.append(f"p{i};ALQ;2021;{start + 4 * change}")
        rows.append(f"p{i};Einwohner;2021;{1000 + i}")
    path = tmp_path / "long.csv"
    path.write_text("\n".join(rows).replace(".0;", ";").replace(".0\n", "\n"), encoding="utf-8")
    return read_indicator_table(path).frame


def test_dynamics_from_two_years_of_a_long_table(tmp_path):
    frame = _long_table(tmp_path)
    assert resolve_column(frame.columns, "ALQ") == "ALQ@2021"
    areas, changes, years = two_year_changes(frame, ["ALQ@2021"], 2019)
    assert changes == {"ALQ@2021": "ALQ@2019-2021"} and years == (2019, 2021)
    assert areas["ALQ@2019-2021"].tolist() == [4 * c for c in reversed(PATTERN_B)]
    result = status_dynamics(
        areas, {"ALQ@2021": 1.0}, dynamics_weights={"ALQ@2019-2021": 1.0}, residents="Einwohner@2021", years=years
    )
    # the change pattern reversed: p0…p7 within ±1 (stabil), p8 by −2 (positiv), p9 by +2 (negativ)
    assert result.table["dynamics_index"].tolist() == pytest.approx(list(reversed(PATTERN_B)), abs=1e-12)
    assert result.table["dynamics_class"].tolist() == [2, 2, 2, 2, 2, 2, 2, 2, 1, 3]
    # status: 2021 levels = 20 + 2i + 4·change, not the pattern any more; classes follow its own z
    codes = result.table["code"].tolist()
    assert codes[9][1] == "-" and codes[8][1] == "+" and all(c[1] == "±" for c in codes[:8])


def test_two_year_changes_refuses_what_it_cannot_do(tmp_path):
    frame = _long_table(tmp_path)
    with pytest.raises(StatusDynamicsError, match="kein Jahr 2017"):
        two_year_changes(frame, ["ALQ@2021"], 2017)
    with pytest.raises(StatusDynamicsError, match="muss vor 2019 liegen"):
        two_year_changes(frame, ["ALQ@2019"], 2021)
    with pytest.raises(StatusDynamicsError, match="keine Jahre"):
        two_year_changes(frame.rename(columns={"ALQ@2021": "ALQ"}), ["ALQ"], 2019)
    with pytest.raises(StatusDynamicsError, match="Unbekannter Indikator"):
        resolve_column(frame.columns, "SGB2")


def test_dynamics_from_change_indicators_the_table_holds():
    areas = _areas(PATTERN_B)
    areas["d_alq"] = [-2.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, -1.0]  # pattern: mean 0, SD 1
    result = status_dynamics(areas, {"alq": 1.0}, dynamics_weights={"d_alq": 1.0}, residents="residents")
    assert result.table["code"].tolist() == ["4+", "1-", "2±", "2±", "2±", "2±", "2±", "2±", "2±", "2±"]


def test_method_lines_name_indicators_years_cut_offs_and_left_out():
    areas = _areas(PATTERN_A)
    areas.loc["tiny"] = [12.0, 40]
    areas["d"] = areas["alq"] * 0.5
    result = status_dynamics(
        areas, {"alq": 1.0}, {"d": -1}, {"d": 1.0}, residents="residents", years=(2019, 2021)
    )
    lines = dict(method_lines(result, {"alq": "Arbeitslose", "d": "Veränderung", "residents": "Einwohner"}, {"tiny": "Klein"}))
    assert lines["Statusindex"] == "z(1,00 × z(Arbeitslose))"
    assert lines["Dynamikindex"] == "z(− 1,00 × z(Veränderung))"
    assert lines["Jahre der Dynamik"] == "2019–2021"
    assert lines["Statusklassen"] == "1 hoch < −1 ≤ 2 mittel ≤ +1 < 3 niedrig ≤ +1,5 < 4 sehr niedrig"
    assert lines["Dynamikklassen"] == "+ positiv < −1 ≤ ± stabil ≤ +1 < - negativ"
    assert lines["Mindesteinwohnerzahl"] == "300 (Einwohner)"
    assert lines["Nicht klassifiziert"] == "Klein: unter 300 Einwohnern (40)"  # the reader's language only
    english = dict(method_lines(result, {}, lang="en"))
    assert english["Status classes"] == "1 high < −1 ≤ 2 medium ≤ +1 < 3 low ≤ +1.5 < 4 very low"


def test_an_index_of_no_social_status_reads_neutrally_in_status_and_dynamics():
    areas = _areas(PATTERN_A)
    areas["d"] = areas["alq"] * 0.5
    areas.loc[areas.index[0], "alq"] = None  # left out, its reason in the reader's language with the label
    result = status_dynamics(areas, {"alq": 1.0}, {"d": -1}, {"d": 1.0}, residents="residents",
                             config=StatusDynamicsRules(social=False))
    lines = dict(method_lines(result, {"alq": "Ausländeranteil", "d": "Veränderung"}, lang="de"))
    assert lines["Dynamikklassen"] == "+ Index sinkt < −1 ≤ ± stabil ≤ +1 < - Index steigt"
    assert "sehr niedrig" not in " ".join(lines.values()) and "positiv" not in " ".join(lines.values())
    assert lines["Nicht klassifiziert"].endswith("fehlende Werte: Ausländeranteil")
    english = dict(method_lines(result, {"alq": "Share of foreigners"}, lang="en"))
    assert english["Not classified"].endswith("missing values: Share of foreigners")
    table = class_table(result, pd.Series(areas.index, index=areas.index))
    assert set(table["dynamics_label"]) - {""} <= {"Index sinkt", "stabil", "Index steigt"}


def test_twelve_distinct_colours():
    colours = class_colours()
    assert sorted(colours) == sorted([*(f"{s}{d}" for s in "1234" for d in "+±-"), "1", "2", "3", "4"])
    assert len(set(colours.values())) == 16


def _spec(key: str, label: str, kind: str = "count"):
    from geo.domain.indicators import IndicatorSpec

    return IndicatorSpec(key, label, label, "", "", kind, None, None, 0, "S", 2021)


def test_residents_and_change_indicators_are_recognised_by_name():
    from geo.analysis.statusdynamics import change_indicators, guess_residents

    specs = {
        key: _spec(key, label, kind)
        for key, label, kind in [
            ("alq@2019", "ALQ (2019)", "value"),
            ("ew@2019", "EW (2019)", "count"),
            ("ew@2021", "EW (2021)", "count"),
            ("ew@2019-2021", "EW: Veränderung 2019–2021", "value"),
            ("d1", "D1 Veränderung Arbeitslosigkeit", "value"),
            ("wanderungssaldo", "Wanderungssaldo", "value"),
            ("einwohner-u18", "Einwohner unter 18", "count"),
        ]
    }
    assert guess_residents(specs) == "ew@2021"  # latest year, then the shortest id
    assert guess_residents({k: v for k, v in specs.items() if not k.startswith("ew")}) == "einwohner-u18"
    assert guess_residents({"alq@2019": specs["alq@2019"]}) is None
    assert change_indicators(specs) == ["ew@2019-2021", "d1", "wanderungssaldo"]


def test_class_table_and_legend_counts():
    from geo.analysis.statusdynamics import class_table, legend_counts

    areas = _areas(PATTERN_B)
    areas["d"] = [-2.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, -1.0]
    areas.loc["tiny"] = [10.0, 20, 0.0]
    result = status_dynamics(areas, {"alq": 1.0}, dynamics_weights={"d": 1.0}, residents="residents")
    names = pd.Series({a: f"Gebiet {a}" for a in areas.index})
    table = class_table(result, names)
    assert table.iloc[0][["name", "status_class", "status_label", "dynamics_class", "dynamics_label", "code"]].tolist() == [
        "Gebiet g0", 4, "sehr niedrig", "+", "positiv", "4+"
    ]
    assert table.iloc[-1][["status_label", "dynamics_class", "code", "note"]].tolist() == [
        "", "", INVALID, "unter 300 Einwohnern (20) / fewer than 300 residents"
    ]
    assert class_table(result, names, "en").iloc[1][["status_label", "dynamics_label"]].tolist() == ["high", "negative"]
    grid = legend_counts(result)
    assert grid.to_dict("index") == {
        1: {"+": 0, "±": 0, "-": 1}, 2: {"+": 0, "±": 8, "-": 0}, 3: {"+": 0, "±": 0, "-": 0}, 4: {"+": 1, "±": 0, "-": 0}
    }


def test_excluded_areas_are_left_out_of_the_standardisation_without_a_class():
    from geo.analysis.statusdynamics import StatusDynamicsError, status_dynamics

    areas = pd.DataFrame({"alq": [1.0, 2.0, 3.0, 4.0, 500.0], "ew": [1000.0] * 4 + [100.0]}, index=list("abcde"))
    result = status_dynamics(areas, {"alq": 1.0}, residents="ew", exclude=["e"])
    assert result.valid == ("a", "b", "c", "d")
    assert result.table["code"].tolist() == ["1", "2", "2", "3", ""]  # excluded: no class, not "ungültig"
    assert result.left_out == {"e": "ausgeschlossen (Ausreißer) / excluded (outlier)"}
    assert result.table["status_index"].round(6).tolist()[:4] == [-1.341641, -0.447214, 0.447214, 1.341641]
    with pytest.raises(StatusDynamicsError, match="Auszuschließende Gebiete unbekannt: x"):
        status_dynamics(areas, {"alq": 1.0}, exclude=["x"])
