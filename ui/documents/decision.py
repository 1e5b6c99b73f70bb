"""The decision being written: name, author, rationale, method — shared by every page.

The values live under plain session keys (widget state is dropped when a page
does not draw the widget), so the map page's view export carries the same
decision as the selections page. When a saved version is open and nothing has
been changed since, documents name that version; otherwise they say "draft".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import streamlit as st

from geo.domain.dataset import Dataset
from ui.shell.strings import t
from ui.shell import session

if TYPE_CHECKING:  # imported where used: the exports pull in matplotlib and openpyxl (~1 s on a cold
    # server), which the map page needs only when a selection is exported, not before its first map
    from exports.model import DecisionRecord
    from storage.selections import SavedVersion

__all__ = [
    "FIELDS", "current_record", "draft_value", "open_version", "opened_document", "opened_version", "quarter_key",
    "set_draft", "take_areas", "text_widget", "view_decision",
]

FIELDS = ("name", "author", "rationale")
_DRAFT = "decision_draft"
_OPEN = "decision_open_version"
_AREA_RATIONALES = "area_rationales"
_METHOD = session.SELECTION_METHOD.name
_SYNC = "decision_sync"  # fields whose widget must take the draft's value on the next run


def draft_value(field: str) -> str:
    return str(st.session_state.get(_DRAFT, {}).get(field, ""))


def set_draft(**values: str) -> None:
    st.session_state[_DRAFT] = {**st.session_state.get(_DRAFT, {}), **values}


def _widget_changed(field: str, key: str) -> None:
    set_draft(**{field: str(st.session_state.get(key) or "")})


def text_widget(field: str, label: str, area: bool = False, disabled: bool = False) -> str:
    """A text input mirrored into the draft (the widget key is ``sel_<field>``)."""
    key = f"sel_{field}"
    # Write the draft into the widget only when the widget is new in this session (back from another
    # page) or a saved version was just opened: overwriting it on every run would wipe what the
    # officer is typing in one field while another field's change reruns the page.
    pending = st.session_state.get(_SYNC, set())
    if key not in st.session_state or field in pending:
        st.session_state[key] = draft_value(field)
        st.session_state[_SYNC] = pending - {field}
    widget = st.text_area if area else st.text_input
    widget(label, key=key, on_change=_widget_changed, args=(field, key), disabled=disabled)
    return draft_value(field)


def quarter_key(quarter_id: int | str) -> str:
    """The key of a self-drawn quarter among the rationales (as its rows in the exports: ``quarter:<id>``)."""
    from exports.model import QUARTER_PREFIX

    return f"{QUARTER_PREFIX}{int(quarter_id)}"


def open_version(saved: SavedVersion) -> None:
    """Make ``saved`` the open version: the form shows it, documents name it, the link names it."""
    from ui.shell import state

    set_draft(name=saved.name, author=saved.author, rationale=saved.rationale)
    st.session_state[_SYNC] = set(FIELDS)  # the form shows the opened version on the next run
    st.session_state[_AREA_RATIONALES] = {
        **saved.area_rationales, **{quarter_key(q): r for q, r in saved.quarter_rationales.items()}
    }
    st.session_state[_METHOD] = dict(saved.method)
    st.session_state[_OPEN] = saved
    state.keep("auswahl", saved.name)  # a reload (or a shared link) opens this version again
    state.keep("v", saved.version)


def take_areas(ids: Sequence[str], step: Mapping[str, object], lang: str) -> str:
    """Add ``ids`` to the selection as a method step; return the honest message ("0 neue Gebiete, 3 schon …").

    The step is appended to the method chain (screening hits, then the top 3 of a ranking: both kept);
    a selection that was empty starts a new chain, and pressing the same button twice records it once.
    """
    from exports.model import STEP_KEY, STEPS_KEY, DecisionRecord
    from ui.shell.selection import get_selection, set_selection
    from ui.shell.strings import t, tn

    before = get_selection()
    new = [a for a in dict.fromkeys(ids) if a not in before]
    steps = [] if not before else [dict(s) for s in DecisionRecord("", "", method=st.session_state.get(_METHOD, {})).steps]
    if steps and STEP_KEY not in steps[0]:  # an older one-step method: keep it as the first step
        steps[0] = {STEP_KEY: "Methode", **steps[0]}
    if before and not steps:  # areas chosen by hand before this step shaped the selection too
        steps = [{STEP_KEY: "Von Hand", "Übernommen": f"{len(before)} Gebiete"}]
    if not steps or steps[-1] != dict(step):
        steps.append(dict(step))
    st.session_state[_METHOD] = {STEPS_KEY: steps}
    set_selection(before + new)
    return t("taken_counts", lang, new=tn("taken_new", len(new), lang), already=len(dict.fromkeys(ids)) - len(new))


def opened_version(name: str) -> int | None:
    """The version of ``name`` this session opened or last saved (what a save starts from); None: new."""
    saved = st.session_state.get(_OPEN)
    return saved.version if saved is not None and getattr(saved, "name", None) == name.strip() else None


def _unchanged(saved: SavedVersion, record: DecisionRecord, selection: Sequence[str], quarters: Sequence[int]) -> bool:
    return (
        (saved.name, saved.author, saved.rationale) == (record.name, record.author, record.rationale)
        and list(saved.area_ids) == list(selection)
        and list(saved.quarter_ids) == list(quarters)  # the self-drawn quarters belong to the decision too
        and {a: saved.area_rationales.get(a, "") for a in selection} == {a: record.area_rationales.get(a, "") for a in selection}
        and {quarter_key(q): saved.quarter_rationales.get(str(q), "") for q in quarters}
        == {quarter_key(q): record.area_rationales.get(quarter_key(q), "") for q in quarters}
        and dict(saved.method) == dict(record.method)
    )


def current_record(selection: Sequence[str]) -> DecisionRecord:
    """The decision for the documents: the open saved version if unchanged, else the draft as typed."""
    from exports.model import DecisionRecord

    rationales: Mapping[str, str] = st.session_state.get(_AREA_RATIONALES, {})
    record = DecisionRecord(
        name=draft_value("name").strip(),
        author=draft_value("author").strip(),
        rationale=draft_value("rationale").strip(),
        area_rationales={a: str(rationales.get(a, "") or "") for a in _keys(selection)},
        method=dict(st.session_state.get(_METHOD, {})),
    )
    saved = opened_document(selection, record)
    if saved is not None:
        stored = {**saved.area_rationales, **{quarter_key(q): r for q, r in saved.quarter_rationales.items()}}
        return DecisionRecord(
            name=saved.name,
            author=saved.author,
            rationale=saved.rationale,
            area_rationales={a: stored.get(a, "") for a in _keys(selection)},
            version=saved.version,
            saved_at=saved.created_at,
            method=dict(saved.method),
            publisher=saved.publisher,  # the office a published version carries (the public never gets the author)
        )
    return record


def _keys(selection: Sequence[str]) -> list[str]:
    """The rationale keys of the selection: its areas, then its self-drawn quarters (``quarter:<id>``)."""
    from ui.shell.quarter_data import selected_quarters

    return [*selection, *(quarter_key(q) for q in selected_quarters())]


def opened_document(selection: Sequence[str], record: DecisionRecord | None = None) -> SavedVersion | None:
    """The open saved version when the form and the selection are exactly it (its documents apply); else None."""
    saved = st.session_state.get(_OPEN)
    if saved is None:
        return None
    from storage.selections import SavedVersion
    from ui.shell.quarter_data import selected_quarters

    if record is None:
        from exports.model import DecisionRecord

        rationales: Mapping[str, str] = st.session_state.get(_AREA_RATIONALES, {})
        record = DecisionRecord(
            name=draft_value("name").strip(), author=draft_value("author").strip(),
            rationale=draft_value("rationale").strip(),
            area_rationales={a: str(rationales.get(a, "") or "") for a in _keys(selection)},
            method=dict(st.session_state.get(_METHOD, {})),
        )
    if isinstance(saved, SavedVersion) and _unchanged(saved, record, selection, selected_quarters()):
        return saved
    return None


def _quarter_rationales(data: Dataset, record: DecisionRecord) -> list[tuple[str, str]]:
    """(name, rationale) of the self-drawn quarters in ``record`` this session may see."""
    from ui.shell import cache
    from ui.shell.quarter_data import quarter_names

    rows = []
    for key, text in record.area_rationales.items():
        if text and key.startswith("quarter:"):
            found = quarter_names(data, cache.boundaries().geometry, [int(key.removeprefix("quarter:"))])
            rows += [(found[0], text)] if found else []
    return rows


def view_decision(data: Dataset, selection: Sequence[str], lang: str) -> dict[str, object]:
    """The decision lines, per-area rationales and notes for the view's HTML/PNG export."""
    if not selection:
        return {}
    from exports.model import BERLIN, dataset_label, decision_lines

    record = current_record(selection)
    if not record.author and not record.publisher:  # as the CSV/XLSX/PDF name it: the signed-in editor (never on the public site)
        from dataclasses import replace

        from ui.widgets.signin import current_editor

        record = replace(record, author=current_editor() or "")
    names = data.areas["name"].to_dict()
    picked: dict[str, int] = {}
    for area in selection:
        if area in data.areas.index:
            unit = data.unit_of(area)
            picked[unit] = picked.get(unit, 0) + 1
    partial = [u for u, n in picked.items() if n < int(data.units.members.get(u, 1))]
    return {
        "decision": decision_lines(
            record, dataset_label(data, lang), datetime.now(BERLIN).strftime(t("datetime_strftime", lang)), lang
        ),
        "area_rationales": [(names.get(a, a), t) for a, t in record.area_rationales.items() if t and a in names]
        + _quarter_rationales(data, record),
        "notes": [_partial_note(unit, [str(names.get(a, a)) for a in selection
                                        if a in data.areas.index and data.unit_of(a) == unit], lang)
            for unit in partial],
    }


def _partial_note(unit: str, chosen: Sequence[str], lang: str) -> str:
    """"only Innenstadt Ost is selected" for one area, "… are selected" for several (the catalogue's plural form)."""
    from ui.shell.strings import tn

    return tn("partial_note", len(chosen), lang, unit=unit, chosen=", ".join(chosen))
