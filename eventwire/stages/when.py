"""Stage ``when``: the date of one event, from the words of its clause.

Entry point :func:`date_event`: the sentence (a spaCy ``Span``), the event's trigger (a
``Token``), the article's date and, when the story has one, its dateline's date. It
returns a :class:`DateDecision` that says which date words were used and why.
:func:`referenced_happenings` lists the earlier, dated happenings a sentence refers to
("the tripartite statement of November 10, 2020"); see docs/when-where.md.

1. Reference day: the dateline's date when it is within a week of the article date (the
   day the reporter wrote "yesterday"), else the article date.
2. Candidates: spaCy DATE (and TIME) entities of the sentence, trimmed of "on", "the",
   "and"..., plus date words spaCy misses (weekdays, "yesterday", "last week", "three years
   ago", "in 2020", "last October", "at the weekend", "last summer"). Durations ("for three
   years", "the past month") and decades are not points in time and are dropped.
3. Attachment: a candidate counts only if it is in the trigger's own phrase ("a meeting in
   Geneva on October 2", "the statement of November 10, 2020", "last week's talks",
   "the tariffs, announced on Friday") or hangs on a verb of the trigger's clause
   ("paid a visit on Monday", "agreed last week to impose", "were opposed"), not through
   another common noun. Failing that, a clause takes the date of the verb that reports it
   ("Jopling said yesterday [that] Britain was opposed"), of the clause it shares its
   subject with ("yesterday adopted a report and ruled"), or of the clause a "when" clause
   hangs on ("the strike began on March 14 when workers walked out"). A noun after
   "after", "before", "following"... does not take its clause's date ("returned this
   morning after three days of talks"). The nearest by dependency path wins.
4. Resolution (dateparser and our own rules) against the reference day, preferring the
   past for past and nominal clauses, the future for future ones ("will", "to", "plans"),
   the current period otherwise (a bare weekday then means the next one). Periods give
   their first day and a granularity (week: its Monday). Relative dates without a
   reference day stay unresolved.
5. No coded event happens after its report. In a past clause a later date is rejected; in
   any other clause it is a plan ("will visit China in March", "meets on Monday"): the
   event (an intent, an announcement) is dated when it was reported and the plan's date is
   kept in ``planned``. ``past_reference`` marks events that end more than two days before
   the reference day, dated nouns ("the statement of ...") and nouns that point back ("the
   previous meeting"); an earlier event whose date is not stated stays undated.
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
FUTURE_TOLERANCE = timedelta(days=2)  # later than the reference day + this: not a past event's date
PAST_REFERENCE = timedelta(days=2)  # ended more than this before the reference day: a past reference
DATELINE_DRIFT = timedelta(days=7)  # a dateline date further than this from the article date is not trusted
REPORTED_PENALTY = 3  # extra hops for a date taken from another clause than the trigger's
VERBAL = {"VERB", "AUX"}
PREFERENCE = {"past": "past", "nominal": "past", "future": "future", "modal": "future"}


@dataclass
class DateDecision:
    date: date | None
    basis: str  # explicit | relative | publication | none
    granularity: str | None = None  # day | week | month | year
    text: str | None = None  # the date words used
    span: tuple[int, int] | None = None  # character offsets in the doc
    past_reference: bool = False
    notes: list[str] = field(default_factory=list)  # why candidates were passed over
    planned: date | None = None  # a later date the clause names: the plan announced
    planned_text: str | None = None

    def explain(self) -> str:
        """One line for an event's notes: how its date was decided."""
        if self.basis in ("explicit", "relative"):
            line = f"date: '{self.text}' in the clause ({self.basis}, {self.granularity})"
        elif self.basis == "publication":
            line = "date: the day of the report (no date words in the event's clause)"
        elif self.text:
            line = f"date: '{self.text}' cannot be resolved without an article date"
        else:
            line = "date: not stated" + (" (an earlier event)" if self.past_reference else "")
        if self.planned is not None:
            line += f"; planned for {self.planned.isoformat()} ('{self.planned_text}'), dated when announced"
        return line


