"""Linking claims into contests: an assertion and the denials or doubts that answer it.

Entry point: :func:`link_claims`, pure over :class:`~eventwire.records.Claim`
records, so that the CLI, the store and the web can all use it on claims from
one article or many. Two claims belong to one topic when

* one answers the other in the same article (``responds_to``: "these
  allegations are refuted"), or
* they are about the same subject (the same country or actor; a claim that
  names no subject fits any), their topic keys agree (the same head word, or
  the head of one among the words of the other, and at least two words and
  ``min_overlap`` of the shorter key shared: "blocking of the Lachin road" and "the Lachin
  road blockade" both read ``block lachin road``), and they were made within
  ``window_days`` of each other (claims without a date link only within their
  article).

A topic whose claims include an assertion and a denial or doubt from different
sides (claimants of different countries, or an unnamed claimant against a
named one) is contested.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from eventwire.records import Claim, ContestedClaim

WINDOW_DAYS = 30
MIN_OVERLAP = 0.6
MIN_SHARED = 2


def side_of(claim: Claim) -> str:
    """Who a claimant speaks for: a country (Azerbaijan and its ministry are one side),
    else the actor code; each unnamed claimant is a side of its own."""
    m = claim.claimant
    if m is None or m.actor.code is None:
        return f"unnamed:{claim.claim_id}"
    return m.actor.country or m.actor.code


def subject_of(claim: Claim) -> str | None:
    s = claim.proposition.subject
    if s is None or s.actor.code is None:
        return None
    return s.actor.country or s.actor.code


def topics_agree(a: tuple[str, ...], b: tuple[str, ...], min_overlap: float = MIN_OVERLAP) -> float:
    """How well two topic keys agree (0 when they do not): the share of the shorter
    key found in the longer, if their heads meet and they share at least two words
    (a topic of one word, "question" or "position", says too little to link on)."""
    if not a or not b:
        return 0.0
    if a[0] != b[0] and a[0] not in b and b[0] not in a:
        return 0.0
    shared = set(a) & set(b)
    if len(shared) < MIN_SHARED:
        return 0.0
    share = len(shared) / min(len(set(a)), len(set(b)))
    return share if share >= min_overlap else 0.0


def _close_in_time(a: Claim, b: Claim, window_days: int) -> bool:
    if a.article_id == b.article_id:
        return True
    if a.date is None or b.date is None:
        return False
    return abs((a.date - b.date).days) <= window_days


def link_claims(claims: Iterable[Claim], *, window_days: int = WINDOW_DAYS,
                min_overlap: float = MIN_OVERLAP) -> list[ContestedClaim]:
    """The contested topics among ``claims``, earliest first."""
    claims = list(claims)
    parent = list(range(len(claims)))
    reasons: dict[int, list[str]] = defaultdict(list)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int, why: str) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[rj] = ri
            reasons[ri].extend(reasons.pop(rj, []))
        reasons[ri].append(why)

    by_id = {c.claim_id: i for i, c in enumerate(claims)}
    for j, c in enumerate(claims):
        if c.responds_to in by_id:
            join(by_id[c.responds_to], j, f"{c.claim_id} answers {c.responds_to} in article {c.article_id}")
    # candidates hold this claim's head word (the other way round is seen from the other claim)
    index: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        for word in set(c.proposition.topic_key):
            index[word].append(i)
    for i, a in enumerate(claims):
        key = a.proposition.topic_key
        if not key:
            continue
        for j in index[key[0]]:
            b = claims[j]
            if j == i or find(i) == find(j):
                continue
            sa, sb = subject_of(a), subject_of(b)
            if sa is not None and sb is not None and sa != sb:
                continue
            overlap = topics_agree(key, b.proposition.topic_key, min_overlap)
            if overlap and _close_in_time(a, b, window_days):
                join(i, j, f"{a.claim_id} ~ {b.claim_id}: subject {sa or sb or '-'}, "
                           f"topic overlap {overlap:.2f}")
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(claims)):
        groups[find(i)].append(i)
    contests = []
    for root, members in groups.items():
        group = [claims[i] for i in members]
        assertions = [c for c in group if c.stance == "asserts"]
        challenges = [c for c in group if c.stance != "asserts"]
        if not any(side_of(a) != side_of(c) for a in assertions for c in challenges):
            continue
        first = min(assertions, key=lambda c: (c.date is None, c.date, c.article_id, c.sentence))
        subjects = Counter(s for s in map(subject_of, group) if s)
        contests.append(ContestedClaim(
            subject=subjects.most_common(1)[0][0] if subjects else None,
            topic=first.proposition.topic,
            topic_key=first.proposition.topic_key,
            assertions=assertions,
            challenges=challenges,
            how=reasons.get(root, []),
        ))
    return sorted(contests, key=_first_date)


def _first_date(contest: ContestedClaim) -> tuple:
    dates = [c.date for c in contest.claims if c.date]
    return (not dates, min(dates) if dates else None, contest.topic)
