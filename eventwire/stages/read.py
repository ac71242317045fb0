"""Stage ``read``: files, directories, JSON, JSON Lines, CSV, HTML, gzip and standard input -> ``Article``.

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

CSV needs a header with a ``text`` column (``id``, ``title``, ``date``, ``url`` and
``source`` are used when present). HTML pages keep only their main text (:func:`html_main_text`): for them ``Article.text`` is that extracted text.
``name.ext.gz`` is read as ``name.ext``. JSON Lines and CSV are streamed line by line,
so a file of any size can be read; a single article longer than
:data:`MAX_ARTICLE_CHARS`, or a whole-file format (text, JSON, HTML) larger than
:data:`MAX_WHOLE_FILE_BYTES`, is reported and skipped.

With ``content_ids=True`` an article without an id of its own (in its metadata or
record) is named by a hash of its normalised text (:func:`content_id`), so the same
story read from another file or position keeps its identity (the store relies on it).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import unicodedata
import zlib
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator, TextIO

from eventwire.errors import DataFileError
from eventwire.records import Article, Dateline

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
TEXT_EXTENSIONS = {".txt"}
JSON_EXTENSIONS = {".json"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
CSV_EXTENSIONS = {".csv", ".tsv"}
HTML_EXTENSIONS = {".html", ".htm"}
GZIP_SUFFIX = ".gz"
READABLE_EXTENSIONS = TEXT_EXTENSIONS | JSON_EXTENSIONS | JSONL_EXTENSIONS | CSV_EXTENSIONS | HTML_EXTENSIONS
MAX_ARTICLE_CHARS = 1_000_000  # spaCy's own limit per text: a longer "article" is not one
MAX_WHOLE_FILE_BYTES = 256 * 1024 * 1024  # text, JSON and HTML are read whole; bigger: use JSON Lines
SNIFF_BYTES = 8192  # head of a streamed file checked for binary content and UTF-16
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

def read_inputs(paths: list[str], stdin: TextIO | None = None, *,
                content_ids: bool = False) -> Iterator[Article | ReadProblem]:
    """Articles (and problems) from files, directories and ``-`` (standard input)."""
    for p in paths:
        if p == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, content_ids)
        elif os.path.isdir(p):
            yield from _read_dir(p, content_ids)
        else:
            yield from _read_file(p, os.path.basename(p), content_ids)


def content_id(text: str) -> str:
    """The identity of a story without an id: a hash of its text with Unicode
    normalised (NFC) and every run of whitespace made one space."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return "sha1-" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:20]


def readable(name: str) -> bool:
    """Whether a directory walk reads this file (by extension, ``.gz`` looked through)."""
    return not name.startswith(".") and _format_of(name)[0] in READABLE_EXTENSIONS


def _format_of(path: str) -> tuple[str, bool]:
    """(extension that says the format, gzip-compressed?): ``a.jsonl.gz`` -> (".jsonl", True)."""
    p = Path(path)
    if p.suffix.lower() == GZIP_SUFFIX:
        return Path(p.stem).suffix.lower(), True
    return p.suffix.lower(), False


def _read_dir(root: str, content_ids: bool = False) -> Iterator[Article | ReadProblem]:
    found = False
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not readable(name):
                continue
            path = os.path.join(dirpath, name)
            for item in _read_file(path, os.path.relpath(path, root), content_ids):
                found = found or isinstance(item, Article)
                yield item
    if not found:
        yield ReadProblem(root, f"no articles found in {root}", fatal=True)


