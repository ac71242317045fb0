"""Stage ``when``: the date of one event, from the words of its clause.

One entry point, :func:`date_event`. It takes the sentence (a spaCy ``Span``), the
event's trigger (a ``Token``) and the article's publication date, and returns a
:class:`DateDecision` that says which date words were used and why.

1. Candidates: spaCy DATE entities of the sentence (trimmed of "on", "the", "and"...)
   plus date words spaCy misses (weekdays, "yesterday", "last week", "three years ago",
   "in 2020"). Durations ("three years") are not dates and are dropped.
2. Attachment: a candidate counts only if it is in the trigger's own phrase ("a meeting
   in Geneva on October 2", "the statement of November 10, 2020") or hangs on the
   trigger's clause verb ("paid a visit on Monday"), not through another common noun
   and not from another clause, except that a reported clause that is not future takes
   the date of the verb reporting it ("officials said yesterday the talks had failed")
   when it has none of its own. The nearest by dependency path wins.
3. Resolution with dateparser against the article date, preferring the past for past
   and nominal clauses, the future for future ones ("will", "to", "plans"), the current
   period otherwise (a bare weekday then means the next one: "leaves on Tuesday").
   Relative dates without an article date stay unresolved.
4. Checks: a date more than 2 days after the article in a past or nominal clause is
   rejected (present, modal and future clauses may name later dates); ``past_reference`` marks dates more than 31 days before the article and
   nouns that point back ("the statement of ...", "the previous meeting").
"""

from __future__ import annotations

import calendar
import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path

from dateparser.date import DateDataParser
from spacy.tokens import Span, Token

from eventwire.errors import DataFileError

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "date_words.csv"
FUTURE_TOLERANCE = timedelta(days=2)  # later than article date + this: not a past event's date
PAST_REFERENCE_DAYS = 31
REPORTED_PENALTY = 3  # extra hops for the date of the verb a reported clause depends on
VERBAL = {"VERB", "AUX"}


@dataclass
class DateDecision:
    date: date | None
    basis: str  # explicit | relative | publication | none
    granularity: str | None = None  # day | week | month | year
    text: str | None = None  # the date words used
    span: tuple[int, int] | None = None  # character offsets in the doc
    past_reference: bool = False
    notes: list[str] = field(default_factory=list)  # why candidates were passed over


# --------------------------------------------------------------------------- entry point

def date_event(sent: Span, trigger: Token, article_date: date | None, body_start: int = 0) -> DateDecision:
    """The date of the event whose trigger is ``trigger`` in sentence ``sent``.

    Date words before ``body_start`` (``Article.body_start``: metadata and the dateline,
    which spaCy puts in the first sentence) are not candidates.
    """
    tense = clause_tense(trigger)
    prefer = {"past": "past", "nominal": "past", "future": "future"}.get(tense, "current_period")
    looks_back = tense in ("past", "nominal")  # dates after the article cannot be this event's
    back_ref = _points_back(trigger)
    notes: list[str] = []
    attached = []
    for cand in candidates(sent):
        if cand.start_char < body_start:
            continue
        hops = _attachment(cand, trigger, reported=tense not in ("future", "modal"))
        if hops is not None:
            attached.append((hops, abs(cand.root.i - trigger.i), cand.start, cand))
    for *_, cand in sorted(attached, key=lambda a: a[:3]):
        when, granularity, kind = resolve(cand.text, article_date, prefer)
        where = dict(text=cand.text, span=(cand.start_char, cand.end_char))
        via_of = _via_of(cand, trigger)
        if when is None and article_date is None and (kind == "relative" or not _has_year(cand.text)):
            return DateDecision(None, "none", None, past_reference=back_ref or via_of, notes=notes, **where)
        if when is None:
            notes.append(f"cannot read the date '{cand.text}'")
            continue
        if article_date and looks_back and when > article_date + FUTURE_TOLERANCE:
            notes.append(f"'{cand.text}' ({when.isoformat()}) is after the article date in a {tense} "
                         "clause; not used")
            continue
        past = back_ref or (via_of and (article_date is None or when <= article_date))
        if article_date and _period_end(when, granularity) < article_date - timedelta(days=PAST_REFERENCE_DAYS):
            past = True
        return DateDecision(when, kind, granularity, past_reference=past, notes=notes, **where)
    if article_date:
        return DateDecision(article_date, "publication", "day", past_reference=back_ref, notes=notes)
    return DateDecision(None, "none", past_reference=back_ref, notes=notes)


