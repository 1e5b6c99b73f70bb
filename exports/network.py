"""Exports of the network view: small-multiple maps, one PNG slide, one PDF page, an XLSX.

The maps are static matplotlib images, the same on the page and in the exports, so what
the presenter sees is what goes on the slide. Every export names each dataset's source and date.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Mapping
from xml.sax.saxutils import escape

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from exports.cells import Sheet, write_xlsx
from geo.analysis.network import CLASS_COLOURS, MEASURES, MISSING, MemberStatus, NetworkView, legend_labels
from geo.i18n import tr
from geo.numbers import format_number, format_value
from geo.maps.staticmap import new_figure, png_bytes  # Figure API: no global state, safe in a download thread

__all__ = ["MEASURE_TITLES", "network_map_png", "slide_png", "sources_lines", "network_pdf", "network_xlsx"]

NO_DATA = "#d9d9d9"
SELECTED_EDGE = "#000000"
# measure -> catalogue key of its axis title
MEASURE_TITLES = {"lq": "netd_measure_lq", "percentile": "netd_measure_percentile"}


def _t(key: str, lang: str, **values: object) -> str:
    return tr(f"netd_{key}", lang, **values)


def _member_title(status: MemberStatus, width: int = 32) -> str:
    year = f" ({status.year})" if status.year else ""
    return textwrap.fill(f"{status.label}{year}", width)  # long dataset names wrap instead of being cut


def _why(status: MemberStatus) -> str:
    return "missing" if status.status == MISSING else "no_city"


def _draw_map(
    ax, status: MemberStatus, view: NetworkView, frame: gpd.GeoDataFrame | None, lang: str, title: tuple[int, int] = (32, 13)
) -> None:
    ax.set_axis_off()
    width, size = title  # characters per line, font size: narrower in a row of six
    ax.set_title(_member_title(status, width), fontsize=size, fontweight="bold")
    if not view.shows(status.id):
        ax.text(0.5, 0.5, _t(_why(status), lang), ha="center", va="center", fontsize=12, transform=ax.transAxes)
        return
    if frame is None or frame.empty:
        ax.text(0.5, 0.5, _t("no_map", lang), ha="center", va="center", fontsize=12, transform=ax.transAxes)
        return
    rows = view.units[view.units["member"] == status.id].set_index("unit")
    shapes = frame.to_crs(frame.estimate_utm_crs())
    classes = shapes["unit"].map(rows["class"]).fillna(-1).astype(int)
    colours = [CLASS_COLOURS[c] if c >= 0 else NO_DATA for c in classes]
    selected = shapes["unit"].map(rows["selected"]).fillna(False).astype(bool)
    shapes.plot(ax=ax, color=colours, edgecolor="#555555", linewidth=0.5)
    if selected.any():
        shapes[selected.to_numpy()].plot(ax=ax, facecolor="none", edgecolor=SELECTED_EDGE, linewidth=2.5)
    ax.set_aspect("equal")


def network_map_png(view: NetworkView, member_id: str, frame: gpd.GeoDataFrame | None, lang: str = "de") -> bytes:
    """One municipality's map on the common classes, its selection outlined (PNG bytes)."""
    status = next(m for m in view.members if m.id == member_id)
    fig = new_figure(4, 3.6, 110)
    ax = fig.subplots()
    _draw_map(ax, status, view, frame, lang)
    return _png(fig, bbox_inches="tight")


def _png(fig, **kwargs) -> bytes:
    return png_bytes(fig, **kwargs)  # the shared renderer's: data text never mathtext


