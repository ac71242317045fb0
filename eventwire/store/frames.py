"""Row shapes of the store, as Arrow schemas, and the conversions around them.

What a worker returns for one article is a plain dict (:func:`article_result`); a
list of those becomes a :class:`Batch` of three Arrow tables (articles, events,
errors), the one shape :meth:`eventwire.store.Store.add_results` writes in bulk.
An engine that produces Arrow or Parquet itself (Spark) builds a ``Batch`` with the
same schemas and goes through the same path.

Events are stored flat, one column per leaf of :meth:`eventwire.records.Event.to_dict`
(for queries), plus the dict itself as JSON (``record``): what an export of
mentions gives back is exactly what the coder wrote, whatever keys it gains later.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Iterable

import pyarrow as pa

from eventwire.records import Article

ARTICLE_SCHEMA = pa.schema([
    ("article_key", pa.string()),     # the article's id as coded (own id, else a hash of its text)
    ("title", pa.string()),
    ("pub_date", pa.date32()),
    ("date_basis", pa.string()),
    ("url", pa.string()),
    ("source", pa.string()),          # outlet named in the metadata
    ("outlet", pa.string()),          # outlet counted for num_sources: metadata source, else dateline's
    ("dateline", pa.string()),
    ("origin", pa.string()),          # file and line it was read from
    ("body_start", pa.int32()),
    ("text", pa.string()),
    ("warnings", pa.string()),        # JSON list of reader warnings
    ("n_events", pa.int32()),
    ("coder", pa.string()),
    ("added_at", pa.timestamp("us")),  # when this run stored it (run-dependent, unlike everything else)
    ("minhash", pa.binary()),         # near-duplicate signature (eventwire.store.dedup), NULL if too short
])

_MENTION = ["text", "code", "country", "agent", "name", "start", "end", "how"]
_LOCATION = ["name", "country", "admin1", "lat", "lon", "geonameid", "feature_class", "start", "end"]

EVENT_SCHEMA = pa.schema([
    ("event_id", pa.string()), ("article_key", pa.string()), ("sentence", pa.int32()),
    ("cameo", pa.string()), ("cameo_root", pa.string()), ("cameo_name", pa.string()),
    ("quad_class", pa.int8()), ("goldstein", pa.float64()),
    ("plover_type", pa.string()), ("plover_mode", pa.string()),
    *[(f"source_{k}", pa.int32() if k in ("start", "end") else pa.string()) for k in _MENTION],
    *[(f"target_{k}", pa.int32() if k in ("start", "end") else pa.string()) for k in _MENTION],
    ("reciprocal", pa.bool_()),
    ("event_date", pa.date32()), ("date_basis", pa.string()), ("date_granularity", pa.string()),
    ("date_text", pa.string()), ("past_reference", pa.bool_()),
    ("location_name", pa.string()), ("location_country", pa.string()), ("location_admin1", pa.string()),
    ("location_lat", pa.float64()), ("location_lon", pa.float64()), ("location_geonameid", pa.int64()),
    ("location_feature_class", pa.string()), ("location_start", pa.int32()), ("location_end", pa.int32()),
    ("location_basis", pa.string()),
    ("trigger_text", pa.string()), ("trigger_start", pa.int32()), ("trigger_end", pa.int32()),
    ("trigger_pattern", pa.string()), ("trigger_pattern_source", pa.string()),
    ("evidence", pa.string()),
    ("has_attribution", pa.bool_()), ("outlet", pa.string()), ("cited", pa.string()),
    ("cited_text", pa.string()), ("speaker", pa.string()), ("speaker_text", pa.string()),
    ("confidence", pa.float64()), ("coder", pa.string()),
    ("record", pa.string()),  # the coder's dict as JSON: exports reproduce it exactly, new keys included
])

ERROR_SCHEMA = pa.schema([
    ("error_key", pa.string()),   # hash of what identifies the problem: the same problem is kept once
    ("kind", pa.string()),        # read | code | skipped (not coded on purpose: its language)
    ("article_key", pa.string()),
    ("origin", pa.string()),
    ("message", pa.string()),
    ("recorded_at", pa.timestamp("us")),
])


@dataclass
class Batch:
    """Articles, their events and the errors of one write, as Arrow tables."""

    articles: pa.Table
    events: pa.Table
    errors: pa.Table

    def __len__(self) -> int:
        return self.articles.num_rows + self.errors.num_rows


# --------------------------------------------------------------------------- worker side

def article_row(article: Article, n_events: int, coder: str, minhash: bytes | None) -> dict[str, Any]:
    dateline = article.dateline
    return {
        "article_key": article.id, "title": article.title, "pub_date": article.date,
        "date_basis": article.date_basis, "url": article.url, "source": article.source,
        "outlet": article.source or (dateline.outlet if dateline else None),
        "dateline": dateline.text if dateline else None, "origin": article.origin,
        "body_start": article.body_start, "text": article.text,
        "warnings": json.dumps(article.warnings, ensure_ascii=False) if article.warnings else None,
        "n_events": n_events, "coder": coder, "added_at": None, "minhash": minhash,
    }


def article_result(article: Article, events: list[dict], coder: str, minhash: bytes | None) -> dict[str, Any]:
    """What a worker sends back for a coded article (plain, picklable)."""
    return {"article": article_row(article, len(events), coder, minhash), "events": events, "error": None}


def failure_result(article: Article, reason: str) -> dict[str, Any]:
    """What a worker sends back for an article the coder failed on."""
    return {"article": None, "events": [],
            "error": error_row("code", reason, article_key=article.id, origin=article.origin)}


def skipped_result(article: Article) -> dict[str, Any]:
    """What a worker sends back for an article the coder chose not to code (its language):
    recorded in ``errors`` with kind ``skipped`` and the reason, so a later run passes it by."""
    return {"article": None, "events": [],
            "error": error_row("skipped", article.skipped or "skipped", article_key=article.id, origin=article.origin)}


def error_row(kind: str, message: str, article_key: str | None = None, origin: str | None = None) -> dict[str, Any]:
    """A problem to record; the same problem (kind, article, origin, message) is kept once."""
    key = hashlib.sha1("|".join([kind, article_key or "", origin or "", message]).encode("utf-8")).hexdigest()[:20]
    return {"error_key": key, "kind": kind, "article_key": article_key, "origin": origin,
            "message": message, "recorded_at": None}


# --------------------------------------------------------------------------- flat events

def event_row(d: dict[str, Any]) -> dict[str, Any]:
    """One ``Event.to_dict()`` as a flat store row."""
    row = {k: d[k] for k in ("event_id", "sentence", "cameo", "cameo_root", "cameo_name", "quad_class",
                             "goldstein", "reciprocal", "date_basis", "date_granularity", "date_text",
                             "past_reference", "location_basis", "evidence", "confidence", "coder")}
    row["article_key"] = d["article_id"]
    row["plover_type"], row["plover_mode"] = d["plover"]["type"], d["plover"]["mode"]
    row["event_date"] = date.fromisoformat(d["date"]) if d["date"] else None
    for role in ("source", "target"):
        m = d[role] or {}
        span = m.get("span") or (None, None)
        for k in _MENTION:
            row[f"{role}_{k}"] = span[0] if k == "start" else span[1] if k == "end" else m.get(k)
    loc = d["location"] or {}
    span = loc.get("span") or (None, None)
    for k in _LOCATION:
        row[f"location_{k}"] = span[0] if k == "start" else span[1] if k == "end" else loc.get(k)
    t = d["trigger"]
    row.update(trigger_text=t["text"], trigger_start=t["span"][0], trigger_end=t["span"][1],
               trigger_pattern=t["pattern"], trigger_pattern_source=t["pattern_source"])
    att = d["attribution"]
    row["has_attribution"] = att is not None
    for k in ("outlet", "cited", "cited_text", "speaker", "speaker_text"):
        row[k] = (att or {}).get(k)
    row["record"] = json.dumps(d, ensure_ascii=False)
    return row


def event_record(r: dict[str, Any]) -> dict[str, Any]:
    """A stored event row back as the coder's ``Event.to_dict()``."""
    return json.loads(r["record"])


# --------------------------------------------------------------------------- batches

def results_to_batch(results: Iterable[dict[str, Any]], now: datetime | None = None) -> Batch:
    """Worker results (and read problems as ``{"error": error_row(...)}``) as one Batch."""
    stamp = (now or datetime.now(timezone.utc)).replace(tzinfo=None)
    articles, events, errors = [], [], []
    for res in results:
        if res.get("article"):
            articles.append({**res["article"], "added_at": stamp})
            events.extend(event_row(d) for d in res.get("events", ()))
        if res.get("error"):
            errors.append({**res["error"], "recorded_at": stamp})
    return Batch(articles=pa.Table.from_pylist(articles, schema=ARTICLE_SCHEMA),
                 events=pa.Table.from_pylist(events, schema=EVENT_SCHEMA),
                 errors=pa.Table.from_pylist(errors, schema=ERROR_SCHEMA))
