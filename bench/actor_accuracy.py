"""Actor coding accuracy: expected actor phrases against what the actors stage resolves.

Default: the fixture ``tests/fixtures/actor_phrases.jsonl`` (one phrase a line, with
the text it came from, its character offset there and the expected CAMEO actor code,
or null for a phrase that must not resolve, such as a storm's name).
``--silver FILE``: every source/target phrase of the silver annotations (fixed
``--split``, "train" by default) checked in its whole item.

For each phrase the mention that overlaps it most is its prediction. Figures:

* resolved: share of phrases whose mention has a code (the rest are unresolved,
  ``code: null``, or not found at all);
* country part: among resolved phrases, the predicted country part (``AZE`` of
  ``AZEGOV``, ``IGOUN`` of an organisation: ``eventwire.evaluate.actor_key``)
  equals the expected one;
* full code: among resolved phrases, the whole code is the expected one.

    .venv/bin/python bench/actor_accuracy.py [-v]
    .venv/bin/python bench/actor_accuracy.py --silver ../shared/train/agnews-silver.jsonl [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from eventwire.evaluate import actor_key, silver_split
from eventwire.pipeline import Coder, CoderConfig
from eventwire.records import ActorMention
from eventwire.stages.read import article_from_text

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "actor_phrases.jsonl"


@dataclass
class Case:
    text: str  # the sentence or item the phrase is read in
    start: int  # character offset of the phrase in ``text``
    phrase: str
    code: str | None  # expected CAMEO actor code; None: must stay unresolved
    date: date | None
    origin: str


@dataclass
class Outcome:
    case: Case
    mention: ActorMention | None

    @property
    def code(self) -> str | None:
        return self.mention.actor.code if self.mention else None

    @property
    def country_ok(self) -> bool:
        if self.case.code is None:  # a phrase that names no actor must stay unresolved
            return self.code is None
        return self.code is not None and actor_key(self.code) == actor_key(self.case.code)

    @property
    def code_ok(self) -> bool:
        return self.code == self.case.code


def read_fixture(path: Path = FIXTURE) -> list[Case]:
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        if r["text"][r["start"]:r["start"] + len(r["phrase"])] != r["phrase"]:
            raise SystemExit(f"{path}:{n}: phrase {r['phrase']!r} is not at offset {r['start']}")
        cases.append(Case(r["text"], r["start"], r["phrase"], r.get("code"),
                          date.fromisoformat(r["date"]) if r.get("date") else None, r.get("origin", "")))
    return cases


def read_silver(path: Path, split: str) -> list[Case]:
    """Phrases of the silver events, in the item text as ``eventwire eval silver`` reads it."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if split != "all" and silver_split(rec["id"]) != split:
            continue
        with_title = bool(rec.get("title")) and "date" not in rec
        text = f"{rec['title']}. {rec['text']}" if with_title else rec["text"]
        seen = set()
        for e in rec.get("events", []):
            for side in ("source", "target"):
                span, code = e.get(f"{side}_text"), e.get(side)
                if not span or not code:
                    continue
                if span["field"] == "title":
                    if not with_title:
                        continue
                    start = span["start"]
                else:
                    start = span["start"] + (len(rec["title"]) + 2 if with_title else 0)
                if (start, code) in seen or text[start:start + len(span["text"])] != span["text"]:
                    continue
                seen.add((start, code))
                cases.append(Case(text, start, span["text"], code,
                                  date.fromisoformat(rec["date"]) if rec.get("date") else None, rec["id"]))
    return cases


def mentions_of(coder: Coder, text: str, day: date | None) -> list[ActorMention]:
    """The actors stage on ``text`` as the pipeline runs it (dateline read, outlets blocked)."""
    article = article_from_text(text, "bench", day)
    return next(coder.actor_mentions([article]))[1]


def best_mention(mentions: list[ActorMention], start: int, end: int) -> ActorMention | None:
    """The mention overlapping [start, end) most (the shorter one on a tie)."""
    best, best_key = None, None
    for m in mentions:
        overlap = min(end, m.span[1]) - max(start, m.span[0])
        if overlap <= 0:
            continue
        key = (overlap, -(m.span[1] - m.span[0]))
        if best_key is None or key > best_key:
            best, best_key = m, key
    return best


def run(cases: list[Case], coder: Coder | None = None) -> list[Outcome]:
    coder = coder or Coder(CoderConfig(locate=False))
    by_text: dict[tuple[str, date | None], list[Case]] = {}
    for c in cases:
        by_text.setdefault((c.text, c.date), []).append(c)
    outcomes = []
    for (text, day), group in by_text.items():
        mentions = mentions_of(coder, text, day)
        for c in group:
            outcomes.append(Outcome(c, best_mention(mentions, c.start, c.start + len(c.phrase))))
    return outcomes


def summary(outcomes: list[Outcome]) -> dict:
    resolved = [o for o in outcomes if o.code is not None]
    return {
        "phrases": len(outcomes),
        "resolved": len(resolved),
        "country_right": sum(o.country_ok for o in resolved),
        "code_right": sum(o.code_ok for o in resolved),
        "resolved_rate": len(resolved) / len(outcomes) if outcomes else 0.0,
        "country_accuracy": sum(o.country_ok for o in resolved) / len(resolved) if resolved else 0.0,
        "code_accuracy": sum(o.code_ok for o in resolved) / len(resolved) if resolved else 0.0,
        "country_accuracy_all": sum(o.country_ok for o in outcomes) / len(outcomes) if outcomes else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--silver", type=Path, help="a silver annotation file instead of the fixture")
    ap.add_argument("--split", choices=["train", "test", "all"], default="train")
    ap.add_argument("--by-how", action="store_true", help="figures for each way of resolving (ActorMention.how)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every phrase coded wrong or not at all")
    args = ap.parse_args(argv)
    cases = read_silver(args.silver, args.split) if args.silver else read_fixture()
    outcomes = run(cases)
    s = summary(outcomes)
    print(f"phrases: {s['phrases']}  ({args.silver.name + ', split ' + args.split if args.silver else FIXTURE.name})")
    print(f"resolved:                      {s['resolved_rate']:.3f}  ({s['resolved']}/{s['phrases']})")
    print(f"country part right (resolved): {s['country_accuracy']:.3f}  ({s['country_right']}/{s['resolved']})")
    print(f"full code right (resolved):    {s['code_accuracy']:.3f}  ({s['code_right']}/{s['resolved']})")
    print(f"country part right (all):      {s['country_accuracy_all']:.3f}")
    if args.by_how:
        groups: dict[str, list[Outcome]] = {}
        for o in outcomes:
            if o.code is not None:
                groups.setdefault(o.mention.how, []).append(o)
        print(f"  {'how':<26}{'n':>5}{'country':>9}{'code':>7}")
        for how, group in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            g = summary(group)
            print(f"  {how:<26}{g['resolved']:>5}{g['country_accuracy']:>9.3f}{g['code_accuracy']:>7.3f}")
    if args.verbose:
        for o in outcomes:
            if not o.code_ok:
                got = f"{o.code} ({o.mention.text!r}, {o.mention.how})" if o.mention else "no mention"
                mark = "unresolved" if o.code is None else ("country" if not o.country_ok else "agent")
                print(f"  {mark:<10} {o.case.phrase!r} expected {o.case.code}, got {got}  [{o.case.origin}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
