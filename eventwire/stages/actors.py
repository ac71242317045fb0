"""Actor mentions: who is named in the text, resolved to CAMEO actor codes.

Entry point: :func:`resolve_mentions`. It reads the parsed doc (whose entity
ruler already marked countries, demonyms, capitals and organisations with
their codes) and builds one :class:`ActorMention` per actor reference, saying
in ``how`` why it resolved so:

* entities: "Armenia" -> ARM, "the Kremlin" -> RUSGOV, "NATO" -> IGONATO;
* role phrases: a role word plus a country in the same noun phrase
  ("Azerbaijani Foreign Minister Jeyhun Bayramov" -> AZEGOV,
  "his Russian counterpart Sergey Lavrov" -> RUSGOV, "police in Baghdad");
  a role word with an organisation ("EU officials" -> IGOEU) or a known
  person ("the Bush administration" -> USAGOV);
* people nouns: "six Iraqis", "a Briton" -> IRQCVL, GBRCVL;
* persons met again later in the article by surname ("Bayramov"), by role
  ("the minister") or as a subject pronoun ("he"), through a
  :class:`PersonMemory` that lives as long as one article;
* persons known from outside the article: the user's actor file (which
  overrides everything, text included), the actor memory learned from earlier
  articles, then the dated person table, each valid on the article date;
* role phrases with no country of their own ("militants", "the government",
  "the Supreme Court") are grounded in the article's context, only where it
  is well grounded (see :meth:`MentionBuilder.ground`).

A named actor that cannot be resolved is kept with ``code=None`` (and its text),
never dropped or guessed; a role phrase that cannot be grounded yields nothing
(unless ``keep_roles``: see :func:`resolve_mentions`).
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

import numpy as np
from spacy.attrs import DEP, IDX, IS_PUNCT, LENGTH, LOWER, ORTH, SPACY, TAG
from spacy.tokens import Doc, Span, Token

from eventwire.records import Actor, ActorMention

PRONOUNS = frozenset({"he", "she"})
NAME_LABELS = frozenset({"PERSON"})
ACTOR_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
# "police in Baghdad", "rebels from Darfur", "the Supreme Court in Chile": where
# an actor is says which country's it is.
PLACE_PREPS = frozenset({"in", "from", "inside", "across", "throughout"})
# A dash standing alone ends a dateline that the parser glued to a phrase:
# "TOKYO - Mamoru Takuma", "SAMARRA, Iraq - U.S. forces".
DASHES = frozenset({"-", "--", "—", "–"})
# A dateline city the tables do not know stands for its country when the gazetteer
# finds it this big: datelines name cities reporters file from, not hamlets.
DATELINE_MIN_POPULATION = 50_000
POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
# "his government", "her country": the person named last before them
PERSON_POSSESSIVES = frozenset({"his", "her"})
# Mentions that name an organisation (an armed group's code may be a country's: PSEREB)
ORGANISATION_HOWS = frozenset({"org table", "organization", "role+organization"})
# Determiners under which a noun of anaphors.csv refers back: "the country", "this group".
ANAPHOR_DETERMINERS = frozenset({"the", "this", "that"}) | POSSESSIVE_PRONOUNS | PERSON_POSSESSIVES
# Entities that, inside a role phrase, say whose the role is ("a Cominco spokesman").
# (Not NORP: "Muslim protesters", "Kurdish rebels" say who, not whose.)
OWNER_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "PERSON"})
# Determiners that make a demonym noun count people: "a Briton", "some Iraqis"
# (besides numbers, and the nouns of people_counts.txt: "thousands of Italians").
COUNTING_WORDS = frozenset({"a", "an", "some", "many", "several"})
# A demonym conjoined with the one that gives a role phrase its actor: "American" in
# "Iraqi and American officials" (MentionBuilder.shared_head_mentions)
SHARED_HEAD = "role+country, shared head"
# Mentions whose country the text states by itself (not taken from the context).
SELF_EVIDENT = frozenset({SHARED_HEAD, "gpe table", "norp table", "org table", "organization", "capital as government",
                          "place name", "gazetteer", "nationality", "role+country", "title+name", "people noun",
                          "stand-in noun", "person table", "person table+title"})


class Knowledge(Protocol):
    """Names known from outside the article: the user's actor file, the actor memory."""

    def lookup(self, name: str, on: date | None = None) -> Actor | None: ...


class Places(Protocol):
    """A gazetteer: a place name (with the article's countries as context) -> a place."""

    def resolve(self, name: str, context_countries=()): ...

    def candidates(self, name: str) -> list: ...


@dataclass
class PersonMemory:
    """What one article has taught about its persons (full name, surname, role)."""

    by_name: dict[str, Actor] = field(default_factory=dict)
    recent: list[tuple[Actor, str]] = field(default_factory=list)  # (actor, role words)

    def learn(self, name: str, actor: Actor, role: str = "") -> None:
        parts = name.split()
        self.by_name[name.lower()] = actor
        if len(parts) > 1:
            self.by_name.setdefault(parts[-1].lower(), actor)
        self.recent.append((actor, role.lower()))

    def recall(self, name: str) -> Actor | None:
        key = name.lower()
        return self.by_name.get(key) or self.by_name.get(key.split()[-1]) if key else None

    def latest(self, role_word: str | None = None, agent: str | None = None) -> Actor | None:
        """The person named last; with ``role_word``, the last one so titled or,
        if met without a title, of the same ``agent`` ("Lavrov ... the minister")."""
        for actor, role in reversed(self.recent):
            if role_word is None or role_word in role.split():
                return actor
            if not role and agent is not None and actor.agent == agent and actor.kind == "person":
                return actor
        return None


@dataclass
class Pending:
    """A mention whose country the phrase itself does not give ("militants",
    "President Chavez" unknown to every table). Its ``actor`` is shared with
    the person memory, so grounding it later fixes every mention of it."""

    mention: ActorMention
    head: Token
    agent: str | None
    kind: str  # role | person | group | org | country (anaphor) | organisation (anaphor)