def _read_file(path: str, name: str, content_ids: bool = False) -> Iterator[Article | ReadProblem]:
    ext, compressed = _format_of(path)
    try:
        stream = gzip.open(path, "rb") if compressed else open(path, "rb")
    except FileNotFoundError:
        yield ReadProblem(path, "no such file or directory", fatal=True)
        return
    except OSError as err:
        yield ReadProblem(path, f"cannot read: {err.strerror or err}", fatal=True)
        return
    try:
        with stream:
            yield from _read_stream(stream, path, name, ext, content_ids)
    except (OSError, EOFError, zlib.error) as err:  # also gzip.BadGzipFile, a truncated .gz
        what = "not a valid gzip file" if compressed else "cannot read"
        yield ReadProblem(path, f"{what}: {getattr(err, 'strerror', None) or err}", fatal=True)


def _read_stream(stream, path: str, name: str, ext: str, content_ids: bool) -> Iterator[Article | ReadProblem]:
    head = stream.read(SNIFF_BYTES)
    if ext in JSONL_EXTENSIONS | CSV_EXTENSIONS and b"\x00" not in head \
            and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Streamed line by line: a file of any size, each line decoded on its own.
        lines = _decoded_lines(_chain(head, stream))
        if ext in CSV_EXTENSIONS:
            yield from _read_csv(lines, path, name, ext, content_ids)
        else:
            yield from _read_jsonl(lines, path, name, [], content_ids)
        return
    raw = head + stream.read(max(0, MAX_WHOLE_FILE_BYTES + 1 - len(head)))
    if len(raw) > MAX_WHOLE_FILE_BYTES:
        yield ReadProblem(path, f"file too large to read whole (over {MAX_WHOLE_FILE_BYTES // 2**20} MiB); "
                                "split it or use JSON Lines", fatal=True)
        return
    text, warning = _decode(raw)
    if text is None:
        yield ReadProblem(path, warning, fatal=True)
        return
    warnings = [warning] if warning else []
    if not text.strip():
        yield ReadProblem(path, "empty file", fatal=True)
        return
    if ext in JSONL_EXTENSIONS:
        yield from _read_jsonl(enumerate(text.splitlines(), 1), path, name, warnings, content_ids)
    elif ext in JSON_EXTENSIONS:
        yield from _read_json(text, path, name, warnings, content_ids)
    elif ext in CSV_EXTENSIONS:
        yield from _read_csv(_numbered(text), path, name, ext, content_ids, warnings)
    elif ext in HTML_EXTENSIONS:
        yield _checked(_html_article(text, path, name, warnings, content_ids))
    else:
        yield _checked(_text_article(text, path, name, warnings, content_ids))


def _chain(head: bytes, stream) -> Iterator[bytes]:
    """The lines of a binary stream whose first bytes were already read."""
    yield from io.BufferedReader(io.BytesIO(head))  # type: ignore[arg-type]
    yield from stream


def _decoded_lines(raw_lines: Iterator[bytes]) -> Iterator[tuple[int, str, str | None]]:
    """(line number, text, warning) for each line; lines that are not UTF-8 are read
    as cp1252 (else latin-1) with a warning, as whole files are."""
    carry = b""
    n = 0
    for raw in raw_lines:
        if not raw.endswith(b"\n"):
            carry += raw  # the head ended inside a line: join it with the rest
            continue
        raw, carry = carry + raw, b""
        n += 1
        yield (n, *_decode_line(raw))
    if carry:
        yield (n + 1, *_decode_line(carry))


def _decode_line(raw: bytes) -> tuple[str, str | None]:
    try:
        return raw.decode("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"), None
    except UnicodeDecodeError as err:
        where = f"byte {err.start} of the line"
    try:
        return raw.decode("cp1252"), f"not UTF-8 ({where}); read as cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), f"not UTF-8 ({where}); read as latin-1"


def _numbered(text: str) -> Iterator[tuple[int, str, str | None]]:
    for n, line in enumerate(text.splitlines(keepends=True), 1):
        yield n, line, None


def _checked(item: Article | ReadProblem) -> Article | ReadProblem:
    """An article too long to be one story becomes a problem."""
    if isinstance(item, Article) and len(item.text) > MAX_ARTICLE_CHARS:
        return ReadProblem(item.origin or item.id, f"article too long ({len(item.text):,} characters; "
                                                   f"the limit is {MAX_ARTICLE_CHARS:,})")
    return item


