"""Claims and counter-claims: who asserts, denies or questions what about whom."""

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from eventwire.claims_link import link_claims, topics_agree
from eventwire.errors import DataFileError
from eventwire.pipeline import Coder, CoderConfig
from eventwire.records import Actor, ActorMention, Claim, Event, Proposition, Trigger
from eventwire.stages.claims import DATA, find_claims, load_claim_lexicon, topic_key_of
from eventwire.stages.read import article_from_text, read_inputs

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "azerbaijan-russia-2022-12-23.txt"


@pytest.fixture(scope="module")
def coder():
    return Coder(CoderConfig(locate=False))


@pytest.fixture(scope="module")
def sample(coder):
    (article,) = list(read_inputs([str(SAMPLE)]))
    return next(coder.code_documents([article]))


def claims_of(coder, text, day=None, article_id="t"):
    return next(coder.code_documents([article_from_text(text, article_id, day)])).claims


def country(m):
    return (m.actor.country or m.actor.code) if m is not None and m.actor.code else None


def key(c):
    return set(c.proposition.topic_key)


# -- the sample article -----------------------------------------------------------------

def test_sample_azerbaijan_says_armenia_violated_the_statement(sample):
    found = [c for c in sample.claims if c.stance == "asserts" and country(c.claimant) == "AZE"
             and country(c.proposition.subject) == "ARM"]
    assert any({"violate", "tripartite", "statement"} <= key(c) for c in found), found
    assert any({"exploit", "resource"} <= key(c) for c in found), found


def test_sample_armenia_alleges_a_blockade(sample):
    found = [c for c in sample.claims if c.stance == "asserts" and country(c.claimant) == "ARM"]
    assert len(found) == 1, found
    claim = found[0]
    assert country(claim.proposition.subject) == "AZE"
    assert {"block", "lachin", "road"} <= key(claim)
    assert claim.trigger.text == "allegations"
    # reported second-hand: the Azerbaijani ministry, through Trend, says Armenia alleges it
    assert claim.attribution.outlet == "Trend" and claim.attribution.speaker == "AZEGOV"


def test_sample_azerbaijan_denies_it_with_video_evidence(sample):
    denials = [c for c in sample.claims if c.stance == "denies" and country(c.claimant) == "AZE"]
    assert len(denials) == 1, denials
    denial = denials[0]
    assert {"block", "lachin", "road"} <= key(denial)
    assert denial.offered_evidence.startswith("video frames showing the unhindered passage")
    start, end = denial.offered_evidence_span
    assert sample.article.text[start:end] == denial.offered_evidence
    allegation = next(c for c in sample.claims if country(c.claimant) == "ARM")
    assert denial.responds_to == allegation.claim_id
    # linked to exactly the denial and rejection events coded from the same words, whatever
    # the event coder makes of them (the link itself is tested on fixed events below)
    words = [denial.trigger.span] + [(s, s + len(w)) for w in ("allegations", "refuted")
                                     for s in [sample.article.text.find(w, denial.proposition.span[0] - 80)]]
    expected = {e.event_id for e in sample.events if e.sentence == denial.sentence
                and e.cameo.startswith(("016", "12")) and any(e.trigger.span[0] < b and a < e.trigger.span[1]
                                                              for a, b in words)}
    assert set(denial.event_ids) == expected


def test_sample_blockade_allegation_is_linked_to_its_denial(sample):
    contests = link_claims(sample.claims)
    blockade = [k for k in contests if "block" in k.topic_key]
    assert len(blockade) == 1, contests
    k = blockade[0]
    assert [country(c.claimant) for c in k.assertions] == ["ARM"]
    assert [country(c.claimant) for c in k.challenges] == ["AZE"]
    assert k.subject == "AZE"
    d = k.to_dict()
    assert d["first_date"] == "2022-12-23" and len(d["articles"]) == 1
    json.dumps(d)  # serialisable as it is


def test_sample_spans_point_at_the_words(sample):
    text = sample.article.text
    for c in sample.claims:
        s, e = c.trigger.span
        assert text[s:e] == c.trigger.text
        s, e = c.proposition.span
        assert text[s:e] == c.proposition.text
        assert c.claimant is None or text[c.claimant.span[0]:c.claimant.span[1]] == c.claimant.text


def test_claims_link_to_events_of_the_same_words_and_stance(coder):
    text = "Ukraine accused Russia of shelling the port. Moscow denied that its forces had shelled the port."
    article = article_from_text(text, "e")
    doc = coder.nlp(text)
    _, mentions, _ = coder.find_actors(article, doc)

    def event(code, word, sentence):
        start = text.index(word)
        return Event("e", sentence, code, Trigger(word, (start, start + len(word))), evidence="")

    accuse, deny, shell = event("112", "accused", 0), event("016", "denied", 1), event("195", "shelled", 1)
    claims = find_claims(doc, mentions, [None, None], [accuse, deny, shell], article_id="e")
    by_stance = {c.stance: c for c in claims}
    assert by_stance["asserts"].event_ids == [accuse.event_id]
    assert by_stance["denies"].event_ids == [deny.event_id]  # not the shelling it denies


