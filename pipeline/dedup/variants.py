"""Realistic variations of texts and records: what the same thing looks like a second time.

Used to generate labelled training pairs (`samverkan.dedup.training`) and the duplicate
benchmark (`samverkan.dedup.benchgen`). Every function takes a `random.Random` so that
sets are reproducible. Words and snippets come from `data/variants.json`.
"""
from __future__ import annotations

import json
import random
import re
import textwrap
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "variants.json"


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        num=rng.randint(10, 999), year=rng.randint(2012, 2025),
        date=f"{rng.randint(2012, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    )


# --- text variants -------------------------------------------------------------------------

def add_header_footer(text: str, rng: random.Random) -> str:
    """Site navigation above and page furniture below, as a web or print copy has."""
    vocab = vocabulary()
    header = _fill(rng.choice(vocab["headers"]), rng)
    footer = _fill(rng.choice(vocab["footers"]), rng)
    return f"{header}\n\n{text}\n\n{footer}\n"


def rewrap(text: str, rng: random.Random, width: int | None = None) -> str:
    """Paragraphs re-broken at another width, some words hyphenated across lines."""
    width = width or rng.randint(45, 90)
    out = []
    for para in re.split(r"\n\s*\n|\n", text):
        para = para.strip()
        if not para:
            continue
        lines = textwrap.wrap(para, width=width, break_long_words=False)
        broken = []
        for line in lines:
            if broken and rng.random() < 0.15:
                # move a hyphenated half of the first long word of this line to the previous line
                first, _, rest = line.partition(" ")
                if len(first) > 7:
                    cut = len(first) // 2
                    broken[-1] += " " + first[:cut] + "-"
                    line = first[cut:] + (" " + rest if rest else "")
            broken.append(line)
        out.append("\n".join(broken))
    return "\n\n".join(out) + "\n"


def ocr_noise(text: str, rng: random.Random, rate: float = 0.03) -> str:
    """Character confusions, drops and doublings at about `rate` per character."""
    confusions = vocabulary()["ocr_confusions"]
    out = []
    i = 0
    while i < len(text):
        if text[i].isalnum() and rng.random() < rate:
            roll = rng.random()
            if roll < 0.6:
                for src, dst in rng.sample(confusions, len(confusions)):
                    if text.startswith(src, i):
                        out.append(dst)
                        i += len(src)
                        break
                else:
                    out.append(text[i])
                    i += 1
                continue
            if roll < 0.8:  # dropped character
                i += 1
                continue
            out.append(text[i] * 2)  # doubled character
            i += 1
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def truncate(text: str, rng: random.Random, low: float = 0.45, high: float = 0.85) -> str:
    """A copy cut off part-way (web excerpts, first page only), possibly mid-word."""
    return text[: max(1, int(len(text) * rng.uniform(low, high)))]


def html_page(text: str, title: str, rng: random.Random) -> str:
    """The text inside a municipal web page with navigation and footer."""
    from html import escape

    paras = "\n".join(f"<p>{escape(p.strip())}</p>" for p in re.split(r"\n\s*\n|\n", text) if p.strip())
    nav = "".join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in ["Startsida", "Bo och leva", "Kommun och politik", "Nyheter"])
    return (
        f"<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title></head>"
        f"<body><header><nav><ul>{nav}</ul></nav></header><main><article><h1>{escape(title)}</h1>\n{paras}\n"
        f"</article></main><footer><p>Sidan uppdaterades {rng.randint(2015, 2025)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}</p>"
        f"<p>Kontakta oss</p></footer></body></html>"
    )


