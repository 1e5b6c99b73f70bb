"""Saved candidate selections grouped by the dataset they were made on (for the network view)."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from storage.models import Selection
from storage.publishing import published_selections
from storage.selections import SavedVersion, list_selections

__all__ = ["selections_by_dataset"]


def selections_by_dataset(engine: Engine, published_only: bool = False) -> dict[str, list[SavedVersion]]:
    """Dataset id -> the newest version of each selection saved on it, newest first.

    ``published_only`` (the public site): the newest published version of each, as the public may read it.
    """
    with Session(engine) as session:
        dataset_of = {name: dataset for name, dataset in session.execute(select(Selection.name, Selection.dataset))}
    grouped: dict[str, list[SavedVersion]] = {}
    for saved in (published_selections if published_only else list_selections)(engine):
        grouped.setdefault(dataset_of.get(saved.name, ""), []).append(saved)
    for versions in grouped.values():
        versions.sort(key=lambda s: s.created_at, reverse=True)
    return grouped
