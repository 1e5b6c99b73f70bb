"""Saved candidate selections grouped by the dataset they were made on (for the network view)."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from storage.models import Selection
from storage.publishing import published_selections
from storage.selections import SavedVersion, list_selections

__all__ = ["selection_datasets", "selections_by_dataset"]


def selection_datasets(engine: Engine) -> dict[str, str]:
    """Selection name -> the dataset (statistics id) it was saved on."""
    with Session(engine) as session:
        return {name: dataset for name, dataset in session.execute(select(Selection.name, Selection.dataset))}


def selections_by_dataset(engine: Engine, published_only: bool = False) -> dict[str, list[SavedVersion]]:
    """Dataset id -> the newest version of each selection saved on it, newest first.

    ``published_only`` (the public site): the newest published version of each, as the public may read it.
    """
    dataset_of = selection_datasets(engine)
    grouped: dict[str, list[SavedVersion]] = {}
    for saved in (published_selections if published_only else list_selections)(engine):
        grouped.setdefault(dataset_of.get(saved.name, ""), []).append(saved)
    for versions in grouped.values():
        versions.sort(key=lambda s: s.created_at, reverse=True)
    return grouped
