"""Which sentences to parse: a cheap look at the text before spaCy's parse.

Parsing is the dominant cost of coding, and a sentence that names no actor and has no
word that could trigger an event cannot give an event, a claim or anything a later
sentence needs (no actor for the person memory, no country for the article's context).
Such sentences are blanked (every character but line breaks becomes a space) before
the parse, so that every character offset stays what it was; the parser then sees
whitespace in their place. The look is deliberately generous: a word is an actor
candidate if it is a word of a known actor's name, a role word, a pronoun, a known
person's name word, a place name or any capitalised word after a sentence's first;
a trigger candidate if any of its possible lemmas (the model's lemmatizer rules for
nouns, verbs and adjectives, tried all at once) is a trigger of the lexicon, a
happening noun, a claim word or a reporting verb. tests/test_skip_sentences.py
checks that no event is lost on the peer suites and the silver data.

Sentences are found by punctuation here (a full stop, question or exclamation mark
before a capital, not after a short capitalised abbreviation such as "Mr." or "U.S."),
and at paragraph breaks; a miss only joins two sentences, which keeps both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

from eventwire.stages.actors import PRONOUNS
from eventwire.stages.events import word_guesses

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
# an end of sentence: . ! or ? (closing quotes and brackets kept with it), space, then
# what may open a sentence; or a paragraph break (a blank line, an indented line)
_BREAK = re.compile(r"""(?<=[.!?])["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])|\n[ \t]*\n\s*|\n[ \t]{2,}""")
# a short capitalised word or single letter before the full stop: "Mr.", "Gen.", "U.S.", "Jan."
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,2}|\b[A-Za-z](?:\.[A-Za-z])+|\b[a-z])\.[\"'”’)\]]*$")


@dataclass
class SentenceScreen:
    """The generous look at a sentence; build one per coder (:func:`build_screen`)."""

    # trigger lemma -> the sets of other words its patterns need ("hold" needs "talks",
    # or "meeting", ...); an empty set: the lemma alone may trigger
    trigger_needs: dict[str, tuple[frozenset[str], ...]]
    name_words: frozenset[str]  # lower case: words of actor and person names (written capitalised)
    role_words: frozenset[str]  # lower case: role words, the pronouns the actor stage follows
    place_name: Callable[[str], bool]  # whether the gazetteer knows the name
    lemma_rules: list[tuple[str, str]]  # (suffix, replacement) of every part of speech
    lemma_exceptions: dict[str, list[str]]
    _lemmas: dict[str, frozenset[str]] = field(default_factory=dict)  # word -> its possible lemmas

    def screen(self, body: str) -> tuple[str, int]:
        """``body`` with the sentences that cannot hold an event blanked, and their number."""
        pieces, skipped, start = [], 0, 0
        for stop in self.sentence_ends(body):
            piece = body[start:stop]
            if piece.strip() and not self.may_hold_event(piece):
                piece = re.sub(r"[^\n]", " ", piece)
                skipped += 1
            pieces.append(piece)
            start = stop
        return ("".join(pieces), skipped) if skipped else (body, 0)

    @staticmethod
    def sentence_ends(body: str):
        for m in _BREAK.finditer(body):
            if "\n" not in m.group() and _ABBREVIATION.search(body, max(0, m.start() - 12), m.start() + 1):
                continue  # "Mr. Smith", "the U.S. Navy"
            yield m.start()
        yield len(body)

    def may_hold_event(self, sentence: str) -> bool:
        words = _WORD.findall(sentence)
        forms: set[str] = set()  # every word of the sentence and its possible lemmas
        for i, word in enumerate(words):
            lower = word.lower().replace("’", "'")
            if lower in self.role_words:
                return True
            if word[0].isupper() and ((i > 0 and lower not in STOP_WORDS) or lower in self.name_words
                                      or self.place_name(word)):
                return True  # a known name, a place, or a name the statistical NER may find
            forms |= self.lemmas(lower)
        return any(needs <= forms for lemma in forms for needs in self.trigger_needs.get(lemma, ()))

    def lemmas(self, word: str) -> frozenset[str]:
        """Every lemma the model's lemmatizer could give ``word``, whatever its tag."""
        found = self._lemmas.get(word)
        if found is None:
            out = {word, *word_guesses(word), *self.lemma_exceptions.get(word, ())}
            out.update(word[:len(word) - len(old)] + new for old, new in self.lemma_rules if word.endswith(old))
            out.update(word.split("'"))  # "Iran's", "don't"
            if len(self._lemmas) > 500_000:
                self._lemmas.clear()
            found = self._lemmas[word] = frozenset(out)
        return found


def build_screen(nlp, lexicon, tables, places, extra_triggers: frozenset[str],
                 ruler_patterns: list[dict]) -> SentenceScreen:
    """The screen from the coder's own resources: the lexicon's triggers and word lists,
    the actor tables, the entity ruler's forms, the gazetteer, the lemmatizer's rules."""
    lookups = nlp.get_pipe("lemmatizer").lookups
    rules_table, exc_table = lookups.get_table("lemma_rules"), lookups.get_table("lemma_exc")
    rules = [(old, new) for pos in ("noun", "verb", "adj") for old, new in rules_table.get(pos, [])]
    exceptions: dict[str, list[str]] = {}
    for pos in ("noun", "verb", "adj"):
        for form, lemmas in exc_table.get(pos, {}).items():
            exceptions.setdefault(form, []).extend(lemmas)
    needs: dict[str, set[frozenset[str]]] = {}
    for p in lexicon.patterns:
        words = _pattern_words(p)
        needs.setdefault(words[0], set()).add(frozenset(words[1:]))
    for word in extra_triggers:
        needs.setdefault(word.lower(), set()).add(frozenset())
    # a lemma that may trigger alone needs nothing more; otherwise its smallest needs first
    trigger_needs = {lemma: (frozenset(),) if frozenset() in sets else tuple(sorted(sets, key=len))
                     for lemma, sets in needs.items()}
    role_words = set(PRONOUNS) | tables.people_counts
    for phrase in tables.role_words():
        role_words.update(phrase.split())
    name_words = set(tables.person_name_words())
    for p in ruler_patterns:
        pattern = p["pattern"]
        if isinstance(pattern, str):
            forms = [pattern]
        else:
            forms = [v for tok in pattern for value in tok.values()
                     for v in (value.get("IN", []) if isinstance(value, dict) else [value]) if isinstance(v, str)]
        words = [w for form in forms for w in _WORD.findall(form)]
        # a form is found through a capitalised word of it, else (all lower case) through any word
        (name_words if any(w[0].isupper() for w in words) else role_words).update(w.lower() for w in words)
    role_words -= STOP_WORDS - PRONOUNS
    return SentenceScreen(trigger_needs, frozenset(name_words), frozenset(role_words), places.has_name,
                          rules, exceptions)


def _pattern_words(p) -> list[str]:
    """The words a lexicon pattern needs in its sentence, its trigger's first
    (``Pattern.needed_words``); hyphenated words need each of their parts."""
    return [part for w in (p.lemma, *sorted(p.needed_words)) for part in re.split(r"[-\s]", w.lower()) if part]
