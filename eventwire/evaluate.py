"""Score a coder against the peer gold suites (PETRARCH-2 validation, PLOVER GSR).

The package never reads the suites by itself: paths are arguments. A *coder* is
any callable ``coder(text, article_date) -> list[dict]`` returning event dicts in
the ``Event.to_dict()`` shape (only ``cameo``, ``plover.type``, ``source``,
``target`` and ``reciprocal`` are read).

Loaders
-------
``load_petr2``: ``petr2-gsr-validation.xml`` is not strict XML, so it is read with
regular expressions, one ``<Sentence ...>`` block at a time (comments removed).
``<EventCoding noevents="True"/>`` gives an item without events. Dates other than
``YYYYMMDD`` (one record says ``121108``) become None. Actor codes are kept as
given; ``---`` alone means "no actor".

``load_plover``: ``DOCUMENT`` pseudo-records are skipped; the old type names are
mapped to current PLOVER (``OLD_PLOVER_NAMES``). The placeholder date 2000-01-01
becomes None. Each actor's code is ``code + sector`` (the ``***`` sector, meaning
unspecified, is dropped, and so is the sector of a bare ``IGO``/``NGO``/``IMG``
code, which would otherwise read as an organisation code; ethnic suffixes are
upper-cased); the non-ISO codes
JAP, ITL, VTN are corrected to JPN, ITA, VNM. A record becomes one directed gold
coding per (source, target) pair; a record whose markup says ``SRC/TAR:`` and
that has no target is reciprocal between its sources and gives both directions
(as PETR2 writes reciprocal events). A missing or non-list target is None.

Matching
--------
Actor key ("country part") of a code: None for a missing code or one starting
with ``---`` (country unknown: ``---REB``); the first 6 letters for international
codes (``IGO NGO IMG MNC INT``: ``IGOUNOMIL`` -> ``IGOUNO``); otherwise the first
3 letters (``AZEGOV`` -> ``AZE``; regions like ``AFR`` likewise). A predicted
actor without a code falls back to its ``country`` field. The peer suites write the
codes of CAMEO's own dictionaries, so a prediction is read there by its
``cameo_code`` (``IGOUNO`` for our ``IGOUN``); the silver suite by its ``code``.

- A gold actor key of None is a wildcard: a gold coding without target (or with an
  unknown-country actor) matches predictions whatever their actor there.
- Otherwise the predicted key must start with the gold key: gold ``IGO`` (PLOVER's
  bare code) accepts ``IGOUNO``; gold ``IGOUNO`` rejects a bare ``IGO``.
- ROOT level: CAMEO roots (first two digits) agree and both actor keys match.
  CODE level: full CAMEO codes agree and both actor keys match. PLOVER level:
  PLOVER types agree and both actor keys match (the (type, source, target)
  triples).
- Each level scores per item the *set* of distinct tuples (category, source key,
  target key): two predictions that differ only below the level count once.
- A reciprocal prediction matches a gold coding in either direction, and may
  match one coding per direction (so it covers both halves of a reciprocal pair).
  Matching is greedy, one-to-one, in gold order.
- Unmatched predictions are false positives (all predictions on no-event items
  are); unmatched gold codings are false negatives. Precision counts matched
  predictions, recall matched gold codings.

Other figures
-------------
- Actor agreement: predictions are paired with gold codings on the event alone
  (same CAMEO root, or same PLOVER type; greedy, best actor agreement first,
  reciprocal predictions turned to fit). Over those pairs: source/target country
  agreement (where gold gives a country) and full code agreement (leading ``---``
  stripped). (Measured on these pairs because on pairs matched with actors the
  country agreement is 1 by construction.)
- PLOVER type accuracy: share of gold records with at least one predicted event
  of the gold type. Dyad accuracy: share of gold records with a predicted event
  of the gold type whose actors match one of the record's gold codings.
- Per-root table (roots 01-20, plus any other predicted root) and per-type table
  from the ROOT and PLOVER levels: gold, predicted, matched gold tuples.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

OLD_PLOVER_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
PLOVER_CODE_FIXES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
INTERNATIONAL = {"IGO", "NGO", "IMG", "MNC", "INT"}
ROOTS = [f"{i:02d}" for i in range(1, 21)]


@dataclass
class GoldEvent:
    code: str | None  # CAMEO code; None for PLOVER records
    plover_type: str | None
    plover_mode: str | None
    source: str | None  # actor code as given
    target: str | None


@dataclass
class GoldItem:
    id: str
    text: str
    date: date | None
    events: list[GoldEvent]  # empty = no-event item


Coder = Callable[[str, "date | None"], list[dict]]


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Agreement:
    agree: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        return self.agree / self.total if self.total else None


@dataclass
class ItemDetail:
    id: str
    text: str
    gold: list[str]  # "042 USA->CHN", "AGREE HUNGOV->ROUGOV"
    predicted: list[str]  # "<->" marks a reciprocal prediction
    missed: list[str]  # gold tuples unmatched at the main level (root or PLOVER)
    false_positives: list[str]


@dataclass
class Report:
    suite: str
    items: int
    root: Score | None = None  # CAMEO root + actor keys (None when gold has no CAMEO codes)
    code: Score | None = None  # full CAMEO code + actor keys
    plover: Score | None = None  # PLOVER (type, source, target) triples
    type_accuracy: float | None = None
    dyad_accuracy: float | None = None
    paired: int = 0  # event-only pairs behind `actors`
    actors: dict[str, Agreement] = field(default_factory=dict)  # source_country, target_country, source_code, target_code
    per_root: dict[str, Score] = field(default_factory=dict)
    per_type: dict[str, Score] = field(default_factory=dict)
    details: list[ItemDetail] = field(default_factory=list)


# ---------------------------------------------------------------- loaders

def load_petr2(path: str | Path) -> list[GoldItem]:
    raw = re.sub(r"<!--.*?-->", "", Path(path).read_text(encoding="utf-8"), flags=re.S)
    items = []
    starts = [m.start() for m in re.finditer(r"<Sentence\s", raw)]
    for start, end in zip(starts, starts[1:] + [len(raw)]):
        block = raw[start:end]
        attrs = _attrs(re.match(r"<Sentence\s([^>]*)>", block).group(1))
        events = []
        for tag in re.findall(r"<EventCoding\s([^>]*)>", block):
            a = _attrs(tag)
            if "eventcode" in a:
                events.append(GoldEvent(a["eventcode"], None, None, _code(a.get("sourcecode")), _code(a.get("targetcode"))))
        text = re.search(r"<Text>(.*?)</Text>", block, re.S)
        d = attrs.get("date", "")
        items.append(GoldItem(
            id=attrs.get("id", f"petr2-{len(items)}"),
            text=" ".join(text.group(1).split()) if text else "",
            date=date(int(d[:4]), int(d[4:6]), int(d[6:])) if re.fullmatch(r"\d{8}", d) else None,
            events=events,
        ))
    return items


def load_plover(path: str | Path) -> list[GoldItem]:
    items = []
    for rec in json.loads(Path(path).read_text(encoding="utf-8")):
        if rec.get("event") == "DOCUMENT":
            continue
        ptype = OLD_PLOVER_NAMES.get(rec["event"], rec["event"])
        markup = rec.get("textInfo")
        markup = markup.get("markup", "") if isinstance(markup, dict) else str(markup or "")
        sources, targets = _plover_actors(rec.get("source")), _plover_actors(rec.get("target"))
        if not targets and "SRC/TAR:" in markup and len(sources) > 1:
            pairs = [(s, t) for s in sources for t in sources if s != t]
        else:
            pairs = [(s, t) for s in sources or [None] for t in targets or [None]]
        events = [GoldEvent(None, ptype, rec.get("mode") or None, s, t) for s, t in pairs]
        d = rec.get("date")
        items.append(GoldItem(rec["id"], rec["text"], None if d in (None, "2000-01-01") else date.fromisoformat(d), events))
    return items


def silver_split(item_id: str) -> str:
    """The fixed split of the silver data: "test" for one item in five (by a hash
    of its id, so it never changes), "train" for the rest. Nothing is tuned on test."""
    return "test" if int(hashlib.sha1(item_id.encode("utf-8")).hexdigest(), 16) % 5 == 0 else "train"


def load_silver(path: str | Path, split: str = "all") -> list[GoldItem]:
    """The silver annotations in ``train/*.jsonl`` (one news item a line).

    A reciprocal event becomes two directed codings, as in PETR2."""
    items = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if split != "all" and silver_split(rec["id"]) != split:
            continue
        events = []
        for e in rec.get("events", []):
            events.append(GoldEvent(e["cameo"], None, None, e.get("source"), e.get("target")))
            if e.get("reciprocal") and e.get("target"):
                events.append(GoldEvent(e["cameo"], None, None, e.get("target"), e.get("source")))
        text = rec["text"] if not rec.get("title") or "date" in rec else f"{rec['title']}. {rec['text']}"
        d = rec.get("date")
        items.append(GoldItem(rec["id"], text, date.fromisoformat(d) if d else None, events))
    return items


def _attrs(s: str) -> dict[str, str]:
    return dict(re.findall(r'(\w+)="([^"]*)"', s))


def _code(c: str | None) -> str | None:
    c = (c or "").strip().upper()
    return None if c in ("", "---") else c


def _plover_actors(v: Any) -> list[str]:
    if not isinstance(v, list):
        return []
    out = []
    for a in v:
        code = PLOVER_CODE_FIXES.get(a.get("code", ""), a.get("code", ""))
        sector = a.get("sector") or ""
        if sector == "***" or code in INTERNATIONAL:  # "IGO"+"MIL" would read as the organisation IGOMIL
            sector = ""
        c = _code(code + sector)
        if c:
            out.append(c)
    return out


# ---------------------------------------------------------------- matching

def actor_key(code: str | None, country: str | None = None) -> str | None:
    """The part of an actor code that matching compares (see the module docstring)."""
    code = _code(code) or _code(country)
    if code is None or code.startswith("---"):
        return None
    return code[:6] if code[:3] in INTERNATIONAL else code[:3]


def _key_ok(gold: str | None, pred: str | None) -> bool:
    return gold is None or (pred is not None and pred.startswith(gold))


@dataclass(frozen=True)
class _Pred:
    cameo: str | None
    ptype: str | None
    source: str | None  # full code
    target: str | None
    skey: str | None
    tkey: str | None
    reciprocal: bool

    def label(self) -> str:
        arrow = "<->" if self.reciprocal else "->"
        return f"{self.cameo or self.ptype} {self.source or '-'}{arrow}{self.target or '-'}"


# Which code of a predicted actor a suite is compared with: the peer suites write the
# codes of CAMEO's own actor dictionaries (IGOUNO, IGOEUREEC), our silver data the
# project's (IGOUN, IGOEU). An actor without a ``cameo_code`` falls back to ``code``.
SUITE_ACTOR_CODES = {"silver": "code"}


def _pred(d: dict, codes: str = "cameo_code") -> _Pred:
    src, tgt = d.get("source") or {}, d.get("target") or {}
    scode, tcode = src.get(codes) or src.get("code"), tgt.get(codes) or tgt.get("code")
    ptype = (d.get("plover") or {}).get("type")
    return _Pred(
        cameo=d.get("cameo") or None,
        ptype=OLD_PLOVER_NAMES.get(ptype, ptype),
        source=_code(scode), target=_code(tcode),
        skey=actor_key(scode, src.get("country")),
        tkey=actor_key(tcode, tgt.get("country")),
        reciprocal=bool(d.get("reciprocal")),
    )


# A level tuple: (category, source key, target key[, reciprocal for predictions]).
def _gold_tuples(events: list[GoldEvent], cat: Callable[[GoldEvent], str | None]) -> list[tuple]:
    seen = [(cat(g), actor_key(g.source), actor_key(g.target)) for g in events]
    return list(dict.fromkeys(t for t in seen if t[0]))


def _pred_tuples(preds: list[_Pred], cat: Callable[[_Pred], str | None]) -> list[tuple]:
    return list(dict.fromkeys((cat(p), p.skey, p.tkey, p.reciprocal) for p in preds if cat(p)))


def _fits(g: tuple, p: tuple, reverse: bool) -> bool:
    s, t = (p[2], p[1]) if reverse else (p[1], p[2])
    return g[0] == p[0] and _key_ok(g[1], s) and _key_ok(g[2], t)


def _match(gold: list[tuple], preds: list[tuple]) -> list[tuple[int, int]]:
    """Greedy one-to-one; a reciprocal prediction has one slot per direction."""
    used, pairs = set(), []
    for gi, g in enumerate(gold):
        slot = next(((pi, rev) for pi, p in enumerate(preds) for rev in ((False, True) if p[3] else (False,))
                     if (pi, rev) not in used and _fits(g, p, rev)), None)
        if slot:
            used.add(slot)
            pairs.append((gi, slot[0]))
    return pairs


def _tuple_label(t: tuple) -> str:
    arrow = "<->" if len(t) > 3 and t[3] else "->"
    return f"{t[0]} {t[1] or '*'}{arrow}{t[2] or '*'}"


def _pair_on_event(gold: list[GoldEvent], preds: list[_Pred], gcat, pcat) -> list[tuple[GoldEvent, str | None, str | None]]:
    """Pair gold codings with predictions of the same event, ignoring actors.

    Returns (gold, predicted source code, predicted target code), the prediction
    turned round when it is reciprocal and fits better that way.
    """
    free, out = list(range(len(preds))), []
    for g in gold:
        best = None
        for pi in free:
            p = preds[pi]
            if not gcat(g) or gcat(g) != pcat(p):
                continue
            for s, t in [(p.source, p.target)] + ([(p.target, p.source)] if p.reciprocal else []):
                score = (g.code is not None and g.code == p.cameo,
                         _key_ok(actor_key(g.source), actor_key(s)) + _key_ok(actor_key(g.target), actor_key(t)))
                if best is None or score > best[0]:
                    best = (score, pi, s, t)
        if best:
            free.remove(best[1])
            out.append((g, best[2], best[3]))
    return out


def _bare(code: str | None) -> str | None:
    return code.lstrip("-") or None if code else None


# ---------------------------------------------------------------- evaluate

def evaluate(items: list[GoldItem], coder: Coder, suite: str) -> Report:
    codes = SUITE_ACTOR_CODES.get(suite, "cameo_code")
    gold_events = [g for it in items for g in it.events]
    has_cameo = any(g.code for g in gold_events)
    has_plover = any(g.plover_type for g in gold_events)
    levels: dict[str, tuple[Callable, Callable]] = {}
    if has_cameo:
        levels["root"] = (lambda g: g.code[:2] if g.code else None, lambda p: p.cameo[:2] if p.cameo else None)
        levels["code"] = (lambda g: g.code, lambda p: p.cameo)
    if has_plover:
        levels["plover"] = (lambda g: g.plover_type, lambda p: p.ptype)
    main = "root" if has_cameo else "plover"
    scores = {name: Score() for name in levels}
    per_cat: dict[str, dict[str, Score]] = {"root": {r: Score() for r in ROOTS}, "plover": {}}
    actors = {k: Agreement() for k in ("source_country", "target_country", "source_code", "target_code")}
    typed = typed_ok = dyad_ok = paired = 0
    details = []

    for it in items:
        preds = [_pred(d, codes) for d in coder(it.text, it.date)]
        preds = list(dict.fromkeys(preds))  # exact duplicates count once
        missed, fps = [], []
        for name, (gcat, pcat) in levels.items():
            gt, pt = _gold_tuples(it.events, gcat), _pred_tuples(preds, pcat)
            pairs = _match(gt, pt)
            sc = scores[name]
            sc.gold += len(gt)
            sc.predicted += len(pt)
            sc.matched_gold += len(pairs)
            sc.matched_predicted += len({pi for _, pi in pairs})
            if name in per_cat:
                table = per_cat[name]
                for t in gt:
                    table.setdefault(t[0], Score()).gold += 1
                for t in pt:
                    table.setdefault(t[0], Score()).predicted += 1
                for gi, _ in pairs:
                    table[gt[gi][0]].matched_gold += 1
            if name == main:
                missed = [_tuple_label(t) for i, t in enumerate(gt) if i not in {gi for gi, _ in pairs}]
                fps = [_tuple_label(t) for i, t in enumerate(pt) if i not in {pi for _, pi in pairs}]
            if name == "plover" and gt:
                typed += 1
                gold_types = {t[0] for t in gt}
                typed_ok += bool(gold_types & {t[0] for t in pt})
                dyad_ok += any(_fits(g, p, rev) for g in gt for p in pt for rev in (False, p[3]))

        gcat, pcat = levels[main]
        for g, s, t in _pair_on_event(it.events, preds, gcat, pcat):
            paired += 1
            for side, gold_code, pred_code in (("source", g.source, s), ("target", g.target, t)):
                if actor_key(gold_code):
                    actors[f"{side}_country"].total += 1
                    actors[f"{side}_country"].agree += actor_key(gold_code) == actor_key(pred_code)
                if gold_code:
                    actors[f"{side}_code"].total += 1
                    actors[f"{side}_code"].agree += _bare(gold_code) == _bare(pred_code)

        details.append(ItemDetail(
            it.id, it.text,
            gold=[f"{g.code or g.plover_type} {g.source or '-'}->{g.target or '-'}" for g in it.events],
            predicted=[p.label() for p in preds], missed=missed, false_positives=fps,
        ))

    return Report(
        suite=suite, items=len(items),
        root=scores.get("root"), code=scores.get("code"), plover=scores.get("plover"),
        type_accuracy=typed_ok / typed if typed else None,
        dyad_accuracy=dyad_ok / typed if typed else None,
        paired=paired, actors=actors,
        per_root=per_cat["root"] if has_cameo else {},
        per_type=dict(sorted(per_cat["plover"].items())),
        details=details,
    )


# ---------------------------------------------------------------- output

def _pct(x: float | None) -> str:
    return "   -" if x is None else f"{100 * x:5.1f}"


def format_report(report: Report, show_items: bool = False) -> str:
    n_events = sum(len(d.gold) > 0 for d in report.details)
    lines = [f"suite {report.suite}: {report.items} items ({n_events} with events)", "",
             f"{'level':<8}{'gold':>6}{'pred':>6}{'match':>7}{'P':>7}{'R':>7}{'F1':>7}"]
    for name in ("root", "code", "plover"):
        s = getattr(report, name)
        if s is not None:
            lines.append(f"{name:<8}{s.gold:>6}{s.predicted:>6}{s.matched_gold:>7}"
                         f"{_pct(s.precision):>7}{_pct(s.recall):>7}{_pct(s.f1):>7}")
    if report.type_accuracy is not None:
        lines += ["", f"PLOVER type accuracy {_pct(report.type_accuracy)}%   dyad accuracy {_pct(report.dyad_accuracy)}%"]
    lines += ["", f"actor agreement on {report.paired} event-only pairs:"]
    for k, a in report.actors.items():
        lines.append(f"  {k:<15}{_pct(a.rate)}%  ({a.agree}/{a.total})")
    for title, table in (("root", report.per_root), ("type", report.per_type)):
        if table:
            lines += ["", f"{title:<10}{'gold':>6}{'pred':>6}{'match':>7}"]
            lines += [f"{k:<10}{s.gold:>6}{s.predicted:>6}{s.matched_gold:>7}" for k, s in table.items()]
    if show_items:
        for d in report.details:
            if d.missed or d.false_positives:
                lines += ["", f"{d.id}: {d.text[:100]}", f"  gold: {d.gold}", f"  pred: {d.predicted}",
                          f"  missed: {d.missed}", f"  false positives: {d.false_positives}"]
    return "\n".join(lines)


def _score_dict(s: Score | None) -> dict | None:
    if s is None:
        return None
    return {"gold": s.gold, "predicted": s.predicted, "matched_gold": s.matched_gold,
            "matched_predicted": s.matched_predicted,
            "precision": s.precision, "recall": s.recall, "f1": s.f1}


def report_to_dict(report: Report) -> dict:
    return {
        "suite": report.suite, "items": report.items,
        "root": _score_dict(report.root), "code": _score_dict(report.code), "plover": _score_dict(report.plover),
        "type_accuracy": report.type_accuracy, "dyad_accuracy": report.dyad_accuracy,
        "paired": report.paired,
        "actors": {k: {"agree": a.agree, "total": a.total, "rate": a.rate} for k, a in report.actors.items()},
        "per_root": {k: _score_dict(s) for k, s in report.per_root.items()},
        "per_type": {k: _score_dict(s) for k, s in report.per_type.items()},
        "details": [vars(d) for d in report.details],
    }
