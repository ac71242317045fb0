"""The event store: an embedded DuckDB file holding articles, event mentions,
happenings (clusters of mentions) and errors.

Writes come in batches (:meth:`Store.add_results`), each in one transaction, so a
run stopped at any point leaves the store as it was after its last whole batch.
Every query is parameterised.

Concurrency: DuckDB lets one process open a file for writing (others get a lock
error, reported as :class:`StoreError`). Inside that process, threads share the
database through :meth:`Store.cursor` (one cursor per thread): readers see the
last committed batch while a writer adds the next; writes are serialised by a lock
shared by every cursor of the store.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

import duckdb
import pyarrow as pa

from eventwire.errors import EventwireError
from eventwire.store import dedup
from eventwire.store.filters import EventFilter, order_clause, where_clause
from eventwire.store.frames import Batch, event_record, results_to_batch
from eventwire.store.schema import SchemaProblem, ensure_schema

DEFAULT_STORE = "eventwire.duckdb"
PERIODS = {"day": "day", "week": "week", "month": "month", "year": "year"}
# the columns every sort of filters.SORTS orders by (a page is chosen on these alone)
_SORT_KEYS = "c.cluster_id, c.event_date, c.num_mentions, c.num_sources, c.goldstein, c.confidence"


class StoreError(EventwireError):
    """A store that cannot be opened or used (one line, names the file)."""


@dataclass
class WriteReport:
    articles: int = 0  # newly stored
    events: int = 0
    errors: int = 0
    copies: int = 0  # new articles linked as copies of others
    seconds: float = 0.0


class Store:
    """``Store(path)`` opens (creating, migrating or refusing) a store file;
    ``Store(":memory:")`` makes a throw-away one."""

    def __init__(self, path: str = DEFAULT_STORE, *, read_only: bool = False, _con=None, _lock=None, _version=None):
        self.path = str(path)
        self.read_only = read_only
        self._lock = _lock or threading.RLock()
        if _con is not None:  # a cursor of an open store
            self._con = _con
            self.version = _version
            return
        try:
            self._con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as err:
            raise StoreError(f"{self.path}: {_open_problem(err)}") from None
        try:
            self.version = ensure_schema(self._con, read_only=read_only)
        except SchemaProblem as err:
            self._con.close()
            raise StoreError(f"{self.path}: {err}") from None

    # -- lifetime -------------------------------------------------------------
    def cursor(self) -> "Store":
        """Another handle on the same open database, for another thread."""
        return Store(self.path, read_only=self.read_only, _con=self._con.cursor(), _lock=self._lock,
                     _version=self.version)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _rows(self, sql: str, params: Iterable = ()) -> list[dict[str, Any]]:
        cur = self._con.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    # -- writing --------------------------------------------------------------
    def known_keys(self, keys: list[str], include_failed: bool = True) -> set[str]:
        """Which of these article keys are done: stored, skipped on purpose (kind
        ``skipped``: its language), or (``include_failed``) failed with a recorded coding error."""
        if not keys:
            return set()
        kinds = "('code', 'skipped')" if include_failed else "('skipped',)"
        sql = ("SELECT article_key FROM articles WHERE article_key IN (SELECT unnest(?::VARCHAR[]))"
               f" UNION SELECT article_key FROM errors WHERE kind IN {kinds}"
               " AND article_key IN (SELECT unnest(?::VARCHAR[]))")
        params = [keys, keys]
        return {r[0] for r in self._con.execute(sql, params).fetchall()}

    def add_results(self, batch: Batch | list[dict[str, Any]]) -> WriteReport:
        """Write coded articles, their events and errors in one transaction, then link
        copies and happenings. Articles already stored are left as they are."""
        started = time.perf_counter()
        if not isinstance(batch, Batch):
            batch = results_to_batch(batch)
        batch = _first_of_each(batch)
        with self._lock:
            con = self._con
            con.begin()
            try:
                report = self._write(batch)
                con.commit()
            except BaseException:
                con.rollback()
                raise
            finally:
                for name in ("_new_articles", "_new_events", "_new_errors", "_new_bands"):
                    try:
                        con.unregister(name)
                    except duckdb.Error:
                        pass
        report.seconds = time.perf_counter() - started
        return report

    def _write(self, batch: Batch) -> WriteReport:
        con = self._con
        report = WriteReport()
        con.register("_new_articles", batch.articles)
        con.register("_new_events", batch.events)
        con.register("_new_errors", batch.errors)
        con.execute("CREATE OR REPLACE TEMP TABLE _fresh AS SELECT * FROM _new_articles "
                    "WHERE article_key NOT IN (SELECT article_key FROM articles)")
        report.articles = con.execute("SELECT count(*) FROM _fresh").fetchall()[0][0]
        con.execute("INSERT INTO articles SELECT *, article_key AS copy_group, NULL AS copy_similarity FROM _fresh")
        # article_outlet: the article's outlet, copied onto each mention (the outlet filter reads it)
        con.execute(f"""INSERT OR IGNORE INTO events
            SELECT e.*, {dedup.BLOCK_KEY_SQL} AS block_key, e.event_id AS cluster_id, f.outlet AS article_outlet
            FROM _new_events e JOIN _fresh f ON f.article_key = e.article_key""")
        report.events = con.execute(
            "SELECT count(*) FROM events WHERE article_key IN (SELECT article_key FROM _fresh)").fetchall()[0][0]
        # a coding error recorded by an earlier run is cleared once the article is stored
        con.execute("DELETE FROM errors WHERE kind = 'code' AND article_key IN (SELECT article_key FROM _fresh)")
        before = con.execute("SELECT count(*) FROM errors").fetchall()[0][0]
        con.execute("INSERT OR IGNORE INTO errors SELECT * FROM _new_errors "
                    "WHERE article_key IS NULL OR article_key NOT IN (SELECT article_key FROM articles)")
        report.errors = con.execute("SELECT count(*) FROM errors").fetchall()[0][0] - before
        if report.articles:
            affected, report.copies = self._link_copies()
            self._link_happenings(affected)
        return report

    # -- copies -----------------------------------------------------------------
    def _link_copies(self) -> tuple[list[str], int]:
        """Find copies of the fresh articles; the articles whose events must be
        (re)compared: the fresh ones and every member of a group that grew."""
        con = self._con
        fresh = self._rows("SELECT article_key, pub_date, minhash FROM _fresh")
        fresh_keys = [r["article_key"] for r in fresh]
        fresh_set = set(fresh_keys)
        bands = [(h, r["article_key"], r["pub_date"]) for r in fresh if r["minhash"]
                 for h in dedup.band_hashes(r["minhash"])]
        if not bands:
            return fresh_keys, 0
        table = pa.table({"band_hash": pa.array([b[0] for b in bands], pa.uint64()),
                          "article_key": [b[1] for b in bands],
                          "pub_date": pa.array([b[2] for b in bands], pa.date32())})
        con.register("_new_bands", table)
        con.execute("INSERT INTO article_bands SELECT * FROM _new_bands")
        pairs = con.execute(f"""
            SELECT DISTINCT n.article_key, b.article_key FROM _new_bands n JOIN article_bands b
              ON n.band_hash = b.band_hash AND n.article_key <> b.article_key
             AND (n.pub_date IS NULL OR b.pub_date IS NULL
                  OR abs(date_diff('day', n.pub_date, b.pub_date)) <= {int(dedup.COPY_WINDOW_DAYS)})""").fetchall()
        if not pairs:
            return fresh_keys, 0
        keys = sorted({k for p in pairs for k in p})
        info = {r["article_key"]: r for r in self._rows(
            "SELECT article_key, pub_date, minhash, copy_group FROM articles "
            "WHERE article_key IN (SELECT unnest(?::VARCHAR[]))", [keys])}
        links = []
        for a, b in pairs:
            if a < b or b not in fresh_set:  # each pair once
                sim = dedup.similarity(info[a]["minhash"], info[b]["minhash"])
                if sim >= dedup.COPY_SIMILARITY:
                    links.append((a, b, sim))
        if not links:
            return fresh_keys, 0
        groups = sorted({info[k]["copy_group"] for a, b, _ in links for k in (a, b)})
        members = self._rows("SELECT article_key, pub_date, copy_group FROM articles "
                             "WHERE copy_group IN (SELECT unnest(?::VARCHAR[]))", [groups])

        def node(r) -> tuple[str, str]:  # sorts the earliest article first: it names the group
            return (r["pub_date"].isoformat() if r["pub_date"] else "9999-12-31", r["article_key"])

        nodes = {r["article_key"]: node(r) for r in members}
        uf = dedup.UnionFind(nodes.values())
        first_of_group: dict[str, tuple] = {}
        for r in members:  # the groups as they were
            uf.union(first_of_group.setdefault(r["copy_group"], nodes[r["article_key"]]), nodes[r["article_key"]])
        best: dict[str, float] = {}
        for a, b, sim in links:
            uf.union(nodes[a], nodes[b])
            for k in (a, b):
                if k in fresh_set:
                    best[k] = max(best.get(k, 0.0), sim)
        changes = []
        for r in members:
            group = uf.find(nodes[r["article_key"]])[1]
            if group != r["copy_group"] or r["article_key"] in best:
                changes.append((r["article_key"], group, best.get(r["article_key"])))
        con.register("_copy_map", pa.table({"article_key": [c[0] for c in changes],
                                            "grp": [c[1] for c in changes],
                                            "sim": pa.array([c[2] for c in changes], pa.float64())}))
        con.execute("""UPDATE articles SET copy_group = m.grp, copy_similarity = coalesce(m.sim, articles.copy_similarity)
                       FROM _copy_map m WHERE articles.article_key = m.article_key""")
        con.unregister("_copy_map")
        grown = {uf.find(nodes[k])[1] for k in best}
        affected = sorted(set(fresh_keys) | {r["article_key"] for r in members
                                             if uf.find(nodes[r["article_key"]])[1] in grown})
        return affected, sum(1 for k in best if k in fresh_set)

    # -- happenings ---------------------------------------------------------------
    _MENTION_COLUMNS = ("e.event_id, e.cluster_id, e.article_key, a.copy_group, e.block_key, e.source_code, "
                        "e.target_code, e.reciprocal, e.cameo, e.event_date, e.date_basis, e.date_granularity, "
                        "e.location_country, e.location_geonameid, e.location_feature_class, e.evidence")

    def _link_happenings(self, affected: list[str]) -> None:
        """Join the events of the affected articles to the happenings they report."""
        con = self._con
        con.execute("CREATE OR REPLACE TEMP TABLE _affected AS SELECT unnest(?::VARCHAR[]) AS article_key",
                    [affected])
        window = int(dedup.WINDOW_DAYS)
        rows = self._rows(f"""
            WITH probe AS (SELECT DISTINCT block_key, event_date FROM events
                           WHERE article_key IN (SELECT article_key FROM _affected) AND event_date IS NOT NULL),
                 groups AS (SELECT DISTINCT copy_group FROM articles
                            WHERE article_key IN (SELECT article_key FROM _affected))
            SELECT {self._MENTION_COLUMNS} FROM events e JOIN articles a USING (article_key)
            WHERE e.event_id IN (
                SELECT e2.event_id FROM events e2 JOIN probe p ON e2.block_key = p.block_key
                   AND e2.event_date BETWEEN p.event_date - {window} AND p.event_date + {window}
                UNION
                SELECT e3.event_id FROM events e3 JOIN articles a3 USING (article_key)
                WHERE a3.copy_group IN (SELECT copy_group FROM groups))""")
        mentions = [dedup.Mention.from_row(r) for r in rows]
        affected_set = set(affected)
        by_block: dict[str, list[dedup.Mention]] = {}
        for m in mentions:
            by_block.setdefault(m.block, []).append(m)
        uf = dedup.UnionFind(m.cluster_id for m in mentions)
        pairs: dict[str, frozenset] = {}
        for block in by_block.values():
            block.sort(key=lambda m: m.event_id)
            probes = [m for m in block if m.article_key in affected_set]
            for p in probes:
                for m in block:
                    if m.event_id != p.event_id and uf.find(m.cluster_id) != uf.find(p.cluster_id):
                        if dedup.same_happening(p, m, _cached_pairs(pairs, p, m)):
                            uf.union(p.cluster_id, m.cluster_id)
        renamed = [(old, uf.find(old)) for old in uf.parent if uf.find(old) != old]
        if renamed:
            con.register("_cluster_map", pa.table({"old": [r[0] for r in renamed], "new": [r[1] for r in renamed]}))
            con.execute("UPDATE events SET cluster_id = m.new FROM _cluster_map m WHERE events.cluster_id = m.old")
            con.unregister("_cluster_map")
        # recount every happening the affected articles take part in, drop the merged-away ones
        con.execute("CREATE OR REPLACE TEMP TABLE _recount AS SELECT DISTINCT cluster_id FROM events "
                    "WHERE article_key IN (SELECT article_key FROM _affected)")
        con.execute("DELETE FROM clusters WHERE cluster_id IN (SELECT cluster_id FROM _recount) "
                    "OR cluster_id IN (SELECT unnest(?::VARCHAR[]))", [[r[0] for r in renamed]])
        con.execute(CLUSTER_INSERT_SQL)

    # -- maintenance -----------------------------------------------------------
    def recluster(self, batch_articles: int = 500) -> None:
        """Rebuild copies and happenings from scratch (after a change of the
        deduplication rules). Ends where incremental linking would."""
        with self._lock:
            con = self._con
            con.begin()
            try:
                con.execute("DELETE FROM article_bands")
                con.execute("DELETE FROM clusters")
                con.execute("UPDATE articles SET copy_group = article_key, copy_similarity = NULL")
                con.execute("UPDATE events SET cluster_id = event_id")
                keys = [r[0] for r in con.execute(
                    "SELECT article_key FROM articles ORDER BY pub_date NULLS LAST, article_key").fetchall()]
                for i in range(0, len(keys), batch_articles):
                    chunk = keys[i:i + batch_articles]
                    con.execute("CREATE OR REPLACE TEMP TABLE _fresh AS SELECT * EXCLUDE (copy_group, copy_similarity) "
                                "FROM articles WHERE article_key IN (SELECT unnest(?::VARCHAR[]))", [chunk])
                    affected, _ = self._link_copies()
                    try:
                        con.unregister("_new_bands")
                    except duckdb.Error:
                        pass
                    self._link_happenings(affected)
                con.commit()
            except BaseException:
                con.rollback()
                raise

    def record_run(self, started, finished, inputs: list[str], articles: int, events: int, errors: int,
                   seconds: float, store_seconds: float) -> None:
        with self._lock:
            self._con.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              [started, finished, " ".join(inputs), articles, events, errors, seconds, store_seconds])

    # -- reading -----------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        row = self._con.execute("""SELECT
            (SELECT count(*) FROM articles), (SELECT count(*) FROM events), (SELECT count(*) FROM clusters),
            (SELECT count(*) FROM errors), (SELECT count(*) FROM articles WHERE copy_group <> article_key),
            (SELECT count(*) FROM clusters WHERE num_mentions > 1)""").fetchall()[0]
        return dict(zip(["articles", "mentions", "events", "errors", "copies", "merged_events"], row))

    def query_events(self, filters: EventFilter | None = None, page: int = 1, per_page: int = 50,
                     sort: str = "-date") -> dict[str, Any]:
        """One page of happenings: ``{"items": [...], "total": n, "page": p, "per_page": k}``."""
        page, per_page = max(1, int(page)), max(1, min(1000, int(per_page)))
        where, params = where_clause(filters)
        order, offset = order_clause(sort), (page - 1) * per_page
        if not where:  # the count is the table's; DuckDB reads the wide columns of the page's rows only
            total = self._con.execute("SELECT count(*) FROM clusters c").fetchall()[0][0]
            items = self._rows(f"SELECT c.* FROM clusters c {order} LIMIT ? OFFSET ?", [per_page, offset])
            return {"items": items, "total": total, "page": page, "per_page": per_page}
        # The filter runs once, over the narrow columns it needs; it yields the matching rows'
        # ids and sort keys, which give the count and the page; the wide columns are read for
        # the page's rows only (by rowid).
        items = self._rows(f"""
            WITH m AS MATERIALIZED (SELECT c.rowid AS _rid, {_SORT_KEYS} FROM clusters c {where}),
                 p AS (SELECT _rid FROM m c {order} LIMIT ? OFFSET ?)
            SELECT c.*, (SELECT count(*) FROM m) AS _total
            FROM clusters c WHERE c.rowid IN (SELECT _rid FROM p) {order}""", params + [per_page, offset])
        if items:
            total = items[0]["_total"]
            for item in items:
                del item["_total"]
        else:  # past the last page (or nothing matches): the count alone
            total = self._con.execute(f"SELECT count(*) FROM clusters c {where}", params).fetchall()[0][0]
        return {"items": items, "total": total, "page": page, "per_page": per_page}

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """A happening by its cluster id (or the id of any of its mentions), with every
        mention as the coder wrote it plus its article, and why each was linked."""
        rows = self._rows("SELECT c.* FROM clusters c WHERE c.cluster_id = "
                          "coalesce((SELECT cluster_id FROM events WHERE event_id = ?), ?)", [event_id, event_id])
        if not rows:
            return None
        cluster = rows[0]
        mentions = self._rows(
            f"SELECT e.* EXCLUDE (article_outlet), a.copy_group, a.title, a.url, a.outlet AS article_outlet, "
            f"a.pub_date, a.origin "
            f"FROM events e JOIN articles a USING (article_key) WHERE e.cluster_id = ? "
            f"ORDER BY a.pub_date NULLS LAST, e.article_key, e.sentence, e.event_id", [cluster["cluster_id"]])
        linked = [dedup.Mention.from_row(r) for r in mentions]
        out = []
        for r, m in zip(mentions, linked):
            reasons = sorted({why for other in linked if other.event_id != m.event_id
                              and (why := dedup.same_happening(m, other))})
            out.append({**event_record(r), "article": {
                "id": r["article_key"], "title": r["title"], "url": r["url"], "outlet": r["article_outlet"],
                "date": r["pub_date"].isoformat() if r["pub_date"] else None, "origin": r["origin"],
                "copy_of": r["copy_group"] if r["copy_group"] != r["article_key"] else None},
                "linked_because": reasons})
        cluster["mentions"] = out
        return cluster

    def mentions(self, filters: EventFilter | None = None) -> Iterable[dict[str, Any]]:
        """Every stored mention of the happenings the filter takes, as the coder wrote it."""
        where, params = where_clause(filters)
        cur = self._con.execute(
            "SELECT e.* FROM events e JOIN articles a USING (article_key) WHERE e.cluster_id IN "
            f"(SELECT c.cluster_id FROM clusters c {where}) "
            "ORDER BY a.pub_date NULLS LAST, e.article_key, e.sentence, e.event_id", params)
        names = [d[0] for d in cur.description]
        while rows := cur.fetchmany(2000):
            for r in rows:
                yield event_record(dict(zip(names, r)))

    def errors(self, limit: int | None = None, kind: str | None = None, since=None) -> list[dict[str, Any]]:
        """Recorded problems (``since``: recorded at or after that time), oldest first."""
        sql = "SELECT kind, article_key, origin, message, recorded_at FROM errors WHERE true"
        params: list = []
        if kind:
            sql += " AND kind = ?"
            params.append(kind)
        if since is not None:
            sql += " AND recorded_at >= ?"
            params.append(since)
        sql += " ORDER BY recorded_at, origin, message"
        if limit:
            sql += " LIMIT ?"
            params.append(int(limit))
        return self._rows(sql, params)

    def runs(self) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM runs ORDER BY started")

    def copies(self, limit: int = 100) -> list[dict[str, Any]]:
        """Articles linked as copies: (article, group it joined, similarity)."""
        return self._rows("SELECT article_key, copy_group, copy_similarity, title, outlet FROM articles "
                          "WHERE copy_group <> article_key ORDER BY copy_group, article_key LIMIT ?", [limit])

    def dyads(self, source: str | None = None, target: str | None = None, by: str = "month",
              filters: EventFilter | None = None, level: str = "country", plover_types: list[str] | None = None):
        """Happenings per period and dyad (pandas DataFrame): counts per quad class and
        PLOVER type, Goldstein sum and mean. ``level``: actors as countries (else their
        code) or as full codes."""
        sql, params = self._dyads_sql(source, target, by, filters, level, plover_types)
        table = self._con.execute(sql, params).df()
        table["period"] = table["period"].dt.date  # pandas made the DATE a timestamp
        return table

    def dyad_columns(self, source: str | None = None, target: str | None = None, by: str = "month",
                     filters: EventFilter | None = None, level: str = "country",
                     plover_types: list[str] | None = None) -> tuple[list[str], list[list]]:
        """The table of :meth:`dyads` as column names and one list of plain Python values
        per column (periods as dates, missing numbers as None), without pandas."""
        sql, params = self._dyads_sql(source, target, by, filters, level, plover_types)
        cur = self._con.execute(sql, params)
        names = [d[0] for d in cur.description]
        rows = cur.fetchall()
        return names, [list(col) for col in zip(*rows)] if rows else [[] for _ in names]

    def dyads_json(self, source: str | None = None, target: str | None = None, by: str = "month",
                   filters: EventFilter | None = None, level: str = "country",
                   plover_types: list[str] | None = None, top: int = 0) -> tuple[str, int]:
        """The table of :meth:`dyads` as the JSON text of a list of row objects (keys: its
        columns; periods as ISO dates), encoded by DuckDB, and the number of dyads it has.
        ``top``: only the rows of the ``top`` dyads with the most happenings over every
        period (ties: source, then target); 0: every dyad."""
        sql, params = self._dyads_sql(source, target, by, filters, level, plover_types, ordered=False)
        keep = "SELECT source, target FROM k ORDER BY n DESC, source, target LIMIT ?" if top else "SELECT source, target FROM k"
        text, n_dyads = self._con.execute(f"""
            WITH t AS MATERIALIZED ({sql}),
                 k AS (SELECT source, target, sum(events) AS n FROM t GROUP BY source, target),
                 keep AS ({keep})
            SELECT coalesce((SELECT string_agg(to_json(r), ',' ORDER BY r.period, r.source, r.target)
                             FROM (SELECT t.* FROM t SEMI JOIN keep USING (source, target)) r), ''),
                   (SELECT count(*) FROM k)""", params + ([int(top)] if top else [])).fetchall()[0]
        return "[" + text + "]", n_dyads

    def _dyads_sql(self, source, target, by, filters, level, plover_types, ordered: bool = True
                   ) -> tuple[str, list]:
        if by not in PERIODS:
            raise ValueError(f"unknown period {by!r}; one of {', '.join(PERIODS)}")
        f = filters or EventFilter()
        f.source, f.target = source or f.source, target or f.target
        where, params = where_clause(f)
        where = f"{where} {'AND' if where else 'WHERE'} c.event_date IS NOT NULL"
        side = ("coalesce(c.{r}_country, c.{r}_code, '?')" if level == "country" else "coalesce(c.{r}_code, '?')")
        types = plover_types if plover_types is not None else [r[0] for r in self._con.execute(
            "SELECT DISTINCT plover_type FROM clusters WHERE plover_type IS NOT NULL ORDER BY 1").fetchall()]
        # count_if(x) counts what count(*) FILTER (WHERE x) counts, faster (as BIGINT: a count's type)
        type_cols = "".join(f", CAST(count_if(c.plover_type = ?) AS BIGINT) AS \"{_ident(t)}\"" for t in types)
        sql = f"""
            SELECT CAST(date_trunc('{PERIODS[by]}', c.event_date) AS DATE) AS period,
                   {side.format(r='source')} AS source, {side.format(r='target')} AS target,
                   count(*) AS events,
                   CAST(count_if(c.quad_class = 1) AS BIGINT) AS q1_verbal_coop,
                   CAST(count_if(c.quad_class = 2) AS BIGINT) AS q2_material_coop,
                   CAST(count_if(c.quad_class = 3) AS BIGINT) AS q3_verbal_conflict,
                   CAST(count_if(c.quad_class = 4) AS BIGINT) AS q4_material_conflict,
                   sum(c.goldstein) AS goldstein_sum, avg(c.goldstein) AS goldstein_mean,
                   CAST(sum(c.num_mentions) AS BIGINT) AS mentions
                   {type_cols}
            FROM clusters c {where}
            GROUP BY ALL {'ORDER BY period, source, target' if ordered else ''}"""
        return sql, list(types) + params

    def actors(self, filters: EventFilter | None = None, unknown: bool = False, limit: int = 100):
        """Actors by how often they act and are acted upon (pandas DataFrame). With
        ``unknown``: the texts the coder could not resolve to a code, most frequent first."""
        where, params = where_clause(filters)
        inner = f"SELECT c.cluster_id FROM clusters c {where}"
        if unknown:
            sql = f"""SELECT lower(text) AS text, count(*) AS mentions, count(DISTINCT article_key) AS articles,
                             any_value(example) AS example FROM (
                        SELECT source_text AS text, article_key, evidence AS example FROM events
                          WHERE source_start IS NOT NULL AND source_code IS NULL AND cluster_id IN ({inner})
                        UNION ALL
                        SELECT target_text, article_key, evidence FROM events
                          WHERE target_start IS NOT NULL AND target_code IS NULL AND cluster_id IN ({inner}))
                      GROUP BY 1 ORDER BY mentions DESC, text LIMIT ?"""
            return self._con.execute(sql, params + params + [int(limit)]).df()
        sql = f"""SELECT code, any_value(name) AS name, any_value(country) AS country,
                         count(*) FILTER (WHERE role = 'source') AS as_source,
                         count(*) FILTER (WHERE role = 'target') AS as_target, count(*) AS events FROM (
                    SELECT source_code AS code, source_name AS name, source_country AS country, 'source' AS role
                      FROM clusters c {where} {'AND' if where else 'WHERE'} c.source_code IS NOT NULL
                    UNION ALL
                    SELECT target_code, target_name, target_country, 'target'
                      FROM clusters c {where} {'AND' if where else 'WHERE'} c.target_code IS NOT NULL)
                  GROUP BY code ORDER BY events DESC, code LIMIT ?"""
        return self._con.execute(sql, params + params + [int(limit)]).df()

    def _happenings_sql(self, filters: EventFilter | None, sort: str) -> tuple[str, list]:
        where, params = where_clause(filters)
        return f"""
            SELECT c.*, e.source_text, e.target_text, e.coder,
                   CASE WHEN e.location_start IS NOT NULL
                        THEN substring(a.text, e.location_start + 1, e.location_end - e.location_start) END
                        AS location_text
            FROM clusters c JOIN events e ON e.event_id = c.representative
                 JOIN articles a ON a.article_key = e.article_key
            {where} {order_clause(sort)}""", params

    def happenings(self, filters: EventFilter | None = None, sort: str = "date", chunk: int = 5000):
        """Every happening the filter takes, in chunks of dict rows (for exports), with the
        representative mention's raw texts and coder version."""
        cur = self._con.execute(*self._happenings_sql(filters, sort))
        names = [d[0] for d in cur.description]
        while rows := cur.fetchmany(chunk):
            yield [dict(zip(names, r)) for r in rows]

    def happenings_arrow(self, filters: EventFilter | None = None, sort: str = "date", chunk: int = 50_000):
        """The same as :meth:`happenings`, as an Arrow record batch reader (typed columns)."""
        sql, params = self._happenings_sql(filters, sort)
        rel = self._con.sql(sql, params=params)
        reader = getattr(rel, "to_arrow_reader", None) or rel.fetch_arrow_reader  # DuckDB 2 / DuckDB 1
        return reader(chunk)

    def export(self, out, fmt: str, filters: EventFilter | None = None, mentions: bool = False,
               header: bool | None = None) -> int:
        """Write a dataset; the number of rows written. See :mod:`eventwire.store.export`."""
        from eventwire.store.export import export

        return export(self, out, fmt, filters, mentions=mentions, header=header)