def _read_stdin(stream: TextIO, content_ids: bool = False) -> Iterator[Article | ReadProblem]:
    origin = "<stdin>"
    try:
        text = stream.read()
    except (OSError, UnicodeDecodeError) as err:
        yield ReadProblem(origin, f"cannot read standard input: {err}", fatal=True)
        return
    if not text.strip():
        yield ReadProblem(origin, "empty input", fatal=True)
    elif text.lstrip()[0] in "{[":
        yield from _read_json(text, origin, "stdin", [], content_ids)
    else:
        yield _checked(_text_article(text, origin, "stdin", [], content_ids))


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

def _read_json(text: str, origin: str, name: str, warnings: list[str],
               content_ids: bool = False) -> Iterator[Article | ReadProblem]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) > 1 and all(ln.lstrip().startswith("{") for ln in lines):
            # JSON Lines in a .json file
            yield from _read_jsonl(enumerate(text.splitlines(), 1), origin, name, warnings, content_ids)
        else:
            yield ReadProblem(f"{origin}:{err.lineno}", f"malformed JSON: {err.msg}", fatal=True)
        return
    if isinstance(data, dict):
        yield _checked(_json_article(data, origin, name, warnings, content_ids))
    elif isinstance(data, list):
        if not data:
            yield ReadProblem(origin, "empty JSON list: no articles", fatal=True)
        for i, item in enumerate(data, 1):
            yield _checked(_json_article(item, f"{origin}#{i}", f"{name}#{i}", warnings, content_ids))
    else:
        yield ReadProblem(origin, f"expected a JSON object or list, got {_json_type(data)}", fatal=True)


def _read_jsonl(lines, origin: str, name: str, warnings: list[str],
                content_ids: bool = False) -> Iterator[Article | ReadProblem]:
    """``lines``: (number, text) or (number, text, decoding warning) tuples."""
    found = seen = False
    for n, line, *decoding in lines:
        if not line.strip():
            continue
        seen = True
        where = f"{origin}:{n}"
        if len(line) > 2 * MAX_ARTICLE_CHARS:
            yield ReadProblem(where, f"line too long ({len(line):,} characters): not one article")
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            yield ReadProblem(where, f"malformed JSON line: {err.msg} (column {err.colno})")
            continue
        warns = warnings + [w for w in decoding if w]
        item = _checked(_json_article(data, where, f"{name}#{n}", warns, content_ids))
        found = found or isinstance(item, Article)
        yield item
    if not seen:
        yield ReadProblem(origin, "empty file", fatal=True)
    elif not found:
        yield ReadProblem(origin, "no articles found", fatal=True)


def _json_article(data: Any, origin: str, default_id: str, warnings: list[str],
                  content_ids: bool = False) -> Article | ReadProblem:
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
    own_id = fields["id"] or (content_id(text) if content_ids else default_id)
    return _build(text, 0, fields, origin, own_id, warns)


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


# --------------------------------------------------------------------------- CSV