# --------------------------------------------------------------------------- data

@cache
def _words(kind: str) -> dict[str, str]:
    """``word -> value`` for one kind of date_words.csv (comment lines start with #)."""
    out: dict[str, str] = {}
    with open(DATA_FILE, encoding="utf-8", newline="") as f:
        rows = [(n, ln) for n, ln in enumerate(f, 1) if ln.strip() and not ln.startswith("#")]
    for n, ln in rows[1:]:
        values = next(csv.reader([ln]))
        if len(values) != 3 or not values[1].strip():
            raise DataFileError(str(DATA_FILE), n, "expected 3 columns: kind,word,value")
        if values[0] == kind:
            out[values[1].strip()] = values[2].strip()
    return out


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> dict[str, re.Pattern]:
    months, weekdays = _alt(_words("month")), _alt(_words("weekday"))
    units, mods = _alt(_words("unit")), _alt(_words("relative_mod"))
    shifts = rf"(?:(?:the\s+)?(?:{_alt(_words('shift'))})(?:-|\s+))"
    day = r"\d{1,2}(?:st|nd|rd|th)?\b"
    year = r"(?:1[89]|20)\d\d\b"
    return {
        # date words spaCy's NER may miss, searched in the sentence text
        "missed": re.compile("|".join([
            rf"\b(?:{weekdays})\b",
            rf"(?i:\b(?:{_alt(_words('relative_day'))})\b)",
            rf"(?i:\b{shifts}?(?:{mods})\s+(?:{units}|weekend)\b)",
            rf"(?i:\b(?:a\s+few|several|\d+|[a-z]+)\s+(?:{units})\s+ago\b)",
            rf"(?<=\bin\s){year}|(?<=\bsince\s){year}|(?<=\bduring\s){year}",
            rf"\b(?:{months})\.?\s+{day}(?:,?\s+{year})?|\b{day}\s+(?:{months})\b(?:,?\s+{year})?",
            rf"\b(?:{months})\.?,?\s+{year}",
        ])),
        # what makes a candidate a point in time rather than a duration
        "anchor": re.compile("|".join([
            rf"\b(?:{months}|{weekdays})\b",
            rf"(?i:\b(?:{_alt(_words('relative_day'))})\b|\bago\b)",
            rf"(?i:\b(?:{mods})\s+(?:{units})\b)",
            rf"\b{year}",
            r"\b\d{4}-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b",
        ])),
        "not_a_point": re.compile(rf"\b\d{{4}}s\b|\b{year}\s*[-–/]\s*\d{{2,4}}\b"),  # 1990s, 2020-21
        "relative": re.compile("|".join([
            rf"(?i:\b(?:{_alt(_words('relative_day'))}|ago)\b|\b(?:{mods})\s)",
            rf"^(?:{shifts})?(?:{weekdays})\b(?!,?\s+(?:{months}|\d))",
        ])),
        "weekday_only": re.compile(rf"^(?:{weekdays})(?:\s+(?:{_alt(_words('day_part'))}))?$"),
        "shift": re.compile(rf"(?i:^{shifts})"),
        "year": re.compile(rf"\b{year}"),
    }


# --------------------------------------------------------------------------- candidates

