"""Linking one document's extraction into the database (idempotent per document).

Re-linking a document (a new extractor version, or a new version of the file) first takes
back everything that document, and earlier versions of its file, attested; then links the
new extraction, reusing the entities that already exist; then removes what no document
attests any more.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.base import utcnow
from ..store.documents import DocumentRow
from ..store.entities import (
    AgreementDocumentRow, AgreementPartyRow, AgreementRow, MentionRow, OrganisationRow, PositionRow, SignatureRow,
)
from . import organisations as orgs
from .agreements import AgreementClaim, find_agreement
from .cleanup import cleanup, drop_unattested_relations
from .evidence import EvidenceWriter, clear_documents, versions_of
from .names import name_key
from .persons import PersonContext, positions_of, resolve_people


@dataclass
class LinkReport:
    document_id: int
    persons: int = 0
    organisations: int = 0
    agreements: list[int] = field(default_factory=list)
    signatures: int = 0


def document_date(document: DocumentRow, extraction: dict[str, Any]) -> str | None:
    """The date a document attests its facts on: its publication date when the file says, else
    the first full date in its text (press releases and minutes open with theirs)."""
    meta = document.meta or {}
    for key in ("published", "date", "created"):
        if isinstance(meta.get(key), str) and len(meta[key]) >= 10 and meta[key][:4].isdigit():
            return meta[key][:10]
    dated = sorted((m["start"], m["value"]) for m in extraction.get("mentions") or []
                   if m.get("label") == "DATE" and isinstance(m.get("start"), int)
                   and isinstance(m.get("value"), str) and len(m["value"]) == 10)
    if dated:
        return dated[0][1]
    dates = [d for d in extraction.get("dates") or [] if isinstance(d, str) and len(d) == 10]
    return dates[0] if dates else None


def _clean(text: Any) -> str | None:
    return text.strip() if isinstance(text, str) and text.strip() else None


class DocumentLinker:
    """Links one extraction; holds the per-document caches."""

    def __init__(self, session: Session, document: DocumentRow, extraction: dict[str, Any]):
        self.session = session
        self.document = document
        self.extraction = extraction
        self.version = extraction.get("extractor_version") or "unknown"
        self.evidence = EvidenceWriter(session, document, self.version, document_date(document, extraction))
        self.report = LinkReport(document.id)
        self._orgs: dict[tuple[str, str], OrganisationRow | None] = {}
        self._persons: dict[str, Any] = {}
        self._positions: dict[tuple, Any] = {}
        self.touched: set[tuple[str, int]] = set()
        self._new_agreements: set[int] = set()  # created by this document: nothing of theirs is stored yet
        self._rows: dict[tuple, Any] = {}  # rows got or added by `_get_or_add`, by model and values

    # organisations -----------------------------------------------------------------------
    def org(self, name: Any, kind: str = "any") -> OrganisationRow | None:
        name = _clean(name)
        if name is None:
            return None
        key = (kind, name_key(name))
        if key not in self._orgs:
            resolve = {"municipality": orgs.municipality, "region": orgs.region, "any": orgs.organisation}[kind]
            self._orgs[key] = resolve(self.session, name)
        return self._orgs[key]

    def _mention_spans(self, labels: set[str], value: str) -> list[list[int]]:
        key = name_key(value)
        return [[m["start"], m["end"]] for m in self.extraction.get("mentions") or []
                if m.get("label") in labels and name_key(m.get("value") or m.get("text") or "") == key]

    def link_organisations(self) -> None:
        for kind, field_name, labels in (("municipality", "municipalities", {"MUNICIPALITY", "SEAT"}),
                                         ("region", "regions", {"REGION"}),
                                         ("any", "organisations", {"ORG"})):
            for name in self.extraction.get(field_name) or []:
                row = self.org(name, kind)
                if row is None:
                    continue
                for span in self._mention_spans(labels, row.name) or self._mention_spans(labels, name) or [None]:
                    self.evidence.add("organisations", row.id, span)
                self.report.organisations += 1

    # persons -----------------------------------------------------------------------------
    def _contexts(self) -> dict[str, tuple[PersonContext, dict[str, Any]]]:
        """One context per distinct name in the document, from roles and signature blocks."""
        contexts: dict[str, tuple[PersonContext, dict[str, Any]]] = {}
        for person in self.extraction.get("persons") or []:
            name = _clean(person.get("name"))
            if name is None:
                continue
            context, data = contexts.setdefault(name_key(name), (PersonContext(name), {"spans": [], "roles": []}))
            data["spans"] += person.get("spans") or []
            data["roles"] += person.get("roles") or []
        for agreement in self.extraction.get("agreements") or []:
            for signatory in agreement.get("signatories") or []:
                name = _clean(signatory.get("name"))
                if name is None:
                    continue
                context, data = contexts.setdefault(name_key(name), (PersonContext(name), {"spans": [], "roles": []}))
                data.setdefault("signatory_orgs", []).append(signatory.get("org"))
                if _clean(signatory.get("role")):
                    context.titles.add(signatory["role"].strip().lower())
        for context, data in contexts.values():
            for role in data["roles"]:
                if _clean(role.get("title")):
                    context.titles.add(role["title"].strip().lower())
                row = self.org(role.get("org"))
                if row is not None:
                    context.organisations[row.id] = row.kind
            for org_name in data.get("signatory_orgs", []):
                row = self.org(org_name)
                if row is not None:
                    context.organisations[row.id] = row.kind
        return contexts

    def link_persons(self) -> None:
        contexts = self._contexts()
        people = resolve_people(self.session, {key: context for key, (context, _) in contexts.items()})
        self._positions = positions_of(self.session, sorted({p.id for p in people.values()}))
        roles = []
        for key, (context, data) in contexts.items():
            person = people[key]
            self._persons[key] = (person, data)
            for span in data["spans"] or [None]:
                self.evidence.add("persons", person.id, span)
            for role in data["roles"]:
                roles.append((self._position_row(person, role.get("org"), role.get("title")), role))
            self.report.persons += 1
        self.session.flush()  # the new positions, all at once
        for (row, _org), role in roles:
            self._position_evidence(row, role.get("party"), role.get("span"))

    def _position_row(self, person, org_name, title):
        """The person's position (title at organisation); a new one is added, not yet flushed."""
        org = self.org(org_name)
        key = (person.id, org.id if org else None, title.strip().lower() if _clean(title) else None)
        row = self._positions.get(key)
        if row is None:  # the person's positions were all loaded: this one is new
            row = self._positions[key] = PositionRow(person_id=person.id, organisation_id=key[1], title=key[2])
            self.session.add(row)
        return row, org

    def _position_evidence(self, row, party, span, observed_on=None) -> None:
        party = _clean(party)
        if party:
            party_org = orgs.party(self.session, party)
            if party_org is not None:
                self.evidence.add("organisations", party_org.id, span)
        self.evidence.add("positions", row.id, span, observed_on=observed_on,
                          claim={"party": party.upper()} if party else None)
        self.touched.add(("positions", row.id))

    def _position(self, person, org_name, title, party, span, observed_on=None):
        row, org = self._position_row(person, org_name, title)
        if row.id is None:
            self.session.flush()
        self._position_evidence(row, party, span, observed_on)
        return row, org

    # agreements --------------------------------------------------------------------------
    def _party_span(self, party: str, agreement_span):
        spans = self._mention_spans({"MUNICIPALITY", "REGION", "ORG"}, party)
        if not spans:
            return agreement_span
        if agreement_span is None:
            return spans[0]
        return min(spans, key=lambda s: abs(s[0] - agreement_span[0]))

    def link_agreements(self) -> None:
        used: set[int] = set()
        for data in self.extraction.get("agreements") or []:
            parties = {p: self.org(p) for p in data.get("parties") or []}
            parties = {p: row for p, row in parties.items() if row is not None}
            claim = AgreementClaim(
                type=_clean(data.get("type")) and data["type"].strip().lower(),
                title=_clean(data.get("title")),
                date=_clean(data.get("date")),
                parties={row.id for row in parties.values()},
                signatories={name_key(s["name"]) for s in data.get("signatories") or [] if _clean(s.get("name"))},
            )
            agreement = find_agreement(self.session, claim, exclude=used)
            if agreement is None:
                agreement = AgreementRow(type=claim.type, title=claim.title, date=claim.date, place=_clean(data.get("place")),
                                         title_key=name_key(claim.title) if claim.title else None)
                self.session.add(agreement)
                self.session.flush()
                self._new_agreements.add(agreement.id)
            used.add(agreement.id)
            self.touched.add(("agreements", agreement.id))
            self.report.agreements.append(agreement.id)
            spans = data.get("spans") or [None]
            for span in spans:
                self.evidence.add("agreements", agreement.id, span, claim={
                    "type": claim.type, "title": claim.title, "date": claim.date, "place": _clean(data.get("place")),
                    "source_kind": self.extraction.get("kind")})
            self._get_or_add(AgreementDocumentRow, flush=False, agreement_id=agreement.id, document_id=self.document.id)
            party_rows = {name: self._get_or_add(AgreementPartyRow, flush=False, agreement_id=agreement.id,
                                                 organisation_id=row.id) for name, row in parties.items()}
            if any(party.id is None for party in party_rows.values()):
                self.session.flush()  # the new parties, all at once
            for name, party in party_rows.items():
                self.evidence.add("agreement_parties", party.id, self._party_span(name, spans[0]))
            for signatory in data.get("signatories") or []:
                self._signature(agreement, signatory, claim.date)

    def _signature(self, agreement: AgreementRow, signatory: dict[str, Any], date: str | None) -> None:
        key = name_key(signatory.get("name") or "")
        if key not in self._persons:
            return
        person, data = self._persons[key]
        org = self.org(signatory.get("org"))
        title = _clean(signatory.get("role"))
        if title is None:  # the signature block gives no title: the one the document gives at that organisation
            titles = {r["title"].strip().lower() for r in data["roles"]
                      if _clean(r.get("title")) and self.org(r.get("org")) == org}
            title = titles.pop() if len(titles) == 1 else None
        party = next((r.get("party") for r in data["roles"] if _clean(r.get("party"))
                      and self.org(r.get("org")) == org), None)
        span = signatory.get("span")
        observed = date if date and len(date) == 10 else None
        pos, org = self._position(person, signatory.get("org"), title, party, span, observed_on=observed)
        signature = self._get_or_add(SignatureRow, agreement_id=agreement.id, person_id=person.id,
                                     position_id=pos.id, organisation_id=org.id if org else None)
        self.evidence.add("signatures", signature.id, span, observed_on=observed)
        self.report.signatures += 1

    def _get_or_add(self, model, flush: bool = True, **values):
        """The oldest row of `model` with these values, else a new one (flushed unless `flush`
        is False). Rows of an agreement this document created are not looked up: none is stored."""
        key = (model, tuple(sorted(values.items())))
        row = self._rows.get(key)
        if row is not None:
            return row
        if values.get("agreement_id") not in self._new_agreements:
            query = select(model)
            for column, value in values.items():
                attribute = getattr(model, column)
                query = query.where(attribute.is_(None) if value is None else attribute == value)
            row = self.session.scalars(query.order_by(model.id).limit(1)).first()
        if row is None:
            row = model(**values)
            self.session.add(row)
            if flush:
                self.session.flush()
        self._rows[key] = row
        return row

    # all ---------------------------------------------------------------------------------
    def add_mentions(self) -> None:
        rows = [dict(document_id=self.document.id, label=m["label"], start=m["start"], end=m["end"],
                     text=m.get("text") or self.document.text[m["start"]:m["end"]], value=m.get("value"),
                     extractor_version=self.version)
                for m in self.extraction.get("mentions") or []
                if isinstance(m.get("start"), int) and isinstance(m.get("end"), int) and m.get("label")]
        if rows:
            self.session.execute(MentionRow.__table__.insert(), rows)

    def run(self) -> LinkReport:
        self.session.flush()
        with self.session.no_autoflush:  # new rows are flushed where their ids are needed
            versions = versions_of(self.session, self.document)
            if versions != [self.document.id] or self.document.extractor_version is not None:
                self.touched |= clear_documents(self.session, versions)  # re-linking: take back what it said
                drop_unattested_relations(self.session, self.touched)
            self.add_mentions()
            self.link_organisations()
            self.link_persons()
            self.link_agreements()
            self.evidence.write()
            self.document.kind = self.extraction.get("kind") or self.document.kind
            self.document.extractor_version = self.version
            self.document.extracted_at = utcnow()
        cleanup(self.session, self.touched)
        self.session.flush()
        return self.report


def link_document(session: Session, document_row: DocumentRow, extraction: dict[str, Any]) -> LinkReport:
    """Link `extraction` (EXTRACT_SPANS format) of `document_row`; idempotent per document."""
    return DocumentLinker(session, document_row, extraction).run()
