"""Tables for named selections. Every edit is a new version; nothing is overwritten."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = ["Base", "Selection", "SelectionItem", "SelectionVersion"]


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
