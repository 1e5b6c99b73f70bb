"""Where the folder store tells a shared copy about its folders (a protocol, registered from outside ``geo``).

On one machine nothing is registered and these calls do nothing. With several
server processes on one PostgreSQL database (:mod:`storage.shared`), the server
registers a mirror: a saved dataset or grid folder is copied into the database
(:func:`saved`), and before the datasets are listed every process brings its
own folders up to date with the database (:func:`refresh`). ``geo`` never
imports the mirror; it only calls what was registered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

__all__ = ["FolderMirror", "refresh", "register", "saved"]


class FolderMirror(Protocol):
    def saved(self, folder: Path) -> None:
        """``folder`` (a dataset's or a grid's) was written, replaced or removed: share that."""

    def refresh(self, root: Path) -> None:
        """Bring the folders under ``root`` (the datasets root) up to date with the shared copy."""


_registered: list[FolderMirror] = []


def register(mirror: FolderMirror | None) -> None:
    """Use ``mirror`` from now on (``None``: none, the single-machine default)."""
    _registered[:] = [] if mirror is None else [mirror]


def saved(folder: Path) -> None:
    for mirror in _registered:
        mirror.saved(Path(folder))


def refresh(root: Path) -> None:
    for mirror in _registered:
        mirror.refresh(Path(root))