def _draw_strip(ax, view: NetworkView, lang: str) -> None:
    measure = MEASURES[view.measure]
    labels = [m.label for m in view.members]
    rows = {label: i for i, label in enumerate(reversed(labels))}
    frame = view.areas.dropna(subset=[view.measure])
    for selected, size, edge in ((False, 40, "#555555"), (True, 140, SELECTED_EDGE)):
        part = frame[frame["selected"] == selected]
        if part.empty:
            continue
        ax.scatter(
            part[view.measure], part["member_label"].map(rows),
            c=[CLASS_COLOURS[c] if c >= 0 else NO_DATA for c in part["class"]],
            s=size, edgecolors=edge, linewidths=2.0 if selected else 0.6, zorder=3 if selected else 2,
        )
    ax.axvline(measure.reference, color="#333333", linewidth=1, linestyle="--")
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels([textwrap.fill(label, 24) for label in reversed(labels)], fontsize=12)
    decimals = 1 if view.measure == "lq" else 0
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_number(x, decimals, lang)))
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.set_xlabel(tr(MEASURE_TITLES[view.measure], lang), fontsize=12)
    ax.grid(axis="x", color="#dddddd")
    for status in view.members:
        if not view.shows(status.id):
            ax.text(measure.reference, rows[status.label], f"({_t(_why(status), lang)})", ha="center", va="center",
                    fontsize=11, color="#555555")


def sources_lines(view: NetworkView, lang: str = "de") -> list[str]:
    """One line per dataset: name, source, date (and licence where given)."""
    lines = []
    for m in view.members:
        parts = [m.label, m.source or "–", _t("date", lang, date=m.date) if m.date else ""]
        if m.licence:
            parts.append(m.licence)
        lines.append(" · ".join(p for p in parts if p))
    return lines


def _legend_handles(view: NetworkView, lang: str) -> list[Patch]:
    handles = [Patch(facecolor=c, edgecolor="#555555", label=label)
               for c, label in zip(CLASS_COLOURS, legend_labels(view.measure, lang))]
    handles.append(Patch(facecolor=NO_DATA, edgecolor="#555555", label=_t("no_data", lang)))
    handles.append(Patch(facecolor="white", edgecolor=SELECTED_EDGE, linewidth=2.5, label=_t("selected", lang)))
    return handles


