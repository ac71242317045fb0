"""Train the event model from silver annotations: the recipe, start to end.

1. Read the silver files and keep the items of the fixed *train* split
   (``eventwire.evaluate.silver_split``); the *test* split is never read here.
2. Parse each item with the project's own pipeline (the same spaCy pipeline,
   entity ruler and actor mentions that coding uses), so the model learns from
   what it will see.
3. Turn annotations into examples:
   * trigger: every candidate word (see ``features.DocView.candidates``); the
     syntactic head of an annotated trigger span carries its CAMEO root, other
     words of that span are left out, every other word is "none";
   * codes: the annotated triggers with their full CAMEO code;
   * roles: (annotated trigger, coded actor mention of its sentence) pairs: a
     mention overlapping the annotated source (target) text is the source
     (target); when none overlaps, the first mention of the sentence whose
     country part equals the annotated actor's takes the role;
   * reciprocal: annotated triggers that have a target.
4. Tune (optional), by cross-fitting inside the train split: the train items
   fall in five folds (a second hash of the id); five models, each fitted on
   four folds, score the fifth, so every train item is scored by a model that
   never saw it. On those scores choose (grid search) the thresholds and the
   target filling that give the hybrid coder its best root-level F1 without
   losing more than ``max_precision_loss`` of the lexicon's precision, and the
   thresholds that give the model alone its best root-level F1. (Five folds of
   ~1,000 items choose far more steadily than one fold of ~200.)
5. The shipped model is the average of the five cross-fitted models (their
   weights averaged: a bagged ensemble the size of one model). The thresholds
   were chosen on these very models' scores, so they fit its calibration; a
   model refitted on all items is more sure of itself than the models the
   thresholds were chosen on, and proposed more events at the same threshold
   (nested cross-validation inside the train split, docs/model.md). Without
   tuning (small data, tests) one model is fitted on every item.
6. Write the model folder (see ``store``), with this recipe and its figures in
   ``model.json``.

Fixed seeds and sorted inputs make a run reproducible: the same data and code
give the same weights.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from eventwire import __version__, evaluate
from eventwire.model.component import EventModel, Proposal, Scored
from eventwire.model.features import CANDIDATE_POS, DocView, role_features, trigger_features
from eventwire.model.linear import FitOptions, LinearModel
from eventwire.model.silver import SilverEvent, SilverItem, read_silver
from eventwire.model.store import Bundle, ModelInfo, Settings, Thresholds, folder_size, save_bundle
from eventwire.records import Article, ActorMention
from eventwire.stages.events import FoundEvent

ROOTS = [f"{i:02d}" for i in range(1, 21)]
ROLE_LABELS = ["none", "source", "target"]
DEV_FOLDS = 5
GRID = {
    "event": [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9],
    "source": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
    "target": [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],  # for model targets and filled ones
}


@dataclass
class Parsed:
    """One silver item as the pipeline sees it, with the lexicon's events."""

    item: SilverItem
    article: Article
    doc: Doc
    mentions: list[ActorMention]
    lexicon: list[FoundEvent]
    not_events: frozenset[int] = frozenset()  # words the lexicon read as a non-event sense

    @property
    def offset(self) -> int:
        return self.article.body_start


@dataclass
class Examples:
    trigger: tuple[list[list[str]], list[str]] = field(default_factory=lambda: ([], []))
    codes: tuple[list[list[str]], list[str]] = field(default_factory=lambda: ([], []))
    roles: tuple[list[list[str]], list[str]] = field(default_factory=lambda: ([], []))
    reciprocal: tuple[list[list[str]], list[str]] = field(default_factory=lambda: ([], []))

    def add(self, part: str, features: list[str], label: str) -> None:
        xs, ys = getattr(self, part)
        xs.append(features)
        ys.append(label)

    def counts(self) -> dict[str, int]:
        return {part: len(getattr(self, part)[1]) for part in ("trigger", "codes", "roles", "reciprocal")}


@dataclass
class TrainOptions:
    fit: FitOptions = field(default_factory=FitOptions)
    tune: bool = True
    max_precision_loss: float = 0.0  # on the cross-fitted train items (the test split allows 0.02)
    target_accuracy: float = 0.8  # a target is given where the model's targets are right this often
    batch_size: int = 32


