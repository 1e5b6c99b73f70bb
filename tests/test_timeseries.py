import pandas as pd

from geo.domain.indicators import IndicatorSpec
from geo.domain.timeseries import add_changes, series, split_year


def _spec(key: str, unit: str = "%") -> IndicatorSpec:
    return IndicatorSpec(key, f"Anteil ({key[-4:]})", f"Share ({key[-4:]})", unit, unit, "value", None, None, 1, "S", int(key[-4:]))


def test_split_and_series():
    assert split_year("anteil@2022") == ("anteil", 2022)
    assert split_year("anteil@2021-2023") == ("anteil@2021-2023", None)
    assert series({"a@2023": None, "a@2021": None, "b": None}) == {"a": [2021, 2023], "b": []}


def test_change_from_first_to_last_year_in_percentage_points():
    specs = {k: _spec(k) for k in ("anteil@2021", "anteil@2022", "anteil@2023")}
    areas = pd.DataFrame({"anteil@2021": [10.0, 20.0], "anteil@2022": [11.5, 21.0], "anteil@2023": [12.0, 19.0]}, index=["x", "y"])
    changed, result = add_changes(areas, specs)
    assert changed["anteil@2021-2023"].tolist() == [2.0, -1.0]
    spec = result["anteil@2021-2023"]
    assert (spec.label_de, spec.unit_de, spec.kind) == ("Anteil: Veränderung 2021–2023", "Prozentpunkte", "value")