def actor_from_code(code: str, tables, name: str | None = None) -> Actor:
    """An Actor from a CAMEO actor code such as ``AZEGOV``, ``ARM`` or ``IGOUN``."""
    country = code[:3] if tables.country(code[:3]) else None
    if country:
        agent = code[3:6] or None
        entry = tables.country(country)
        return Actor(code=code, country=country, agent=agent, name=name or entry.name, kind="country")
    kind = "igo" if code.startswith(("IGO", "NGO")) else "group"
    return Actor(code=code, country=None, agent=None, name=name, kind=kind)


def with_agent(actor: Actor, agent: str | None) -> Actor:
    if not agent or not actor.country or actor.agent:
        return actor
    return Actor(code=actor.country + agent, country=actor.country, agent=agent, name=actor.name, kind=actor.kind)


def is_named(text: str) -> bool:
    """A name, not a common noun phrase: some word starts with a capital."""
    return any(w[:1].isupper() for w in text.split())


def name_key(ent: Span) -> str:
    """A name's words without a leading article, case-folded: "the Republican Guard" ->
    "republican guard"."""
    words = [t.lower_ for t in ent if not t.is_punct]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


class MentionBuilder:
    """Builds mentions for one doc; holds the per-article person memory."""

    def __init__(self, doc: Doc, tables, article_date: date | None, offset: int,
                 memory: PersonMemory, stand_ins: frozenset[str], blocked: list[tuple[int, int]],
                 user: Knowledge | None = None, learned: Knowledge | None = None,
                 dateline: str | None = None, keep_roles: bool = False, places: Places | None = None):
        self.doc, self.tables, self.date, self.offset = doc, tables, article_date, offset
        self.keep_roles, self.places = keep_roles, places
        self.memory, self.stand_ins, self.blocked = memory, stand_ins, blocked
        self.not_national = tables.not_national
        self.user, self.learned = user, learned
        self.dateline_country = self.country_of_dateline(dateline)
        self.role_max = tables.longest_role
        self.pending: list[Pending] = []
        self.shared: list[ActorMention] = []  # shared-head mentions, added after the pass
        self.by_token: dict[int, ActorMention] = {}  # every token of a mention (filled after pass 1)
        # an organisation named in full, by its head word: "the Commission" after "the European
        # Commission", "the Fund" after "the International Monetary Fund" (None: two share it)
        self.org_short_names: dict[str, Actor | None] = {}
        # a name the article gave a country once: "Iranian Revolutionary Guards" makes a
        # later "Revolutionary Guards" Iranian (None: two countries claimed the name)
        self.names_with_country: dict[str, Actor | None] = {}
        self._article_country: tuple[str | None] | None = None
        self._doc_countries: frozenset[str] | None = None
        # doc.ents and Span.ents rebuild their spans on every call; phrases ask often
        self.ents: tuple[Span, ...] = tuple(doc.ents)
        self.ent_at: dict[int, Span] = {i: e for e in self.ents for i in range(e.start, e.end)}
        # what trim asks of each token, read off the doc's arrays once (a Token object is
        # built on every doc[i]): (text's hash, space after, punctuation, tag's hash, offset, length)
        self.token_facts: list[tuple[int, ...]] = list(zip(*(
            column.tolist() for column in doc.to_array([ORTH, SPACY, IS_PUNCT, TAG, IDX, LENGTH]).T)))
        strings = doc.vocab.strings  # the hashes those facts are compared with ("POS" is a symbol)
        self.dash_hashes = frozenset(strings[d] for d in DASHES)
        self.full_stop_hash, self.possessive_hash = strings["."], strings["POS"]

    # -- helpers -----------------------------------------------------------
    def mention(self, span: Span, actor: Actor, how: str, head: Token) -> ActorMention:
        return ActorMention(
            text=span.text, span=(span.start_char + self.offset, span.end_char + self.offset),
            actor=actor, sentence=-1, how=how, head=head.i,
        )

    def is_blocked(self, span: Span) -> bool:
        return self.is_blocked_at(span.start_char, span.end_char - span.start_char)

    def is_blocked_at(self, char: int, length: int) -> bool:
        s, e = char + self.offset, char + length + self.offset
        return any(s < be and bs < e for bs, be in self.blocked)

    def trim(self, span: Span) -> Span | None:
        """``span`` without a glued-on dateline, outlet or leading punctuation:
        "AFP - Pakistani troops" -> "Pakistani troops"."""
        start, end = span.start, span.end
        facts, dashes, full_stop, possessive = self.token_facts, self.dash_hashes, self.full_stop_hash, self.possessive_hash
        for i in range(span.start, span.end - 1):
            if facts[i][0] in dashes and facts[i][1] and i > 0 and facts[i - 1][1]:
                start = i + 1
        while start < end and (facts[start][2] or self.is_blocked_at(facts[start][4], facts[start][5])):
            start += 1
        while end > start and (facts[end - 1][3] == possessive or facts[end - 1][2] and facts[end - 1][0] != full_stop):
            end -= 1  # "Bobby Fischer's" is Bobby Fischer
        if start >= end:
            return None
        if (start, end) == (span.start, span.end):
            return span
        return Span(self.doc, start, end, label=span.label, span_id=span.id) if span.label else self.doc[start:end]

    def known(self, text: str) -> tuple[Actor | None, str]:
        """A name the user's actor file or the actor memory knows."""
        if self.user is not None:
            actor = self.user.lookup(text, self.date)
            if actor is not None:
                return actor, "user actors"
        if self.learned is not None:
            actor = self.learned.lookup(text, self.date)
            if actor is not None:
                return actor, "actor memory"
        return None, ""

    def entity_actor(self, ent: Span) -> tuple[Actor | None, str]:
        if self.user is not None:
            actor = self.user.lookup(ent.text, self.date)
            if actor is not None:
                return actor, "user actors"
        if ent.ent_id_:
            return actor_from_code(ent.ent_id_, self.tables), f"{ent.label_.lower()} table"
        text = ent.text
        for lookup, how in ((self.tables.lookup_place_name, "place name"),
                            (self.tables.lookup_organization, "organization")):
            actor = lookup(text)
            if actor:
                return actor, how
        iso = self.tables.lookup_adjective(text)
        if iso:
            return actor_from_code(iso, self.tables), "nationality"
        if self.places is not None and (ent.label_ in PLACE_LABELS or self.after_place_noun(ent)):
            actor = self.place_actor(text)
            if actor is not None:
                return actor, "gazetteer"
        return None, ""

    def place_actor(self, name: str) -> Actor | None:
        """"Fallujah", "Chechnya", "Seattle": a city or region stands for its country, as
        CAMEO codes it (the gazetteer weighs the article's countries and population)."""
        place = self.places.resolve(name, self.ranked_countries)
        if place is None or place.feature_class not in ("P", "A") or not self.tables.country(place.country):
            return None
        return Actor(code=place.country, country=place.country, name=place.name, kind="country")

    def after_place_noun(self, name: Span) -> bool:
        """"the city of Aleppo", "the capital Juba": a name a place noun introduces is a
        place, whatever the tagger took it for (it takes many cities for persons or
        organisations, or for no entity at all)."""
        head = name.root.head
        if name.root.dep_ == "pobj" and head.lower_ == "of":
            head = head.head
        elif name.root.dep_ not in ("appos", "compound"):  # "the capital Juba", "Aleppo province"
            return False
        return head.pos_ == "NOUN" and head.lower_ in self.places.place_nouns

    def untagged_place(self, chunk: Span) -> ActorMention | None:
        """A proper name the tagger left untagged, introduced by a place noun: "the city of Aleppo"."""
        head = chunk.root
        if self.places is None or head.pos_ != "PROPN" or head.ent_type_ or not self.after_place_noun(chunk):
            return None
        names = [t for t in chunk if t.pos_ == "PROPN"]
        actor = self.place_actor(self.doc[names[0].i:names[-1].i + 1].text)
        return self.mention(chunk, actor, "gazetteer", head) if actor is not None else None

    def role_in(self, tokens: list[Token], head: Token | None = None) -> tuple[str | None, str, list[Token]]:
        """The role phrase among ``tokens`` (not inside a person's name): the longest
        one that holds ``head`` ("a Japanese citizen hostage" -> "hostage"), else the
        longest, leftmost on a tie."""
        words = tuple(t.text for t in tokens)
        windows = self.tables.role_windows(words, tuple(t.lemma_ for t in tokens),
                                           tuple(t.ent_type_ == "PERSON" for t in tokens), self.role_max)
        found = [(agent, " ".join(words[i:i + n]), tokens[i:i + n]) for agent, i, n in windows]
        # "the Soviet Union", "Soviet Union officials": a word of a country's name is no role
        found = [f for f in found if not any(t.ent_type_ == "GPE" and t.ent_id_ for t in f[2])]
        if not found:
            return None, "", []
        holding = [f for f in found if head is not None and head in f[2]]
        agent, words, window = max(holding or found, key=lambda f: len(f[2]))
        if self.is_former(window[0]):
            agent = "ELI"  # "the former Yugoslav president", "ex-general Yudhoyono"
        return agent, words, window

    def is_former(self, first: Token) -> bool:
        """A word such as "former" before the role, nationality words aside."""
        i = first.i - 1
        while i >= 0 and (self.doc[i].text == "-" or self.doc[i].ent_type_ in ("NORP", "GPE")):
            i -= 1
        return i >= 0 and self.doc[i].lower_ in self.tables.former_words

    def ent_of(self, tok: Token) -> Span | None:
        return self.ent_at.get(tok.i)

    def ents_in(self, span: Span) -> list[Span]:
        """The entities wholly inside ``span``, in order (``span.ents``)."""
        found = dict.fromkeys(self.ent_at[i] for i in range(span.start, span.end) if i in self.ent_at)
        return [e for e in found if e.start >= span.start and e.end <= span.end]

    def country_in(self, tokens: list[Token]) -> tuple[Actor | None, Token | None]:
        """The first country the tokens name: an entity, or a demonym the parser
        put inside another entity or none ("Israeli Army", "its English counterparts")."""
        for t in tokens:
            if t.ent_type_ in ("GPE", "NORP") and t.ent_iob_ in ("B", "I"):
                ent = self.ent_of(t)
                if ent is not None:
                    actor, _ = self.entity_actor(ent)
                    if actor and actor.country:
                        return actor, t
            elif t.ent_type_ == "ORG" and t.ent_id_:
                continue  # "the Inter-American Development Bank": a word of a known organisation's name
            elif t.text[:1].isupper() and t.tag_ in ("JJ", "NNP", "NNPS") and not self.tables.is_ambiguous(t.text):
                iso = self.tables.lookup_adjective(t.text)
                if iso is not None:
                    return actor_from_code(iso, self.tables), t
        return None, None

    def org_in(self, tokens: list[Token]) -> Actor | None:
        """An organisation, group or seat of power named in the phrase: "EU officials",
        "Hezbollah fighters", "Kremlin aides"."""
        for t in tokens:
            if t.ent_type_ == "ORG" and t.ent_iob_ == "B":
                ent = self.ent_of(t)
                actor, _ = self.entity_actor(ent) if ent is not None else (None, "")
                if actor is None and ent is not None:
                    actor = self.learned_name(ent)
                if actor is not None and actor.code:
                    return actor
        return None

    def country_of_dateline(self, dateline: str | None) -> str | None:
        """"SAMARRA, Iraq (Reuters) -" -> IRQ, "BAKU" -> AZE: a country or capital it names."""
        if not dateline:
            return None
        head = dateline.split("(")[0].strip(" -—–")
        parts = [p.strip(" .") for p in head.split(",")]
        for part in reversed(parts):
            actor = self.tables.lookup_place_name(part) if part else None
            if actor is not None and actor.country:
                return actor.country
        # "NEW YORK, March 3 -", "CHICAGO": a city the gazetteer knows (its first part
        # names the city; a dateline names a real place, so a big one)
        city = parts[0] if parts and not any(ch.isdigit() for ch in parts[0]) else ""
        place = self.places.resolve(city.title()) if city and self.places is not None else None
        if place is not None and place.feature_class in ("P", "A") and self.tables.country(place.country) \
                and (place.feature_class == "A" or place.population >= DATELINE_MIN_POPULATION):
            return place.country
        for part in parts[1:]:  # "TRAIL, British Columbia": the region after a small town
            regions = {p.country for p in (self.places.candidates(part) if part and self.places is not None else ())
                       if p.feature_code == "ADM1"}
            if len(regions) == 1 and self.tables.country(next(iter(regions))):
                return next(iter(regions))
        return None

    # -- main --------------------------------------------------------------
    def build(self) -> list[ActorMention]:
        # One pass in reading order, so that "Bayramov" and "the minister"
        # resolve to persons introduced earlier, never later; then the phrases
        # that need the whole article's context are grounded.
        mentions: dict[int, ActorMention] = {}  # by head token
        covered: set[int] = set()
        items: list[tuple[int, int, Span]] = [(c.start, 0, c) for c in self.doc.noun_chunks]
        items += [(e.start, 1, e) for e in self.ents if e.label_ in ACTOR_LABELS]
        items += [(i, 2, self.doc[i:i + 1]) for i in self.subject_pronouns()]
        for _, kind, span in sorted(items, key=lambda x: (x[0], x[1])):
            span = self.trim(span)
            if span is None or self.is_blocked(span) or span.root.i in mentions:
                continue
            if kind == 0:
                m = self.from_chunk(span)
                if m is not None:
                    covered.update(range(span.start, span.end))
            elif any(i in covered for i in range(span.start, span.end)):
                continue
            elif kind == 1:
                m = self.from_entity(span)
            else:
                actor = self.memory.latest()
                m = self.mention(span, actor, "coref:pronoun", span.root) if actor else None
            if m is not None:
                mentions[span.root.i] = m
        for m in self.shared:  # inside their phrase, on a word no other mention is headed by
            mentions.setdefault(m.head, m)
        self.index(mentions.values())
        for p in self.pending:
            self.ground(p)
        kept = [m for m in mentions.values() if m.actor.code is not None or m.how == "unresolved"
                or m.actor.kind == "person" and is_named(m.text) or self.keep_roles and m.how == "role"]
        return sorted(kept, key=lambda m: m.span)

    def subject_pronouns(self) -> list[int]:
        """Where "he" or "she" is a subject, read off the doc's arrays (no Token objects)."""
        strings = self.doc.vocab.strings
        lowers = np.array([strings.add(p) for p in PRONOUNS], dtype=np.uint64)
        deps = np.array([strings.add(d) for d in ("nsubj", "nsubjpass")], dtype=np.uint64)
        rows = self.doc.to_array([LOWER, DEP])
        return np.flatnonzero(np.isin(rows[:, 0], lowers) & np.isin(rows[:, 1], deps)).tolist()

    def index(self, mentions) -> None:
        for m in mentions:
            span = self.doc.char_span(m.span[0] - self.offset, m.span[1] - self.offset, alignment_mode="expand")
            for t in span if span is not None else ():
                cur = self.by_token.get(t.i)
                if cur is None or (cur.span[1] - cur.span[0]) > (m.span[1] - m.span[0]):
                    self.by_token[t.i] = m

    def from_entity(self, ent: Span) -> ActorMention | None:
        if ent.label_ in NAME_LABELS:
            return self.person(ent, ent, None, "", None)
        actor, how = self.entity_actor(ent)
        if actor is None:
            if ent.label_ != "ORG":
                return None
            short = self.org_short_name(ent)
            if short is not None:
                return short
            learned = self.learned_name(ent)
            if learned is not None:  # "the Republican Guard" after "the Iraqi Republican Guard"
                return self.mention(ent, learned, "coref:name", ent.root)
            # A named organisation we cannot code: its role word may still say what
            # it is ("the Supreme Court", "the Labour Party"), the context whose.
            if len(ent) == 1 and ent.root.lower_ in self.stand_ins:
                return None  # "State" of "Secretary of State", tagged as a name
            agent, _, window = self.role_in(list(ent), ent.root)
            if ent.root not in window:
                agent = None  # a role word that only modifies the name says nothing: "General Motors"
            if agent is None and self.may_be_person(ent):  # the tagger takes "Bayramov" for an organisation
                known = self.memory.recall(ent.text)
                if known is not None:
                    self.memory.recent.append((known, ""))
                    return self.mention(ent, known, "coref:name", ent.root)
                found, how = self.outside_person(ent.text)
                if found is not None:
                    self.memory.learn(ent.text, found)
                    return self.mention(ent, found, how, ent.root)
            m = self.mention(ent, Actor(code=None, agent=agent, name=ent.text, kind="unknown"), "unresolved", ent.root)
            self.note_org_name(ent, None)  # an uncoded "Securities and Exchange Commission" shares the word too
            if agent is not None:
                self.pending.append(Pending(m, ent.root, agent, "org"))
            return m
        if actor.kind == "country" and not actor.agent and self.acts(ent.root) and self.tables.is_capital(ent.text) \
                and not ent.text.isupper():  # "ISLAMABAD, Pakistan :" is a dateline, not a government
            # "Moscow said", "Beijing protested": a capital that acts is its government
            actor, how = with_agent(actor, "GOV"), "capital as government"
        m = self.mention(ent, actor, how, ent.root)
        if actor.code and actor.code.startswith("IMG"):
            self.pending.append(Pending(m, ent.root, actor.code[3:6], "group"))
        if how in ORGANISATION_HOWS:
            self.note_org_name(ent, actor)
        return m

    def learn_names(self, chunk: Span, country_token: Token | None, actor: Actor) -> None:
        """Remember the organisation names inside a phrase that a demonym grounds ("the
        Iraqi Republican Guard"), for the article's later bare mentions of them: its
        organisation entities, or the proper nouns after the demonym up to the phrase's end."""
        names = []
        for ent in self.ents_in(chunk):
            if ent.label_ != "ORG":
                continue
            if country_token is not None and ent.start <= country_token.i < ent.end:
                if country_token.i != ent.start:
                    continue
                ent = ent[1:]  # "Iraqi Republican Guard" names "Republican Guard"
            names.append(ent)
        if not names and country_token is not None and country_token.i + 1 < chunk.end:
            rest = self.doc[country_token.i + 1:chunk.end]
            if all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in rest):
                names.append(rest)  # untagged: "the Iraqi Republican Guard"
        for name in names:
            key = name_key(name)
            if key:
                known = self.names_with_country.get(key, actor)
                self.names_with_country[key] = actor if known is not None and known.code == actor.code else None

    def learned_name(self, ent: Span) -> Actor | None:
        known = self.names_with_country.get(name_key(ent))
        return replace(known) if known is not None else None

    def note_org_name(self, ent: Span, actor: Actor | None) -> None:
        """Remember a full organisation name by its head word, for :meth:`org_short_name`."""
        if len(ent) > 1 and ent.root.text[:1].isupper():
            head = ent.root.text.lower()
            known = self.org_short_names.get(head, actor)
            same = known is not None and actor is not None and known.code == actor.code
            self.org_short_names[head] = actor if same else None

    def org_short_name(self, span: Span) -> ActorMention | None:
        """"the Commission", "the Fund": the head word of an organisation named in full before."""
        head = span.root
        if not head.text[:1].isupper() or any(t.i != head.i and t.lower_ not in ("the", "'s") for t in span):
            return None
        known = self.org_short_names.get(head.text.lower())
        return self.mention(span, replace(known), "coref:short name", head) if known is not None else None

    @staticmethod
    def acts(tok: Token) -> bool:
        """The subject of an active verb (or of its conjunct): "Moscow said", "Tokyo and Seoul agreed"."""
        while tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head
        return tok.dep_ == "nsubj" and tok.head.pos_ in ("VERB", "AUX")

    @staticmethod
    def may_be_person(ent: Span) -> bool:
        """A short run of capitalised proper nouns, as a person's name is."""
        return len(ent) <= 3 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in ent)

    def from_chunk(self, chunk: Span) -> ActorMention | None:
        tokens = list(chunk)
        person = next((e for e in self.ents_in(chunk) if e.label_ in NAME_LABELS), None)
        agent, role_words, role_tokens = self.role_in(tokens, chunk.root)
        country, country_token = self.country_in(tokens)
        head = chunk.root
        if country is None:
            country = self.country_from_of(head)
        if person is not None and len(person) == 1 and person.root.i == head.i:
            people = self.people_noun(chunk, head)  # "a kidnapped Briton", tagged as a name
            if people is not None:
                return people
        if person is None and role_tokens:
            person = self.untagged_name(chunk, role_tokens)
        if person is not None and person.root.i == head.i:
            if role_tokens and role_tokens[-1].tag_ in ("NNS", "NNPS"):
                agent, role_words = None, ""  # "refugees" is not a person's title
            if agent is None and country is None:
                return None  # a bare name: left to from_entity
            return self.person(chunk, self.trim(person) or person, country, role_words, agent,
                               self.org_in(tokens))
        role_head = next((t for t in reversed(role_tokens) if t.dep_ != "case"), None)  # not the "'s"
        if agent is not None and head not in role_tokens and role_head is not None and role_head.dep_ == "poss" \
                and role_head.head.i == head.i:
            # "the government's decision", "the Kenyan army's offensive": the phrase names
            # its owner, who is the actor; the phrase up to the owner is resolved as one
            owner = self.doc[chunk.start:role_head.i + 1]
            if owner.root.i == role_head.i:
                return self.from_chunk(owner)
        if agent is None or head not in role_tokens:
            place = self.untagged_place(chunk) if country is None else None
            if place is not None:
                return place
            if head.lemma_.lower() in self.stand_ins and country is not None:
                return self.mention(chunk, country, "stand-in noun", head)
            return self.anaphor(chunk, head) or self.people_noun(chunk, head) or self.org_short_name(chunk)
        if country is not None:
            actor = with_agent(country, agent)
            self.shared_head_mentions(chunk, tokens, country_token, agent, head)
            self.learn_names(chunk, country_token, actor)
            return self.mention(chunk, actor, "role+country", head)
        org = self.org_in(tokens)
        if org is not None:  # "EU officials", "Hezbollah fighters": the organisation acts
            m = self.mention(chunk, org, "role+organization", head)
            if org.code.startswith("IMG"):
                self.pending.append(Pending(m, head, org.code[3:6], "group"))
            return m
        owner = self.person_in(chunk, person)
        if owner is not None:  # "the Bush administration": the person's country
            return self.mention(chunk, with_agent(Actor(code=owner.country, country=owner.country,
                                                        name=owner.name, kind="country"), agent),
                                "role+person", head)
        # a role without a country: "the minister" refers back to a person
        latest = self.memory.latest(head.lemma_.lower(), agent) if head.tag_ != "NNS" else None
        if latest is not None and any(t.lower_ in ("the", "this") for t in tokens):
            return self.mention(chunk, latest, "coref:role", head)
        owner = self.unknown_owner(chunk, role_tokens)
        if owner is not None:  # "a Cominco spokesman": whose, we cannot code
            return self.mention(chunk, Actor(code=None, agent=agent, name=owner.text, kind="unknown"),
                                "unresolved", head)
        if any(t.lower_ in self.not_national for t in tokens):
            return None  # "foreign fighters", "international observers": not the context's
        # Left for the context to ground; a named organisation ("the Supreme
        # Court") is kept even if it cannot be, a bare "militants" is not.
        named = self.ent_of(head) if head.ent_type_ == "ORG" else None
        actor = Actor(code=None, agent=agent, name=named.text if named else None, kind="unknown")
        m = self.mention(chunk, actor, "unresolved" if named else "role", head)
        self.pending.append(Pending(m, head, agent, "org" if named else "role"))
        return m

    def shared_head_mentions(self, chunk: Span, tokens: list[Token], country_token: Token | None,
                             agent: str | None, head: Token) -> None:
        """"Iraqi and American officials": the first demonym gives the phrase its actor;
        each demonym conjoined with it is a mention of its own, on its own word, with the
        same role (``how`` "role+country, shared head"), so that the phrase names both."""
        if country_token is None or country_token.i == head.i:
            return
        inside = {t.i for t in tokens}
        for conj in country_token.conjuncts:
            if conj.i not in inside or conj.i == head.i:
                continue
            partner, _ = self.country_in([conj])
            if partner is None or partner.country is None:
                continue
            span = self.doc[conj.i:conj.i + 1]
            self.shared.append(self.mention(span, with_agent(partner, agent), SHARED_HEAD, conj))

    def unknown_owner(self, chunk: Span, role_tokens: list[Token]) -> Span | None:
        """A name in the phrase, besides the role itself, that we cannot code
        ("a Cominco spokesman"; not "a Senate committee", whose name is the role)."""
        role = {t.i for t in role_tokens}
        for ent in self.ents_in(chunk):
            if ent.label_ in OWNER_LABELS and not (ent.start <= chunk.root.i < ent.end) \
                    and not all(i in role for i in range(ent.start, ent.end)):
                if self.entity_actor(ent)[0] is None:
                    return ent
        return None

    def untagged_name(self, chunk: Span, role_tokens: list[Token]) -> Span | None:
        """A name the tagger missed after a title: "General Pinochet",
        "President General Pervez Musharraf" -> "Pinochet", "Pervez Musharraf"."""
        head = chunk.root
        last = role_tokens[-1]
        if head.pos_ != "PROPN" or head in role_tokens or last.i >= head.i:
            return None
        name = self.doc[last.i + 1:head.i + 1]
        if all(t.pos_ == "PROPN" and t.ent_type_ in ("", "PERSON") and t.text[:1].isupper() for t in name):
            return name
        return None

    def anaphor(self, chunk: Span, head: Token) -> ActorMention | None:
        """"the country", "the Islamic group", "his country": a noun that refers back to
        an actor named before. Left pending (unresolved) until the article's mentions are
        indexed; :meth:`antecedent` then finds the actor."""
        refers_to = self.tables.anaphors.get(head.lemma_.lower()) if head.tag_ == "NN" else None
        if refers_to is None:
            return None
        determiners = [c for c in head.children if c.dep_ in ("det", "poss")]
        if len(determiners) != 1 or determiners[0].lower_ not in ANAPHOR_DETERMINERS:
            return None  # "a group", "an international rights group": someone new
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
            return None  # "the group of Iraqis", "the country of origin"
        if any(t.ent_id_ for t in chunk if t.i != head.i):
            return None  # "the Hamas group": named, left to the entity
        m = self.mention(chunk, Actor(code=None, agent=None, name=None, kind="unknown"), "anaphor", head)
        self.pending.append(Pending(m, head, None, refers_to))
        return m

    def antecedent(self, p: Pending) -> ActorMention | None:
        """The nearest actor before an anaphor, in its sentence or the two before, of the
        kind it refers to; "his country" takes the person named last."""
        possessive = next((c.lower_ for c in p.head.children if c.dep_ == "poss"), None)
        start = p.head.sent.start
        for _ in range(2):
            if start > 0:
                start = self.doc[start - 1].sent.start
        seen: set[int] = set()
        for i in range(p.head.left_edge.i - 1, start - 1, -1):
            m = self.by_token.get(i)
            if m is None or id(m) in seen or m.actor.code is None or m.how == "anaphor":
                continue
            seen.add(id(m))
            actor = m.actor
            if possessive in PERSON_POSSESSIVES:
                if actor.kind == "person" and actor.country:
                    return m
            elif p.kind == "country":
                if actor.country:
                    return m
            elif actor.kind in ("igo", "group") or m.how in ORGANISATION_HOWS:
                return m
        return None

    def people_noun(self, chunk: Span, head: Token) -> ActorMention | None:
        """"six Iraqis", "a Briton", "thousands of Italians": people of a country (CVL)."""
        iso = self.tables.lookup_adjective(head.text) if head.pos_ in ("NOUN", "PROPN") else None
        if iso is None or self.tables.lookup_place_name(head.text) is not None:
            return None  # "a US" (court) is no person
        counted = any(c.dep_ in ("nummod", "quantmod") or c.lower_ in COUNTING_WORDS for c in head.children)
        if not counted and head.dep_ == "pobj" and head.head.lower_ == "of":
            counted = head.head.head.lower_ in self.tables.people_counts
        if not counted:
            return None
        return self.mention(chunk, actor_from_code(iso + "CVL", self.tables), "people noun", head)

    def person_in(self, chunk: Span, person: Span | None) -> Actor | None:
        """A known person inside a role phrase ("Saddam Hussein's aides")."""
        if person is None:
            return None
        actor = self.memory.recall(person.text) or self.outside_person(person.text)[0]
        return actor if actor is not None and actor.country else None

    def country_from_of(self, head: Token) -> Actor | None:
        """"the foreign minister of Azerbaijan"."""
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and pobj.ent_type_ == "GPE":
                        actor, _ = self.country_in([pobj])
                        return actor
        return None

    def person(self, span: Span, name: Span, country: Actor | None, role: str, agent: str | None,
               org: Actor | None = None) -> ActorMention:
        name, title_agent, title = self.bare_name(name)
        if agent is None and title_agent is None:
            title_agent, title = self.title_before(name)  # "President Bush's tour": the title outside the name
        if agent is None:
            agent, role = title_agent, title
        text = name.text
        user = self.user.lookup(text, self.date) if self.user is not None else None
        if user is not None:  # the user's word overrides even the text's titles
            self.memory.learn(text, user, role)
            return self.mention(span, user, "user actors", name.root)
        # appositions: "Sergey Lavrov, the foreign minister of Russia"
        if country is None and agent is None:
            for child in name.root.children:
                if child.dep_ == "appos":
                    sub = list(child.subtree)
                    agent, role, _ = self.role_in(sub)
                    country, _ = self.country_in(sub)
                    if country is None:
                        country = self.country_from_of(child)
                    org = org or self.org_in(sub)
                    break
        if agent is not None and country is not None:
            actor = Actor(code=country.country + agent, country=country.country, agent=agent, name=text, kind="person")
            self.memory.learn(text, actor, role)
            return self.mention(span, actor, "title+name", name.root)
        if agent is not None and org is not None:  # "EU farm commissioner Franz Fischler"
            actor = Actor(code=org.code, name=text, kind="person")
            self.memory.learn(text, actor, role)
            return self.mention(span, actor, "title+organization", name.root)
        recalled = self.memory.recall(text)
        if recalled is not None:
            self.memory.recent.append((recalled, role.lower()))
            return self.mention(span, recalled, "coref:name", name.root)
        found, how = self.outside_person(text, role)
        if found is not None:
            if agent is not None and found.country:  # the title in the text is today's role
                found = Actor(code=found.country + agent, country=found.country, agent=agent, name=found.name,
                              kind="person")
                how += "+title"
            self.memory.learn(text, found, role)
            return self.mention(span, found, how, name.root)
        actor = Actor(code=None, agent=agent, name=text, kind="person")
        self.memory.learn(text, actor, role)
        m = self.mention(span, actor, "unresolved", name.root)
        if agent is not None:  # "President Chavez": a title, maybe a country from the context
            self.pending.append(Pending(m, name.root, agent, "person"))
        return m

    def outside_person(self, text: str, title: str = "") -> tuple[Actor | None, str]:
        """A person the article does not introduce: the actor memory, then the dated
        person table by full name, then by surname alone (helped by the title)."""
        found, how = self.known(text)
        if found is None:
            found, how = self.tables.lookup_person(text, self.date), "person table"
        if found is None and len(text.split()) == 1:
            found = self.tables.lookup_surname(text, self.date, self.doc_countries, title)
            how = "person table:surname"
        return found, how

    def bare_name(self, name: Span) -> tuple[Span, str | None, str]:
        """The name without the titles the parser left in it ("General Pervez
        Musharraf", "Mr. Bayramov"), the agent those titles give and their words."""
        start, agent = name.start, None
        while start < name.end - 1:
            word = self.doc[start].text
            role = self.tables.agent_of_phrase(word)
            if role is None and not self.tables.is_honorific(word):
                break
            agent = agent or role
            start += 1
        title = " ".join(t.text for t in self.doc[name.start:start] if self.tables.agent_of_phrase(t.text))
        return (self.doc[start:name.end] if start > name.start else name), agent, title

    def title_before(self, name: Span) -> tuple[str | None, str]:
        """The title words right before a name, as the name's compounds: "President" in
        "President Bush's tour" (the chunk is the tour's, so the name came alone)."""
        words, i = [], name.start - 1
        while i >= 0 and self.doc[i].dep_ == "compound" and self.doc[i].head.i == name.root.i \
                and self.tables.agent_of_phrase(self.doc[i].text):
            words.insert(0, self.doc[i].text)
            i -= 1
        if not words:
            return None, ""
        title = " ".join(words)
        return self.tables.agent_of_phrase(title) or self.tables.agent_of_phrase(words[-1]), title

    @property
    def doc_countries(self) -> frozenset[str]:
        """Countries the entity ruler found anywhere in the article."""
        if self._doc_countries is None:
            self._doc_countries = frozenset(self.ranked_countries)
        return self._doc_countries

    @functools.cached_property
    def ranked_countries(self) -> list[str]:
        """The article's countries, the most named first (the gazetteer's context)."""
        counts = Counter(e.ent_id_[:3] for e in self.ents if e.ent_id_ and self.tables.country(e.ent_id_[:3]))
        return [c for c, _ in counts.most_common()]

    # -- context -------------------------------------------------------------
    def ground(self, p: Pending) -> None:
        """Give a pending mention the country its context gives, if any; the rule
        that gave it is recorded in ``how`` ("role+place", "person+article")."""
        if p.kind in ("country", "organisation"):
            self.ground_anaphor(p)
            return
        iso, rule = self.context_country(p)
        if iso is None:
            return
        actor = p.mention.actor
        if self.tables.country(iso) is None:  # "its officials" after "the EU": the organisation
            actor.code, actor.country, actor.agent, actor.kind = iso, None, None, "igo"
        else:
            actor.code, actor.country, actor.agent = iso + (p.agent or ""), iso, p.agent
            if p.kind in ("role", "org"):
                actor.kind = "country"
        p.mention.how = f"{p.kind}+{rule}"

    def ground_anaphor(self, p: Pending) -> None:
        found = self.antecedent(p)
        if found is None:
            return
        actor, source = p.mention.actor, found.actor
        if p.kind == "country":  # "the country" is the country, not its minister
            actor.code, actor.country, actor.agent, actor.kind = source.country, source.country, None, "country"
            entry = self.tables.country(source.country)
            actor.name = entry.name if entry is not None else source.name
        else:
            actor.code, actor.country, actor.agent = source.code, source.country, source.agent
            actor.kind, actor.name = source.kind, source.name
        p.mention.how = f"coref:{p.kind}"

    def context_country(self, p: Pending) -> tuple[str | None, str]:
        """The country the context gives, by the first rule that applies, surest first:

        * its: "its forces", "their leaders" belong to the country (or
          organisation) named last before them, in the sentence or the one before;
        * place: a place phrase on the phrase itself names a country ("police in
          Baghdad", "al-Qaeda fighters in Afghanistan");
        * article: the countries the article names by itself, with its dateline's,
          are one country. (A dateline alone is not enough: reporters file from
          London and Washington about the Gulf.)

        Transnational groups (IMG) and titled persons unknown to every table take
        only a place: the text must say where a group acts, and leaders travel.
        """
        if p.kind in ("role", "org"):
            owner = self.possessor(p.head)
            if owner is not None:
                return owner, "its"
        iso = self.place_country(p.head)
        if iso is not None:
            return iso, "place"
        if p.kind in ("group", "person"):
            return None, ""
        iso = self.article_country()
        return (iso, "article") if iso is not None else (None, "")

    def possessor(self, head: Token) -> str | None:
        """"its forces" -> the code of the last country or organisation named before;
        "his government" -> the country of the last person named before."""
        possessive = next((c.lower_ for c in head.children if c.dep_ == "poss"), None)
        if possessive not in POSSESSIVE_PRONOUNS | PERSON_POSSESSIVES:
            return None
        sent = head.sent
        start = sent.start
        if start > 0:
            start = self.doc[start - 1].sent.start
        for i in range(head.i - 1, start - 1, -1):
            m = self.by_token.get(i)
            if m is None or not m.actor.code:
                continue
            if possessive in PERSON_POSSESSIVES:
                if m.actor.kind == "person" and m.actor.country:
                    return m.actor.country
            elif m.actor.kind in ("country", "igo") and m.how in SELF_EVIDENT:
                return m.actor.country or m.actor.code
        return None

    def place_country(self, head: Token) -> str | None:
        """Country of a place phrase on the phrase itself: "police in Baghdad",
        "rebels based in Darfur". (Not the clause's place: "militants attacked
        U.S. troops in Kabul" says where the attack was, not whose militants.)"""
        anchors = [head] + [c for c in head.children if c.dep_ == "acl"]
        for anchor in anchors:
            for prep in anchor.children:
                if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS:
                    continue
                for pobj in prep.children:
                    m = self.by_token.get(pobj.i) if pobj.dep_ == "pobj" else None
                    if m is not None and m.actor.country and m.actor.kind == "country" and m.how in SELF_EVIDENT:
                        return m.actor.country
        return None

    def article_country(self) -> str | None:
        """The one country the article names by itself (names, demonyms, capitals, dateline)."""
        if self._article_country is None:
            mentions = {id(m): m for m in self.by_token.values()}.values()
            # (cities found in the gazetteer count too: "Russian troops shelled Kharkiv" names two)
            countries = {m.actor.country for m in mentions
                         if m.actor.country and (m.how in SELF_EVIDENT or m.how == "gazetteer")}
            countries |= self.doc_countries  # also those inside a phrase: "Iraqi and American officials"
            if self.dateline_country:
                countries.add(self.dateline_country)
            self._article_country = (next(iter(countries)),) if len(countries) == 1 else (None,)
        return self._article_country[0]


