"""Attribution: outlets are never actors, cited sources, and who speaks each sentence."""

import pytest

from eventwire.pipeline import Coder, CoderConfig
from eventwire.stages.actors import PersonMemory, resolve_mentions
from eventwire.stages.attribution import attribute, find_outlets, load_attribution_lexicon
from eventwire.stages.read import article_from_text


@pytest.fixture(scope="module")
def coder():
    return Coder(CoderConfig(locate=False))


def attribution_of(coder, text):
    article = article_from_text(text, "t", None)
    doc = coder.nlp(article.text[article.body_start:])
    known = article.source or (article.dateline.outlet if article.dateline else None)
    outlets = find_outlets(doc, coder.attribution_lexicon, article.body_start, known)
    mentions = resolve_mentions(doc, coder.tables, None, offset=article.body_start, memory=PersonMemory(),
                                stand_ins=coder.stand_ins, blocked=outlets.blocked)
    return attribute(doc, mentions, outlets, coder.attribution_lexicon, article.body_start)


def speakers(att):
    return [s.speaker.actor.country if s.speaker else None for s in att.sentences]


def test_report_clause_gives_outlet_and_cited_source(coder):
    att = attribution_of(coder, "Azerbaijan's foreign minister visited Moscow, Trend reports citing the Azerbaijani MFA.")
    assert att.outlet == "Trend"
    assert att.cited is not None and att.cited.actor.country == "AZE"
    assert att.blocked  # "Trend" can never be an actor


def test_according_to_cites_a_source(coder):
    att = attribution_of(coder, "Troops shelled the town, according to the Syrian foreign ministry.")
    assert att.cited is not None and att.cited.actor.code == "SYRGOV"


def test_dateline_outlet_is_blocked_from_actors(coder):
    events = coder.code_text("CAIRO (Reuters) - Egypt condemned the attack on Israel.")
    assert events
    assert all("Reuters" not in e.source.text for e in events)


def test_speaker_is_the_subject_of_the_reporting_verb(coder):
    att = attribution_of(coder, '"We will not negotiate," the Israeli prime minister said.')
    assert speakers(att) == ["ISR"]


def test_pronoun_speaker_and_quotation_continuing(coder):
    att = attribution_of(coder, 'Iran\'s foreign minister said the talks had failed. "We will never surrender," '
                                'he said. "The blockade must end."')
    assert speakers(att) == ["IRN", "IRN", "IRN"]


def test_agentless_report_falls_back_to_the_cited_source(coder):
    att = attribution_of(coder, "It was noted that Armenia had violated the ceasefire, Trend reports citing "
                                "the Azerbaijani MFA.")
    assert speakers(att) == ["AZE"]


def test_speaker_becomes_the_source_of_we_in_a_quote(coder):
    events = coder.code_text('"We will never negotiate with terrorists," the Turkish president said.')
    assert events and events[0].source.actor.country == "TUR"
    assert any("speaker" in n for n in events[0].notes)


def test_attribution_lexicon_is_data():
    lex = load_attribution_lexicon()
    assert "Reuters" in lex.outlets and "say" in lex.reporting_verbs
    assert lex.report_clause.search(", Trend reports citing Azerbaijani MFA.")
