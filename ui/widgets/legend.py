"""The legend and the source lines, shared by the normal and the presentation view."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from geo.domain.dataset import Dataset
from geo.i18n import in_language
from geo.numbers import format_number
from geo.maps.categories import MIXED_COLOUR
from geo.maps.choropleth import ChoroplethView
from geo.maps.draw import OUTLINE_COLOUR
from geo.settings import Settings
from ui.shell.cache import Boundaries
from ui.shell.markdown import md_escape
from ui.shell.strings import t, tn
from ui.widgets.tiles import MAX_TILES

__all__ = ["render_category_legend", "render_legend", "render_quarter_legend", "source_lines"]


def render_legend(view: ChoroplethView, lang: str, large: bool = False) -> None:
    size = "1.5rem" if large else "1rem"  # large: 24 px, read from the back of a room
    swatch = "display:inline-block;width:1.6em;height:1em;border:1px solid #333;background:{}"
    rows = "".join(
        f'<tr><td><span style="{swatch.format(row.colour)}"></span></td><td>{html.escape(row.label)}</td>'
        f"<td style='text-align:right'>{row.count} {tn('legend_count', row.count, lang)}</td></tr>"
        for row in view.legend
    )
    no_data = (f'<tr><td><span style="{swatch.format("#fff")}"></span></td><td>{t("legend_no_data", lang)}</td>'
               f"<td style='text-align:right'>{view.missing} {tn('legend_count', view.missing, lang)}</td></tr>")
    st.markdown(
        f"<div class='{'atlas-present-legend' if large else 'atlas-legend'}' style='font-size:{size}'>"
        f"<b>{t('legend', lang)}: {html.escape(view.spec.label(lang))}</b>"
        f"<table aria-label='{t('legend', lang)}'>{rows}{no_data}</table></div>",
        unsafe_allow_html=True,
    )
    if view.one_class:
        low, high = view.value_range
        st.warning(t("legend_one_class", lang, low=view.value_text(low), high=view.value_text(high)))
    if view.classification.k > 1:
        bound = format_number(view.classification.bins[0], view.spec.decimals, lang)
        st.caption(t("legend_boundaries", lang, bound=bound))


def render_quarter_legend(names: Sequence[str], lang: str, large: bool = False) -> None:
    """The legend entry of the self-drawn quarters on the map: their orange outline and their names."""
    if not names:
        return
    size = "1.5rem" if large else "1rem"
    line = f"display:inline-block;width:1.6em;border-top:5px solid {OUTLINE_COLOUR};vertical-align:middle;margin-right:.4em"
    st.markdown(
        f"<div class='atlas-quarter-legend' style='font-size:{size}'><span style='{line}'></span>"
        f"{html.escape(t('present_quarter', lang))}: {html.escape(', '.join(names))}</div>",
        unsafe_allow_html=True,
    )


def render_category_legend(
    title: str, labels: Mapping[str, str], colours: Mapping[str, str], lang: str, mixed: bool = True
) -> None:
    """Legend of a category map (screening hits, quarter types): colour, label, number of areas,
    plus what grey (a merged unit whose districts differ), white and the outlines mean."""
    swatch = "display:inline-block;width:1.6em;height:1em;border:1px solid #333;background:{}"
    counts = Counter(labels.values())
    rows = "".join(
        f'<tr><td><span style="{swatch.format(colour)}"></span></td><td>{html.escape(label)}</td>'
        f"<td style='text-align:right'>{html.escape(tn('legend_areas', counts.get(label, 0), lang))}</td></tr>"
        for label, colour in colours.items()
    )
    extra = [(MIXED_COLOUR, t("legend_mixed", lang))] if mixed else []
    extra += [("#fff", t("legend_no_data", lang))]
    rows += "".join(
        f'<tr><td><span style="{swatch.format(colour)}"></span></td><td colspan="2">{html.escape(text)}</td></tr>'
        for colour, text in extra
    )
    outline = html.escape(t("legend_outlines", lang))
    st.markdown(
        f"<div><b>{t('legend', lang)}: {html.escape(title)}</b>"
        f"<table aria-label='{html.escape(t('legend', lang))}'>{rows}</table><small>{outline}</small></div>",
        unsafe_allow_html=True,
    )


def source_lines(data: Dataset, bounds: Boundaries, config: Settings, lang: str, markdown: bool = True) -> list[str]:
    """Source, date and licence of every layer on the page: Markdown lines, or plain text for exports.

    Text from the dataset is escaped in Markdown (a planted image or link shows as typed).
    """
    if not markdown:
        return [line.replace("**", "") for line in _source_lines(data, bounds, config, lang, str)]
    return _source_lines(data, bounds, config, lang, md_escape)


def _boundary_line(bounds: Boundaries, lang: str, escape: Callable[[str], str]) -> str:
    """Title, source (page) and licence of the boundaries; an import without source or licence names only
    its file, once ("plr.geojson"), never "plr.geojson (plr.geojson). ."."""
    b = bounds.source
    title, licence = in_language(b, "title", lang), in_language(b, "licence", lang)
    error = format_number(bounds.quality.max_error_m, 1, lang)
    if all((title, b.attribution, b.page, licence)) and len({title, b.attribution, b.page}) == 3:
        return t("source_boundaries", lang, title=escape(title), attribution=escape(b.attribution),
                 page=escape(b.page), licence=escape(licence), error=error)
    parts = [escape(title or b.filename)]
    if b.attribution and b.attribution not in (title, b.filename):
        page = f" ({escape(b.page)})" if b.page and b.page not in (title, b.attribution, b.filename) else ""
        parts.append(f"{t('source_word', lang)}: {escape(b.attribution)}{page}")
    parts += [escape(licence.rstrip("."))] if licence else []
    return f"{t('source_boundaries_head', lang)} {'. '.join(parts)}. {t('source_simplified', lang, error=error)}"


def _source_lines(data: Dataset, bounds: Boundaries, config: Settings, lang: str, escape: Callable[[str], str]) -> list[str]:
    source = data.source
    lines = [
        t(
            "source_statistics",
            lang,
            title=escape(in_language(source, "title", lang)),
            source=escape(source.source),
            date=escape(source.date),
            licence=escape(in_language(source, "licence", lang)),
        )
    ]
    if bounds.geometry is not None and bounds.quality is not None:
        lines.append(_boundary_line(bounds, lang, escape))
    else:
        lines.append(t("source_boundaries_missing", lang))
    if config.tiles is not None:
        lines.append(t("source_tiles", lang, label=escape(config.tiles.label or config.tiles.url),
                       attribution=escape(config.tiles.attribution)))
    else:
        lines.append(t("source_tiles_off", lang))
    if 0 < len(data.tiles) <= MAX_TILES:  # above, the tile map gives way to a table: no tile map to source
        lines.append(t("source_tilemap", lang))
    return lines
