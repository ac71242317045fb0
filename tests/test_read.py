"""Stage read: files, JSON, JSON Lines, standard input, metadata and datelines."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.records import Article
from eventwire.stages.read import ReadProblem, article_from_text, parse_date, parse_dateline, parse_metadata, read_inputs

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "azerbaijan-russia-2022-12-23.txt"


def read(*paths, stdin=None) -> list:
    return list(read_inputs([str(p) for p in paths], stdin=stdin))


def articles(items) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def problems(items) -> list[ReadProblem]:
    return [i for i in items if isinstance(i, ReadProblem)]


# --------------------------------------------------------------------------- the sample

def test_sample_article():
    [a] = read(SAMPLE)
    assert isinstance(a, Article)
    assert a.id == "azerbaijan-russia-2022-12-23.txt"
    assert a.date == date(2022, 12, 23) and a.date_basis == "metadata"
    assert a.text == SAMPLE.read_text(encoding="utf-8")  # exactly as read
    assert a.text[a.body_start:].startswith("Azerbaijani Foreign Minister Jeyhun Bayramov")
    dl = a.dateline
    assert dl.place == "BAKU" and a.text[slice(*dl.place_span)] == "BAKU"
    assert dl.text == "BAKU, Azerbaijan, December 23." and a.text[slice(*dl.span)] == dl.text
    assert dl.date == date(2022, 12, 23) and dl.outlet is None
    assert a.warnings == [] and a.origin == str(SAMPLE)


def test_sample_in_a_directory_and_hidden_files_skipped(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("date 2022-01-01 Secret text.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("Not read.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b1", "text": "Some text."}) + "\n", encoding="utf-8")
    items = read(tmp_path)
    assert [a.id for a in articles(items)] == ["b1", "sub/a.txt"]  # sorted walk, ids relative
    assert problems(items) == []


# --------------------------------------------------------------------------- metadata

def test_metadata_pairs_plain_quoted_and_colon(tmp_path):
    f = tmp_path / "m.txt"
    f.write_text('id az-1 source "Trend News Agency" url https://x.az/1 date 2022-12-23\n'
                 'title: Bayramov visits Moscow\n\nMOSCOW (Trend) - The minister arrived.', encoding="utf-8")
    [a] = read(f)
    assert (a.id, a.source, a.url, a.title) == ("az-1", "Trend News Agency", "https://x.az/1", "Bayramov visits Moscow")
    assert a.date == date(2022, 12, 23)
    assert a.dateline.place == "MOSCOW" and a.dateline.outlet == "Trend"
    assert a.text[a.body_start:] == "The minister arrived."


def test_metadata_only_at_the_start():
    fields, pos = parse_metadata("The date 2022-12-23 was set.")
    assert fields == {} and pos == 0
    fields, pos = parse_metadata("Date 2022-12-23 is capitalised, so prose.")
    assert fields == {}


def test_impossible_metadata_date_falls_back_to_dateline(tmp_path):
    f = tmp_path / "bad-date.txt"
    f.write_text("date 2022-13-45 BAKU, Azerbaijan, December 23, 2022. Text.", encoding="utf-8")
    [a] = read(f)
    assert a.date == date(2022, 12, 23) and a.date_basis == "dateline"
    assert a.warnings == ["field date: cannot read '2022-13-45'; using the dateline"]


def test_unreadable_date_without_dateline_gives_none(tmp_path):
    f = tmp_path / "x.json"
    f.write_text(json.dumps({"text": "Officials met.", "date": "yesterday"}), encoding="utf-8")
    [a] = read(f)
    assert a.date is None and a.date_basis == "none"
    assert a.warnings == ["field date: cannot read 'yesterday'; no date"]


def test_future_date_not_used(tmp_path):
    later = (date.today() + timedelta(days=10)).isoformat()
    f = tmp_path / "future.json"
    f.write_text(json.dumps({"text": "TEHRAN (Reuters) - Iran said.", "date": later}), encoding="utf-8")
    [a] = read(f)
    assert a.date is None and a.date_basis == "none"
    assert "in the future" in a.warnings[0]


@pytest.mark.parametrize("value, expected", [
    ("2022-12-23", date(2022, 12, 23)),
    ("2022-12-23T10:15:00Z", date(2022, 12, 23)),
    ("2022-12-23T23:30:00-05:00", date(2022, 12, 23)),
    ("1987-03-26", date(1987, 3, 26)),
    ("26-MAR-1987 10:15:00.00", date(1987, 3, 26)),
    ("March 26, 1987", date(1987, 3, 26)),
    ("26 March 1987", date(1987, 3, 26)),
    ("2022-13-45", None),
    ("yesterday", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_dateline_without_year_and_without_metadata_has_no_date(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("BAKU, Azerbaijan, December 23. Text.", encoding="utf-8")
    [a] = read(f)
    assert a.dateline.date is None and a.date is None and a.date_basis == "none"
    assert a.text[a.body_start:] == "Text."


# --------------------------------------------------------------------------- JSON

def test_json_object_and_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": "OTTAWA, March 26 - Royal Bank said.", "date": "1987-03-26",
                               "title": "T", "source": "Reuters", "url": "u"}), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"id": "x", "text": "A."}, {"text": "B."}]), encoding="utf-8")
    a, b, c = articles(read(one, many))
    assert a.id == "one.json" and a.title == "T" and a.source == "Reuters" and a.url == "u"
    assert a.dateline.place == "OTTAWA" and a.dateline.date == date(1987, 3, 26)
    assert a.text[a.body_start:] == "Royal Bank said." and a.date_basis == "metadata"
    assert (b.id, c.id) == ("x", "many.json#2")


def test_jsonl_with_a_malformed_line(tmp_path):
    f = tmp_path / "news.jsonl"
    f.write_text('{"id": "a", "text": "First."}\n{"id": "b", "text": \n\n{"text": "Third."}\n', encoding="utf-8")
    items = read(f)
    assert [a.id for a in articles(items)] == ["a", "news.jsonl#4"]
    [p] = problems(items)
    assert p.origin == f"{f}:2" and "malformed JSON" in p.message and not p.fatal
    assert items.index(p) == 1  # reported in place, the reading goes on


@pytest.mark.parametrize("record, words", [
    ({"id": "a"}, "field text: missing"),
    ({"text": 42}, "field text: expected a string, got a number"),
    ({"text": "   "}, "field text: empty"),
    (["not", "an", "object"], "expected a JSON object"),
])
def test_jsonl_bad_records(tmp_path, record, words):
    f = tmp_path / "r.ndjson"
    f.write_text('{"text": "Good."}\n' + json.dumps(record) + "\n", encoding="utf-8")
    items = read(f)
    assert len(articles(items)) == 1
    [p] = problems(items)
    assert p.origin == f"{f}:2" and words in p.message


def test_reuters_silver_first_line(tmp_path):
    line = Path("/work/shared/train/reuters-silver.jsonl")
    if not line.exists():
        pytest.skip("shared corpus not available")
    f = tmp_path / "one.jsonl"
    f.write_text(line.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    [a] = read(f)
    assert a.id == "reu-10121" and a.date == date(1987, 3, 26)
    assert a.dateline.text == "OTTAWA, March 26 -" and a.text[a.body_start:].startswith("Royal Bank")


# --------------------------------------------------------------------------- standard input

def test_stdin_text_and_jsonl():
    [a] = read("-", stdin=io.StringIO("LONDON (AP) -- Britain said."))
    assert a.id == "stdin" and a.dateline.outlet == "AP" and a.text[a.body_start:] == "Britain said."
    items = read("-", stdin=io.StringIO('{"text": "A."}\n{"text": "B."}\n'))
    assert [a.id for a in articles(items)] == ["stdin#1", "stdin#2"]
    [p] = read("-", stdin=io.StringIO("  \n"))
    assert isinstance(p, ReadProblem) and p.fatal


# --------------------------------------------------------------------------- problems

def test_missing_file(tmp_path):
    [p] = read(tmp_path / "nope.txt")
    assert isinstance(p, ReadProblem) and p.fatal and "no such file" in p.message


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_file(tmp_path, content):
    f = tmp_path / "empty.txt"
    f.write_bytes(content)
    [p] = read(f)
    assert isinstance(p, ReadProblem) and p.message == "empty file" and p.origin == str(f)


def test_directory_without_articles(tmp_path):
    (tmp_path / "readme.md").write_text("nothing", encoding="utf-8")
    [p] = read(tmp_path)
    assert p.fatal and p.message == f"no articles found in {tmp_path}"


def test_binary_bytes_are_a_problem(tmp_path):
    f = tmp_path / "blob.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    [p] = read(f)
    assert isinstance(p, ReadProblem) and "undecodable bytes" in p.message


def test_latin1_falls_back_with_a_warning(tmp_path):
    f = tmp_path / "reuters.txt"
    f.write_bytes("SAO PAULO, March 3 - Caf\xe9 exports rose.".encode("latin-1"))
    [a] = read(f)
    assert "Café" in a.text and a.dateline.place == "SAO PAULO"
    assert a.warnings and "not UTF-8" in a.warnings[0]


def test_problems_never_stop_the_reading(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Plain text.", encoding="utf-8")
    items = read(tmp_path / "missing.txt", good)
    assert isinstance(items[0], ReadProblem) and isinstance(items[1], Article)
    assert str(items[0]).startswith(str(tmp_path / "missing.txt") + ": ")


# --------------------------------------------------------------------------- datelines

@pytest.mark.parametrize("text, dateline, place, outlet, when", [
    ("BAKU, Azerbaijan, December 23. Azerbaijani", "BAKU, Azerbaijan, December 23.", "BAKU", None, date(2022, 12, 23)),
    ("TEHRAN (Reuters) - Iran said", "TEHRAN (Reuters) -", "TEHRAN", "Reuters", None),
    ("WASHINGTON, March 3 - The", "WASHINGTON, March 3 -", "WASHINGTON", None, date(2023, 3, 3)),
    ("BANGKOK/JEDDAH, 29 October 2004 - Two", "BANGKOK/JEDDAH, 29 October 2004 -", "BANGKOK", None, date(2004, 10, 29)),
    ("NEW YORK, Feb 26 - Stocks", "NEW YORK, Feb 26 -", "NEW YORK", None, date(2023, 2, 26)),
    ("LONDON (AP) -- Britain", "LONDON (AP) --", "LONDON", "AP", None),
    ("UNITED NATIONS (Reuters) - The", "UNITED NATIONS (Reuters) -", "UNITED NATIONS", "Reuters", None),
    ("Moscow, Dec 23 (AFP) - Russia", "Moscow, Dec 23 (AFP) -", "Moscow", "AFP", date(2022, 12, 23)),
    ("KABUL, Dec. 8 (AFP) - NATO", "KABUL, Dec. 8 (AFP) -", "KABUL", "AFP", date(2022, 12, 8)),
    ("ST. LOUIS, Mo., March 3 - A", "ST. LOUIS, Mo., March 3 -", "ST. LOUIS", None, date(2023, 3, 3)),
    ("NAJAF, Iraq - Explosions", "NAJAF, Iraq -", "NAJAF", None, None),
    ("Canadian Press - VANCOUVER (CP) - The", "Canadian Press - VANCOUVER (CP) -", "VANCOUVER", "CP", None),
    ("AP - The man who", "AP -", None, "AP", None),
    ("WASHINGTON, March 12, Reuter - The", "WASHINGTON, March 12, Reuter -", "WASHINGTON", "Reuters", date(2023, 3, 12)),
    ("GENEVA, Sept. 5, 2003 - x", "GENEVA, Sept. 5, 2003 -", "GENEVA", None, date(2003, 9, 5)),
])
def test_dateline_styles(text, dateline, place, outlet, when):
    dl = parse_dateline(text, reference=date(2023, 1, 1))
    assert dl is not None
    assert (dl.text, dl.place, dl.outlet, dl.date) == (dateline, place, outlet, when)
    assert text[slice(*dl.span)] == dateline
    if place:
        assert text[slice(*dl.place_span)] == place


@pytest.mark.parametrize("text", [
    "WASHINGTON officials said on Monday that talks would resume.",
    "Washington - a city of monuments - said nothing.",
    "US - China talks resumed.",
    "Russia and Azerbaijan signed a deal.",
    "Lavrov met Blinken. - Then",
    "BAKU, Azerbaijan. Text",  # a full stop ends a dateline only after a date
    "",
])
def test_not_datelines(text):
    assert parse_dateline(text) is None


def test_dateline_after_offset_and_year_from_reference():
    text = "date 1987-01-02 TOKYO, Dec 31 - Prices fell."
    dl = parse_dateline(text, 15, reference=date(1987, 1, 2))
    assert dl.span == (16, 31) and dl.date == date(1986, 12, 31)  # the nearest year


@pytest.mark.parametrize("text,dateline,place", [
    ("Israel eases curbs on Gaza. GAZA, Oct 28 (AFP) - Israel said it would", "GAZA, Oct 28 (AFP) -", "GAZA"),
    ("Quake hits Peru\nLIMA (Reuters) - A strong earthquake", "LIMA (Reuters) -", "LIMA"),
    ("Rebels 'seize town'. AP - Rebels in the north", "AP -", None),
])
def test_dateline_after_a_headline_is_read_and_the_headline_kept(text, dateline, place):
    a = article_from_text(text, "t", None)
    assert a.dateline is not None and (a.dateline.text, a.dateline.place) == (dateline, place)
    assert a.body_start == 0  # the headline is text to code


def test_a_headline_followed_by_plain_text_has_no_dateline():
    a = article_from_text("Talks resume in Geneva. WASHINGTON officials said on Monday that talks would resume.")
    assert a.dateline is None


def test_dateline_after_a_headline_names_no_actor():
    from eventwire.pipeline import Coder, CoderConfig
    coder = Coder(CoderConfig(locate=False))
    events = coder.code_article(article_from_text(
        "Troops reach new base. BAGHDAD, Iraq - An advance party of British soldiers has arrived.", "t", None))
    assert all(e.source is None or e.source.text != "BAGHDAD" for e in events)


def test_crlf_text_is_kept_exactly(tmp_path):
    f = tmp_path / "crlf.txt"
    f.write_bytes(b"date 2022-12-23\r\nBAKU, Azerbaijan, December 23. Text one.\r\n\r\nText two.\r\n")
    [a] = read(f)
    assert a.text == f.read_bytes().decode("utf-8")
    assert a.date == date(2022, 12, 23) and a.text[a.body_start:].startswith("Text one.")


def test_metadata_without_body_warns(tmp_path):
    f = tmp_path / "bare.txt"
    f.write_text("date 2022-12-23\n", encoding="utf-8")
    [a] = read(f)
    assert a.body_start == len(a.text) and a.warnings == ["no text after the metadata and dateline"]


_PIECES = st.sampled_from(["date ", "2022-12-23 ", "id ", '"', "BAKU", ", ", "December 23", ".", " - ", "--",
                           "(Reuters)", "AP", " ", "\n", "{", "}", "text", ":", "Moscow", "Feb 30", "2022-13-45"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(_PIECES, max_size=12).map("".join)))
def test_reading_never_raises(text):
    for item in read("-", stdin=io.StringIO(text)):
        if isinstance(item, Article):
            assert 0 <= item.body_start <= len(item.text) and item.text == text
            dl = item.dateline
            if dl:
                # a leading dateline ends before the body; one after a headline lies inside it
                # (the headline is text to code: test_dateline_after_a_headline_...)
                assert item.text[slice(*dl.span)] == dl.text
                assert dl.span[1] <= item.body_start or dl.span[0] >= item.body_start
        else:
            assert item.origin.startswith("<stdin>") and item.message