def dev_fold(item_id: str) -> int:
    """The cross-fitting fold of a train item, 0-4 (a hash independent of the split's)."""
    return int(hashlib.sha1(f"dev:{item_id}".encode("utf-8")).hexdigest(), 16) % DEV_FOLDS


# ---------------------------------------------------------------- reading and parsing

def train_items(paths: Sequence[str | Path], split: str = "train") -> list[SilverItem]:
    items = []
    for path in paths:
        items.extend(it for it in read_silver(path) if split == "all" or evaluate.silver_split(it.id) == split)
    return items


class _Capture:
    """Stands in for the event model inside ``Coder.code_doc`` and keeps what the
    pipeline hands it (actor mentions, the lexicon's events), so that training
    sees exactly what coding sees without re-implementing the flow."""

    def __init__(self):
        self.seen: tuple[list[ActorMention], list[FoundEvent], frozenset[int]] | None = None

    def apply(self, mode, doc, mentions, found, offset, not_events=frozenset()):
        self.seen = (mentions, found, frozenset(not_events))
        return found


def parse_items(coder, items: Sequence[SilverItem], batch_size: int = 32) -> Iterable[Parsed]:
    """Each item through the coder's pipeline (``coder``: a ``Coder``; its config is left alone)."""
    from eventwire.pipeline import Coder
    from eventwire.stages.nlp import unwrap_names
    from eventwire.stages.read import article_from_text

    capture = _Capture()
    probe = Coder.__new__(Coder)  # shares every loaded resource of ``coder``
    probe.__dict__.update(coder.__dict__)
    probe.config = replace(coder.config, coder="hybrid", locate=False, min_confidence=0.0)
    probe.event_model = capture
    articles = [article_from_text(it.text, it.id, it.date) for it in items]
    stream = ((unwrap_names(a.text[a.body_start:]), (it, a)) for it, a in zip(items, articles))
    for doc, (item, article) in coder.nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        probe.code_doc(article, doc)
        mentions, found, not_events = capture.seen
        yield Parsed(item, article, doc, mentions, found, not_events)


# ---------------------------------------------------------------- examples

def trigger_token(span: Span) -> Token | None:
    """The word that carries an annotated trigger: its syntactic head, or its first content word."""
    if span.root.pos_ in CANDIDATE_POS:
        return span.root
    return next((t for t in span if t.pos_ in CANDIDATE_POS), None)


def _overlaps(m: ActorMention, span: tuple[int, int] | None) -> bool:
    return span is not None and m.span[0] < span[1] and span[0] < m.span[1]


def role_labels(mentions: list[ActorMention], source: str | None, target: str | None,
                source_span, target_span) -> list[str]:
    labels = []
    for m in mentions:
        label = "none"
        if _overlaps(m, source_span):
            label = "source"
        elif _overlaps(m, target_span):
            label = "target"
        labels.append(label)
    for role, code in (("source", source), ("target", target)):
        # the annotated text is not one of our mentions ("the man", a pronoun): the
        # first mention of that country in the sentence stands for it
        if role in labels or not evaluate.actor_key(code):
            continue
        for j, m in enumerate(mentions):
            if labels[j] == "none" and evaluate.actor_key(m.actor.code, m.actor.country) == evaluate.actor_key(code):
                labels[j] = role
                break
    return labels


def add_examples(p: Parsed, out: Examples, valid_code: Callable[[str], bool]) -> None:
    view = DocView(p.doc, p.mentions, p.offset)
    gold: dict[int, SilverEvent] = {}
    inside: set[int] = set()
    for e in p.item.events:
        if e.trigger is None or e.trigger[0] < p.offset or not valid_code(e.cameo):
            continue
        span = p.doc.char_span(e.trigger[0] - p.offset, e.trigger[1] - p.offset, alignment_mode="expand")
        tok = trigger_token(span) if span is not None else None
        if tok is None:
            continue
        inside.update(t.i for t in span)
        if tok.i in gold:  # two codings on one word: the first is its label
            continue
        gold[tok.i] = e
    for tok in view.candidates():
        e = gold.get(tok.i)
        if e is None and tok.i in inside:
            continue  # part of a trigger phrase, but not its head: neither event nor "none"
        feats = trigger_features(tok, view)
        out.add("trigger", feats, e.cameo[:2] if e is not None else "none")
        if e is None:
            continue
        out.add("codes", feats, e.cameo)
        mentions = view.mentions_of_sentence(tok)
        labels = role_labels(mentions, e.source, e.target, e.source_span, e.target_span)
        for m, label in zip(mentions, labels):
            out.add("roles", role_features(tok, m, view.head(m), view, e.cameo[:2]), label)
        if e.target is not None:
            out.add("reciprocal", feats + [f"root={e.cameo[:2]}"], "reciprocal" if e.reciprocal else "one-way")