@dataclass
class ReferencedHappening:
    """An earlier happening a sentence names with its own date: "the tripartite statement
    of November 10, 2020", "the 1975 grain agreement", "last week's talks"."""

    noun: Token
    kind: str  # agreement, meeting, ceasefire, statement, vote, attack, protest (date_words.csv "happening")
    phrase_span: tuple[int, int]  # character offsets of the whole noun phrase in the doc
    decision: DateDecision


@dataclass
class _Attachment:
    hops: int
    cand: Span
    link: str  # phrase | clause | shared | reported | when-clause
    tense: str  # of the verb the date hangs on


# --------------------------------------------------------------------------- entry points

def reference_date(article_date: date | None, dateline_date: date | None) -> date | None:
    """The day relative words count from: the dateline's date (the day the story was
    filed) when it is close to the article date, else the article date."""
    if dateline_date is not None and (article_date is None or abs(dateline_date - article_date) <= DATELINE_DRIFT):
        return dateline_date
    return article_date


def date_event(sent: Span, trigger: Token, article_date: date | None, body_start: int = 0, *,
               dateline_date: date | None = None) -> DateDecision:
    """The date of the event whose trigger is ``trigger`` in sentence ``sent``.

    Date words before ``body_start`` (``Article.body_start``: metadata and the dateline,
    which spaCy puts in the first sentence) are not candidates.
    """
    base = reference_date(article_date, dateline_date)
    back_ref = _points_back(trigger)
    hosts = _hosts(trigger)
    notes: list[str] = []
    attached = []
    for cand in candidates(sent) + year_spans(sent):
        if cand.start_char < body_start:
            continue
        a = _attach(cand, trigger, hosts)
        if a is not None:
            attached.append(a)
    planned: tuple[date, str] | None = None
    for a in sorted(attached, key=lambda a: (a.hops, abs(a.cand.root.i - trigger.i), a.cand.start)):
        cand = a.cand
        where = dict(text=cand.text, span=(cand.start_char, cand.end_char))
        if not _is_point(cand.text):  # "from 1978 to 1986": over by now, but no one date
            if base and int(_patterns()["year"].findall(cand.text)[-1]) < base.year:
                return _with_plan(DateDecision(None, "none", None, past_reference=True, notes=notes, **where), planned)
            continue
        when, granularity, kind = resolve(cand.text, base, PREFERENCE.get(a.tense, "current_period"))
        via_of = _via_of(cand, trigger)
        if when is None and base is None and (kind == "relative" or not _has_year(cand.text)):
            return _with_plan(DateDecision(None, "none", None, past_reference=back_ref or via_of,
                                           notes=notes, **where), planned)
        if when is None:
            if _patterns()["vague_ago"].search(cand.text):  # "a few days ago": earlier, unstated
                return _with_plan(DateDecision(None, "none", None, past_reference=True, notes=notes, **where),
                                  planned)
            notes.append(f"cannot read the date '{cand.text}'")
            continue
        # without an article date, today bounds the report: no event happens in the future
        if _after_report(when, granularity, cand.text, base or date.today(), a.tense):
            if a.tense != "past" and a.link in ("phrase", "clause"):
                planned = planned or (when, cand.text)  # a plan: the event is its announcement
            else:
                notes.append(f"'{cand.text}' ({when.isoformat()}) is after the report in a {a.tense} "
                             "clause; not used")
            continue
        past = back_ref or (via_of and (base is None or when <= base))
        if base and _period_end(when, granularity) < base - PAST_REFERENCE:
            past = True
        return _with_plan(DateDecision(when, kind, granularity, past_reference=past, notes=notes, **where), planned)
    if back_ref:  # "the previous meeting": earlier, and the text does not say when
        return _with_plan(DateDecision(None, "none", past_reference=True, notes=notes), planned)
    if base:
        return _with_plan(DateDecision(base, "publication", "day", notes=notes), planned)
    return _with_plan(DateDecision(None, "none", notes=notes), planned)


