"""Stage read, the formats added for ingest: CSV, gzip, HTML, streaming, content ids, limits."""

from __future__ import annotations

import gzip
import json
from datetime import date

import pytest

from eventwire.records import Article
from eventwire.stages import read as read_stage
from eventwire.stages.read import ReadProblem, content_id, html_main_text, read_inputs


def read(*paths, **kw) -> list:
    return list(read_inputs([str(p) for p in paths], **kw))


def articles(items) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def problems(items) -> list[ReadProblem]:
    return [i for i in items if isinstance(i, ReadProblem)]


# --------------------------------------------------------------------------- CSV

def test_csv_with_a_text_column_and_metadata(tmp_path):
    f = tmp_path / "news.csv"
    f.write_text('ID,Title,Date,Text,Extra\n'
                 'n1,Talks,1987-03-02,"TEHRAN (Reuters) - Iran said, on Monday, it attacked Iraq.",x\n'
                 'n2,,,"Two lines\nof text.",y\n', encoding="utf-8")
    [a, b] = read(f)
    assert (a.id, a.title, a.date, a.dateline.outlet) == ("n1", "Talks", date(1987, 3, 2), "Reuters")
    assert a.text == "TEHRAN (Reuters) - Iran said, on Monday, it attacked Iraq." and a.origin == f"{f}:2"
    assert (b.id, b.title, b.text, b.origin) == ("n2", None, "Two lines\nof text.", f"{f}:3")


def test_csv_bad_rows_are_reported_and_the_rest_read(tmp_path):
    f = tmp_path / "news.csv"
    f.write_text("id,text\nn1,First story.\nn2\nn3,Third,extra\nn4,\nn5,Fifth story.\n", encoding="utf-8")
    items = read(f)
    assert [a.id for a in articles(items)] == ["n1", "n5"]
    assert [(p.origin.rsplit(":", 1)[1], p.message) for p in problems(items)] == [
        ("3", "expected 2 fields as in the header, got 1"),
        ("4", "expected 2 fields as in the header, got 3"),
        ("5", "field text: empty")]
    assert not any(p.fatal for p in problems(items))


def test_csv_without_a_text_column_is_one_problem(tmp_path):
    f = tmp_path / "table.csv"
    f.write_text("id,body\n1,Something.\n", encoding="utf-8")
    [p] = read(f)
    assert p.fatal and "no text column" in p.message and "id, body" in p.message


def test_tab_separated_and_latin1_rows(tmp_path):
    f = tmp_path / "news.tsv"
    f.write_bytes("id\ttext\nr1\tSAO PAULO, March 3 - Caf\xe9 exports rose.\n".encode("latin-1"))
    [a] = read(f)
    assert "Café" in a.text and a.warnings == ["not UTF-8 (byte 27 of the line); read as cp1252"]


# --------------------------------------------------------------------------- gzip

def test_gzipped_json_lines_csv_and_text(tmp_path):
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(b'{"id": "g1", "text": "Gzipped story."}\n'))
    (tmp_path / "b.csv.gz").write_bytes(gzip.compress(b"id,text\ng2,Another gzipped story.\n"))
    (tmp_path / "c.txt.gz").write_bytes(gzip.compress(b"id g3 A text file, gzipped."))
    (tmp_path / "d.bin.gz").write_bytes(gzip.compress(b"not read: unknown inner format"))
    assert [a.id for a in articles(read(tmp_path))] == ["g1", "g2", "g3"]


