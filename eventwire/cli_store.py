"""Store commands of the ``eventwire`` CLI: ingest, errors, export, dyads, stats.

Argument parsing, progress and tables only: the work is done by
:mod:`eventwire.engines.local` and :class:`eventwire.store.Store`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date

from eventwire.errors import EventwireError

STORE_HELP = "the store file (default: ./eventwire.duckdb)"


def register(sub) -> dict:
    ing = sub.add_parser("ingest", help="code a corpus into the event store",
                         description="Code articles (directories, JSON Lines, JSON, CSV, text, HTML, any of "
                                     "them gzipped) into the store. Articles already stored are skipped, so "
                                     "running it again (or after an interruption) adds only what is missing.")
    ing.add_argument("inputs", nargs="+", metavar="PATH", help="files or directories; - is standard input")
    ing.add_argument("--db", default=None, metavar="FILE", help=STORE_HELP)
    ing.add_argument("--workers", type=int, default=None, metavar="N", help="processes (default: one per core)")
    ing.add_argument("--batch-size", type=int, default=256, metavar="N", help="articles per store write")
    ing.add_argument("--no-places", action="store_true", help="skip event geolocation")
    ing.add_argument("--no-counterparts", action="store_true",
                     help="leave an event without target when its sentence names none (by default it "
                          "takes the article's other party)")
    ing.add_argument("--retry-errors", action="store_true", help="code again the articles that failed before")
    ing.add_argument("--quiet", action="store_true", help="no progress bar")
    ing.add_argument("--engine", choices=["local", "spark"], default="local",
                     help="local: a process pool (default); spark: Spark executors (pip install 'eventwire[spark]')")
    ing.add_argument("--master", default="local[*]", metavar="URL",
                     help="spark: local[N], spark://HOST:PORT or yarn (default: local[*])")
    ing.add_argument("--parquet", default=None, metavar="DIR",
                     help="spark: keep the events as Parquet in DIR (events/date=YYYY-MM-DD/, articles/, errors/)")
    ing.add_argument("--no-load", action="store_true",
                     help="spark: only write the Parquet (needs --parquet), do not load it into the store")

    err = sub.add_parser("errors", help="list the articles and inputs that could not be ingested")
    err.add_argument("--db", default=None, metavar="FILE", help=STORE_HELP)
    err.add_argument("--kind", choices=["read", "code", "skipped"],
                     help="only problems of reading, of coding, or articles skipped (language)")
    err.add_argument("--limit", type=int, default=None, metavar="N")

    exp = sub.add_parser("export", help="write the stored events as a dataset",
                         description="One row per happening (deduplicated event); jsonl writes every mention "
                                     "exactly as 'eventwire code --format jsonl' does.")
    exp.add_argument("--format", required=True, choices=["gdelt", "plover", "jsonl", "csv", "parquet"])
    exp.add_argument("--output", "-o", metavar="FILE", help="default: standard output (parquet needs a file)")
    exp.add_argument("--mentions", action="store_true", help="csv/parquet: one row per mention, not per happening")
    exp.add_argument("--header", action=argparse.BooleanOptionalAction, default=None,
                     help="write a header row (default: yes, except gdelt)")
    exp.add_argument("--db", default=None, metavar="FILE", help=STORE_HELP)
    _filter_arguments(exp)

    dy = sub.add_parser("dyads", help="happenings per period and dyad: quad classes, PLOVER types, Goldstein")
    dy.add_argument("--by", choices=["day", "week", "month", "year"], default="month")
    dy.add_argument("--level", choices=["country", "code"], default="country",
                    help="actors as countries (default) or as full codes (AZEGOV)")
    dy.add_argument("--format", choices=["table", "csv"], default="table")
    dy.add_argument("--output", "-o", metavar="FILE", help="write the table/CSV to FILE")
    dy.add_argument("--chart", metavar="FILE", help="also draw the series: FILE.svg (or .png with matplotlib)")
    dy.add_argument("--db", default=None, metavar="FILE", help=STORE_HELP)
    _filter_arguments(dy)

    st = sub.add_parser("stats", help="what the store holds")
    st.add_argument("--db", default=None, metavar="FILE", help=STORE_HELP)
    return {"ingest": cmd_ingest, "errors": cmd_errors, "export": cmd_export, "dyads": cmd_dyads, "stats": cmd_stats}


def _filter_arguments(p) -> None:
    g = p.add_argument_group("filters")
    g.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="events on or after this day")
    g.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="events on or before this day")
    g.add_argument("--actor", metavar="CODE", help="source or target (a code prefix: AZE takes AZEGOV)")
    g.add_argument("--source", metavar="CODE", help="source actor (code prefix or country)")
    g.add_argument("--target", metavar="CODE", help="target actor (code prefix or country)")
    g.add_argument("--code", metavar="CAMEO", help="CAMEO code or root (04 takes 040-046)")
    g.add_argument("--country", metavar="ISO3", help="either actor's country or the place's")
    g.add_argument("--plover", metavar="TYPE", help="PLOVER type, e.g. CONSULT")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _filters(args):
    from eventwire.store import EventFilter

    return EventFilter(actor=args.actor, source=args.source, target=args.target, cameo=args.code,
                       country=args.country, plover_type=args.plover, start=args.since, end=args.until)


def _db_path(args) -> str:
    from eventwire.store import DEFAULT_STORE

    return args.db or os.environ.get("EVENTWIRE_DB") or DEFAULT_STORE


def _open_existing(args):
    from eventwire.store import Store

    path = _db_path(args)
    if not os.path.exists(path):
        raise EventwireError(f"{path}: no store here (create one with 'eventwire ingest PATH --db {path}')")
    return Store(path, read_only=True)


# --------------------------------------------------------------------------- ingest

class ProgressLine:
    """A one-line progress bar on standard error (redrawn in place on a terminal,
    a line every 30 seconds otherwise)."""

    def __init__(self, stream=sys.stderr, enabled: bool = True):
        self.stream, self.enabled = stream, enabled
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last = 0.0 if self.tty else time.monotonic()  # a log gets its first line after 30 s

    def __call__(self, r) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < (0.25 if self.tty else 30.0):
            return
        self.last = now
        self.draw(r)

    def draw(self, r) -> None:
        rate = (r.coded + r.failed) / r.seconds if r.seconds else 0.0
        done = r.done
        if r.total:
            frac = min(1.0, done / r.total)
            bar = "#" * int(24 * frac) + "." * (24 - int(24 * frac))
            left = (r.total - done) / rate if rate else None
            head = f"[{bar}] {done:,}/{r.total:,}" + (f"  eta {_duration(left)}" if left is not None else "")
        else:
            head = f"{done:,} articles"
        line = (f"{head}  {rate:.1f} art/s  events {r.events:,}  errors {r.errors:,}"
                + (f"  skipped {r.skipped:,}" if r.skipped else ""))
        if self.tty:
            self.stream.write("\r" + line[:160].ljust(100))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}" if seconds >= 3600 \
        else f"{seconds // 60}:{seconds % 60:02d}"


def cmd_ingest(args) -> int:
    from eventwire.engines.local import IngestOptions, ingest
    from eventwire.pipeline import CoderConfig
    from eventwire.store import Store

    path = _db_path(args)
    store = Store(path)
    progress = ProgressLine(enabled=not args.quiet)
    options = IngestOptions(workers=args.workers, batch_size=max(1, args.batch_size),
                            retry_errors=args.retry_errors, coder=CoderConfig(locate=not args.no_places))
    if args.no_counterparts:
        options.coder.counterpart_roots = ()
    try:
        if args.engine == "spark":
            report = _ingest_spark(args, store, options, progress)
        else:
            report = ingest(args.inputs, store, options, progress=progress, stdin=sys.stdin)
    finally:
        progress.finish()
    problems = store.errors(since=report.started)
    for e in problems[:10]:
        print(f"eventwire: {e['origin'] or e['article_key']}: {e['message']}", file=sys.stderr)
    if len(problems) > 10:
        print(f"eventwire: ... and {len(problems) - 10} more (eventwire errors --db {path})", file=sys.stderr)
    counts = store.counts()
    store.close()
    rate = (report.coded + report.failed) / report.seconds if report.seconds else 0.0
    share = 100 * report.store_seconds / report.seconds if report.seconds else 0.0
    print(f"ingested {report.coded:,} new articles ({report.skipped:,} already stored, {report.failed:,} failed, "
          f"{report.not_coded:,} not coded (language), {report.problems:,} read problems) with {report.events:,} event mentions in {_duration(report.seconds)} "
          f"({rate:.1f} articles/s, {report.workers} workers, {share:.1f}% of the time in the store)")
    print(f"store {path}: {counts['articles']:,} articles ({counts['copies']:,} copies of others), "
          f"{counts['mentions']:,} mentions of {counts['events']:,} events, {counts['errors']:,} errors, "
          f"{_size(path)}")
    if report.read == 0 and report.problems:
        return 2
    return 1 if report.errors else 0


def _ingest_spark(args, store, options, progress):
    from eventwire.engines.spark import SparkOptions, ingest_spark

    if args.no_load and not args.parquet:
        raise EventwireError("--no-load keeps only the Parquet output: give --parquet DIR")
    spark = SparkOptions(master=args.master, output=args.parquet, load=not args.no_load)
    return ingest_spark(args.inputs, store, options, spark, progress=progress, stdin=sys.stdin)


def _size(path: str) -> str:
    try:
        n = os.path.getsize(path) + (os.path.getsize(path + ".wal") if os.path.exists(path + ".wal") else 0)
    except OSError:
        return "size unknown"
    return f"{n / 2**20:.1f} MiB"


# --------------------------------------------------------------------------- reading

def cmd_errors(args) -> int:
    with _open_existing(args) as store:
        rows = store.errors(limit=args.limit, kind=args.kind)
    if not rows:
        print("no errors")
    for e in rows:
        where = e["origin"] or e["article_key"]
        extra = f" (article {e['article_key']})" if e["article_key"] and e["origin"] else ""
        print(f"{e['kind']}\t{where}{extra}: {e['message']}")
    return 0


def cmd_export(args) -> int:
    out = args.output or sys.stdout
    if args.format == "parquet" and not args.output:
        raise EventwireError("parquet needs a file: give --output FILE.parquet")
    with _open_existing(args) as store:
        n = store.export(out, args.format, _filters(args), mentions=args.mentions, header=args.header)
    if args.output:
        print(f"wrote {n:,} rows to {args.output}", file=sys.stderr)
    return 0


def cmd_dyads(args) -> int:
    f = _filters(args)
    with _open_existing(args) as store:
        table = store.dyads(by=args.by, filters=f, level=args.level)
    if args.format == "csv":
        text = table.to_csv(index=False)
    else:
        text = _table_text(table)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as err:
            raise EventwireError(f"{args.output}: cannot write ({err.strerror or err})") from None
    else:
        sys.stdout.write(text)
    if args.chart:
        _chart(table, args)
    return 0


def _table_text(table) -> str:
    if table.empty:
        return "no events\n"
    fixed = ["period", "source", "target", "events", "q1_verbal_coop", "q2_material_coop",
             "q3_verbal_conflict", "q4_material_conflict", "goldstein_sum", "goldstein_mean"]
    types = [c for c in table.columns if c not in fixed and c != "mentions"]
    header = ["period", "source", "target", "events", "q1", "q2", "q3", "q4", "gold.sum", "gold.mean", "plover"]
    rows = []
    for r in table.itertuples(index=False):
        d = r._asdict()
        plover = ", ".join(f"{t} {int(d[t])}" for t in types if d.get(t))
        rows.append([str(d["period"]), d["source"], d["target"], d["events"], d["q1_verbal_coop"],
                     d["q2_material_coop"], d["q3_verbal_conflict"], d["q4_material_conflict"],
                     f"{d['goldstein_sum']:.1f}", f"{d['goldstein_mean']:.2f}", plover])
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip() for row in [header] + rows]
    return "\n".join(lines) + "\n"


def _chart(table, args) -> None:
    from eventwire.charts import LINE_COLOUR, QUAD_COLOURS, Series, stacked_bars_svg

    by_period = table.groupby("period", sort=True).agg(
        q1=("q1_verbal_coop", "sum"), q2=("q2_material_coop", "sum"), q3=("q3_verbal_conflict", "sum"),
        q4=("q4_material_conflict", "sum"), gsum=("goldstein_sum", "sum"), n=("events", "sum"))
    labels = [str(p) for p in by_period.index]
    names = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"]
    bars = [Series(name, [float(v) for v in by_period[q]], colour)
            for name, q, colour in zip(names, ["q1", "q2", "q3", "q4"], QUAD_COLOURS)]
    mean = Series("Goldstein mean (right axis)", [float(g / n) if n else None
                                                  for g, n in zip(by_period["gsum"], by_period["n"])], LINE_COLOUR)
    who = " -> ".join(x for x in (args.source or "any", args.target or "any"))
    title = f"Events per {args.by}: {who}"
    path = args.chart
    if path.lower().endswith(".png"):
        _png_chart(path, labels, bars, mean, title)
    elif path.lower().endswith(".svg"):
        try:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(stacked_bars_svg(labels, bars, title=title, line=mean))
        except OSError as err:
            raise EventwireError(f"{path}: cannot write ({err.strerror or err})") from None
    else:
        raise EventwireError(f"{path}: a chart is written as .svg (or .png with matplotlib installed)")
    print(f"chart written to {path}", file=sys.stderr)


def _png_chart(path, labels, bars, mean, title) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise EventwireError("PNG charts need matplotlib (pip install matplotlib); .svg needs nothing") from None
    fig, ax = plt.subplots(figsize=(10, 4))
    bottom = [0.0] * len(labels)
    for s in bars:
        ax.bar(labels, s.values, bottom=bottom, color=s.colour, label=s.name)
        bottom = [b + v for b, v in zip(bottom, s.values)]
    ax2 = ax.twinx()
    ax2.plot(labels, mean.values, color=mean.colour, label=mean.name)
    ax2.set_ylim(-10, 10)
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
    fig.autofmt_xdate()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def cmd_stats(args) -> int:
    path = _db_path(args)
    with _open_existing(args) as store:
        c = store.counts()
        top = store.query_events(per_page=5, sort="-mentions")["items"]
        runs = store.runs()
    print(f"store {path} ({_size(path)})")
    print(f"  articles  {c['articles']:,} ({c['copies']:,} linked as copies of another)")
    print(f"  mentions  {c['mentions']:,}")
    print(f"  events    {c['events']:,} ({c['merged_events']:,} reported more than once)")
    print(f"  errors    {c['errors']:,}")
    if top:
        print("most reported:")
        for e in top:
            print(f"  {e['event_date'] or '-'}  {e['source_code'] or '?'} {e['cameo']} {e['target_code'] or '-'}  "
                  f"{e['num_mentions']} mentions in {e['num_articles']} articles  [{e['cluster_id']}]")
    if runs:
        r = runs[-1]
        print(f"last run: {r['articles']:,} articles, {r['events']:,} mentions in {r['seconds']:.0f} s "
              f"({100 * r['store_seconds'] / r['seconds'] if r['seconds'] else 0:.1f}% in the store)")
    return 0
