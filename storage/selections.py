"""Saving, listing, versioning and restoring named selections.

Saving under an existing name adds a version; earlier versions stay and can
be viewed and restored (a restore is itself a new version). Input is checked
before anything is written, and each save is one transaction. A save carries
the version it started from and is refused (:class:`SelectionConflict`, saying
who saved what meanwhile) when a newer one exists. A save is returned only
after its commit, a read-back and a check of the database file
(:func:`storage.db.verify_intact`): damage is never confirmed as saved.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from geo.i18n import MessageError, Words
from geo.store.builtin import default_statistics_id
from storage.db import READ_ONLY, DatabaseDamaged, database_location, verify_intact
from storage.models import Selection, SelectionItem, SelectionVersion

__all__ = [
    "SavedVersion",
    "SelectionConflict",
    "StorageError",
    "history",
    "list_selections",
    "load_version",
    "restore_version",
    "save_selection",
]

MAX_NAME = 200


class StorageError(MessageError):
    """A selection cannot be saved or found; a catalogue key and its values (``text(lang)``; ``str()`` both languages)."""


class SelectionConflict(StorageError):
    """Someone saved the selection after the version this save started from; nothing was saved."""


_ANY = object()  # no version check (imports, tests); the page always passes the version it started from


@dataclass(frozen=True)
class SavedVersion:
    name: str
    version: int
    author: str
    created_at: datetime
    rationale: str
    area_ids: tuple[str, ...]
    area_rationales: Mapping[str, str]
    method: Mapping[str, object] = field(default_factory=dict)
    restored_from: int | None = None
    quarter_ids: tuple[int, ...] = ()  # saved self-drawn quarters (storage/quarters.py) in the selection
    quarter_rationales: Mapping[str, str] = field(default_factory=dict)  # by quarter id (as text)
    # What the version's documents show beyond the areas' own figures, by language (exports/snapshot.py).
    document: Mapping[str, object] = field(default_factory=dict)
    published_at: datetime | None = None  # None: not published (storage/publishing.py)
    publisher: str = ""  # the office named on the public site, e.g. "Stadt …, Integrationsbüro"
    public_fields: Mapping[str, object] = field(default_factory=dict)  # {"rationale": bool, "items": [keys]}

    @property
    def published(self) -> bool:
        return self.published_at is not None


def _now() -> datetime:
    return datetime.now(UTC)


def _validate(
    name: str, author: str, area_ids: Sequence[str], known_areas: Sequence[str] | None, quarter_ids: Sequence[int] = ()
) -> tuple[str, str]:
    name, author = name.strip(), author.strip()
    if not name:
        raise StorageError("selerr_no_name")
    if len(name) > MAX_NAME:
        raise StorageError("selerr_name_too_long", most=MAX_NAME)
    if not author:
        raise StorageError("selerr_no_author")
    if not area_ids and not quarter_ids:  # self-drawn quarters alone are a selection too
        raise StorageError("selerr_save_empty")
    if known_areas is not None:
        unknown = [a for a in area_ids if a not in set(known_areas)]
        if unknown:
            raise StorageError("selerr_save_unknown_areas", areas=", ".join(unknown))
    return name, author


def _to_saved(row: SelectionVersion) -> SavedVersion:
    return SavedVersion(
        name=row.selection.name,
        version=row.version,
        author=row.author,
        created_at=row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC),
        rationale=row.rationale,
        area_ids=tuple(item.area_id for item in row.items),
        area_rationales={item.area_id: item.rationale for item in row.items},
        method=json.loads(row.method or "{}"),
        restored_from=row.restored_from,
        quarter_ids=tuple(int(i) for i in json.loads(row.quarters or "[]")),
        quarter_rationales={str(k): str(v) for k, v in json.loads(row.quarter_rationales or "{}").items()},
        document=json.loads(row.document or "{}"),
        published_at=_aware(row.published_at),
        publisher=row.publisher or "",
        public_fields=json.loads(row.public_fields or "{}"),
    )


def _aware(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def _default_statistics() -> str:
    """The default dataset's statistics id, named only by the data configuration (data/sources.toml)."""
    return default_statistics_id()


