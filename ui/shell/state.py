"""The view as shareable state: kept across pages and written to the URL.

Every parameter is a row of :data:`VIEW_PARAMS`: its URL name, default and
parser. A link restores the view on the first run of a session; a broken or
stale parameter falls back to its default with a notice, never an error. The
map's centre and zoom (``lat``, ``lon``, ``z``) are written by the map itself
in the browser (panning must not rerun the script) and read here once.

Streamlit forgets a widget's value when a page does not draw it; values are
therefore kept under their own keys and copied into the widget before it is
drawn (:func:`widget`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from geo.analysis.classify import PALETTES
from geo.analysis.recipes import recipe_ids
from geo.domain.dataset import Dataset
from geo.domain.timeseries import series
from ui.shell.cache import DEFAULT
from ui.shell.selection import get_selection, set_selection
from ui.shell.pageaddresses import UNKNOWN_PARAM
from ui.shell.strings import LANGUAGES, SCHEME_KEYS, tmd
from ui.shell import session

__all__ = ["VIEW_PARAMS", "initial_view", "keep", "load_from_url", "mode", "value", "widget", "write_to_url"]


def _choice(options: Callable[[Dataset], Sequence[str]]) -> Callable[[str, Dataset], str]:
    def parse(raw: str, dataset: Dataset) -> str:
        if raw not in options(dataset):
            raise ValueError(raw)
        return raw

    return parse


def _int_range(low: int, high: int) -> Callable[[str, Dataset], int]:
    def parse(raw: str, dataset: Dataset) -> int:
        number = int(raw)
        if not low <= number <= high:
            raise ValueError(raw)
        return number

    return parse


def _areas(raw: str, dataset: Dataset) -> list[str]:
    ids = [a for a in raw.split(",") if a]
    unknown = [a for a in ids if a not in dataset.areas.index]
    if unknown:
        raise ValueError(",".join(unknown))
    return ids


def _quarter_ids(raw: str, dataset: Dataset) -> list[int]:
    """Ids of saved self-drawn quarters (ui/views/quarterdrawing.py); unknown ids are dropped where they are used."""
    ids = [int(part) for part in raw.split(",") if part.strip()]
    if any(i <= 0 for i in ids):
        raise ValueError(raw)
    return list(dict.fromkeys(ids))


def _text(longest: int) -> Callable[[str, Dataset], str]:
    """Any text up to ``longest`` characters (a saved selection's name; looked up where it is used)."""

    def parse(raw: str, dataset: Dataset) -> str:
        if not raw.strip() or len(raw) > longest:
            raise ValueError(raw)
        return raw

    return parse


def _breaks(raw: str, dataset: Dataset) -> list[float]:
    """Manual class bounds in the link: "8,12.5,16" (point decimals, comma between, increasing)."""
    bounds = [float(b) for b in raw.split(",") if b]
    if not bounds or any(not math.isfinite(b) for b in bounds) or any(b >= a for a, b in zip(bounds[1:], bounds)):
        raise ValueError(raw)
    return bounds


def _join(values: object) -> str:
    return ",".join(format(v, ".15g") if isinstance(v, float) else str(v) for v in values)  # type: ignore[union-attr]


@dataclass(frozen=True)
class ViewParam:
    name: str
    default: object
    parse: Callable[[str, Dataset], object]
    dump: Callable[[object], str] = str


VIEW_PARAMS: tuple[ViewParam, ...] = (
    ViewParam("ds", DEFAULT, _choice(lambda d: [DEFAULT])),  # checked in load_from_url
    ViewParam("indicator", "foreign_share", _choice(lambda d: list(series(d.specs)))),
    ViewParam("year", "", _int_range(1800, 2200)),
    ViewParam("scheme", "quantiles", _choice(lambda d: SCHEME_KEYS)),
    ViewParam("k", 5, _int_range(3, 7)),
    ViewParam("palette", "YlGnBu", _choice(lambda d: PALETTES)),
    ViewParam("lang", session.DEFAULT_LANG, _choice(lambda d: list(LANGUAGES))),
    ViewParam("mode", "", _choice(lambda d: ["", "present"])),
    ViewParam("breaks", [], _breaks, _join),
    ViewParam("sel", [], _areas, _join),
    ViewParam("layer", "", _choice(lambda d: ["", "districts", "grid"])),  # the Zensus grid (ui/views/gridview.py)
    ViewParam("q", [], _quarter_ids, _join),  # self-drawn quarters in the selection (ui/views/quarterdrawing.py)
    ViewParam("recipe", "", _choice(lambda d: ["", *recipe_ids()])),  # the chosen recipe (ui/views/recipesection.py)
    ViewParam("auswahl", "", _text(200)),  # the saved selection open in the form (ui/views/selection_url.py)
    ViewParam("v", "", _int_range(1, 1_000_000)),  # ... and its version
)
_VIEW_KEYS = ("lat", "lon", "z")
_KEPT = session.KEPT  # the session keys are spelled in ui.shell.session


def value(name: str) -> object:
    """The kept value of a view parameter (its default until set)."""
    default = next(p.default for p in VIEW_PARAMS if p.name == name)
    return st.session_state.get(_KEPT.format(name), default)


def _keep(name: str) -> None:
    st.session_state[_KEPT.format(name)] = st.session_state[name]


def keep(name: str, new_value: object) -> None:
    """Set the kept value of a view parameter that no single widget holds (manual breaks)."""
    st.session_state[_KEPT.format(name)] = new_value


def widget(name: str, options: Sequence[object] | None = None) -> dict[str, object]:
    """Keyword arguments that bind a widget to the kept value ``name``.

    With ``options``, a kept value that is no longer offered (another dataset)
    falls back to the first option.
    """
    kept = value(name)
    if options is not None and kept not in options:
        kept = options[0]
        st.session_state[_KEPT.format(name)] = kept
    st.session_state[name] = kept
    return {"key": name, "on_change": _keep, "args": (name,)}


def mode() -> str:
    return str(value("mode"))


def load_from_url(datasets: Sequence[str], get_dataset: Callable[[], Dataset]) -> list[str]:
    """On a session's first run, take the view from the URL; return notices for bad parameters.

    The dataset (``ds``) is taken first; the other parameters are checked against it.
    """
    if session.URL_LOADED.get():
        return []
    session.URL_LOADED.set(True)
    notices: list[tuple[str, dict[str, str]]] = []  # (key, values): worded once the link's language is known
    params = st.query_params
    if "ds" in params:
        if params["ds"] in datasets:
            st.session_state[_KEPT.format("ds")] = params["ds"]
        else:
            notices.append(("url_bad_param", {"name": "ds", "value": params["ds"]}))
    dataset = get_dataset()
    for param in VIEW_PARAMS:
        if param.name not in params or param.name == "ds":
            continue
        raw = params[param.name]
        try:
            parsed = param.parse(raw, dataset)
        except (ValueError, TypeError):
            notices.append(("url_bad_param", {"name": param.name, "value": raw}))
            continue
        if param.name == "sel":
            set_selection(parsed)
        else:
            st.session_state[_KEPT.format(param.name)] = parsed
    try:
        lat, lon, zoom = (float(params[k]) for k in _VIEW_KEYS)
        if -90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= 22:
            session.INITIAL_VIEW.set((lat, lon, zoom))
        else:
            raise ValueError
    except KeyError:
        pass
    except ValueError:
        notices.append(("url_bad_param", {"name": "lat/lon/z", "value": ""}))
    if UNKNOWN_PARAM in params:  # set by the server for an address no page has (ui/shell/pageaddresses.py)
        notices.append(("unknown_address", {"path": params[UNKNOWN_PARAM][:200]}))
        del st.query_params[UNKNOWN_PARAM]
    # in the language the link asks for (``lang`` may come after a bad ``k`` or ``ds``), values escaped
    return [tmd(key, str(value("lang")), **values) for key, values in notices]


def initial_view() -> tuple[float, float, float] | None:
    """Centre and zoom from the link the session was opened with, if any."""
    return session.INITIAL_VIEW.get()


def write_to_url() -> None:
    """Mirror the view into the URL, leaving the map's own lat/lon/z alone."""
    wanted = {}
    for param in VIEW_PARAMS:
        current = get_selection() if param.name == "sel" else value(param.name)
        if current in ("", []):
            continue
        wanted[param.name] = param.dump(current)
    for name in [p.name for p in VIEW_PARAMS]:
        if name in wanted:
            if st.query_params.get(name) != wanted[name]:
                st.query_params[name] = wanted[name]
        elif name in st.query_params:
            del st.query_params[name]
