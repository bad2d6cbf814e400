"""Gazetteer features for the statistical NER: a coarse name class per token.

`samverkan_name_features` (a spaCy factory) runs before `tok2vec` and writes one class per
token into `token.lemma_` (unused otherwise: the pipelines have no lemmatizer), which the
tok2vec's MultiHashEmbed hashes as its LEMMA feature:

- `FIRSTNAME`: the token is a first name of the lists (case-sensitive; an all-caps token is
  also looked up in title case),
- `TITLE`: the lowercase token is a one-word role title or ends in a title compound head
  (`-direktör`, `-chef`, ...),
- `SURNAME`, `PLACE`: the token is in the surname / place lists (when the pipeline was built
  with them); a token in several lists gets the classes joined with `+` (`FIRSTNAME+SURNAME`),
- a genitive (`Thatchers`, `Romneys`) gets the class of its stem when the lists were built with
  `genitive` on,
- `O`: anything else.

Name lists (independent of the NER corpus's test split): `first_names_faker.txt` (Faker,
MIT) and `extra_first_names.txt` (hand-kept); the larger `ner_first_names.txt`,
`ner_surnames.txt` and `ner_places.txt` (built by `build_name_lists.py` from Faker and Babel's
CLDR data) when `default_lists(extended=True)`; title words from `titles.csv` and
`title_suffixes.txt` (hand-kept), all in `samverkan/extractors/data/`. The lists are saved
with the pipeline (`to_disk`), so a trained model keeps the features it was trained with.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

DATA_DIR = Path(__file__).resolve().parent.parent / "extractors" / "data"
FIRST_NAME_FILES = ("first_names_faker.txt", "extra_first_names.txt")
EXTENDED_FILES = {"first_names": "ner_first_names.txt", "surnames": "ner_surnames.txt", "places": "ner_places.txt"}
FIRSTNAME, SURNAME, PLACE, TITLE, OTHER = "FIRSTNAME", "SURNAME", "PLACE", "TITLE", "O"
_CACHE_SIZE = 200_000  # token classes remembered per component (cleared when full)
_MIN_SUFFIX_WORD = 3  # "chef" alone is a title word only through titles.csv; compounds must be longer


def _lines(path: Path) -> list[str]:
    return [
        line.strip() for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def default_lists(data_dir: Path = DATA_DIR, extended: bool = True) -> dict[str, list[str]]:
    """The name lists, one-word titles and title suffixes from the extraction data files.

    `extended=False` gives the first version's lists (Nordic first names and titles only).
    """
    names: set[str] = set()
    for fn in FIRST_NAME_FILES:
        names.update(_lines(data_dir / fn))
    with open(data_dir / "titles.csv", encoding="utf-8") as handle:
        titles = {row["variant"].strip().lower() for row in csv.DictReader(handle)}
    lists = {
        "first_names": sorted(names),
        "titles": sorted(t for t in titles if " " not in t),
        "title_suffixes": sorted(s.lower() for s in _lines(data_dir / "title_suffixes.txt")),
    }
    if extended:
        for key, filename in EXTENDED_FILES.items():
            lists[key] = sorted(set(lists.get(key, ())) | set(_lines(data_dir / filename)))
        lists["options"] = ["genitive"]
    return lists


class NameFeatures:
    """Writes FIRSTNAME / TITLE / O into `token.lemma_` for the tok2vec to embed."""

    def __init__(self, name: str = "samverkan_name_features", lists: dict[str, Iterable[str]] | None = None):
        self.name = name
        self._set_lists(lists if lists is not None else default_lists())

    def _set_lists(self, lists: dict[str, Iterable[str]]) -> None:
        self.lists = {key: sorted(set(values)) for key, values in lists.items()}
        self.first_names = frozenset(self.lists.get("first_names", ()))
        self.titles = frozenset(self.lists.get("titles", ()))
        self.title_suffixes = tuple(self.lists.get("title_suffixes", ()))
        self.surnames = frozenset(self.lists.get("surnames", ()))
        self.places = frozenset(self.lists.get("places", ()))
        self.genitive = "genitive" in self.lists.get("options", ())
        self._classes: dict[str, str] = {}  # token text -> class: the vocabulary repeats a lot

    def _name_classes(self, text: str) -> list[str]:
        classes = []
        for cls, names in ((FIRSTNAME, self.first_names), (SURNAME, self.surnames), (PLACE, self.places)):
            if text in names or (len(text) > 1 and text.isupper() and text.title() in names):
                classes.append(cls)
        return classes

    def token_class(self, text: str) -> str:
        classes = self._name_classes(text)
        if not classes and self.genitive and len(text) > 3 and text.endswith("s"):
            classes = self._name_classes(text[:-1])
        if classes:
            return "+".join(classes)
        lower = text.lower()
        if lower in self.titles or (text.isalpha() and any(
            lower.endswith(s) and len(lower) >= len(s) + _MIN_SUFFIX_WORD for s in self.title_suffixes
        )):
            return TITLE
        return OTHER

    def __call__(self, doc: Doc) -> Doc:
        classes = self._classes
        for token in doc:
            text = token.text
            cls = classes.get(text)
            if cls is None:
                if len(classes) >= _CACHE_SIZE:
                    classes.clear()
                cls = classes[text] = self.token_class(text)
            token.lemma_ = cls
        return doc

    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "lists.json").write_text(json.dumps(self.lists, ensure_ascii=False, indent=0) + "\n",
                                         encoding="utf-8")

    def from_disk(self, path, *, exclude=tuple()) -> NameFeatures:
        self._set_lists(json.loads((ensure_path(path) / "lists.json").read_text(encoding="utf-8")))
        return self


@Language.factory("samverkan_name_features")
def make_name_features(nlp: Language, name: str) -> NameFeatures:
    return NameFeatures(name)
