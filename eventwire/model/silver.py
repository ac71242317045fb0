"""Read the silver annotations (``train/*.jsonl``) with their character spans.

The text of an item is built exactly as :func:`eventwire.evaluate.load_silver`
builds it (``title. text`` for AG News items, ``text`` alone for Reuters
stories, which carry a date), so that what the model learns from is what the
evaluation codes. Spans written against the ``title`` or ``text`` field are
moved into that combined text; a span that does not fit (a Reuters title, a
wrong offset) is dropped rather than guessed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from eventwire.errors import InputError

Span = tuple[int, int]


@dataclass
class SilverEvent:
    cameo: str
    source: str | None  # CAMEO actor codes as annotated
    target: str | None
    reciprocal: bool
    trigger: Span | None  # character offsets into SilverItem.text
    source_span: Span | None
    target_span: Span | None


@dataclass
class SilverItem:
    id: str
    text: str
    date: date | None
    events: list[SilverEvent] = field(default_factory=list)
    origin: str = ""  # file:line


def read_silver(path: str | Path) -> list[SilverItem]:
    """Every item of one silver file; a malformed line raises ``InputError`` naming it."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None
    items = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            items.append(_item(json.loads(line), f"{path.name}:{n}"))
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(f"{path}:{n}: not a silver item ({type(err).__name__}: {err})") from None
    return items


def _item(rec: dict, origin: str) -> SilverItem:
    title, body = rec.get("title") or "", rec["text"]
    if title and "date" not in rec:  # as evaluate.load_silver: "title. text"
        text, starts = f"{title}. {body}", {"title": 0, "text": len(title) + 2}
    else:
        text, starts = body, {"text": 0}
    d = rec.get("date")
    item = SilverItem(rec["id"], text, date.fromisoformat(d) if d else None, origin=origin)
    for e in rec.get("events", []):
        item.events.append(SilverEvent(
            cameo=str(e["cameo"]), source=e.get("source"), target=e.get("target"),
            reciprocal=bool(e.get("reciprocal")),
            trigger=_span(e.get("trigger"), starts, text),
            source_span=_span(e.get("source_text"), starts, text),
            target_span=_span(e.get("target_text"), starts, text),
        ))
    return item


def _span(ref: dict | None, starts: dict[str, int], text: str) -> Span | None:
    if not ref or ref.get("field") not in starts:
        return None
    start = starts[ref["field"]] + int(ref["start"])
    end = starts[ref["field"]] + int(ref["end"])
    if text[start:end] != ref["text"]:
        return None
    return start, end
