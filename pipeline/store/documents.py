"""Tables for ingested documents, their versions, and files that could not be read."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class DocumentRow(Base):
    """One version of one file. The same path with new bytes is a new row with version + 1."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("source_path", "content_hash", name="uq_documents_path_hash"),
        Index("ix_documents_content_hash", "content_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_path: Mapped[str] = mapped_column(String(1024), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    kind: Mapped[str | None] = mapped_column(String(32), nullable=True)  # set by extraction
    pages: Mapped[list[Any]] = mapped_column(JSON, default=list)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    ingested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    extractor_version: Mapped[str | None] = mapped_column(String(64), nullable=True)
    extracted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class IngestErrorRow(Base):
    """A file that could not be read, with the reason. One row per (path, content hash)."""

    __tablename__ = "ingest_errors"
    __table_args__ = (UniqueConstraint("source_path", "content_hash", name="uq_ingest_errors_path_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_path: Mapped[str] = mapped_column(String(1024), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