def _read_csv(lines, origin: str, name: str, ext: str, content_ids: bool,
              warnings: list[str] | None = None) -> Iterator[Article | ReadProblem]:
    """A header row naming a ``text`` column (any case), then one article a row."""
    numbered = iter(lines)
    line_of = {"n": 0, "warning": None}  # the physical line the csv module is at

    def feed() -> Iterator[str]:
        for n, line, warning in numbered:
            line_of["n"], line_of["warning"] = n, warning
            yield line

    stream = feed()
    first = next(stream, None)
    while first is not None and not first.strip():
        first = next(stream, None)
    if first is None:
        yield ReadProblem(origin, "empty file", fatal=True)
        return
    delimiter = "\t" if ext == ".tsv" or first.count("\t") > first.count(",") else ","
    try:
        header = next(csv.reader([first], delimiter=delimiter), [])
    except csv.Error as err:
        yield ReadProblem(f"{origin}:{line_of['n']}", f"bad CSV header: {err}", fatal=True)
        return
    columns = {h.strip().lower(): i for i, h in reversed(list(enumerate(header)))}
    if "text" not in columns:
        shown = ", ".join(h.strip() for h in header[:8]) or "none"
        yield ReadProblem(f"{origin}:{line_of['n']}", f"no text column in the CSV header (columns: {shown})",
                          fatal=True)
        return
    csv.field_size_limit(max(csv.field_size_limit(), 2 * MAX_ARTICLE_CHARS))
    rows = csv.reader(stream, delimiter=delimiter, strict=False)
    found = False
    while True:
        start = line_of["n"] + 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as err:
            yield ReadProblem(f"{origin}:{start}", f"bad CSV row: {err}")
            continue
        if not any(v.strip() for v in row):
            continue
        where = f"{origin}:{start}"
        if len(row) != len(header):
            yield ReadProblem(where, f"expected {len(header)} fields as in the header, got {len(row)}")
            continue
        record = {key: row[i] for key, i in columns.items() if key in ("text", *META_KEYS)}
        warns = list(warnings or []) + ([line_of["warning"]] if line_of["warning"] else [])
        item = _checked(_json_article(record, where, f"{name}#{start}", warns, content_ids))
        found = found or isinstance(item, Article)
        yield item
    if not found:
        yield ReadProblem(origin, "no articles found", fatal=True)


# --------------------------------------------------------------------------- HTML