CLUSTER_INSERT_SQL = """
INSERT INTO clusters
WITH m AS (
    SELECT e.* EXCLUDE (article_outlet), a.pub_date, a.outlet AS article_outlet, a.copy_group, a.url, a.added_at
    FROM events e JOIN articles a USING (article_key)
    WHERE e.cluster_id IN (SELECT cluster_id FROM _recount)),
agg AS (
    SELECT cluster_id, count(*) AS num_mentions, count(DISTINCT article_key) AS num_articles,
           count(DISTINCT coalesce(article_outlet, '')) AS num_sources,
           count(DISTINCT copy_group) AS num_stories, min(pub_date) AS first_seen, max(pub_date) AS last_seen,
           min(added_at) AS first_added, bool_or(sentence = 0) AS is_root_event, max(confidence) AS confidence
    FROM m GROUP BY cluster_id),
rep AS (
    SELECT * FROM m QUALIFY row_number() OVER (
        PARTITION BY cluster_id
        ORDER BY confidence DESC, (date_basis IN ('explicit', 'relative')) DESC, pub_date NULLS LAST, event_id) = 1)
SELECT rep.cluster_id, rep.event_id, rep.block_key,
       rep.source_code, rep.source_name, rep.source_country, rep.source_agent,
       rep.target_code, rep.target_name, rep.target_country, rep.target_agent,
       rep.reciprocal, rep.cameo, rep.cameo_root, rep.cameo_name, rep.quad_class, rep.goldstein,
       rep.plover_type, rep.plover_mode, rep.event_date, rep.date_basis,
       rep.location_name, rep.location_country, rep.location_admin1, rep.location_lat, rep.location_lon,
       rep.location_geonameid, rep.location_feature_class,
       agg.num_mentions, agg.num_articles, agg.num_sources, agg.num_stories, agg.first_seen, agg.last_seen,
       agg.first_added, agg.is_root_event, agg.confidence, rep.url, rep.article_outlet, rep.article_key
FROM rep JOIN agg USING (cluster_id)
"""


