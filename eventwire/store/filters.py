"""Filters over happenings (event clusters), as parameterised SQL.

Every user value travels as a parameter; only whitelisted column names and
fixed SQL fragments are ever put into the query text.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

SORTS = {  # name -> ORDER BY clause over table alias c
    "date": "c.event_date NULLS LAST, c.cluster_id",
    "-date": "c.event_date DESC NULLS LAST, c.cluster_id",
    "mentions": "c.num_mentions, c.cluster_id",
    "-mentions": "c.num_mentions DESC, c.cluster_id",
    "sources": "c.num_sources, c.cluster_id",
    "-sources": "c.num_sources DESC, c.cluster_id",
    "goldstein": "c.goldstein, c.cluster_id",
    "-goldstein": "c.goldstein DESC, c.cluster_id",
    "confidence": "c.confidence, c.cluster_id",
    "-confidence": "c.confidence DESC, c.cluster_id",
    "id": "c.cluster_id",
}


@dataclass
class EventFilter:
    """Which happenings to take. Actor codes match as prefixes, so ``AZE`` takes
    ``AZE``, ``AZEGOV`` and ``AZEMIL``; a three-letter value also matches the actor's
    country. ``cameo`` matches a code or root (``04`` takes 040-046)."""

    actor: str | None = None  # source or target
    source: str | None = None
    target: str | None = None
    country: str | None = None  # either actor's country or the place's country (ISO3)
    cameo: str | None = None
    quad_class: int | None = None
    plover_type: str | None = None
    start: date | None = None
    end: date | None = None
    location: str | None = None  # place name, case-insensitive
    outlet: str | None = None  # any mention's outlet, case-insensitive
    text: str | None = None  # any mention's evidence contains it, case-insensitive
    article: str | None = None  # any mention comes from this article
    min_mentions: int | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "") for f in fields(self))


def _actor(role: str, value: str, params: list) -> str:
    value = value.strip().upper()
    params.extend([value + "%"])
    clause = f"c.{role}_code LIKE ?"
    if len(value) == 3:
        params.append(value)
        clause = f"({clause} OR c.{role}_country = ?)"
    return clause


def where_clause(f: EventFilter | None) -> tuple[str, list]:
    """``WHERE ...`` (or an empty string) over ``clusters c``, and its parameters."""
    if f is None or f.is_empty():
        return "", []
    parts: list[str] = []
    params: list = []
    if f.actor:
        a: list = []
        s, t = _actor("source", f.actor, a), _actor("target", f.actor, a)
        parts.append(f"({s} OR {t})")
        params.extend(a)
    if f.source:
        parts.append(_actor("source", f.source, params))
    if f.target:
        parts.append(_actor("target", f.target, params))
    if f.country:
        parts.append("(c.source_country = ? OR c.target_country = ? OR c.location_country = ?)")
        params.extend([f.country.upper()] * 3)
    if f.cameo:
        parts.append("c.cameo LIKE ?")
        params.append(f.cameo.strip() + "%")
    if f.quad_class is not None:
        parts.append("c.quad_class = ?")
        params.append(int(f.quad_class))
    if f.plover_type:
        parts.append("c.plover_type = ?")
        params.append(f.plover_type.upper())
    if f.start:
        parts.append("c.event_date >= ?")
        params.append(f.start)
    if f.end:
        parts.append("c.event_date <= ?")
        params.append(f.end)
    if f.location:
        parts.append("lower(c.location_name) = lower(?)")
        params.append(f.location)
    if f.min_mentions:
        parts.append("c.num_mentions >= ?")
        params.append(int(f.min_mentions))
    # conditions on any mention: over the events table alone (its article's outlet is
    # copied onto each mention at write time), never a join with the wide articles
    mention: list[str] = []
    if f.outlet:
        mention.append("lower(e.article_outlet) = lower(?)")
        params.append(f.outlet)
    if f.text:
        # ILIKE '%text%' takes what contains(lower(evidence), lower(text)) takes (DuckDB
        # lower-cases both sides the same way) without building a lower-cased copy of
        # every evidence; a text with a LIKE wildcard (or a backslash) keeps the plain form
        if any(ch in f.text for ch in "%_\\"):
            mention.append("contains(lower(e.evidence), lower(?))")
            params.append(f.text)
        else:
            mention.append("e.evidence ILIKE ?")
            params.append(f"%{f.text}%")
    if f.article:
        mention.append("e.article_key = ?")
        params.append(f.article)
    if mention:
        parts.append(f"c.cluster_id IN (SELECT e.cluster_id FROM events e WHERE {' AND '.join(mention)})")
    return "WHERE " + " AND ".join(parts), params


def order_clause(sort: str) -> str:
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; one of {', '.join(SORTS)}")
    return "ORDER BY " + SORTS[sort]