class _MainTextParser(HTMLParser):
    """Collects text blocks, the title and publication metadata of a page.

    Structure only, no word lists: text inside elements that hold no story
    (scripts, navigation, headers, footers, asides, forms) and inside hidden
    elements is dropped; what remains is cut into blocks at block-level tags."""

    SKIP = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside",
            "form", "iframe", "button", "select", "textarea", "menu", "head"}
    SKIP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "dialog"}
    BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
             "blockquote", "pre", "td", "th", "tr", "table", "dd", "dt", "dl", "figcaption", "br", "hr", "body"}
    VOID = {"br", "hr", "img", "meta", "link", "input", "source", "area", "base", "col", "embed", "wbr"}
    DATE_META = {"article:published_time", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued",
                 "datepublished", "og:published_time", "sailthru.date"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.skip_depth = 0
        self.article_depth = 0
        self.link_depth = 0
        self.block: list[str] = []
        self.block_link_chars = 0
        self.block_tag = "body"
        self.blocks: list[tuple[str, str, float, bool]] = []  # (tag, text, link density, in article/main)
        self.title: str | None = None
        self.in_title = False
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "title" and self.title is None:
            self.in_title = True
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"].strip())
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.meta.setdefault("canonical", a["href"].strip())
            return
        if tag == "time" and a.get("datetime"):
            self.meta.setdefault("time", a["datetime"].strip())
        if tag in self.BLOCK:
            self._flush()
            self.block_tag = tag
        if tag in self.VOID:
            return
        skipped = (tag in self.SKIP or "hidden" in a or a.get("aria-hidden") == "true"
                   or a.get("role", "").lower() in self.SKIP_ROLES)
        self.stack.append((tag, skipped))
        self.skip_depth += skipped
        self.article_depth += tag in ("article", "main")
        self.link_depth += tag == "a"

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in self.VOID or not any(t == tag for t, _ in self.stack):
            return
        if tag in self.BLOCK:
            self._flush()
        while self.stack:  # close unclosed children too (tolerant of sloppy pages)
            t, skipped = self.stack.pop()
            self.skip_depth -= skipped
            self.article_depth -= t in ("article", "main")
            self.link_depth -= t == "a"
            if t == tag:
                break

    def handle_data(self, data):
        if self.in_title:
            self.title = ((self.title or "") + data)
            return
        if self.skip_depth:
            return
        self.block.append(data)
        if self.link_depth:
            self.block_link_chars += len(data.strip())

    def _flush(self):
        text = " ".join("".join(self.block).split())
        if text:
            density = self.block_link_chars / max(1, len(text))
            self.blocks.append((self.block_tag, text, density, self.article_depth > 0))
        self.block, self.block_link_chars = [], 0

    def close(self):
        super().close()
        self._flush()


MIN_BLOCK_WORDS = 8  # shorter blocks are menus, bylines, captions, buttons...
MAX_LINK_DENSITY = 0.4  # blocks mostly made of links are navigation


def html_main_text(page: str) -> tuple[str, dict[str, str]]:
    """The main text of an HTML page (paragraphs joined by blank lines) and its
    metadata (title, date, url, source when the page states them)."""
    parser = _MainTextParser()
    try:
        parser.feed(page)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        parser._flush()
    blocks = parser.blocks
    if any(in_main for *_, in_main in blocks):
        blocks = [b for b in blocks if b[3]]  # the page marks its story: keep only that
    kept = [text for tag, text, density, _ in blocks
            if not tag.startswith("h") and density <= MAX_LINK_DENSITY and len(text.split()) >= MIN_BLOCK_WORDS]
    meta = parser.meta
    fields = {}
    title = meta.get("og:title") or (" ".join(parser.title.split()) if parser.title else None)
    if title:
        fields["title"] = title
    for key in sorted(parser.DATE_META | {"time"}, key=lambda k: (k != "article:published_time", k)):
        if meta.get(key):
            fields["date"] = meta[key]
            break
    if meta.get("og:url") or meta.get("canonical"):
        fields["url"] = meta.get("og:url") or meta.get("canonical")
    if meta.get("og:site_name"):
        fields["source"] = meta["og:site_name"]
    return "\n\n".join(kept), fields


def _html_article(page: str, origin: str, name: str, warnings: list[str],
                  content_ids: bool = False) -> Article | ReadProblem:
    text, fields = html_main_text(page)
    if not text.strip():
        return ReadProblem(origin, "no main text found in the HTML page")
    own_id = content_id(text) if content_ids else name
    return _build(text, 0, fields, origin, own_id, list(warnings))


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


def _text_article(text: str, origin: str, name: str, warnings: list[str], content_ids: bool = False) -> Article:
    fields, pos = parse_metadata(text)
    own_id = fields.get("id") or (content_id(text[pos:]) if content_ids else name)
    return _build(text, pos, fields, origin, own_id, list(warnings))


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
    headline_end = None
    if dateline is None:
        # "Israel bars Arafat return. JERUSALEM, Oct 28 (AFP) - Israel will ...": a
        # headline joined to its body. The headline is kept as text; the dateline is
        # read for place, date and outlet, and kept out of the actors (Coder.find_actors).
        headline_end = _headline_end(text, pos)
        dateline = parse_dateline(text, headline_end, reference=meta_date) if headline_end else None
    if dateline and dateline.date and dateline.date > date.today() + FUTURE_TOLERANCE:
        warnings.append(f"dateline date {dateline.date.isoformat()} is in the future; not used")
        dateline.date = None
    if raw_date and meta_date is None:
        warnings[-1] += "; using the dateline" if dateline and dateline.date else "; no date"
    body_start = dateline.span[1] if dateline and headline_end is None else pos
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


# The end of a headline joined to its body: a sentence end or a line break, early on.
_HEADLINE_END = re.compile(r"[.!?]['\"’”]?[ ]+|[ ]*\n+[ ]*")
HEADLINE_MAX = 250


def _headline_end(text: str, pos: int) -> int | None:
    m = _HEADLINE_END.search(text, pos, min(len(text), pos + HEADLINE_MAX))
    return m.end() if m and m.end() < len(text) else None


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
