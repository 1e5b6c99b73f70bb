"""The one owner of the session's own keys: kept view values, flash messages, and the declared keys.

Streamlit drops a widget's state when a page does not draw the widget, so every value that must
outlive a page lives under a plain key of ``st.session_state``. Those keys are spelled here and
nowhere else:

- **kept values** (``_kept_<name>``): the view a reader has chosen (dataset, language, indicator,
  …). :mod:`ui.shell.state` binds widgets to them and mirrors them into the share link;
  :func:`kept` and :func:`keep` read and set one.
- **flash messages**: a success said after a rerun (saved, loaded, deleted). A form sets one with
  :func:`flash` before ``st.rerun()``; the next run shows it once with :func:`show_flash`.
- **declared keys** (:class:`Key`): a name with its default, one row each in this module.

The bottom of the shell: it imports nothing of ``ui``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import streamlit as st

__all__ = [
    "DATASET_READABLE",
    "DEFAULT_LANG",
    "INITIAL_VIEW",
    "KEPT",
    "MERGED_HINT",
    "QUARTER_CELLS",
    "QUARTER_CELL_CLICK",
    "QUARTER_EDITING",
    "SELECTION_FOCUS",
    "SCREENING_TABLE",
    "SELECTION_METHOD",
    "STATUS_CLASSES",
    "TILE_CLICKS",
    "URL_LOADED",
    "Key",
    "flash",
    "keep",
    "kept",
    "kept_key",
    "lang",
    "peek_flash",
    "show_flash",
    "take_flash",
]

T = TypeVar("T")

KEPT = "_kept_{}"
DEFAULT_LANG = "de"
_FLASH = "_flash_{}"


@dataclass(frozen=True)
class Key(Generic[T]):
    """One session key and its default: ``URL_LOADED.get()``, ``URL_LOADED.set(True)``."""

    name: str
    default: T

    def get(self) -> T:
        return st.session_state.get(self.name, self.default)

    def set(self, value: T) -> None:
        st.session_state[self.name] = value

    def pop(self) -> T:
        return st.session_state.pop(self.name, self.default)


# The session's own keys (the kept view values are spelled by kept_key; widget keys by their widgets).
URL_LOADED: Key[bool] = Key("_url_loaded", False)  # the share link has been read (first run only)
INITIAL_VIEW: Key[tuple[float, float, float] | None] = Key("_initial_view", None)  # lat, lon, zoom of the link
DATASET_READABLE: Key[tuple[str, str] | None] = Key("_ds_readable", None)  # (dataset id, version) that loaded
# How the selection was made (screening conditions, ranking weights, a recipe), for the decision documents.
SELECTION_METHOD: Key[dict | None] = Key("selection_method", None)
SELECTION_FOCUS: Key[str | None] = Key("sel_focus", None)  # the saved selection just saved, restored or loaded
MERGED_HINT: Key[bool] = Key("_merged_hint", False)  # the clicked map unit merges several districts
TILE_CLICKS: Key[int] = Key("_tile_clicks", 0)  # clicks on the tile map so far (its widget key changes with each)
# Self-drawn quarters (ui/views/quarterdrawing.py): the saved quarter being edited, the grid cells clicked into
# a new one, and the last cell click already handled (a rerun repeats the map's last click).
QUARTER_EDITING: Key[int | None] = Key("_quarter_editing", None)
QUARTER_CELLS: Key[Sequence] = Key("_quarter_cells", ())
QUARTER_CELL_CLICK: Key[dict | None] = Key("_quarter_cell_click", None)
# The status-dynamics classification of the ranking page, with the dataset it was made for (ui/shell/statusdynamics_share.py).
STATUS_CLASSES: Key[tuple | None] = Key("_sdi_spec", None)
# The screening editor (ui/views/screening_editor.py): (dataset and language, its table, the rows of its last run).
SCREENING_TABLE: Key[tuple | None] = Key("_screening_table", None)


def kept_key(name: str) -> str:
    """The session key of the kept view value ``name``: ``kept_key("ds") == "_kept_ds"``."""
    return KEPT.format(name)


def kept(name: str, default: object = None) -> object:
    """The kept view value ``name`` (``default`` until set)."""
    return st.session_state.get(kept_key(name), default)


def keep(name: str, value: object) -> None:
    """Set the kept view value ``name``: the next run (and page) shows it."""
    st.session_state[kept_key(name)] = value


def lang() -> str:
    """The reader's language (``de`` until chosen)."""
    return str(kept("lang", DEFAULT_LANG))


_KINDS = ("success", "info", "warning", "error")


def flash(channel: str, message: str, kind: str = "success") -> None:
    """Say ``message`` once on the next run of the page that shows ``channel`` (e.g. after ``st.rerun()``).

    ``kind`` is how it is shown: ``success``, ``info``, ``warning`` or ``error``.
    """
    if kind not in _KINDS:
        raise ValueError(f"flash kind {kind!r}: one of {', '.join(_KINDS)}")
    st.session_state[_FLASH.format(channel)] = (kind, message)


def peek_flash(channel: str) -> str | None:
    """The waiting message of ``channel``, left waiting (a message that stays while what it says holds)."""
    waiting = st.session_state.get(_FLASH.format(channel))
    return waiting[1] if waiting else None


def take_flash(channel: str) -> str | None:
    """The waiting message of ``channel``, removed; None when there is none."""
    waiting = st.session_state.pop(_FLASH.format(channel), None)
    return waiting[1] if waiting else None


def show_flash(channel: str) -> str | None:
    """Show the waiting message of ``channel`` once, as the kind it was said with; return it."""
    waiting = st.session_state.pop(_FLASH.format(channel), None)
    if not waiting:
        return None
    kind, message = waiting
    getattr(st, kind)(message)
    return message
