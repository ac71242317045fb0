"""Ingest Reuters-21578 into a fresh store and print the figures of docs/performance.md.

    .venv/bin/python bench/ingest_reuters.py              # the whole corpus (about 19,000 stories)
    .venv/bin/python bench/ingest_reuters.py --limit 500  # the first 500 stories

Converts the SGML corpus to JSON Lines first when needed (scripts/reuters_to_jsonl.py),
then runs the local engine (a process pool, one worker per core unless --workers)
and prints articles/s, events/s, the share of the wall time spent writing to the
store (target: under 5%), the store's size and what deduplication found.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventwire.engines.local import IngestOptions, ingest  # noqa: E402
from eventwire.store import Store  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "reuters21578"


def reuters_jsonl(corpus: Path, out_dir: Path, limit: int | None) -> Path:
    full = out_dir / "reuters.jsonl"
    if not full.exists():
        out_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(ROOT / "scripts" / "reuters_to_jsonl.py"), str(corpus), str(full)],
                       check=True)
    if not limit:
        return full
    part = out_dir / f"reuters-{limit}.jsonl"
    with open(full, encoding="utf-8") as src, open(part, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= limit:
                break
            dst.write(line)
    return part


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N stories")
    ap.add_argument("--workers", type=int, default=None, help="processes (default: one per core)")
    ap.add_argument("--db", default=str(ROOT / "out" / "reuters.duckdb"), help="store file (recreated)")
    ap.add_argument("--corpus", default=str(CORPUS), help="directory of reut2-*.sgm")
    args = ap.parse_args(argv)
    source = reuters_jsonl(Path(args.corpus), ROOT / "out", args.limit)
    for path in (args.db, args.db + ".wal"):
        if os.path.exists(path):
            os.remove(path)
    store = Store(args.db)
    last = [time.monotonic()]

    def progress(r) -> None:
        if time.monotonic() - last[0] >= 60:
            last[0] = time.monotonic()
            print(f"  ... {r.done:,}/{r.total or 0:,} articles, {r.events:,} events, {r.seconds:.0f} s", flush=True)

    wall = time.perf_counter()
    report = ingest([str(source)], store, IngestOptions(workers=args.workers), progress=progress)
    wall = time.perf_counter() - wall
    counts = store.counts()
    store.close()
    size = os.path.getsize(args.db) + (os.path.getsize(args.db + ".wal") if os.path.exists(args.db + ".wal") else 0)
    articles = report.coded + report.failed
    print(f"input           {source.name}: {report.read:,} stories ({report.problems} read problems)")
    print(f"workers         {report.workers} (on {os.cpu_count()} cores)")
    print(f"wall time       {wall:.1f} s")
    print(f"articles/s      {articles / wall:.2f}")
    print(f"events/s        {report.events / wall:.2f}  ({report.events:,} event mentions)")
    print(f"store time      {report.store_seconds:.1f} s = {100 * report.store_seconds / wall:.2f}% of the wall time")
    print(f"store size      {size / 2**20:.1f} MiB ({args.db})")
    print(f"articles        {counts['articles']:,} stored, {report.failed} failed, "
          f"{counts['copies']:,} linked as copies of another")
    print(f"events          {counts['mentions']:,} mentions -> {counts['events']:,} happenings "
          f"({counts['merged_events']:,} reported more than once)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
