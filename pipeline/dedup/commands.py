"""`samverkan dedup ...`, `samverkan merge`, `samverkan split`, `samverkan undo`."""
from __future__ import annotations

import json
import sys

import click

DB_HELP = "Database: a SQLite file path or any SQLAlchemy URL (default: samverkan.db)."


def _session(db: str | None):
    from ..store import open_db

    _, factory = open_db(db)
    return factory()


@click.group("dedup")
def dedup() -> None:
    """Find duplicate documents, agreements and persons (candidate clusters, nothing is changed).

    \b
    Each cluster has a score (its weakest link: every member is joined to
    the others at least this strongly) and the reasons that weigh most
    in that score. Decide with `samverkan merge` / `samverkan split`, or in the
    browser: `samverkan dedup queue` fills the registrar desk's queue
    (`samverkan serve --registrar`). Pairs registrars marked "not the same"
    are never proposed.
    """


def _finder(kind: str):
    @click.option("--db", default=None, metavar="URL", help=DB_HELP)
    @click.option("--threshold", type=float, default=None,
                  help="Cluster members whose duplicate probability is at least T (default: the model's).")
    @click.option("--json", "as_json", is_flag=True,
                  help='Print {"clusters": [{"members": [...], "score": s, "reasons": [...]}, ...]}.')
    def command(db: str | None, threshold: float | None, as_json: bool) -> None:
        from . import database
        from .documents import find_document_duplicates
        from .engine import find_agreement_duplicates, find_person_duplicates

        from ..desk.queue import not_same_pairs

        with _session(db) as session:
            if kind == "documents":
                result = find_document_duplicates(database.load_documents(session), threshold)
            elif kind == "agreements":
                result = find_agreement_duplicates(database.load_agreements(session), threshold,
                                                   cannot_link=not_same_pairs(session, kind))
            else:
                result = find_person_duplicates(database.load_persons(session), threshold,
                                                cannot_link=not_same_pairs(session, kind))
        if as_json:
            click.echo(json.dumps(result.to_json(), ensure_ascii=False))
            return
        stats = result.stats
        click.echo(f"{kind}: {stats.items} records, {stats.candidate_pairs} candidate pairs "
                   f"(of {stats.all_pairs} possible), {len(result.clusters)} clusters")
        for k, c in enumerate(result.clusters, 1):
            click.echo(f"{k:3d}. score {c.score:.3f}  members: {', '.join(map(str, c.members))}")
            for reason in c.reasons:
                click.echo(f"       - {reason}")

    what = {"documents": "the same bytes or the same text in another form (members: source paths)",
            "agreements": "the same agreement recorded twice (members: agreement ids)",
            "persons": "the same person recorded twice (members: person ids)"}[kind]
    command.__doc__ = f"Candidate clusters of duplicate {kind}: {what}."
    return dedup.command(kind)(command)


for _kind in ("documents", "agreements", "persons"):
    _finder(_kind)


@dedup.command("queue")
@click.option("--db", default=None, metavar="URL", help=DB_HELP)
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice(["agreements", "persons", "documents", "organisations"]),
              help="Only these kinds (repeatable; default: all four).")
def queue_command(db: str | None, kinds: tuple[str, ...]) -> None:
    """Fill the registrar desk's queue with the candidate clusters found now.

    Open candidates of each kind are replaced; pairs registrars marked "not the same"
    are never proposed again. Review them with `samverkan serve --registrar`.
    """
    from ..desk.queue import KINDS, refresh_queue

    with _session(db) as session:
        counts = refresh_queue(session, kinds or KINDS)
        session.commit()
    for kind, n in counts.items():
        click.echo(f"{kind}: {n} candidate clusters in the queue")


@dedup.command("bench")
@click.option("--corpus", "corpora", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Annotated corpus folder (NAME.json beside each document); repeatable. "
                   "Default: ../shared/corpus/dev and corpus/sample.")
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--scale", default="10000,100000", show_default=True,
              help="Comma-separated numbers of synthetic agreement records to time ('' to skip).")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
def bench_command(corpora: tuple[str, ...], seed: int, scale: str, as_json: bool) -> None:
    """The duplicate benchmark: generated variants with a true clustering; pairwise and B-cubed P/R/F1."""
    from pathlib import Path

    from . import bench

    report = bench.benchmark([Path(c) for c in corpora] or None, seed=seed)
    sizes = tuple(int(s) for s in scale.split(",") if s.strip())
    rows = bench.scale(sizes) if sizes else []
    if as_json:
        click.echo(json.dumps({"benchmark": report, "scale": rows}, ensure_ascii=False, default=str))
        return
    click.echo(bench.format_report(report))
    if rows:
        click.echo(bench.format_scale(rows))


@dedup.command("train")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Folder for the model files (default: models/dedup of the package).")
@click.option("--db", default=None, metavar="URL",
              help="Also learn from the registrars' decisions stored in this database (the desk).")
@click.option("--shared", type=click.Path(file_okay=False), default=None,
              help="Annotated corpus split by document into training / held-out "
                   "(default: ../shared/corpus/train when present).")
