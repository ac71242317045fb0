"""Convert the Reuters-21578 SGML files to JSON Lines that ``eventwire`` reads.

    python scripts/reuters_to_jsonl.py /work/shared/corpora/reuters21578 out/reuters.jsonl

One object per story with a body: ``id`` ("reu-" + NEWID), ``title``, ``date`` (ISO, from
the DATE element), ``text`` and ``source`` ("Reuters"). ``text`` is the dateline and the
body the way a reader presents them, the same form as /work/shared/train/reuters-silver.jsonl
(checked identical on its 300 stories): the dateline stripped plus one space, the body's
"&\\t" paragraph marks as four spaces, the closing " Reuter" and end-of-text mark removed,
SGML entities decoded. The SGML files are latin-1.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Iterator

_DOC = re.compile(r'<REUTERS[^>]*\bNEWID="(\d+)"[^>]*>(.*?)</REUTERS>', re.S)


def _element(raw: str, tag: str) -> str | None:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", raw, re.S)
    return m.group(1) if m else None


def story_text(dateline: str | None, body: str) -> str:
    """Dateline + body in the form of the silver data."""
    body = body.replace("&#3;", "").rstrip()
    if body.endswith(" Reuter"):
        body = body[: -len(" Reuter")].rstrip()
    body = html.unescape(body.replace("&\\t", "    "))
    dateline = html.unescape(dateline or "").strip()
    return f"{dateline} {body}" if dateline else body


def iter_reuters(corpus_dir: str | Path) -> Iterator[dict]:
    """Every story of the corpus as a dict: newid, title, date, dateline, body, text
    (``body`` and ``text`` are None for stories without a BODY element)."""
    for path in sorted(Path(corpus_dir).glob("*.sgm")):
        sgml = path.read_text(encoding="latin-1")
        for m in _DOC.finditer(sgml):
            newid, raw = m.groups()
            title, dateline, body = (_element(raw, t) for t in ("TITLE", "DATELINE", "BODY"))
            raw_date = (_element(raw, "DATE") or "").strip()
            try:
                when = datetime.strptime(raw_date.split(" ")[0], "%d-%b-%Y").date().isoformat()
            except ValueError:
                when = None
            yield {
                "newid": newid,
                "title": html.unescape(title).strip() if title else None,
                "date": when,
                "dateline": html.unescape(dateline).strip() if dateline else None,
                "body": body,
                "text": story_text(dateline, body) if body is not None else None,
            }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input_dir", help="directory holding reut2-*.sgm")
    ap.add_argument("output", help="JSON Lines file to write ('-' for standard output)")
    args = ap.parse_args(argv)
    if not sorted(Path(args.input_dir).glob("*.sgm")):
        print(f"{args.input_dir}: no .sgm files found", file=sys.stderr)
        return 1
    f = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    written = skipped = 0
    try:
        for story in iter_reuters(args.input_dir):
            if not story["text"] or not story["text"].strip():
                skipped += 1
                continue
            record = {"id": "reu-" + story["newid"], "title": story["title"], "date": story["date"],
                      "text": story["text"], "source": "Reuters"}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    finally:
        if f is not sys.stdout:
            f.close()
    print(f"wrote {written} stories to {args.output} ({skipped} without a body skipped)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
