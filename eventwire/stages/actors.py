"""Actor mentions: who is named in the text, resolved to CAMEO actor codes.

Entry point: :func:`resolve_mentions`. It reads the parsed doc (whose entity
ruler already marked countries, demonyms, capitals and organisations with
their codes) and builds one :class:`ActorMention` per actor reference:

* entities: "Armenia" -> ARM, "the Kremlin" -> RUSGOV, "NATO" -> IGONATO;
* role phrases: a role word plus a country in the same noun phrase
  ("Azerbaijani Foreign Minister Jeyhun Bayramov" -> AZEGOV,
  "his Russian counterpart Sergey Lavrov" -> RUSGOV, "Azerbaijani MFA");
* persons met again later in the article by surname ("Bayramov"), by role
  ("the minister") or as a subject pronoun ("he"), through a
  :class:`PersonMemory` that lives as long as one article;
* persons in the dated person table, valid on the article date.

A named actor that cannot be resolved is kept with ``code=None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from eventwire.records import Actor, ActorMention

PRONOUNS = frozenset({"he", "she"})
NAME_LABELS = frozenset({"PERSON"})
ACTOR_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"})


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

    def latest(self, role_word: str | None = None) -> Actor | None:
        for actor, role in reversed(self.recent):
            if role_word is None or role_word in role.split():
                return actor
        return None


def actor_from_code(code: str, tables, name: str | None = None) -> Actor:
    """An Actor from a CAMEO actor code such as ``AZEGOV``, ``ARM`` or ``IGOUN``."""
    country = code[:3] if tables.country(code[:3]) else None
    if country:
        agent = code[3:6] or None
        entry = tables.country(country)
        return Actor(code=code, country=country, agent=agent, name=name or entry.name, kind="country")
    kind = "igo" if code.startswith("IGO") else "group"
    return Actor(code=code, country=None, agent=None, name=name, kind=kind)


def with_agent(actor: Actor, agent: str | None) -> Actor:
    if not agent or not actor.country or actor.agent:
        return actor
    return Actor(code=actor.country + agent, country=actor.country, agent=agent, name=actor.name, kind=actor.kind)


class MentionBuilder:
    """Builds mentions for one doc; holds the per-article person memory."""

    def __init__(self, doc: Doc, tables, article_date: date | None, offset: int,
                 memory: PersonMemory, stand_ins: frozenset[str], blocked: list[tuple[int, int]]):
        self.doc, self.tables, self.date, self.offset = doc, tables, article_date, offset
        self.memory, self.stand_ins, self.blocked = memory, stand_ins, blocked
        self.role_max = max((len(w.split()) for w in tables.role_words()), default=1)

    # -- helpers -----------------------------------------------------------
    def mention(self, span: Span, actor: Actor, how: str, head: Token) -> ActorMention:
        return ActorMention(
            text=span.text, span=(span.start_char + self.offset, span.end_char + self.offset),
            actor=actor, sentence=-1, how=how, head=head.i,
        )

    def is_blocked(self, span: Span) -> bool:
        s, e = span.start_char + self.offset, span.end_char + self.offset
        return any(s < be and bs < e for bs, be in self.blocked)

    def entity_actor(self, ent: Span) -> tuple[Actor | None, str]:
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
        return None, ""

    def role_in(self, tokens: list[Token]) -> tuple[str | None, str, list[Token]]:
        """Longest role phrase among ``tokens`` (not inside a person's name)."""
        best: tuple[str | None, str, list[Token]] = (None, "", [])
        for i in range(len(tokens)):
            for n in range(min(self.role_max, len(tokens) - i), 0, -1):
                window = tokens[i:i + n]
                if any(t.ent_type_ in ("PERSON",) for t in window):
                    continue
                words = " ".join(t.text for t in window)
                agent = self.tables.agent_for(words)
                if agent is None and n == 1:
                    agent = self.tables.agent_for(window[0].lemma_)
                if agent and n > len(best[2]):
                    best = (agent, words, window)
                    break
        return best

    def country_in(self, tokens: list[Token]) -> tuple[Actor | None, Token | None]:
        for t in tokens:
            if t.ent_type_ in ("GPE", "NORP") and t.ent_iob_ in ("B", "I"):
                ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
                if ent is not None:
                    actor, _ = self.entity_actor(ent)
                    if actor and actor.country:
                        return actor, t
        return None, None

    # -- main --------------------------------------------------------------
    def build(self) -> list[ActorMention]:
        # One pass in reading order, so that "Bayramov" and "the minister"
        # resolve to persons introduced earlier, never later.
        mentions: dict[int, ActorMention] = {}  # by head token
        covered: set[int] = set()
        items: list[tuple[int, int, Span]] = [(c.start, 0, c) for c in self.doc.noun_chunks]
        items += [(e.start, 1, e) for e in self.doc.ents if e.label_ in ACTOR_LABELS]
        items += [(t.i, 2, self.doc[t.i:t.i + 1]) for t in self.doc
                  if t.lower_ in PRONOUNS and t.dep_ in ("nsubj", "nsubjpass")]
        for _, kind, span in sorted(items, key=lambda x: (x[0], x[1])):
            if self.is_blocked(span) or span.root.i in mentions:
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
        return sorted(mentions.values(), key=lambda m: m.span)

    def from_entity(self, ent: Span) -> ActorMention | None:
        if ent.label_ in NAME_LABELS:
            return self.person(ent, ent, None, "", None)
        actor, how = self.entity_actor(ent)
        if actor is None:
            if ent.label_ == "ORG":  # a named organisation we cannot code: kept, code null
                return self.mention(ent, Actor(code=None, name=ent.text, kind="unknown"), "unresolved", ent.root)
            return None
        return self.mention(ent, actor, how, ent.root)

    def from_chunk(self, chunk: Span) -> ActorMention | None:
        if self.is_blocked(chunk):
            return None
        tokens = list(chunk)
        person = next((e for e in chunk.ents if e.label_ in NAME_LABELS), None)
        agent, role_words, role_tokens = self.role_in(tokens)
        country, _ = self.country_in(tokens)
        head = chunk.root
        if country is None:
            country = self.country_from_of(head)
        if person is not None and person.root.i == head.i:
            if agent is None and country is None:
                return None  # a bare name: left to from_entity
            return self.person(chunk, person, country, role_words, agent)
        if agent is None or head not in role_tokens:
            if head.lemma_.lower() in self.stand_ins and country is not None:
                return self.mention(chunk, country, "stand-in noun", head)
            return None
        if country is not None:
            actor = with_agent(country, agent)
            return self.mention(chunk, actor, "role+country", head)
        # a role without a country: "the minister" refers back to a person
        latest = self.memory.latest(head.lemma_.lower()) if head.tag_ != "NNS" else None
        if latest is not None and any(t.lower_ in ("the", "this") for t in tokens):
            return self.mention(chunk, latest, "coref:role", head)
        return None

    def country_from_of(self, head: Token) -> Actor | None:
        """"the foreign minister of Azerbaijan"."""
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and pobj.ent_type_ == "GPE":
                        actor, _ = self.country_in([pobj])
                        return actor
        return None

    def person(self, span: Span, name: Span, country: Actor | None, role: str, agent: str | None) -> ActorMention:
        text = name.text
        # appositions: "Sergey Lavrov, the foreign minister of Russia"
        if country is None and agent is None:
            for child in name.root.children:
                if child.dep_ == "appos":
                    sub = list(child.subtree)
                    agent, role, _ = self.role_in(sub)
                    country, _ = self.country_in(sub)
                    if country is None:
                        country = self.country_from_of(child)
                    break
        if agent is not None and country is not None:
            actor = Actor(code=country.country + agent, country=country.country, agent=agent, name=text, kind="person")
            self.memory.learn(text, actor, role)
            return self.mention(span, actor, "title+name", name.root)
        known = self.memory.recall(text)
        if known is not None:
            self.memory.recent.append((known, ""))
            return self.mention(span, known, "coref:name", name.root)
        dated = self.tables.lookup_person(text, self.date)
        if dated is not None:
            self.memory.learn(text, dated, "")
            return self.mention(span, dated, "person table", name.root)
        actor = Actor(code=None, name=text, kind="person")
        return self.mention(span, actor, "unresolved", name.root)


def resolve_mentions(doc: Doc, tables, article_date: date | None, *, offset: int = 0,
                     memory: PersonMemory | None = None, stand_ins: frozenset[str] = frozenset(),
                     blocked: list[tuple[int, int]] | None = None) -> list[ActorMention]:
    """Every actor mention in ``doc``; spans shifted by ``offset`` into the article text.

    ``blocked`` spans (outlets such as "Trend reports") never yield actors.
    """
    builder = MentionBuilder(doc, tables, article_date, offset, memory or PersonMemory(),
                             stand_ins, blocked or [])
    mentions = builder.build()
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    for m in mentions:
        m.sentence = sent_index[doc[m.head].sent.start]
    return mentions
