"""What the server asks of the store, in one place.

Everything here goes through :class:`eventwire.store.Store`'s Python API, except
:func:`representatives` and :func:`article_texts`: the store has no call yet that
returns the representative mention (with its evidence) of a page of happenings,
or an article's text. Those two are stop-gaps, parameterised, and should move into
``Store`` (see docs/api.md, "Store calls wanted").
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from eventwire.store import EventFilter, Store

QUADS = ("q1_verbal_coop", "q2_material_coop", "q3_verbal_conflict", "q4_material_conflict")
DYAD_FIXED = ("period", "source", "target", "events", *QUADS, "goldstein_sum", "goldstein_mean", "mentions")


def frame_rows(table) -> list[dict[str, Any]]:
    """A pandas DataFrame as plain JSON-ready dicts (numpy numbers made Python, NaN made
    None, dates as ISO text). Column by column: ``tolist()`` converts in C, which
    matters for the tens of thousands of rows of an unfiltered dyad table."""
    names = [str(c) for c in table.columns]
    columns = []
    for name in names:
        values = table[name].tolist()
        if values and any(isinstance(v, date) for v in values[:1]):
            values = [v.isoformat() if v is not None else None for v in values]
        elif table[name].dtype.kind == "f":
            values = [None if v != v else v for v in values]  # NaN is the only value unequal to itself
        columns.append(values)
    return [dict(zip(names, row)) for row in zip(*columns)]


def dyad_rows(store: Store, f: EventFilter, by: str = "month", level: str = "country") -> list[dict[str, Any]]:
    """The dyad table (:meth:`Store.dyads`) as JSON-ready dicts, straight from DuckDB (no
    DataFrame in between: it cost more than the query on wide tables); periods as ISO text."""
    names, columns = store.dyad_columns(by=by, filters=f, level=level)
    i = names.index("period")
    columns[i] = [v.isoformat() for v in columns[i]]  # never NULL: undated happenings are left out
    return [dict(zip(names, row)) for row in zip(*columns)]


def series(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dyad rows summed per period: events per quad class and the Goldstein mean."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        p = out.setdefault(r["period"], {"period": r["period"], "events": 0, "goldstein_sum": 0.0,
                                         **{q: 0 for q in QUADS}})
        p["events"] += r["events"]
        p["goldstein_sum"] += r["goldstein_sum"] or 0.0
        for q in QUADS:
            p[q] += r[q]
    for p in out.values():
        p["goldstein_mean"] = p["goldstein_sum"] / p["events"] if p["events"] else None
    return [out[k] for k in sorted(out)]


def top_dyads(rows: list[dict[str, Any]], limit: int = 15) -> list[dict[str, Any]]:
    """Dyads by number of happenings over every period, with their cooperation/conflict split."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        d = out.setdefault((r["source"], r["target"]), {"source": r["source"], "target": r["target"],
                                                         "events": 0, "goldstein_sum": 0.0,
                                                         "cooperation": 0, "conflict": 0})
        d["events"] += r["events"]
        d["goldstein_sum"] += r["goldstein_sum"] or 0.0
        d["cooperation"] += r["q1_verbal_coop"] + r["q2_material_coop"]
        d["conflict"] += r["q3_verbal_conflict"] + r["q4_material_conflict"]
    ranked = sorted(out.values(), key=lambda d: (-d["events"], d["source"], d["target"]))[:limit]
    for d in ranked:
        d["goldstein_mean"] = d["goldstein_sum"] / d["events"] if d["events"] else None
    return ranked


def actor_rows(store: Store, f: EventFilter, unknown: bool = False, limit: int = 100) -> list[dict[str, Any]]:
    return frame_rows(store.actors(f, unknown=unknown, limit=limit))


