"""Event model commands of the ``eventwire`` CLI: ``train`` and ``model``.

Argument parsing and printing only: the recipe lives in
:mod:`eventwire.model.train`, the model in :mod:`eventwire.model.component`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from eventwire.errors import EventwireError

MODES = ("lexicon", "model", "hybrid")


def register(sub) -> dict:
    tr = sub.add_parser(
        "train", help="train the event model from silver annotations",
        description="Train the event model (trigger, code, role and reciprocity classifiers) on the "
                    "'train' split of silver annotation files (JSON Lines, see docs/model.md), tune its "
                    "thresholds on a development fold of that split, and write the model folder.")
    tr.add_argument("paths", nargs="+", metavar="FILE", help="silver JSON Lines files")
    tr.add_argument("--out", default=None, metavar="DIR",
                    help="where to write the model (default: the package's eventwire/data/model)")
    tr.add_argument("--split", choices=["train", "all"], default="train",
                    help="which items to learn from (default: train; 'all' is for fixtures only)")
    tr.add_argument("--no-tune", action="store_true", help="keep the default thresholds (small data)")
    tr.add_argument("--epochs", type=int, default=None, metavar="N")
    tr.add_argument("--seed", type=int, default=None, metavar="N")
    tr.add_argument("--quiet", action="store_true")

    mo = sub.add_parser("model", help="inspect the event model or compare coder modes",
                        description="info: what the model was trained on and how. compare: score the "
                                    "lexicon, model and hybrid coders on one suite in one run.")
    mo.add_argument("action", choices=["info", "compare"])
    mo.add_argument("suite", nargs="?", choices=["petr2", "plover", "silver"], help="compare: the suite")
    mo.add_argument("paths", nargs="*", metavar="path",
                    help="compare: the suite file (silver: one or more, scored as one suite)")
    mo.add_argument("--split", choices=["train", "test", "all"], default="test",
                    help="silver suite only (default: test)")
    mo.add_argument("--modes", default=",".join(MODES), help="coder modes to compare (default: all three)")
    mo.add_argument("--model", default=None, metavar="DIR", help="a model folder (default: the shipped one)")
    mo.add_argument("--json", action="store_true", help="print the figures as JSON")
    return {"train": cmd_train, "model": cmd_model}


def cmd_train(args) -> int:
    from eventwire.model.linear import FitOptions
    from eventwire.model.store import DEFAULT_DIR
    from eventwire.model.train import TrainOptions, train

    fit = FitOptions()
    if args.epochs is not None:
        fit.epochs = args.epochs
    if args.seed is not None:
        fit.seed = args.seed
    for path in args.paths:
        if not Path(path).is_file():
            raise EventwireError(f"{path}: no such file")
    log = (lambda s: None) if args.quiet else (lambda s: print(f"eventwire train: {s}", file=sys.stderr))
    out = Path(args.out) if args.out else DEFAULT_DIR
    try:
        bundle = train(args.paths, out, TrainOptions(fit=fit, tune=not args.no_tune), log=log, split=args.split)
    except ValueError as err:
        raise EventwireError(f"train: {err}") from None
    print(f"model {bundle.info.version} written to {out}")
    return 0


def cmd_model(args) -> int:
    from eventwire.model.store import load_bundle

    if args.action == "info":
        bundle = load_bundle(args.model)
        info = bundle.info
        print(json.dumps({"version": info.version, "settings": asdict(info.settings), "recipe": info.recipe,
                          "figures": info.figures,
                          "features": {p: len(getattr(bundle, p).vocab_list) for p in
                                       ("trigger", "codes", "roles", "reciprocal")}}, indent=2))
        return 0
    if not args.suite or not args.paths:
        raise EventwireError("model compare: give a suite and its file, e.g. "
                             "'eventwire model compare silver ../shared/train/agnews-silver.jsonl'")
    if len(args.paths) > 1 and args.suite != "silver":
        raise EventwireError(f"model compare: one {args.suite} file at a time")
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    bad = [m for m in modes if m not in MODES]
    if bad or not modes:
        raise EventwireError(f"--modes: unknown mode '{bad[0] if bad else ''}' (use {', '.join(MODES)})")
    reports = compare(args.suite, args.paths, args.split, modes, args.model)
    if args.json:
        from eventwire import evaluate

        print(json.dumps({m: {k: v for k, v in evaluate.report_to_dict(r).items() if k != "details"}
                          for m, r in reports.items()}, indent=2, default=str))
    else:
        print(format_comparison(args.suite, reports))
    return 0


def compare(suite: str, paths: str | list[str], split: str, modes: list[str], model_dir: str | None) -> dict:
    """Each mode's report on one suite (silver: the items of every file given); every item
    is parsed once and coded in each mode."""
    from eventwire import evaluate
    from eventwire.model.component import EventModel
    from eventwire.pipeline import Coder, CoderConfig
    from eventwire.stages.nlp import unwrap_names
    from eventwire.stages.read import article_from_text

    loaders = {"petr2": evaluate.load_petr2, "plover": evaluate.load_plover,
               "silver": lambda p: evaluate.load_silver(p, split)}
    items = []
    for path in [paths] if isinstance(paths, str) else paths:
        items += _load(loaders[suite], suite, path)
    coder = Coder(CoderConfig(locate=False))
    if model_dir:
        coder.event_model = EventModel.load(model_dir)
    articles = [article_from_text(it.text, "eval", it.date) for it in items]
    docs = coder.nlp.pipe([unwrap_names(a.text[a.body_start:]) for a in articles], batch_size=coder.config.batch_size)
    coded: dict[str, list[list[dict]]] = {m: [] for m in modes}
    for article, doc in zip(articles, docs):
        for mode in modes:
            coder.config.coder = mode
            coded[mode].append([e.to_dict() for e in coder.code_doc(article, doc)])
    reports = {}
    for mode in modes:
        answers = iter(coded[mode])
        reports[mode] = evaluate.evaluate(items, lambda text, day: next(answers), suite)
    return reports


def _load(loader, suite: str, path: str) -> list:
    try:
        return loader(path)
    except OSError as err:
        raise EventwireError(f"{path}: cannot read ({err.strerror})") from None
    except (ValueError, KeyError) as err:
        raise EventwireError(f"{path}: not a {suite} suite ({err})") from None


def format_comparison(suite: str, reports: dict) -> str:
    lines = [f"suite {suite}: {next(iter(reports.values())).items} items", "",
             f"{'coder':<9}{'level':<8}{'gold':>6}{'pred':>6}{'match':>7}{'P':>7}{'R':>7}{'F1':>7}"]
    for mode, r in reports.items():
        for name in ("root", "code", "plover"):
            s = getattr(r, name)
            if s is not None:
                lines.append(f"{mode:<9}{name:<8}{s.gold:>6}{s.predicted:>6}{s.matched_gold:>7}"
                             f"{100 * s.precision:>7.1f}{100 * s.recall:>7.1f}{100 * s.f1:>7.1f}")
        if r.dyad_accuracy is not None:
            lines.append(f"{mode:<9}{'dyad':<8}{'':>26}{100 * r.dyad_accuracy:>7.1f}  (PLOVER dyad accuracy)")
    return "\n".join(lines)