def save_selection(
    engine: Engine,
    name: str,
    area_ids: Sequence[str],
    author: str,
    rationale: str = "",
    area_rationales: Mapping[str, str] | None = None,
    method: Mapping[str, object] | None = None,
    dataset: str | None = None,
    known_areas: Sequence[str] | None = None,
    restored_from: int | None = None,
    quarter_ids: Sequence[int] = (),
    expected_version: int | None | object = _ANY,
    quarter_rationales: Mapping[str, str] | None = None,
    document: Mapping[str, object] | None = None,
) -> SavedVersion:
    """Save ``area_ids`` (and the ids of self-drawn ``quarter_ids``) under ``name`` as a new version
    (version 1 for a new name).

    ``expected_version`` is the version the editor started from (``None``: a new selection). When the
    newest saved version is another one, nothing is saved and :class:`SelectionConflict` says who saved
    what meanwhile (optimistic locking, as for projects).
    """
    if engine.get_execution_options().get(READ_ONLY):
        raise StorageError("selerr_read_only")
    name, author = _validate(name, author, area_ids, known_areas, quarter_ids)
    try:
        saved = _insert_version(
            engine, name, area_ids, author, rationale, area_rationales or {}, method, dataset, restored_from,
            quarter_ids, expected_version, quarter_rationales or {}, document or {},
        )
    except DatabaseDamaged:
        raise
    except SQLAlchemyError:
        verify_intact(engine)  # a failed write: damaged or gone is said as such, else the error itself
        raise
    # Reported only after the commit, a read-back and a check of the file: damage is never confirmed.
    verify_intact(engine)
    back = load_version(engine, name, saved.version)
    if _essence(back) != _essence(saved):
        raise DatabaseDamaged(database_location(engine.url.render_as_string(hide_password=False)))
    return saved


def _essence(saved: SavedVersion) -> tuple:
    return (
        saved.version, saved.author, saved.rationale, saved.area_ids, dict(saved.area_rationales), saved.quarter_ids,
        dict(saved.quarter_rationales), json.dumps(saved.document, sort_keys=True, default=str),
    )


def _insert_version(
    engine: Engine,
    name: str,
    area_ids: Sequence[str],
    author: str,
    rationale: str,
    area_rationales: Mapping[str, str],
    method: Mapping[str, object] | None,
    dataset: str,
    restored_from: int | None,
    quarter_ids: Sequence[int],
    expected_version: int | None | object,
    quarter_rationales: Mapping[str, str],
    document: Mapping[str, object],
) -> SavedVersion:
    with Session(engine) as session, session.begin():
        selection = session.scalars(select(Selection).where(Selection.name == name)).one_or_none()
        if selection is None:
            selection = Selection(name=name, dataset=dataset or _default_statistics(), created_at=_now(),
                                  created_by=author)
            session.add(selection)
            session.flush()
        latest = session.scalar(
            select(func.max(SelectionVersion.version)).where(SelectionVersion.selection_id == selection.id)
        )
        if expected_version is not _ANY and latest != expected_version:
            raise _conflict(session, selection, expected_version, latest)
        row = SelectionVersion(
            selection=selection,
            version=(latest or 0) + 1,
            author=author,
            created_at=_now(),
            rationale=rationale,
            method=json.dumps(dict(method or {}), ensure_ascii=False, default=str),
            restored_from=restored_from,
            quarters=json.dumps([int(i) for i in dict.fromkeys(quarter_ids)]),
            quarter_rationales=json.dumps(
                {str(int(q)): str(quarter_rationales.get(str(q), "") or "") for q in dict.fromkeys(quarter_ids)
                 if str(quarter_rationales.get(str(q), "") or "")}, ensure_ascii=False,
            ),
            document=json.dumps(dict(document), ensure_ascii=False, sort_keys=True, default=str),
            items=[
                SelectionItem(position=i, area_id=a, rationale=area_rationales.get(a, ""))
                for i, a in enumerate(dict.fromkeys(area_ids))
            ],
        )
        session.add(row)
        session.flush()
        return _to_saved(row)


def _version(session: Session, selection: Selection, version: object) -> SelectionVersion | None:
    if not isinstance(version, int):
        return None
    return session.scalars(
        select(SelectionVersion).where(
            SelectionVersion.selection_id == selection.id, SelectionVersion.version == version
        )
    ).one_or_none()