def resolve_mentions(doc: Doc, tables, article_date: date | None, *, offset: int = 0,
                     memory: PersonMemory | None = None, stand_ins: frozenset[str] = frozenset(),
                     blocked: list[tuple[int, int]] | None = None, user_actors: Knowledge | None = None,
                     actor_memory: Knowledge | None = None, dateline: str | None = None,
                     keep_roles: bool = False, places: Places | None = None) -> list[ActorMention]:
    """Every actor mention in ``doc``; spans shifted by ``offset`` into the article text.

    ``keep_roles`` also returns the role phrases the article's context could not
    ground ("militants" in a story naming two countries), with ``how="role"`` and
    no code: the events stage may ground them in one event's own context (its
    place, the other party). No other stage should take them for actors.
    ``places`` (a gazetteer) resolves the cities and regions the tables do not
    know to their country ("Fallujah" -> IRQ, how "gazetteer").

    ``blocked`` spans (outlets such as "Trend reports") never yield actors.
    ``user_actors`` (the user's actor file) overrides every other source;
    ``actor_memory`` (what earlier articles taught) comes after the text itself;
    ``dateline`` is the article's dateline text, one of the contexts for
    phrases without a country.
    """
    builder = MentionBuilder(doc, tables, article_date, offset, memory or PersonMemory(),
                             stand_ins, blocked or [], user_actors, actor_memory, dateline, keep_roles, places)
    mentions = builder.build()
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    for m in mentions:
        m.sentence = sent_index[doc[m.head].sent.start]
    return mentions


