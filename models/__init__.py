"""Trained models shipped with samverkan (no network access needed to load them).

`NER_MODEL_DIR` is a spaCy pipeline directory (tok2vec + ner, labels PER/ORG/LOC/MISC)
trained on the Webbnyheter 2012 Swedish NER corpus (CC BY 4.0); see ner/MODEL_CARD.md.
Retrain with `samverkan train-ner`.
"""
from __future__ import annotations

from pathlib import Path

NER_MODEL_DIR = Path(__file__).parent / "ner" / "model"


def load_ner(path: Path | str | None = None, **kwargs):
    """Load the shipped Swedish NER pipeline (or the one at `path`) with `spacy.load`.

    Loading is from the local directory only; extra keyword arguments go to `spacy.load`
    (for example `exclude=[...]`).
    """
    import spacy

    model_dir = Path(path) if path is not None else NER_MODEL_DIR
    if not (model_dir / "meta.json").is_file():
        raise FileNotFoundError(f"{model_dir}: no trained NER model here (run `samverkan train-ner`)")
    return spacy.load(model_dir, **kwargs)
