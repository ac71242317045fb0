"""The user's example wire report must come out right, end to end."""

from pathlib import Path

import pytest

from eventwire.pipeline import Coder
from eventwire.stages.read import read_inputs

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "azerbaijan-russia-2022-12-23.txt"


@pytest.fixture(scope="module")
def events():
    (article,) = list(read_inputs([str(SAMPLE)]))
    coder = Coder()
    return article, [e.to_dict() for e in coder.code_article(article)]


def country(actor):
    return actor["country"] if actor else None


def find(events, root_prefixes, src, tgt, *, either_way=False):
    out = []
    for e in events:
        if not e["cameo"].startswith(tuple(root_prefixes)):
            continue
        pair = (country(e["source"]), country(e["target"]))
        if pair == (src, tgt) or ((either_way or e["reciprocal"]) and pair == (tgt, src)):
            out.append(e)
    return out


def test_visit_to_russia(events):
    article, evs = events
    visits = [e for e in find(evs, ["042"], "AZE", "RUS") if e["source"]["code"] == "AZEGOV"]
    assert visits, evs
    v = visits[0]
    assert v["date"] == "2022-12-23" and v["date_basis"] == "publication"
    assert v["attribution"]["outlet"] == "Trend"
    assert v["attribution"]["cited"] == "AZEGOV"
    start, end = v["trigger"]["span"]
    assert "visit" in article.text[start:end]


def test_bayramov_lavrov_meeting_is_reciprocal(events):
    _, evs = events
    meetings = [e for e in find(evs, ["04"], "AZE", "RUS") if e["reciprocal"]]
    assert any(e["source"]["code"] in ("AZEGOV", "RUSGOV") and e["target"]["code"] in ("AZEGOV", "RUSGOV")
               for e in meetings), evs


def test_accusation_of_armenia(events):
    _, evs = events
    assert find(evs, ["11"], "AZE", "ARM"), evs


def test_denial_of_blockade_allegations(events):
    _, evs = events
    denials = [e for e in find(evs, ["01", "11", "12"], "AZE", "ARM")
               if "allegation" in e["evidence"] and "refuted" in e["evidence"]]
    assert denials, evs


def test_armenia_refuses_to_negotiate(events):
    _, evs = events
    assert find(evs, ["12"], "ARM", "AZE"), evs


def test_azerbaijan_intends_to_continue(events):
    _, evs = events
    assert find(evs, ["03"], "AZE", "ARM"), evs


def test_geneva_meeting(events):
    _, evs = events
    geneva = [e for e in find(evs, ["04"], "AZE", "ARM", either_way=True)
              if e["date"] == "2022-10-02"]
    assert geneva, evs
    loc = geneva[0]["location"]
    assert loc and loc["name"] == "Geneva" and loc["country"] == "CHE"


def test_no_actor_from_the_outlet(events):
    _, evs = events
    for e in evs:
        for role in ("source", "target"):
            assert e[role] is None or "Trend" not in e[role]["text"]


def test_spans_point_at_their_text(events):
    article, evs = events
    for e in evs:
        s, t = e["trigger"]["span"]
        assert article.text[s:t] == e["trigger"]["text"]
        for role in ("source", "target"):
            if e[role]:
                s, t = e[role]["span"]
                assert article.text[s:t] == e[role]["text"]


def test_event_ids_are_stable(events):
    article, evs = events
    again = [e.to_dict()["event_id"] for e in Coder().code_article(article)]
    assert again == [e["event_id"] for e in evs]


def test_tripartite_statement_is_found_as_a_dated_past_happening():
    """The 2020 statement is an earlier, dated happening the article refers to: the stage
    ``when`` finds it with its own date (the pipeline decides what to code from it)."""
    from datetime import date

    from eventwire.stages.when import referenced_happenings

    (article,) = list(read_inputs([str(SAMPLE)]))
    coder = Coder()
    doc = coder.nlp(article.text[article.body_start:])
    dateline_date = article.dateline.date if article.dateline else None
    found = [(h.noun.text, h.kind, h.decision.date, h.decision.past_reference, h.decision.text)
             for s in doc.sents for h in referenced_happenings(s, article.date, dateline_date=dateline_date)]
    assert ("statement", "agreement", date(2020, 11, 10), True, "November 10, 2020") in found
    # the Geneva meeting is the other dated past happening; the peace agreement presented there is not one
    assert [f[0] for f in found] == ["statement", "meeting"]


def test_tripartite_statement_of_2020_is_an_event(events):
    _, evs = events
    dated = [e for e in evs if e["date"] == "2020-11-10"]
    assert dated, evs
    e = dated[0]
    assert e["past_reference"] and e["cameo"] == "057" and e["date_basis"] == "explicit"
    assert "tripartite statement" in e["evidence"]
