"""Read the token-per-line Swedish NER corpus and turn it into spaCy Docs / DocBin files.

Format (Webbnyheter 2012 NER corpus): one `token<whitespace>label` per line, labels
PER/ORG/LOC/MISC or `0` (outside), no B/I distinction, a blank line between sentences.
A run of consecutive tokens with the same label is one entity.
"""
from __future__ import annotations

import random
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

ENTITY_LABELS = ("PER", "ORG", "LOC", "MISC")
OUTSIDE = "0"

# no space before these tokens, none after the opening ones (to rebuild a natural text)
_NO_SPACE_BEFORE = {".", ",", ":", ";", "!", "?", ")", "]", "}", "...", "…", "%"}
_NO_SPACE_AFTER = {"(", "[", "{"}

Sentence = list[tuple[str, str]]


def parse_line(line: str) -> tuple[str, str]:
    """Split one `token label` line; a line without a known label is an outside token."""
    parts = line.strip().rsplit(None, 1)
    if len(parts) == 2 and (parts[1] in ENTITY_LABELS or parts[1] == OUTSIDE):
        return parts[0], parts[1]
    return line.strip(), OUTSIDE


def read_sentences(path: Path | str) -> list[Sentence]:
    """All sentences of one corpus file, each a list of (token, label)."""
    sentences: list[Sentence] = []
    current: Sentence = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                if current:
                    sentences.append(current)
                current = []
                continue
            current.append(parse_line(line))
    if current:
        sentences.append(current)
    return sentences


def label_runs(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) token spans: each maximal run of one entity label."""
    runs: list[tuple[int, int, str]] = []
    start = None
    for i, label in enumerate([*labels, OUTSIDE]):
        if start is not None and label != labels[start]:
            runs.append((start, i, labels[start]))
            start = None
        if start is None and label != OUTSIDE and i < len(labels):
            start = i
    return runs


def iob_tags(labels: Sequence[str]) -> list[str]:
    """IOB tags (B-PER, I-PER, O, ...) for a label sequence."""
    tags = ["O"] * len(labels)
    for start, end, label in label_runs(labels):
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
    return tags


def _spaces(words: Sequence[str]) -> list[bool]:
    spaces = []
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        spaces.append(nxt is not None and nxt not in _NO_SPACE_BEFORE and word not in _NO_SPACE_AFTER)
    return spaces


def sentences_to_doc(vocab: Vocab, sentences: Sequence[Sentence]) -> Doc:
    """One Doc from several sentences, tokens as given, entities from the label runs."""
    words: list[str] = []
    labels: list[str] = []
    sent_starts: list[bool] = []
    spaces: list[bool] = []
    for sentence in sentences:
        sent_words = [token for token, _ in sentence]
        words.extend(sent_words)
        labels.extend(label for _, label in sentence)
        sent_starts.extend([True] + [False] * (len(sentence) - 1))
        sent_spaces = _spaces(sent_words)
        sent_spaces[-1] = True
        spaces.extend(sent_spaces)
    if spaces:
        spaces[-1] = False
    return Doc(vocab, words=words, spaces=spaces, ents=iob_tags(labels), sent_starts=sent_starts)


def group(items: Sequence, size: int) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def sentences_to_docs(vocab: Vocab, sentences: Sequence[Sentence], sents_per_doc: int) -> list[Doc]:
    """Consecutive sentences grouped `sents_per_doc` at a time into Docs."""
    return [sentences_to_doc(vocab, chunk) for chunk in group(sentences, sents_per_doc)]


def split_dev(docs: Sequence[Doc], dev_fraction: float, seed: int) -> tuple[list[Doc], list[Doc]]:
    """A seeded random (train, dev) split of whole docs."""
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    n_dev = max(1, round(len(docs) * dev_fraction))
    dev_ids = set(order[:n_dev])
    train = [doc for i, doc in enumerate(docs) if i not in dev_ids]
    dev = [doc for i, doc in enumerate(docs) if i in dev_ids]
    return train, dev


def write_docbin(docs: Iterable[Doc], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    return path


def convert_corpus(
    corpus_dir: Path,
    out_dir: Path,
    *,
    sents_per_doc: int = 10,
    dev_fraction: float = 0.1,
    seed: int = 0,
    lang: str = "sv",
) -> dict[str, Path]:
    """train_corpus.txt -> train.spacy + dev.spacy (seeded split), test_corpus.txt -> test.spacy."""
    import spacy

    corpus_dir = Path(corpus_dir)
    for name in ("train_corpus.txt", "test_corpus.txt"):
        if not (corpus_dir / name).is_file():
            raise FileNotFoundError(f"{corpus_dir / name}: NER corpus file not found")
    vocab = spacy.blank(lang).vocab
    train_docs = sentences_to_docs(vocab, read_sentences(corpus_dir / "train_corpus.txt"), sents_per_doc)
    test_docs = sentences_to_docs(vocab, read_sentences(corpus_dir / "test_corpus.txt"), sents_per_doc)
    train, dev = split_dev(train_docs, dev_fraction, seed)
    return {
        "train": write_docbin(train, out_dir / "train.spacy"),
        "dev": write_docbin(dev, out_dir / "dev.spacy"),
        "test": write_docbin(test_docs, out_dir / "test.spacy"),
    }


if __name__ == "__main__":  # pragma: no cover - manual use
    print(convert_corpus(Path(sys.argv[1]), Path(sys.argv[2])))
