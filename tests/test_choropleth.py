import pytest

import pandas as pd

from geo.maps.choropleth import all_equal, build_view, details_table, distinct_sources, map_styles, rank, tile_frame

NB = "\u00a0"


def test_legend_for_share_quantiles(dataset):
    view = build_view(dataset, "foreign_share", "quantiles", 5, "YlGnBu")
    assert [(r.label, r.count) for r in view.legend] == [
        (f"6,2 – 6,7{NB}%", 5),
        (f"über 6,7 – 8,8{NB}%", 2),
        (f"über 8,8 – 13,0{NB}%", 4),
        (f"über 13,0 – 16,8{NB}%", 3),
        (f"über 16,8 – 20,4{NB}%", 4),
    ]
    assert [r.colour for r in view.legend] == ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
    # Innenstadt (16.07 %) falls in the 4th class on the same bins.
    assert view.unit_classes["Innenstadt"] == 3
    assert view.units_above_top == ()


def test_summed_kernstadt_count_is_flagged_above_top_class(dataset):
    view = build_view(dataset, "foreigners", "equal_interval", 4, "YlOrRd")
    assert view.units_above_top == ("Innenstadt",)
    assert view.unit_classes["Innenstadt"] == 3


def test_unknown_indicator(dataset):
    with pytest.raises(ValueError, match="Unbekannter Indikator 'migrants'"):
        build_view(dataset, "migrants")


def test_map_styles_colour_select_and_explain(dataset, map_geometry):
    view = build_view(dataset, "foreign_share_u30", "quantiles", 5, "YlGnBu")
    styles = map_styles(view, dataset, map_geometry, ["hohenecken", "betzenberg", "innenstadt-ost"])
    key_of = dict(zip(map_geometry.frame["name"], map_geometry.frame["key"]))
    assert styles[key_of["Innenstadt"]].fill == "#ffffff"  # no value: counts unknown
    assert "nicht berechenbar" in styles[key_of["Innenstadt"]].tooltip
    assert "aus 9 Stadtteilen" in styles[key_of["Innenstadt"]].tooltip
    assert styles[key_of["Hohenecken"]].selected
    assert f"10,7{NB}%" in styles[key_of["Hohenecken"]].tooltip
    assert "Statistisches Amt der Stadt Kaiserslautern, 2016" in styles[key_of["Hohenecken"]].tooltip
    assert sum(s.selected for s in styles.values()) == 2
    assert styles[key_of["Innenstadt"]].partial and not styles[key_of["Hohenecken"]].partial
    assert "2 von 9 Stadtteilen ausgewählt" in styles[key_of["Innenstadt"]].tooltip


def test_tile_frame_has_all_18_areas(dataset):
    view = build_view(dataset, "foreign_share")
    tiles = tile_frame(view, dataset, ["betzenberg", "hohenecken"])
    assert len(tiles) == 18
    assert sorted(tiles.loc[tiles["selected"], "area_id"]) == ["betzenberg", "hohenecken"]
    assert tiles.set_index("area_id").loc["innenstadt-suedwest", "fill"] == "#253494"
    assert tiles.set_index("area_id").loc["hohenecken", "value_text"] == f"9,2{NB}%"


def test_rank_highest_first_ties_share_rank(dataset):
    shares = dataset.areas["foreign_share"]
    assert rank(shares, "innenstadt-suedwest") == (1, 18)
    assert rank(shares, "dansenberg") == rank(shares, "siegelbach") == (17, 18)
    assert rank(dataset.areas["foreign_share"], "nowhere") is None


@pytest.mark.parametrize(
    ("values", "equal", "rank_of_a"),
    [
        ([0.0, 0.0, 0.0], True, None),  # every area 0 projects: no order, no rank
        ([0.0, 0.0, None], True, None),
        ([0.0, 1.0, 0.0], False, (2, 3)),
        ([5.0, None, None], False, (1, 1)),  # one value: rank 1 of 1, not "all equal"
    ],
)
def test_no_rank_among_equal_values(values, equal, rank_of_a):
    series = pd.Series(values, index=["a", "b", "c"], dtype=float)
    assert all_equal(series) is equal
    assert rank(series, "a") == rank_of_a


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        (["Amt, 2016", "Amt, 2016 (abgeleitet)", "Projekte", "Projekte, Einwohner abgeleitet"],
         ["Amt, 2016", "Projekte"]),
        (["Amt, 2016 (abgeleitet)", "Amt, 2016"], ["Amt, 2016"]),
        (["A", "B", "A", ""], ["A", "B"]),
    ],
)
def test_distinct_sources(sources, expected):
    assert distinct_sources(sources) == expected


def test_details_for_hohenecken(dataset):
    details = details_table(dataset, "Hohenecken").set_index("indicator")
    share = details.loc["Anteil Ausländerinnen und Ausländer"]
    assert (share["value"], share["rank"], share["rank_areas"], share["city"]) == (
        f"9,2{NB}%",
        "3 von 10",
        "11 von 18",  # ten of the 18 published shares are above 9.2
        f"14,2{NB}%",
    )
    count = details.loc["Ausländerinnen und Ausländer (Anzahl)"]
    assert (count["value"], count["city"]) == (f"331{NB}Personen", f"13.918{NB}Personen")
    assert details.loc["Einwohnerinnen und Einwohner (abgeleitet)", "source"].endswith("(abgeleitet)")


def test_details_for_the_merged_kernstadt(dataset):
    details = details_table(dataset, "Innenstadt", lang="en").set_index("indicator")
    assert details.loc["Share of foreign residents", "value"] == f"16.1{NB}%"
    assert details.loc["Share of foreigners among under-30-year-olds", "value"] == "–"
    assert details.loc["Share of foreign residents", "rank_areas"] == "–"


def test_tooltip_says_not_published_only_where_the_figure_is_hidden(dataset, map_geometry):
    from geo.analysis.disclosure import apply_disclosure
    from geo.settings import DisclosureRules

    public = apply_disclosure(dataset, DisclosureRules(min_residents=1200))  # Erlenbach hides counts, not u30
    key_of = dict(zip(map_geometry.frame["name"], map_geometry.frame["key"]))
    hidden = map_styles(build_view(public, "foreigners"), public, map_geometry)[key_of["Erlenbach"]].tooltip
    shown = map_styles(build_view(public, "foreign_share_u30"), public, map_geometry)[key_of["Erlenbach"]].tooltip
    assert "nicht veröffentlicht: verborgen, damit andere verborgene Werte nicht errechenbar sind" in hidden
    assert "nicht veröffentlicht" not in shown and f"6,5{NB}%" in shown