def referenced_happenings(sent: Span, article_date: date | None, body_start: int = 0, *,
                          dateline_date: date | None = None) -> list[ReferencedHappening]:
    """Happening nouns of the sentence (an agreement, a meeting...) that carry their own
    date in their own phrase, dated before the reference day."""
    kinds = _words("happening")
    found = []
    dates = None  # the sentence's date expressions, found once it has a happening noun
    for tok in sent:
        kind = kinds.get(tok.lower_) or kinds.get(tok.lemma_.lower())
        if kind is None or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if dates is None:
            dates = candidates(sent)
        if not any(tok.left_edge.i <= c.root.i <= tok.right_edge.i for c in dates):
            continue  # no date inside the noun's phrase: it cannot have one of its own (_own_date)
        decision = date_event(sent, tok, article_date, body_start, dateline_date=dateline_date)
        own = [c for c in dates if decision.span == (c.start_char, c.end_char)]
        if not own or not _own_date(own[0], tok) or not decision.past_reference:
            continue  # only the noun's own date, and only an earlier happening
        if kind == "statement" and any(c.lower_ in _words("joint_mod") for c in tok.children):
            kind = "agreement"  # "the tripartite statement", "a joint declaration": agreed by its parties
        phrase = list(tok.subtree)
        found.append(ReferencedHappening(tok, kind, (phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)),
                                         decision))
    return found


def _own_date(cand: Span, noun: Token) -> bool:
    """Whether date words belong to the noun itself: "the statement of November 10, 2020",
    "last week's talks", "an accord signed in 1975", but not "the agreement, presented
    during a meeting on October 2" (the meeting's date)."""
    t = cand.root.head
    while t.i != noun.i:
        if t.head.i == t.i:
            return False
        if t.pos_ in VERBAL and not (t.lemma_.lower() in _words("happening_verb") and t.head.i == noun.i):
            return False
        if t.pos_ == "NOUN" and t.lower_ not in _date_vocabulary():
            return False
        t = t.head
    return True


def _after_report(when: date, granularity: str | None, text: str, base: date, tense: str) -> bool:
    """Whether a date lies after the report: for a past clause, beyond the tolerance for
    time zones; for a future or present one, any part of its period ("will hold talks this
    week"); for a noun, its start ("the talks later this month")."""
    if tense == "past":
        return when > base + FUTURE_TOLERANCE
    if tense in ("future", "modal", "present"):
        return _period_end(when, granularity) > base
    return when > base or (_patterns()["later"].match(text) is not None and _period_end(when, granularity) > base)


def _with_plan(decision: DateDecision, planned: tuple[date, str] | None) -> DateDecision:
    if planned is not None:
        decision.planned, decision.planned_text = planned
    return decision


# --------------------------------------------------------------------------- data

def happening_nouns() -> frozenset[str]:
    """Nouns that name a datable happening ("statement", "talks"): date_words.csv."""
    return frozenset(_words("happening"))


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
    units, mods, seasons = _alt(_words("unit")), _alt(_words("relative_mod")), _alt(_words("season"))
    shifts = rf"(?:(?:the\s+)?(?:{_alt(_words('shift'))})(?:-|\s+))"
    vague = _alt(_words("vague_count"))
    day = r"\d{1,2}(?:st|nd|rd|th)?\b"
    year = r"(?:1[89]|20)\d\d\b"
    return {
        # date words spaCy's NER may miss, searched in the sentence text
        "missed": re.compile("|".join([
            rf"\b(?:{weekdays})\b",
            rf"(?i:\b(?:{_alt(_words('relative_day'))})\b)",
            rf"(?i:\b{shifts}?(?:{mods})\s+(?:{units}|{seasons}|weekend)\b)",
            rf"\b{shifts}?(?i:{mods})\s+(?:{months})\b",
            rf"(?i:\b(?:{vague}|\d+|[a-z]+)\s+(?:{units})\s+ago\b)",
            r"(?i:\bweekend\b)",
            rf"(?<=\bin\s){year}|(?<=\bsince\s){year}|(?<=\bduring\s){year}",
            rf"\b(?:{months})\.?\s+{day}(?:,?\s+{year})?|\b{day}\s+(?:{months})\b(?:,?\s+{year})?",
            rf"\b(?:{months})\.?,?\s+{year}",
        ])),
        # what makes a candidate a point in time rather than a duration
        "anchor": re.compile("|".join([
            rf"\b(?:{months}|{weekdays})\b",
            rf"(?i:\b(?:{_alt(_words('relative_day'))})\b|\bago\b|\bweekend\b)",
            rf"(?i:\b(?:{mods})\s+(?:{units}|{seasons})\b)",
            rf"\b{year}",
            r"\b\d{4}-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b",
        ])),
        # 1990s, 2020-21, "from 1978 to 1986"
        "not_a_point": re.compile(rf"\b\d{{4}}s\b|\b{year}\s*(?:[-–/]|to|and|through)\s*\d{{2,4}}\b"),
        "year_span": re.compile(rf"\b(?:from|between)\s+{year}\s*(?:to|and|through|until)\s+{year}"),
        "relative": re.compile("|".join([
            rf"(?i:\b(?:{_alt(_words('relative_day'))}|ago|weekend)\b|\b(?:{mods})\s)",
            rf"^(?:{shifts})?(?:{weekdays})\b(?!,?\s+(?:{months}|\d))",
        ])),
        "weekday_only": re.compile(rf"^(?:{weekdays})$"),
        "day_part": re.compile(rf"(?i:\s+(?:{_alt(_words('day_part'))})$)"),
        "shift": re.compile(rf"(?i:^{shifts})"),
        "later": re.compile(rf"(?i:^(?:{_alt(_words('later_shift'))})\b)"),
        "year": re.compile(rf"\b{year}"),
        "vague_ago": re.compile(rf"(?i:\b(?:{vague})\s+(?:{units})\s+ago\b)"),
        "weekend": re.compile(rf"(?i:^(?:the\s+)?(?:(?P<mod>{mods})\s+)?weekend$)"),
        "season": re.compile(rf"(?i:^(?P<mod>{mods})\s+(?P<season>{seasons})$)"),
        "mod_month": re.compile(rf"^(?i:(?P<mod>{mods}))\s+(?P<month>{months})$"),
        "month_mod_year": re.compile(rf"^(?P<month>{months})\s+(?i:(?P<mod>{mods}))\s+year$"),
    }


