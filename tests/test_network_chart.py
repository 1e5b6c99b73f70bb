"""The network strip chart: one row per municipality, common class colours, the reference line."""

from __future__ import annotations

from geo.analysis.network import CLASS_COLOURS, IndicatorMapping, build_network_view
from geo.maps.network_chart import strip_chart
from tests.test_network import ALL_MAPPED, make_member

TITLES = {k: k.title() for k in ("measure", "class", "municipality", "area", "value", "lq", "percentile", "selected",
                                  "description")}


def test_strip_chart_rows_colours_reference_and_locale():
    from geo.analysis.network import add_mapping

    astadt = make_member("astadt", "Astadt mit einem sehr langen Namen", ["a1", "a2", "a3", "a4"], [10, 20, 30, 40],
                         [100] * 4)
    bdorf = make_member("bdorf", "Bdorf", ["b1", "b2", "b3"], [5, 15, 10], [100, 100, 50], share="anteil-auslaender")
    mapping = add_mapping(IndicatorMapping(), "Anteil", ALL_MAPPED)
    view = build_network_view([astadt, bdorf], "map:Anteil", mapping, {"bdorf": ["b2"]}, measure="percentile")
    spec = strip_chart(view, TITLES, "de").to_dict()
    reference, dots, ringed = spec["layer"]
    data = spec["datasets"]
    assert data[reference["data"]["name"]] == [{"x": 50.0}]  # percentile 50: the middle of its own city
    assert dots["encoding"]["y"]["sort"] == ["Astadt mit einem sehr langen Namen", "Bdorf"]
    assert dots["encoding"]["y"]["axis"]["labelLimit"] >= 400  # the whole name on a projector
    assert dots["encoding"]["color"]["scale"]["range"] == list(CLASS_COLOURS)
    assert dots["encoding"]["color"]["scale"]["domain"] == ["0–20", "20–40", "40–60", "60–80", "80–100"]
    rows = data[spec["data"]["name"]] if "data" in spec else data[dots["data"]["name"]]
    assert len(rows) == 7 and [r["name"] for r in rows if r["auswahl"]] == ["b2"]
    assert ringed["transform"] == [{"filter": "datum.selected"}]
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["description"] == "Description"
