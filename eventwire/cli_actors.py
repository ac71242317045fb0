"""Actor commands of the ``eventwire`` CLI: ``actors learn``, ``actors show``, ``actors unknown``.

Argument parsing and printing only: mentions come from
:meth:`eventwire.pipeline.Coder.actor_mentions`, what they teach from
:func:`eventwire.stages.actors.lessons`, and the memory file is read and
written by :mod:`eventwire.knowledge.actor_memory`.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from datetime import date

from eventwire.errors import EventwireError
from eventwire.knowledge.actor_memory import DEFAULT_MEMORY

MEMORY_HELP = f"the actor memory file, JSON Lines (default: ./{DEFAULT_MEMORY}, next to ./eventwire.duckdb)"
ACTORS_HELP = "your actor file (CSV or YAML); its entries override everything"


def register(sub) -> dict:
    actors = sub.add_parser(
        "actors", help="learn actors from articles, look one up, list the unresolved",
        description="Actors beyond the built-in tables: 'learn' stores what articles say about "
                    "persons (\"Azerbaijani Foreign Minister Jeyhun Bayramov\") in the actor memory, so "
                    "that later articles saying only \"Bayramov\" resolve; 'show' prints what every source "
                    "knows about a name; 'unknown' lists the named actors nothing could code.")
    verbs = actors.add_subparsers(dest="actors_command", metavar="ACTION", required=True)

    learn = verbs.add_parser("learn", help="read articles and store what they say about persons")
    learn.add_argument("inputs", nargs="+", metavar="PATH", help="files or directories; - is standard input")
    learn.add_argument("--memory", default=DEFAULT_MEMORY, metavar="FILE", help=MEMORY_HELP)
    learn.add_argument("--actors", metavar="FILE", help=ACTORS_HELP)

    show = verbs.add_parser("show", help="what the tables, the memory and your file know about a name")
    show.add_argument("name", nargs="+", help="a name, surname or alias (several words are one name)")
    show.add_argument("--date", type=date.fromisoformat, metavar="YYYY-MM-DD",
                      help="resolve as in an article of that date (default: undated)")
    show.add_argument("--memory", default=DEFAULT_MEMORY, metavar="FILE", help=MEMORY_HELP)
    show.add_argument("--actors", metavar="FILE", help=ACTORS_HELP)

    unknown = verbs.add_parser("unknown", help="named actors that could not be coded, most frequent first")
    unknown.add_argument("inputs", nargs="+", metavar="PATH", help="files or directories; - is standard input")
    unknown.add_argument("--top", type=int, default=50, metavar="N", help="list at most N names (default 50)")
    unknown.add_argument("--min-count", type=int, default=1, metavar="N", help="only names seen N times or more")
    unknown.add_argument("--format", choices=["table", "csv"], default="table")
    unknown.add_argument("--memory", default=DEFAULT_MEMORY, metavar="FILE", help=MEMORY_HELP)
    unknown.add_argument("--actors", metavar="FILE", help=ACTORS_HELP)
    return {"actors": cmd_actors}


def cmd_actors(args) -> int:
    return {"learn": cmd_learn, "show": cmd_show, "unknown": cmd_unknown}[args.actors_command](args)


def _coder(args):
    from eventwire.pipeline import Coder, CoderConfig

    # Bad lines in the memory or actor file are logged (one line each, to
    # standard error) and skipped by their loaders; the work goes on.
    return Coder(CoderConfig(locate=False, actor_memory=args.memory, user_actors=args.actors))


def _articles(inputs: list[str]):
    """Articles from ``inputs``; each unreadable one reported as one line."""
    from eventwire.stages.read import read_inputs

    status = {"read": 0, "fatal": False}

    def stream():
        for item in read_inputs(inputs, stdin=sys.stdin):
            if hasattr(item, "message"):  # a ReadProblem
                print(f"eventwire: {item.origin}: {item.message}", file=sys.stderr)
                status["fatal"] = status["fatal"] or item.fatal
                continue
            status["read"] += 1
            yield item

    return stream(), status


def cmd_learn(args) -> int:
    from eventwire.stages.actors import lessons

    coder = _coder(args)
    memory = coder.actor_memory
    before = len(memory)
    articles, status = _articles(args.inputs)
    taught = 0
    for article, mentions in coder.actor_mentions(articles):
        for lesson in lessons(mentions):
            memory.observe(lesson.name, lesson.code, article.date, lesson.said_as)
            taught += 1
    if status["read"] == 0:
        return 2
    try:
        path = memory.save(args.memory)
    except OSError as err:
        raise EventwireError(f"{args.memory}: cannot write the actor memory ({err.strerror})") from None
    print(f"read {status['read']} articles: {taught} statements about persons, "
          f"{len(memory) - before} new facts; {path} now holds {len(memory)} facts")
    return 2 if status["fatal"] else 0


def cmd_show(args) -> int:
    from eventwire.stages.read import article_from_text

    name = " ".join(args.name)
    coder = _coder(args)
    found = False
    if coder.user_actors is not None:
        actor = coder.user_actors.lookup(name, args.date)
        if actor is not None:
            found = True
            print(f"your actor file   {actor.code:<10} {actor.name}  ({coder.user_actors.path})")
    for fact in coder.actor_memory.find(name):
        found = True
        seen = f"{fact.first_seen or '?'}..{fact.last_seen or '?'}"
        said = f'  as "{fact.role}"' if fact.role else ""
        print(f"actor memory      {fact.code:<10} {fact.name}{said}  seen {seen}, {fact.count} article(s)")
    tables = coder.tables
    for text, code, start, end, role in tables.person_roles(name):
        found = True
        span = f"{start or '...'}..{end or '...'}" if start or end else "undated fall-back"
        print(f"person table      {code:<10} {text}  {span}{'  ' + role if role else ''}")
    for label, actor in (("place", tables.lookup_place_name(name)), ("organisation", tables.lookup_organization(name))):
        if actor is not None:
            found = True
            print(f"{label + ' table':<18}{actor.code:<10} {actor.name or ''}")
    iso = tables.lookup_adjective(name)
    if iso:
        found = True
        print(f"{'demonym table':<18}{iso:<10} {tables.country(iso).name}")
    # What the coder makes of the name alone in a sentence, on that date.
    article = article_from_text(f"{name} said.", "show", args.date)
    _, mentions = next(coder.actor_mentions([article]))
    mention = next((m for m in mentions if m.span[0] == 0), None)
    when = f"on {args.date}" if args.date else "undated"
    if mention is not None and mention.actor.code:
        print(f"resolves {when} to {mention.actor.code} ({mention.how})")
    else:
        print(f"resolves {when} to nothing: {'no source knows it' if not found else 'no entry is valid then'}")
    return 0 if found else 1


def cmd_unknown(args) -> int:
    from eventwire.knowledge.actor_tables import normalise
    from eventwire.stages.actors import unresolved_names

    coder = _coder(args)
    articles, status = _articles(args.inputs)
    counts: Counter[str] = Counter()
    in_articles: Counter[str] = Counter()
    shown: dict[str, tuple[str, str]] = {}  # key -> (name as first written, an agent the text gave)
    for _, mentions in coder.actor_mentions(articles):
        keys = set()
        for m in unresolved_names(mentions):
            text = m.actor.name or m.text
            key = normalise(text)
            counts[key] += 1
            keys.add(key)
            agent = m.actor.agent or shown.get(key, ("", ""))[1]
            shown[key] = (shown.get(key, (" ".join(text.split()), ""))[0], agent or "")
        in_articles.update(keys)
    if status["read"] == 0:
        return 2
    rows = [(n, in_articles[k], shown[k][0], shown[k][1]) for k, n in counts.most_common()
            if n >= args.min_count][: args.top]
    out = sys.stdout
    if args.format == "csv":
        writer = csv.writer(out)
        writer.writerow(["count", "articles", "name", "agent_hint"])
        writer.writerows(rows)
    else:
        out.write(f"{len(counts)} unresolved names in {status['read']} articles"
                  f"{f'; the {len(rows)} most frequent' if rows else ''}:\n")
        for n, arts, name, agent in rows:
            out.write(f"{n:>6} {arts:>5}  {name}{f'  ({agent})' if agent else ''}\n")
        if rows:
            out.write("add them to your actor file (name,code) and pass it with --actors\n")
    return 2 if status["fatal"] else 0
