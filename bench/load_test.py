"""Load test of `eventwire serve` on loopback: mixed reads and ingests, bounded.

    .venv/bin/python bench/load_test.py [--requests 5000] [--concurrency 16] [--ingest-share 0.05]

Starts `eventwire serve` on 127.0.0.1 over a fresh store, seeds it with a few
articles, then sends ``--requests`` requests from ``--concurrency`` threads:
GET /events (pages and filters), GET /dyads, GET /events/{id}, and POST /articles
(one new article each, from ../shared/corpora/agnews-world.jsonl). It stops by
itself and prints: answers by status, latency percentiles per route, lost ingests
(articles whose POST was answered 200 but that are not in the store, checked after
the server stopped), and the server's RSS over the run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import httpx

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpora" / "agnews-world.jsonl"
EVENTWIRE = Path(sys.executable).with_name("eventwire")
SEED_ARTICLES = 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--ingest-share", type=float, default=0.05, help="share of requests that POST an article")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    corpus = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    rng.shuffle(corpus)
    seed_articles, fresh = corpus[:SEED_ARTICLES], iter(corpus[SEED_ARTICLES:])
    fresh_lock = threading.Lock()

    workdir = tempfile.mkdtemp(prefix="eventwire-load-")
    db, port = os.path.join(workdir, "load.duckdb"), free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(EVENTWIRE), "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port),
                               "--no-places"], stdout=subprocess.DEVNULL, stderr=open(os.path.join(workdir, "serve.log"), "w"))
    rss: list[tuple[float, float]] = []
    stop = threading.Event()
    try:
        client = httpx.Client(base_url=base, timeout=120)
        for _ in range(600):
            try:
                if client.get("/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            print("server did not start", file=sys.stderr)
            return 1
        seeded = client.post("/articles", json=seed_articles)
        assert seeded.status_code == 200, seeded.text
        items = client.get("/events", params={"per_page": 200}).json().get("items", [])
        event_ids = [e["cluster_id"] for e in items] or ["missing"]

        started = time.monotonic()

        def watch() -> None:
            while not stop.is_set():
                rss.append((time.monotonic() - started, rss_mb(server.pid)))
                stop.wait(1.0)

        threading.Thread(target=watch, daemon=True).start()
        status: Counter = Counter()
        latency: dict[str, list[float]] = defaultdict(list)
        posted: list[str] = []
        answered_200: list[str] = []
        results_lock = threading.Lock()

        def one(i: int) -> None:
            r = random.Random(args.seed * 1_000_003 + i)
            roll = r.random()
            article = None
            if roll < args.ingest_share:
                with fresh_lock:
                    article = next(fresh, None)
            t0 = time.perf_counter()
            with httpx.Client(base_url=base, timeout=120) as c:
                if article is not None:
                    route, resp = "POST /articles", c.post("/articles", json=article)
                elif roll < 0.55:
                    params = r.choice([{}, {"page": r.randint(1, 5)}, {"quad_class": r.randint(1, 4)},
                                       {"cameo": "04"}, {"per_page": 200}, {"sort": "date"}])
                    route, resp = "GET /events", c.get("/events", params=params)
                elif roll < 0.75:
                    route, resp = "GET /dyads", c.get("/dyads", params=r.choice([{}, {"by": "month"}]))
                else:
                    route, resp = "GET /events/{id}", c.get(f"/events/{r.choice(event_ids)}")
            took = time.perf_counter() - t0
            with results_lock:
                status[resp.status_code] += 1
                latency[route].append(took)
                if article is not None:
                    posted.append(article["id"])
                    if resp.status_code == 200:
                        answered_200.append(article["id"])

        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            list(pool.map(one, range(args.requests)))
        seconds = time.monotonic() - started
        stop.set()
    finally:
        stop.set()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    con = duckdb.connect(db, read_only=True)
    stored = {r[0] for r in con.execute("SELECT article_key FROM articles UNION SELECT article_key FROM errors "
                                        "WHERE article_key IS NOT NULL").fetchall()}
    con.close()
    lost = [a for a in answered_200 if a not in stored]

    print(f"eventwire serve on loopback: {args.requests:,} requests, {args.concurrency} concurrent, "
          f"{seconds:.1f} s ({args.requests / seconds:.1f} requests/s)")
    print("answers by status: " + ", ".join(f"{k}: {v:,}" for k, v in sorted(status.items())))
    print(f"{'route':18} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for route, values in sorted(latency.items()):
        print(f"{route:18} {len(values):>6,} {1000 * percentile(values, .5):>8.0f} {1000 * percentile(values, .95):>8.0f}"
              f" {1000 * percentile(values, .99):>8.0f} {1000 * max(values):>8.0f}")
    print(f"ingests: {len(posted)} posted, {len(answered_200)} answered 200, {len(lost)} lost" +
          (f" ({', '.join(lost[:5])})" if lost else ""))
    if rss:
        marks = [rss[int(i * (len(rss) - 1) / 4)] for i in range(5)]
        print("server RSS (MB) over the run: " + ", ".join(f"{t:.0f}s {m:.0f}" for t, m in marks)
              + f"; peak {max(m for _, m in rss):.0f}")
    errors_5xx = sum(v for k, v in status.items() if k >= 500)
    return 1 if errors_5xx or lost else 0


if __name__ == "__main__":
    sys.exit(main())
