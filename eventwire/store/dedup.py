"""Deduplication: near-identical articles, and mentions of the same happening.

Two levels, both explainable and both independent of the order articles arrive in
(each is the connected components of a pairwise test, and components only grow as
articles are added, so an interrupted and resumed ingest ends where an
uninterrupted one does):

* **Copies.** Syndicated or lightly edited copies of a story: MinHash signatures of
  word 4-shingles, candidates found with locality-sensitive hashing (``BANDS`` bands
  of ``ROWS`` values), linked when the estimated Jaccard similarity is at least
  ``COPY_SIMILARITY``. A group of copies is named after its earliest article.
* **Happenings.** Event mentions (from any sentence of any article) in the same block
  (CAMEO root family and unordered dyad: ``BLOCK_KEY_SQL``) are one happening when :func:`same_happening`
  says so: same direction (unless reciprocal), dates within the window, compatible
  places, and a reason (same story, copies, similar evidence, or same code, day and
  place). A cluster is named after its smallest event id.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import date
from typing import Any, Hashable, Iterable

import numpy as np

NUM_HASHES = 128
BANDS, ROWS = 32, 4  # 32 x 4 = 128: pairs at Jaccard 0.6 become candidates 99% of the time
SHINGLE = 4  # words per shingle
MIN_TOKENS = 12  # shorter texts get no signature: too little to call two stories copies
COPY_SIMILARITY = 0.6  # estimated Jaccard of shingles from which two articles are copies
COPY_WINDOW_DAYS = 7  # copies are looked for among articles published this close

WINDOW_DAYS = 2  # mentions of one happening with a publication-based date may be this far apart
EVIDENCE_SIMILARITY = 0.5  # Jaccard of evidence word pairs from which two sentences report alike

# The block of a mention, computed by the store when it writes events (one definition).
BLOCK_KEY_SQL = ("cameo_root || '|' || least(coalesce(source_code, '-'), coalesce(target_code, '-'))"
                 " || '|' || greatest(coalesce(source_code, '-'), coalesce(target_code, '-'))")

_SEEDS = np.random.default_rng(20221223).integers(0, 2**63, NUM_HASHES, dtype=np.uint64)  # fixed: signatures
# must compare across runs and stores
_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------- copies

def minhash(text: str) -> bytes | None:
    """The MinHash signature of a text (``NUM_HASHES`` uint32 values), or None when it
    has fewer than ``MIN_TOKENS`` words."""
    tokens = _WORD.findall(text.lower())
    if len(tokens) < MIN_TOKENS:
        return None
    shingles = {" ".join(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}
    h = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.uint64, count=len(shingles))
    mixed = _mix(h[:, None] ^ _SEEDS[None, :])  # NUM_HASHES independent hashes of every shingle
    return (mixed.min(axis=0) >> np.uint64(32)).astype(np.uint32).tobytes()


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: every input bit moves every output bit, so the minimum
    over a set is a fair draw (a linear hash such as a*x+b would favour small x)."""
    with np.errstate(over="ignore"):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def band_hashes(signature: bytes) -> list[int]:
    """One key per band: two articles sharing any key are candidate copies."""
    sig = np.frombuffer(signature, dtype=np.uint32)
    keys = []
    for b in range(BANDS):
        band = sig[b * ROWS:(b + 1) * ROWS].tobytes()
        keys.append((b << 56) | (zlib.crc32(band) << 24) | (zlib.adler32(band) & 0xFFFFFF))
    return keys


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.mean(np.frombuffer(a, dtype=np.uint32) == np.frombuffer(b, dtype=np.uint32)))


# --------------------------------------------------------------------------- happenings

@dataclass(frozen=True)
class Mention:
    """What deduplication needs to know about one stored event mention."""

    event_id: str
    cluster_id: str
    article_key: str
    copy_group: str
    block: str
    source_code: str | None
    target_code: str | None
    reciprocal: bool
    cameo: str
    event_date: date | None
    exact_day: bool  # the date was written out in the text, to the day
    country: str | None
    geonameid: int | None
    city: bool  # the place is a populated place (not a country or region)
    evidence: str

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> "Mention":
        return cls(
            event_id=r["event_id"], cluster_id=r["cluster_id"], article_key=r["article_key"],
            copy_group=r["copy_group"] or r["article_key"], block=r["block_key"],
            source_code=r["source_code"], target_code=r["target_code"], reciprocal=bool(r["reciprocal"]),
            cameo=r["cameo"], event_date=r["event_date"],
            # only a date written out in full is exact: "yesterday" moves with the publication
            # date, which differs between a story and its later copies
            exact_day=r["date_basis"] == "explicit" and r["date_granularity"] == "day",
            country=r["location_country"], geonameid=r["location_geonameid"],
            city=r["location_feature_class"] == "P", evidence=r["evidence"] or "")


def evidence_pairs(text: str) -> frozenset[str]:
    words = _WORD.findall(text.lower())
    return frozenset(f"{a} {b}" for a, b in zip(words, words[1:])) or frozenset(words)


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def same_happening(x: Mention, y: Mention, pairs: dict[str, frozenset] | None = None) -> str | None:
    """Why two mentions report the same happening, or None when they may not.

    ``pairs`` caches :func:`evidence_pairs` by event id."""
    if x.block != y.block:
        return None
    if not (x.reciprocal or y.reciprocal) and (x.source_code, x.target_code) != (y.source_code, y.target_code):
        return None
    if x.article_key == y.article_key:
        # ICEWS's case: one story restating an event in several sentences
        return "same story" if x.event_date == y.event_date else None
    copies = x.copy_group == y.copy_group
    if x.event_date is None or y.event_date is None:
        return "copies of one story" if copies and x.event_date == y.event_date else None
    gap = abs((x.event_date - y.event_date).days)
    if gap > (0 if x.exact_day and y.exact_day else WINDOW_DAYS):
        return None
    if x.country and y.country and x.country != y.country:
        return None
    if x.city and y.city and x.geonameid != y.geonameid:
        return None
    if copies:
        return "copies of one story"
    px = pairs[x.event_id] if pairs is not None and x.event_id in pairs else evidence_pairs(x.evidence)
    py = pairs[y.event_id] if pairs is not None and y.event_id in pairs else evidence_pairs(y.evidence)
    if jaccard(px, py) >= EVIDENCE_SIMILARITY:
        return "similar evidence"
    if x.cameo == y.cameo and gap == 0 and x.geonameid is not None and x.geonameid == y.geonameid:
        return "same code, day and place"
    return None


# --------------------------------------------------------------------------- components

class UnionFind:
    """Connected components whose name is their smallest member (order-independent)."""

    def __init__(self, items: Iterable[Hashable] = ()):
        self.parent: dict[Hashable, Hashable] = {}
        for i in items:
            self.add(i)

    def add(self, item: Hashable) -> None:
        self.parent.setdefault(item, item)

    def find(self, item: Hashable) -> Hashable:
        self.add(item)
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            self.parent[hi] = lo

    def groups(self) -> dict[Hashable, list[Hashable]]:
        out: dict[Hashable, list[Hashable]] = {}
        for item in self.parent:
            out.setdefault(self.find(item), []).append(item)
        return out
