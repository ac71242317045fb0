"""Typed records that every stage speaks, and the JSON output contract.

No coding logic lives here: only the shapes of the data, small validation and
(de)serialisation. Spans are ``(start, end)`` character offsets into
``Article.text`` exactly as it was read.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

Span = tuple[int, int]


@dataclass
class Article:
    """One news item as read from a file, a JSON record or standard input.

    ``text`` is the full text as read; ``body_start`` is the offset where
    codable prose begins (after metadata and the dateline), so that spans
    into ``text`` stay valid for the whole input.
    """

    id: str
    text: str
    title: str | None = None
    date: date | None = None
    date_basis: str = "none"  # metadata | dateline | none
    url: str | None = None
    source: str | None = None  # the outlet named in the metadata
    body_start: int = 0
    dateline: Dateline | None = None
    origin: str | None = None  # file name and line the article came from
    warnings: list[str] = field(default_factory=list)
    skipped: str | None = None  # why the coder did not code it (e.g. its language); None when coded
    unparsed_sentences: int = 0  # sentences not parsed: no actor, no trigger word (stages/screen.py)


@dataclass
class Dateline:
    """``BAKU, Azerbaijan, December 23.`` or ``TEHRAN (Reuters) -``."""

    text: str
    span: Span
    place: str | None = None
    place_span: Span | None = None
    outlet: str | None = None
    date: date | None = None


@dataclass
class Sentence:
    index: int
    text: str
    span: Span


@dataclass
class Actor:
    """A resolved (or unresolved) CAMEO actor. ``code`` is None when unknown."""

    code: str | None
    country: str | None = None  # ISO 3166-1 alpha-3, or None for IGOs
    agent: str | None = None  # CAMEO agent code: GOV, MIL, ...
    name: str | None = None  # canonical name: "Azerbaijan", "Jeyhun Bayramov"
    kind: str = "country"  # country | igo | person | group | unknown
    # the code in CAMEO's own actor dictionaries where it differs (IGOUNO for our IGOUN);
    # set when an event is made (ActorTables.cameo_code)
    cameo_code: str | None = None


@dataclass
class ActorMention:
    """A piece of text that names or refers to an actor."""

    text: str
    span: Span
    actor: Actor
    sentence: int
    how: str = ""  # why it resolved so: "country name", "title+name", "coref:surname"
    head: int | None = None  # token index (in the doc) of the mention's head


@dataclass
class Trigger:
    text: str
    span: Span
    pattern: str = ""  # the lexicon entry that fired, as written in its data file
    pattern_source: str = ""  # data file and line of that entry


@dataclass
class Location:
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature_class: str | None = None
    span: Span | None = None


@dataclass
class Attribution:
    outlet: str | None = None
    cited: str | None = None  # actor code of the cited source
    cited_text: str | None = None
    speaker: str | None = None  # actor code of the speaker of reported speech
    speaker_text: str | None = None


@dataclass
class Event:
    article_id: str
    sentence: int
    cameo: str
    trigger: Trigger
    evidence: str
    source: ActorMention | None = None
    target: ActorMention | None = None
    reciprocal: bool = False
    cameo_name: str = ""
    quad_class: int = 0
    goldstein: float = 0.0
    plover_type: str | None = None
    plover_mode: str | None = None
    date: date | None = None
    date_basis: str = "none"  # explicit | relative | publication | none
    date_granularity: str | None = None  # day | week | month | year
    date_text: str | None = None
    past_reference: bool = False
    location: Location | None = None
    location_basis: str = "none"  # clause | dateline | none
    attribution: Attribution | None = None
    confidence: float = 0.5
    coder: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def cameo_root(self) -> str:
        return self.cameo[:2]

    @property
    def event_id(self) -> str:
        """Stable across runs: a hash of what identifies the coding."""
        parts = [
            self.article_id,
            str(self.sentence),
            self.cameo,
            f"{self.trigger.span[0]}-{self.trigger.span[1]}",
            _mention_key(self.source),
            _mention_key(self.target),
        ]
        return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """The JSON Lines output contract (names are relied upon by other tools)."""
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "sentence": self.sentence,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "cameo_name": self.cameo_name,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover": {"type": self.plover_type, "mode": self.plover_mode},
            "source": _mention_dict(self.source),
            "target": _mention_dict(self.target),
            "reciprocal": self.reciprocal,
            "date": self.date.isoformat() if self.date else None,
            "date_basis": self.date_basis,
            "date_granularity": self.date_granularity,
            "date_text": self.date_text,
            "past_reference": self.past_reference,
            "location": _location_dict(self.location),
            "location_basis": self.location_basis,
            "trigger": {
                "text": self.trigger.text,
                "span": list(self.trigger.span),
                "pattern": self.trigger.pattern,
                "pattern_source": self.trigger.pattern_source,
            },
            "evidence": self.evidence,
            "attribution": asdict(self.attribution) if self.attribution else None,
            "confidence": round(self.confidence, 3),
            "coder": self.coder,
            "notes": list(self.notes),  # how roles, codes, date and place were decided
        }


def _mention_key(m: ActorMention | None) -> str:
    if m is None:
        return "-"
    return f"{m.actor.code}@{m.span[0]}-{m.span[1]}"


def _mention_dict(m: ActorMention | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "text": m.text,
        "code": m.actor.code,
        "cameo_code": m.actor.cameo_code or m.actor.code,
        "country": m.actor.country,
        "agent": m.actor.agent,
        "name": m.actor.name,
        "span": list(m.span),
        "how": m.how,
    }


def _location_dict(loc: Location | None) -> dict[str, Any] | None:
    if loc is None:
        return None
    d = asdict(loc)
    d["span"] = list(loc.span) if loc.span else None
    return d


# Column order for flat (CSV, table) output.
FLAT_COLUMNS = [
    "event_id", "article_id", "sentence", "date", "date_basis", "source_code",
    "source_text", "cameo", "cameo_name", "target_code", "target_text", "reciprocal",
    "quad_class", "goldstein", "plover_type", "plover_mode", "location_name",
    "location_country", "trigger_text", "outlet", "cited", "confidence",
]


def flatten(d: dict[str, Any]) -> dict[str, Any]:
    """One event dict (``Event.to_dict``) as a flat row in ``FLAT_COLUMNS`` order."""
    src, tgt, loc, att = d["source"] or {}, d["target"] or {}, d["location"] or {}, d["attribution"] or {}
    row = {
        "event_id": d["event_id"], "article_id": d["article_id"], "sentence": d["sentence"],
        "date": d["date"], "date_basis": d["date_basis"],
        "source_code": src.get("code"), "source_text": src.get("text"),
        "cameo": d["cameo"], "cameo_name": d["cameo_name"],
        "target_code": tgt.get("code"), "target_text": tgt.get("text"),
        "reciprocal": d["reciprocal"], "quad_class": d["quad_class"], "goldstein": d["goldstein"],
        "plover_type": d["plover"]["type"], "plover_mode": d["plover"]["mode"],
        "location_name": loc.get("name"), "location_country": loc.get("country"),
        "trigger_text": d["trigger"]["text"], "outlet": att.get("outlet"),
        "cited": att.get("cited"), "confidence": d["confidence"],
    }
    return row


# --------------------------------------------------------------------------- claims

CLAIM_STANCES = ("asserts", "denies", "questions")


@dataclass
class Proposition:
    """What a claim says: the claimed content, who it is about, and its topic.

    ``topic`` is the object phrase as written ("blocking of the Lachin road");
    ``topic_key`` its normalised words, head first (``("block", "lachin", "road")``):
    lemmas of content words, deverbal nouns folded into their verbs, so that
    "the Lachin road blockade" and "blocking of the Lachin road" share a key.
    """

    text: str
    span: Span
    subject: ActorMention | None = None
    topic: str = ""
    topic_key: tuple[str, ...] = ()


@dataclass
class Claim:
    """A claimant asserts, denies or questions a proposition.

    ``evidence`` is the sentence (as for events); ``offered_evidence`` what the
    claimant offers in support ("video frames showing ..."). ``responds_to``
    is the ``claim_id`` of the claim this one answers in the same article
    ("these allegations are refuted": the allegation it refutes).
    """

    article_id: str
    sentence: int
    stance: str  # asserts | denies | questions
    trigger: Trigger
    proposition: Proposition
    evidence: str
    claimant: ActorMention | None = None
    offered_evidence: str | None = None
    offered_evidence_span: Span | None = None
    attribution: Attribution | None = None
    responds_to: str | None = None
    event_ids: list[str] = field(default_factory=list)
    date: date | None = None
    date_basis: str = "none"
    date_text: str | None = None
    confidence: float = 0.5
    coder: str = ""
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.stance not in CLAIM_STANCES:
            raise ValueError(f"claim stance '{self.stance}' is not one of {', '.join(CLAIM_STANCES)}")

    @property
    def claim_id(self) -> str:
        """Stable across runs: a hash of what identifies the claim."""
        parts = [
            "claim",
            self.article_id,
            str(self.sentence),
            self.stance,
            f"{self.trigger.span[0]}-{self.trigger.span[1]}",
            _mention_key(self.claimant),
            f"{self.proposition.span[0]}-{self.proposition.span[1]}",
        ]
        return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """The JSON Lines contract for claims (like ``Event.to_dict``)."""
        p = self.proposition
        return {
            "claim_id": self.claim_id,
            "article_id": self.article_id,
            "sentence": self.sentence,
            "stance": self.stance,
            "claimant": _mention_dict(self.claimant),
            "proposition": {
                "text": p.text,
                "span": list(p.span),
                "subject": _mention_dict(p.subject),
                "topic": p.topic,
                "topic_key": list(p.topic_key),
            },
            "trigger": {
                "text": self.trigger.text,
                "span": list(self.trigger.span),
                "pattern": self.trigger.pattern,
                "pattern_source": self.trigger.pattern_source,
            },
            "offered_evidence": ({"text": self.offered_evidence, "span": list(self.offered_evidence_span)}
                                 if self.offered_evidence and self.offered_evidence_span else None),
            "attribution": asdict(self.attribution) if self.attribution else None,
            "responds_to": self.responds_to,
            "event_ids": list(self.event_ids),
            "date": self.date.isoformat() if self.date else None,
            "date_basis": self.date_basis,
            "date_text": self.date_text,
            "evidence": self.evidence,
            "confidence": round(self.confidence, 3),
            "coder": self.coder,
            "notes": list(self.notes),
        }


@dataclass
class ContestedClaim:
    """Claims about one subject and topic, asserted by one side and denied or
    questioned by another, within one article or across articles."""

    subject: str | None  # actor code the claims are about (None: not named)
    topic: str  # the topic as first asserted
    topic_key: tuple[str, ...]
    assertions: list[Claim]
    challenges: list[Claim]  # denials and questions
    how: list[str] = field(default_factory=list)  # why the claims were linked

    @property
    def contest_id(self) -> str:
        """A hash of the member claims: stable for the same claims."""
        ids = sorted(c.claim_id for c in self.assertions + self.challenges)
        return hashlib.sha1("|".join(ids).encode("utf-8")).hexdigest()[:16]

    @property
    def claims(self) -> list[Claim]:
        return sorted(self.assertions + self.challenges, key=_claim_order)

    def to_dict(self) -> dict[str, Any]:
        dates = [c.date for c in self.claims if c.date]
        return {
            "contest_id": self.contest_id,
            "subject": self.subject,
            "topic": self.topic,
            "topic_key": list(self.topic_key),
            "first_date": min(dates).isoformat() if dates else None,
            "last_date": max(dates).isoformat() if dates else None,
            "articles": sorted({c.article_id for c in self.claims}),
            "assertions": [c.to_dict() for c in sorted(self.assertions, key=_claim_order)],
            "challenges": [c.to_dict() for c in sorted(self.challenges, key=_claim_order)],
            "how": list(self.how),
        }


def _claim_order(c: Claim) -> tuple:
    # in one sentence the claim comes before its denial ("the unfounded allegations of X")
    return (c.date or date.min, c.article_id, c.sentence, c.stance != "asserts", c.trigger.span)
