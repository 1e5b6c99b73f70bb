"""Publishing saved selection versions, and the only way the public site reads selections.

An editor publishes one saved version under the office's line ("Stadt …,
Integrationsbüro"), choosing which rationale fields are public; publishing and withdrawing are
written to the audit log with the editor's name. The public site reads selections only through
:func:`published_selections`, :func:`published_history` and :func:`load_published`, which return
published versions only, with the office instead of the author and only the rationales marked public. An
unpublished or unknown name or version gives the same answer: nothing (no hint that it exists).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from storage.db import READ_ONLY, confirmed
from storage.models import AuditEntry, Selection, SelectionVersion
from storage.selections import SavedVersion, StorageError, _to_saved

__all__ = [
    "MAX_PUBLISHER",
    "load_published",
    "public_view",
    "publish_version",
    "published_history",
    "published_selections",
    "withdraw_version",
]

MAX_PUBLISHER = 300


def _now() -> datetime:
    return datetime.now(UTC)


def _writable(engine: Engine) -> None:
    if engine.get_execution_options().get(READ_ONLY):
        raise StorageError("puberr_read_only")


def _row(session: Session, name: str, version: int) -> SelectionVersion:
    row = session.scalars(
        select(SelectionVersion).join(Selection).where(Selection.name == name, SelectionVersion.version == int(version))
    ).one_or_none()
    if row is None:
        raise StorageError("selerr_no_version", name=name, version=version)
    return row


def _audit(session: Session, user: str, action: str, details: dict) -> None:
    session.add(AuditEntry(at=_now(), user=user, action=action, project_id=None,
                           details=json.dumps(details, ensure_ascii=False, default=str)))


@confirmed
def publish_version(
    engine: Engine, name: str, version: int, editor: str, publisher: str,
    public_rationale: bool = False, public_items: Sequence[str] = (),
) -> SavedVersion:
    """Publish ``version`` of ``name`` under ``publisher`` (the office, never a person's name is required).

    ``public_items`` are the area ids and ``quarter:<id>`` keys whose rationales the public may read;
    ``public_rationale`` whether the rationale of the whole selection is public. Publishing again
    replaces these choices. Audited under ``editor``.
    """
    _writable(engine)
    publisher, editor = str(publisher).strip(), str(editor).strip()
    if not publisher:
        raise StorageError("puberr_no_publisher")
    if len(publisher) > MAX_PUBLISHER:
        raise StorageError("puberr_publisher_too_long", most=MAX_PUBLISHER)
    if not editor:
        raise StorageError("puberr_no_editor")
    fields = {"rationale": bool(public_rationale), "items": [str(i) for i in dict.fromkeys(public_items)]}
    with Session(engine) as session, session.begin():
        row = _row(session, name, version)
        row.published_at = _now()
        row.published_by = editor
        row.publisher = publisher
        row.public_fields = json.dumps(fields, ensure_ascii=False)
        _audit(session, editor, "publish_selection",
               {"name": name, "version": int(version), "publisher": publisher, "public": fields})
        session.flush()
        return _to_saved(row)


@confirmed
def withdraw_version(engine: Engine, name: str, version: int, editor: str) -> SavedVersion:
    """Take ``version`` of ``name`` off the public site (audited under ``editor``)."""
    _writable(engine)
    with Session(engine) as session, session.begin():
        row = _row(session, name, version)
        row.published_at = None
        row.published_by = None
        row.public_fields = "{}"
        _audit(session, str(editor).strip() or "?", "withdraw_selection", {"name": name, "version": int(version)})
        session.flush()
        return _to_saved(row)


def public_view(saved: SavedVersion) -> SavedVersion:
    """What the public may read of a published version: no author (the office, ``publisher``, instead), only public rationales."""
    fields = saved.public_fields or {}
    items = {str(i) for i in fields.get("items", [])} if isinstance(fields, dict) else set()
    public_rationale = bool(fields.get("rationale")) if isinstance(fields, dict) else False
    return replace(
        saved,
        author="",  # no staff member's name: the office (publisher) stands for the version
        rationale=saved.rationale if public_rationale else "",
        area_rationales={a: r for a, r in saved.area_rationales.items() if a in items},
        quarter_rationales={q: r for q, r in saved.quarter_rationales.items() if f"quarter:{q}" in items},
    )


def _published_rows(session: Session, name: str | None = None):
    query = select(SelectionVersion).join(Selection).where(SelectionVersion.published_at.is_not(None))
    if name is not None:
        query = query.where(Selection.name == name)
    return session.scalars(query.order_by(Selection.name, SelectionVersion.version)).all()


def published_selections(engine: Engine) -> list[SavedVersion]:
    """The newest published version of every selection with one, by name, as the public may read it."""
    with Session(engine) as session:
        newest: dict[str, SavedVersion] = {}
        for row in _published_rows(session):
            newest[row.selection.name] = _to_saved(row)  # ordered by version: the last one stays
        return [public_view(s) for s in newest.values()]


def published_history(engine: Engine, name: str) -> list[SavedVersion]:
    """The published versions of ``name``, oldest first (empty when none is published or no such name)."""
    with Session(engine) as session:
        return [public_view(_to_saved(row)) for row in _published_rows(session, name)]


def load_published(engine: Engine, name: str, version: int | None = None) -> SavedVersion:
    """One published version of ``name`` (the newest published when ``version`` is ``None``), as the public reads it.

    Raises :class:`StorageError` for an unknown name, an unpublished version or a name without published
    versions alike, so the public site cannot tell whether an unpublished selection exists.
    """
    versions = published_history(engine, name)
    chosen = versions[-1:] if version is None else [v for v in versions if v.version == version]
    if not chosen:
        raise StorageError("puberr_not_published")
    return chosen[0]
