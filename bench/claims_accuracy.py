"""Claims accuracy on the claims fixture: precision and recall of claimant + stance,
and how often the topic agrees.

    .venv/bin/python bench/claims_accuracy.py [--details] [--fixture PATH]
    .venv/bin/python bench/claims_accuracy.py --speed ../shared/train/reuters-silver.jsonl

A predicted claim matches a gold claim of the same item when the stances are equal
and the claimants agree (same actor code, or one is the country of the other:
``AZE`` ~ ``AZEGOV``; an unnamed claimant matches ``null``). Among matches, the
topic agrees when at least 60% of the gold topic words (folded as the coder folds
them) are in the predicted topic key, and the subject agrees when the codes agree.
Figures are given for the whole fixture and for its held-out fifth (items whose id
falls in ``silver_split`` "test"), which no rule was written against.

``--speed FILE`` instead codes the "train" items of a silver JSON Lines file and
prints what the claims step costs next to the rest of the coding.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "claims.jsonl"
TOPIC_AGREEMENT = 0.6


def codes_agree(gold: str | None, pred: str | None) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    return pred.startswith(gold) or gold.startswith(pred)


def topic_coverage(gold_topic: str, pred_key: list[str], lexicon) -> float:
    from eventwire.stages.claims import topic_key_of

    gold = set(topic_key_of(gold_topic.replace("-", " - ").split(), lexicon)) - {"-"}
    pred = set()
    for w in pred_key:
        pred.update(w.split("-"))
        pred.add(w)
    gold = {g for g in gold}
    if not gold:
        return 1.0
    return len({g for g in gold if g in pred}) / len(gold)


@dataclass
class Score:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    topic_ok: int = 0
    subject_scored: int = 0
    subject_ok: int = 0
    items: int = 0
    nonclaim_items: int = 0
    nonclaim_clean: int = 0
    misses: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        t = self.topic_ok / self.matched if self.matched else 0.0
        s = self.subject_ok / self.subject_scored if self.subject_scored else 0.0
        return (f"{name:<10} items {self.items:>3}  gold {self.gold:>3}  predicted {self.predicted:>3}  "
                f"claimant+stance P {p:.3f} R {r:.3f} F1 {f:.3f}  topic agrees {t:.3f}  "
                f"subject agrees {s:.3f}  non-claim items clean {self.nonclaim_clean}/{self.nonclaim_items}")


def score_item(item: dict, predicted: list[dict], lexicon, score: Score) -> None:
    gold = item["claims"]
    score.items += 1
    score.gold += len(gold)
    score.predicted += len(predicted)
    if not gold:
        score.nonclaim_items += 1
        score.nonclaim_clean += not predicted
    # pair gold and predicted claims of the item, best topic agreement first
    pairs = sorted(((topic_coverage(g["topic"], p["proposition"]["topic_key"], lexicon), gi, pi)
                    for gi, g in enumerate(gold) for pi, p in enumerate(predicted)
                    if p["stance"] == g["stance"] and codes_agree(g["claimant"], (p["claimant"] or {}).get("code"))),
                   key=lambda x: -x[0])
    free, paired = set(range(len(predicted))), {}
    for cov, gi, pi in pairs:
        if gi not in paired and pi in free:
            paired[gi] = (pi, cov)
            free.discard(pi)
    for gi, g in enumerate(gold):
        if gi not in paired:
            score.misses.append(f"{item['id']}: missed {g}")
            continue
        pi, cov = paired[gi]
        p = predicted[pi]
        score.matched += 1
        if cov >= TOPIC_AGREEMENT:
            score.topic_ok += 1
        else:
            score.misses.append(f"{item['id']}: topic {g['topic']!r} vs {p['proposition']['topic_key']}")
        if g["subject"] is not None:
            score.subject_scored += 1
            if codes_agree(g["subject"], (p["proposition"]["subject"] or {}).get("code")):
                score.subject_ok += 1
            else:
                score.misses.append(f"{item['id']}: subject {g['subject']} vs "
                                    f"{(p['proposition']['subject'] or {}).get('code')}")
    for i in sorted(free):
        p = predicted[i]
        score.misses.append(f"{item['id']}: extra {(p['claimant'] or {}).get('code')} {p['stance']} "
                            f"{p['proposition']['topic']!r} ({p['trigger']['text']})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fixture", default=str(FIXTURE))
    ap.add_argument("--details", action="store_true", help="list misses, extras and topic disagreements")
    ap.add_argument("--speed", metavar="FILE", help="time the claims step on a silver JSON Lines file instead")
    args = ap.parse_args(argv)
    if args.speed:
        return speed(args.speed)

    from eventwire.evaluate import silver_split
    from eventwire.pipeline import Coder, CoderConfig
    from eventwire.stages.claims import load_claim_lexicon
    from eventwire.stages.read import article_from_text

    items = [json.loads(line) for line in Path(args.fixture).read_text(encoding="utf-8").splitlines() if line.strip()]
    coder = Coder(CoderConfig(locate=False))
    lexicon = load_claim_lexicon()
    articles = [article_from_text(it["text"], it["id"], date.fromisoformat(it["date"]) if it["date"] else None)
                for it in items]
    whole, held_out = Score(), Score()
    for item, coded in zip(items, coder.code_documents(articles)):
        predicted = [c.to_dict() for c in coded.claims]
        score_item(item, predicted, lexicon, whole)
        if silver_split(item["id"]) == "test":
            score_item(item, predicted, lexicon, held_out)
    print(f"claims fixture: {args.fixture}")
    print(whole.line("all"))
    print(held_out.line("held-out"))
    if args.details:
        print("\n".join(whole.misses))
    return 0


def speed(path: str) -> int:
    import time

    from eventwire.evaluate import silver_split
    from eventwire.pipeline import Coder, CoderConfig
    from eventwire.stages.read import article_from_text

    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if silver_split(r["id"]) == "train"]
    articles = [article_from_text(r["text"], r["id"], date.fromisoformat(r["date"]) if r.get("date") else None)
                for r in rows]
    coder = Coder(CoderConfig(locate=False))
    spent = [0.0]
    code_claims = coder.code_claims

    def timed(*a, **kw):
        t = time.perf_counter()
        try:
            return code_claims(*a, **kw)
        finally:
            spent[0] += time.perf_counter() - t

    coder.code_claims = timed
    start = time.perf_counter()
    n_claims = sum(len(coded.claims) for coded in coder.code_documents(articles))
    total = time.perf_counter() - start
    print(f"{len(articles)} articles, {n_claims} claims in {total:.1f} s "
          f"({len(articles) / total:.1f} articles/s); claims step {spent[0]:.2f} s "
          f"= {1000 * spent[0] / len(articles):.1f} ms/article, {100 * spent[0] / total:.1f}% of coding time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
