"""A GraphML network (networkx, for Gephi): organisations, persons and agreements as nodes;
party-to, signed and holds-position as edges. Merged records appear once (canonical)."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..query.common import Canon
from ..store.entities import (
    AgreementPartyRow, AgreementRow, OrganisationRow, PersonRow, PositionRow, SignatureRow,
)


def _attrs(**values) -> dict:
    """GraphML wants scalar attributes: None becomes an empty string."""
    return {k: ("" if v is None else v) for k, v in values.items()}


def build_graph(session: Session) -> nx.MultiGraph:
    canon = Canon(session)
    graph = nx.MultiGraph()
    for org in session.scalars(select(OrganisationRow).where(OrganisationRow.merged_into_id.is_(None))):
        graph.add_node(f"org:{org.id}", **_attrs(label=org.name, type="organisation", kind=org.kind,
                                                  scb_code=org.scb_code, lan_code=org.lan_code))
    for person in session.scalars(select(PersonRow).where(PersonRow.merged_into_id.is_(None))):
        graph.add_node(f"person:{person.id}", **_attrs(label=person.name, type="person"))
    for agreement in session.scalars(select(AgreementRow).where(AgreementRow.merged_into_id.is_(None))):
        label = agreement.title or agreement.type or "agreement"
        graph.add_node(f"agreement:{agreement.id}", **_attrs(label=label, type="agreement", kind=agreement.type,
                                                              date=agreement.date, place=agreement.place))
    for party in session.scalars(select(AgreementPartyRow)):
        graph.add_edge(f"org:{canon('organisations', party.organisation_id)}",
                       f"agreement:{canon('agreements', party.agreement_id)}", **_attrs(relation="party_to"))
    for sig in session.scalars(select(SignatureRow)):
        org = canon("organisations", sig.organisation_id)
        graph.add_edge(f"person:{canon('persons', sig.person_id)}", f"agreement:{canon('agreements', sig.agreement_id)}",
                       **_attrs(relation="signed", on_behalf_of=graph.nodes[f"org:{org}"]["label"] if org else None))
    for position in session.scalars(select(PositionRow).where(PositionRow.organisation_id.is_not(None))):
        graph.add_edge(f"person:{canon('persons', position.person_id)}",
                       f"org:{canon('organisations', position.organisation_id)}",
                       **_attrs(relation="position", title=position.title, party=position.party,
                                first_seen=position.first_seen, last_seen=position.last_seen))
    return graph


def export_graphml(session: Session, out: Path) -> list[Path]:
    path = out / "samverkan.graphml"
    nx.write_graphml(build_graph(session), path)
    return [path]
