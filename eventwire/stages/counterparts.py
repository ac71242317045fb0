"""Counterparts: the other party of an article, for events whose sentence names no target.

Entry point: :func:`add_counterpart_targets`. News stories are mostly about two parties,
and a sentence often leaves the second one to the sentences around it: "The UN Security
Council passed a resolution on Darfur. ... Sudan condemned it as unfair." Such an event
takes as its target the actor of another country (or another international organisation)
that the article names most often outside the event's own sentence; a tie goes to the one
named last before the event. A story that names the source's own country more than twice
as often as any other party is about home affairs and gives no counterpart. The target is
a guess from the article, not from the sentence: the event says so in its notes and loses
confidence.

Only events with a source and no target are touched, never reciprocal ones, and only
those of the roots the caller names (``CoderConfig.counterpart_roots``). Places the gazetteer
resolved ("talks in Geneva") and names after a place preposition ("talks in Delhi") are
where, not whom, and are never counterparts.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from eventwire.records import ActorMention
from eventwire.stages.events import SYMMETRIC_ROOTS, FoundEvent

COUNTERPART_PENALTY = 0.2
# The source's own country named more than twice as often as any other party: the story
# is about its home affairs, and a foreign party is no counterpart
DOMESTIC_RATIO = 2
INTERNATIONAL = ("IGO", "NGO", "IMG", "MNC", "INT")
# "talks in Delhi", "a summit at Camp David": a name after these is where, not whom
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})


def party_of(m: ActorMention) -> str | None:
    """The party an actor belongs to, as event data compares them: its country, or the
    organisation for an international actor (``IGOUN``), else its code."""
    code = m.actor.code
    if code is None:
        return None
    if code[:3] in INTERNATIONAL:
        return code[:6]
    return m.actor.country or code[:3]


def is_place(m: ActorMention, doc: Doc) -> bool:
    """A mention that names where something happens: resolved by the gazetteer, or the
    object of a place preposition."""
    if m.how == "gazetteer":
        return True
    if m.head is None:
        return False
    head = doc[m.head]
    return head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPS


def counterpart(event: FoundEvent, parties: list[ActorMention]) -> ActorMention | None:
    """The most named of ``parties`` other than the event's source, outside its sentence;
    ties go to the party named last before the event."""
    own = party_of(event.source)
    named = [m for m in parties if m.sentence != event.sentence]
    candidates = [m for m in named if party_of(m) not in (None, own)]
    if not candidates:
        return None
    counts = Counter(party_of(m) for m in candidates)
    if sum(party_of(m) == own for m in named) > DOMESTIC_RATIO * max(counts.values()):
        return None  # a story of the source's home affairs: whom it acts on is at home
    before = [m for m in candidates if m.sentence < event.sentence]
    last_before = {party_of(m): i for i, m in enumerate(before)}
    best = max(counts, key=lambda p: (counts[p], last_before.get(p, -1)))
    of_best = [m for m in candidates if party_of(m) == best]
    earlier = [m for m in of_best if m.sentence < event.sentence]
    return earlier[-1] if earlier else of_best[0]


def add_counterpart_targets(found: list[FoundEvent], doc: Doc, mentions: list[ActorMention],
                            roots: frozenset[str]) -> None:
    """Give each event of ``roots`` with a source and no target the article's counterpart
    (in place, with a note and a lower confidence)."""
    parties = [m for m in mentions if m.actor.code and not is_place(m, doc)]
    for e in found:
        if e.target is not None or e.source is None or e.reciprocal or e.code[:2] not in roots:
            continue
        other = counterpart(e, parties)
        if other is None:
            continue
        e.target = other
        # "the talks resumed": talks with the other party are mutual, as "X and Y met" is
        e.reciprocal = "recip" in e.pattern.flags and e.code[:2] in SYMMETRIC_ROOTS
        # (a copy: the events of one match share their list of notes)
        e.notes = [*e.notes, f"target: the article's other party '{other.text}' (sentence {other.sentence}), "
                             "as this sentence names none"]
        e.confidence = max(0.05, e.confidence - COUNTERPART_PENALTY)
