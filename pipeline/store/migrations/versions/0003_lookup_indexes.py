"""Indexes on the columns the linker and the queries look rows up by: `merged_into_id` of
organisations, persons and agreements (canonical records, cleanup), and `position_id` /
`organisation_id` of signatures (cleanup, queries, foreign-key checks on delete).

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEXES = [
    ("organisations", "merged_into_id"),
    ("persons", "merged_into_id"),
    ("agreements", "merged_into_id"),
    ("signatures", "position_id"),
    ("signatures", "organisation_id"),
]


def upgrade() -> None:
    for table, column in INDEXES:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False)


def downgrade() -> None:
    for table, column in reversed(INDEXES):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
