"""PDF report of a selection (reportlab): the decision, map image, table, method, sources.

All user text is escaped before it reaches reportlab's paragraph markup, so a
rationale with HTML in it appears as typed; matplotlib's mathtext is off, so a
name with ``$…$`` or ``\\`` is drawn as typed too.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("Agg")  # no screen; must precede pyplot
import geopandas as gpd  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import shapely.geometry  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: E402

from exports.model import QUARTER_PREFIX, SelectionExport, label, method_lines  # noqa: E402
from geo.domain.formatting import format_value  # noqa: E402

__all__ = ["PLAIN_TEXT", "map_png", "to_pdf"]

# Data text is never mathtext: "$1$" or "a\\b" in a name must not change or break the drawing.
PLAIN_TEXT = {"text.parse_math": False, "text.usetex": False}

SELECTED = "#2c7fb8"
PARTIAL = "#a6cde3"
QUARTER = "#d95f02"  # outlines of self-drawn quarters

_TEXT = {
    "map_title": ("Ausgewählte Gebiete", "Selected areas"),
    "selected": ("ausgewählt", "selected"),
    "partial": ("teilweise ausgewählt (einzelne Stadtteile einer nur als Ganzes abgegrenzten Einheit)",
                "partly selected (some districts of a unit only delimited as a whole)"),
    "other": ("nicht ausgewählt", "not selected"),
    "partial_note": ("Teilweise ausgewählt (schraffiert, gestrichelt): {units}. Die Karte kann nur die ganze Einheit "
                     "zeigen; ausgewählt sind nur die in der Tabelle genannten Stadtteile.",
                     "Partly selected (hatched, dashed): {units}. The map can only show the whole unit; only the "
                     "districts named in the table are selected."),
    "quarter": ("selbst abgegrenztes Quartier (Umriss)", "self-drawn quarter (outline)"),
    "no_map": ("Karte: amtliche Grenzen nicht geladen.", "Map: official boundaries not loaded."),
    "per_area": ("Begründung je Gebiet", "Rationale per area"),
}


def _t(key: str, lang: str) -> str:
    de, en = _TEXT[key]
    return de if lang == "de" else en


def _quarter_outlines(export: SelectionExport, crs) -> gpd.GeoSeries | None:
    """The outlines of the self-drawn quarters in ``crs`` (None when no quarter has one)."""
    shapes = []
    for quarter in export.quarters:
        geometry = quarter.geometry
        if geometry and geometry.get("type") == "Feature":
            geometry = geometry.get("geometry")
        if geometry:
            shapes.append(shapely.geometry.shape(geometry))
    return gpd.GeoSeries(shapes, crs=4326).to_crs(crs) if shapes else None


def map_png(export: SelectionExport, width_px: int = 1200) -> bytes | None:
    """A static map of the map units: selected filled, partly selected hatched and dashed (PNG bytes)."""
    if export.units is None:
        return None
    lang = export.lang
    partial = set(export.partial_units)
    selected = set(export.unit_of.values()) - partial
    units = export.units.to_crs(export.units.estimate_utm_crs())
    with plt.rc_context(PLAIN_TEXT):
        fig, ax = plt.subplots(figsize=(width_px / 150, width_px / 150 * 0.8), dpi=150)
        plain = units[~units["unit"].isin(selected | partial)]
        plain.plot(ax=ax, color="#eeeeee", edgecolor="#333333", linewidth=0.6)
        if selected:
            units[units["unit"].isin(selected)].plot(ax=ax, color=SELECTED, edgecolor="#333333", linewidth=1.2)
        outlines = _quarter_outlines(export, units.crs)
        if outlines is not None:
            outlines.boundary.plot(ax=ax, color=QUARTER, linewidth=1.6)
        if partial:
            units[units["unit"].isin(partial)].plot(
                ax=ax, facecolor=PARTIAL, edgecolor="#08306b", linewidth=1.4, linestyle="--", hatch="//"
            )
        for row in units.itertuples():
            point = row.geometry.representative_point()
            ax.annotate(str(row.name), (point.x, point.y), ha="center", fontsize=6)
        ax.set_axis_off()
        handles = [Patch(facecolor=SELECTED, edgecolor="#333333", label=_t("selected", lang))]
        if partial:
            handles.append(Patch(facecolor=PARTIAL, edgecolor="#08306b", hatch="//", linestyle="--",
                                 label=_t("partial", lang)))
        handles.append(Patch(facecolor="#eeeeee", edgecolor="#333333", label=_t("other", lang)))
        if outlines is not None:
            handles.append(Line2D([], [], color=QUARTER, linewidth=1.6, label=_t("quarter", lang)))
        ax.legend(handles=handles, loc="lower left", fontsize=6, frameon=True)
        ax.set_title(_t("map_title", lang), fontsize=8)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
        plt.close(fig)
    return buffer.getvalue()


def to_pdf(export: SelectionExport) -> bytes:
    lang = export.lang
    record = export.record
    styles = getSampleStyleSheet()
    lines = method_lines(export)
    story = [Paragraph(escape(f"{lines[0][0]}: {lines[0][1]}"), styles["Title"])]
    meta = Table(
        [[Paragraph(f"<b>{escape(k)}</b>", styles["BodyText"]), Paragraph(escape(v), styles["BodyText"])]
         for k, v in lines[1:]],
        colWidths=[4.5 * cm, 12.5 * cm],
    )
    meta.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [meta, Spacer(1, 0.3 * cm)]
    png = map_png(export)
    if png is not None:
        story += [Image(io.BytesIO(png), width=16 * cm, height=12.8 * cm), Spacer(1, 0.2 * cm)]
        if export.partial_units:
            note = _t("partial_note", lang).format(units=", ".join(export.partial_units))
            story.append(Paragraph(escape(note), styles["Italic"]))
    else:
        story.append(Paragraph(_t("no_map", lang), styles["Italic"]))

    header = (
        [label("area", lang)]
        + [escape(s.label(lang)) for s in export.specs]
        + [escape(label(c, lang)) for c in export.class_columns]
    )
    body = [
        [escape(str(row["name"]) + (f" ({row['part']})" if str(row["area_id"]).startswith(QUARTER_PREFIX) else ""))]
        + [
            format_value(
                row[s.id], s.decimals + (1 if s.kind == "share" else 0), s.unit_de if lang == "de" else s.unit_en, lang
            )
            for s in export.specs
        ]
        + [str(row[c]) for c in export.class_columns]
        for _, row in export.table.iterrows()
    ]
    cell = styles["BodyText"].clone("cell", fontSize=7, leading=8)
    table = Table([[Paragraph(h, cell) for h in header]] + [[Paragraph(escape(c), cell) for c in r] for r in body])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [Spacer(1, 0.3 * cm), table, Spacer(1, 0.4 * cm)]
    names = dict(zip(export.table["area_id"], export.table["name"]))
    per_area = [(a, record.area_rationales.get(a, "")) for a in export.area_ids if record.area_rationales.get(a)]
    if per_area:
        story.append(Paragraph(_t("per_area", lang), styles["Heading2"]))
        for area, text in per_area:
            story.append(Paragraph(f"<b>{escape(str(names.get(area, area)))}:</b> {escape(text)}", styles["Normal"]))
    story.append(Paragraph(label("sources", lang), styles["Heading2"]))
    story += [Paragraph(escape(source), styles["Normal"]) for source in export.sources]

    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{lines[0][0]} {lines[0][1]}", author=record.author,
        leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.5 * cm, bottomMargin=1.5 * cm,
    ).build(story)
    return buffer.getvalue()
