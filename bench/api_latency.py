"""Latency of the web API on a store of a million events: median and p95 per request.

    .venv/bin/python bench/api_latency.py                      # 1,000,000 synthetic events
    .venv/bin/python bench/api_latency.py --events 200000 --repeat 20
    .venv/bin/python bench/api_latency.py --db /tmp/big.duckdb --reuse   # keep the store between runs

The store is built in bulk with DuckDB's own row generator (synthetic happenings,
one mention each, four per article, a plausible spread of actors, codes, dates and
places); the schema is the store's own (``Store(path)`` creates it). Requests go
through the real app (FastAPI TestClient: routing, validation, the store's queries
and JSON encoding; no network). Target: p95 under 100 ms for GET /events with
filters and GET /dyads.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventwire.store import Store  # noqa: E402

# (source country, target country) pairs, the most frequent first: their share falls off like 1/rank
COUNTRIES = ["RUS", "UKR", "USA", "CHN", "ISR", "PSE", "IRN", "SYR", "TUR", "AZE", "ARM", "IND", "PAK", "FRA",
             "DEU", "GBR", "JPN", "KOR", "PRK", "SAU", "YEM", "EGY", "ETH", "SDN", "NGA", "BRA", "VEN", "MEX"]
AGENTS = ["", "GOV", "MIL", "COP", "REB", "OPP", "BUS", "MED"]
CODES = [("010", 1, 0.0, "OTHER"), ("036", 1, 4.0, "CONSULT"), ("040", 1, 1.0, "CONSULT"),
         ("042", 1, 1.9, "CONSULT"), ("043", 1, 2.8, "CONSULT"), ("051", 1, 3.4, "COOPERATE"),
         ("057", 2, 8.0, "AGREE"), ("070", 2, 7.0, "AID"), ("112", 3, -2.0, "ACCUSE"),
         ("120", 3, -4.0, "REJECT"), ("130", 3, -4.4, "THREATEN"), ("141", 3, -6.5, "PROTEST"),
         ("173", 4, -5.0, "COERCE"), ("190", 4, -10.0, "ASSAULT"), ("193", 4, -10.0, "ASSAULT"),
         ("195", 4, -10.0, "ASSAULT")]
PLACES = [("Kyiv", "UKR", 50.45, 30.52), ("Moscow", "RUS", 55.75, 37.62), ("Gaza", "PSE", 31.5, 34.47),
          ("Damascus", "SYR", 33.51, 36.29), ("Baku", "AZE", 40.38, 49.89), ("Geneva", "CHE", 46.2, 6.15),
          ("Washington", "USA", 38.9, -77.04), ("Beijing", "CHN", 39.9, 116.4), (None, None, None, None)]
OUTLETS = ["Reuters", "AFP", "AP", "TASS", "Trend", "Al Jazeera", "BBC", "Xinhua"]
WORDS = ["shelling", "talks", "visit", "sanctions", "ceasefire", "protest", "aid", "accused", "agreement", "strike"]


def _list(values) -> str:
    return "[" + ", ".join("NULL" if v is None else (f"'{v}'" if isinstance(v, str) else str(v)) for v in values) + "]"


def build(path: str, n_events: int) -> None:
    """A store with ``n_events`` happenings, written with a handful of bulk statements."""
    started = time.perf_counter()
    store = Store(path)
    con = store._con  # a benchmark fills the tables directly: the store's write path is measured elsewhere
    n_articles = max(1, n_events // 4)
    con.execute(f"""
        CREATE TEMP TABLE g AS
        SELECT i,
               -- skewed choices: low indices (the big dyads) much more often
               CAST(floor(pow(hash(i, 1) % 1000000 / 1000000.0, 2.5) * {len(COUNTRIES)}) AS INT) + 1 AS s,
               CAST(floor(pow(hash(i, 2) % 1000000 / 1000000.0, 2.5) * {len(COUNTRIES)}) AS INT) + 1 AS t,
               CAST(hash(i, 3) % {len(AGENTS)} AS INT) + 1 AS sa,
               CAST(hash(i, 4) % {len(AGENTS)} AS INT) + 1 AS ta,
               CAST(hash(i, 5) % {len(CODES)} AS INT) + 1 AS c,
               CAST(hash(i, 6) % {len(PLACES)} AS INT) + 1 AS p,
               CAST(hash(i, 7) % {len(OUTLETS)} AS INT) + 1 AS o,
               CAST(hash(i, 8) % {len(WORDS)} AS INT) + 1 AS w,
               DATE '2015-01-01' + CAST(hash(i, 9) % 3650 AS INT) AS d,
               i // 4 AS art
        FROM range({n_events}) r(i)""")
    codes, quads, golds, plovers = zip(*CODES)
    names, pc, lats, lons = zip(*PLACES)
    lists = dict(countries=_list(COUNTRIES), agents=_list(AGENTS), codes=_list(codes), quads=_list(quads),
                 golds=_list(golds), plovers=_list(plovers), names=_list(names), pc=_list(pc), lats=_list(lats),
                 lons=_list(lons), outlets=_list(OUTLETS), words=_list(WORDS))
    con.execute("""
        INSERT INTO articles BY NAME
        SELECT 'a' || art AS article_key, 'Story ' || art AS title, min(d) AS pub_date, 'metadata' AS date_basis,
               {outlets}[any_value(o)] AS outlet, {outlets}[any_value(o)] AS source,
               'synthetic:' || art AS origin, 0 AS body_start,
               string_agg('Sentence of event ' || i || ' about ' || {words}[w] || '.', ' ' ORDER BY i) AS text,
               count(*) AS n_events, 'bench' AS coder, now()::TIMESTAMP AS added_at, 'a' || art AS copy_group
        FROM g GROUP BY art""".format(**lists))
    common = """
        'e' || i AS {id}, {countries}[s] || {agents}[sa] AS source_code, {countries}[s] AS source_country,
        {countries}[t] || {agents}[ta] AS target_code, {countries}[t] AS target_country,
        {codes}[c] AS cameo, substr({codes}[c], 1, 2) AS cameo_root, 'code ' || {codes}[c] AS cameo_name,
        {quads}[c] AS quad_class, {golds}[c] AS goldstein, {plovers}[c] AS plover_type, d AS event_date,
        'explicit' AS date_basis, {names}[p] AS location_name, {pc}[p] AS location_country,
        {lats}[p] AS location_lat, {lons}[p] AS location_lon, 0.7 AS confidence, 'a' || art AS article_key"""
    con.execute(("INSERT INTO events BY NAME SELECT " + common + """, 'e' || i AS cluster_id, 0 AS sentence,
        'Sentence of event ' || i || ' about ' || {words}[w] || '.' AS evidence, {outlets}[o] AS outlet,
        'bench' AS coder, '{{}}' AS record FROM g""").format(id="event_id", **lists))
    # each mention carries its article's outlet (schema 2), as the store's write path copies it
    con.execute("UPDATE events SET article_outlet = a.outlet FROM articles a WHERE events.article_key = a.article_key")
    con.execute(("INSERT INTO clusters BY NAME SELECT " + common + """, 'e' || i AS representative,
        1 AS num_mentions, 1 AS num_articles, 1 AS num_sources, 1 AS num_stories, d AS first_seen,
        d AS last_seen, true AS is_root_event, {outlets}[o] AS outlet FROM g""").format(id="cluster_id", **lists))
    con.execute("DROP TABLE g")
    con.execute("CHECKPOINT")
    counts = store.counts()
    store.close()
    print(f"built {path}: {counts['events']:,} events, {counts['articles']:,} articles in "
          f"{time.perf_counter() - started:.0f} s ({os.path.getsize(path) / 2**20:.0f} MiB)")


REQUESTS = [
    ("GET /events (newest first, no filter)", "/events"),
    ("GET /events?actor=UKR", "/events?actor=UKR"),
    ("GET /events?source=RUS&target=UKR&start..end", "/events?source=RUS&target=UKR&start=2020-01-01&end=2020-12-31"),
    ("GET /events?cameo=19&quad_class=4&page=5", "/events?cameo=19&quad_class=4&page=5"),
    ("GET /events?country=SYR&sort=-goldstein", "/events?country=SYR&sort=-goldstein"),
    ("GET /events?location=Gaza&plover=ASSAULT", "/events?location=Gaza&plover=ASSAULT"),
    ("GET /events?actor=AZE&outlet=Trend", "/events?actor=AZE&outlet=Trend"),
    ("GET /events?actor=IRN&text=sanctions", "/events?actor=IRN&text=sanctions"),
    ("GET /dyads?source=RUS&target=UKR&by=month", "/dyads?source=RUS&target=UKR&by=month"),
    ("GET /dyads?source=ISR&by=week", "/dyads?source=ISR&by=week"),
    ("GET /dyads?actor=ARM&by=year&level=code", "/dyads?actor=ARM&by=year&level=code"),
    ("GET /dyads (every dyad, by year)", "/dyads?by=year"),
]
PAGES = [  # dashboard pages: reported, outside the API target
    ("page / (overview, by year)", "/?by=year"),
    ("page /ui/events?actor=UKR", "/ui/events?actor=UKR"),
    ("page /ui/dyad?a=RUS&b=UKR&by=year", "/ui/dyad?a=RUS&b=UKR&by=year"),
]


def measure(path: str, repeat: int, requests) -> list[tuple[str, float, float, float]]:
    """(name, median ms, p95 ms, median CPU ms of this process: every thread, so on a
    machine shared with other work it tells what the request costs, apart from waiting)."""
    from fastapi.testclient import TestClient

    from eventwire.serve import create_app

    rows = []
    with TestClient(create_app(path)) as client:
        for name, url in requests:
            r = client.get(url)  # warm-up (and a check)
            if r.status_code != 200:
                raise SystemExit(f"{url}: {r.status_code} {r.text[:200]}")
            times, cpu = [], []
            for _ in range(repeat):
                t, c = time.perf_counter(), time.process_time()
                client.get(url)
                times.append(1000 * (time.perf_counter() - t))
                cpu.append(1000 * (time.process_time() - c))
            times.sort()
            p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
            rows.append((name, statistics.median(times), p95, statistics.median(cpu)))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=40, help="timed requests per route (after one warm-up)")
    ap.add_argument("--db", help="store file (default: a temporary one, removed afterwards)")
    ap.add_argument("--reuse", action="store_true", help="use --db as it is if it exists")
    args = ap.parse_args()
    tmp = None
    path = args.db
    if path is None:
        tmp = tempfile.TemporaryDirectory()
        path = os.path.join(tmp.name, "bench.duckdb")
    if not (args.reuse and os.path.exists(path)):
        if os.path.exists(path):
            os.remove(path)
        build(path, args.events)
    rows = measure(path, args.repeat, REQUESTS)
    pages = measure(path, max(3, args.repeat // 5), PAGES)
    width = max(len(r[0]) for r in rows + pages)
    print(f"{'request':<{width}}  median ms  p95 ms  CPU ms")
    for name, median, p95, cpu in rows:
        print(f"{name:<{width}}  {median:9.1f}  {p95:6.1f}  {cpu:6.1f}{'  over target' if p95 > 100 else ''}")
    for name, median, p95, cpu in pages:
        print(f"{name:<{width}}  {median:9.1f}  {p95:6.1f}  {cpu:6.1f}")
    worst = max(r[2] for r in rows)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"worst API p95: {worst:.1f} ms (target: under 100 ms); {args.repeat} timed requests each "
          f"({max(3, args.repeat // 5)} per page), {os.cpu_count()} cores, load average {load:.1f}")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