def test_claim_ids_are_stable(coder, sample):
    (article,) = list(read_inputs([str(SAMPLE)]))
    again = next(coder.code_documents([article])).claims
    assert [c.claim_id for c in again] == [c.claim_id for c in sample.claims]
    assert len({c.claim_id for c in again}) == len(again)


def test_code_articles_still_yields_article_and_events(coder):
    (article,) = list(read_inputs([str(SAMPLE)]))
    ((got, events),) = list(coder.code_articles([article]))
    assert got is article and events and all(hasattr(e, "cameo") for e in events)


# -- stances ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, claimant, stance, subject, words", [
    ("Russia denied that its troops had shelled the city.", "RUS", "denies", "RUS", {"shell", "city"}),
    ("Ukraine accused Russia of shelling the port of Odesa.", "UKR", "asserts", "RUS", {"shell", "port", "odesa"}),
    ("Moscow said its forces had not entered Ukrainian territory.", "RUS", "denies", "RUS", {"enter", "territory"}),
    ("Germany questioned whether Iran had complied with the inspection regime.", "DEU", "questions", "IRN",
     {"comply", "inspection", "regime"}),
    ("Pakistan charged that Indian troops had violated the ceasefire line.", "PAK", "asserts", "IND",
     {"violate", "ceasefire", "line"}),
    ("North Korea denied selling missiles to Syria.", "PRK", "denies", "PRK", {"sell", "missile", "syria"}),
    ("According to Georgian officials, Russian aircraft bombed a village near Gori.", "GEO", "asserts", "RUS",
     {"bomb", "village", "gori"}),
])
def test_stance(coder, text, claimant, stance, subject, words):
    claims = claims_of(coder, text)
    found = [c for c in claims if c.stance == stance and country(c.claimant) == claimant]
    assert found, claims
    assert country(found[0].proposition.subject) == subject
    assert words <= key(found[0]), found[0].proposition


def test_claim_noun_with_owner_and_denial(coder):
    claims = claims_of(coder, "Serbia rejected Kosovo's claims that Serbian troops had crossed the border.")
    claim = next(c for c in claims if c.stance == "asserts")
    denial = next(c for c in claims if c.stance == "denies")
    assert country(claim.claimant) == "XKX" and country(denial.claimant) == "SRB"
    assert country(claim.proposition.subject) == country(denial.proposition.subject) == "SRB"
    assert {"cross", "border"} <= key(denial)


def test_baseless_reports_are_denied_by_the_speaker(coder):
    claims = claims_of(coder, "Iran said reports that it intended to threaten shipping in the Gulf were baseless.")
    denial = next(c for c in claims if c.stance == "denies")
    assert country(denial.claimant) == "IRN" and denial.trigger.text == "baseless"
    assert country(denial.proposition.subject) == "IRN"  # "it" is Iran
    report = next(c for c in claims if c.stance == "asserts")
    assert report.claimant is None  # the reports are not attributed
    assert denial.responds_to == report.claim_id


def test_a_charge_rejected_in_the_same_sentence(coder):
    claims = claims_of(coder, "Kyiv alleged that Russian forces had blown up the dam, a charge the Kremlin rejected.")
    assertion = next(c for c in claims if c.stance == "asserts")
    denial = next(c for c in claims if c.stance == "denies")
    assert country(assertion.claimant) == "UKR" and country(denial.claimant) == "RUS"
    assert denial.responds_to == assertion.claim_id and {"blow", "dam"} <= key(denial)


def test_the_charges_refer_to_the_previous_sentence(coder):
    claims = claims_of(coder, "The United States accused Japan of breaking the trade pact. Tokyo denied the charges.")
    accusation = next(c for c in claims if c.stance == "asserts")
    denial = next(c for c in claims if c.stance == "denies")
    assert denial.sentence == 1 and denial.responds_to == accusation.claim_id
    assert country(denial.claimant) == "JPN" and {"break", "pact"} <= key(denial)


def test_evidence_offered_by_citing(coder):
    claims = claims_of(coder, "Armenia rejected the accusation, citing satellite images of the border.")
    denial = next(c for c in claims if c.stance == "denies")
    assert denial.offered_evidence == "satellite images of the border"


@pytest.mark.parametrize("text", [
    "Russian troops shelled the port of Odesa on Monday.",
    "Iran said it would resume talks with the European Union next week.",
    "The president said he hoped the two sides would reach an agreement soon.",
    "Japan called on China to release the detained fishermen.",
    "The government denied entry to the foreign journalists.",
    "Turkey rejected the peace plan proposed by Sweden.",
    "Rwanda insisted that it would attack the rebels unless they were disarmed.",
])
def test_not_a_claim(coder, text):
    assert claims_of(coder, text) == []


