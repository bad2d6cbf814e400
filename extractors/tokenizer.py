"""Tokenizer `samverkan.sv_tokenizer.v1`: spaCy's Swedish tokenizer, also splitting at
parentheses, slashes and commas glued to words ("Ek(M)", "Kil,Forshaga",
"Stockholm/Mälarregionen"), so that mentions found in the text align with tokens."""
from __future__ import annotations

from spacy.lang.sv import Swedish
from spacy.util import compile_infix_regex, registry

EXTRA_INFIXES = [r"(?<=[\w.])[()](?=\w)", r"(?<=\w)[()]", r"(?<=[A-Za-zÅÄÖåäö]),(?=[A-Za-zÅÄÖåäö])",
                 r"(?<=[A-Za-zÅÄÖåäö])/(?=[A-Za-zÅÄÖåäö])"]


@registry.tokenizers("samverkan.sv_tokenizer.v1")
def create_sv_tokenizer():
    def make(nlp):
        base = registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)
        infixes = list(Swedish.Defaults.infixes) + EXTRA_INFIXES
        base.infix_finditer = compile_infix_regex(infixes).finditer
        return base
    return make