# --------------------------------------------------------------------------- candidates

def candidates(sent: Span) -> list[Span]:
    """Date expressions of the sentence: DATE/TIME entities plus words spaCy misses."""
    doc = sent.doc
    found: list[Span] = [e for e in sent.ents if e.label_ in ("DATE", "TIME")]
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


def year_spans(sent: Span) -> list[Span]:
    """Spans of years ("from 1978 to 1986", "1986-87"): not dates, but they date an event
    to the past."""
    doc, found = sent.doc, []
    for m in _patterns()["year_span"].finditer(sent.text):
        span = doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if span is not None:
            found.append(span)
    return found


def _trim(span: Span) -> Span:
    """'on October 2', 'November 10, 2020 and', "Monday's" -> the date words alone."""
    start, end = span.start, span.end
    doc = span.doc
    def leading_junk(tok: Token) -> bool:  # "on", "since", "the", "a", but not "this", "last"
        return tok.is_punct or tok.pos_ in ("ADP", "SCONJ", "PART") or (
            tok.tag_ == "DT" and tok.lower_ not in _words("relative_mod")
        )

    def foreign(tok: Token) -> bool:  # "the gulf two weeks ago": a noun the NER swept in
        return tok.pos_ in ("NOUN", "PROPN") and not tok.like_num and tok.lower_ not in _date_vocabulary()

    while start < end and (leading_junk(doc[start]) or foreign(doc[start])):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].pos_ == "CCONJ" or doc[end - 1].tag_ == "POS"
                           or foreign(doc[end - 1])):
        end -= 1
    return doc[start:end]


@cache
def _date_vocabulary() -> frozenset[str]:
    """Lower-cased words that may stand in a date expression."""
    kinds = ("month", "weekday", "unit", "relative_mod", "shift", "day_part", "relative_day", "season",
             "vague_count")
    words = {w.lower() for k in kinds for phrase in _words(k) for w in phrase.split()}
    return frozenset(words | {"ago", "weekend"})


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


