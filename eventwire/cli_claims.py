"""``eventwire claims``: who asserts, denies or questions what, with contested claims linked.

Argument parsing and printing only: the claims come from
:class:`eventwire.pipeline.Coder` and the links from :func:`eventwire.claims_link.link_claims`.
"""

from __future__ import annotations

import json
import sys

from eventwire.claims_link import WINDOW_DAYS

DESCRIPTION = """\
Code articles and print the claims made in them: who (claimant) asserts, denies
or questions what (the proposition, its subject and topic), with the evidence
offered and the attribution chain. Claims about the same subject and topic from
opposing sides, within a time window, are linked as contested."""

EXAMPLES = """\
examples:
  eventwire claims examples/azerbaijan-russia-2022-12-23.txt
  eventwire claims --contested articles/
  eventwire claims --actor ARM --format jsonl articles/ > claims.jsonl
"""


def register(sub) -> dict:
    import argparse

    p = sub.add_parser("claims", help="list claims and counter-claims (who asserts or denies what)",
                       description=DESCRIPTION, epilog=EXAMPLES,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="*", default=["-"], metavar="FILE", help="files or directories; - is stdin")
    p.add_argument("--actor", metavar="CODE",
                   help="only claims made by or about this actor (a code or its start: ARM, AZEGOV)")
    p.add_argument("--contested", action="store_true",
                   help="only contested claims, grouped by topic with both sides' statements")
    p.add_argument("--format", choices=["table", "jsonl"], default="table")
    p.add_argument("--window", type=int, default=WINDOW_DAYS, metavar="DAYS",
                   help=f"link claims made up to DAYS apart (default {WINDOW_DAYS})")
    return {"claims": cmd_claims}


def read_articles(inputs: list[str]) -> tuple[list, int]:
    """Articles from the inputs, read and reported as ``eventwire code`` does."""
    from eventwire.cli import read_articles as read

    return read(inputs)


def cmd_claims(args) -> int:
    from eventwire.claims_link import link_claims
    from eventwire.errors import EventwireError
    from eventwire.pipeline import Coder, CoderConfig

    if args.window < 0:
        raise EventwireError(f"--window {args.window}: the window is a number of days, 0 or more")
    articles, status = read_articles(args.inputs)
    if not articles:
        return status or 2
    coder = Coder(CoderConfig(locate=False))  # claims need no places
    claims = [c for coded in coder.code_documents(articles) for c in coded.claims]
    contests = link_claims(claims, window_days=args.window)
    if args.actor:
        claims = [c for c in claims if involves(c, args.actor)]
        contests = [k for k in contests if any(involves(c, args.actor) for c in k.claims)]
    out = sys.stdout
    if args.contested:
        if args.format == "jsonl":
            for k in contests:
                out.write(json.dumps(k.to_dict(), ensure_ascii=False) + "\n")
        else:
            print_contests(contests, out)
        return status
    contest_of = {c.claim_id: n for n, k in enumerate(contests, 1) for c in k.claims}
    ids = {n: k.contest_id for n, k in enumerate(contests, 1)}
    if args.format == "jsonl":
        for c in claims:
            d = c.to_dict()
            d["contest_id"] = ids.get(contest_of.get(c.claim_id))
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
    else:
        print_claims(claims, contest_of, out)
    return status


def involves(claim, actor: str) -> bool:
    """Made by or about ``actor`` (a code, or the start of one: ARM matches ARMGOV)."""
    want = actor.upper()
    for m in (claim.claimant, claim.proposition.subject):
        if m is not None and m.actor.code and m.actor.code.upper().startswith(want):
            return True
    return False


def _who(m) -> str:
    if m is None:
        return "?"
    return f"{m.actor.code or '?'} ({_short(m.text, 22)})"


def print_claims(claims, contest_of: dict, out) -> None:
    if not claims:
        out.write("no claims\n")
        return
    header = ["date", "claimant", "stance", "about", "topic", "evidence", "contest"]
    rows = []
    for c in claims:
        rows.append([
            c.date.isoformat() if c.date else "-",
            _who(c.claimant),
            c.stance,
            c.proposition.subject.actor.code or "?" if c.proposition.subject else "-",
            _short(c.proposition.topic or c.proposition.text, 44),
            _short(c.offered_evidence, 24),
            f"#{contest_of[c.claim_id]}" if c.claim_id in contest_of else "-",
        ])
    _table(header, rows, out)


def print_contests(contests, out) -> None:
    if not contests:
        out.write("no contested claims\n")
        return
    for n, k in enumerate(contests, 1):
        dates = sorted({c.date.isoformat() for c in k.claims if c.date})
        when = f"{dates[0]} .. {dates[-1]}" if len(dates) > 1 else (dates[0] if dates else "undated")
        articles = len({c.article_id for c in k.claims})
        out.write(f"#{n} {k.subject or '?'}: {k.topic or '(topic not stated)'}  "
                  f"[{when}, {articles} article{'s' if articles != 1 else ''}]\n")
        rows = []
        for c in k.claims:
            att = c.attribution
            source = " / ".join(x for x in (att.outlet if att else None, att.cited if att else None) if x) or "-"
            rows.append([
                "  " + c.stance,
                _who(c.claimant),
                c.date.isoformat() if c.date else "-",
                _short(c.proposition.text, 48),
                _short(c.offered_evidence, 30),
                f"{c.article_id}:{c.sentence}",
                source,
            ])
        _table(["  stance", "claimant", "date", "statement", "evidence", "where", "source"], rows, out)
        out.write("\n")


def _table(header: list[str], rows: list[list[str]], out) -> None:
    from eventwire.cli import write_table

    write_table(header, rows, out)


def _short(text: str | None, n: int) -> str:
    from eventwire.cli import _short as short

    return short(text, n)