def _changes(before: SelectionVersion | None, after: SelectionVersion) -> tuple[str, str]:
    """What ``after`` changed against ``before``, in German and English."""
    if before is None:
        return "neu angelegt", "newly created"
    old, new = [i.area_id for i in before.items], [i.area_id for i in after.items]
    added, removed = [a for a in new if a not in old], [a for a in old if a not in new]
    parts: list[tuple[str, str]] = []
    if added:
        parts.append((f"Gebiete hinzugefügt: {', '.join(added)}", f"areas added: {', '.join(added)}"))
    if removed:
        parts.append((f"Gebiete entfernt: {', '.join(removed)}", f"areas removed: {', '.join(removed)}"))
    if before.rationale != after.rationale:
        parts.append(("Begründung geändert", "rationale changed"))
    kept_old = {i.area_id: i.rationale for i in before.items if i.area_id in new}
    if kept_old != {i.area_id: i.rationale for i in after.items if i.area_id in old}:
        parts.append(("Begründungen einzelner Gebiete geändert", "area rationales changed"))
    if before.quarters != after.quarters:
        parts.append(("eigene Quartiere geändert", "own quarters changed"))
    if before.quarter_rationales != after.quarter_rationales:
        parts.append(("Begründungen eigener Quartiere geändert", "quarter rationales changed"))
    if before.method != after.method:
        parts.append(("Methode geändert", "method changed"))
    if not parts:
        return "inhaltlich gleich", "same content"
    return "; ".join(p[0] for p in parts), "; ".join(p[1] for p in parts)


def _conflict(session: Session, selection: Selection, expected: object, latest: int | None) -> SelectionConflict:
    newest = _version(session, selection, latest)
    if newest is None:  # cannot happen with versions saved by this module; say it plainly all the same
        return SelectionConflict("selerr_changed", name=selection.name)
    changes = Words(*_changes(_version(session, selection, expected), newest))
    stamp = newest.created_at if newest.created_at.tzinfo else newest.created_at.replace(tzinfo=UTC)
    when = stamp.astimezone(ZoneInfo("Europe/Berlin")).strftime("%d.%m.%Y %H:%M")  # as the page lists it
    start = Words("einer neuen Auswahl", "a new selection") if expected is None else Words(f"Version {expected}", f"version {expected}")
    return SelectionConflict("selerr_conflict", name=selection.name, version=newest.version, author=newest.author, when=when,
                             changes=changes, start=start)


def list_selections(engine: Engine) -> list[SavedVersion]:
    """The newest version of every saved selection, by name."""
    with Session(engine) as session:
        newest = (
            select(SelectionVersion.selection_id, func.max(SelectionVersion.version).label("v"))
            .group_by(SelectionVersion.selection_id)
            .subquery()
        )
        rows = session.scalars(
            select(SelectionVersion)
            .join(newest, (SelectionVersion.selection_id == newest.c.selection_id) & (SelectionVersion.version == newest.c.v))
            .join(Selection)
            .order_by(Selection.name)
        ).all()
        return [_to_saved(row) for row in rows]


def history(engine: Engine, name: str) -> list[SavedVersion]:
    """All versions of ``name``, oldest first."""
    with Session(engine) as session:
        rows = session.scalars(
            select(SelectionVersion).join(Selection).where(Selection.name == name).order_by(SelectionVersion.version)
        ).all()
        if not rows:
            raise StorageError("selerr_no_selection", name=name)
        return [_to_saved(row) for row in rows]


def load_version(engine: Engine, name: str, version: int | None = None) -> SavedVersion:
    """One version of ``name`` (the newest when ``version`` is ``None``)."""
    versions = history(engine, name)
    if version is None:
        return versions[-1]
    for saved in versions:
        if saved.version == version:
            return saved
    raise StorageError("selerr_no_version", name=name, version=version)


def restore_version(
    engine: Engine, name: str, version: int, author: str, expected_version: int | None | object = _ANY
) -> SavedVersion:
    """Make an earlier version current again, as a new version (refused if ``expected_version`` is not the newest)."""
    old = load_version(engine, name, version)
    return save_selection(
        engine,
        name,
        old.area_ids,
        author,
        old.rationale,
        old.area_rationales,
        old.method,
        restored_from=old.version,
        quarter_ids=old.quarter_ids,
        expected_version=expected_version,
        quarter_rationales=old.quarter_rationales,
        document=old.document,
    )
