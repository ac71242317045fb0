"""Develop the event coder against the silver TRAIN split (never the test split).

Usage::

    .venv/bin/python bench/silver_eval.py [--split train] [--statements on|off]
        [--misses N] [--fps N] [--root 19]   # missed gold events / false positives
        [--kinds]                            # errors by kind: actors wrong, code wrong, nothing
        [--triggers N]                       # what happened at each gold trigger, N examples per kind
        [--patterns N | --entry FILE:LINE]   # lexicon entries with most unmatched predictions
        [--curve]                            # root F1 at confidence floors
        [--no-cache]

Scores both silver files (../shared/train/*-silver.jsonl) like ``eventwire eval
silver`` does and prints root P/R/F1 per file and pooled. Parses are cached under
``$TMPDIR/eventwire-silver-cache`` (spaCy dominates the run time and does not change
while the lexicon is edited); ``--no-cache`` parses afresh.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import sys
import tempfile
from collections import Counter
from pathlib import Path

from eventwire import evaluate
from eventwire.pipeline import Coder, CoderConfig
from eventwire.stages.read import article_from_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "train"
FILES = ["agnews-silver.jsonl", "reuters-silver.jsonl"]
CODES = evaluate.SUITE_ACTOR_CODES["silver"]  # which actor code the silver data is compared on
CACHE = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "eventwire-silver-cache"


def cached_docs(coder: Coder, articles, use_cache: bool):
    """Parse each article body once; later runs read the pickled Docs back."""
    from spacy.tokens import DocBin

    # the texts, and what makes their parse: the pipeline, its code and the ruler's patterns
    from eventwire.stages import nlp as nlp_stage

    parse = [*coder.nlp.pipe_names, Path(nlp_stage.__file__).read_text(encoding="utf-8"),
             json.dumps(coder.ruler_patterns, sort_keys=True)]
    key = hashlib.sha1("\x00".join([*parse, *(a.text[a.body_start:] for a in articles)]).encode()).hexdigest()[:16]
    path = CACHE / f"{key}.spacy"
    if use_cache and path.exists():
        docs = list(DocBin().from_bytes(path.read_bytes()).get_docs(coder.nlp.vocab))
        return docs
    docs = list(coder.nlp.pipe((nlp_stage.unwrap_names(a.text[a.body_start:]) for a in articles), batch_size=32))
    if use_cache:
        CACHE.mkdir(parents=True, exist_ok=True)
        store = DocBin(store_user_data=False)
        for d in docs:
            store.add(d)
        path.write_bytes(store.to_bytes())
    return docs


def run(split: str, use_cache: bool, statements: bool | None):
    config = CoderConfig(locate=False)
    if statements is not None:
        config.statements = statements  # the CoderConfig field this bench compares
    coder = Coder(config)
    reports = {}
    for name in FILES:
        items = evaluate.load_silver(SHARED / name, split)
        articles = [article_from_text(it.text, it.id, it.date) for it in items]
        docs = cached_docs(coder, articles, use_cache)
        by_text = {}
        for it, art, doc in zip(items, articles, docs):
            by_text[(it.text, it.date)] = [e.to_dict() for e in coder.code_doc(art, doc)]
        reports[name] = (items, evaluate.evaluate(items, lambda t, d: by_text[(t, d)], "silver"), by_text)
    return reports


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="train", choices=["train", "test", "all"])
    ap.add_argument("--misses", type=int, default=0, help="list N missed gold events")
    ap.add_argument("--fps", type=int, default=0, help="list N false positives")
    ap.add_argument("--root", help="only list misses / false positives of this CAMEO root")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--statements", choices=["on", "off"])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--kinds", action="store_true", help="count the kinds of errors")
    ap.add_argument("--triggers", type=int, metavar="N",
                    help="classify gold events by what happened at their trigger; N examples each")
    ap.add_argument("--curve", action="store_true", help="root F1 at confidence floors 0.1 ... 0.8")
    ap.add_argument("--entry", help="list every prediction of one lexicon entry (file:line)")
    ap.add_argument("--patterns", type=int, default=0,
                    help="list the N lexicon entries with the most unmatched predictions")
    args = ap.parse_args(argv)
    statements = None if args.statements is None else args.statements == "on"
    if args.triggers is not None:
        trigger_report(args.split, not args.no_cache, args.root, args.triggers)
        return 0
    reports = run(args.split, not args.no_cache, statements)
    totals = evaluate.Score()
    figures = {}
    for name, (items, rep, by_text) in reports.items():
        r, c = rep.root, rep.code
        for k in ("gold", "predicted", "matched_gold", "matched_predicted"):
            setattr(totals, k, getattr(totals, k) + getattr(r, k))
        figures[name] = {"root_f1": r.f1, "root_p": r.precision, "root_r": r.recall, "code_f1": c.f1}
        if not args.json:
            print(f"{name:<24} root P {r.precision:.3f} R {r.recall:.3f} F1 {r.f1:.3f}   code F1 {c.f1:.3f}"
                  f"   (gold {r.gold}, pred {r.predicted})")
    figures["both"] = {"root_f1": totals.f1, "root_p": totals.precision, "root_r": totals.recall}
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{'both':<24} root P {totals.precision:.3f} R {totals.recall:.3f} F1 {totals.f1:.3f}")
    if args.misses or args.fps:
        show(reports, args)
    if args.curve:
        for floor in (0.0, 0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8):
            total = evaluate.Score()
            for items, _, by_text in reports.values():
                rep = evaluate.evaluate(items, lambda t, d: [e for e in by_text[(t, d)] if e["confidence"] >= floor],
                                        "silver")
                for k in ("gold", "predicted", "matched_gold", "matched_predicted"):
                    setattr(total, k, getattr(total, k) + getattr(rep.root, k))
            print(f"floor {floor:.2f}: P {total.precision:.3f} R {total.recall:.3f} F1 {total.f1:.3f}")
    if args.patterns or args.entry:
        pattern_table(reports, args.patterns, args.entry)
    if args.kinds:
        error_kinds(reports)
    return 0


def error_kinds(reports) -> None:
    """Why tuples failed: right root but wrong actors, right actors but wrong root, or nothing near."""
    from collections import Counter

    def ok(g, p):
        return evaluate._key_ok(g[1], p[1]) and evaluate._key_ok(g[2], p[2]) or (
            len(p) > 3 and p[3] and evaluate._key_ok(g[1], p[2]) and evaluate._key_ok(g[2], p[1]))

    miss, fp = Counter(), Counter()
    for items, rep, by_text in reports.values():
        for it in items:
            preds = [evaluate._pred(e, CODES) for e in by_text[(it.text, it.date)]]
            cat = (lambda g: g.code[:2] if g.code else None)
            gold = evaluate._gold_tuples(it.events, cat)
            pt = evaluate._pred_tuples(preds, lambda p: p.cameo[:2] if p.cameo else None)
            pairs = evaluate._match(gold, pt)
            mg, mp = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
            for gi, g in enumerate(gold):
                if gi in mg:
                    continue
                if any(p[0] == g[0] for p in pt):
                    miss["root found, actors wrong"] += 1
                elif any(ok(g, p) for p in pt):
                    miss["actors found, root wrong"] += 1
                else:
                    miss["nothing"] += 1
            for pi, p in enumerate(pt):
                if pi in mp:
                    continue
                if any(p[0] == g[0] for g in gold):
                    fp["root in gold, actors wrong"] += 1
                elif any(ok(g, p) for g in gold):
                    fp["actors in gold, root wrong"] += 1
                elif not gold:
                    fp["item has no events"] += 1
                else:
                    fp["unrelated"] += 1
    print("\nmissed gold:", dict(miss))
    print("false positives:", dict(fp))


def pattern_table(reports, n: int, entry: str | None = None) -> None:
    """Per lexicon entry (file:line): predictions, and how many matched a gold root tuple."""
    stats: dict[str, list[int]] = {}
    examples: dict[str, str] = {}
    for items, _, by_text in reports.values():
        for it in items:
            events = by_text[(it.text, it.date)]
            preds = [evaluate._pred(e, CODES) for e in events]
            gold = evaluate._gold_tuples(it.events, lambda g: g.code[:2] if g.code else None)
            ptuples = evaluate._pred_tuples(preds, lambda p: p.cameo[:2] if p.cameo else None)
            matched = {ptuples[pi] for _, pi in evaluate._match(gold, ptuples)}
            for e, p in zip(events, preds):
                key = e["trigger"]["pattern_source"]
                row = stats.setdefault(key, [0, 0])
                row[0] += 1
                row[1] += (p.cameo[:2], p.skey, p.tkey, p.reciprocal) in matched
                examples.setdefault(key, f"{e['trigger']['pattern']} | {e['trigger']['text']!r}")
                if key == entry:
                    ok = (p.cameo[:2], p.skey, p.tkey, p.reciprocal) in matched
                    gold_s = [f"{g.code} {g.source}->{g.target}" for g in it.events]
                    print(f"{'OK ' if ok else 'BAD'} {it.id} {e['cameo']} {e['trigger']['text']!r} "
                          f"{(e['source'] or {}).get('text')!r}({p.source})->{(e['target'] or {}).get('text')!r}({p.target})"
                          f"{' recip' if p.reciprocal else ''} gold {gold_s}")
    rows = sorted(stats.items(), key=lambda kv: -(kv[1][0] - kv[1][1]))
    print(f"\n{'entry':<26}{'pred':>5}{'ok':>5}  pattern | example trigger")
    for key, (pred, ok) in rows[:n]:
        print(f"{key:<26}{pred:>5}{ok:>5}  {examples[key]}")


def show(reports, args) -> None:
    misses, fps = [], []
    for name, (items, rep, by_text) in reports.items():
        coded = {it.id: by_text[(it.text, it.date)] for it in items}
        raw = {}
        with open(SHARED / name, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                raw[rec["id"]] = rec
        for d in rep.details:
            rec = raw[d.id]
            triggers = {}
            for e in rec["events"]:
                key = f"{e['cameo'][:2]} {evaluate.actor_key(e['source']) or '*'}->{evaluate.actor_key(e['target']) or '*'}"
                trig = (e.get("trigger") or {}).get("text", "?")
                triggers.setdefault(key, f"{e['cameo']} '{trig}' [{(e.get('source_text') or {}).get('text')}"
                                         f" -> {(e.get('target_text') or {}).get('text')}]")
            for m in d.missed:
                if args.root and not m.startswith(args.root):
                    continue
                misses.append((d.id, m, triggers.get(m, "?"), d.predicted))
            for f in d.false_positives:
                if args.root and not f.startswith(args.root):
                    continue
                mine = [e for e in coded[d.id] if evaluate._pred(e, CODES).label().replace("<->", "->")[:2] == f[:2]]
                why = "; ".join(f"{e['cameo']} '{e['trigger']['text']}' {(e['source'] or {}).get('text')!r}"
                                f"->{(e['target'] or {}).get('text')!r} [{e['trigger']['pattern']}]" for e in mine)
                fps.append((d.id, f, d.gold, why))
    print(f"\nmissed roots: {Counter(m[1][:2] for m in misses).most_common()}")
    print(f"false-positive roots: {Counter(f[1][:2] for f in fps).most_common()}")
    for mid, m, trig, pred in misses[:args.misses]:
        print(f"MISS {mid}: {m}  gold {trig}  pred {pred}")
    for fid, f, gold, why in fps[:args.fps]:
        print(f"FP   {fid}: {f}  gold {gold}\n     {why}")



def trigger_report(split: str, use_cache: bool, root: str | None, show: int) -> None:
    """Gold events by what happened at their trigger words: no pattern there, a pattern
    that was dropped (and why), a match without actors, a different code, or wrong actors."""
    from collections import Counter

    from eventwire.stages.actors import PersonMemory, resolve_mentions
    from eventwire.stages.attribution import attribute, find_outlets
    from eventwire.stages.events import EventFinder, SentenceContext

    coder = Coder(CoderConfig(locate=False))
    kinds, examples = Counter(), {}
    for name in FILES:
        raw = {}
        with open(SHARED / name, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                raw[rec["id"]] = rec
        items = evaluate.load_silver(SHARED / name, split)
        articles = [article_from_text(it.text, it.id, it.date) for it in items]
        docs = cached_docs(coder, articles, use_cache)
        for it, art, doc in zip(items, articles, docs):
            rec = raw[it.id]
            shift = len(rec["title"]) + 2 if rec.get("title") and "date" not in rec else 0
            offset = art.body_start
            outlets = find_outlets(doc, coder.attribution_lexicon, offset, art.source)
            mentions = resolve_mentions(doc, coder.tables, art.date, offset=offset, memory=PersonMemory(),
                                        stand_ins=coder.stand_ins, blocked=outlets.blocked)
            att = attribute(doc, mentions, outlets, coder.attribution_lexicon, offset)
            finder = EventFinder(doc, mentions, coder.lexicon, offset)
            found = []  # (match, roles) per sentence
            for i, sent in enumerate(doc.sents):
                matches = finder.sentence_matches(sent)
                finder.apply_frames(matches)
                for m in matches.values():
                    if m.dropped is None:
                        finder.suppress(m)
                for m in matches.values():
                    found.append((m, finder.roles(m, SentenceContext(i, att.sentences[i].speaker))))
            events = [e.to_dict() for e in coder.code_doc(art, doc)]
            for g in rec["events"]:
                if root and not g["cameo"].startswith(root):
                    continue
                trig = g.get("trigger")
                if not trig:
                    continue
                start = trig["start"] + (shift if trig["field"] == "text" else 0) - offset
                end = trig["end"] + (shift if trig["field"] == "text" else 0) - offset
                here = [(m, r) for m, r in found if start <= m.token.idx < end]
                evs = [e for e in events if start <= e["trigger"]["span"][0] - offset < end]
                if any(e["cameo"][:2] == g["cameo"][:2] for e in evs):
                    e = next(e for e in evs if e["cameo"][:2] == g["cameo"][:2])
                    ok = evaluate._key_ok(evaluate.actor_key(g["source"]), evaluate.actor_key((e["source"] or {}).get("code"))) \
                        and evaluate._key_ok(evaluate.actor_key(g["target"]), evaluate.actor_key((e["target"] or {}).get("code")))
                    kind = "right root, actors ok" if ok else "right root, actors wrong"
                elif evs:
                    kind = f"other root {evs[0]['cameo'][:2]}"
                elif not here:
                    kind = "no pattern at trigger"
                else:
                    m, r = here[0]
                    if m.dropped:
                        kind = "dropped: " + m.dropped.split("'")[0].split("(")[0].strip()
                    elif not r.sources:
                        kind = "no source actor"
                        subj = finder.subject_of(m.token)[0] if m.pattern.kind != "noun" else None
                        if m.pattern.kind == "noun":
                            why = f"noun, head '{m.token.head.text}' ({m.token.dep_})"
                        elif subj is None:
                            why = "no subject"
                        else:
                            mention = finder.by_token.get(subj.i)
                            why = f"subject '{subj.text}'" + (f" unresolved mention" if mention else " no mention")
                        kinds["  no source: " + why.split("'")[0] + why.split("'")[-1]] += 1
                        examples.setdefault(kind, []).append(f"{it.id} {g['cameo']} '{trig['text']}' [{m.pattern.text}] {why}"
                                                             f" (gold {g['source']} -> {g['target']})")
                        continue
                    else:
                        kind = "no target (required)"
                kinds[kind if not kind.startswith("other root") else "other root"] += 1
                examples.setdefault(kind, []).append(f"{it.id} {g['cameo']} '{trig['text']}'"
                                                     + (f" [{here[0][0].pattern.text}]" if here else ""))
    print("\ngold events by what happened at their trigger:")
    for kind, n in kinds.most_common():
        print(f"  {n:>5}  {kind}")
    for kind, ex in examples.items():
        if kind != "right root, actors ok":
            print(f"\n{kind}:")
            for line in ex[:show]:
                print("   ", line)


if __name__ == "__main__":
    sys.exit(main())
