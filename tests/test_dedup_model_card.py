"""The model card tells the figures the shipped models hold: held-out means and every seed, the
threshold and clustering of each model, and the targets (agreements >= 0.90, persons >= 0.92)."""
from __future__ import annotations

import re

import numpy as np
import pytest

from samverkan.dedup.classifier import load_model, model_dir
from samverkan.dedup.training import HELDOUT_SEEDS

CARD = (model_dir() / "MODEL_CARD.md").read_text(encoding="utf-8")
TARGETS = {"agreements": 0.90, "persons": 0.92}


def _rows(first_cell: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in CARD.splitlines() if line.startswith(f"| {first_cell} ")]


def _main_set(kind: str) -> dict:
    return load_model(kind).meta["heldout"]["sets"][0]


@pytest.mark.parametrize("kind", ["agreements", "persons"])
def test_heldout_figures_in_meta_are_the_mean_of_the_seeds_and_meet_the_target(kind):
    heldout = load_model(kind).meta["heldout"]
    assert heldout["documents"] == 27
    main = heldout["sets"][0]
    assert [r["seed"] for r in main["per_seed"]] == list(HELDOUT_SEEDS)
    for metric in ("pairwise", "bcubed"):
        mean = np.mean([r[metric]["f1"] for r in main["per_seed"]])
        assert main[metric]["f1"] == pytest.approx(mean, abs=1e-3)
    f1s = [r["pairwise"]["f1"] for r in main["per_seed"]]
    assert main["pairwise_f1_range"] == [pytest.approx(min(f1s)), pytest.approx(max(f1s))]
    assert main["pairwise"]["f1"] >= TARGETS[kind]


@pytest.mark.parametrize("kind", ["agreements", "persons"])
def test_card_states_the_heldout_means(kind):
    main = _main_set(kind)
    (row,) = [r for r in _rows(kind) if r[1].startswith(("each agreement", "name variants"))]
    pw, b3 = main["pairwise"], main["bcubed"]
    assert row[4].startswith(f"{pw['precision']:.3f} / {pw['recall']:.3f} / **{pw['f1']:.3f}**")
    low, high = main["pairwise_f1_range"]
    assert f"({low:.3f}–{high:.3f})" in row[4]
    assert row[5] == f"{b3['precision']:.3f} / {b3['recall']:.3f} / **{b3['f1']:.3f}**"


def test_card_states_every_seed():
    def cell(r):
        pw = r["pairwise"]
        return f"{pw['precision']:.3f} / {pw['recall']:.3f} / {pw['f1']:.3f}, {r['bcubed']['f1']:.3f}"

    agreements, persons = _main_set("agreements")["per_seed"], _main_set("persons")["per_seed"]
    for seed, a, p in zip(HELDOUT_SEEDS, agreements, persons):
        (row,) = _rows(str(seed))
        assert row[2] == cell(a) and row[3] == cell(p)


@pytest.mark.parametrize("kind", ["documents", "agreements", "persons"])
def test_card_states_threshold_and_clustering(kind):
    model = load_model(kind)
    (row,) = [r for r in _rows(kind) if re.match(r"[\d,]+ \([\d,]+\)", r[1])]
    assert row[1] == f"{model.meta['pairs']:,} ({model.meta['positives']:,})"
    assert row[3] == f"{model.threshold:.2f}"
    assert row[4].startswith({"average": "average", "components": "components"}[model.meta["clustering"]])
