"""Disclosure control over splits: a total count and its parts in one row (Einwohner = Deutsche + Ausländer).

The attacker (:mod:`tests.attacker`) is told the declared splits and learns further ones from
shown counts that add up; every case must leave it 0 hidden figures. Synthetic tables, built here.
"""

from __future__ import annotations

import math
import os
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.analysis.disclosure import apply_disclosure, hidden_figures
from geo.analysis.relations import AREA, Figure
from geo.analysis.splits import Split, declared_splits, detect_splits, splits_of
from geo.domain.dataset import Dataset
from geo.settings import DisclosureRules
from tests.test_disclosure import _spec, leaks, make_dataset

RULES = DisclosureRules(min_residents=300, min_count=3)
NATIONALITY = [("einwohner", ("deutsche", "auslaender"))]


def _nationality() -> Dataset:
    # The probe's case: Nord has 817 residents, 815 Germans and 2 foreigners (hidden, under 3).
    specs = [_spec("einwohner"), _spec("deutsche"), _spec("auslaender")]
    table = {
        "nord": {"einwohner": 817, "deutsche": 815, "auslaender": 2},
        "sued": {"einwohner": 900, "deutsche": 840, "auslaender": 60},
        "west": {"einwohner": 1200, "deutsche": 1100, "auslaender": 100},
        "ost": {"einwohner": 640, "deutsche": 600, "auslaender": 40},
    }
    return make_dataset(table, {a: a.title() for a in table}, specs)


def test_nationality_split_is_declared_by_name():
    specs = {s.id: s for s in [_spec("einwohner@2022"), _spec("deutsche@2022"), _spec("auslaender@2022"),
                                _spec("einwohner@2021"), _spec("deutsche@2021"), _spec("maennlich@2022")]}
    # 2021 has no foreigners column and 2022 no women: only the 2022 nationality split is declared.
    assert declared_splits(specs) == (Split("einwohner@2022", ("deutsche@2022", "auslaender@2022"), "declared"),)


def test_splits_are_detected_in_values_of_columns_without_meaning():
    table = pd.DataFrame({
        "tot": [100, 250, 80], "x": [40, 50, 30], "y": [60, 200, 50], "z": [7, 9, 11],
        "g-1": [10, 20, 5], "g-2": [20, 30, 25], "g-3": [30, 100, 20], "g-4": [40, 100, 30],
    })
    found = detect_splits(table, list(table))
    assert Split("tot", ("x", "y"), "detected") in found
    assert Split("tot", ("g-1", "g-2", "g-3", "g-4"), "detected") in found  # an age-group-like family
    assert not any("z" in s.parts or s.total == "z" for s in found)  # 7, 9, 11 add up to nothing here


def test_detection_allows_rounding_but_needs_two_rows():
    rounded = pd.DataFrame({"tot": [100.0, 250.0], "a": [40.4, 49.6], "b": [60.0, 200.0]})
    assert detect_splits(rounded, ["tot", "a", "b"]) == (Split("tot", ("a", "b"), "detected"),)
    assert detect_splits(rounded.iloc[:1], ["tot", "a", "b"]) == ()
    off = pd.DataFrame({"tot": [100.0, 250.0], "a": [40.0, 45.0], "b": [60.0, 200.0]})
    assert detect_splits(off, ["tot", "a", "b"]) == ()


def test_hidden_foreigners_are_not_the_residents_minus_the_germans():
    full = _nationality()
    hidden = hidden_figures(full, RULES)
    assert Figure(AREA, "nord", "auslaender") in hidden
    # Einwohner and Deutsche of Nord are never both shown next to the hidden 2.
    assert {Figure(AREA, "nord", "einwohner"), Figure(AREA, "nord", "deutsche")} & hidden
    public = apply_disclosure(full, RULES)
    shown = public.areas.loc["nord", ["einwohner", "deutsche"]]
    assert shown.isna().any()
    assert leaks(full, public, [], [], ["einwohner", "deutsche", "auslaender"], splits=NATIONALITY) == {}
    # Also the attacker that must learn the split from the shown rows finds nothing.
    assert leaks(full, public, [], [], ["einwohner", "deutsche", "auslaender"]) == {}


