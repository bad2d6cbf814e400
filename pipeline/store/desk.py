"""Tables of the registrar desk: accounts, the queue of duplicate candidates, and the
registrars' decisions on pairs (the "not the same" pairs dedup must never propose again,
and the labelled pairs that retraining reads).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class UserRow(Base):
    """An account of the web desk: a registrar (may act) or a reader (may look)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # registrar | reader
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id, PHC string
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class DeskCandidateRow(Base):
    """A candidate cluster proposed by the last `samverkan dedup queue` run of its kind.

    `status` is open until a registrar decides; `version` is the optimistic lock: every
    decision changes it, and a decision made on an older version is refused (HTTP 409).
    """

    __tablename__ = "desk_candidates"
    __table_args__ = (Index("ix_desk_candidates_kind_status", "kind", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # agreements | persons | documents | organisations
    members: Mapped[list[Any]] = mapped_column(JSON)  # record ids (documents: document ids)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    features: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"names": [...], "values": [...]} of the weakest pair
    municipalities: Mapped[str] = mapped_column(Text, default="")  # "|Kil|Grums|": for the filter
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | merged | not_same | decided
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class DeskDecisionRow(Base):
    """A registrar's verdict on a pair of records: the same (merged) or not the same.

    A "different" decision that is not undone is a cannot-link: dedup never proposes the
    pair again. Decisions with features are training pairs for `samverkan dedup train`.
    """

    __tablename__ = "desk_decisions"
    __table_args__ = (Index("ix_desk_decisions_pair", "kind", "left_key", "right_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    left_key: Mapped[str] = mapped_column(String(64))  # the smaller id of the pair (as text)
    right_key: Mapped[str] = mapped_column(String(64))
    same: Mapped[bool] = mapped_column(Boolean)
    features: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("desk_candidates.id", ondelete="SET NULL"), nullable=True)
    audit_id: Mapped[int | None] = mapped_column(ForeignKey("audit.id"), nullable=True)  # the merge it made
    undone: Mapped[bool] = mapped_column(Boolean, default=False)
