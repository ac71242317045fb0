"""The article's other party as the target of an event whose sentence names none
(stages/counterparts.py). Stories are written for these tests."""

import pytest

from eventwire.pipeline import Coder, CoderConfig


@pytest.fixture(scope="module")
def coder():
    return Coder(CoderConfig(locate=False))


def events_of(coder, text, root):
    return [e.to_dict() for e in coder.code_text(text) if e.cameo.startswith(root)]


def other_party_note(event):
    return any(n.startswith("target: the article's other party") for n in event["notes"])


@pytest.mark.parametrize("text, root, source, target", [
    ("The UN Security Council passed a resolution on Darfur on Friday. Sudan condemned the resolution "
     "as unfair.", "11", "SDN", "IGOUN"),
    ("The European Union offered Turkey a date for membership talks. Ankara welcomed the offer on "
     "Saturday.", "05", "TUR", "IGOEU"),
    ("Chile and Peru have argued for years over their sea border. Lima on Tuesday rejected the latest "
     "proposal.", "12", "PER", "CHL"),
    ("The United States imposed new tariffs on Brazilian steel last month. Brazil threatened on Monday "
     "to retaliate.", "13", "BRA", "USA"),
])
def test_an_event_with_no_target_in_its_sentence_takes_the_other_party(coder, text, root, source, target):
    found = [e for e in events_of(coder, text, root) if e["sentence"] == 1]
    assert found and found[0]["source"]["country"] == source
    assert found[0]["target"]["code"].startswith(target)
    assert other_party_note(found[0])
    assert found[0]["confidence"] <= 0.7  # a guess from the article, not the sentence


def test_the_target_span_points_at_the_other_partys_mention(coder):
    text = "Japan sent a note to China on Monday. Beijing rejected it."
    found = [e for e in events_of(coder, text, "12") if e["sentence"] == 1]
    assert found and found[0]["source"]["country"] == "CHN"
    assert text[slice(*found[0]["target"]["span"])] == "Japan"


def test_a_target_named_in_the_sentence_is_kept(coder):
    found = events_of(coder, "Russia met France on Monday. Germany criticised Poland.", "11")
    assert found and found[0]["target"]["country"] == "POL" and not other_party_note(found[0])


def test_a_story_of_home_affairs_gives_no_foreign_counterpart(coder):
    text = ("Kenyan police arrested 12 protesters in Nairobi. Kenyan officials said the arrests were lawful. "
            "The Kenyan government promised an inquiry. A British diplomat attended the hearing. "
            "Kenya's opposition criticised the arrests.")
    found = events_of(coder, text, "11")
    assert found and not any(e["target"] and e["target"]["country"] == "GBR" for e in found)
    assert not any(other_party_note(e) for e in found)


def test_a_place_named_in_passing_is_no_counterpart(coder):
    for text in ("The talks in Geneva ended on Monday. Iran rejected the proposal.",
                 "Delegates gathered in Paris for the conference. Iran rejected the proposal."):
        found = events_of(coder, text, "12")
        assert found and found[0]["target"] is None


def test_the_parties_of_one_sentence_are_not_counterparts_of_its_events(coder):
    found = events_of(coder, "Iran rejected the proposal made by the United States.", "12")
    assert found and not any(other_party_note(e) for e in found)


def test_counterparts_can_be_switched_off():
    quiet = Coder(CoderConfig(locate=False, counterpart_roots=()))
    text = "The UN Security Council passed a resolution on Darfur on Friday. Sudan condemned the resolution."
    found = [e for e in quiet.code_text(text) if e.cameo.startswith("11")]
    assert found and found[0].target is None


def test_talks_with_the_other_party_are_mutual(coder):
    text = ("India has long accused Pakistan of backing militants in Kashmir. "
            "Pakistani officials held talks in Islamabad on Monday.")
    found = [e for e in events_of(coder, text, "04") if e["sentence"] == 1]
    assert found and found[0]["target"]["country"] == "IND" and found[0]["reciprocal"]
