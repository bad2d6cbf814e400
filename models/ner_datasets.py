"""Readers for the added NER corpora and the union the model is trained on.

- **Universal NER Swedish** (`uner-swedish/*.iob2`, CC BY-SA 4.0): `# sent_id` / `# text`
  comment lines, then `index<TAB>token<TAB>IOB2 tag<TAB>-<TAB>-`; labels PER/ORG/LOC (no
  MISC: a MISC-like name is `O` there). Its own train/dev/test split is kept: Talbanken
  train for training, Talbanken dev for model selection, Talbanken test and PUD test for
  testing only.
- **SUC 3.0 NER hard subset** (`suc3-ner-subset/suc3_ner_hard_subset.txt`, CC BY 4.0): a
  block per sentence, its first line an id, then `token manual-tag automatic-tag` (IOB2 over
  SUC types). Only the manual tag is read; `SUC_LABELS` maps the SUC types to ours. The ids
  carry no document, so the split groups by sentence: each sentence goes to test / dev /
  train by a seeded hash of its id (`suc_split`), independent of the training seed, so the
  test part is the same for every model.

`build_corpora` writes a DocBin per corpus and split, and the union train/dev files
(Webbnyheter train + UNER train + SUC train; Webbnyheter dev + UNER dev + SUC dev).
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from .ner_corpus import (
    _spaces,
    read_sentences,
    sentences_to_docs,
    split_dev,
    write_docbin,
)

UNER_DIR_NAME = "uner-swedish"
SUC_DIR_NAME = "suc3-ner-subset"
WEBBNYHETER_DIR_NAME = "swedish-ner-corpus"
SUC_FILE = "suc3_ner_hard_subset.txt"
UNER_FILES = {
    "train": "sv_talbanken-ud-train.iob2",
    "dev": "sv_talbanken-ud-dev.iob2",
    "test_talbanken": "sv_talbanken-ud-test.iob2",
    "test_pud": "sv_pud-ud-test.iob2",
}
# SUC 3.0 name types -> our labels; None = not a name for this model (read as outside)
SUC_LABELS: dict[str, str | None] = {
    "person": "PER",
    "inst": "ORG",  # institutions and organisations
    "place": "LOC",
    "work": "MISC",
    "product": "MISC",
    "event": "MISC",
    "other": "MISC",
    "animal": None,  # names of animals and mythical beings: not PER, not in Webbnyheter's MISC
    "myth": None,
}
SUC_TEST_SHARE = 0.2
SUC_DEV_SHARE = 0.1


class IOBSentence:
    """One sentence: words, whitespace after each word, IOB2 tags (B-X / I-X / O)."""

    __slots__ = ("id", "words", "spaces", "tags")

    def __init__(self, sent_id: str, words: list[str], spaces: list[bool], tags: list[str]):
        self.id, self.words, self.spaces, self.tags = sent_id, words, spaces, tags


def spaces_from_text(words: Sequence[str], text: str | None) -> list[bool]:
    """Whitespace after each word, read off the sentence text when the words align with it."""
    if text:
        spaces, position = [], 0
        for word in words:
            found = text.find(word, position)
            if found < 0 or text[position:found].strip():
                break
            position = found + len(word)
            spaces.append(position < len(text) and text[position].isspace())
        else:
            return spaces
    return _spaces(words)


def clean_iob(tags: Sequence[str]) -> list[str]:
    """IOB2 tags made valid: an I-X not following B-X/I-X starts an entity."""
    out: list[str] = []
    for tag in tags:
        if tag.startswith("I-") and (not out or out[-1] == "O" or out[-1][2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
    return out


def read_uner(path: Path | str) -> list[IOBSentence]:
    """Sentences of one Universal NER `.iob2` file."""
    sentences: list[IOBSentence] = []
    sent_id, text, words, tags = "", None, [], []

    def flush():
        if words:
            sentences.append(IOBSentence(sent_id, list(words), spaces_from_text(words, text), clean_iob(tags)))
        words.clear()
        tags.clear()

    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                continue
            if line.startswith("#"):
                key, _, value = line[1:].partition("=")
                if key.strip() == "sent_id":
                    flush()
                    sent_id, text = value.strip(), None
                elif key.strip() == "text":
                    text = value.strip()
                continue
            fields = line.split("\t")
            if len(fields) < 3 or not fields[0].isdigit():  # multiword-token ranges, empty nodes
                continue
            words.append(fields[1])
            tag = fields[2].strip()
            tags.append(tag if tag[:2] in ("B-", "I-") else "O")
    flush()
    return sentences


def map_suc_tag(tag: str) -> str:
    """A manual SUC tag (`B-inst`, `I-person`, `O`) in our labels (`B-ORG`, `I-PER`, `O`)."""
    if tag[:2] not in ("B-", "I-"):
        return "O"
    label = SUC_LABELS.get(tag[2:])
    return f"{tag[:2]}{label}" if label else "O"


def read_suc(path: Path | str) -> list[IOBSentence]:
    """Sentences of the SUC 3.0 hard-subset file, manual tags mapped by `SUC_LABELS`."""
    sentences: list[IOBSentence] = []
    with open(path, encoding="utf-8") as handle:
        blocks = handle.read().split("\n\n")
    for block in blocks:
        lines = [line for line in block.splitlines() if line.strip()]
        if len(lines) < 2:
            continue
        sent_id = lines[0].strip()
        words, tags = [], []
        for line in lines[1:]:
            fields = line.split()
            if len(fields) < 2:
                raise ValueError(f"{path}: sentence {sent_id}: bad token line {line!r}")
            words.append(fields[0])
            tags.append(map_suc_tag(fields[1]))
        sentences.append(IOBSentence(sent_id, words, _spaces(words), clean_iob(tags)))
    return sentences


def split_bucket(key: str, seed: int = 0) -> float:
    """A stable number in [0, 1) for `key` (seeded hash, same on every machine and run)."""
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def suc_split(sentences: Sequence[IOBSentence], seed: int = 0, test_share: float = SUC_TEST_SHARE,
              dev_share: float = SUC_DEV_SHARE) -> dict[str, list[IOBSentence]]:
    """Seeded sentence-grouped split of SUC into train/dev/test (by the hash of each sentence id)."""
    parts: dict[str, list[IOBSentence]] = {"train": [], "dev": [], "test": []}
    for sentence in sentences:
        bucket = split_bucket(sentence.id, seed)
        part = "test" if bucket < test_share else "dev" if bucket < test_share + dev_share else "train"
        parts[part].append(sentence)
    return parts


def iob_sentences_to_docs(vocab: Vocab, sentences: Sequence[IOBSentence], sents_per_doc: int = 10) -> list[Doc]:
    """Consecutive sentences, `sents_per_doc` at a time, as Docs with their entities."""
    docs = []
    for i in range(0, len(sentences), sents_per_doc):
        words, spaces, tags, starts = [], [], [], []
        for sentence in sentences[i : i + sents_per_doc]:
            words.extend(sentence.words)
            spaces.extend([*sentence.spaces[:-1], True])
            tags.extend(sentence.tags)
            starts.extend([True] + [False] * (len(sentence.words) - 1))
        spaces[-1] = False
        docs.append(Doc(vocab, words=words, spaces=spaces, ents=tags, sent_starts=starts))
    return docs


def _merge(paths: Sequence[Path], out: Path, vocab: Vocab) -> Path:
    docs = [doc for path in paths for doc in DocBin().from_disk(path).get_docs(vocab)]
    return write_docbin(docs, out)


def build_corpora(data_dir: Path, out_dir: Path, *, seed: int = 0, sents_per_doc: int = 10,
                  dev_fraction: float = 0.1, split_seed: int = 0, lang: str = "sv") -> dict[str, Path]:
    """DocBins of every corpus split under `out_dir`, plus the union `train.spacy` / `dev.spacy`.

    Keys: `train`, `dev` (union), `webbnyheter_{train,dev,test}`, `uner_{train,dev}`,
    `uner_talbanken_test`, `uner_pud_test`, `suc_{train,dev,test}`. `seed` only drives the
    Webbnyheter dev split (as before); the SUC split uses `split_seed`.
    """
    import spacy

    data_dir, out_dir = Path(data_dir), Path(out_dir)
    web_dir, uner_dir, suc_dir = data_dir / WEBBNYHETER_DIR_NAME, data_dir / UNER_DIR_NAME, data_dir / SUC_DIR_NAME
    needed = [web_dir / "train_corpus.txt", web_dir / "test_corpus.txt", suc_dir / SUC_FILE,
              *(uner_dir / name for name in UNER_FILES.values())]
    for path in needed:
        if not path.is_file():
            raise FileNotFoundError(f"{path}: NER corpus file not found")
    vocab = spacy.blank(lang).vocab
    paths: dict[str, Path] = {}

    web_train = sentences_to_docs(vocab, read_sentences(web_dir / "train_corpus.txt"), sents_per_doc)
    web_train, web_dev = split_dev(web_train, dev_fraction, seed)
    web_test = sentences_to_docs(vocab, read_sentences(web_dir / "test_corpus.txt"), sents_per_doc)
    for part, docs in (("train", web_train), ("dev", web_dev), ("test", web_test)):
        paths[f"webbnyheter_{part}"] = write_docbin(docs, out_dir / f"webbnyheter_{part}.spacy")

    uner_names = {"train": "uner_train", "dev": "uner_dev", "test_talbanken": "uner_talbanken_test",
                  "test_pud": "uner_pud_test"}
    for part, filename in UNER_FILES.items():
        docs = iob_sentences_to_docs(vocab, read_uner(uner_dir / filename), sents_per_doc)
        paths[uner_names[part]] = write_docbin(docs, out_dir / f"{uner_names[part]}.spacy")

    for part, sentences in suc_split(read_suc(suc_dir / SUC_FILE), split_seed).items():
        paths[f"suc_{part}"] = write_docbin(iob_sentences_to_docs(vocab, sentences, sents_per_doc),
                                            out_dir / f"suc_{part}.spacy")

    paths["train"] = _merge([paths["webbnyheter_train"], paths["uner_train"], paths["suc_train"]],
                            out_dir / "train.spacy", vocab)
    paths["dev"] = _merge([paths["webbnyheter_dev"], paths["uner_dev"], paths["suc_dev"]], out_dir / "dev.spacy", vocab)
    return paths


# test splits the model is scored on, with the labels each corpus annotates
TEST_SETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "webbnyheter_test": ("Webbnyheter 2012 test", ("PER", "ORG", "LOC", "MISC")),
    "uner_talbanken_test": ("UNER Talbanken test", ("PER", "ORG", "LOC")),
    "uner_pud_test": ("UNER PUD test", ("PER", "ORG", "LOC")),
    "suc_test": ("SUC 3.0 hard subset test", ("PER", "ORG", "LOC", "MISC")),
}