def _hosts(trigger: Token) -> dict[int, tuple[int, str]]:
    """The verbs whose date words date the event: token index -> (hops, link).

    The trigger's clause verb and the verbs its complements hang on ("agreed to impose",
    "were opposed") are its own clause; then, each at a cost, the verb of a clause that
    shares the subject ("adopted ... and ruled"), the verb that reports the clause
    ("said yesterday [that]...") and the clause a "when" clause depends on.
    """
    head, hops, t = clause_head(trigger), 0, trigger
    while t.i != head.i:
        if t.dep_ in ("pobj", "prep") and t.head.lower_ in _words("later_prep"):
            return {}  # "left ahead of her visit to Moscow": the visit comes later
        t, hops = t.head, hops + 1
    if head.pos_ not in VERBAL:
        return {}
    hosts, link, verb = {head.i: (hops, "clause")}, "clause", head
    for child in head.children:
        if child.dep_ == "xcomp" and child.pos_ in VERBAL:  # "began shelling the town on Friday"
            hosts[child.i] = (hops + 1, "clause")
        elif child.dep_ == "conj" and child.pos_ in VERBAL and not _has_subject(child):
            hosts[child.i] = (hops + 2, "shared")  # "launched the offensive and pressed it on Tuesday"
    for _ in range(8):
        if verb.dep_ in ("xcomp", "acomp", "auxpass"):
            cost = 1
        elif verb.dep_ == "conj" and not _has_subject(verb):
            cost, link = 1, "shared" if link == "clause" else link
        elif verb.dep_ in ("ccomp", "parataxis"):
            cost, link = 1 + REPORTED_PENALTY, "reported"
        elif verb.dep_ == "advcl" and any(c.lower_ in _words("same_time") and c.dep_ in ("mark", "advmod")
                                          for c in verb.children):
            cost, link = 1 + REPORTED_PENALTY, "when-clause"
        else:
            break
        if verb.head.pos_ not in VERBAL or verb.head.i == verb.i:
            break
        verb, hops = verb.head, hops + cost
        hosts.setdefault(verb.i, (hops, link))
    return hosts


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _attach(cand: Span, trigger: Token, hosts: dict[int, tuple[int, str]]) -> _Attachment | None:
    """How the date words ``cand`` attach to the trigger, or None when they are not its."""
    t, between = cand.root, []
    if trigger.i in range(cand.start, cand.end):
        return None
    if cand.root.dep_ == "pobj" and cand.root.head.lower_ in _words("boundary_prep"):
        return None  # "allowed imports until July 1", "a deal by March": a bound, not the event's day
    head = clause_head(trigger)
    if head.i in hosts and head.dep_ == "relcl" and cand.start <= head.head.i < cand.end:
        return _Attachment(hosts[head.i][0] + 1, cand, "clause", clause_tense(head))  # "on March 14, when ..."
    while True:
        if t.i == trigger.i:  # the date is inside the trigger's own phrase
            if trigger.pos_ in VERBAL and any(_other_noun(b, cand) for b in between):
                return None  # "criticised the meeting on October 2": the meeting's date
            acl = next((b for b in between if b.pos_ in VERBAL), None)  # "the tariffs, announced on Friday"
            tense = clause_tense(acl or trigger)
            if acl is None and trigger.pos_ not in VERBAL and tense not in ("future", "modal"):
                tense = "nominal"  # "commenting on Monday's failure": a noun's own date looks back
            return _Attachment(len(between) + 1, cand, "phrase", tense)
        if t.i != cand.root.i and t.pos_ in VERBAL and not _modifies_noun(t, trigger):
            break  # t heads the clause the date is in (but "a meeting held last month" is one phrase)
        if t.head.i == t.i:
            break
        if t.i != cand.root.i:
            between.append(t)
        t = t.head
    if any(_other_noun(b, cand) for b in between) or t.i not in hosts:
        return None
    hops, link = hosts[t.i]
    return _Attachment(len(between) + 1 + hops, cand, link, clause_tense(t))


def _modifies_noun(verb: Token, trigger: Token) -> bool:
    """A participle or relative clause that dates the noun it hangs on: on the trigger, any
    verb ("the tariffs, announced on Friday", "proposals he took to Tehran last month"); on
    another noun, a verb that makes a happening happen ("a meeting they had last night")."""
    if verb.dep_ not in ("acl", "relcl"):
        return False
    return verb.head.i == trigger.i or (
        verb.lemma_.lower() in _words("happening_verb") and verb.head.pos_ in ("NOUN", "PROPN")
    )