def train_command(out: str | None, db: str | None, shared: str | None) -> None:
    """Retrain the three pair classifiers (corpus/sample gold, synthetic records, the training
    documents of ../shared/corpus/train, registrars' decisions with --db)."""
    from pathlib import Path

    from .training import SHARED_TRAIN, train_all

    models = train_all(Path(out) if out else None, db=db, shared=Path(shared) if shared else SHARED_TRAIN)
    for kind, model in models.items():
        click.echo(f"{kind}: {model.meta['pairs']} pairs ({model.meta['positives']} duplicates, "
                   f"{model.meta.get('registrar_decisions', 0)} from registrars), "
                   f"threshold {model.threshold}, " + (
                       f"cross-validated pairwise F1 {model.meta['cv_pairwise_f1']}" if "cv_pairwise_f1" in model.meta
                       else f"validation pairwise F1 {model.meta.get('validation_pairwise_f1')}"))
        for row in model.meta.get("heldout", {}).get("sets", []):
            click.echo(f"  held out ({row['set']}, {row['items']} records): pairwise F1 {row['pairwise']['f1']:.3f}, "
                       f"B-cubed F1 {row['bcubed']['f1']:.3f}; per seed: " + ", ".join(
                           f"{r['seed']} {r['pairwise']['f1']:.3f}/{r['bcubed']['f1']:.3f}" for r in row.get("per_seed", [])))


ENTITY = click.option("--entity", required=True, type=click.Choice(["persons", "agreements", "organisations"]),
                      help="Which kind of record the ids are.")


def _run(action) -> None:
    from .actions import ActionError

    try:
        action()
    except ActionError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


@click.command("merge")
@click.argument("ids", nargs=-1, required=True, type=int)
@ENTITY
@click.option("--reason", required=True, help="Why these records are one (kept in the audit table).")
@click.option("--by", "actor", default=None, help="Who decides (kept in the audit table).")
@click.option("--db", default=None, metavar="URL", help=DB_HELP)
def merge_command(ids: tuple[int, ...], entity: str, reason: str, actor: str | None, db: str | None) -> None:
    """Merge records: the others point at the first id's record (merged_into_id); nothing is deleted."""
    from .actions import merge

    def action():
        if len(ids) < 2:
            from .actions import ActionError

            raise ActionError("merge needs at least two ids")
        with _session(db) as session:
            row = merge(session, entity, list(ids), reason, actor)
            session.commit()
            click.echo(f"audit {row.id}: merged {entity} {', '.join(map(str, row.ids[1:]))} into {row.ids[0]}")

    _run(action)


@click.command("split")
@click.argument("ids", nargs=-1, required=True, type=int)
@ENTITY
@click.option("--reason", required=True, help="Why (kept in the audit table).")
@click.option("--by", "actor", default=None, help="Who decides (kept in the audit table).")
@click.option("--document", "documents", multiple=True, type=int,
              help="Split ID: what this document id says about it goes to a new record. Repeatable.")
@click.option("--move", "moves", multiple=True, metavar="TABLE:ROWID",
              help="Split ID: also move this referring row (e.g. signatures:12, positions:3, evidence:40).")
@click.option("--name", default=None, help="Name of the new record (persons, organisations).")
@click.option("--db", default=None, metavar="URL", help=DB_HELP)
def split_command(ids: tuple[int, ...], entity: str, reason: str, actor: str | None, documents: tuple[int, ...],
                  moves: tuple[str, ...], name: str | None, db: str | None) -> None:
    """Detach merged records, or split one record in two.

    \b
    samverkan split 17 --entity persons --reason "..."
        17 was merged into another record: detach it (it stands alone again,
        with whatever had been merged into it).
    samverkan split 12 --entity persons --document 40 --reason "namesake"
        a new person is made as a copy of 12, and what document 40 says about
        12 moves to it: the evidence rows, and the signatures/positions/...
        whose evidence all comes from document 40 (a row with evidence from
        both sides is copied, each copy keeping its own evidence).
    Every split is in the audit table and `samverkan undo` reverses it.
    """
    from .actions import ActionError, split

    def action():
        parsed = []
        for item in moves:
            table, _, row_id = item.partition(":")
            if not row_id.isdigit():
                raise ActionError(f"--move {item!r}: expected TABLE:ROWID, e.g. signatures:12")
            parsed.append((table, int(row_id)))
        with _session(db) as session:
            row = split(session, entity, list(ids), reason, actor, list(documents), parsed, name)
            session.commit()
            if documents or parsed:
                click.echo(f"audit {row.id}: split {entity} {row.ids[0]}; new record {row.ids[1]}")
            else:
                click.echo(f"audit {row.id}: detached {entity} {', '.join(map(str, row.ids))}")

    _run(action)


@click.command("undo")
@click.argument("audit_id", required=False, type=int)
@click.option("--reason", default=None, help="Why (kept in the audit table).")
@click.option("--by", "actor", default=None, help="Who (kept in the audit table).")
@click.option("--list", "show", is_flag=True, help="List the latest audit entries instead.")
@click.option("--db", default=None, metavar="URL", help=DB_HELP)
def undo_command(audit_id: int | None, reason: str | None, actor: str | None, show: bool, db: str | None) -> None:
    """Undo the last merge/split not yet undone, or the one with AUDIT_ID, restoring the rows exactly."""
    from .actions import history, undo

    def action():
        with _session(db) as session:
            if show:
                for a in history(session):
                    state = f" (undone by {a.undone_by_id})" if a.undone_by_id else ""
                    click.echo(f"{a.id:5d} {a.at:%Y-%m-%d %H:%M} {a.action:6s} {a.entity} {a.ids} "
                               f"by {a.actor or '-'}: {a.reason or ''}{state}")
                return
            row = undo(session, audit_id, reason, actor)
            session.commit()
            click.echo(f"audit {row.id}: undid entry {row.ids[0]}")

    _run(action)