def build_examples(parsed: Iterable[Parsed], valid_code: Callable[[str], bool]) -> Examples:
    out = Examples()
    for p in parsed:
        add_examples(p, out, valid_code)
    return out


def fit_bundle(ex: Examples, options: FitOptions, info: ModelInfo,
               code_labels: Sequence[str] | None = None) -> Bundle:
    """The four classifiers; ``code_labels`` fixed beforehand lets fold models be averaged."""
    code_labels = list(code_labels) if code_labels is not None else sorted(set(ex.codes[1]))
    return Bundle(
        info=info,
        trigger=LinearModel.fit(*ex.trigger, label_set=["none", *ROOTS], options=options),
        codes=LinearModel.fit(*ex.codes, label_set=code_labels, options=options),
        roles=LinearModel.fit(*ex.roles, label_set=ROLE_LABELS, options=options),
        reciprocal=LinearModel.fit(*ex.reciprocal, label_set=["one-way", "reciprocal"], options=options),
    )


# ---------------------------------------------------------------- tuning and scoring

@dataclass
class Prepared:
    """A held-out train item scored once, so that many thresholds can be tried on it."""

    parsed: Parsed
    view: DocView
    scored: list[Scored]
    proposals: list[Proposal]


def prepare(model: EventModel, parsed: Sequence[Parsed], floor: float) -> list[Prepared]:
    out = []
    for p in parsed:
        view = DocView(p.doc, p.mentions, p.offset)
        scored = model.score(view)
        out.append(Prepared(p, view, scored, model.proposals(view, scored, floor)))
    return out


def event_dicts(found: Iterable[FoundEvent]) -> list[dict]:
    """What ``evaluate`` reads of an event (code, actors, reciprocity)."""
    def actor(m):
        return None if m is None else {"code": m.actor.code, "country": m.actor.country}
    return [{"cameo": f.code, "plover": {"type": None}, "source": actor(f.source), "target": actor(f.target),
             "reciprocal": f.reciprocal} for f in found]


def score_mode(model: EventModel, prepared: Sequence[Prepared], gold: dict[str, evaluate.GoldItem],
               mode: str, settings: Settings) -> evaluate.Report:
    by_text = {}
    for pr in prepared:
        if mode == "lexicon":
            found = pr.parsed.lexicon
        else:
            found = model.combine(mode, pr.view, pr.scored, pr.proposals, pr.parsed.lexicon, settings,
                                  pr.parsed.not_events)
        by_text[gold[pr.parsed.item.id].text] = event_dicts(found)
    items = [gold[pr.parsed.item.id] for pr in prepared]
    return evaluate.evaluate(items, lambda text, day: by_text[text], "silver")


def tune(model: EventModel, prepared: Sequence[Prepared], gold: dict[str, evaluate.GoldItem],
         max_precision_loss: float, target_accuracy: float) -> tuple[Settings, dict]:
    """Settings for both modes, from held-out scores.

    Targets first, by accuracy rather than F1: the scores cannot see a wrong
    target where the annotation has none (no target is a wildcard there), so
    F1 would take any target at all. A target is taken (for a model event, or
    to fill a lexicon event's missing one) from the lowest P(target) at which
    the model's targets are right at least ``target_accuracy`` of the time
    (where the annotation has a coding of that root and source with a target;
    the lexicon's own targets are measured alike, for comparison in
    ``model.json``). Then the P(event) and P(source) thresholds: for ``model`` the best
    root F1; for ``hybrid`` the best root F1 whose precision stays within
    ``max_precision_loss`` of the lexicon's."""
    lexicon = score_mode(model, prepared, gold, "lexicon", Settings()).root
    floor = lexicon.precision - max_precision_loss
    checks = target_checks(model, prepared, gold)
    lexicon_accuracy = sum(checks["lexicon"]) / len(checks["lexicon"]) if checks["lexicon"] else None
    proposal_target = _lowest_accurate(checks["proposals"], target_accuracy)
    settings = Settings(fill_target=_lowest_accurate(checks["fill"], target_accuracy))
    settings.model = _best_thresholds(model, prepared, gold, "model", settings, None, proposal_target)
    settings.hybrid = _best_thresholds(model, prepared, gold, "hybrid", settings, floor, proposal_target)
    return settings, {
        "lexicon_root": _figures(lexicon), "hybrid_precision_floor": round(floor, 4),
        "target_accuracy": {
            "required": target_accuracy,
            "lexicon": {"accuracy": lexicon_accuracy and round(lexicon_accuracy, 4), "n": len(checks["lexicon"])},
            "proposals": _accuracy_table(checks["proposals"]), "fill": _accuracy_table(checks["fill"])},
    }