# -- topics and linking --------------------------------------------------------------------

def test_deverbal_nouns_fold_into_their_verbs():
    lex = load_claim_lexicon()
    assert topic_key_of(["blockade", "Lachin", "road"], lex) == ("block", "lachin", "road")
    assert set(topic_key_of(["blocking", "Lachin", "road"], lex)) == set(topic_key_of(["Lachin", "road", "blockade"], lex))
    assert topic_key_of(["violation", "statement"], lex)[0] == topic_key_of(["violate", "statement"], lex)[0] == "violate"
    assert topics_agree(("block", "lachin", "road"), ("block", "lachin", "corridor")) > 0
    assert topics_agree(("block", "lachin", "road"), ("transport", "lachin", "mine", "road")) == 0


def test_linking_across_articles_within_a_time_window(coder):
    first = claims_of(coder, "Armenia said Azerbaijan was blocking the Lachin road.", date(2023, 1, 10), "a")
    soon = claims_of(coder, "Azerbaijan denied blocking the Lachin road.", date(2023, 1, 12), "b")
    late = claims_of(coder, "Azerbaijan denied blocking the Lachin road.", date(2023, 4, 20), "c")
    contests = link_claims(first + soon + late)
    assert len(contests) == 1
    assert {c.article_id for c in contests[0].claims} == {"a", "b"}
    wider = link_claims(first + soon + late, window_days=120)
    assert {c.article_id for c in wider[0].claims} == {"a", "b", "c"}
    assert link_claims(first + late) == []


def _claim(claimant, stance, subject, key_words, day, article="x", sentence=0):
    def mention(code):
        if code is None:
            return None
        return ActorMention(code, (0, len(code)), Actor(code=code, country=code[:3]), sentence)
    return Claim(article, sentence, stance, Trigger("said", (sentence, sentence + 4)),
                 Proposition(" ".join(key_words), (10 + sentence, 20 + sentence), mention(subject),
                             " ".join(key_words), tuple(key_words)),
                 evidence="", claimant=mention(claimant), date=day)


def test_same_side_is_no_contest_and_other_subjects_do_not_link():
    day = date(2023, 1, 1)
    ours = [_claim("AZE", "asserts", "ARM", ["violate", "ceasefire"], day, "a"),
            _claim("AZEGOV", "denies", "ARM", ["violate", "ceasefire"], day, "b")]
    assert link_claims(ours) == []  # Azerbaijan and its government are one side
    other_subject = [_claim("AZE", "asserts", "ARM", ["violate", "ceasefire"], day, "a"),
                     _claim("ARM", "denies", "IRN", ["violate", "ceasefire"], day, "b")]
    assert link_claims(other_subject) == []
    contested = [_claim("AZE", "asserts", "ARM", ["violate", "ceasefire"], day, "a"),
                 _claim("ARM", "denies", "ARM", ["violate", "ceasefire", "line"], day, "b")]
    (k,) = link_claims(contested)
    assert k.subject == "ARM" and len(k.assertions) == len(k.challenges) == 1


def test_unknown_stance_is_refused():
    with pytest.raises(ValueError, match="stance"):
        _claim("AZE", "claims", None, ["x"], None)


# -- data files -----------------------------------------------------------------------------

def test_bad_lexicon_line_names_file_and_line(tmp_path):
    data = tmp_path / "claims"
    shutil.copytree(DATA, data)
    verbs = data / "verbs.txt"
    lines = verbs.read_text(encoding="utf-8").splitlines()
    lines.append("deplore    condemns   clause")
    verbs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_claim_lexicon(data)
    assert f"verbs.txt:{len(lines)}" in str(err.value) and "condemns" in str(err.value)


# -- the command --------------------------------------------------------------------------------

def run_cli(*args):
    """The installed command in a process of its own, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=600)


def test_cli_contested_jsonl():
    done = run_cli("claims", "--contested", "--format", "jsonl", SAMPLE)
    assert done.returncode == 0, done.stderr
    contests = [json.loads(line) for line in done.stdout.splitlines()]
    assert any(k["subject"] == "AZE" and "block" in k["topic_key"]
               and k["assertions"][0]["claimant"]["code"] == "ARM"
               and k["challenges"][0]["offered_evidence"]["text"].startswith("video frames")
               for k in contests), contests


def test_cli_actor_filter_and_table():
    done = run_cli("claims", "--actor", "ARM", SAMPLE)
    assert done.returncode == 0, done.stderr
    assert "ARM (Armenia)" in done.stdout and "blocking of the Lachin road" in done.stdout
    assert "wide potential" not in done.stdout  # neither made by nor about Armenia


def test_cli_bad_input_is_one_line(tmp_path):
    done = run_cli("claims", tmp_path / "missing.txt")
    err = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(err) == 1 and "missing.txt" in err[0]
    done = run_cli("claims", "--window", "-3", SAMPLE)
    err = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(err) == 1 and "--window" in err[0]