def write_pdf(text: str, path: Path) -> None:
    """A real PDF of the text made with reportlab (wrapped lines, several pages when long)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    from xml.sax.saxutils import escape

    style = getSampleStyleSheet()["BodyText"]
    story = [Paragraph(escape(p.strip()), style) for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    SimpleDocTemplate(str(path), pagesize=A4).build(story or [Paragraph("-", style)])


# --- texts about the same facts --------------------------------------------------------------

def _list_text(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " och " + names[-1]


def date_text(iso: str) -> str:
    months = vocabulary()["months"]
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"i {months[int(parts[1]) - 1]} {parts[0]}"
    return f"under {parts[0]}"


def press_release(agreement: dict[str, Any], rng: random.Random, persons: list[dict[str, Any]] | None = None,
                  source_text: str | None = None) -> str:
    """Another, independently worded press release about the signing of `agreement`
    (borrowing one sentence of `source_text`, as releases about the same event do)."""
    vocab = vocabulary()
    parties = list(agreement.get("parties") or [])
    rng.shuffle(parties)
    parties_text = _list_text(parties) or "parterna"
    kind = agreement.get("type") or "avtal"
    lines = [agreement.get("title") or f"{kind.capitalize()} mellan {parties_text}", ""]
    lines.append(rng.choice(vocab["release_openings"]).format(parties_text=parties_text, type=kind))
    if agreement.get("date"):
        lines.append(rng.choice(vocab["release_dates"]).format(date_text=date_text(agreement["date"])))
    lines += rng.sample(vocab["release_bodies"], rng.randint(1, 2))
    if source_text:
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", source_text) if 60 <= len(s.strip()) <= 300]
        if sentences:
            lines.append(rng.choice(sentences))
    speakers = list(agreement.get("signatories") or []) + [
        {"name": p["name"], "role": (p.get("roles") or [{}])[0].get("title")} for p in (persons or [])
    ]
    for speaker in rng.sample(speakers, min(rng.randint(1, 2), len(speakers))):
        lines.append(rng.choice(vocab["release_quotes"]).format(
            person=speaker["name"], role=speaker.get("role") or "företrädare"))
    lines.append(rng.choice(vocab["release_closings"]))
    return "\n\n".join(lines) + "\n"


# --- record variants -------------------------------------------------------------------------

def partial_date(iso: str | None, rng: random.Random) -> str | None:
    """The same date as another source gives it: full, month only, year only, or not at all."""
    if not iso:
        return None
    parts = iso.split("-")
    roll = rng.random()
    if roll < 0.15:
        return None
    if roll < 0.35:
        return parts[0]
    if roll < 0.6 and len(parts) >= 2:
        return "-".join(parts[:2])
    return iso


def shifted_date(iso: str, rng: random.Random) -> str:
    from datetime import date, timedelta

    day = date.fromisoformat(iso) + timedelta(days=rng.choice([-1, 1]) * rng.randint(3, 60))
    return day.isoformat()


def title_variant(title: str | None, agreement_type: str | None, rng: random.Random) -> str | None:
    if not title:
        return None if rng.random() < 0.7 else (agreement_type or "avtal").capitalize()
    roll = rng.random()
    if roll < 0.25:
        return None
    if roll < 0.5:
        return title.upper() if rng.random() < 0.3 else title.lower()
    if roll < 0.75:
        words = title.split()
        return " ".join(words[: max(3, len(words) * 2 // 3)])
    return ocr_noise(title, rng, rate=0.02)


def agreement_variant(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The same agreement as another document reports it (a true duplicate)."""
    out = dict(record)
    parties = list(record.get("parties") or [])
    rng.shuffle(parties)
    if len(parties) >= 4 and rng.random() < 0.25:
        parties.pop()  # a press release naming all but one party
    if parties and rng.random() < 0.05:
        parties = []  # a text that speaks of "avtalet" without naming the parties
    out["parties"] = parties
    out["date"] = partial_date(record.get("date"), rng)
    if out["date"] and len(out["date"]) == 10 and rng.random() < 0.15:
        out["date"] = shifted_date(out["date"], rng)  # minutes give the decision date, not the signing
    out["title"] = title_variant(record.get("title"), record.get("type"), rng)
    if record.get("type") and rng.random() < 0.2:
        out["type"] = rng.choice(vocabulary()["generic_types"])  # "avtalet" in a news item
    signatories = list(record.get("signatories") or [])
    if signatories:
        keep = rng.randint(0, len(signatories))
        out["signatories"] = rng.sample(signatories, keep)
    return out


def _other_date(iso: str | None, rng: random.Random) -> str:
    year = int(iso[:4]) if iso else rng.randint(2012, 2024)
    year += rng.choice([-4, -3, -2, -1, 1, 2, 3, 4])
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.6 else str(year)


def hard_negative(record: dict[str, Any], rng: random.Random, all_parties: list[str]) -> dict[str, Any]:
    """A different agreement that looks alike: renewal in another year, other type between the
    same parties, or the same kind of agreement with one party swapped."""
    vocab = vocabulary()
    out = dict(record)
    out["signatories"] = []
    parties = list(record.get("parties") or [])
    roll = rng.random()
    if not record.get("date") and parties and roll < 0.4:
        roll = 0.4 + roll  # a renewal is only told apart by its date: the original must have one
    if roll < 0.4 or not parties:  # the same parties renew or sign again in another year
        out["date"] = _other_date(record.get("date"), rng)
        out["title"] = None if rng.random() < 0.5 else record.get("title")
    elif roll < 0.7:  # another kind of agreement between the same parties
        others = [t for t in vocab["agreement_types"] if t != record.get("type") and t not in vocab["generic_types"]]
        out["type"] = rng.choice(others)
        topic = rng.choice(['vatten och avlopp', 'räddningstjänst', 'digitalisering', 'kollektivtrafik',
                            'överförmyndare', 'upphandling', 'näringslivsutveckling'])
        out["title"] = f"{out['type'].capitalize()} om {topic}" if rng.random() < 0.6 else None
        out["date"] = partial_date(record.get("date"), rng) if rng.random() < 0.3 else _other_date(record.get("date"), rng)
    else:  # the same kind of agreement, a neighbouring set of parties
        swap = rng.randrange(len(parties))
        candidates = [p for p in all_parties if p not in parties]
        parties[swap] = rng.choice(candidates)
        if len(parties) >= 3 and rng.random() < 0.5:
            parties.append(rng.choice([p for p in all_parties if p not in parties]))
        out["parties"] = parties
        out["title"] = None  # a title names its own parties or subject
        out["date"] = partial_date(record.get("date"), rng) if rng.random() < 0.5 else _other_date(record.get("date"), rng)
    return out


def name_variant(name: str, rng: random.Random) -> str:
    """The same person's name as another source writes it."""
    parts = name.split()
    roll = rng.random()
    if len(parts) >= 2 and roll < 0.2:
        return f"{parts[0][0]}. {' '.join(parts[1:])}"
    if len(parts) >= 3 and roll < 0.4:
        return f"{parts[0]} {parts[-1]}"  # middle name dropped
    if "-" in name and roll < 0.55:
        return name.replace("-", " ")
    if roll < 0.7:
        import unicodedata

        return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    if roll < 0.85:
        return ocr_noise(name, rng, rate=0.08)
    if len(parts) >= 2 and roll < 0.92:
        return f"{parts[-1]}, {' '.join(parts[:-1])}"
    return name.upper() if rng.random() < 0.5 else name