def test_the_attacker_recovers_a_split_that_is_not_closed():
    # Proof the attacker can fail: the closure without splits leaves 817 − 815 = 2 open.
    full = _nationality()
    areas = full.areas.copy()
    for area in ("nord", "sued"):  # the city total is closed, the split is not
        areas.loc[area, "auslaender"] = np.nan
    units = full.units.table.copy()
    for unit in ("Nord", "Sued"):
        units.loc[unit, "auslaender"] = np.nan
    naive = Dataset(areas, full.specs, replace(full.units, table=units), full.city, full.tiles, full.source)
    found = leaks(full, naive, [], [], ["einwohner", "deutsche", "auslaender"])
    assert found[Figure(AREA, "nord", "auslaender")] == pytest.approx((2.0, 2.0))


def test_kaiserslautern_has_no_split(dataset):
    # Residents and foreigners only: nothing adds up, so the embedded dataset's suppression is unchanged.
    assert splits_of(dataset.areas, dataset.specs) == ()


@st.composite
def split_tables(draw):
    n_areas = draw(st.integers(2, 6))
    n_units = draw(st.integers(1, n_areas))
    areas = [f"a{i}" for i in range(n_areas)]
    units = {a: f"U{draw(st.integers(0, n_units - 1))}" for a in areas}
    table = {}
    for area in areas:
        auslaender, deutsche = draw(st.integers(0, 9)), draw(st.sampled_from([0, 2, 150, 299, 450]))
        men = draw(st.integers(0, auslaender + deutsche))
        young = draw(st.integers(0, auslaender + deutsche))
        table[area] = {
            "einwohner": auslaender + deutsche, "deutsche": deutsche, "auslaender": auslaender,
            "maennlich": men, "weiblich": auslaender + deutsche - men,
            # an unnamed split: "gruppe-jung" + "gruppe-alt" = einwohner (detected from the values)
            "gruppe-jung": young, "gruppe-alt": auslaender + deutsche - young,
        }
    rules = DisclosureRules(draw(st.sampled_from([0, 100, 300])), draw(st.sampled_from([1, 3, 5])))
    return table, units, rules


SPLIT_COUNTS = ["einwohner", "deutsche", "auslaender", "maennlich", "weiblich", "gruppe-jung", "gruppe-alt"]
SPLITS = [
    ("einwohner", ("deutsche", "auslaender")),
    ("einwohner", ("maennlich", "weiblich")),
    ("einwohner", ("gruppe-jung", "gruppe-alt")),
]


@settings(
    max_examples=int(os.environ.get("DISCLOSURE_EXAMPLES", "60")),
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(split_tables())
def test_random_split_tables_give_nothing_hidden_back(case):
    table, units, rules = case
    full = make_dataset(table, units, [_spec(c) for c in SPLIT_COUNTS])
    public = apply_disclosure(full, rules)
    assert leaks(full, public, [], [], SPLIT_COUNTS, splits=SPLITS) == {}
    assert all(not math.isnan(v) for v in public.city.values()) or public.suppressed


def test_import_review_names_the_splits_of_a_table_year_by_year():
    from geo.analysis.splits import table_splits

    frame = pd.DataFrame({
        "Einwohner@2020": [817.0, 900.0, 1200.0], "Deutsche@2020": [815.0, 840.0, 1100.0],
        "Ausländer@2020": [2.0, 60.0, 100.0],
        "Einwohner@2019": [800.0, 905.0, 1190.0], "Ausländer@2019": [3.0, 55.0, 90.0],  # no Germans in 2019
    })
    assert table_splits(frame) == (Split("Einwohner@2020", ("Deutsche@2020", "Ausländer@2020"), "detected"),)
