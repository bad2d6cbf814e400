"""Rebuild the knowledge files in `extractors/data/` from the shared reference material.

    python -m samverkan.extractors.build_data ../shared

Reads `reference/kommuner.csv`, `reference/official_forms.csv`, `reference/regioner.csv`,
`reference/parties.csv`, the Swedish NER corpus (first names: first tokens of multi-token PER
spans), UD Talbanken (common words, to flag municipality names that are also ordinary
words) and the training parts of the three NER corpora (`lowercase_words.txt`: words written in
lower case inside a sentence). Hand-kept files (titles.csv, agreement_types.csv, extra_first_names.txt,
ambiguous_extra.txt) are not touched. The project ships the resulting files; nothing here
runs at extraction time.
"""
from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# irregular genitive / attributive forms ("Falu kommun")
IRREGULAR_GENITIVE = {"Falun": "Falu"}


def genitive(name: str) -> str:
    if name in IRREGULAR_GENITIVE:
        return IRREGULAR_GENITIVE[name]
    return name if name[-1] in "sxzSXZ" else name + "s"


def talbanken_words(shared: Path) -> set[str]:
    words: set[str] = set()
    for fn in sorted((shared / "data" / "ud-swedish-talbanken").glob("*.conllu")):
        for line in fn.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) > 3 and cols[3] != "PROPN" and cols[1].isalpha():
                words.add(cols[1].lower())
    return words


def ner_first_names(shared: Path) -> Counter:
    first: Counter = Counter()
    for fn in sorted((shared / "data" / "swedish-ner-corpus").glob("*_corpus.txt")):
        span: list[str] = []
        for line in fn.read_text(encoding="utf-8").splitlines() + [""]:
            cols = line.split("\t")
            if len(cols) == 2 and cols[1] == "PER":
                span.append(cols[0])
                continue
            if len(span) >= 2 and span[0][:1].isupper() and span[0].replace("-", "").isalpha():
                first[span[0]] += 1
            span = []
    return first


def lowercase_words(shared: Path, min_count: int = 2) -> set[str]:
    """Words written in lower case, not opening a sentence, at least `min_count` times in the
    training parts of the NER corpora (Webbnyheter train, Universal NER Talbanken train, the SUC
    subset's train split): ordinary words, which a name the statistical NER tags as one capitalised
    word ("Ordinarie" heading a members' list) is not."""
    from samverkan.models import ner_corpus, ner_datasets

    data = shared / "data"
    sentences = [[token for token, _ in s] for s in ner_corpus.read_sentences(
        data / ner_datasets.WEBBNYHETER_DIR_NAME / "train_corpus.txt")]
    sentences += [s.words for s in ner_datasets.read_uner(data / ner_datasets.UNER_DIR_NAME / ner_datasets.UNER_FILES["train"])]
    suc = ner_datasets.read_suc(data / ner_datasets.SUC_DIR_NAME / ner_datasets.SUC_FILE)
    sentences += [s.words for s in ner_datasets.suc_split(suc)["train"]]
    seen: Counter = Counter(w for words in sentences for w in words[1:] if w.isalpha() and w.islower())
    return {w for w, n in seen.items() if n >= min_count}


def main(shared: Path) -> None:
    ref = shared / "reference"
    words = talbanken_words(shared)
    (DATA / "common_words.txt").write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
    lower = lowercase_words(shared)
    (DATA / "lowercase_words.txt").write_text("\n".join(sorted(lower)) + "\n", encoding="utf-8")
    official = {r["name"]: r["official_form"] for r in csv.DictReader(open(ref / "official_forms.csv", encoding="utf-8"))}
    extra_amb = set((DATA / "ambiguous_extra.txt").read_text(encoding="utf-8").split())
    with open(DATA / "municipalities.csv", "w", encoding="utf-8", newline="") as out:
        w = csv.writer(out)
        w.writerow(["code", "name", "lan_code", "lan_name", "official_form", "genitive", "ambiguous"])
        for r in csv.DictReader(open(ref / "kommuner.csv", encoding="utf-8")):
            name = r["name"]
            form = official.get(name, f"{name} kommun")
            amb = int(name.lower() in words or name in extra_amb)
            w.writerow([r["code"], name, r["lan_code"], r["lan_name"], form, genitive(name), amb])
    regions = list(csv.DictReader(open(ref / "regioner.csv", encoding="utf-8")))
    with open(DATA / "regions.csv", "w", encoding="utf-8", newline="") as out:
        w = csv.writer(out)
        w.writerow(["lan_code", "region_name", "lan_name"])
        for r in regions:
            w.writerow([r["lan_code"], r["region_name"], r["lan_name"]])
    with open(DATA / "parties.csv", "w", encoding="utf-8", newline="") as out:
        w = csv.writer(out)
        w.writerow(["abbrev", "name"])
        rows = list(csv.DictReader(open(ref / "parties.csv", encoding="utf-8")))
        for r in rows:
            w.writerow([r["abbrev"], r["name"]])
        for extra in (DATA / "parties_extra.csv").read_text(encoding="utf-8").splitlines()[1:]:
            if extra.strip():
                w.writerow(extra.split(",", 1))
    first = ner_first_names(shared)
    names = {n for n in first if n.lower() not in words}
    (DATA / "first_names_ner.txt").write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"wrote {DATA}: {len(words)} common words, {len(lower)} lowercase words, {len(names)} first names from the NER corpus")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared"))
