"""Fuzzing the readers and the coder: never a traceback, always a clear
message or a correct (possibly empty) result. ``EVENTWIRE_FUZZ=long`` for a longer run."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline import Coder, CoderConfig
from eventwire.records import Article
from eventwire.stages.read import ReadProblem, parse_dateline, read_inputs

WORDS = ["Russia", "accused", "Armenia", "of", "shelling", "met", "with", "China", "on", "Monday",
         "the", "foreign", "minister", "said", ".", ",", "\n", "not", "NATO", "Baku", "(Reuters)", "-",
         "<script>", "\u200b", "\x00", "🙂", "اللغة", "Москва", "2022-13-45", "visited"]
text_like = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=50).map(lambda s: s * 40),
)


@pytest.fixture(scope="module")
def coder():
    return Coder(CoderConfig(locate=True))


@given(raw=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".json", ".jsonl", ".ndjson"]))
def test_any_bytes_in_any_file_kind(tmp_path_factory, raw, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(raw)
    for item in read_inputs([str(path)]):
        assert isinstance(item, (Article, ReadProblem))
        if isinstance(item, ReadProblem):
            assert str(path.name) in item.origin and item.message and "\n" not in item.message
        else:
            assert 0 <= item.body_start <= len(item.text)


@given(records=st.lists(st.one_of(
    st.dictionaries(st.sampled_from(["id", "title", "text", "date", "url", "source", "other"]),
                    st.one_of(st.none(), st.integers(), st.text(max_size=60), st.lists(st.integers(), max_size=2)),
                    max_size=6),
    st.text(max_size=40)), max_size=8))
def test_jsonl_with_wrong_types_and_broken_lines(tmp_path_factory, records):
    path = tmp_path_factory.mktemp("fuzz") / "in.jsonl"
    lines = [json.dumps(r) if isinstance(r, dict) else r.replace("\n", " ") for r in records]
    path.write_text("\n".join(lines), encoding="utf-8")
    for item in read_inputs([str(path)]):
        assert isinstance(item, (Article, ReadProblem))
        if isinstance(item, Article):
            assert isinstance(item.text, str) and item.text.strip()


@given(text=text_like)
def test_dateline_parser_never_raises(text):
    d = parse_dateline(text)
    if d is not None:
        assert 0 <= d.span[0] <= d.span[1] <= len(text)


@given(text=text_like)
def test_coder_never_raises_and_spans_hold(coder, text):
    article = Article(id="fuzz", text=text)
    for event in coder.code_article(article):
        d = event.to_dict()
        s, e = d["trigger"]["span"]
        assert text[s:e] == d["trigger"]["text"]
        for role in ("source", "target"):
            if d[role]:
                s, e = d[role]["span"]
                assert text[s:e] == d[role]["text"]
        json.dumps(d)  # always serialisable


def test_empty_and_whitespace_texts(coder):
    for text in ["", " ", "\n\n\t", "\x00\x00"]:
        assert coder.code_article(Article(id="e", text=text)) == []