# Mentions whose code the article itself states for a named person: what the
# actor memory may learn. (Not "person table" or "actor memory": those it knew.)
TEACHING = frozenset({"title+name", "title+organization"})


@dataclass(frozen=True)
class Lesson:
    """What an article says about a person: "Jeyhun Bayramov" is AZEGOV, as
    "Azerbaijani Foreign Minister"."""

    name: str
    code: str
    said_as: str  # the words around the name that gave the code


def lessons(mentions: list[ActorMention]) -> list[Lesson]:
    """The facts about persons ``mentions`` state (titles, appositions), once each."""
    out: dict[tuple[str, str], Lesson] = {}
    for m in mentions:
        if m.how not in TEACHING or not m.actor.code or not m.actor.name or not is_named(m.actor.name):
            continue
        said_as = " ".join(m.text.replace(m.actor.name, " ").split()).strip(" ,")
        out.setdefault((m.actor.name, m.actor.code), Lesson(m.actor.name, m.actor.code, said_as))
    return list(out.values())


def unresolved_names(mentions: list[ActorMention]) -> list[ActorMention]:
    """Named actors that nothing could code (``code`` null): what users may add."""
    return [m for m in mentions if m.actor.code is None and m.actor.kind in ("person", "unknown")
            and is_named(m.actor.name or m.text)]