def _cached_pairs(cache: dict[str, frozenset], *mentions: dedup.Mention) -> dict[str, frozenset]:
    for m in mentions:
        if m.event_id not in cache:
            cache[m.event_id] = dedup.evidence_pairs(m.evidence)
    return cache


def _ident(name: str) -> str:
    """A PLOVER type as a column name (they are upper-case words; anything else is dropped)."""
    return re.sub(r"[^A-Za-z0-9_]", "", name)


def _first_of_each(batch: Batch) -> Batch:
    """Keep the first article (and error) of each key: a key is stored once."""
    def firsts(table: pa.Table, column: str) -> pa.Table:
        seen, keep = set(), []
        for i, k in enumerate(table.column(column).to_pylist()):
            if k not in seen:
                seen.add(k)
                keep.append(i)
        return table if len(keep) == table.num_rows else table.take(keep)

    events = batch.events
    if events.num_rows:
        events = firsts(events, "event_id")
    return Batch(firsts(batch.articles, "article_key"), events, firsts(batch.errors, "error_key"))


def _open_problem(err: duckdb.Error) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    if "lock" in text.lower():
        pid = re.search(r"PID (\d+)", str(err))
        who = f" (process {pid.group(1)})" if pid else ""
        return (f"in use by another program{who}; wait for it to finish, or open a copy "
                "(while a server runs, ingest through it)")
    if "not a valid DuckDB database" in text or "Unable to read" in text or "invalid" in text.lower():
        return f"not a DuckDB store ({text})"
    return f"cannot open ({text})"
