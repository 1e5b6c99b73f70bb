"""PDF report of a selection (reportlab): the decision, map image, table, method, sources.

All user text is escaped before it reaches reportlab's paragraph markup, so a
rationale with HTML in it appears as typed; matplotlib's mathtext is off, so a
name with ``$…$`` or ``\\`` is drawn as typed too.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from xml.sax.saxutils import escape

from matplotlib.patches import Patch
from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from exports.model import QUARTER_PREFIX, SelectionExport, label, method_lines
from exports.pdftable import FONT, FONT_SIZE, HEADER_FONT, TableLayout, plan_table
from geo.i18n import tr
from geo.numbers import format_value
from geo.domain.timeseries import split_year
from geo.maps.leaflet import MAX_NAMED_AREAS
from geo.maps.staticmap import (
    QUARTER_COLOUR, draw_quarters, draw_tiles, new_figure, png_bytes, quarter_handle, quarter_shapes, tile_handles,
)

__all__ = ["FAILURE_MESSAGE", "QUARTER", "map_png", "to_pdf"]

_LOG = logging.getLogger(__name__)

FAILURE_MESSAGE = "pdf_failure"  # catalogue key of the sentence a plain fallback document starts with


SELECTED = "#2c7fb8"
PARTIAL = "#a6cde3"
QUARTER = QUARTER_COLOUR  # outlines of self-drawn quarters

def _t(key: str, lang: str) -> str:
    return tr(f"pdf_{key}", lang)


def map_png(export: SelectionExport, width_px: int = 1200) -> bytes | None:
    """A static map of the map units: selected filled, partly selected hatched and dashed, self-drawn quarters
    outlined, and beside it the tiles of the districts without an own boundary, the chosen ones filled (PNG)."""
    if export.units is None:
        return None
    lang = export.lang
    partial = set(export.partial_units)
    selected = set(export.unit_of.values()) - partial
    units = export.units.to_crs(export.units.estimate_utm_crs())
    tiles = export.tiles
    fig = new_figure(width_px / 150, width_px / 150 * 0.8, 150)
    ax = fig.add_axes((0.0, 0.16, 0.64 if tiles is not None else 1.0, 0.78))
    plain = units[~units["unit"].isin(selected | partial)]
    plain.plot(ax=ax, color="#eeeeee", edgecolor="#333333", linewidth=0.6)
    if selected:
        units[units["unit"].isin(selected)].plot(ax=ax, color=SELECTED, edgecolor="#333333", linewidth=1.2)
    if partial:
        units[units["unit"].isin(partial)].plot(
            ax=ax, facecolor=PARTIAL, edgecolor="#08306b", linewidth=1.4, linestyle="--", hatch="//"
        )
    outlines = quarter_shapes([(q.name, q.geometry) for q in export.quarters], units.crs)
    draw_quarters(ax, outlines, 6)
    many = len(units) > MAX_NAMED_AREAS  # then only the selected units are named
    for row in units.itertuples():
        if many and row.unit not in selected | partial:
            continue
        point = row.geometry.representative_point()
        ax.annotate(str(row.name), (point.x, point.y), ha="center", fontsize=6)
    ax.set_axis_off()
    handles = [Patch(facecolor=SELECTED, edgecolor="#333333", label=_t("selected", lang))]
    if partial:
        handles.append(Patch(facecolor=PARTIAL, edgecolor="#08306b", hatch="//", linestyle="--",
                             label=_t("partial", lang)))
    handles.append(Patch(facecolor="#eeeeee", edgecolor="#333333", label=_t("other", lang)))
    if outlines is not None:
        handles.append(quarter_handle(lang))
    if tiles is not None:
        draw_tiles(fig.add_axes((0.67, 0.3, 0.32, 0.6)), tiles, lang, 5.5, 6.5)
        handles += tile_handles(lang)
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 0.0), fontsize=6, frameon=True, ncols=2)
    fig.suptitle(_t("map_title", lang), fontsize=8)
    return png_bytes(fig, bbox_inches="tight")


def to_pdf(export: SelectionExport, on_failure: Callable[[Exception], None] | None = None) -> bytes:
    """The report; if reportlab fails all the same, a short PDF that says so (German and English) and
    lists the figures as plain lines, never nothing; ``on_failure`` hears of it (the page says so too)."""
    try:
        return _report(export)
    except Exception as error:  # noqa: BLE001 - any layout failure becomes a readable document
        _LOG.exception("PDF report failed")
        if on_failure is not None:
            on_failure(error)
        return _failure_pdf(export, error)


def _cell_text(row, spec, lang: str) -> str:
    # The precision the dataset publishes (as the pages show it): 16,9 % stays 16,9 %, counts whole.
    return format_value(row[spec.id], spec.decimals, spec.unit(lang), lang)


def _table_rows(export: SelectionExport) -> list[list[str]]:
    """Header and body of the data table as plain text (escaped only when made into paragraphs)."""
    lang = export.lang
    header = [label("area", lang)] + [s.label(lang) for s in export.specs] + [label(c, lang) for c in export.class_columns]
    body = [
        [str(row["name"]) + (f" ({row['part']})" if str(row["area_id"]).startswith(QUARTER_PREFIX) else "")]
        + [_cell_text(row, s, lang) for s in export.specs]
        + [str(row[c]) for c in export.class_columns]
        for _, row in export.table.iterrows()
    ]
    return [header, *body]


def _priority(export: SelectionExport) -> list[int]:
    """Table columns most relevant first: weighted indicators, class columns, the newest year (and values
    without a year), then older years, the more recent first."""
    weighted = set(export.record.weights)
    years = [split_year(s.id)[1] for s in export.specs]
    newest = max((y for y in years if y is not None), default=None)
    n = len(export.specs)

    def rank(i: int) -> tuple[int, int, int]:
        spec = export.specs[i]
        if spec.label(export.lang) in weighted or spec.label("de") in weighted:
            return 0, 0, i
        if years[i] in (None, newest):
            return 1, 0, i
        return 2, -(years[i] or 0), i  # older years: the more recent first

    indicators = [1 + i for i in sorted(range(n), key=rank)]
    classes = [1 + n + j for j in range(len(export.class_columns))]
    weighted_count = sum(1 for i in range(n) if rank(i)[0] == 0)
    return [0, *indicators[:weighted_count], *classes, *indicators[weighted_count:]]


def _data_table(export: SelectionExport, styles, layout: TableLayout, rows: list[list[str]]) -> list:
    cell = styles["BodyText"].clone("cell", fontName=FONT, fontSize=FONT_SIZE, leading=FONT_SIZE + 1.5)
    head = cell.clone("head", fontName=HEADER_FONT)
    shown = [[Paragraph(escape(r[c]), head if i == 0 else cell) for c in layout.columns] for i, r in enumerate(rows)]
    table = Table(shown, colWidths=list(layout.widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story = [Spacer(1, 0.3 * cm), table]
    if layout.left_out:
        names = "; ".join(rows[0][c] for c in layout.left_out)
        note = _t("left_out", export.lang).format(n=len(layout.left_out), names=names)
        story.append(Paragraph(escape(note), styles["Italic"]))
    return [*story, Spacer(1, 0.4 * cm)]


def _report(export: SelectionExport) -> bytes:
    lang = export.lang
    record = export.record
    styles = getSampleStyleSheet()
    rows = _table_rows(export)
    layout = plan_table(rows, _priority(export), A4[0] - 4 * cm, A4[1] - 4 * cm)
    pagesize = landscape(A4) if layout.landscape else A4
    text_width = pagesize[0] - 4 * cm
    lines = method_lines(export)
    story = [Paragraph(escape(f"{lines[0][0]}: {lines[0][1]}"), styles["Title"])]
    meta = Table(
        [[Paragraph(f"<b>{escape(k)}</b>", styles["BodyText"]), Paragraph(escape(v), styles["BodyText"])]
         for k, v in lines[1:]],
        colWidths=[4.5 * cm, text_width - 4.5 * cm],
    )
    meta.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [meta, Spacer(1, 0.3 * cm)]
    png = map_png(export)
    if png is not None:
        with PILImage.open(io.BytesIO(png)) as image:
            aspect = image.width / image.height  # as drawn (cropped to its content): never stretched
        height = min(12.8 * cm, pagesize[1] - 5 * cm, text_width / aspect)
        story += [Image(io.BytesIO(png), width=height * aspect, height=height), Spacer(1, 0.2 * cm)]
        if export.partial_units:
            tiles = export.tiles
            chosen = [] if tiles is None else list(tiles.loc[tiles["chosen"], "name"])
            note = _t("partial_note", lang).format(units=", ".join(export.partial_units), chosen=", ".join(chosen) or "–")
            story.append(Paragraph(escape(note), styles["Italic"]))
    else:
        story.append(Paragraph(_t("no_map", lang), styles["Italic"]))
    story += _data_table(export, styles, layout, rows)
    names = dict(zip(export.table["area_id"], export.table["name"]))
    rows_ids = [a for a in export.table["area_id"] if a]  # the areas, then the self-drawn quarters ("quarter:<id>")
    per_area = [(a, record.area_rationales.get(a, "")) for a in rows_ids if record.area_rationales.get(a)]
    if per_area:
        story.append(Paragraph(_t("per_area", lang), styles["Heading2"]))
        for area, text in per_area:
            story.append(Paragraph(f"<b>{escape(str(names.get(area, area)))}:</b> {escape(text)}", styles["Normal"]))
    story.append(Paragraph(label("sources", lang), styles["Heading2"]))
    story += [Paragraph(escape(source), styles["Normal"]) for source in export.sources]

    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=pagesize, title=f"{lines[0][0]} {lines[0][1]}", author=record.author,
        leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.5 * cm, bottomMargin=1.5 * cm,
    ).build(story)
    return buffer.getvalue()


def _failure_pdf(export: SelectionExport, error: Exception) -> bytes:
    """A plain document: the failure in the reader's language, then the decision and the figures line by line."""
    styles = getSampleStyleSheet()
    plain = styles["BodyText"].clone("plain", wordWrap="CJK")  # breaks anywhere: nothing can be too wide
    story = [Paragraph(escape(tr(FAILURE_MESSAGE, export.lang)), plain), Spacer(1, 0.3 * cm)]
    story += [Paragraph(escape(f"{k}: {v}"), plain) for k, v in method_lines(export)]
    rows = _table_rows(export)
    story += [Paragraph(escape(" | ".join(r)), plain) for r in rows]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=2 * cm, rightMargin=2 * cm).build(story)
    return buffer.getvalue()
