"""The network view's strip chart (Altair): one row per municipality, one dot per area.

Sized for a projector: large labels, the whole municipality name, the selection ringed,
a dashed line where an area is "as in its city", numbers in the reader's format.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from geo.analysis.network import CLASS_COLOURS, MEASURES, NetworkView, legend_labels
from geo.numbers import vega_locale

__all__ = ["strip_chart"]


def strip_chart(view: NetworkView, titles: Mapping[str, str], lang: str = "de") -> alt.LayerChart:
    """The chart of ``view``. ``titles`` names the fields for axis, legend and tooltip: ``measure``,
    ``class``, ``municipality``, ``area``, ``value``, ``lq``, ``percentile``, ``selected``, ``description``.
    """
    measure = view.measure
    labels = legend_labels(measure, lang)
    points = view.areas.dropna(subset=[measure]).assign(
        klasse=lambda f: f["class"].map(dict(enumerate(labels))),
        auswahl=lambda f: f["selected"].map({True: titles["selected"], False: ""}),
    )
    base = alt.Chart(points).encode(
        x=alt.X(f"{measure}:Q", title=titles["measure"], axis=alt.Axis(format=",.1f" if measure == "lq" else ",.0f")),
        y=alt.Y("member_label:N", title=None, sort=[m.label for m in view.members], axis=alt.Axis(labelLimit=420)),
        color=alt.Color("klasse:N", title=titles["class"], scale=alt.Scale(domain=labels, range=list(CLASS_COLOURS))),
        tooltip=[
            alt.Tooltip("member_label:N", title=titles["municipality"]),
            alt.Tooltip("name:N", title=titles["area"]),
            alt.Tooltip("value:Q", title=titles["value"], format=",.1f"),
            alt.Tooltip("lq:Q", title=titles["lq"], format=",.2f"),
            alt.Tooltip("percentile:Q", title=titles["percentile"], format=",.0f"),
            alt.Tooltip("auswahl:N", title=titles["selected"]),
        ],
    )
    dots = base.mark_circle(size=160, opacity=0.95, stroke="#555555", strokeWidth=0.6)
    # decorative layers carry no ARIA role of their own: the dots and the description say it all
    ringed = base.transform_filter(alt.datum.selected).mark_point(
        size=520, filled=False, strokeWidth=3, color="#000000", aria=False
    )
    reference = (
        alt.Chart(pd.DataFrame({"x": [MEASURES[measure].reference]}))
        .mark_rule(strokeDash=[6, 4], color="#333333", aria=False)
        .encode(x="x:Q")
    )
    return (
        (reference + dots + ringed)
        .properties(height=max(140, 64 * len(view.members)), description=titles["description"])
        .configure(locale=vega_locale(lang))
        .configure_axis(labelFontSize=18, titleFontSize=18, labelColor="#222222", titleColor="#222222")
        .configure_legend(labelFontSize=16, titleFontSize=16, labelColor="#222222", titleColor="#222222")
    )
