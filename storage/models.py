"""Tables for named selections. Every edit is a new version; nothing is overwritten."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = ["AuditEntry", "Base", "Project", "Quarter", "QuarterVersion", "RevokedToken", "Selection", "SelectionItem", "SelectionVersion", "ServerKey", "SharedBlob", "SharedFile", "SharedFolder", "SigninFailure"]


class Base(DeclarativeBase):
    pass


class Selection(Base):
    __tablename__ = "selection"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    dataset: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    created_by: Mapped[str] = mapped_column(String(200), nullable=False)
    versions: Mapped[list[SelectionVersion]] = relationship(
        back_populates="selection", order_by="SelectionVersion.version", cascade="all, delete-orphan"
    )


class SelectionVersion(Base):
    __tablename__ = "selection_version"
    __table_args__ = (UniqueConstraint("selection_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    selection_id: Mapped[int] = mapped_column(ForeignKey("selection.id", ondelete="CASCADE"), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    author: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    rationale: Mapped[str] = mapped_column(Text, nullable=False, default="")
    method: Mapped[str] = mapped_column(Text, nullable=False, default="{}")  # JSON
    restored_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    quarters: Mapped[str] = mapped_column(Text, nullable=False, default="[]", server_default="[]")  # JSON quarter ids
    # Publishing (migration 0005): when, by whom (audit only), under which office line, which rationales public.
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    published_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    publisher: Mapped[str] = mapped_column(String(300), nullable=False, default="", server_default="")
    public_fields: Mapped[str] = mapped_column(Text, nullable=False, default="{}", server_default="{}")  # JSON
    quarter_rationales: Mapped[str] = mapped_column(Text, nullable=False, default="{}", server_default="{}")  # JSON
    document: Mapped[str] = mapped_column(Text, nullable=False, default="{}", server_default="{}")  # JSON by language
    selection: Mapped[Selection] = relationship(back_populates="versions")
    items: Mapped[list[SelectionItem]] = relationship(
        back_populates="version", order_by="SelectionItem.position", cascade="all, delete-orphan"
    )


class SelectionItem(Base):
    __tablename__ = "selection_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("selection_version.id", ondelete="CASCADE"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    area_id: Mapped[str] = mapped_column(String(200), nullable=False)
    rationale: Mapped[str] = mapped_column(Text, nullable=False, default="")
    version: Mapped[SelectionVersion] = relationship(back_populates="items")


class Project(Base):
    """An integration project; ``version`` guards against lost updates."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    provider: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    themenfeld: Mapped[str] = mapped_column(String(100), nullable=False)
    tags: Mapped[str] = mapped_column(Text, nullable=False, default="")
    address: Mapped[str] = mapped_column(Text, nullable=False, default="")
    lat: Mapped[float] = mapped_column(Float, nullable=False)
    lon: Mapped[float] = mapped_column(Float, nullable=False)
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    url: Mapped[str] = mapped_column(Text, nullable=False, default="")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    public: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    updated_by: Mapped[str] = mapped_column(String(200), nullable=False)


class AuditEntry(Base):
    """Who changed what, when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    user: Mapped[str] = mapped_column(String(200), nullable=False)
    action: Mapped[str] = mapped_column(String(50), nullable=False)
    project_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    details: Mapped[str] = mapped_column(Text, nullable=False, default="{}")


class Quarter(Base):
    """A self-drawn study quarter of one dataset; its outline lives in versions."""

    __tablename__ = "quarter"
    __table_args__ = (UniqueConstraint("dataset", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    dataset: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    created_by: Mapped[str] = mapped_column(String(200), nullable=False)
    published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    versions: Mapped[list[QuarterVersion]] = relationship(
        back_populates="quarter", order_by="QuarterVersion.version", cascade="all, delete-orphan"
    )


class QuarterVersion(Base):
    """One outline of a quarter: GeoJSON (EPSG:4326) as text, so no PostGIS is needed."""

    __tablename__ = "quarter_version"
    __table_args__ = (UniqueConstraint("quarter_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quarter_id: Mapped[int] = mapped_column(ForeignKey("quarter.id", ondelete="CASCADE"), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    geometry: Mapped[str] = mapped_column(Text, nullable=False)
    method: Mapped[str] = mapped_column(String(20), nullable=False, default="centre")
    author: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    quarter: Mapped[Quarter] = relationship(back_populates="versions")


class SigninFailure(Base):
    """Failed sign-ins under one throttle key (a session, or a client and a name)."""

    __tablename__ = "signin_failure"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, nullable=False)
    last_at: Mapped[float] = mapped_column(Float, nullable=False)  # epoch seconds


class RevokedToken(Base):
    """A sign-in token ended by signing out, kept until it would have expired anyway."""

    __tablename__ = "revoked_token"

    nonce: Mapped[str] = mapped_column(String(100), primary_key=True)
    expires_at: Mapped[float] = mapped_column(Float, nullable=False)  # epoch seconds


class ServerKey(Base):
    """A key every server process on one PostgreSQL database shares (the sign-in token key), made once."""

    __tablename__ = "server_key"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), nullable=False)


class SharedBlob(Base):
    """A file's content, stored once under its SHA-256 (datasets and grids shared by every server process)."""

    __tablename__ = "shared_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    content: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class SharedFolder(Base):
    """A dataset's or grid's folder (``datasets/<id>``, ``grids/<id>``) and its version (a content hash)."""

    __tablename__ = "shared_folder"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    version: Mapped[str] = mapped_column(String(64), nullable=False)
    saved_at: Mapped[float] = mapped_column(Float, nullable=False)


class SharedFile(Base):
    __tablename__ = "shared_file"

    folder_key: Mapped[str] = mapped_column(ForeignKey("shared_folder.key", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("shared_blob.sha256"), nullable=False)
