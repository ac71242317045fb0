"""Dateline parse rate of ``eventwire.stages.read.parse_dateline`` on Reuters-21578.

    .venv/bin/python bench/dateline_rate.py [CORPUS_DIR] [--show N]

Every story with a <DATELINE> (and a body) is rebuilt as dateline + body in the form of
the silver data (scripts/reuters_to_jsonl.py) and parsed with its DATE as the reference.
A parse counts when the dateline found is the DATELINE element (or the start of one
that runs on into the body); the figures
also say how many carry a place and a resolved date equal to the DATE element's day.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from reuters_to_jsonl import iter_reuters  # noqa: E402

from eventwire.stages.read import parse_dateline  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default="/work/shared/corpora/reuters21578")
    ap.add_argument("--show", type=int, default=10, help="failures to show")
    args = ap.parse_args(argv)

    total = parsed = placed = dated = same_day = 0
    failures: list[str] = []
    t0 = time.perf_counter()
    for story in iter_reuters(args.corpus):
        if not story["dateline"] or story["text"] is None:
            continue
        total += 1
        ref = date.fromisoformat(story["date"]) if story["date"] else None
        dl = parse_dateline(story["text"], reference=ref)
        element = story["dateline"]
        # Some DATELINE elements run on into the body: the dateline is then a prefix of it.
        if dl is None or not (dl.text == element or element.startswith(dl.text + " ")):
            failures.append(f"reu-{story['newid']}: {element!r} -> {dl.text if dl else None!r}")
            continue
        parsed += 1
        placed += dl.place is not None
        dated += dl.date is not None
        same_day += dl.date is not None and dl.date == ref
    seconds = time.perf_counter() - t0

    def pct(n: int) -> str:
        return f"{n}/{total} ({100 * n / total:.2f}%)" if total else "0/0"

    print(f"Reuters-21578 stories with a dateline: {total}")
    print(f"datelines parsed whole:      {pct(parsed)}")
    print(f"  with a place:              {pct(placed)}")
    print(f"  with a resolved date:      {pct(dated)}")
    print(f"  date = DATE element's day: {pct(same_day)}")
    print(f"time: {seconds:.1f} s (SGML reading included)")
    if failures:
        print(f"failures ({len(failures)}, first {min(args.show, len(failures))}):")
        for line in failures[: args.show]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
