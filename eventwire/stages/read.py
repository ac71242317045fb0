"""Stage ``read``: files, directories, JSON, JSON Lines and standard input -> ``Article``.

One entry point, :func:`read_inputs`, yields an :class:`~eventwire.records.Article` per
news item and a :class:`ReadProblem` per thing it could not read; it never raises for
bad input, so the caller can report each problem as one line and go on.

Plain text may start with metadata pairs (only at the very start of the file)::

    date 2022-12-23 id az-ru-1 source "Trend News Agency" BAKU, Azerbaijan, December 23. ...

``key value`` pairs take one word or a double-quoted string as value and may share a
line; ``key: value`` takes the rest of the line. Keys: id, title, date, source, url
(lower case). Then comes an optional dateline (:func:`parse_dateline`). Neither is
codable text: ``Article.body_start`` points after them, and ``Article.text`` is the
file exactly as read so that every span stays valid.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Iterator, TextIO

from eventwire.errors import DataFileError
from eventwire.records import Article, Dateline

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
TEXT_EXTENSIONS = {".txt"}
JSON_EXTENSIONS = {".json"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
META_KEYS = ("id", "title", "date", "source", "url")
FUTURE_TOLERANCE = timedelta(days=2)  # dates later than today + this are not used


@dataclass
class ReadProblem:
    """Something that could not be read. ``fatal``: the whole input named (file,
    directory, standard input) gave nothing; otherwise one record was skipped."""

    origin: str  # file, or file:line / file#item
    message: str
    fatal: bool = False

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


# --------------------------------------------------------------------------- inputs

def read_inputs(paths: list[str], stdin: TextIO | None = None) -> Iterator[Article | ReadProblem]:
    """Articles (and problems) from files, directories and ``-`` (standard input)."""
    for p in paths:
        if p == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin)
        elif os.path.isdir(p):
            yield from _read_dir(p)
        else:
            yield from _read_file(p, os.path.basename(p))


def _read_dir(root: str) -> Iterator[Article | ReadProblem]:
    found = False
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or Path(name).suffix.lower() not in (
                TEXT_EXTENSIONS | JSON_EXTENSIONS | JSONL_EXTENSIONS
            ):
                continue
            path = os.path.join(dirpath, name)
            for item in _read_file(path, os.path.relpath(path, root)):
                found = found or isinstance(item, Article)
                yield item
    if not found:
        yield ReadProblem(root, f"no articles found in {root}", fatal=True)


def _read_file(path: str, name: str) -> Iterator[Article | ReadProblem]:
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        yield ReadProblem(path, "no such file or directory", fatal=True)
        return
    except OSError as err:
        yield ReadProblem(path, f"cannot read: {err.strerror or err}", fatal=True)
        return
    text, warning = _decode(raw)
    if text is None:
        yield ReadProblem(path, warning, fatal=True)
        return
    warnings = [warning] if warning else []
    if not text.strip():
        yield ReadProblem(path, "empty file", fatal=True)
        return
    ext = Path(path).suffix.lower()
    if ext in JSONL_EXTENSIONS:
        yield from _read_jsonl(text, path, name, warnings)
    elif ext in JSON_EXTENSIONS:
        yield from _read_json(text, path, name, warnings)
    else:
        yield _text_article(text, path, name, warnings)


def _read_stdin(stream: TextIO) -> Iterator[Article | ReadProblem]:
    origin = "<stdin>"
    try:
        text = stream.read()
    except (OSError, UnicodeDecodeError) as err:
        yield ReadProblem(origin, f"cannot read standard input: {err}", fatal=True)
        return
    if not text.strip():
        yield ReadProblem(origin, "empty input", fatal=True)
    elif text.lstrip()[0] in "{[":
        yield from _read_json(text, origin, "stdin", [])
    else:
        yield _text_article(text, origin, "stdin", [])


def _decode(raw: bytes) -> tuple[str | None, str | None]:
    """(text, warning), or (None, problem) for bytes that are not text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError:
            return None, "undecodable bytes: a UTF-16 mark but not UTF-16 text"
    if b"\x00" in raw:
        return None, "undecodable bytes: a binary file, not text"
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        where = f"byte {err.start}"
    for encoding in ("cp1252", "latin-1"):
        try:
            return raw.decode(encoding), f"not UTF-8 ({where}); read as {encoding}"
        except UnicodeDecodeError:
            continue
    return None, "undecodable bytes"  # not reached: latin-1 decodes any byte


