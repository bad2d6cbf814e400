"""Build the name and place gazetteers of the NER feature component from libraries.

    python -m samverkan.models.build_name_lists [--ner-train PATH]

Writes four one-name-per-line files into `extractors/data/`:

- `ner_first_names.txt` / `ner_surnames.txt`: the first and last names of every person
  provider of the Faker package (MIT licence; 80+ locales, Latin script only), split on
  spaces;
- `ner_places.txt`: country and territory names (Swedish and English) and the exemplar
  cities of the time zones (Swedish and English) from Babel's CLDR data (Unicode licence),
  plus the 290 municipalities and the 21 region/county names of `municipalities.csv` /
  `regions.csv`, split into words;
- `country_names_sv.txt`: the Swedish names of every country and territory but Sweden (CLDR),
  whole; read at extraction time (`organisations`: twin towns "X i Estland").

In the first three, a name is dropped when its lowercase form occurs in lowercase in Swedish running text (the
*training* file of the NER corpus, never its test file) or in `common_words.txt`: that keeps
"De", "Vi", "Man", "Om", "Till" and their kind out of the name lists. Needs the dev-only
packages Faker and Babel (`pip install Faker babel`); the trained model stores its own copy of
the lists, so nothing here runs at extraction time.
"""
from __future__ import annotations

import csv
import importlib
import pkgutil
import re
import unicodedata
from pathlib import Path

import click

DATA_DIR = Path(__file__).resolve().parent.parent / "extractors" / "data"
DEFAULT_NER_TRAIN = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "swedish-ner-corpus" / "train_corpus.txt"
_LATIN_WORD = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-žȘ-ț][A-Za-zÀ-ÖØ-öø-ÿĀ-žȘ-ț'\-]*$")


def _words(value: str) -> list[str]:
    return [unicodedata.normalize("NFC", w) for w in re.split(r"[\s/]+", value.strip()) if w]


def _capitalised_words(values) -> set[str]:
    return {w for v in values for w in _words(v) if len(w) >= 2 and w[0].isupper() and _LATIN_WORD.match(w)}


def faker_names() -> tuple[set[str], set[str]]:
    """All first and last names of Faker's person providers (Latin script)."""
    import faker.providers.person as person

    first: set[str] = set()
    last: set[str] = set()
    for module_info in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module_info.name}").Provider
        for attr in dir(provider):
            if not attr.startswith(("first_names", "last_names")):
                continue
            values = getattr(provider, attr)
            if isinstance(values, dict):
                values = list(values)
            if not isinstance(values, (list, tuple)):
                continue
            target = first if attr.startswith("first") else last
            target.update(_capitalised_words(v for v in values if isinstance(v, str)))
    return first, last


def babel_places() -> set[str]:
    """Country/territory names and time-zone exemplar cities, in Swedish and English (CLDR)."""
    import zoneinfo

    from babel import Locale
    from babel.dates import get_timezone_location

    names: set[str] = set()
    for locale in ("sv", "en"):
        names.update(v for k, v in Locale(locale).territories.items() if not k.isdigit())
        for zone in sorted(zoneinfo.available_timezones()):
            if "/" not in zone or zone.startswith(("Etc/", "SystemV/", "US/")):
                continue
            try:
                names.add(get_timezone_location(zone, locale=locale, return_city=True))
            except (LookupError, ValueError):
                continue
    return _capitalised_words(names)


def swedish_country_names() -> set[str]:
    """The Swedish names of every country and territory but Sweden (CLDR), whole ("Estland",
    "Bosnien och Hercegovina"): `organisations` takes "X i Estland" near a twin-town word for a
    foreign municipality."""
    from babel import Locale

    return {v for k, v in Locale("sv").territories.items() if not k.isdigit() and k != "SE"}


def swedish_places(data_dir: Path = DATA_DIR) -> set[str]:
    """Municipality, county and region names of the extraction data, as words."""
    values: list[str] = []
    with open(data_dir / "municipalities.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            values += [row["name"], row["lan_name"]]
    with open(data_dir / "regions.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            values += [row["region_name"], row["lan_name"]]
    return _capitalised_words(values) - {"Region"}


def lowercase_vocabulary(ner_train: Path, data_dir: Path = DATA_DIR) -> set[str]:
    """Words seen in lowercase in the NER training text, plus `common_words.txt`."""
    vocab: set[str] = set()
    with open(ner_train, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if parts and parts[0].islower():
                vocab.add(parts[0])
    for line in (data_dir / "common_words.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            vocab.add(line.strip().lower())
    return vocab


def build(ner_train: Path, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Write the four lists; return their sizes."""
    vocab = lowercase_vocabulary(ner_train, data_dir)
    first, last = faker_names()
    places = babel_places() | swedish_places(data_dir)
    lists = {
        "ner_first_names.txt": {n for n in first if n.lower() not in vocab},
        "ner_surnames.txt": {n for n in last if n.lower() not in vocab},
        "ner_places.txt": {p for p in places if p.lower() not in vocab},
        "country_names_sv.txt": swedish_country_names(),
    }
    header = "# generated by python -m samverkan.models.build_name_lists; do not edit\n"
    for filename, values in lists.items():
        (data_dir / filename).write_text(header + "\n".join(sorted(values)) + "\n", encoding="utf-8")
    return {filename: len(values) for filename, values in lists.items()}


@click.command()
@click.option("--ner-train", type=click.Path(exists=True, path_type=Path), default=DEFAULT_NER_TRAIN,
              show_default=True, help="Training file of the Swedish NER corpus (lowercase vocabulary filter).")
def main(ner_train: Path) -> None:
    """Rebuild ner_first_names.txt, ner_surnames.txt, ner_places.txt and country_names_sv.txt."""
    for filename, size in build(ner_train).items():
        click.echo(f"{filename}: {size}")


if __name__ == "__main__":
    main()
