"""The evidence sentence cut into pieces, marking the trigger, source and target.

Spans in an event point into its article's text; the evidence is that sentence
with its outer whitespace stripped. The sentence is found again in the article
(the occurrence that holds the trigger), so that each span maps onto it. Pieces
are plain text: the templates escape them, nothing here writes markup.
"""

from __future__ import annotations

from typing import Any

ROLES = ("trigger", "source", "target")


def evidence_start(record: dict[str, Any], text: str | None) -> int | None:
    """Where the evidence sentence starts in the article text, or None."""
    evidence = record.get("evidence") or ""
    if not text or not evidence:
        return None
    t_start, t_end = record["trigger"]["span"]
    at = text.find(evidence, max(0, t_end - len(evidence)))
    while at != -1 and at <= t_start:
        if at + len(evidence) >= t_end:
            return at
        at = text.find(evidence, at + 1)
    return None


def pieces(record: dict[str, Any], text: str | None) -> list[tuple[str, str | None]]:
    """``[(text, role or None), ...]`` covering the whole evidence sentence."""
    evidence = record.get("evidence") or ""
    start = evidence_start(record, text)
    if start is None:
        return [(evidence, None)]
    spans = []
    for role in ROLES:
        part = record.get(role) or {}
        span = part.get("span")
        if span and start <= span[0] < span[1] <= start + len(evidence):
            spans.append((span[0] - start, span[1] - start, role))
    spans.sort()
    out: list[tuple[str, str | None]] = []
    pos = 0
    for s, e, role in spans:
        if s < pos:  # overlapping roles (a source inside the trigger phrase): the first one wins
            continue
        if s > pos:
            out.append((evidence[pos:s], None))
        out.append((evidence[s:e], role))
        pos = e
    if pos < len(evidence):
        out.append((evidence[pos:], None))
    return out
