"""Project markers for the map: coloured by Themenfeld, clustered, every text escaped."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date

import folium
from folium.plugins import MarkerCluster

from geo.projects import ProjectRecord, Themenfeld, status

__all__ = ["project_layer", "project_popup"]


def project_popup(record: ProjectRecord, themenfeld: Themenfeld | None, unit: str | None, lang: str, today: date) -> str:
    """Popup HTML; every value from the database is escaped."""
    rows = [
        ("Träger" if lang == "de" else "Provider", record.provider),
        ("Themenfeld" if lang == "de" else "Field", themenfeld.label(lang) if themenfeld else record.themenfeld),
        ("Ortsbezirk" if lang == "de" else "District", unit or "–"),
        ("Adresse" if lang == "de" else "Address", record.address),
        ("Zeitraum" if lang == "de" else "Period", f"{record.start_date or '…'} – {record.end_date or '…'}"),
        ("Status", ("läuft" if lang == "de" else "running") if status(record, today) == "running"
         else ("beendet" if lang == "de" else "ended")),
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


def project_layer(
    items: Sequence[tuple[int, ProjectRecord, str | None]],
    themenfelder: Mapping[str, Themenfeld],
    asset_base: str,
    lang: str = "de",
    today: date | None = None,
) -> folium.FeatureGroup:
    """A feature group with one clustered circle marker per project."""
    today = today or date.today()
    group = folium.FeatureGroup(name="projects", control=False)
    cluster = MarkerCluster(options={"maxClusterRadius": 40, "disableClusteringAtZoom": 15})
    base = asset_base.rstrip("/")
    cluster.default_js = [("markerclusterjs", f"{base}/markercluster/leaflet.markercluster.js")]
    cluster.default_css = [
        ("markerclustercss", f"{base}/markercluster/MarkerCluster.css"),
        ("markerclusterdefaultcss", f"{base}/markercluster/MarkerCluster.Default.css"),
    ]
    cluster.add_to(group)
    for project_id, record, unit in items:
        field = themenfelder.get(record.themenfeld)
        colour = field.colour if field else "#555555"
        folium.CircleMarker(
            location=[record.lat, record.lon],
            radius=8,
            color="#000000",
            weight=1,
            fill=True,
            fill_color=colour,
            fill_opacity=0.95 if status(record, today) == "running" else 0.35,
            tooltip=folium.Tooltip(html.escape(record.name)),
            popup=folium.Popup(project_popup(record, field, unit, lang, today), max_width=320),
        ).add_to(cluster)
    return group
