"""The signing-event sentence classifier and its measurement (`models/signing_events.py`)."""
from __future__ import annotations

import pytest

from samverkan.extractors.relation_models import default_model_dir
from samverkan.models.signing_events import candidate_sentences, evaluate, features, rule_event


def test_candidate_sentences_name_an_agreement_or_a_signing():
    text = ("Eva Ek är ny kommunchef i Lerum. Samverkansavtalet gäller i fyra år. "
            "Ordförande Per Holm skrev under i går. Nämnden ingår i kommunens organisation.")
    chosen = [text[a:b].strip() for a, b in candidate_sentences(text)]
    assert chosen == ["Samverkansavtalet gäller i fyra år.", "Ordförande Per Holm skrev under i går."]


def test_inflections_of_a_word_are_one_feature_and_cues_are_classed():
    def of(s: str) -> dict[str, float]:
        return features(s, 0, len(s), "news")

    a, b = of("Kommunerna tecknade avtalet i dag."), of("Kommunerna har tecknat avtalet.")
    assert a["w_teckna"] == b["w_teckna"] == 1.0
    assert a["sign_done"] == b["sign_done"] == 1.0
    assert a["cue_today"] == 1.0 and b["cue_perfect"] == 1.0 and not a["cue_perfect"]
    c = of("Avtalet ska skrivas under nästa vecka, om fullmäktige godkänner det.")
    assert c["cue_future"] == c["cue_condition"] == c["sign_planned"] == 1.0 and not c["sign_done"]
    assert rule_event(a) == "signed" and rule_event(c) == "will sign"
    assert rule_event(of("Samverkansavtalet gäller i fyra år.")) == "mentioned"


@pytest.mark.slow
def test_the_classifier_finds_signed_sentences_better_than_the_cue_rule_as_the_model_card_says():
    """Recomputed from our labels of ../shared/corpus/train (grouped CV, five seeds), not read from a file."""
    from conftest import SHARED
    if not (SHARED / "corpus" / "train").is_dir():
        pytest.skip("../shared is not present")
    result = evaluate(SHARED / "corpus" / "train")
    model, rule = result["classifier"], result["cue_rule"]
    assert model["signed"]["f1"] > rule["signed"]["f1"] + 0.05
    assert model["accuracy"] > rule["accuracy"]
    card = (default_model_dir() / "MODEL_CARD.md").read_text(encoding="utf-8")
    for figure in (model["signed"]["f1"], rule["signed"]["f1"], model["accuracy"], rule["accuracy"]):
        assert f"{figure:.3f}" in card, figure
