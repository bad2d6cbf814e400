"""How stable the party model's decisions are: for each outer fold of grouped 5-fold cross-validation,
the models trained on the other folds, and again without two random training documents (three draws a
fold); the held-out agreement party sets the two retrainings decide differently are counted.

    python -m samverkan.models.party_stability ../shared/corpus/train --also corpus/sample

Prints "agreement party sets differing: N of M" (M counts the sets of both retrainings, once each).
"""
from __future__ import annotations

import random
from pathlib import Path

import click

from .train_relations import collect_corpus, decide_records, folds_of, load_scorer, train_models


@click.command()
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--also", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folders of documents in every training set, never scored (corpus/sample).")
@click.option("--seed", default=0, show_default=True)
def main(corpus: Path, also: tuple[Path, ...], seed: int) -> None:
    scorer = load_scorer(corpus)
    docs = collect_corpus(corpus)
    extra = [d for folder in also for d in collect_corpus(folder)]
    changed = total = 0
    for fold, held in enumerate(folds_of([d["stem"] for d in docs], 5, seed)):
        train = [d for d in docs if d["stem"] not in held]
        test = [d for d in docs if d["stem"] in held]
        before = decide_records(test, train_models(train + extra, scorer, seed))
        for draw in range(3):
            dropped = set(random.Random(100 * fold + draw).sample([d["stem"] for d in train], 2))
            models = train_models([d for d in train if d["stem"] not in dropped] + extra, scorer, seed)
            for a, b in zip(before, decide_records(test, models)):
                sets_a, sets_b = scorer.items(a)["agreements"], scorer.items(b)["agreements"]
                total += len(sets_a | sets_b)
                changed += len(sets_a ^ sets_b)
    click.echo(f"agreement party sets differing: {changed} of {total} ({changed / max(total, 1):.3f})")


if __name__ == "__main__":
    main()
