"""Self-drawn quarters in the database: save (each outline a new version), list, publish, delete.

The outline is stored as GeoJSON text in EPSG:4326, on SQLite and PostgreSQL
alike (no PostGIS). A new outline unpublishes the quarter: the disclosure check
has to be passed again. Publishing runs :func:`geo.analysis.quarters.check_publishable`
against every other published quarter of the dataset, inside the transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import shapely
from shapely.geometry import mapping
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from geo.analysis.quarters import METHODS, Disclosure, QuarterError, parse_quarter
from geo.i18n import MessageError, Words
from storage.db import READ_ONLY, confirmed
from storage.models import Quarter, QuarterVersion

__all__ = [
    "QuarterStoreError",
    "StoredQuarter",
    "delete_quarter",
    "get_quarter",
    "list_quarters",
    "publish_quarter",
    "quarter_history",
    "save_quarter",
    "unpublish_quarter",
]

MAX_NAME = 200


class QuarterStoreError(MessageError):
    """A quarter cannot be saved, found or published; a catalogue key and its values (or the reasons of a refusal)."""


@dataclass(frozen=True)
class StoredQuarter:
    id: int
    name: str
    dataset: str
    version: int
    geometry: shapely.Geometry  # EPSG:4326
    method: str
    author: str
    created_at: datetime
    published: bool
    note: str = ""

    @property
    def geojson(self) -> dict:
        return mapping(self.geometry)


def _now() -> datetime:
    return datetime.now(UTC)


def _writable(engine: Engine) -> None:
    if engine.get_execution_options().get(READ_ONLY):
        raise QuarterStoreError("qsterr_read_only")


def _stored(row: QuarterVersion) -> StoredQuarter:
    at = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    return StoredQuarter(
        id=row.quarter.id, name=row.quarter.name, dataset=row.quarter.dataset, version=row.version,
        geometry=shapely.from_geojson(row.geometry), method=row.method, author=row.author, created_at=at,
        published=row.quarter.published, note=row.note,
    )


@confirmed
def save_quarter(
    engine: Engine, name: str, geometry: str | dict | shapely.Geometry, author: str, dataset: str,
    method: str = "centre", note: str = "",
) -> StoredQuarter:
    """Save an outline under ``name``: a new quarter, or a new version of the dataset's quarter of that name."""
    _writable(engine)
    name, author = str(name).strip(), str(author).strip()
    if not name:
        raise QuarterStoreError("qsterr_no_name")
    if len(name) > MAX_NAME:
        raise QuarterStoreError("selerr_name_too_long", most=MAX_NAME)
    if not author:
        raise QuarterStoreError("selerr_no_author")
    if method not in METHODS:
        raise QuarterStoreError("qsterr_method", method=method)
    try:
        shape = geometry if isinstance(geometry, shapely.Geometry) else parse_quarter(geometry)
    except QuarterError as exc:
        raise QuarterStoreError(str(exc)) from exc
    text = shapely.to_geojson(shapely.set_precision(shape, 1e-7))
    with Session(engine) as session, session.begin():
        quarter = session.scalars(
            select(Quarter).where(Quarter.dataset == dataset, Quarter.name == name)
        ).one_or_none()
        if quarter is None:
            quarter = Quarter(name=name, dataset=dataset, created_at=_now(), created_by=author, published=False)
            session.add(quarter)
            session.flush()
        latest = session.scalar(select(func.max(QuarterVersion.version)).where(QuarterVersion.quarter_id == quarter.id))
        if latest is not None:
            quarter.published = False  # a new outline must pass the disclosure check again
        row = QuarterVersion(quarter=quarter, version=(latest or 0) + 1, geometry=text, method=method,
                             author=author, created_at=_now(), note=note)
        session.add(row)
        session.flush()
        return _stored(row)


def _newest(session: Session):
    newest = (
        select(QuarterVersion.quarter_id, func.max(QuarterVersion.version).label("v"))
        .group_by(QuarterVersion.quarter_id)
        .subquery()
    )
    return (
        select(QuarterVersion)
        .join(newest, (QuarterVersion.quarter_id == newest.c.quarter_id) & (QuarterVersion.version == newest.c.v))
        .join(Quarter)
    )


def list_quarters(engine: Engine, dataset: str, published_only: bool = False) -> list[StoredQuarter]:
    """The newest outline of every quarter of ``dataset``, by name."""
    with Session(engine) as session:
        query = _newest(session).where(Quarter.dataset == dataset)
        if published_only:
            query = query.where(Quarter.published.is_(True))
        return [_stored(row) for row in session.scalars(query.order_by(Quarter.name)).all()]


def get_quarter(engine: Engine, quarter_id: int, version: int | None = None) -> StoredQuarter:
    """One quarter by id (the newest outline, or ``version``)."""
    versions = quarter_history(engine, quarter_id)
    if version is None:
        return versions[-1]
    for stored in versions:
        if stored.version == version:
            return stored
    raise QuarterStoreError("qsterr_no_version", quarter=quarter_id, version=version)


def quarter_history(engine: Engine, quarter_id: int) -> list[StoredQuarter]:
    """All outlines of a quarter, oldest first."""
    with Session(engine) as session:
        rows = session.scalars(
            select(QuarterVersion).where(QuarterVersion.quarter_id == int(quarter_id)).order_by(QuarterVersion.version)
        ).all()
        if not rows:
            raise QuarterStoreError("qsterr_no_quarter", quarter=quarter_id)
        return [_stored(row) for row in rows]


@confirmed
def publish_quarter(
    engine: Engine, quarter_id: int, check: Callable[[shapely.Geometry, dict[str, shapely.Geometry]], Disclosure]
) -> StoredQuarter:
    """Publish a quarter if ``check(outline, other published outlines by name)`` allows it.

    ``check`` is :func:`geo.analysis.quarters.check_publishable` bound to the rules and the grid;
    a refusal raises :class:`QuarterStoreError` with its reasons and changes nothing.
    """
    _writable(engine)
    with Session(engine) as session, session.begin():
        quarter = session.get(Quarter, int(quarter_id))
        if quarter is None:
            raise QuarterStoreError("qsterr_no_quarter", quarter=quarter_id)
        rows = session.scalars(_newest(session).where(Quarter.dataset == quarter.dataset)).all()
        own = next(r for r in rows if r.quarter_id == quarter.id)
        others = {r.quarter.name: shapely.from_geojson(r.geometry) for r in rows
                  if r.quarter.published and r.quarter_id != quarter.id}
        verdict = check(shapely.from_geojson(own.geometry), others)
        if not verdict.allowed:
            raise QuarterStoreError("qsterr_refused", reasons=Words(*(" ".join(r.text(lang) for r in verdict.reasons) for lang in ("de", "en"))))
        quarter.published = True
        session.flush()
        return _stored(own)


@confirmed
def unpublish_quarter(engine: Engine, quarter_id: int) -> None:
    _writable(engine)
    with Session(engine) as session, session.begin():
        quarter = session.get(Quarter, int(quarter_id))
        if quarter is not None:
            quarter.published = False


@confirmed
def delete_quarter(engine: Engine, quarter_id: int) -> None:
    """Remove a quarter with all its outlines."""
    _writable(engine)
    with Session(engine) as session, session.begin():
        quarter = session.get(Quarter, int(quarter_id))
        if quarter is None:
            raise QuarterStoreError("qsterr_no_quarter", quarter=quarter_id)
        session.delete(quarter)
