"""Language identification: Swedish told apart from its neighbours and English."""
from __future__ import annotations

import json

import pytest

from samverkan.ingest.language import detect_language

SAMPLES = {
    "sv": "Kommunfullmäktige beslutade i dag att godkänna avtalet om samverkan med grannkommunerna. "
          "Överenskommelsen gäller från och med nästa år och omfattar räddningstjänst och tillsyn.",
    "no": "Kommunestyret vedtok i dag å godkjenne avtalen om samarbeid med nabokommunene. "
          "Avtalen gjelder fra neste år og omfatter brannvesen og tilsyn.",
    "nn": "Kommunestyret vedtok i dag å godkjenne avtalen om samarbeid med nabokommunane. "
          "Avtalen gjeld frå neste år og omfattar brannvesen og tilsyn, og ordføraren signerte.",
    "da": "Kommunalbestyrelsen besluttede i dag at godkende aftalen om samarbejde med nabokommunerne. "
          "Aftalen gælder fra næste år og omfatter brandvæsen og tilsyn.",
    "en": "The municipal council decided today to approve the cooperation agreement with the "
          "neighbouring municipalities. The agreement applies from next year.",
}


@pytest.mark.parametrize("written_in, expected", [("sv", "sv"), ("no", "no"), ("nn", "no"), ("da", "da"), ("en", "en")])
def test_languages(written_in, expected):
    assert detect_language(SAMPLES[written_in]) == expected


def test_too_little_text_is_unknown():
    assert detect_language("§ 12") is None


def test_dev_corpus_foreign_documents_are_not_swedish(shared_dir):
    for gold_path in sorted((shared_dir / "corpus" / "dev").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_suffix(".txt").read_text(encoding="utf-8")
        if gold.get("kind") == "foreign":
            assert detect_language(text) in {"no", "da"}, gold_path.name
        else:
            assert detect_language(text) == "sv", gold_path.name
