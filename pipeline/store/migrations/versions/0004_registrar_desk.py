"""Registrar desk: accounts (`users`), the candidate queue (`desk_candidates`), registrars'
pair decisions (`desk_decisions`), and an optimistic-lock `version` on the records that
actions change (organisations, persons, agreements).

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

VERSIONED = ("organisations", "persons", "agreements")


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), server_default="0", nullable=False))

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "desk_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("municipalities", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_candidates")),
    )
    with op.batch_alter_table("desk_candidates", schema=None) as batch_op:
        batch_op.create_index("ix_desk_candidates_kind_status", ["kind", "status"], unique=False)
    op.create_table(
        "desk_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("left_key", sa.String(length=64), nullable=False),
        sa.Column("right_key", sa.String(length=64), nullable=False),
        sa.Column("same", sa.Boolean(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("audit_id", sa.Integer(), nullable=True),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["audit_id"], ["audit.id"], name=op.f("fk_desk_decisions_audit_id_audit")),
        sa.ForeignKeyConstraint(["candidate_id"], ["desk_candidates.id"],
                                name=op.f("fk_desk_decisions_candidate_id_desk_candidates"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_decisions")),
    )
    with op.batch_alter_table("desk_decisions", schema=None) as batch_op:
        batch_op.create_index("ix_desk_decisions_pair", ["kind", "left_key", "right_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("desk_decisions", schema=None) as batch_op:
        batch_op.drop_index("ix_desk_decisions_pair")
    op.drop_table("desk_decisions")
    with op.batch_alter_table("desk_candidates", schema=None) as batch_op:
        batch_op.drop_index("ix_desk_candidates_kind_status")
    op.drop_table("desk_candidates")
    op.drop_table("users")
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
