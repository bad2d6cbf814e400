"""Component `samverkan_relation_models`: trained classifiers decide the relations.

After the rule components have found the mentions and proposed relations, this component
scores candidate pairs (`relation_features`) with logistic-regression weights trained on
annotated documents (`models/relations/*.json`, trained by `samverkan train-relations`,
model card `models/relations/MODEL_CARD.md`) and decides:

- each person's organisations (affiliation model), titles (the rule titles plus the role of
  the minutes section the person is listed in, `samverkan_minutes`) and political party
  (membership model, candidates from `membership_features`);
- each agreement's signatories (signatory model: signed, as opposed to will sign, decided or
  only mentioned; never a name in a photo credit or an onlooker "under överinseende av") and
  parties (party model).

Without weights (none trained yet) the rule components' answers stand. `decide()` is a pure
function of a `RelationInput` and the weights, so training can cross-validate it cheaply.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .knowledge import _csv, load as load_knowledge
from .membership_features import membership_candidates
from .mentions import is_foreign, of
from .relation_features import (CHAIR_TITLE, DocumentView, RelationInput, affiliation_features, kind_features,
                                enumerated_titles, governing_body, organisation_name, party_features, person_orgs, person_titles,
                                predicate_titles, qualified_title_features, sentence_titles, signatory_features, substitutes,
                                title_features, written_as_heading)

MODEL_KINDS = ("affiliation", "title", "signatory", "party", "membership")


class LinearModel:
    """A logistic-regression scorer stored as JSON: feature names, weights, bias, threshold."""

    def __init__(self, data: dict) -> None:
        self.data = data
        self.weights = dict(zip(data["features"], data["weights"]))
        self.bias = float(data["bias"])
        self.threshold = float(data["threshold"])

    def probability(self, features: dict[str, float]) -> float:
        weights = self.weights
        z = self.bias + sum([weights.get(k, 0.0) * v for k, v in features.items() if v])  # most are 0
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def threshold_for(self, features: dict[str, float]) -> float:
        """Minutes have a threshold of their own (`threshold_protocol`) when one was chosen."""
        if features.get("kind_protocol") and "threshold_protocol" in self.data:
            return float(self.data["threshold_protocol"])
        return self.threshold


def default_model_dir() -> Path:
    try:
        from samverkan.models import RELATION_MODEL_DIR  # type: ignore
        return Path(RELATION_MODEL_DIR)
    except ImportError:
        return Path(__file__).resolve().parent.parent / "models" / "relations"


@lru_cache(maxsize=4)
def load_models(path: str | None = None) -> dict[str, LinearModel] | None:
    """The trained relation models in `path` (default: the shipped ones), or None when absent."""
    folder = Path(path) if path else default_model_dir()
    models = {}
    for kind in MODEL_KINDS:
        f = folder / f"{kind}.json"
        if not f.exists():
            return None
        models[kind] = LinearModel(json.loads(f.read_text(encoding="utf-8")))
    return models


def collect(doc: Doc) -> RelationInput:
    """The candidates and features of one processed document."""
    view = DocumentView(doc)
    persons = doc._.persons or []
    agreements = doc._.agreements or []
    by_start = doc.user_data.get("sv_sections") or {}
    listed: dict[str, list[tuple]] = {}  # every section a person is listed in, in order
    for m in view.persons:
        if m.start in by_start and by_start[m.start] not in listed.get(m.value, []):
            listed.setdefault(m.value, []).append(by_start[m.start])
    # a person's section: the first that gives a role ("Sekreterare"), else the first
    sections = {name: next((s for s in ss if s[1]), ss[0]) for name, ss in listed.items()}
    inp = RelationInput(persons=persons, agreements=agreements, listed_together=view.listed_together())
    orgs = list(view.org_pos)
    holders: dict[str, int] = {}
    for p in persons:
        for t in set(person_titles(p)):
            holders[t] = holders.get(t, 0) + 1
    readings: dict[str, list[tuple]] = {}  # person -> the adjacent readings of titles next to them
    by_mention: dict[int, list[tuple[str, str]]] = {}
    for name, title, how, chosen, start in doc.user_data.get("sv_title_readings") or []:
        if (name, title) not in by_mention.setdefault(start, []):
            by_mention[start].append((name, title))
    ordered = doc.user_data.get("sv_ordered_titles") or set()
    for name, title, how, chosen, start in doc.user_data.get("sv_title_readings") or []:
        readings.setdefault(name, []).append((title, how, chosen, len(by_mention[start]) > 1 and start not in ordered,
                                              start in ordered,
                                              written_as_heading(view.text, start)))
    for p in persons:
        own = listed.get(p["name"], [])
        rule_titles = list(dict.fromkeys(person_titles(p)))
        adjacent = readings.get(p["name"], [])
        tied = predicate_titles(view, p)
        listed_under = enumerated_titles(view, p)
        substitute = ["ersättare"] if substitutes(view, p) else []
        candidates = list(dict.fromkeys(rule_titles + [s[1] for s in own if s[1]] + [r[0] for r in adjacent]
                                        + tied + listed_under + substitute))
        for t in candidates:
            share = holders.get(t, 0) / max(1, len(persons))
            section = next((s for s in own if s[1] == t), sections.get(p["name"]))
            f = title_features(view, p, t, t in rule_titles, section, share, [r for r in adjacent if r[0] == t])
            inp.title.append((p["name"], t, f))
            if CHAIR_TITLE.fullmatch(t):  # "ordförande" may be the chair of the body the list is of
                at = next((ts for value, ts, _ in sentence_titles(view, p) if value == t), None)
                body = governing_body(view, at if at is not None else view.person_pos.get(p["name"], [0])[0])
                qualified = f"{body[0]} {t}" if body else None
                if qualified and qualified not in candidates:
                    inp.title.append((p["name"], qualified, qualified_title_features(f, body)))
                    inp.title_contests.append(((p["name"], t, 1), (p["name"], qualified, 1)))
    support: dict[tuple[str, str], int] = {}  # mentions and sections that give a person a title
    for name, rs in readings.items():
        for r in rs:
            support[name, r[0]] = support.get((name, r[0]), 0) + 1
    for name, ss in listed.items():
        for sec in ss:
            if sec[1]:
                support[name, sec[1]] = support.get((name, sec[1]), 0) + 1
    for group in by_mention.values():
        if len(group) > 1:
            inp.title_contests.append(tuple((name, title, support[name, title]) for name, title in group))
    for p in persons:  # org -> the persons the rules tie to it ("A, kommunchef i Lerum")
        for org in set(person_orgs(p)):
            view.rule_holders.setdefault(org, []).append(p["name"])
    for p in persons:
        for org in orgs:
            inp.affiliation.append((p["name"], org, affiliation_features(view, p, org, sections)))
    for i, ag in enumerate(agreements):
        signer_orgs = [o for s in ag.get("signatories", []) for o in [s.get("org")] if o]
        for p in persons:
            inp.signatory.append((p["name"], i, signatory_features(view, p, ag, i, len(agreements), sections,
                                                                   person_orgs(p))))
        for org in orgs:
            inp.party.append((org, i, party_features(view, org, ag, i, signer_orgs)))
    inp.membership = _membership(doc, view, persons)
    return inp


def _membership(doc: Doc, view: DocumentView, persons: list[dict]) -> list[tuple[str, str, dict]]:
    """The (person, party, features) candidates of the linker's persons; the rules' parties are a feature."""
    rule_parties = {}
    for p in persons:
        letters = list(dict.fromkeys(r["party"] for r in p.get("roles", []) if r.get("party")))
        if letters:
            rule_parties[p["name"]] = letters
    names = {p["name"] for p in persons}
    candidates = membership_candidates(view.text, view.persons, of(doc, "PARTY"), view.titles,
                                       set(load_knowledge().parties), rule_parties, kind_features(view.kind))
    return [c for c in candidates if c[0] in names]


def decide(inp: RelationInput, models: dict[str, LinearModel]) -> tuple[list[dict], list[dict]]:
    """Persons and agreements decided from the candidates by the models."""
    orgs_of: dict[str, list[tuple[float, str]]] = {}
    affiliation_p: dict[tuple[str, str], float] = {}
    for name, org, f in inp.affiliation:
        org = organisation_name(org)
        p = models["affiliation"].probability(f)
        affiliation_p[name, org] = max(p, affiliation_p.get((name, org), 0.0))
        if p >= models["affiliation"].threshold_for(f):
            orgs_of.setdefault(name, []).append((p, org))
    orgs_of = {name: _likeliest_each(scored) for name, scored in orgs_of.items()}
    scored_titles: dict[str, list[tuple[float, str]]] = {}
    title_p: dict[tuple[str, str], tuple[float, float]] = {}  # (probability, threshold)
    for name, title, f in inp.title:
        p = models["title"].probability(f)
        title_p[name, title] = (p, models["title"].threshold_for(f))
        if p >= title_p[name, title][1]:
            scored_titles.setdefault(name, []).append((p, title))
    _contested_titles(inp.title_contests, title_p, scored_titles)
    for group in inp.title_contests:  # one title mention, several readings: the likeliest only,
        accepted = [(dict((t, p) for p, t in scored_titles.get(name, [])).get(title), name, title, n)
                    for name, title, n in group]  # unless another mention or section also gives it
        accepted = sorted((x for x in accepted if x[0] is not None), key=lambda x: -x[0])
        for _, name, title, n in accepted[1:]:
            if n == 1:
                scored_titles[name] = [x for x in scored_titles[name] if x[1] != title]
    # a member named as serving in another's place ("A (S), tjänstgör för B") is a substitute,
    # no ledamot, whatever the heading above says
    serving = {name for name, title, f in inp.title if title == "ersättare" and f.get("substitute")}
    for name in serving & set(scored_titles):
        if any(t == "ersättare" for _, t in scored_titles[name]):
            scored_titles[name] = [x for x in scored_titles[name] if x[1] != "ledamot"]
    _one_signing_role(scored_titles)
    filled = []
    if inp.title and inp.title[0][2].get("kind_protocol"):  # the kind of document is a feature of every candidate
        filled = _meeting_roles_to_fill(title_p, scored_titles, float(models["title"].data.get("fill_threshold", 1.01)))
    titles_of = {name: _first_and_further(ranked, models["title"]) for name, ranked in scored_titles.items() if ranked}
    for name, role in filled:  # a title of its own, not a further one behind the person's others
        titles_of.setdefault(name, []).append(role)
    party_of = _party_of(inp.membership, models["membership"])
    persons = []
    best_org: dict[str, str | None] = {}
    # a person's first organisation needs the threshold, each further one the higher `further`
    for person in inp.persons:
        name = person["name"]
        orgs = _first_and_further(orgs_of.get(name, []), models["affiliation"])
        best_org[name] = orgs[0] if orgs else None
        persons.append(_person_record(person, orgs, titles_of.get(name, []), party_of.get(name)))
    by_name = {p["name"]: p for p in persons}

    signer_of: dict[str, tuple[float, int]] = {}
    named_with: set[tuple[str, int]] = set()  # (person, agreement) named together: sentence, signature block, rules
    for name, i, f in inp.signatory:
        if signing_event(f) != "signed" or f.get("photo_credit") or f.get("witness"):
            continue  # a photographer named in a credit, an onlooker of the signing sign nothing
        p = models["signatory"].probability(f)
        if p >= models["signatory"].threshold_for(f) and (name not in signer_of or p > signer_of[name][0]):
            signer_of[name] = (p, i)
        if f.get("same_sentence") or f.get("signature_block") or f.get("rule"):
            named_with.add((name, i))
    parties_of: dict[int, list[tuple[float, str]]] = {}
    rejected: dict[int, list[tuple[float, str]]] = {}
    for org, i, f in inp.party:
        if f.get("photo_credit"):
            continue  # "Foto: Eva Ek, Lerums Tidning": the newspaper is no party
        org = organisation_name(org)
        p = models["party"].probability(f)
        # the agreement text's own list of its parties (a "Parter" heading) decides, like a signature block
        if p >= models["party"].threshold_for(f) or f.get("under_party_heading"):
            parties_of.setdefault(i, []).append((p, org))
        else:
            rejected.setdefault(i, []).append((p, org))
    for i, accepted in parties_of.items():  # one entry per organisation ("Gotland", "Region Gotland")
        parties_of[i] = _likeliest_each(accepted)
        taken = {o for _, o in accepted}
        rejected[i] = _likeliest_each([x for x in rejected.get(i, []) if x[1] not in taken])
    _list_mates(parties_of, rejected, inp.listed_together, models["party"])
    _second_party(parties_of, rejected, models["party"])
    agreements = []
    for i, ag in enumerate(inp.agreements):
        parties = [o for _, o in sorted(parties_of.get(i, []), key=lambda x: -x[0])]
        signatories = []
        for name, (_, j) in signer_of.items():
            if j != i:
                continue
            person = by_name[name]
            title = next((r["title"] for r in person["roles"] if r.get("title")), None)
            span = person["spans"][0] if person.get("spans") else None
            org = best_org.get(name) or _likeliest_party(name, parties, affiliation_p)
            signatories.append({"name": name, "role": title, "org": org, "span": span})
        named = [s for s in signatories if (s["name"], i) in named_with]
        parties += _signers_parties(named, parties, rejected.get(i, []))
        parties = _units_over_parents(parties)
        agreements.append({**ag, "parties": parties, "signatories": signatories})
    return persons, _merge_same_parties(_fold_unnamed(agreements, [bool(ag.get("parties")) for ag in inp.agreements]))


def _fold_unnamed(agreements: list[dict], named: list[bool]) -> list[dict]:
    """An agreement mentioned without parties ("Med det nya samverkansavtalet ...") whose decided
    parties are a subset or superset of a named agreement's is that agreement (folded into it)."""
    out = []
    for ag, has_names in zip(agreements, named):
        mine = set(ag["parties"])
        host = None if has_names or not mine else next(
            (o for o, n in zip(agreements, named) if n and o is not ag and o["parties"]
             and _nested(mine, set(o["parties"]))), None)
        if host is None:
            out.append(ag)
        else:
            _join(host, ag)
    return out


