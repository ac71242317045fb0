"""Speed of the coder modes: articles per second, lexicon alone vs model vs hybrid.

    .venv/bin/python bench/model_speed.py [--items 300] [--rounds 3] [--places]

A fixed set: the first N items of ../shared/corpora/agnews-world.jsonl (title
and text, as the evaluation reads them). One Coder codes the whole set in
each mode in turn, for several rounds, so that the machine's other load hits
every mode alike; the best round of each mode counts. CPU time of this
process is the main figure (the machine is shared; wall time is printed too).
The model's own share is also timed directly (``EventModel.apply``).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from eventwire.pipeline import Coder, CoderConfig
from eventwire.stages.read import article_from_text

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "agnews-world.jsonl"
MODES = ("lexicon", "hybrid", "model")


def articles(n: int):
    out = []
    with CORPUS.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            out.append(article_from_text(f"{rec['title']}. {rec['text']}", rec["id"]))
            if len(out) == n:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--items", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--places", action="store_true", help="also geolocate events (the default for 'code')")
    args = ap.parse_args()
    items = articles(args.items)
    coder = Coder(CoderConfig(locate=args.places))
    model = coder.event_model  # loaded before timing, as a long-running coder would have it
    apply_time = [0.0]
    original = model.apply

    def timed_apply(*a, **k):
        t = time.process_time()
        try:
            return original(*a, **k)
        finally:
            apply_time[0] += time.process_time() - t

    model.apply = timed_apply
    list(coder.code_articles(items[:20]))  # warm-up (lazy loads, caches)
    best: dict[str, tuple[float, float, float, int]] = {}
    for _ in range(args.rounds):
        for mode in MODES:
            coder.config.coder = mode
            apply_time[0] = 0.0
            w0, c0 = time.perf_counter(), time.process_time()
            n_events = sum(len(events) for _, events in coder.code_articles(items))
            cpu, wall = time.process_time() - c0, time.perf_counter() - w0
            if mode not in best or cpu < best[mode][0]:
                best[mode] = (cpu, wall, apply_time[0], n_events)
    base = best["lexicon"][0]
    print(f"{len(items)} AG News items, best of {args.rounds} rounds, places {'on' if args.places else 'off'}")
    print(f"{'mode':<9}{'art/s (cpu)':>12}{'art/s (wall)':>13}{'ms/art':>8}{'model ms/art':>13}"
          f"{'events':>8}{'cost':>8}")
    for mode in MODES:
        cpu, wall, model_cpu, n_events = best[mode]
        print(f"{mode:<9}{len(items) / cpu:>12.1f}{len(items) / wall:>13.1f}{1000 * cpu / len(items):>8.2f}"
              f"{1000 * model_cpu / len(items):>13.2f}{n_events:>8}{100 * (cpu / base - 1):>+7.1f}%")


if __name__ == "__main__":
    main()
