from dataclasses import replace

import pytest

from geo.analysis.compare import SelectionError, compare, selection_total, toggle

NB = "\u00a0"


def test_toggle():
    assert toggle([], "a") == ["a"]
    assert toggle(["a", "b"], "a") == ["b"]
    assert toggle(["b"], "a") == ["b", "a"]


def test_selection_share_is_recomputed_from_counts(dataset):
    ids = ["innenstadt-ost", "moelschbach"]
    total = selection_total(dataset, ids)
    assert total["foreigners"] == 1998 + 75
    residents = 1998 / 0.176 + 75 / 0.063
    assert total["foreign_share"] == pytest.approx(2073 / residents * 100)
    assert round(total["foreign_share"], 1) == 16.5  # not the 12.0 % mean of 17.6 and 6.3


def test_compare_rows(dataset):
    table = compare(dataset, ["hohenecken", "innenstadt-ost"]).set_index(["area_id", "indicator"])
    share = table.loc[("hohenecken", "foreign_share")]
    assert (share["value"], share["rank"], share["of"]) == (9.2, 11, 18)
    assert share["deviation"] == pytest.approx(9.2 - dataset.city["foreign_share"])
    assert share["deviation_kind"] == "pp"
    count = table.loc[("innenstadt-ost", "foreigners")]
    assert count["rank"] == 1
    assert count["deviation"] == pytest.approx(1998 / 13918 * 100)
    assert count["deviation_kind"] == "pct_of_city"


@pytest.mark.parametrize(("ids", "message"), [([], "Die Auswahl ist leer"), (["atlantis"], "Unbekannte Gebiete")])
def test_bad_selection(dataset, ids, message):
    with pytest.raises(SelectionError, match=message):
        compare(dataset, ids)


def test_comparison_table_reads_well(dataset):
    from geo.analysis.compare import comparison_table

    table = comparison_table(dataset, ["hohenecken", "innenstadt-ost"])
    # Innenstadt Ost's Ortsbezirk (the dataset's declared parent level) as a whole; Hohenecken is its own
    assert list(table.index) == ["Hohenecken", "Innenstadt Ost", "Auswahl gesamt", "Innenstadt (Ortsbezirk, gesamt)",
                                 "Gesamtstadt"]
    share = table["Anteil Ausländerinnen und Ausländer"]
    assert share["Hohenecken"] == f"9,2{NB}% · Rang 11/18 · −5,0 pp"
    assert share["Innenstadt Ost"] == f"17,6{NB}% · Rang 4/18 · +3,4 pp"
    assert share["Gesamtstadt"] == f"14,2{NB}%"
    count = table["Ausländerinnen und Ausländer (Anzahl)"]
    assert count["Innenstadt Ost"] == f"1.998{NB}Personen · Rang 1/18 · 14,4 % der Stadt"
    assert count["Auswahl gesamt"] == f"2.329{NB}Personen"
    assert count["Innenstadt (Ortsbezirk, gesamt)"] == f"12.258{NB}Personen"  # the nine Kernstadt areas summed
    assert list(comparison_table(dataset, ["hohenecken"]).index) == ["Hohenecken", "Auswahl gesamt", "Gesamtstadt"]


def test_rank_scope_of_an_indicator_defined_only_on_areas_with_own_boundary(dataset):
    from geo.analysis.compare import rank_scope

    assert rank_scope(dataset, "foreign_share") == ("all", 18)
    own = dataset.units.members[dataset.units.members == 1].index  # the nine Ortsbezirke with their own boundary
    areas = dataset.areas.assign(foreign_share=dataset.areas["foreign_share"].where(dataset.areas["unit"].isin(own)))
    assert rank_scope(replace(dataset, areas=areas), "foreign_share") == ("own", 9)
    areas.loc["erfenbach", "foreign_share"] = float("nan")
    assert rank_scope(replace(dataset, areas=areas), "foreign_share") == ("values", 8)


def test_comparison_chart_has_city_reference(dataset):
    from geo.analysis.compare import comparison_chart

    spec = comparison_chart(dataset, ["hohenecken", "innenstadt-ost"], "foreign_share").to_dict()
    datasets = list(spec["datasets"].values())
    reference = next(d for d in datasets if d and "label" in d[0])
    assert reference[0]["label"] == "Gesamtstadt"
    assert reference[0]["value"] == 14.2  # at the published decimals (14.17… before)


@pytest.mark.parametrize(
    ("lang", "indicator", "decimal", "number"),
    [("de", "foreign_share", ",", ",.1f"), ("en", "foreign_share", ".", ",.1f"), ("de", "foreigners", ",", ",.0f")],
)
def test_comparison_chart_speaks_the_readers_number_format(dataset, lang, indicator, decimal, number):
    from geo.analysis.compare import comparison_chart

    spec = comparison_chart(dataset, ["hohenecken", "innenstadt-ost"], indicator, lang).to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == decimal
    bars = spec["layer"][0]["encoding"]
    assert bars["x"]["axis"]["format"] == number  # never the default "0.000000" for tiny ranges
    assert [t.get("format") for t in bars["tooltip"]] == [None, number]


def test_comparison_chart_gives_each_area_its_own_band_and_fills_its_column(dataset):
    from geo.analysis.compare import comparison_chart

    spec = comparison_chart(dataset, ["hohenecken", "einsiedlerhof", "innenstadt-ost"], "foreign_share").to_dict()
    # A fixed total height collapsed in Streamlit's layout (bars invisible, names on top of each other).
    assert spec["height"] == {"step": 28} and spec["width"] == "container"
    label = spec["layer"][2]
    assert label["encoding"]["y"] == {"value": 0}  # the city label sits above the bars


def test_a_rate_deviates_in_its_own_unit_never_in_percentage_points(dataset):
    from dataclasses import replace

    from geo.analysis.compare import _deviation_text

    rate = replace(dataset.specs["foreign_share"], per=1000, unit_de="je 1.000 Einw.", unit_en="per 1,000")
    table = compare(replace(dataset, specs={"foreign_share": rate}), ["hohenecken"]).iloc[0]
    assert table["deviation_kind"] == "diff:je 1.000 Einw.|per 1,000"
    deviation = 9.2 - dataset.city["foreign_share"]
    assert _deviation_text(table, 1, "de") == f"−{abs(deviation):.1f} je 1.000 Einw.".replace(".", ",", 1)
