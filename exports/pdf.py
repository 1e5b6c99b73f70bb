"""PDF report of a selection (reportlab): map image, table, rationale, method, sources.

All user text is escaped before it reaches reportlab's paragraph markup, so a
rationale with HTML in it appears as typed.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("Agg")  # no screen; must precede pyplot
import matplotlib.pyplot as plt  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: E402

from exports.model import SelectionExport, method_lines  # noqa: E402
from geo.formatting import format_value  # noqa: E402

__all__ = ["map_png", "to_pdf"]


def map_png(export: SelectionExport, width_px: int = 1200) -> bytes | None:
    """A static map of the map units with the selection highlighted (PNG bytes)."""
    if export.units is None:
        return None
    selected_units = set(export.unit_of.values())
    units = export.units.to_crs(export.units.estimate_utm_crs())
    fig, ax = plt.subplots(figsize=(width_px / 150, width_px / 150 * 0.8), dpi=150)
    colours = ["#2c7fb8" if u in selected_units else "#eeeeee" for u in units["unit"]]
    units.plot(ax=ax, color=colours, edgecolor="#333333", linewidth=0.6)
    for row in units.itertuples():
        point = row.geometry.representative_point()
        ax.annotate(row.name, (point.x, point.y), ha="center", fontsize=6)
    ax.set_axis_off()
    ax.set_title("Ausgewählte Gebiete (blau); Kernstadt nur als Ganzes abgegrenzt", fontsize=8)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def to_pdf(export: SelectionExport) -> bytes:
    styles = getSampleStyleSheet()
    story = [
        Paragraph(escape(f"Auswahl: {export.name}"), styles["Title"]),
        Paragraph(escape(f"{export.author}, {export.date_text}"), styles["Normal"]),
        Spacer(1, 0.4 * cm),
    ]
    png = map_png(export)
    if png is not None:
        story += [Image(io.BytesIO(png), width=16 * cm, height=12.8 * cm), Spacer(1, 0.3 * cm)]
    else:
        story.append(Paragraph("Karte: amtliche Grenzen nicht geladen.", styles["Italic"]))

    header = ["Gebiet"] + [escape(f"{s.label_de}") for s in export.specs]
    body = [
        [escape(str(row["name"]))]
        + [format_value(row[s.id], s.decimals + (1 if s.kind == "share" else 0), s.unit_de, "de") for s in export.specs]
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
    story += [table, Spacer(1, 0.4 * cm), Paragraph("Begründung", styles["Heading2"])]
    story.append(Paragraph(escape(export.rationale or "–"), styles["Normal"]))
    for area, text in export.area_rationales.items():
        if text:
            name = export.table.set_index("area_id").loc[area, "name"] if area in set(export.table["area_id"]) else area
            story.append(Paragraph(f"<b>{escape(str(name))}:</b> {escape(text)}", styles["Normal"]))
    story.append(Paragraph("Methode", styles["Heading2"]))
    for key, value in method_lines(export)[3:]:
        story.append(Paragraph(f"<b>{escape(key)}:</b> {escape(str(value))}", styles["Normal"]))
    if len(method_lines(export)) <= 4:
        story.append(Paragraph("Auswahl von Hand.", styles["Normal"]))
    story.append(Paragraph("Quellen", styles["Heading2"]))
    story += [Paragraph(escape(source), styles["Normal"]) for source in export.sources]

    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=f"Auswahl {export.name}", author=export.author,
        leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.5 * cm, bottomMargin=1.5 * cm,
    ).build(story)
    return buffer.getvalue()