def slide_png(
    view: NetworkView, frames: Mapping[str, gpd.GeoDataFrame | None], title: str, lang: str = "de"
) -> bytes:
    """The whole view as one 1920×1080 slide: maps, strip chart, legend, year note and sources."""
    n = len(view.members)
    cols = min(max(n, 1), 6)
    map_rows = math.ceil(n / cols)
    fig = new_figure(19.2, 10.8, 100)
    ratios = [0.52, 0.34, 0.14] if n <= 6 else [0.48, 0.32, 0.20]  # room for a dozen source lines
    outer = fig.add_gridspec(3, 1, height_ratios=ratios, hspace=0.25, left=0.14, right=0.98, top=0.88, bottom=0.01)
    fig.suptitle(title, fontsize=20, fontweight="bold", y=0.985)
    maps = outer[0].subgridspec(map_rows, cols, wspace=0.05, hspace=0.4)
    for i, status in enumerate(view.members):
        _draw_map(fig.add_subplot(maps[i // cols, i % cols]), status, view, frames.get(status.id), lang,
                  (32, 13) if cols <= 3 else (20, 11))
    _draw_strip(fig.add_subplot(outer[1]), view, lang)
    foot = fig.add_subplot(outer[2])
    foot.set_axis_off()
    foot.legend(handles=_legend_handles(view, lang), loc="upper left", ncol=7, fontsize=11, frameon=False)
    notes = []
    if view.years:
        notes.append(_t("years", lang, a=view.years[0], b=view.years[1]))
    short = [" · ".join(p for p in (m.label, m.source or "–", _t("date", lang, date=m.date) if m.date else "") if p)
             for m in view.members]  # licences are in the PDF and XLSX; the slide keeps to source and date
    notes += textwrap.wrap(f"{_t('sources', lang)}: " + " | ".join(short), width=210)
    foot.text(0, 0.45, "\n".join(notes), fontsize=10, va="top", transform=foot.transAxes)
    return _png(fig)


def network_pdf(view: NetworkView, frames: Mapping[str, gpd.GeoDataFrame | None], title: str, lang: str = "de") -> bytes:
    """One landscape A4 page: the slide image, then the year note and every dataset's source and date."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    small = styles["Normal"].clone("small", fontSize=7, leading=8.5)
    png = slide_png(view, frames, title, lang)
    story = [Image(io.BytesIO(png), width=25.5 * cm, height=25.5 * cm * 1080 / 1920)]
    if view.years:
        story.append(Paragraph(escape(_t("years", lang, a=view.years[0], b=view.years[1])), small))
    story += [Paragraph(escape(f"{_t('sources', lang)}: {line}"), small) for line in sources_lines(view, lang)]
    story += [Paragraph(escape(f"{m.label}: {_status_text(m, lang)}"), small) for m in view.members if m.reason]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=landscape(A4), title=title, leftMargin=1 * cm, rightMargin=1 * cm, topMargin=0.8 * cm,
        bottomMargin=0.6 * cm,
    ).build(story)
    return buffer.getvalue()


def _status_text(member: MemberStatus, lang: str) -> str:
    """The status, and for a missing city value its reason (the areas without a value, by name)."""
    text = _t(f"status_{member.status}", lang)
    return f"{text}: {member.reason}" if member.reason else text


def _sheet_name(label: str, used: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "-", label).strip("'") or "Datensatz"
    name, n = base[:31], 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _round(value: float, decimals: int) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), decimals)


def network_xlsx(view: NetworkView, title: str, lang: str = "de") -> bytes:
    """A summary sheet, then one sheet per municipality (areas with value, LQ, percentile, selection)."""
    summary = pd.DataFrame(
        [
            {
                tr("netx_municipality", lang): m.label,
                tr("netx_indicator", lang): m.indicator_label or "–",
                tr("netx_year", lang): m.year,
                tr("netx_city_value", lang): _round(m.city, m.decimals) if m.city is not None else None,
                tr("netx_unit", lang): m.unit,
                tr("netx_areas", lang): m.areas,
                tr("netx_selected", lang): m.selected,
                tr("netx_status", lang): _status_text(m, lang),
                tr("netx_source", lang): m.source,
                tr("netx_date", lang): m.date,
                tr("netx_licence", lang): m.licence,
            }
            for m in view.members
        ]
    )
    about = [(title, ""), (tr("netx_measure", lang), tr(MEASURE_TITLES[view.measure], lang))]
    if view.years:
        about.append((tr("netx_note", lang), _t("years", lang, a=view.years[0], b=view.years[1])))
    used: set[str] = set()
    sheets: dict[str, Sheet] = {
        _sheet_name(tr("netx_summary", lang), used): Sheet(summary, above=tuple(about), header_row=5,
                                                            decimals={tr("netx_city_value", lang): max(
                                                                (m.decimals for m in view.members), default=2)}),
    }
    for m in view.members:
        rows = view.areas[view.areas["member"] == m.id]
        table = pd.DataFrame(
            {
                tr("netx_area_id", lang): rows["area_id"],
                tr("netx_area", lang): rows["name"],
                (f"{m.indicator_label} [{m.unit}]" if m.unit else m.indicator_label) or tr("netx_value", lang):
                    rows["value"].round(m.decimals),
                tr("netx_lq", lang): rows["lq"].round(3),
                tr("netx_percentile", lang): rows["percentile"].round(1),
                tr("netx_candidates", lang): rows["selected"].map({True: tr("netx_yes", lang), False: ""}),
            }
        )
        heading = f"{m.label} – {_status_text(m, lang)}"
        source = tr("netx_source_line", lang, source=m.source or "–", date=m.date or "–") + (
            tr("netx_city_line", lang, value=format_value(m.city, m.decimals, m.unit, lang)) if m.city is not None else ""
        )
        value, lq, percentile = table.columns[2:5]
        sheets[_sheet_name(m.label, used)] = Sheet(table, above=((heading,), (source,)), header_row=4,
                                                   decimals={value: m.decimals, lq: 3, percentile: 1})
    return write_xlsx(sheets)
