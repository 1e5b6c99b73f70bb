"""One spec, applied the same way by the ranking page, the command line, comparison and exports."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.analysis.statusdynamics import StatusDynamicsRules, StatusDynamicsError
from geo.analysis.statusdynamics_spec import StatusDynamicsSpec, apply_spec

# Test fixture, synthetic: ten areas whose 2021 level follows PATTERN; the change since 2019 the reversed PATTERN.
PATTERN = [2.0, -2.0, 1.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]


def _areas() -> pd.DataFrame:
    rows = {}
    for i, (level, change) in enumerate(zip(PATTERN, reversed(PATTERN))):
        rows[f"p{i}"] = {"alq@2019": 30 + 4 * level - 4 * change, "alq@2021": 30 + 4 * level,
                         "d_alq": 4 * change, "ew@2021": 1000.0}
    rows["p10"] = {"alq@2019": 90.0, "alq@2021": 10.0, "d_alq": -80.0, "ew@2021": 250.0}
    return pd.DataFrame.from_dict(rows, orient="index")


def test_dynamics_since_a_year_equals_the_same_change_indicator():
    since = StatusDynamicsSpec(status=(("alq@2021", 1.0),), residents="ew@2021", from_year=2019)
    held = StatusDynamicsSpec(status=(("alq@2021", 1.0),), residents="ew@2021", changes=(("d_alq", 1.0),))
    (a, changes), (b, none) = apply_spec(_areas(), since), apply_spec(_areas(), held)
    assert changes == {"alq@2021": "alq@2019-2021"} and none == {}
    expected = ["4±", "1±", "2±", "2±", "2±", "2±", "2±", "2±", "2+", "2-", "ungültig"]
    assert a.table["code"].tolist() == b.table["code"].tolist() == expected
    assert a.years == (2019, 2021) and b.years is None


def test_a_reversed_direction_turns_status_and_its_change():
    spec = StatusDynamicsSpec(status=(("alq@2021", 1.0),), directions=(("alq@2021", -1),), from_year=2019,
                              residents="ew@2021")
    result, _ = apply_spec(_areas(), spec)
    assert result.table["code"].tolist()[:2] == ["1±", "4±"]
    assert result.table["code"].tolist()[8:10] == ["2-", "2+"]


def test_reversed_change_indicator_and_cut_offs_of_the_spec():
    spec = StatusDynamicsSpec(status=(("alq@2021", 1.0),), changes=(("d_alq", 1.0),), reverse=("d_alq",),
                              residents="ew@2021", config=StatusDynamicsRules(status_cuts=(-1.0, 1.0, 3.0)))
    result, _ = apply_spec(_areas(), spec)
    assert result.table["code"].tolist()[:10] == ["3±", "1±", "2±", "2±", "2±", "2±", "2±", "2±", "2-", "2+"]


def test_a_spec_the_areas_cannot_satisfy_is_refused_in_german_and_english():
    with pytest.raises(StatusDynamicsError, match="Unbekannte Indikatoren: gone. / Unknown indicators: gone."):
        apply_spec(_areas(), StatusDynamicsSpec(status=(("gone", 1.0),)))