# --------------------------------------------------------------------------- JSON

def _read_json(text: str, origin: str, name: str, warnings: list[str]) -> Iterator[Article | ReadProblem]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) > 1 and all(ln.lstrip().startswith("{") for ln in lines):
            yield from _read_jsonl(text, origin, name, warnings)  # JSON Lines in a .json file
        else:
            yield ReadProblem(f"{origin}:{err.lineno}", f"malformed JSON: {err.msg}", fatal=True)
        return
    if isinstance(data, dict):
        yield _json_article(data, origin, name, warnings)
    elif isinstance(data, list):
        if not data:
            yield ReadProblem(origin, "empty JSON list: no articles", fatal=True)
        for i, item in enumerate(data, 1):
            yield _json_article(item, f"{origin}#{i}", f"{name}#{i}", warnings)
    else:
        yield ReadProblem(origin, f"expected a JSON object or list, got {_json_type(data)}", fatal=True)


def _read_jsonl(text: str, origin: str, name: str, warnings: list[str]) -> Iterator[Article | ReadProblem]:
    found = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            yield ReadProblem(where, f"malformed JSON line: {err.msg} (column {err.colno})")
            continue
        item = _json_article(data, where, f"{name}#{n}", warnings)
        found = found or isinstance(item, Article)
        yield item
    if not found:
        yield ReadProblem(origin, "no articles found", fatal=True)


def _json_article(data: Any, origin: str, default_id: str, warnings: list[str]) -> Article | ReadProblem:
    if not isinstance(data, dict):
        return ReadProblem(origin, f"expected a JSON object, got {_json_type(data)}")
    text = data.get("text")
    if text is None:
        return ReadProblem(origin, "field text: missing")
    if not isinstance(text, str):
        return ReadProblem(origin, f"field text: expected a string, got {_json_type(text)}")
    if not text.strip():
        return ReadProblem(origin, "field text: empty")
    warns = list(warnings)
    fields: dict[str, str | None] = {}
    for key in ("id", "title", "date", "url", "source"):
        value = data.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "id":
            value = str(value)
        if value is not None and not isinstance(value, str):
            warns.append(f"field {key}: expected a string, got {_json_type(value)}; ignored")
            value = None
        fields[key] = value.strip() if isinstance(value, str) and value.strip() else None
    return _build(text, 0, fields, origin, fields["id"] or default_id, warns)


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


# --------------------------------------------------------------------------- plain text

_META_COLON = re.compile(rf"\s*({'|'.join(META_KEYS)}):[ \t]*([^\r\n]*)")
_META_PLAIN = re.compile(rf"\s*({'|'.join(META_KEYS)})[ \t]+(\"[^\"\r\n]*\"|\S+)(?=\s|$)")


def parse_metadata(text: str) -> tuple[dict[str, str], int]:
    """Metadata pairs at the very start of ``text`` and the offset just after them."""
    fields: dict[str, str] = {}
    pos = 0
    while m := _META_COLON.match(text, pos) or _META_PLAIN.match(text, pos):
        key, value = m.group(1), m.group(2).strip()
        if key in fields:
            break
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        fields[key] = value
        pos = m.end()
    return fields, pos


def article_from_text(text: str, article_id: str = "text", article_date: date | None = None,
                      source: str | None = None) -> Article:
    """An Article from text already in memory (API requests, evaluation items):
    a leading dateline is parsed as in files; ``article_date`` plays the metadata date."""
    fields = {"date": article_date.isoformat()} if article_date else {}
    if source:
        fields["source"] = source
    return _build(text, 0, fields, article_id, article_id, [])


def _text_article(text: str, origin: str, name: str, warnings: list[str]) -> Article:
    fields, pos = parse_metadata(text)
    return _build(text, pos, fields, origin, fields.get("id") or name, list(warnings))


# --------------------------------------------------------------------------- building

