"""Two lookup tables for agreement matching, kept by triggers: `agreement_party_pairs` (every
two parties of an agreement) and `partyless_agreements` (agreements without parties, by title
key). The pairs' primary key (organisation_a, organisation_b, agreement_id) is the lookup's
index. The linker reads the agreements sharing two of a claim's parties, and those a claim can
match by title, from their indexes: the work per claim no longer grows with all the
agreements of a municipality or of a common title (`samverkan.link.agreements`).

Triggers, not application code, keep them, so every writer (linker, cleanup, registrar
actions, bulk deletes) keeps them right. A pair is added by the later of its two party rows
(higher id): a PostgreSQL statement inserting several parties runs its row triggers after
the statement, when each row sees the others.

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_PAIRS_OF = """INSERT INTO agreement_party_pairs (agreement_id, organisation_a, organisation_b)
    SELECT {row}.agreement_id, {least}({row}.organisation_id, p.organisation_id), {greatest}({row}.organisation_id, p.organisation_id)
    FROM agreement_parties p WHERE p.agreement_id = {row}.agreement_id AND p.organisation_id <> {row}.organisation_id{later}"""
_UNPAIR = """DELETE FROM agreement_party_pairs WHERE agreement_id = {row}.agreement_id
    AND (organisation_a = {row}.organisation_id OR organisation_b = {row}.organisation_id)"""
_PARTYLESS_AGAIN = """INSERT INTO partyless_agreements (agreement_id, title_key)
    SELECT a.id, a.title_key FROM agreements a WHERE a.id = {row}.agreement_id
    AND NOT EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = a.id)
    AND NOT EXISTS (SELECT 1 FROM partyless_agreements q WHERE q.agreement_id = a.id)"""
_HAS_PARTY = "DELETE FROM partyless_agreements WHERE agreement_id = {row}.agreement_id"
_NEW_AGREEMENT = """INSERT INTO partyless_agreements (agreement_id, title_key) SELECT {row}.id, {row}.title_key
    WHERE NOT EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = {row}.id)"""
_GONE_AGREEMENT = "DELETE FROM partyless_agreements WHERE agreement_id = {row}.id"
_RETITLED = "UPDATE partyless_agreements SET title_key = {row}.title_key WHERE agreement_id = {row}.id"

BACKFILL = [
    """INSERT INTO agreement_party_pairs (agreement_id, organisation_a, organisation_b)
       SELECT a.agreement_id, a.organisation_id, b.organisation_id FROM agreement_parties a
       JOIN agreement_parties b ON b.agreement_id = a.agreement_id AND a.organisation_id < b.organisation_id""",
    """INSERT INTO partyless_agreements (agreement_id, title_key) SELECT a.id, a.title_key FROM agreements a
       WHERE NOT EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = a.id)""",
]


def _sqlite() -> list[str]:
    def sql(template: str, row: str, later: bool = False) -> str:
        return template.format(row=row, least="min", greatest="max",
                               later=f" AND p.id < {row}.id" if later else "")

    return [
        f"""CREATE TRIGGER agreement_parties_lookup_insert AFTER INSERT ON agreement_parties BEGIN
            {sql(_PAIRS_OF, 'new', later=True)}; {sql(_HAS_PARTY, 'new')}; END""",
        f"""CREATE TRIGGER agreement_parties_lookup_delete AFTER DELETE ON agreement_parties BEGIN
            {sql(_UNPAIR, 'old')}; {sql(_PARTYLESS_AGAIN, 'old')}; END""",
        f"""CREATE TRIGGER agreement_parties_lookup_update AFTER UPDATE OF agreement_id, organisation_id
            ON agreement_parties BEGIN
            {sql(_UNPAIR, 'old')}; {sql(_PARTYLESS_AGAIN, 'old')};
            {sql(_PAIRS_OF, 'new')}; {sql(_HAS_PARTY, 'new')}; END""",
        f"""CREATE TRIGGER agreements_lookup_insert AFTER INSERT ON agreements BEGIN
            {sql(_NEW_AGREEMENT, 'new')}; END""",
        f"""CREATE TRIGGER agreements_lookup_delete AFTER DELETE ON agreements BEGIN
            {sql(_GONE_AGREEMENT, 'old')}; END""",
        f"""CREATE TRIGGER agreements_lookup_title AFTER UPDATE OF title_key ON agreements BEGIN
            {sql(_RETITLED, 'new')}; END""",
    ]


def _postgres() -> list[str]:
    def sql(template: str, row: str, later: bool = False) -> str:
        return template.format(row=row, least="least", greatest="greatest",
                               later=f" AND p.id < {row}.id" if later else "")

    return [
        f"""CREATE FUNCTION agreement_parties_lookup() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                {sql(_UNPAIR, 'OLD')}; {sql(_PARTYLESS_AGAIN, 'OLD')};
            END IF;
            IF TG_OP = 'INSERT' THEN
                {sql(_PAIRS_OF, 'NEW', later=True)}; {sql(_HAS_PARTY, 'NEW')};
            ELSIF TG_OP = 'UPDATE' THEN
                {sql(_PAIRS_OF, 'NEW')}; {sql(_HAS_PARTY, 'NEW')};
            END IF;
            RETURN NULL;
        END $$""",
        """CREATE TRIGGER agreement_parties_lookup AFTER INSERT OR DELETE OR UPDATE OF agreement_id, organisation_id
           ON agreement_parties FOR EACH ROW EXECUTE FUNCTION agreement_parties_lookup()""",
        f"""CREATE FUNCTION agreements_lookup() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN {sql(_NEW_AGREEMENT, 'NEW')};
            ELSIF TG_OP = 'DELETE' THEN {sql(_GONE_AGREEMENT, 'OLD')};
            ELSE {sql(_RETITLED, 'NEW')};
            END IF;
            RETURN NULL;
        END $$""",
        """CREATE TRIGGER agreements_lookup AFTER INSERT OR DELETE OR UPDATE OF title_key
           ON agreements FOR EACH ROW EXECUTE FUNCTION agreements_lookup()""",
    ]


DOWN = {
    "sqlite": ["DROP TRIGGER IF EXISTS agreement_parties_lookup_insert", "DROP TRIGGER IF EXISTS agreement_parties_lookup_delete",
               "DROP TRIGGER IF EXISTS agreement_parties_lookup_update", "DROP TRIGGER IF EXISTS agreements_lookup_insert",
               "DROP TRIGGER IF EXISTS agreements_lookup_delete", "DROP TRIGGER IF EXISTS agreements_lookup_title"],
    "postgresql": ["DROP TRIGGER IF EXISTS agreement_parties_lookup ON agreement_parties",
                   "DROP FUNCTION IF EXISTS agreement_parties_lookup()",
                   "DROP TRIGGER IF EXISTS agreements_lookup ON agreements", "DROP FUNCTION IF EXISTS agreements_lookup()"],
}


def upgrade() -> None:
    op.create_table(
        "agreement_party_pairs",
        sa.Column("organisation_a", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("organisation_b", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("agreement_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("organisation_a", "organisation_b", "agreement_id", name=op.f("pk_agreement_party_pairs")),
    )
    op.create_index("ix_agreement_party_pairs_agreement_id", "agreement_party_pairs", ["agreement_id"], unique=False)
    op.create_table(
        "partyless_agreements",
        sa.Column("agreement_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("title_key", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("agreement_id", name=op.f("pk_partyless_agreements")),
    )
    op.create_index("ix_partyless_agreements_title_key", "partyless_agreements", ["title_key"], unique=False)
    for statement in BACKFILL:
        op.execute(statement)
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": _sqlite, "postgresql": _postgres}.get(dialect, lambda: [])():
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWN.get(op.get_bind().dialect.name, []):
        op.execute(statement)
    op.drop_table("partyless_agreements")
    op.drop_table("agreement_party_pairs")
