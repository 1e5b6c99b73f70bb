"""The map legend through the map page: boundaries that read one way, one-class results said,
the "keine Daten" row counted (issue #23)."""

from __future__ import annotations

import pytest

from tests.test_pages import NB, legend_text, make_app, with_boundaries  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("with_boundaries")


def test_manual_bounds_that_hold_every_value_warn_of_one_class():
    at = make_app()
    at.selectbox(key="scheme").set_value("manual").run()
    at.text_input(key="manual_bins").set_value("5; 30").run()
    assert not at.exception
    legend = legend_text(at)
    assert f"<td>6,2 – 20,4{NB}%</td><td style='text-align:right'>18 Gebiete</td></tr><tr>" in legend  # one class
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("Alle Gebiete mit Wert liegen in einer Klasse") and f"von 6,2{NB}% bis 20,4{NB}%" in w
               for w in warnings), warnings


def test_no_warning_when_the_classes_split_the_values():
    at = make_app()
    at.selectbox(key="scheme").set_value("manual").run()
    at.text_input(key="manual_bins").set_value("10; 30").run()
    assert not [w for w in at.warning if "einer Klasse" in w.value]


def test_no_data_row_is_counted_and_boundaries_are_explained():
    at = make_app()
    legend = legend_text(at)
    assert f"keine Daten</td><td style='text-align:right'>0 Gebiete</td>" in legend
    assert any("Ein Wert auf einer Klassengrenze gehört zur unteren Klasse" in c.value for c in at.caption)
    # each boundary appears as the end of one class and after "über" in the next
    assert f"<td>6,2 – 6,7{NB}%</td>" in legend and f"<td>über 6,7 – 8,8{NB}%</td>" in legend
