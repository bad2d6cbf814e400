"""An index on agreement_parties (organisation_id, agreement_id): the linker counts the parties
an agreement shares with a claim from this index alone, without reading a table row per party
(agreement matching, `samverkan.link.agreements`).

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NAME = "ix_agreement_parties_organisation_agreement"


def upgrade() -> None:
    op.create_index(NAME, "agreement_parties", ["organisation_id", "agreement_id"], unique=False)


def downgrade() -> None:
    op.drop_index(NAME, table_name="agreement_parties")
