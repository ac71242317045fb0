"""The ``eventwire`` command: argument parsing and output formatting only.

No coding logic lives here: the CLI reads inputs, hands articles to
:class:`eventwire.pipeline.Coder` and prints what comes back.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import sys
from collections.abc import Sequence

from eventwire import CODER_NAME, __version__
from eventwire.errors import EventwireError

CODER_DEFAULT = "hybrid"  # measured better than the lexicon alone: docs/model.md

EXAMPLES = """\
examples:
  eventwire code examples/azerbaijan-russia-2022-12-23.txt
  eventwire code --format jsonl articles/ > events.jsonl
  cat story.txt | eventwire code - --format csv
  eventwire eval petr2 ../shared/eval/petr2-gsr-validation.xml
  eventwire codes --plover
  eventwire lexicon check
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventwire", description="Political event data (CAMEO and PLOVER) from news text.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"eventwire {__version__} ({CODER_NAME})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    code = sub.add_parser("code", help="code articles into events and print them",
                          description="Code articles (text, JSON, JSON Lines, directories, or - for "
                                      "standard input) into events.")
    code.add_argument("inputs", nargs="*", default=["-"], metavar="FILE", help="files or directories; - is stdin")
    code.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    code.add_argument("--min-confidence", type=float, default=0.0, metavar="X",
                      help="drop events whose confidence is below X (0-1)")
    code.add_argument("--no-places", action="store_true", help="skip event geolocation (faster start)")
    code.add_argument("--coder", choices=["lexicon", "model", "hybrid"], default=None,
                      help="who finds events: the lexicon, the trained model, or both (default: %s)"
                           % CODER_DEFAULT)
    code.add_argument("--statements", action="store_true",
                      help="code generic statements (010) where a sentence says nothing more specific")
    code.add_argument("--no-counterparts", action="store_true",
                      help="leave an event without target when its sentence names none (by default it "
                           "takes the article's other party)")
    code.add_argument("--actors", metavar="FILE", help="your actor file (CSV or YAML): overrides every other source")
    code.add_argument("--memory", metavar="FILE",
                      help="actor memory learned by 'eventwire actors learn' (JSON Lines)")

    ev = sub.add_parser("eval", help="score the coder on a peer test suite")
    ev.add_argument("suite", choices=["petr2", "plover", "silver"])
    ev.add_argument("path", help="the suite file (e.g. ../shared/eval/petr2-gsr-validation.xml)")
    ev.add_argument("--coder", choices=["lexicon", "model", "hybrid"], default=None,
                    help="who finds events (default: %s)" % CODER_DEFAULT)
    ev.add_argument("--split", choices=["train", "test", "all"], default="all",
                    help="silver suite only: which fixed split to score (default: all)")
    ev.add_argument("--details", action="store_true", help="list the items the coder got wrong")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")

    codes = sub.add_parser("codes", help="list CAMEO codes (or PLOVER types)")
    codes.add_argument("--plover", action="store_true", help="list PLOVER types and modes instead")

    lex = sub.add_parser("lexicon", help="work with the event lexicon")
    lex.add_argument("action", choices=["check"], help="check: validate every lexicon data file")
    lex.add_argument("path", nargs="?", help="a lexicon folder (default: the built-in one)")
    for name in EXTENSIONS:
        module = importlib.import_module(name)
        COMMANDS.update(module.register(sub))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return COMMANDS[args.command](args)
    except EventwireError as err:
        print(f"eventwire: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("eventwire: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def cmd_code(args) -> int:
    from eventwire.pipeline import Coder, CoderConfig
    from eventwire.records import flatten

    articles, status = read_articles(args.inputs)
    if not articles:
        return status or 2
    config = CoderConfig(min_confidence=args.min_confidence, locate=not args.no_places,
                         user_actors=args.actors, actor_memory=args.memory,
                         statements=args.statements, coder=args.coder or CODER_DEFAULT)
    if args.no_counterparts:
        config.counterpart_roots = ()
    coder = Coder(config)
    out = sys.stdout
    writer = None
    rows = []
    read_warnings = {id(a): len(a.warnings) for a in articles}
    for article, events in coder.code_articles(articles):
        # the coder's own notices: a skipped article (its language), text cut at a limit
        for warning in article.warnings[read_warnings[id(article)]:]:
            print(f"eventwire: {article.origin or article.id}: {warning}", file=sys.stderr)
        for event in events:
            d = event.to_dict()
            if args.format == "jsonl":
                out.write(json.dumps(d, ensure_ascii=False) + "\n")
            elif args.format == "csv":
                row = flatten(d)
                if writer is None:
                    writer = csv.DictWriter(out, fieldnames=list(row))
                    writer.writeheader()
                writer.writerow(row)
            else:
                rows.append(d)
    if args.format == "table":
        print_table(rows, out)
    return status


def read_articles(inputs: list[str]) -> tuple[list, int]:
    """Articles from the inputs; each problem goes to standard error as one line.
    The status is 2 when an input was unusable, else 0."""
    from eventwire.stages.read import read_inputs

    status, articles = 0, []
    for item in read_inputs(inputs, stdin=sys.stdin):
        if hasattr(item, "message"):  # a ReadProblem
            print(f"eventwire: {item.origin}: {item.message}", file=sys.stderr)
            if item.fatal:
                status = 2
            continue
        for warning in item.warnings:
            print(f"eventwire: {item.origin or item.id}: warning: {warning}", file=sys.stderr)
        articles.append(item)
    return articles, status


def print_table(rows: list[dict], out) -> None:
    if not rows:
        out.write("no events\n")
        return
    header = ["date", "source", "event", "target", "trigger", "place", "conf"]
    table = []
    for d in rows:
        src, tgt, loc = d["source"] or {}, d["target"] or {}, d["location"] or {}
        arrow = "<->" if d["reciprocal"] else "->"
        table.append([
            d["date"] or "-",
            f"{src.get('code') or '?'} ({_short(src.get('text'), 24)})",
            f"{d['cameo']} {_short(d['cameo_name'], 28)} {arrow}",
            f"{tgt.get('code') or '?'} ({_short(tgt.get('text'), 24)})" if tgt else "-",
            _short(d["trigger"]["text"], 22),
            _short(loc.get("name"), 14) if loc else "-",
            f"{d['confidence']:.2f}",
        ])
    write_table(header, table, out)


def write_table(header: list[str], rows: list[list], out) -> None:
    """A plain aligned text table (shared by the command groups)."""
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths], *rows]:
        out.write("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() + "\n")


def _short(text: str | None, n: int) -> str:
    if not text:
        return "-"
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def cmd_eval(args) -> int:
    from eventwire import evaluate
    from eventwire.pipeline import Coder, CoderConfig

    from eventwire.stages.read import article_from_text

    loaders = {"petr2": evaluate.load_petr2, "plover": evaluate.load_plover,
               "silver": lambda p: evaluate.load_silver(p, args.split)}
    try:
        items = loaders[args.suite](args.path)
    except OSError as err:
        raise EventwireError(f"{args.path}: cannot read ({err.strerror})") from None
    except (ValueError, KeyError) as err:
        raise EventwireError(f"{args.path}: not a {args.suite} suite ({err})") from None
    coder = Coder(CoderConfig(locate=False, coder=args.coder or CODER_DEFAULT))

    def code(text, day):
        return [e.to_dict() for e in coder.code_article(article_from_text(text, "eval", day))]

    report = evaluate.evaluate(items, code, args.suite)
    if args.json:
        print(json.dumps(evaluate.report_to_dict(report), indent=2, default=str))
    else:
        print(evaluate.format_report(report, show_items=args.details))
    return 0


def cmd_codes(args) -> int:
    from eventwire.knowledge.codebook import load_codebook

    book = load_codebook()
    if args.plover:
        for t in book.plover_types():
            print(f"{t.name:<10} {t.definition}")
            if t.modes:
                print(f"{'':<10} modes: {', '.join(t.modes)}")
        return 0
    for c in book.codes():
        plover = f"{c.plover_type or '-'}{'/' + c.plover_mode if c.plover_mode else ''}"
        print(f"{c.code:<5} q{c.quad_class} {c.goldstein:>5.1f}  {plover:<28} {c.name}")
    return 0


def cmd_lexicon(args) -> int:
    from pathlib import Path

    from eventwire.knowledge.lexicon import load_lexicon

    path = Path(args.path) if args.path else None
    if path is not None and not path.is_dir():
        raise EventwireError(f"{path}: not a lexicon folder")
    lexicon = load_lexicon(path)
    codes = {p.code for p in lexicon.patterns}
    print(f"lexicon ok: {len(lexicon.patterns)} patterns, {len(lexicon.by_trigger)} triggers, "
          f"{len(codes)} CAMEO codes, {len(lexicon.lists)} word lists")
    return 0


COMMANDS = {"code": cmd_code, "eval": cmd_eval, "codes": cmd_codes, "lexicon": cmd_lexicon}

# Command groups kept in their own modules: each has ``register(subparsers)``
# that adds its subcommands and returns {name: function(args) -> exit status}.
EXTENSIONS: tuple[str, ...] = ("eventwire.cli_store", "eventwire.cli_model", "eventwire.cli_actors",
                               "eventwire.cli_claims", "eventwire.cli_serve")


if __name__ == "__main__":
    sys.exit(main())
