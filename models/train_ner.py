"""Retrain the shipped Swedish NER model in one reproducible command.

    samverkan train-ner            (or: python -m samverkan.models.train_ner)

Steps: convert the three NER corpora of `--data` to DocBin files (`ner_datasets.build_corpora`:
Webbnyheter 2012 with a seeded dev split held out from its training file, Universal NER
Swedish with its own splits, the SUC 3.0 hard subset split by a seeded hash of sentence ids),
train `ner/config.cfg` on the union of the training parts with spaCy's training API (1 CPU
thread, fixed seed, best model on the union dev set kept), score it and the model it replaces
on every corpus's test split (per-label P/R/F1) and its speed (words/s), write
`ner/scores.json` and install the model into `ner/model/`.
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
DEFAULT_DATA_DIR = HERE.parents[1] / "shared" / "data"
DEFAULT_WORK_DIR = HERE.parent / "out" / "ner-training"
MODEL_NAME = "samverkan_ner"
MODEL_VERSION = "1.3.0"


def _model_meta(scores: dict) -> dict:
    return {
        "name": MODEL_NAME,
        "version": MODEL_VERSION,
        "description": "Swedish NER (PER, ORG, LOC, MISC), CNN tok2vec + transition-based ner, "
        "trained on Webbnyheter 2012, Universal NER Swedish (Talbanken) and the SUC 3.0 NER hard subset. "
        "See MODEL_CARD.md.",
        "license": "CC BY-SA 4.0 (derivative of Universal NER, CC BY-SA 4.0; also of Webbnyheter 2012 "
        "and SUC 3.0, CC BY 4.0)",
        "sources": [
            {
                "name": "Swedish manually annotated NER (Webbnyheter 2012, Spraakbanken)",
                "url": "http://spraakbanken.gu.se/eng/resource/webbnyheter2012",
                "license": "CC BY 4.0, https://creativecommons.org/licenses/by/4.0/",
            },
            {
                "name": "Universal NER, Mayhew et al. 2024, on UD Swedish-Talbanken (train split; "
                "UniversalNER/UNER_Swedish-Talbanken, commit dbb6920)",
                "url": "https://www.universalner.org/",
                "license": "CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/",
            },
            {
                "name": "SUC 3.0, Spraakbanken Text: NER hard subset (kb-labb/sucx3_ner, commit 61f65eb), "
                "seeded sentence split, train part",
                "url": "https://spraakbanken.gu.se/en/resources/suc3",
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


def previous_model_scores(install_dir: Path | None, paths: dict[str, Path]) -> dict | None:
    """Test-set scores of the model about to be replaced (the "before" column), if there is one."""
    from . import load_ner
    from .ner_evaluate import score_test_sets

    if install_dir is None or not (Path(install_dir) / "meta.json").is_file():
        return None
    nlp = load_ner(install_dir)
    return {"version": nlp.meta.get("version"), "test_sets": score_test_sets(nlp, paths)}


def train_ner(
    data_dir: Path = DEFAULT_DATA_DIR,
    work_dir: Path = DEFAULT_WORK_DIR,
    *,
    config_path: Path = CONFIG_PATH,
    install_dir: Path | None = NER_MODEL_DIR,
    scores_path: Path | None = SCORES_PATH,
    seed: int = 0,
    sents_per_doc: int = 10,
    dev_fraction: float = 0.1,
    overrides: dict | None = None,
    baseline_dir: Path | None = NER_MODEL_DIR,
) -> dict:
    """Convert, train, score on every test split, install; returns the scores written.

    `baseline_dir`: the model whose test scores are recorded as `previous_model` (the shipped
    one by default, scored before it is replaced; None to skip).
    """
    from spacy.cli.train import train as spacy_train

    from . import name_features, ner_augment  # noqa: F401  (register the factory/augmenter the config names)
    from .ner_datasets import build_corpora

    work_dir = Path(work_dir)
    paths = build_corpora(
        Path(data_dir), work_dir / "corpus", sents_per_doc=sents_per_doc, dev_fraction=dev_fraction, seed=seed
    )
    previous = previous_model_scores(baseline_dir, paths)
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

    return finish_training(
        output_dir / "model-best", paths, install_dir=install_dir, scores_path=scores_path, previous=previous,
        training_seconds=training_seconds, seed=seed, sents_per_doc=sents_per_doc, dev_fraction=dev_fraction,
        overrides={k: v for k, v in all_overrides.items() if not k.startswith("paths.")},
    )


def finish_training(best_dir: Path, paths: dict[str, Path], *, install_dir: Path | None, scores_path: Path | None,
                    previous: dict | None, training_seconds: int | None, seed: int, sents_per_doc: int,
                    dev_fraction: float, overrides: dict) -> dict:
    """Score the best model on every test split and the union dev set, install it, write the scores."""
    import spacy

    from .ner_evaluate import docbin_texts, score_ner, score_test_sets, words_per_second

    nlp = spacy.load(best_dir)
    test_sets = score_test_sets(nlp, paths)
    dev_scores = score_ner(nlp, paths["dev"])
    speed = words_per_second(nlp, docbin_texts(nlp, paths["webbnyheter_test"]))
    scores = {
        "version": MODEL_VERSION,
        "test": test_sets["webbnyheter_test"],
        "test_sets": test_sets,
        "dev": dev_scores,
        "previous_model": previous,
        "words_per_second": speed,
        "speed_note": "nlp.pipe over the Webbnyheter test split texts, 1 CPU thread, batch_size 64, best of 2",
        "training_seconds": training_seconds,
        "machine": f"{platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores (shared)".strip(),
        "seed": seed,
        "sents_per_doc": sents_per_doc,
        "dev_fraction": dev_fraction,
        "training_data": {name: _docbin_counts(paths[name]) for name in
                          ("webbnyheter_train", "uner_train", "suc_train", "train", "dev")},
        "overrides": overrides,
        "spacy_version": spacy.__version__,
    }
    if install_dir is not None:
        install_model(Path(best_dir), Path(install_dir), test_sets)
    if scores_path is not None:
        Path(scores_path).write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return scores


def _docbin_counts(path: Path) -> dict:
    import spacy
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("sv").vocab))
    return {"docs": len(docs), "tokens": sum(len(d) for d in docs), "entities": sum(len(d.ents) for d in docs)}


def _parse_override(value: str) -> tuple[str, object]:
    key, _, raw = value.partition("=")
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError:
        parsed = raw
    return key.strip(), parsed


@click.command("train-ner")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DEFAULT_DATA_DIR,
              show_default=True, help="Folder with swedish-ner-corpus/, uner-swedish/ and suc3-ner-subset/.")
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
def train_ner_command(data_dir, work_dir, config_path, install_dir, no_install, seed, sents_per_doc,
                      dev_fraction, settings):
    """Retrain the Swedish NER model (convert corpus, train, score on test, install)."""
    overrides = dict(_parse_override(s) for s in settings)
    scores = train_ner(
        data_dir, work_dir, config_path=config_path,
        install_dir=None if no_install else install_dir,
        scores_path=None if no_install else SCORES_PATH,
        seed=seed, sents_per_doc=sents_per_doc, dev_fraction=dev_fraction, overrides=overrides,
    )
    for name, test in scores["test_sets"].items():
        click.echo(f"{test['corpus']}: P {test['ents_p']:.3f} R {test['ents_r']:.3f} F {test['ents_f']:.3f}")
        for label, s in test["per_type"].items():
            click.echo(f"  {label:5s} P {s['p']:.3f} R {s['r']:.3f} F {s['f']:.3f}")
    click.echo(f"speed: {scores['words_per_second']} words/s; training {scores['training_seconds']} s")


if __name__ == "__main__":
    train_ner_command()
