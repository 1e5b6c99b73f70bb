"""Every loaded dataset for the network page, through the same accessors as the other pages.

:func:`ui.shell.cache.base_dataset` and :func:`ui.shell.cache.boundaries` serve the active dataset (with
disclosure control in public mode). Each dataset is made active for the moment it is read, so
the network view shows exactly the figures and geometry every other page shows for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import geopandas as gpd
import streamlit as st

from geo.analysis.network import Member
from ui.shell import cache, session
from ui.shell.messages import said

__all__ = ["NetworkData", "load_network", "saved_selections"]

_ACTIVE = session.kept_key("ds")  # where ui.shell.state keeps the chosen dataset
_MISSING = object()


@dataclass(frozen=True)
class NetworkData:
    members: list[Member]
    frames: dict[str, gpd.GeoDataFrame | None]  # member id -> map units (key, name, unit, geometry)
    broken: list[tuple[str, str]]  # (label, why) of datasets that could not be read


@contextmanager
def _active(dataset_id: str) -> Iterator[None]:
    before = st.session_state.get(_ACTIVE, _MISSING)
    st.session_state[_ACTIVE] = dataset_id
    try:
        yield
    finally:
        if before is _MISSING:
            del st.session_state[_ACTIVE]
        else:
            st.session_state[_ACTIVE] = before


def load_network() -> NetworkData:
    """Every dataset (the default first), in the order of the dataset switcher."""
    members, frames, broken = [], {}, []
    for choice, label in cache.dataset_choices().items():
        try:
            with _active(choice):
                data = cache.base_dataset()
                geometry = cache.boundaries().geometry
        except (OSError, ValueError, KeyError) as exc:
            broken.append((label, said(exc, session.lang())))  # the reader's language
            continue
        members.append(Member(id=data.source.id, label=label, dataset=data))
        frames[data.source.id] = geometry.frame if geometry is not None else None
    return NetworkData(members, frames, broken)


def saved_selections() -> dict:
    """Dataset id -> saved selections (newest first); none when the database cannot be read."""
    from sqlalchemy.exc import SQLAlchemyError

    from storage.candidates import selections_by_dataset

    try:
        # the public site offers published versions only (nothing unpublished by any page)
        return selections_by_dataset(cache.engine(), published_only=cache.settings().public)
    except SQLAlchemyError:
        return {}