def candidates(sent: Span) -> list[Span]:
    """Date expressions of the sentence: DATE entities plus words spaCy misses."""
    doc = sent.doc
    found: list[Span] = [e for e in sent.ents if e.label_ == "DATE"]
    for m in _patterns()["missed"].finditer(sent.text):
        span = doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if span is not None:
            found.append(span)
    kept: list[Span] = []
    for span in sorted((_trim(s) for s in found), key=lambda s: (-(s.end - s.start), s.start)):
        if span.end <= span.start or not _is_point(span.text):
            continue
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def _trim(span: Span) -> Span:
    """'on October 2', 'November 10, 2020 and', "Monday's" -> the date words alone."""
    start, end = span.start, span.end
    doc = span.doc
    def leading_junk(tok: Token) -> bool:  # "on", "since", "the", "a", but not "this", "last"
        return tok.is_punct or tok.pos_ in ("ADP", "SCONJ", "PART") or (
            tok.tag_ == "DT" and tok.lower_ not in _words("relative_mod")
        )

    while start < end and leading_junk(doc[start]):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].pos_ == "CCONJ" or doc[end - 1].tag_ == "POS"):
        end -= 1
    return doc[start:end]


def _is_point(text: str) -> bool:
    p = _patterns()
    return bool(p["anchor"].search(text)) and not p["not_a_point"].search(text)


def _has_year(text: str) -> bool:
    return bool(_patterns()["year"].search(text))


# --------------------------------------------------------------------------- attachment

def clause_head(tok: Token) -> Token:
    """The verb of the clause ``tok`` is in (``tok`` itself for a verb), or the root."""
    while tok.pos_ not in VERBAL and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _attachment(cand: Span, trigger: Token, reported: bool = True) -> int | None:
    """Dependency hops from the date to the trigger, or None when it is not the trigger's.

    ``reported``: a clause that is the complement of a verb ("officials said yesterday
    [that] the ministers met") may take that verb's date when it has none of its own.
    """
    t, between = cand.root, []
    if trigger.i in range(cand.start, cand.end):
        return None
    while True:
        if t.i == trigger.i:  # the date is inside the trigger's own phrase
            if trigger.pos_ in VERBAL and any(b.pos_ == "NOUN" for b in between):
                return None  # "criticised the meeting on October 2": the meeting's date
            return len(between) + 1
        if t.i != cand.root.i and t.pos_ in VERBAL and not (t.dep_ == "acl" and t.head.i == trigger.i):
            break  # t heads the clause the date is in (but "a meeting held last month" is one phrase)
        if t.head.i == t.i:
            break
        if t.i != cand.root.i:
            between.append(t)
        t = t.head
    head, hops = clause_head(trigger), 0
    up = trigger
    while up.i != head.i:
        up, hops = up.head, hops + 1
    if any(b.pos_ == "NOUN" for b in between):
        return None
    if t.i == head.i:
        return len(between) + 1 + hops
    if reported and head.dep_ == "ccomp" and t.i == head.head.i:
        return len(between) + 1 + hops + 1 + REPORTED_PENALTY
    return None


def clause_tense(trigger: Token) -> str:
    """past | present | future | modal | nominal, for the clause of the trigger."""
    if trigger.pos_ not in VERBAL and any(
        c.lower_ in _words("future_mod") for c in trigger.children if c.dep_ in ("amod", "compound")
    ):
        return "future"  # "the planned visit", "the upcoming talks"
    head = clause_head(trigger)
    if head.pos_ not in VERBAL:
        return "nominal"
    auxes = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lemma_.lower() in _words("future_aux") or a.tag_ == "TO" for a in auxes):
        return "future"  # "will meet", "to meet"
    if head.lemma_.lower() in _words("future_verb") or (
        head.dep_ == "xcomp" and head.head.lemma_.lower() in _words("future_verb")
    ):
        return "future"  # "talks were scheduled for March 23", "plans to visit"
    if any(a.lower_ in _words("modal") for a in auxes):
        return "modal"  # "could be signed in August"
    if head.tag_ == "VBD" or (head.tag_ == "VBN" and not auxes) or any(
        a.tag_ == "VBD" or a.lemma_ == "have" for a in auxes
    ):
        return "past"
    return "present"