def _build(text: str, pos: int, fields: dict, origin: str, article_id: str, warnings: list[str]) -> Article:
    """An Article from its text, the offset where the body region starts and its fields."""
    meta_date = None
    raw_date = fields.get("date")
    if raw_date:
        meta_date = parse_date(raw_date)
        if meta_date is None:
            warnings.append(f"field date: cannot read '{raw_date}'")
        elif meta_date > date.today() + FUTURE_TOLERANCE:
            warnings.append(f"field date: '{raw_date}' is in the future; not used")
            meta_date = None
    dateline = parse_dateline(text, pos, reference=meta_date)
    if dateline and dateline.date and dateline.date > date.today() + FUTURE_TOLERANCE:
        warnings.append(f"dateline date {dateline.date.isoformat()} is in the future; not used")
        dateline.date = None
    if raw_date and meta_date is None:
        warnings[-1] += "; using the dateline" if dateline and dateline.date else "; no date"
    body_start = dateline.span[1] if dateline else pos
    while body_start < len(text) and text[body_start].isspace():
        body_start += 1
    if body_start == len(text):
        warnings.append("no text after the metadata and dateline")
    if meta_date:
        when, basis = meta_date, "metadata"
    elif dateline and dateline.date:
        when, basis = dateline.date, "dateline"
    else:
        when, basis = None, "none"
    return Article(
        id=article_id, text=text, title=fields.get("title"), date=when, date_basis=basis,
        url=fields.get("url"), source=fields.get("source"), body_start=body_start,
        dateline=dateline, origin=origin, warnings=warnings,
    )


_DATE_FORMATS = ("%d-%b-%Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y",
                 "%d %b %Y", "%Y/%m/%d", "%Y%m%d", "%b. %d, %Y")


def parse_date(value: str) -> date | None:
    """A publication date as written in metadata: ISO dates and datetimes,
    ``26-MAR-1987 10:15:00.00``, ``March 26, 1987``, ``26 March 1987``... else None."""
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    head = value.split(" ")[0]  # "26-MAR-1987 10:15:00.00": the date is the first word
    for candidate in (value, head):
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
    return None


# --------------------------------------------------------------------------- datelines

def _rows(filename: str) -> list[tuple[int, dict[str, str]]]:
    path = DATA_DIR / filename
    with open(path, encoding="utf-8", newline="") as f:
        lines = [(n, ln) for n, ln in enumerate(f, 1) if ln.strip() and not ln.startswith("#")]
    header = next(csv.reader([lines[0][1]]))
    rows = []
    for n, ln in lines[1:]:
        values = next(csv.reader([ln]))
        if len(values) != len(header) or not values[0].strip() or not values[1].strip():
            raise DataFileError(str(path), n, f"expected {len(header)} columns: {','.join(header)}")
        rows.append((n, dict(zip(header, (v.strip() for v in values)))))
    return rows


@cache
def _outlets() -> dict[str, str]:
    return {r["text"]: r["value"] for _, r in _rows("datelines.csv") if r["kind"] == "outlet"}


@cache
def _words(kind: str) -> dict[str, str]:
    return {r["word"]: r["value"] for _, r in _rows("date_words.csv") if r["kind"] == kind}


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _dateline_patterns() -> tuple[re.Pattern, re.Pattern]:
    up = "A-ZÀ-ÖØ-Þ"
    months, weekdays = _alternation(_words("month")), _alternation(_words("weekday"))
    outlets = _alternation(_outlets())
    calendar = rf"(?i:(?:{months}|{weekdays})\b)"
    word = rf"(?!{calendar})[{up}][\w.'’&-]*"
    particle = rf"(?:{_alternation(r['text'] for _, r in _rows('datelines.csv') if r['kind'] == 'place_particle')})"
    place = rf"{word}(?:[ ](?:{particle}[ ])?{word}){{0,4}}"
    day = r"\d{1,2}(?!\d)"
    month = rf"(?i:{months})\.?"
    the_date = (rf"(?:(?i:{weekdays}),?[ ]+)?"
                rf"(?:(?P<month>{month})[ ]*(?P<day>{day})(?:,?[ ]+(?P<year>\d{{4}}))?"
                rf"|(?P<day2>{day})[ ]+(?P<month2>{month})(?:,?[ ]+(?P<year2>\d{{4}}))?"
                rf"|(?P<misspelt>[A-Za-z]{{3,9}}\.?[ ]+{day}))")  # "Narch 2": a date, unread
    dateline = re.compile(
        rf"\**(?P<place>{place})(?P<more>/{place})*"
        rf"(?P<qual>[ ]?,[ ]+(?:the[ ])?{place}){{0,2}}"
        rf"(?:(?:[ ]?,[ ]*|[ ]+)(?P<date>{the_date}),?)?"
        rf"(?:[ ]*\((?P<outlet>[{up}][^()\n]{{0,39}})\)|[ ]+(?P<agency>{outlets}))?"
        rf"(?P<sep>(?:(?<=\d)\.)?[ ]+-{{1,2}}(?=\s|$)|(?<=[\d,])-{{1,2}}(?=\s|$)"
        rf"|[ ]*[—–](?=\s|$|[{up}\"“])|(?<=\d)\.(?=\s))"
    )
    prefix = re.compile(rf"(?P<credit>{outlets})[ ]+-{{1,2}}[ ]+")
    return dateline, prefix


