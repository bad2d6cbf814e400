"""Training-data augmentation for the NER model (registered spaCy augmenters).

`samverkan.mention_swap.v1`: besides each training example, with probability `level`, also
yield a copy in which every entity is replaced by another mention of the same label seen in
the training data (mention replacement). The context stays real; the model sees more
name/context combinations and leans less on memorised names.
"""
from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example

from .ner_corpus import _spaces


def mention_pool(docbin_path: Path | str) -> dict[str, list[tuple[str, ...]]]:
    """Entity mentions (as word tuples) per label in a DocBin file."""
    vocab = spacy.blank("xx").vocab
    pool: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for doc in DocBin().from_disk(docbin_path).get_docs(vocab):
        for ent in doc.ents:
            pool[ent.label_].add(tuple(t.text for t in ent))
    return {label: sorted(mentions) for label, mentions in pool.items()}


def swap_mentions(doc: Doc, pool: dict[str, list[tuple[str, ...]]], rng: random.Random) -> Doc:
    """A copy of `doc` with every entity replaced by a random mention of its label."""
    words: list[str] = []
    tags: list[str] = []
    sent_starts: list[bool] = []
    position = 0
    for ent in [*doc.ents, None]:
        stop = ent.start if ent is not None else len(doc)
        for token in doc[position:stop]:
            words.append(token.text)
            tags.append("O")
            sent_starts.append(bool(token.is_sent_start))
        if ent is None:
            break
        choices = pool.get(ent.label_) or [tuple(t.text for t in ent)]
        new = rng.choice(choices)
        words.extend(new)
        tags.extend([f"B-{ent.label_}"] + [f"I-{ent.label_}"] * (len(new) - 1))
        sent_starts.extend([bool(ent[0].is_sent_start)] + [False] * (len(new) - 1))
        position = ent.end
    spaces = _spaces(words)
    return Doc(doc.vocab, words=words, spaces=spaces, ents=tags, sent_starts=sent_starts)


@spacy.registry.augmenters("samverkan.mention_swap.v1")
def create_mention_swap(pool_path: str, level: float = 0.5, seed: int = 0) -> Callable[[Language, Example], Iterator[Example]]:
    pool = mention_pool(pool_path)
    rng = random.Random(seed)

    def augment(nlp: Language, example: Example) -> Iterator[Example]:
        yield example
        if pool and example.reference.ents and rng.random() < level:
            reference = swap_mentions(example.reference, pool, rng)
            yield Example(nlp.make_doc(reference.text), reference)

    return augment