def _points_back(trigger: Token) -> bool:
    """"the previous meeting", "earlier talks": the noun refers to an earlier event."""
    return trigger.pos_ not in VERBAL and any(
        c.dep_ == "amod" and c.lower_ in _words("back_reference") for c in trigger.children
    )


def _via_of(cand: Span, trigger: Token) -> bool:
    """"the tripartite statement of November 10, 2020": a noun named by its date."""
    head = cand.root.head
    return trigger.pos_ not in VERBAL and head.lower_ == "of" and head.head.i == trigger.i


# --------------------------------------------------------------------------- resolution

def resolve(text: str, base: date | None, prefer: str) -> tuple[date | None, str | None, str]:
    """(date, granularity, "explicit" | "relative") for date words, against ``base``.

    Month and year granularities give the first day of the period, weeks their Monday.
    Relative words, and month-days without a year, need ``base``: without it, None.
    """
    p = _patterns()
    kind = "relative" if p["relative"].search(text) else "explicit"
    if not _is_point(text):  # "the 1990s", "three years": dateparser would still answer
        return None, None, kind
    core = p["shift"].sub("", text).strip()
    for word, canonical in _words("relative_mod").items():  # "past week" -> "last week"
        core = re.sub(rf"(?i)\b{word}\b", canonical, core)
    if base is None and (kind == "relative" or not _has_year(core)):
        return None, None, kind
    if p["weekday_only"].match(core):
        wd = int(_words("weekday")[core.split()[0]])
        if prefer == "past":  # "met on Wednesday": the last Wednesday, the article day included
            return base - timedelta(days=(base.weekday() - wd) % 7), "day", kind
        # "will meet on Monday", and news' present "leaves for Moscow on Tuesday": the next one
        return base + timedelta(days=(wd - base.weekday()) % 7), "day", kind
    if kind == "explicit" and not _has_year(core):  # "October 2", "March": which year?
        parsed = _parse(core, base, "current_period")
        if parsed is None:
            return None, None, kind
        when, granularity = parsed
        when = min(
            (_same_day(when, base.year + k) for k in (-1, 0, 1)),
            key=lambda d: _year_choice(d, base, prefer),
        )
        return when, granularity, kind
    parsed = _parse(core, base, prefer)
    return (parsed[0], parsed[1], kind) if parsed else (None, None, kind)


def _year_choice(d: date, base: date, prefer: str) -> tuple[int, int]:
    """Sort key: past preference wants d <= base (+2 days), future d >= base, else nearest."""
    gap = (d - base).days
    if prefer == "past":
        return (gap > FUTURE_TOLERANCE.days, abs(gap))
    if prefer == "future":
        return (gap < -FUTURE_TOLERANCE.days, abs(gap))
    return (0, abs(gap))


def _same_day(d: date, year: int) -> date:
    return d.replace(year=year, day=min(d.day, calendar.monthrange(year, d.month)[1]))


@lru_cache(maxsize=8192)
def _parse(text: str, base: date | None, prefer: str) -> tuple[date, str] | None:
    data = _parser(base, prefer).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    when, period = data.date_obj.date(), data.period or "day"
    if period == "time":
        period = "day"
    if period == "month":
        when = when.replace(day=1)
    elif period == "year":
        when = when.replace(month=1, day=1)
    elif period == "week":
        when -= timedelta(days=when.weekday())
    return when, period


@lru_cache(maxsize=256)
def _parser(base: date | None, prefer: str) -> DateDataParser:
    settings = {"PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def _period_end(d: date, granularity: str | None) -> date:
    if granularity == "year":
        return d.replace(month=12, day=31)
    if granularity == "month":
        return d.replace(day=calendar.monthrange(d.year, d.month)[1])
    if granularity == "week":
        return d + timedelta(days=6)
    return d