def period_bounds(period: str, by: str) -> tuple[date, date]:
    """The first and last day of a period as :meth:`Store.dyads` labels it (its first day)."""
    start = date.fromisoformat(period)
    if by == "day":
        return start, start
    if by == "week":
        return start, start + timedelta(days=6)
    if by == "month":
        nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return start, nxt - timedelta(days=1)
    return start, date(start.year, 12, 31)


def period_of(day: date, by: str) -> str:
    """The label of the period a day falls in (as DuckDB's date_trunc makes it)."""
    if by == "day":
        return day.isoformat()
    if by == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    if by == "month":
        return day.replace(day=1).isoformat()
    return day.replace(month=1, day=1).isoformat()


def dyad_events(store: Store, a: str, b: str, f: EventFilter, by: str, per_period: int = 10, scan: int = 1000
                ) -> dict[str, list[dict[str, Any]]]:
    """The most reported happenings between two actors (either direction) in each
    period, at most ``per_period`` each, from the ``scan`` most reported per direction."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for src, tgt in ((a, b), (b, a)):
        g = EventFilter(**{**vars(f), "source": src, "target": tgt, "actor": None})
        for item in store.query_events(g, per_page=scan, sort="-mentions")["items"]:
            if item["event_date"] is not None:
                grouped[period_of(item["event_date"], by)].append(item)
    out = {}
    for period, items in sorted(grouped.items()):
        items.sort(key=lambda e: (-(e["num_mentions"] or 0), e["event_date"], e["cluster_id"]))
        out[period] = sorted(items[:per_period], key=lambda e: (e["event_date"], e["cluster_id"]))
    return out


# --------------------------------------------------------------------------- stop-gaps

def representatives(store: Store, cluster_items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each happening's representative mention as the coder wrote it, with the text of
    its article (for highlighting): ``{cluster_id: {"record": dict, "text": str}}``.
    STOP-GAP: wanted as a Store call."""
    ids = [c["representative"] for c in cluster_items if c.get("representative")]
    if not ids:
        return {}
    cur = store._con.execute(
        "SELECT e.cluster_id, e.record, a.text FROM events e JOIN articles a USING (article_key) "
        "WHERE e.event_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    return {cid: {"record": json.loads(record), "text": text} for cid, record, text in cur.fetchall()}


def article_texts(store: Store, keys: list[str]) -> dict[str, str]:
    """Stored article texts by key. STOP-GAP: wanted as a Store call."""
    if not keys:
        return {}
    cur = store._con.execute("SELECT article_key, text FROM articles WHERE article_key IN "
                             "(SELECT unnest(?::VARCHAR[]))", [sorted(set(keys))])
    return dict(cur.fetchall())


def stored_articles(store: Store, keys: list[str]) -> list:
    """Stored articles as :class:`~eventwire.records.Article` (text, dates, outlet, body
    offset; the dateline as text only), in the order of ``keys``. STOP-GAP: wanted as a
    Store call."""
    from eventwire.records import Article

    if not keys:
        return []
    cur = store._con.execute(
        "SELECT article_key, text, title, pub_date, date_basis, url, source, body_start, origin FROM articles "
        "WHERE article_key IN (SELECT unnest(?::VARCHAR[]))", [list(keys)])
    rows = {r[0]: r for r in cur.fetchall()}
    return [Article(id=k, text=r[1], title=r[2], date=r[3], date_basis=r[4] or "none", url=r[5], source=r[6],
                    body_start=r[7] or 0, origin=r[8]) for k in keys if (r := rows.get(k))]


def articles_about(store: Store, actors: list[str], limit: int) -> list[str]:
    """Keys of the newest articles with an event involving any of ``actors`` (all
    articles when none is given), at most ``limit``."""
    keys: dict[str, None] = {}
    for actor in actors or [None]:
        f = EventFilter(actor=actor) if actor else EventFilter()
        for item in store.query_events(f, per_page=min(1000, 4 * limit), sort="-date")["items"]:
            keys.setdefault(item["article_key"], None)
    return list(keys)[:limit]
