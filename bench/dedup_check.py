"""Check deduplication on planted duplicates built from real Reuters stories.

    .venv/bin/python bench/dedup_check.py               # 120 originals, 2 planted copies each
    .venv/bin/python bench/dedup_check.py --originals 60

1. Codes a window of Reuters-21578 stories (converted with scripts/reuters_to_jsonl.py)
   and keeps as originals those with at least one event that are not copies of one
   another and share no sentence with one another (Reuters repeats some stories and
   paragraphs under new numbers), and are not in the silver data's test split.
2. Plants two duplicates of each original: a syndicated copy (same text, another
   outlet and id, published a day later) and a lightly edited copy (a credit line
   added, a few words changed, one later sentence dropped; same day).
3. Ingests originals and copies, shuffled, into a fresh store and prints:
   * copies linked: planted copies whose copy group is their original's;
   * mentions merged: events of a copy that have a counterpart (same CAMEO root and
     dyad) in their original and landed in that counterpart's happening;
   * false merges: happenings that join events of two different originals (each listed).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventwire.engines.local import IngestOptions, ingest  # noqa: E402
from eventwire.evaluate import silver_split  # noqa: E402
from eventwire.store import Store  # noqa: E402
from eventwire.store.dedup import evidence_pairs, jaccard  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from ingest_reuters import CORPUS, reuters_jsonl  # noqa: E402

SILVER = ROOT.parent / "shared" / "train" / "reuters-silver.jsonl"  # its test split is kept out
CREDITS = ["(Reporting by staff correspondents; editing by the world desk)",
           "Additional reporting by the agency's bureau.",
           "(Compiled from wire reports.)"]
WORD_SWAPS = [("said", "says"), ("told", "informed"), ("week", "weeks"), ("on Monday", "Monday"),
              ("percent", "pct"), ("the government", "the authorities"), ("officials", "sources")]


def light_edit(text: str, rng: random.Random) -> str:
    """A copy as a second outlet prints it: a word or two changed, a later sentence cut, a credit added."""
    sentences = re.split(r"(?<=\.)\s+", text)
    if len(sentences) > 4:
        del sentences[rng.randrange(3, len(sentences))]
    out = " ".join(sentences)
    swaps = [s for s in WORD_SWAPS if s[0] in out]
    for old, new in rng.sample(swaps, min(2, len(swaps))):
        out = out.replace(old, new, 1)
    return out + "\n\n" + rng.choice(CREDITS)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--originals", type=int, default=120)
    ap.add_argument("--start", type=int, default=8000, help="first story of the scanned window")
    ap.add_argument("--scan", type=int, default=500, help="stories coded to find originals with events")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--out", default=str(ROOT / "out" / "dedup"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    stories = [json.loads(line) for line in reuters_jsonl(Path(CORPUS), ROOT / "out", None)
               .read_text(encoding="utf-8").splitlines()]
    held_out = {json.loads(line)["id"] for line in SILVER.read_text(encoding="utf-8").splitlines()
                if line.strip() and silver_split(json.loads(line)["id"]) == "test"}
    window = [s for s in stories[args.start:args.start + args.scan] if s["id"] not in held_out]
    scan_path = out / "scan.jsonl"
    scan_path.write_text("".join(json.dumps(s) + "\n" for s in window), encoding="utf-8")
    for p in out.glob("*.duckdb*"):
        p.unlink()
    with Store(str(out / "scan.duckdb")) as scan:
        ingest([str(scan_path)], scan, IngestOptions(workers=args.workers))
        keep = {r[0] for r in scan._con.execute(
            "SELECT article_key FROM articles WHERE n_events > 0 AND copy_group = article_key "
            "AND article_key NOT IN (SELECT DISTINCT copy_group FROM articles WHERE copy_group <> article_key)"
        ).fetchall()}
    originals, seen = [], []
    for s in window:  # distinct stories: Reuters sometimes repeats a sentence in another story
        if s["id"] not in keep or len(originals) == args.originals:
            continue
        sentences = [p for p in (evidence_pairs(x) for x in re.split(r"(?<=\.)\s+", s["text"])) if len(p) >= 8]
        if any(jaccard(a, b) >= 0.8 for a in sentences for b in seen):
            continue
        originals.append(s)
        seen.extend(sentences)
    rng = random.Random(1987)
    planted, family = [], {}
    for s in originals:
        family[s["id"]] = s["id"]
        day = date.fromisoformat(s["date"])
        syndicated = {**s, "id": s["id"] + "-syn", "source": "Agence X", "date": (day + timedelta(1)).isoformat()}
        edited = {**s, "id": s["id"] + "-ed", "source": "Daily Y", "text": light_edit(s["text"], rng)}
        for copy in (syndicated, edited):
            family[copy["id"]] = s["id"]
            planted.append(copy)
    items = originals + planted
    rng.shuffle(items)
    set_path = out / "planted.jsonl"
    set_path.write_text("".join(json.dumps(s) + "\n" for s in items), encoding="utf-8")
    with Store(str(out / "planted.duckdb")) as store:
        report = ingest([str(set_path)], store, IngestOptions(workers=args.workers))
        groups = dict(store._con.execute("SELECT article_key, copy_group FROM articles").fetchall())
        rows = store._con.execute("SELECT event_id, article_key, cluster_id, cameo_root, source_code, target_code, "
                                  "evidence FROM events").fetchall()
    linked = sum(1 for c in planted if c["id"] in groups and groups[c["id"]] == groups.get(family[c["id"]]))
    by_article = defaultdict(list)
    for r in rows:
        by_article[r[1]].append(r)
    merged = total = 0
    for c in planted:
        for e in by_article[c["id"]]:
            twins = [o for o in by_article[family[c["id"]]] if o[3:6] == e[3:6]]
            if twins:
                total += 1
                merged += any(o[2] == e[2] for o in twins)
    clusters = defaultdict(set)
    evidence = defaultdict(list)
    for r in rows:
        clusters[r[2]].add(family[r[1]])
        evidence[r[2]].append((r[1], r[6]))
    false = {c: fams for c, fams in clusters.items() if len(fams) > 1}
    print(f"originals        {len(originals)} Reuters stories with events (of {len(window)} scanned from "
          f"story {args.start}), {len(planted)} planted copies; {report.coded} articles ingested")
    print(f"copies linked    {linked}/{len(planted)} = {100 * linked / max(1, len(planted)):.1f}%")
    print(f"mentions merged  {merged}/{total} = {100 * merged / max(1, total):.1f}% "
          "(events of a copy with a counterpart in their original)")
    print(f"false merges     {len(false)} happenings join events of different originals")
    for c, fams in sorted(false.items()):
        print(f"  {c}: {', '.join(sorted(fams))}")
        for art, ev in evidence[c][:4]:
            print(f"    {art}: {' '.join(ev.split())[:140]}")
    print(f"time             {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
