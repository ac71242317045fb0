"""Fuzzing the web API's inputs (FastAPI TestClient): request bodies of any shape,
wrong types, huge fields, broken JSON, odd query strings. Never a 500: a 2xx answer
or a 4xx with a JSON ``{"error": ...}`` message. ``EVENTWIRE_FUZZ=long`` for a longer run."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("duckdb")

from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from eventwire.pipeline import CoderConfig  # noqa: E402
from eventwire.serve import create_app  # noqa: E402

FIELDS = ["text", "id", "title", "date", "url", "source", "articles", "other"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=80), st.sampled_from(["2022-02-30", "0000-00-00", "9999-99-99", "yesterday",
                                                           "<p>Russia met China</p>", "\x00\x01", " \n\t "]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.sampled_from(FIELDS), inner, max_size=3)),
                      max_leaves=8)
article_like = st.dictionaries(st.sampled_from(FIELDS), values, max_size=6)
bodies = st.one_of(article_like, st.lists(article_like, max_size=4), values,
                   st.fixed_dictionaries({"articles": st.lists(article_like, max_size=3)}))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz-api") / "events.duckdb"
    with TestClient(create_app(str(path), coder_config=CoderConfig(locate=False)),
                    raise_server_exceptions=False) as c:
        yield c


def assert_answered(response) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body.get("error"), str) and body["error"], body
        assert "Traceback" not in body["error"]


@given(body=bodies, route=st.sampled_from(["/code", "/articles"]))
def test_any_json_body(client, body, route):
    assert_answered(client.post(route, content=json.dumps(body), headers={"content-type": "application/json"}))


raw_bodies = st.one_of(st.binary(max_size=300),
                       st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")))


@given(raw=raw_bodies, route=st.sampled_from(["/code", "/articles"]))
def test_broken_json_bodies(client, raw, route):
    assert_answered(client.post(route, content=raw, headers={"content-type": "application/json"}))


@given(raw=raw_bodies, kind=st.sampled_from(["text/plain", "application/x-www-form-urlencoded"]))
def test_bodies_that_are_not_json(client, raw, kind):
    assert_answered(client.post("/code", content=raw, headers={"content-type": kind}))


def test_a_plain_text_body_to_post_articles_is_a_4xx(client):
    assert_answered(client.post("/articles", content=b"Russia met China.", headers={"content-type": "text/plain"}))


@given(text=st.text(min_size=1, max_size=60), repeat=st.sampled_from([1, 1000, 50_000]),
       field=st.sampled_from(["text", "title", "id", "url", "source", "date"]))
def test_huge_fields(client, text, repeat, field):
    article = {"text": "Russia accused Ukraine of shelling the plant.", field: text * repeat}
    assert_answered(client.post("/code", json=article))


@given(params=st.dictionaries(st.sampled_from(["actor", "source", "target", "country", "cameo", "quad_class",
                                               "plover", "start", "end", "page", "per_page", "sort", "by",
                                               "min_mentions", "text"]),
                              st.text(max_size=30), max_size=5),
       route=st.sampled_from(["/events", "/dyads", "/actors", "/events/x"]))
def test_any_query_string(client, params, route):
    assert_answered(client.get(route, params=params))


def test_a_stored_article_and_a_skipped_one_are_reported(client):
    english = {"id": "en-1", "text": "Azerbaijani Foreign Minister Jeyhun Bayramov met his Russian counterpart "
                                     "Sergei Lavrov in Moscow on Tuesday."}
    french = {"id": "fr-1", "text": "Le ministre azerbaïdjanais des Affaires étrangères a rencontré mardi à Moscou "
                                    "son homologue russe pour discuter de la situation dans la région."}
    r = client.post("/articles", json=[english, french])
    assert r.status_code == 200, r.text
    assert r.json()["stored"] == 1
    coded = client.post("/code", json=french).json()
    assert coded["events"] == [] and any("not coded" in w for w in coded["warnings"])
