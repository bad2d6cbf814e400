"""Retrain the shipped Swedish NER model in one reproducible command.

    samverkan train-ner            (or: python -m samverkan.models.train_ner)

Steps: convert the token-per-line Webbnyheter 2012 NER corpus to DocBin files (seeded dev
split held out from the training file), train `ner/config.cfg` with spaCy's training API
(1 CPU thread, fixed seed), score the best model on the corpus's test file (per-label
P/R/F1 and words/s), write `ner/scores.json` and install the model into `ner/model/`.
"""
from __future__ import annotations

import os

# one CPU thread: set before numpy/blis are imported (the machine is shared)
for _var in ("OMP_NUM_THREADS", "BLIS_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import click  # noqa: E402

from . import NER_MODEL_DIR  # noqa: E402

HERE = Path(__file__).resolve().parent
CONFIG_PATH = HERE / "ner" / "config.cfg"
SCORES_PATH = HERE / "ner" / "scores.json"
DEFAULT_CORPUS_DIR = HERE.parents[1] / "shared" / "data" / "swedish-ner-corpus"
DEFAULT_WORK_DIR = HERE.parent / "out" / "ner-training"
MODEL_NAME = "samverkan_ner"
MODEL_VERSION = "1.2.0"


def _model_meta(scores: dict) -> dict:
    return {
        "name": MODEL_NAME,
        "version": MODEL_VERSION,
        "description": "Swedish NER (PER, ORG, LOC, MISC), CNN tok2vec + transition-based ner, "
        "trained on the Webbnyheter 2012 Swedish NER corpus. See MODEL_CARD.md.",
        "license": "CC BY 4.0 (derivative of the Webbnyheter 2012 NER corpus)",
        "sources": [
            {
                "name": "Swedish manually annotated NER (Webbnyheter 2012, Spraakbanken)",
                "url": "http://spraakbanken.gu.se/eng/resource/webbnyheter2012",
                "license": "CC BY 4.0, https://creativecommons.org/licenses/by/4.0/",
            },
            {
                "name": "First names of the Faker package (sv_SE, no_NO, da_DK, fi_FI person providers), "
                "gazetteer feature samverkan_name_features",
                "url": "https://github.com/joke2k/faker",
                "license": "MIT",
            },
            {
                "name": "First and last names of all Faker person providers (Latin script), "
                "gazetteer feature samverkan_name_features (extractors/data/ner_first_names.txt, ner_surnames.txt)",
                "url": "https://github.com/joke2k/faker",
                "license": "MIT",
            },
            {
                "name": "Country/territory names and time-zone cities of Unicode CLDR via Babel "
                "(extractors/data/ner_places.txt)",
                "url": "https://cldr.unicode.org/",
                "license": "Unicode License v3",
            },
            {
                "name": "samverkan hand-kept first names and role titles (extractors/data)",
                "license": "same as samverkan",
            },
        ],
        "performance_test": scores,
    }


def install_model(best_dir: Path, install_dir: Path, scores: dict) -> Path:
    """Copy a trained pipeline to `install_dir` (replacing it) with samverkan's meta."""
    import spacy

    nlp = spacy.load(best_dir)
    nlp.meta.update(_model_meta(scores))
    tmp_dir = install_dir.with_name(install_dir.name + ".new")
    if tmp_dir.exists():
        shutil.rmtree(tmp_dir)
    nlp.to_disk(tmp_dir)
    if install_dir.exists():
        shutil.rmtree(install_dir)
    tmp_dir.rename(install_dir)
    return install_dir


def train_ner(
    corpus_dir: Path = DEFAULT_CORPUS_DIR,
    work_dir: Path = DEFAULT_WORK_DIR,
    *,
    config_path: Path = CONFIG_PATH,
    install_dir: Path | None = NER_MODEL_DIR,
    scores_path: Path | None = SCORES_PATH,
    seed: int = 0,
    sents_per_doc: int = 10,
    dev_fraction: float = 0.1,
    overrides: dict | None = None,
) -> dict:
    """Convert, train, score on the test split, install; returns the scores written."""
    import spacy
    from spacy.cli.train import train as spacy_train

    from . import name_features, ner_augment  # noqa: F401  (register the factory/augmenter the config names)
    from .ner_corpus import convert_corpus
    from .ner_evaluate import docbin_texts, score_ner, words_per_second

    work_dir = Path(work_dir)
    paths = convert_corpus(
        Path(corpus_dir), work_dir / "corpus", sents_per_doc=sents_per_doc, dev_fraction=dev_fraction, seed=seed
    )
    output_dir = work_dir / "output"
    if output_dir.exists():
        shutil.rmtree(output_dir)
    all_overrides = {
        "paths.train": str(paths["train"]),
        "paths.dev": str(paths["dev"]),
        "system.seed": seed,
        **(overrides or {}),
    }
    start = time.perf_counter()
    spacy_train(Path(config_path), output_dir, overrides=all_overrides, use_gpu=-1)
    training_seconds = round(time.perf_counter() - start)

    best_dir = output_dir / "model-best"
    nlp = spacy.load(best_dir)
    test_scores = score_ner(nlp, paths["test"])
    dev_scores = score_ner(nlp, paths["dev"])
    speed = words_per_second(nlp, docbin_texts(nlp, paths["test"]))
    scores = {
        "test": test_scores,
        "dev": dev_scores,
        "words_per_second": speed,
        "speed_note": "nlp.pipe over the test split texts, 1 CPU thread, batch_size 64, best of 2",
        "training_seconds": training_seconds,
        "machine": f"{platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores (shared)".strip(),
        "seed": seed,
        "sents_per_doc": sents_per_doc,
        "dev_fraction": dev_fraction,
        "overrides": {k: v for k, v in all_overrides.items() if not k.startswith("paths.")},
        "spacy_version": spacy.__version__,
    }
    if install_dir is not None:
        install_model(best_dir, Path(install_dir), test_scores)
    if scores_path is not None:
        Path(scores_path).write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return scores


def _parse_override(value: str) -> tuple[str, object]:
    key, _, raw = value.partition("=")
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError:
        parsed = raw
    return key.strip(), parsed


@click.command("train-ner")
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), default=DEFAULT_CORPUS_DIR,
              show_default=True, help="Folder with train_corpus.txt and test_corpus.txt (token<TAB>label).")