def test_a_corrupt_gzip_is_one_problem_and_the_rest_is_read(tmp_path):
    (tmp_path / "bad.jsonl.gz").write_bytes(b"not gzip at all")
    whole = gzip.compress("".join(json.dumps({"id": f"t{i}", "text": f"Story {i * 7919 % 10007}."}) + "\n"
                                  for i in range(2000)).encode("utf-8"))
    truncated = whole[:len(whole) // 2]
    (tmp_path / "cut.jsonl.gz").write_bytes(truncated)
    (tmp_path / "good.txt").write_text("A good story.", encoding="utf-8")
    items = read(tmp_path)
    ids = [a.id for a in articles(items)]
    assert ids[-1] == "good.txt" and 0 < len(ids) - 1 < 2000  # what came before the cut is read
    messages = [p.message for p in problems(items) if p.fatal and p.origin.endswith(".gz")]
    assert len(messages) == 2 and all("gzip" in m for m in messages)


# --------------------------------------------------------------------------- HTML

PAGE = """<!doctype html><html><head><title>Site | Azerbaijan accuses Armenia</title>
<meta property="og:title" content="Azerbaijan accuses Armenia">
<meta property="article:published_time" content="2022-12-23T10:00:00Z">
<meta property="og:site_name" content="Trend"><link rel="canonical" href="https://example.org/a/1">
<script>var story = "a script is not part of the story, however long it is written";</script>
<style>p { color: red; } /* nor is a style sheet, however long it is written */</style></head>
<body><header><nav><a href="/">Home</a> <a href="/w">World news, politics, economy and much more here</a></nav></header>
<div><a href="/1">Politics</a> | <a href="/2">Economy</a> | <a href="/3">Sports</a> | <a href="/4">Culture and arts</a></div>
<article><h1>Azerbaijan accuses Armenia</h1>
<p>BAKU, Azerbaijan, December 23. Azerbaijan&#39;s foreign ministry accused Armenia of violating the ceasefire.</p>
<p>The ministry said shelling near the border damaged several houses &amp; a school on Friday night.</p>
<p>Share this</p><div hidden>Hidden text that nobody sees on the page at all, long enough to count.</div></article>
<aside><p>Read also: ten other stories you might like, chosen for you by our team of editors.</p></aside>
<footer><p>Copyright 2022 Example News Agency. All rights reserved, everywhere in the world.</p></footer>
</body></html>"""


def test_html_main_text_drops_boilerplate_and_keeps_metadata():
    text, fields = html_main_text(PAGE)
    assert text == ("BAKU, Azerbaijan, December 23. Azerbaijan's foreign ministry accused Armenia of violating "
                    "the ceasefire.\n\nThe ministry said shelling near the border damaged several houses & a "
                    "school on Friday night.")
    assert fields == {"title": "Azerbaijan accuses Armenia", "date": "2022-12-23T10:00:00Z",
                      "url": "https://example.org/a/1", "source": "Trend"}


def test_html_page_without_article_element_keeps_long_link_poor_blocks():
    page = ("<html><body><div><a href=/a>Home</a> <a href=/b>About us and our many other pages</a></div>"
            "<div><p>Officials in Moscow said on Monday that the talks with Kyiv would resume next week.</p>"
            "<p>Menu</p></div><ul><li><a href=/x>A link list item that is long enough to count as text</a></li>"
            "</ul></body></html>")
    text, fields = html_main_text(page)
    assert text == "Officials in Moscow said on Monday that the talks with Kyiv would resume next week."
    assert fields == {}


def test_html_files_are_read_as_articles(tmp_path):
    (tmp_path / "story.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "empty.htm").write_text("<html><body><nav>Only a menu</nav></body></html>", encoding="utf-8")
    items = read(tmp_path)
    [a] = articles(items)
    assert a.id == "story.html" and a.date == date(2022, 12, 23) and a.source == "Trend"
    assert a.dateline.place == "BAKU" and a.text[a.body_start:].startswith("Azerbaijan's foreign ministry")
    [p] = [p for p in problems(items) if not p.fatal]
    assert p.origin.endswith("empty.htm") and p.message == "no main text found in the HTML page"


def test_broken_html_never_raises(tmp_path):
    f = tmp_path / "broken.html"
    f.write_text("<html><body><p>Unclosed <b>bold <i>and <p>A paragraph that is long enough to be kept "
                 "as the text of this page.</div></span><![CDATA[x]]><!--", encoding="utf-8")
    [a] = read(f)
    assert "A paragraph that is long enough" in a.text


# --------------------------------------------------------------------------- identity

def test_content_ids_name_articles_without_an_id_by_their_text(tmp_path):
    (tmp_path / "a.txt").write_text("Russia  and China\nheld talks.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "Russia and China held talks."}) + "\n"
                                      + json.dumps({"id": "own", "text": "Russia and China held talks."}) + "\n",
                                      encoding="utf-8")
    (tmp_path / "c.txt").write_text("id c-1 Russia and China held talks.", encoding="utf-8")
    ids = [a.id for a in articles(read(tmp_path, content_ids=True))]
    same = content_id("Russia and China held talks.")
    assert ids == [same, same, "own", "c-1"] and same.startswith("sha1-")
    assert [a.id for a in articles(read(tmp_path))] == ["a.txt", "b.jsonl#1", "own", "c-1"]  # default unchanged


# --------------------------------------------------------------------------- limits

def test_an_article_over_the_limit_is_a_problem_and_the_rest_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(read_stage, "MAX_ARTICLE_CHARS", 100)
    f = tmp_path / "mixed.jsonl"
    f.write_text(json.dumps({"id": "big", "text": "word " * 24}) + "\n"
                 + json.dumps({"id": "ok", "text": "Short."}) + "\n", encoding="utf-8")
    items = read(f)
    assert [a.id for a in articles(items)] == ["ok"]
    [p] = problems(items)
    assert p.origin == f"{f}:1" and "article too long (120 characters" in p.message


def test_a_whole_file_format_over_the_limit_is_a_problem(tmp_path, monkeypatch):
    monkeypatch.setattr(read_stage, "MAX_WHOLE_FILE_BYTES", 1000)
    (tmp_path / "huge.txt").write_text("word " * 1000, encoding="utf-8")
    (tmp_path / "small.txt").write_text("A small story.", encoding="utf-8")
    items = read(tmp_path)
    assert [a.id for a in articles(items)] == ["small.txt"]
    assert problems(items)[0].fatal and "too large" in problems(items)[0].message


def test_json_lines_stream_past_the_whole_file_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(read_stage, "MAX_WHOLE_FILE_BYTES", 1000)
    monkeypatch.setattr(read_stage, "SNIFF_BYTES", 64)  # the first read ends inside a line
    f = tmp_path / "many.jsonl"
    f.write_text("".join(json.dumps({"id": f"n{i}", "text": f"Story number {i}."}) + "\n" for i in range(200)),
                 encoding="utf-8")
    items = read(f)
    assert [a.id for a in items] == [f"n{i}" for i in range(200)]
    assert items[150].origin == f"{f}:151"


# --------------------------------------------------------------------------- never raises

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(raw=st.binary(max_size=1500), suffix=st.sampled_from([".csv", ".tsv", ".html", ".jsonl.gz", ".txt.gz"]),
       compress=st.booleans())
def test_any_bytes_in_the_new_formats(tmp_path_factory, raw, suffix, compress):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(gzip.compress(raw) if compress and suffix.endswith(".gz") else raw)
    for item in read_inputs([str(path)], content_ids=True):
        assert isinstance(item, (Article, ReadProblem))
        if isinstance(item, ReadProblem):
            assert path.name in item.origin and item.message and "\n" not in item.message
        else:
            assert item.text.strip() and 0 <= item.body_start <= len(item.text)
