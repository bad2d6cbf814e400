"""Trained models shipped with samverkan (no network access needed to load them).

`NER_MODEL_DIR` is a spaCy pipeline directory (tok2vec + ner, labels PER/ORG/LOC/MISC)
trained on Webbnyheter 2012 (CC BY 4.0), Universal NER Swedish (CC BY-SA 4.0) and the SUC 3.0
NER hard subset (CC BY 4.0), so shared under CC BY-SA 4.0; see ner/MODEL_CARD.md.
Its first component, `samverkan_name_features` (gazetteer features, `name_features.py`), is
registered by importing this package, so `spacy.load(NER_MODEL_DIR)` works after
`import samverkan.models`. Retrain with `samverkan train-ner`.
"""
from __future__ import annotations

from pathlib import Path

from . import name_features  # noqa: E402,F401  (registers the samverkan_name_features factory)

NER_MODEL_DIR = Path(__file__).parent / "ner" / "model"
# the relation classifiers (affiliation, signatory, party): relations/MODEL_CARD.md
RELATION_MODEL_DIR = Path(__file__).parent / "relations"


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