@click.option("--work-dir", type=click.Path(path_type=Path), default=DEFAULT_WORK_DIR, show_default=True,
              help="Where the converted .spacy files and training output go.")
@click.option("--config", "config_path", type=click.Path(exists=True, path_type=Path), default=CONFIG_PATH,
              show_default=True, help="spaCy training config.")
@click.option("--install-dir", type=click.Path(path_type=Path), default=NER_MODEL_DIR, show_default=True,
              help="Where the best model is installed.")
@click.option("--no-install", is_flag=True, help="Train and score only; leave the shipped model and scores alone.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--sents-per-doc", type=int, default=10, show_default=True, help="Sentences grouped per training doc.")
@click.option("--dev-fraction", type=float, default=0.1, show_default=True, help="Share of train held out as dev.")
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE",
              help="Config override, e.g. --set training.max_steps=2000 (repeatable).")
def train_ner_command(corpus_dir, work_dir, config_path, install_dir, no_install, seed, sents_per_doc,
                      dev_fraction, settings):
    """Retrain the Swedish NER model (convert corpus, train, score on test, install)."""
    overrides = dict(_parse_override(s) for s in settings)
    scores = train_ner(
        corpus_dir, work_dir, config_path=config_path,
        install_dir=None if no_install else install_dir,
        scores_path=None if no_install else SCORES_PATH,
        seed=seed, sents_per_doc=sents_per_doc, dev_fraction=dev_fraction, overrides=overrides,
    )
    test = scores["test"]
    click.echo(f"test: P {test['ents_p']:.3f} R {test['ents_r']:.3f} F {test['ents_f']:.3f}")
    for label, s in test["per_type"].items():
        click.echo(f"  {label:5s} P {s['p']:.3f} R {s['r']:.3f} F {s['f']:.3f}")
    click.echo(f"speed: {scores['words_per_second']} words/s; training {scores['training_seconds']} s")


if __name__ == "__main__":
    train_ner_command()