def target_checks(model: EventModel, prepared: Sequence[Prepared], gold) -> dict[str, list]:
    """Whether targets are right, where the annotation has a coding of the same root and
    source with a target: the lexicon's own targets (True/False), the model's best target
    for proposals and for lexicon events without one ((P(target), True/False))."""
    out: dict[str, list] = {"lexicon": [], "proposals": [], "fill": []}

    def right(root, source, target, item) -> bool | None:
        codings = [g for g in item.events if g.code and g.code[:2] == root
                   and evaluate.actor_key(g.source) == _key(source) and evaluate.actor_key(g.target)]
        return any(evaluate.actor_key(g.target) == _key(target) for g in codings) if codings else None

    for pr in prepared:
        item = gold[pr.parsed.item.id]
        for f in pr.parsed.lexicon:
            if f.source is None:
                continue
            if f.target is not None:
                ok = right(f.code[:2], f.source, f.target, item)
                if ok is not None:
                    out["lexicon"].append(ok)
                continue
            target, p = model.best_target(f, pr.view)
            ok = right(f.code[:2], f.source, target, item) if target is not None else None
            if ok is not None:
                out["fill"].append((p, ok))
        for p in pr.proposals:
            ok = right(p.scored.root, p.source, p.target, item) if p.target is not None else None
            if ok is not None:
                out["proposals"].append((p.p_target, ok))
    return out


def _key(m: ActorMention | None) -> str | None:
    return evaluate.actor_key(m.actor.code, m.actor.country) if m is not None else None


def _lowest_accurate(checks: list[tuple[float, bool]], accuracy: float, min_count: int = 10) -> float:
    for t in GRID["target"]:
        kept = [ok for p, ok in checks if p >= t]
        if len(kept) >= min_count and sum(kept) / len(kept) >= accuracy:
            return t
    return 1.01  # never


def _accuracy_table(checks: list[tuple[float, bool]]) -> dict:
    table = {}
    for t in GRID["target"]:
        kept = [ok for p, ok in checks if p >= t]
        table[str(t)] = {"accuracy": round(sum(kept) / len(kept), 4) if kept else None, "n": len(kept)}
    return table


def _best_thresholds(model, prepared, gold, mode: str, settings: Settings, floor: float | None,
                     target: float) -> Thresholds:
    best, best_key = Thresholds(event=1.01, target=target), None  # event above 1: never propose
    for event, source in itertools.product(GRID["event"], GRID["source"]):
        limits = Thresholds(event, source, target)
        root = score_mode(model, prepared, gold, mode, replace(settings, **{mode: limits})).root
        if floor is not None and root.precision < floor:
            continue
        key = (round(root.f1, 4), round(root.precision, 4), event, source)
        if best_key is None or key > best_key:
            best, best_key = limits, key
    return best


def _figures(s: evaluate.Score | None) -> dict | None:
    if s is None:
        return None
    return {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
            "gold": s.gold, "predicted": s.predicted}


def mode_figures(model, prepared, gold, settings) -> dict:
    out = {}
    for mode in ("lexicon", "model", "hybrid"):
        report = score_mode(model, prepared, gold, mode, settings)
        out[mode] = {"root": _figures(report.root), "code": _figures(report.code)}
    return out


# ---------------------------------------------------------------- the whole recipe

def _sha1(path: str | Path) -> str:
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()


