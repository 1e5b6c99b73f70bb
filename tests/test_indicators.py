import pytest

from geo.domain.indicators import TableError, load_area_table, load_indicator_specs
from tests.conftest import DATA_DIR


def test_seed_table_has_18_areas_with_exact_values(statistics_path):
    table = load_area_table(statistics_path)
    assert len(table) == 18
    assert (table["part"] == "Kernstadt").sum() == 9
    assert (table["part"] == "Ortsbezirk").sum() == 9
    row = table.loc["innenstadt-ost"]
    assert (row["foreigners"], row["foreign_share"], row["foreign_share_u30"]) == (1998, 17.6, 17.4)
    hohenecken = table.loc["hohenecken"]
    assert hohenecken["name_original"] == "Нонемескем"
    assert (hohenecken["foreigners"], hohenecken["foreign_share"], hohenecken["foreign_share_u30"]) == (331, 9.2, 10.7)
    assert table.loc["erzhuetten-wiesenthalerhof", "foreign_share"] == 7.0
    assert table["foreigners"].sum() == 13918


def test_indicator_specs_are_read_from_the_table():
    specs = load_indicator_specs(DATA_DIR / "indicators.csv")
    assert list(specs) == [
        "foreign_share", "foreign_share_u30", "foreigners", "residents", "projects", "projects_per_1000"
    ]
    assert (specs["projects_per_1000"].per, specs["foreign_share"].per) == (1000, 100)
    share = specs["foreign_share"]
    assert (share.kind, share.numerator, share.denominator, share.unit("de")) == ("share", "foreigners", "residents", "%")
    assert specs["residents"].is_derived and not specs["foreigners"].is_derived
    assert share.source == "Statistisches Amt der Stadt Kaiserslautern, 2016"


def test_the_dataset_offers_only_indicators_it_has(dataset):
    assert list(dataset.specs) == ["foreign_share", "foreign_share_u30", "foreigners", "residents"]


def test_derived_residents_are_count_divided_by_share(dataset):
    assert dataset.areas.loc["innenstadt-ost", "residents"] == pytest.approx(1998 / 0.176)
    assert dataset.areas.loc["moelschbach", "residents"] == pytest.approx(75 / 0.063)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("area_id;name\nx;y\n", "fehlen die Spalten"),
        (
            "area_id;name;name_original;part;unit;foreigners;foreign_share_pct;foreign_share_u30_pct\n"
            "a;A;A;Kernstadt;I;1;2;3\na;B;B;Kernstadt;I;1;2;3\n",
            "Doppelte Gebietsschlüssel",
        ),
    ],
)
def test_bad_tables_raise_bilingual_errors(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TableError, match=message) as info:
        load_area_table(path)
    assert " / " in str(info.value)


def test_share_without_denominator_is_refused(tmp_path):
    path = tmp_path / "indicators.csv"
    path.write_text(
        "id;label_de;label_en;unit_de;unit_en;kind;numerator;denominator;decimals;source;year;derived\n"
        "x;X;X;%;%;share;a;;1;S;2016;\n",
        encoding="utf-8",
    )
    with pytest.raises(TableError, match="Zähler und Nenner"):
        load_indicator_specs(path)


def test_unknown_kind_is_refused(tmp_path):
    path = tmp_path / "indicators.csv"
    path.write_text(
        "id;label_de;label_en;unit_de;unit_en;kind;numerator;denominator;decimals;source;year;derived\n"
        "x;X;X;%;%;ratio;;;1;S;2016;\n",
        encoding="utf-8",
    )
    with pytest.raises(TableError, match="unbekannte Art 'ratio'"):
        load_indicator_specs(path)
