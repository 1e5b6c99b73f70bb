import pytest

from geo.analysis.screening import Condition, screen


def test_relative_and_absolute_conditions_with_and(dataset):
    result = screen(
        dataset.areas,
        dataset.city,
        [Condition("foreign_share", ">=", 1.2, relative=True), Condition("foreign_share_u30", ">=", 18)],
    )
    # city share 14.17 % -> threshold 17.0 %
    assert round(result.thresholds[0], 2) == 17.0
    assert sorted(result.matching_ids) == ["innenstadt-suedwest", "innenstadt-west-kotten"]


def test_or_combination(dataset):
    result = screen(
        dataset.areas,
        dataset.city,
        [Condition("foreign_share", ">", 19), Condition("foreigners", "<", 100)],
        combine="OR",
    )
    assert sorted(result.matching_ids) == ["gruebentaelchen-volkspark", "innenstadt-suedwest", "moelschbach"]


def test_missing_values_are_unknown_not_false():
    import pandas as pd

    areas = pd.DataFrame({"s": [5.0, None, 1.0]}, index=["a", "b", "c"])
    result = screen(areas, {"s": 2.0}, [Condition("s", ">=", 2)])
    assert result.matching_ids == ["a"]
    assert result.unknown.to_dict() == {"a": False, "b": True, "c": False}


@pytest.mark.parametrize(
    ("conditions", "combine", "message"),
    [
        ([Condition("migrants", ">=", 1)], "and", "unbekanntem Indikator 'migrants'"),
        ([Condition("foreign_share", "=>", 1)], "and", "Vergleich '=>' unbekannt"),
        ([Condition("foreign_share_u30", ">=", 1.2, relative=True)], "and", "keinen Stadtwert"),
        ([Condition("foreign_share", ">=", 1)], "xor", "Verknüpfung 'xor' unbekannt"),
        ([], "and", "Keine Bedingung"),
    ],
)
def test_bad_conditions(dataset, conditions, combine, message):
    with pytest.raises(ValueError, match=message):
        screen(dataset.areas, dataset.city, conditions, combine)