def _contested_titles(contests: list[tuple[tuple[str, str, int], ...]], title_p: dict[tuple[str, str], tuple[float, float]],
                      scored_titles: dict[str, list[tuple[float, str]]]) -> None:
    """The readings of one title mention exclude each other, so the chance that the title is
    someone's is their sum: when that passes the threshold, the likeliest reading is accepted."""
    for group in contests:
        scored = [(title_p[name, title], name, title) for name, title, _ in group if (name, title) in title_p]
        if not scored:
            continue
        (p, threshold), name, title = max(scored, key=lambda x: x[0][0])
        if p < threshold <= sum(x[0][0] for x in scored):
            scored_titles.setdefault(name, []).append((p, title))


SIGNING_ROLES = frozenset({"ordförande", "sekreterare", "justerare"})


def _one_signing_role(scored_titles: dict[str, list[tuple[float, str]]]) -> None:
    """The chair, the secretary and the adjusters of a meeting sign its minutes as different
    people: of these roles a person keeps the likeliest only (in any document: no gold person
    of the training set holds two)."""
    for name, ranked in scored_titles.items():
        roles = sorted((x for x in ranked if x[1] in SIGNING_ROLES), key=lambda x: -x[0])
        if len(roles) > 1:
            scored_titles[name] = [x for x in ranked if x not in roles[1:]]


