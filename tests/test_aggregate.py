import math

import pandas as pd
import pytest

from geo.domain.aggregate import aggregate, city_values
from geo.domain.indicators import IndicatorSpec


def test_kernstadt_share_is_recomputed_from_counts(dataset):
    innenstadt = dataset.units.table.loc["Innenstadt"]
    assert innenstadt["foreigners"] == 12258
    assert round(innenstadt["foreign_share"], 1) == 16.1
    kernstadt = dataset.areas[dataset.areas["part"] == "Kernstadt"]
    # The naive mean of the nine published shares would be wrong.
    assert round(kernstadt["foreign_share"].mean(), 1) == 15.6
    assert dataset.units.members["Innenstadt"] == 9


def test_single_area_units_keep_published_values(dataset):
    hohenecken = dataset.units.table.loc["Hohenecken"]
    assert (hohenecken["foreigners"], hohenecken["foreign_share"], hohenecken["foreign_share_u30"]) == (331, 9.2, 10.7)


def test_share_without_counts_is_not_invented(dataset):
    assert math.isnan(dataset.units.table.loc["Innenstadt", "foreign_share_u30"])
    assert dataset.units.not_aggregable == {"foreign_share_u30": "foreigners_u30 / residents_u30"}


def test_city_values(dataset):
    assert dataset.city["foreigners"] == 13918
    assert round(dataset.city["foreign_share"], 2) == 14.17
    assert math.isnan(dataset.city["foreign_share_u30"])


def _spec(id_, kind, num=None, den=None):
    return IndicatorSpec(id_, id_, id_, "", "", kind, num, den, 1, "test", 2020)


def test_aggregate_small_hand_computed_table():
    specs = {
        "a": _spec("a", "count"),
        "b": _spec("b", "count"),
        "share": _spec("share", "share", "a", "b"),
    }
    table = pd.DataFrame(
        {"group": ["x", "x", "y"], "a": [1.0, 3.0, 5.0], "b": [10.0, 10.0, 50.0], "share": [10.0, 30.0, 10.0]}
    )
    result = aggregate(table, specs, by="group")
    assert result.table.loc["x"].tolist() == [4.0, 20.0, pytest.approx(20.0)]
    assert result.table.loc["y"].tolist() == [5.0, 50.0, 10.0]
    assert city_values(table, specs)["share"] == pytest.approx(9 / 70 * 100)


def test_change_of_a_share_is_the_difference_of_the_shares_from_counts():
    def spec(key, kind, numerator=None, denominator=None):
        return IndicatorSpec(id=key, label_de=key, label_en=key, unit_de="", unit_en="", kind=kind,
                             numerator=numerator, denominator=denominator, decimals=1, source="", year=2023)

    specs = {k: spec(k, "count") for k in ("a@2022", "e@2022", "a@2023", "e@2023")}
    specs |= {f"s@{y}": spec(f"s@{y}", "share", f"a@{y}", f"e@{y}") for y in (2022, 2023)}
    specs["s@2022-2023"] = spec("s@2022-2023", "value")
    table = pd.DataFrame(
        {"a@2022": [10, 30], "e@2022": [100, 100], "a@2023": [20, 30], "e@2023": [100, 100], "unit": ["U", "U"]}
    )
    table["s@2022"], table["s@2023"] = table["a@2022"], table["a@2023"]  # per 100 residents
    table["s@2022-2023"] = table["s@2023"] - table["s@2022"]
    result = aggregate(table, specs, by="unit").table.loc["U"]
    assert (result["s@2022"], result["s@2023"], result["s@2022-2023"]) == (20.0, 25.0, 5.0)
    assert city_values(table, specs)["s@2022-2023"] == 5.0
