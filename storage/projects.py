"""Projects in the database: add, edit, end, delete, import; every change audited.

Edits carry the version the editor started from; a save against a newer
version is refused (optimistic locking) instead of overwriting a colleague's
change. An import is one transaction: all rows or none.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from geo.domain.integration_projects import ProjectRecord
from geo.i18n import MessageError
from storage.db import READ_ONLY, confirmed
from storage.models import AuditEntry, Project

__all__ = [
    "ConflictError",
    "ProjectStoreError",
    "end_project",
    "StoredProject",
    "add_project",
    "audit_log",
    "delete_project",
    "import_projects",
    "list_projects",
    "update_project",
]


class ProjectStoreError(MessageError):
    """A project change cannot be made; a catalogue key and its values (``text(lang)``; ``str()`` both languages)."""


class ConflictError(ProjectStoreError):
    """Someone else saved the project in the meantime."""


@dataclass(frozen=True)
class StoredProject:
    id: int
    version: int
    record: ProjectRecord
    updated_at: datetime
    updated_by: str


def _now() -> datetime:
    return datetime.now(UTC)


def _writable(engine: Engine) -> None:
    if engine.get_execution_options().get(READ_ONLY):
        raise ProjectStoreError("prjerr_read_only")


def _columns(record: ProjectRecord) -> dict[str, object]:
    return asdict(record)


def _stored(row: Project) -> StoredProject:
    record = ProjectRecord(
        name=row.name, provider=row.provider, themenfeld=row.themenfeld, lat=row.lat, lon=row.lon, tags=row.tags,
        address=row.address, start_date=row.start_date, end_date=row.end_date, url=row.url,
        description=row.description, public=row.public,
    )
    at = row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(tzinfo=UTC)
    return StoredProject(id=row.id, version=row.version, record=record, updated_at=at, updated_by=row.updated_by)


def _audit(session: Session, user: str, action: str, project_id: int | None, details: object) -> None:
    session.add(
        AuditEntry(
            at=_now(), user=user, action=action, project_id=project_id,
            details=json.dumps(details, ensure_ascii=False, default=str),
        )
    )


@confirmed
def add_project(engine: Engine, record: ProjectRecord, user: str) -> StoredProject:
    _writable(engine)
    with Session(engine) as session, session.begin():
        row = Project(**_columns(record), version=1, updated_at=_now(), updated_by=user)
        session.add(row)
        session.flush()
        _audit(session, user, "add", row.id, _columns(record))
        return _stored(row)


@confirmed
def update_project(
    engine: Engine, project_id: int, record: ProjectRecord, expected_version: int, user: str, action: str = "edit"
) -> StoredProject:
    """Save ``record`` if the project is still at ``expected_version``; else :class:`ConflictError`."""
    _writable(engine)
    with Session(engine) as session, session.begin():
        result = session.execute(
            update(Project)
            .where(Project.id == project_id, Project.version == expected_version)
            .values(**_columns(record), version=Project.version + 1, updated_at=_now(), updated_by=user)
        )
        if result.rowcount != 1:
            current = session.get(Project, project_id)
            if current is None:
                raise ProjectStoreError("prjerr_gone", project=project_id)
            raise ConflictError("prjerr_conflict", name=current.name, editor=current.updated_by, version=current.version)
        _audit(session, user, action, project_id, _columns(record))
        return _stored(session.get(Project, project_id))


def end_project(engine: Engine, stored: StoredProject, user: str, on: date) -> StoredProject:
    record = ProjectRecord(**{**asdict(stored.record), "end_date": on})
    return update_project(engine, stored.id, record, stored.version, user, action="end")


@confirmed
def delete_project(engine: Engine, project_id: int, expected_version: int, user: str) -> None:
    _writable(engine)
    with Session(engine) as session, session.begin():
        current = session.get(Project, project_id)
        if current is None:
            raise ProjectStoreError("prjerr_gone", project=project_id)
        if current.version != expected_version:
            raise ConflictError("prjerr_conflict_delete", name=current.name)
        _audit(session, user, "delete", project_id, _columns(_stored(current).record))
        session.execute(delete(Project).where(Project.id == project_id))


@confirmed
def import_projects(engine: Engine, records: Sequence[ProjectRecord], user: str, source: str) -> int:
    """Add all ``records`` in one transaction; nothing is added if any insert fails."""
    _writable(engine)
    with Session(engine) as session, session.begin():
        for record in records:
            row = Project(**_columns(record), version=1, updated_at=_now(), updated_by=user)
            session.add(row)
            session.flush()
        _audit(session, user, "import", None, {"file": source, "rows": len(records)})
    return len(records)


def list_projects(engine: Engine, public_only: bool = False) -> list[StoredProject]:
    with Session(engine) as session:
        query = select(Project).order_by(Project.name, Project.id)
        if public_only:
            query = query.where(Project.public.is_(True))
        return [_stored(row) for row in session.scalars(query)]


def audit_log(engine: Engine, limit: int = 200) -> list[dict[str, object]]:
    with Session(engine) as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
        return [
            {"at": r.at, "user": r.user, "action": r.action, "project_id": r.project_id, "details": r.details}
            for r in rows
        ]