def parse_dateline(text: str, start: int = 0, *, reference: date | None = None) -> Dateline | None:
    """The dateline at ``text[start:]`` (after leading whitespace), or None.

    Styles: ``BAKU, Azerbaijan, December 23.``, ``TEHRAN (Reuters) -``,
    ``BANGKOK/JEDDAH, 29 October 2004 -``, ``Moscow, Dec 23 (AFP) -``, ``LONDON (AP) --``,
    ``NAJAF, Iraq -`` and an agency credit such as ``AP -`` before or instead of one.
    A dateline needs a separator and a date, an outlet in brackets or an upper-case
    place, so "WASHINGTON officials said" is not one. The date takes its year from the
    dateline, else from ``reference`` (the article's publication date), else is None.
    """
    dateline_re, prefix_re = _dateline_patterns()
    begin = start + len(text[start:]) - len(text[start:].lstrip())
    credit = prefix_re.match(text, begin)
    at = credit.end() if credit else begin
    m = dateline_re.match(text, at)
    if m and not _plausible(m):
        m = None
    if m is None:
        if credit is None:
            return None
        end = credit.end("credit") + len(text[credit.end("credit"):credit.end()].rstrip())
        return Dateline(text=text[begin:end], span=(begin, end),
                        outlet=_outlets()[credit.group("credit")])
    end = m.end()
    outlet = m.group("outlet") or m.group("agency")
    if outlet:
        outlet = _outlets().get(outlet.strip(), outlet.strip())
    elif credit:
        outlet = _outlets()[credit.group("credit")]
    return Dateline(
        text=text[begin:end], span=(begin, end), place=m.group("place"),
        place_span=m.span("place"), outlet=outlet, date=_dateline_date(m, reference),
    )


def _plausible(m: re.Match) -> bool:
    """Conservative: a date, an outlet, or an upper-case place before a dash."""
    letters = [c for c in m.group("place") if c.isalpha()]
    upper_place = len(letters) >= 3 and all(c.isupper() for c in letters)
    if m.group("misspelt"):
        return upper_place and m.group("sep").strip() != "."
    if m.group("sep").strip() == ".":
        return m.group("date") is not None
    return bool(m.group("date") or m.group("outlet") or m.group("agency")) or upper_place


def _dateline_date(m: re.Match, reference: date | None) -> date | None:
    if not m.group("date") or m.group("misspelt"):
        return None
    months = {k.lower(): int(v) for k, v in _words("month").items()}
    month = months[(m.group("month") or m.group("month2")).rstrip(".").lower()]
    day = int(m.group("day") or m.group("day2"))
    year = m.group("year") or m.group("year2")
    try:
        if year:
            return date(int(year), month, day)
        if reference is None:
            return None
        # The dateline day is usually the publication day: take the nearest year.
        options = [date(y, month, day) for y in (reference.year - 1, reference.year, reference.year + 1)
                   if _valid(y, month, day)]
        return min(options, key=lambda d: abs((d - reference).days)) if options else None
    except ValueError:
        return None


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False
