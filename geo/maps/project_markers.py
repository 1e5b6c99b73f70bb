"""Project markers for the map: coloured by Themenfeld, clustered, every text escaped."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from datetime import date

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo.domain.integration_projects import ProjectRecord, Themenfeld, status
from geo.i18n import tr

__all__ = ["project_layer", "project_popup"]


def project_popup(record: ProjectRecord, themenfeld: Themenfeld | None, unit: str | None, lang: str, today: date) -> str:
    """Popup HTML; every value from the database is escaped."""
    rows = [
        (tr("popup_provider", lang), record.provider),
        (tr("popup_field", lang), themenfeld.label(lang) if themenfeld else record.themenfeld),
        (tr("popup_area", lang), unit or "–"),
        (tr("popup_address", lang), record.address),
        (tr("popup_period", lang), f"{record.start_date or '…'} – {record.end_date or '…'}"),
        (tr("popup_status", lang), tr("popup_running" if status(record, today) == "running" else "popup_ended", lang)),
    ]
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows if v)
    text = f"<p>{html.escape(record.description)}</p>" if record.description else ""
    link = (
        f'<p><a href="{html.escape(record.url, quote=True)}" target="_blank" rel="noopener">'
        f"{html.escape(record.url)}</a></p>"
        if record.url.startswith(("https://", "http://"))
        else ""
    )
    return f"<b>{html.escape(record.name)}</b><table>{body}</table>{text}{link}"


class _ProjectMarkers(JSCSSMixin, MacroElement):
    """Clustered circle markers from a JSON table (static/js/atlas-map.js): no jQuery, no text inside JS templates."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
atlasMap.projectMarkers({{ this._parent.get_name() }}, {{ this.data }});
{% endmacro %}
"""
    )

    def __init__(self, rows: list[dict[str, object]], asset_base: str) -> None:
        super().__init__()
        self._name = "AtlasProjectMarkers"
        base = asset_base.rstrip("/")
        self.default_js = [("markerclusterjs", f"{base}/markercluster/leaflet.markercluster.js")]
        self.default_css = [
            ("markerclustercss", f"{base}/markercluster/MarkerCluster.css"),
            ("markerclusterdefaultcss", f"{base}/markercluster/MarkerCluster.Default.css"),
        ]
        self.data = json.dumps(rows, ensure_ascii=False).replace("<", "\\u003c")


def project_layer(
    items: Sequence[tuple[int, ProjectRecord, str | None]],
    themenfelder: Mapping[str, Themenfeld],
    asset_base: str,
    lang: str = "de",
    today: date | None = None,
) -> folium.FeatureGroup:
    """A feature group with one clustered circle marker per project."""
    today = today or date.today()
    rows = []
    for project_id, record, unit in items:
        field = themenfelder.get(record.themenfeld)
        rows.append(
            {
                "id": project_id,
                "lat": record.lat,
                "lon": record.lon,
                "colour": field.colour if field else "#555555",
                "opacity": 0.95 if status(record, today) == "running" else 0.35,
                "tooltip": html.escape(record.name),
                "popup": project_popup(record, field, unit, lang, today),
            }
        )
    group = folium.FeatureGroup(name="projects", control=False)
    _ProjectMarkers(rows, asset_base).add_to(group)
    return group
