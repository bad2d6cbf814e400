"""samverkan.extractors: the spaCy extraction pipeline and the Swedish municipal knowledge it uses.

`load_pipeline()` assembles `pipeline.cfg`: spaCy's Swedish tokenizer, the statistical NER
(tok2vec + ner sourced from `samverkan.models.NER_MODEL_DIR` when a trained model is there)
and the rule components of this package (one per module, registered with
`@Language.factory`). No network access.
"""
from __future__ import annotations

from pathlib import Path

CONFIG_PATH = Path(__file__).resolve().parent / "pipeline.cfg"
COMPONENT_MODULES = ("tokenizer", "language", "persons", "places", "organisations", "dates", "org_numbers", "roles",
                     "counterparts", "kind", "minutes", "relations", "agreements", "relation_models")
# feature components a trained NER model may run before its tok2vec (sourced with it when present)
NER_FEATURE_COMPONENTS = ("samverkan_name_features",)


def register_components() -> None:
    """Import the component modules so their factories are registered with spaCy."""
    import importlib
    for mod in COMPONENT_MODULES:
        importlib.import_module(f"{__name__}.{mod}")
    try:  # the NER model's own feature components (samverkan.models.name_features)
        importlib.import_module("samverkan.models.name_features")
    except ImportError:
        pass


def ner_model_dir() -> Path | None:
    """The trained NER pipeline directory, or None when none is installed."""
    try:
        from samverkan.models import NER_MODEL_DIR  # type: ignore
    except ImportError:
        NER_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner" / "model"
    path = Path(NER_MODEL_DIR)
    if (path / "config.cfg").exists() and (path / "ner").is_dir():
        return path
    return None


def load_pipeline(ner_model: str | Path | None | bool = True):
    """The extraction pipeline as a spaCy `Language`.

    ner_model: True (default) uses the installed model when present; a path uses that model;
    False/None builds the pipeline without statistical NER (rules only).
    """
    register_components()
    if ner_model is True:
        model = ner_model_dir()
    elif ner_model:
        model = Path(ner_model)
    else:
        model = None
    try:
        return _assemble(model)
    except Exception as exc:  # a broken or half-written model: rules only, loudly
        if model is None or ner_model is not True:
            raise
        import warnings
        warnings.warn(f"NER model {model} could not be loaded ({exc}); extracting without statistical NER")
        return _assemble(None)


def _assemble(model: Path | None):
    from spacy.util import load_config, load_model_from_config

    config = load_config(CONFIG_PATH, overrides={"paths.ner_model": str(model) if model else None},
                         interpolate=False)
    if model is None:
        config["nlp"]["pipeline"] = [p for p in config["nlp"]["pipeline"] if p not in ("tok2vec", "ner")]
        del config["components"]["tok2vec"]
        del config["components"]["ner"]
    else:
        model_cfg = load_config(model / "config.cfg")
        if "tok2vec" not in model_cfg["nlp"]["pipeline"]:
            config["nlp"]["pipeline"] = [p for p in config["nlp"]["pipeline"] if p != "tok2vec"]
            del config["components"]["tok2vec"]
        pipeline = config["nlp"]["pipeline"]
        for name in NER_FEATURE_COMPONENTS:  # features the model was trained with run before it
            if name in model_cfg["nlp"]["pipeline"]:
                first = "tok2vec" if "tok2vec" in pipeline else "ner"
                pipeline.insert(pipeline.index(first), name)
                config["components"][name] = {"source": str(model)}
    nlp = load_model_from_config(config, auto_fill=True, validate=True)
    nlp.meta["name"] = "samverkan_extract"
    return nlp