def cross_fit(parsed: Sequence[Parsed], paths: Sequence[str | Path], options: TrainOptions, valid,
              code_labels: Sequence[str], log: Callable[[str], None] = lambda s: None
              ) -> tuple[Settings, dict, list[Bundle]]:
    """The fold models and the settings chosen on their held-out scores (module docstring, 4-5)."""
    folds = {k: [p for p in parsed if dev_fold(p.item.id) == k] for k in range(DEV_FOLDS)}
    if not options.tune or sum(1 for f in folds.values() if f) < 2:
        return Settings(), {}, []
    log(f"tuning thresholds on {len(parsed)} items, cross-fitted in {DEV_FOLDS} folds")
    prepared: list[Prepared] = []
    models = []
    for k, held_out in folds.items():
        rest = [p for p in parsed if dev_fold(p.item.id) != k]
        if not held_out or not rest:
            continue
        bundle = fit_bundle(build_examples(rest, valid), options.fit, ModelInfo(f"fold {k}", Settings()), code_labels)
        model = EventModel(bundle)
        prepared += prepare(model, held_out, min(GRID["event"]))
        models.append(model)
    gold = _gold(paths, {p.item.id for p in parsed})
    # combining needs no weights (each proposal carries its own fold model's scores): any model will do
    settings, figures = tune(models[0], prepared, gold, options.max_precision_loss, options.target_accuracy)
    figures["chosen"] = {mode: asdict(settings.for_mode(mode)) for mode in ("hybrid", "model")}
    figures["cross_fitted"] = mode_figures(models[0], prepared, gold, settings)
    log(f"chosen: {figures['chosen']}")
    return settings, figures, [m.bundle for m in models]


def average_bundles(bundles: Sequence[Bundle], info: ModelInfo) -> Bundle:
    return Bundle(info=info, **{part: LinearModel.average([getattr(b, part) for b in bundles])
                                for part in ("trigger", "codes", "roles", "reciprocal")})


def train(paths: Sequence[str | Path], out_dir: str | Path, options: TrainOptions | None = None,
          coder=None, log: Callable[[str], None] = lambda s: None, split: str = "train") -> Bundle:
    """The recipe in the module docstring; returns the bundle it wrote to ``out_dir``."""
    from eventwire.pipeline import Coder, CoderConfig

    options = options or TrainOptions()
    started = time.perf_counter()
    items = train_items(paths, split)
    if not items:
        raise ValueError("no training items (empty files, or no item in the train split)")
    coder = coder or Coder(CoderConfig(locate=False))
    log(f"parsing {len(items)} {split} items")
    parsed = list(parse_items(coder, items, options.batch_size))
    valid = coder.codebook.is_valid
    examples = build_examples(parsed, valid)
    code_labels = sorted(set(examples.codes[1]))
    settings, tuning, fold_models = cross_fit(parsed, paths, options, valid, code_labels, log)
    recipe = {
        "eventwire": __version__,
        "data": [{"file": Path(p).name, "sha1": _sha1(p)} for p in paths],
        "split": f"items with eventwire.evaluate.silver_split(id) == '{split}'",
        "tuning_folds": "train items by sha1('dev:' + id) % 5, cross-fitted",
        "model": f"average of {len(fold_models)} cross-fitted models" if fold_models else "one model, all items",
        "items": len(parsed),
        "examples": examples.counts(),
        "fit": asdict(options.fit),
        "tuned": bool(tuning),
        "max_precision_loss": options.max_precision_loss,
        "target_accuracy": options.target_accuracy,
    }
    info = ModelInfo(version="", settings=settings, recipe=recipe, figures=tuning)
    if fold_models:
        bundle = average_bundles(fold_models, info)
    else:
        log(f"fitting on {len(parsed)} items: {examples.counts()}")
        bundle = fit_bundle(examples, options.fit, info, code_labels)
    info.version = _version(bundle)
    save_bundle(bundle, out_dir)
    log(f"wrote {out_dir} ({folder_size(out_dir) / 1e6:.1f} MB) in {time.perf_counter() - started:.0f} s")
    return bundle


def _gold(paths, ids: set[str]) -> dict[str, evaluate.GoldItem]:
    return {g.id: g for path in paths for g in evaluate.load_silver(path) if g.id in ids}


def _version(bundle: Bundle) -> str:
    """A fingerprint of what decides the codes (weights, labels, settings): same model, same version."""
    h = hashlib.sha1(repr(asdict(bundle.info.settings)).encode("utf-8"))
    for part in ("trigger", "codes", "roles", "reciprocal"):
        model = getattr(bundle, part)
        h.update("\n".join(model.labels + model.vocab_list).encode("utf-8"))
        h.update(model.weights.astype("<f4").tobytes())
    return h.hexdigest()[:10]