def _other_noun(tok: Token, cand: Span) -> bool:
    """A common noun on the way from a date to a verb owns the date ("criticised the
    meeting on October 2"), unless it is part of the date ("yesterday evening"), a
    happening the clause took place at, or a thing that has no date of its own under a
    bare time word the parser hung on it ("repelled an assault near the port last night")."""
    if tok.pos_ != "NOUN" or tok.ent_type_ in ("DATE", "TIME") or tok.lower_ in _date_vocabulary():
        return False
    if _cotemporal(tok):
        return False
    return not (cand.root.dep_ == "npadvmod" and cand.root.head.i == tok.i and not _is_happening(tok))


def _is_happening(noun: Token) -> bool:
    return noun.lower_ in _words("happening") or noun.lemma_.lower() in _words("happening")


def _cotemporal(noun: Token) -> bool:
    """"accepted the plan at a meeting they had last night": the clause happened at the
    happening the noun names, so the noun's date is the clause's."""
    return _is_happening(noun) and noun.dep_ == "pobj" and noun.head.lower_ in _words("cotemporal_prep")


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
    if head.dep_ == "xcomp" and not auxes and head.head.pos_ in VERBAL and head.head.i != head.i:
        return clause_tense(head.head)  # "began shelling": the tense of "began"
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
    if kind == "relative":
        special = _resolve_special(core, base, prefer) or _resolve_special(p["day_part"].sub("", core), base, prefer)
        if special is not None:
            return special[0], special[1], kind
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
    if parsed is None and kind == "explicit" and len(set(p["year"].findall(core))) == 1:
        # "the first half of 2022", "fiscal 1987": at least the year
        return date(int(p["year"].search(core).group()), 1, 1), "year", kind
    return (parsed[0], parsed[1], kind) if parsed else (None, None, kind)


def _resolve_special(core: str, base: date, prefer: str) -> tuple[date, str] | None:
    """Relative words dateparser does not read the way news means them: "this morning",
    bare weekdays, "(last) weekend", "last summer", "last October"."""
    p = _patterns()
    offset = {w.lower(): v for w, v in _words("relative_day").items()}.get(core.lower())
    if offset is not None:  # "yesterday", "this morning", "last night"
        return base + timedelta(days=int(offset)), "day"
    if p["weekday_only"].match(core):
        wd = int(_words("weekday")[core])
        if prefer == "past":  # "met on Wednesday": the last Wednesday, the reference day included
            return base - timedelta(days=(base.weekday() - wd) % 7), "day"
        # "will meet on Monday", and news' present "leaves for Moscow on Tuesday": the next one
        return base + timedelta(days=(wd - base.weekday()) % 7), "day"
    m = p["weekend"].match(core)
    if m:  # a weekend is dated by its Saturday
        mod = (m.group("mod") or "").lower()
        last_saturday = base - timedelta(days=(base.weekday() - 5) % 7)
        if mod == "next" or (mod != "last" and prefer == "future" and base.weekday() < 5):
            return last_saturday + timedelta(days=7), "day"
        return last_saturday, "day"
    m = p["season"].match(core)
    if m:  # a season is dated by the year it starts in
        start_month = int(_words("season")[m.group("season").lower()])
        mod = m.group("mod").lower()
        start = date(base.year, start_month, 1)
        if mod == "last":
            while _add_months(start, 3) > base:
                start = start.replace(year=start.year - 1)
        elif mod == "next":
            while start <= base:
                start = start.replace(year=start.year + 1)
        elif start_month == 12 and base.month < 3:
            start = start.replace(year=start.year - 1)  # "this winter" in January
        return date(start.year, 1, 1), "year"
    m = p["month_mod_year"].match(core)
    if m:  # "May last year"
        year = base.year + {"last": -1, "next": 1}.get(m.group("mod").lower(), 0)
        return date(year, int(_words("month")[m.group("month")]), 1), "month"
    m = p["mod_month"].match(core)
    if m:  # "last October": the latest October before this month
        month = int(_words("month")[m.group("month")])
        mod = m.group("mod").lower()
        year = base.year
        if mod == "last":
            year -= month >= base.month
        elif mod == "next":
            year += month <= base.month
        return date(year, month, 1), "month"
    return None


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return d.replace(year=d.year + y, month=m + 1, day=1)


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
