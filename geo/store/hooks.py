"""The two points where a dataset's storage can be extended (e.g. copied to a database for replicas).

Every writer of a dataset folder calls :func:`after_dataset_saved` once the folder is complete and
current; every reader calls :func:`before_dataset_opened` before it lists or opens datasets. Both do
nothing yet.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["after_dataset_saved", "before_dataset_opened"]


def after_dataset_saved(folder: Path) -> None:
    """Called after a dataset folder was written (imported, replaced, restored or built at set-up)."""
    return None


def before_dataset_opened(root: Path, dataset_id: str | None = None) -> None:
    """Called before the datasets under ``root`` are listed (``dataset_id=None``) or one is opened."""
    return None
