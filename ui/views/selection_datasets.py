"""The saved selections of the dataset on screen; those of other datasets one click away.

A selection names the areas of the dataset it was saved on: listed under another dataset, its
areas are unknown there, and "load" would load nothing. The list therefore shows the current
dataset's selections; a line names the other datasets that have some, each a button that
switches the dataset (as the sidebar's dataset choice does).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import streamlit as st

from geo.store.builtin import default_statistics_id
from storage.selections import SavedVersion
from ui.shell import cache, state
from ui.shell.strings import t

__all__ = ["choice_of", "of_this_dataset"]


def choice_of(statistics_id: str) -> str:
    """The dataset choice (sidebar) of the dataset a selection names: imported datasets share the id; the
    default has its statistics id (or, in older rows, its choice id or nothing)."""
    return cache.DEFAULT if statistics_id in ("", default_statistics_id()) else statistics_id


def of_this_dataset(saved: Sequence[SavedVersion], dataset_of: Mapping[str, str], current: str, lang: str) -> list[SavedVersion]:
    """The versions saved on ``current`` (a statistics id); the other datasets with some, as buttons to switch."""
    here_choice = choice_of(current)
    home = {s.name: choice_of(dataset_of.get(s.name, current)) for s in saved}
    here = [s for s in saved if home[s.name] == here_choice]
    choices = cache.dataset_choices()
    elsewhere = Counter(home[s.name] for s in saved if home[s.name] != here_choice)
    offered = {c: n for c, n in elsewhere.items() if c in choices}  # a removed dataset: nothing to switch to
    if offered:
        st.caption(t("sel_other_datasets", lang, n=sum(offered.values())))
        for column, (choice, n) in zip(st.columns(len(offered)), offered.items()):
            column.button(f"{choices[choice]} ({n})", key=f"sel_switch_ds_{choice}", on_click=state.keep, args=("ds", choice))
    return here