MEETING_ROLES = ("ordförande", "sekreterare")  # every meeting has one of each


def _meeting_roles_to_fill(title_p: dict[tuple[str, str], tuple[float, float]],
                           scored_titles: dict[str, list[tuple[float, str]]], floor: float) -> list[tuple[str, str]]:
    """Minutes name the chair and the secretary of their meeting: when nobody was given one of
    these roles, the likeliest candidate for it who holds no other signing role takes it if
    its probability passes the lower `fill_threshold` (chosen by cross-validation; absent, none).
    Returns the (person, role) pairs to add."""
    out = []
    for role in MEETING_ROLES:
        if any(t == role for ranked in scored_titles.values() for _, t in ranked):
            continue
        free = [(p, name) for (name, title), (p, _) in title_p.items() if title == role
                and not any(t in SIGNING_ROLES for _, t in scored_titles.get(name, []))]
        p, name = max(free, default=(0.0, None))
        if name is not None and p >= floor:
            out.append((name, role))
    return out


def _likeliest_each(scored: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """One (probability, value) per value, the likeliest, in the order of first appearance."""
    best: dict[str, float] = {}
    for p, v in scored:
        best[v] = max(p, best.get(v, p))
    return [(p, v) for v, p in best.items()]


def _list_mates(parties_of: dict[int, list[tuple[float, str]]], rejected: dict[int, list[tuple[float, str]]],
                listed_together: set[tuple[str, str]], model: LinearModel) -> None:
    """Parties are named in one list ("avtalet mellan A, B och C"): an organisation listed next
    to an accepted party is accepted too when its probability passes the lower `list_threshold`
    (chosen by cross-validation like the other thresholds; absent, nothing is added); the list
    is followed from each newly accepted member."""
    floor = float(model.data.get("list_threshold", 1.01))
    pairs = {(organisation_name(a), organisation_name(b)) for a, b in listed_together}
    for i, accepted in parties_of.items():
        waiting = rejected.get(i, [])
        grown = True
        while grown:
            taken = {o for _, o in accepted}
            mates = [x for x in waiting if x[0] >= floor and any((x[1], o) in pairs for o in taken)]
            accepted += mates
            waiting = [x for x in waiting if x not in mates]
            grown = bool(mates)
        if i in rejected:
            rejected[i] = waiting


def _second_party(parties_of: dict[int, list[tuple[float, str]]], rejected: dict[int, list[tuple[float, str]]],
                  model: LinearModel) -> None:
    """An agreement is made by two parties at least: one with a single accepted party takes its
    likeliest other candidate when that passes the lower `second_threshold` (chosen by
    cross-validation like the other thresholds; absent, nothing is added)."""
    second = float(model.data.get("second_threshold", 1.01))
    for i, accepted in parties_of.items():
        if len(accepted) == 1 and rejected.get(i):
            p, org = max(rejected[i])
            if p >= second:  # one candidate per (organisation, agreement): never the accepted one
                accepted.append((p, org))


def _signers_parties(signatories: list[dict], parties: list[str], rejected: list[tuple[float, str]]) -> list[str]:
    """A signatory signs for a party: the organisation of each of `signatories` (the decided signers
    the text names with the agreement) is a party whatever the party model gave it, when it was a
    candidate at all (a newspaper named in a photo credit is none)."""
    candidates = {o for _, o in rejected}
    out = []
    for s in signatories:
        org = s.get("org")
        if org and org in candidates and org not in parties and org not in out:
            out.append(org)
    return out


@lru_cache(maxsize=1)
def agency_units() -> list[tuple[re.Pattern, re.Pattern]]:
    """(an agency's name, its units' names) from `data/agency_units.csv`."""
    return [(re.compile(r["parent"]), re.compile(r["unit"], re.I)) for r in _csv("agency_units.csv")]


def _units_over_parents(parties: list[str]) -> list[str]:
    """An agency and one of its units both taken as parties ("Polisen" and "Lokalpolisområde
    Mora", "Försvarsmakten" and a regiment): the unit is the party; the agency is named as the
    unit's parent, not as a party of its own."""
    parents = {p for p in parties for parent, unit in agency_units()
               if parent.search(p) and any(q != p and unit.search(q) for q in parties)}
    return [p for p in parties if p not in parents]


def _likeliest_party(name: str, parties: list[str], affiliation_p: dict[tuple[str, str], float]) -> str | None:
    """A signatory no organisation passed the threshold for signs for one of the agreement's
    parties: the one the affiliation model finds likelier than not, if any."""
    p, org = max(((affiliation_p.get((name, o), 0.0), o) for o in parties), default=(0.0, None))
    return org if p >= 0.5 else None


def _first_and_further(scored: list[tuple[float, str]], model: LinearModel) -> list[str]:
    """The accepted values of one person, likeliest first: the first needs the model's threshold
    (already applied), each further one its higher `further_threshold`."""
    further = float(model.data.get("further_threshold", model.threshold))
    ranked = sorted(scored, key=lambda x: -x[0])
    return [v for i, (p, v) in enumerate(ranked) if i == 0 or p >= further]


def signing_event(features: dict[str, float]) -> str:
    """What the text says of a person's signing: "signed", "will sign" (planned or authorised)
    or "decided" (a decision only), from the tense cues of the sentences that name them
    (`data/signing_cues.csv`). A signature block counts as signed."""
    if features.get("signature_block") or features.get("sent_done") or features.get("sent_present"):
        return "signed"
    if features.get("sent_planned"):
        return "will sign"
    if features.get("sent_decided"):
        return "decided"
    return "signed"  # no cue in the sentence: the classifier decides from the context


def _party_of(candidates: list[tuple[str, str, dict]], model: LinearModel) -> dict[str, str]:
    """Each person's party: the likeliest candidate that passes the threshold (a person
    represents one party)."""
    best: dict[str, tuple[float, str]] = {}
    for name, party, f in candidates:
        p = model.probability(f)
        if p >= model.threshold_for(f) and (name not in best or p > best[name][0]):
            best[name] = (p, party)
    return {name: party for name, (_, party) in best.items()}


def _person_record(person: dict, orgs: list[str], titles: list[str], party: str | None) -> dict:
    """A person's roles: each title with the best organisation, further organisations untitled,
    every role with the person's party."""
    rule_roles = person.get("roles", [])
    titled = [r for r in rule_roles if r.get("title")]
    span_of = {r["title"]: r.get("span") for r in titled}
    first_span = person["spans"][0] if person.get("spans") else None
    roles = []
    for title in titles:
        role = {"title": title, "org": orgs[0] if orgs else None, "party": party}
        span = span_of.get(title) or first_span
        if span is not None:
            role["span"] = span
        roles.append(role)
    for org in orgs[1:] if titles else orgs:
        roles.append({"title": None, "org": org, "party": party})
    if not roles and party:
        roles.append({"title": None, "org": None, "party": party})
    return {"name": person["name"], "spans": person.get("spans", []), "roles": roles}


def _merge_same_parties(agreements: list[dict]) -> list[dict]:
    """Agreements of one type whose decided parties are the same, or some of the other's, are one
    agreement ("klimatkontraktet mellan A, B, C och fyra myndigheter" and, later, "kontraktet med
    myndigheterna"): parties united, signatories joined."""
    out: list[dict] = []
    for ag in agreements:
        mine = set(ag["parties"])
        twin = next((o for o in out if o["type"] == ag["type"] and mine
                     and _nested(mine, set(o["parties"]))), None)
        if twin is None:
            out.append(ag)
        else:
            twin["parties"] = list(dict.fromkeys(twin["parties"] + ag["parties"]))
            _join(twin, ag)
    return out


def _nested(a: set[str], b: set[str]) -> bool:
    """One set of parties is the other's or some of it: the two name one agreement."""
    return a <= b or b <= a


def _join(host: dict, ag: dict) -> None:
    """`ag` is `host`: its spans and new signatories are added, its date and place fill gaps."""
    host["spans"] = host.get("spans", []) + ag.get("spans", [])
    known = {s["name"] for s in host["signatories"]}
    host["signatories"] += [s for s in ag["signatories"] if s["name"] not in known]
    host["date"] = host.get("date") or ag.get("date")
    host["place"] = host.get("place") or ag.get("place")


@Language.factory("samverkan_relation_models", default_config={"model_dir": None, "collect": False})
def make_relation_models(nlp: Language, name: str, model_dir: str | None, collect: bool):
    return RelationModelsComponent(model_dir, collect)


class RelationModelsComponent:
    def __init__(self, model_dir: str | None = None, collect: bool = False) -> None:
        self.model_dir = model_dir
        self.collect = collect  # keep the candidates in doc.user_data (training)
        self.models = load_models(model_dir)

    def __call__(self, doc: Doc) -> Doc:
        if is_foreign(doc):
            return doc
        if self.models is None and not self.collect:
            return doc
        inp = collect(doc)
        if self.collect:
            doc.user_data["sv_relation_input"] = inp
        if self.models is not None:
            doc._.persons, doc._.agreements = decide(inp, self.models)
        return doc
