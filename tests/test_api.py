"""The web API (FastAPI TestClient): every route, bad parameters, the body limit,
ingest-then-query, concurrent reads during ingest, and escaping on the pages."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install -e '.[web]')")
from fastapi.testclient import TestClient  # noqa: E402

from eventwire.cli_serve import check_address, is_loopback  # noqa: E402
from eventwire.errors import EventwireError  # noqa: E402
from eventwire.pipeline import CoderConfig  # noqa: E402
from eventwire.serve import create_app, highlight  # noqa: E402
from eventwire.store import Store  # noqa: E402

from store_helpers import BAKU, GENEVA, OTHER, STORY, event, result  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "azerbaijan-russia-2022-12-23.txt"
HOSTILE = '<img src=x onerror="window.__pwned=1">'


def corpus() -> list[dict]:
    """A small hand-made corpus: AZE-ARM conflict over three months, one AZE-RUS visit,
    places in Baku and Geneva, and an actor name and evidence carrying markup."""
    out = []
    months = [date(2022, 10, 12), date(2022, 11, 20), date(2022, 12, 23)]
    for i, day in enumerate(months):
        text = f"{STORY} Report {i}."
        out.append(result(f"az{i}", text, [event(f"az{i}", text, "193", "AZEMIL", "ARM", day, place=BAKU,
                                                 outlet="Trend")], pub=day, source="Trend"))
    out.append(result("ge1", OTHER, [event("ge1", OTHER, "112", "AZEGOV", "ARM", date(2022, 12, 2), place=GENEVA)],
                      pub=date(2022, 12, 2), source="AFP"))
    visit = ("MOSCOW, Dec 23 - Azerbaijan's foreign minister visited Russia on Friday for talks with his "
             "Russian counterpart on the situation in the region and on trade between the two countries.")
    out.append(result("ru1", visit, [event("ru1", visit, "042", "AZEGOV", "RUS", date(2022, 12, 23))],
                      pub=date(2022, 12, 23), source="TASS"))
    bad = (f"Armenia {HOSTILE} accused <script>window.__pwned=2</script> Azerbaijan of breaking the "
           "ceasefire near the border on Monday, officials in Yerevan said in a statement to reporters.")
    e = event("xss", bad, "112", "ARM", "AZE", date(2022, 12, 5))
    e.source.actor.name = f"Armenia {HOSTILE}"
    out.append(result("xss", bad, [e], pub=date(2022, 12, 5), source="<b>Outlet</b>"))
    return out


def build_store(path) -> Store:
    store = Store(str(path))
    store.add_results(corpus())
    return store


@pytest.fixture
def client(tmp_path):
    store = build_store(tmp_path / "events.duckdb")
    with TestClient(create_app(str(tmp_path / "events.duckdb"), store=store)) as c:
        yield c
    store.close()


# --------------------------------------------------------------------------- reading routes

def test_health_reports_the_store_counts(client):
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["counts"]["articles"] == 6
    assert body["counts"]["events"] == 6


@pytest.mark.parametrize("query, expected", [
    ("", 6),
    ("actor=AZE", 6),          # every event has Azerbaijan on one side
    ("source=AZE", 5),
    ("target=RUS", 1),
    ("source=AZEGOV&target=ARM", 1),
    ("country=RUS", 1),
    ("cameo=19", 3),           # a root takes its codes
    ("cameo=193", 3),
    ("quad_class=1", 1),
    ("quad_class=4", 3),
    ("plover=consult", 1),
    ("start=2022-12-01", 4),
    ("start=2022-11-01&end=2022-11-30", 1),
    ("location=geneva", 1),
    ("outlet=tass", 1),
    ("text=ceasefire", 2),
    ("article=ge1", 1),
])
def test_events_filters(client, query, expected):
    body = client.get(f"/events?{query}").json()
    assert body["total"] == expected, query
    assert len(body["items"]) == expected


def test_events_paging_and_sort(client):
    first = client.get("/events?per_page=2&page=1&sort=date").json()
    second = client.get("/events?per_page=2&page=2&sort=date").json()
    assert first["total"] == second["total"] == 6
    assert len(first["items"]) == len(second["items"]) == 2
    days = [e["event_date"] for e in first["items"] + second["items"]]
    assert days == sorted(days)
    assert not {e["cluster_id"] for e in first["items"]} & {e["cluster_id"] for e in second["items"]}
    newest = client.get("/events?sort=-date&per_page=1").json()["items"][0]
    assert newest["event_date"] == "2022-12-23"


def test_event_by_id_has_its_mentions_and_evidence(client):
    item = client.get("/events?article=ge1").json()["items"][0]
    body = client.get(f"/events/{item['cluster_id']}").json()
    assert body["cluster_id"] == item["cluster_id"]
    [mention] = body["mentions"]
    assert mention["evidence"] == OTHER
    assert mention["article"]["id"] == "ge1"
    assert mention["trigger"]["span"][1] > mention["trigger"]["span"][0]
    # by a mention's id too
    assert client.get(f"/events/{mention['event_id']}").json()["cluster_id"] == item["cluster_id"]


def test_unknown_event_is_a_json_404(client):
    r = client.get("/events/nope")
    assert r.status_code == 404
    assert "nope" in r.json()["error"]


def test_dyads_as_the_store_computes_them(client):
    body = client.get("/dyads?source=AZE&target=ARM&by=month").json()
    rows = body["rows"]
    assert [r["period"] for r in rows] == ["2022-10-01", "2022-11-01", "2022-12-01"]
    assert [r["events"] for r in rows] == [1, 1, 2]
    assert rows[-1]["q3_verbal_conflict"] == 1 and rows[-1]["q4_material_conflict"] == 1
    assert rows[0]["goldstein_mean"] == pytest.approx(-10.0)
    weekly = client.get("/dyads?by=week&level=code").json()["rows"]
    assert {r["source"] for r in weekly} >= {"AZEMIL", "AZEGOV"}


def test_actors_and_unknown_actors(client):
    items = client.get("/actors").json()["items"]
    by_code = {a["code"]: a for a in items}
    assert by_code["ARM"]["as_target"] == 4
    assert by_code["AZEMIL"]["as_source"] == 3
    assert client.get("/actors?unknown=true").json()["items"] == []  # every actor here has a code


@pytest.mark.parametrize("query", [
    "quad_class=9", "quad_class=x", "cameo=abc", "start=yesterday", "start=2022-12-31&end=2022-01-01",
    "per_page=0", "per_page=5000", "page=0", "sort=random", "country=ARMENIA", "min_mentions=0",
])
def test_bad_parameters_are_422_with_a_message(client, query):
    r = client.get(f"/events?{query}")
    assert r.status_code == 422, query
    assert r.json()["error"]


def test_bad_dyad_period_is_422(client):
    r = client.get("/dyads?by=fortnight")
    assert r.status_code == 422
    assert "by" in r.json()["error"]


# --------------------------------------------------------------------------- body limit

def test_request_bodies_are_size_limited(tmp_path):
    store = build_store(tmp_path / "s.duckdb")
    with TestClient(create_app("unused", store=store, max_body_bytes=2000)) as c:
        r = c.post("/articles", json={"text": "x" * 5000})
        assert r.status_code == 413
        assert "2,000 bytes" in r.json()["error"]

        def chunks():  # no Content-Length: counted as it arrives
            for _ in range(10):
                yield b"x" * 500

        r = c.post("/code", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413
        assert c.get("/health").json()["counts"]["articles"] == 6  # nothing stored
    store.close()


# --------------------------------------------------------------------------- escaping

def test_article_text_and_actor_names_are_escaped_on_every_page(client):
    event_id = client.get("/events?article=xss").json()["items"][0]["cluster_id"]
    for url in ["/", "/ui/events", "/ui/events?article=xss", f"/ui/events/{event_id}", "/ui/actors",
                "/ui/actors/ARM", "/ui/dyad?a=ARM&b=AZE", "/ui/map"]:
        r = client.get(url)
        assert r.status_code == 200, url
        page = r.text
        assert "<script>window" not in page and "<img src=x" not in page, url
        assert "script-src 'none'" in r.headers["content-security-policy"]
    page = client.get(f"/ui/events/{event_id}").text
    assert "&lt;script&gt;window.__pwned=2&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=" in page


def test_pages_drop_empty_form_fields(client):
    r = client.get("/ui/events?actor=ARM&quad_class=&start=", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/ui/events?actor=ARM"


def test_evidence_highlight_marks_the_spans(client):
    item = client.get("/events?article=ge1").json()["items"][0]
    mention = client.get(f"/events/{item['cluster_id']}").json()["mentions"][0]
    pieces = highlight.pieces(mention, OTHER)
    assert "".join(t for t, _ in pieces) == OTHER
    marked = {role: t for t, role in pieces if role}
    assert marked["trigger"] == mention["trigger"]["text"]
    assert marked["source"] == mention["source"]["text"]
    page = client.get("/ui/events?article=ge1").text
    assert f'<mark class="trigger" title="trigger">{mention["trigger"]["text"]}</mark>' in page


# --------------------------------------------------------------------------- the server's address

@pytest.mark.parametrize("host, ok", [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True),
                                      ("localhost", True), ("0.0.0.0", False), ("192.168.1.5", False),
                                      ("::", False), ("example.org", False)])
def test_only_loopback_without_allow_remote(host, ok):
    assert is_loopback(host) is ok
    if ok:
        check_address(host, 8000, allow_remote=False)
    else:
        with pytest.raises(EventwireError, match="--allow-remote"):
            check_address(host, 8000, allow_remote=False)
        check_address(host, 8000, allow_remote=True)


def test_serve_command_refuses_a_public_address(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "eventwire.cli", "serve", "--host", "0.0.0.0",
                           "--db", str(tmp_path / "s.duckdb")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--allow-remote" in done.stderr
    assert not (tmp_path / "s.duckdb").exists()  # refused before the store was opened


# --------------------------------------------------------------------------- coding (the real coder)

@pytest.fixture(scope="module")
def coding_client(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "coded.duckdb"
    with TestClient(create_app(str(path), coder_config=CoderConfig(locate=False))) as c:
        yield c


def test_code_returns_events_and_stores_nothing(coding_client):
    before = coding_client.get("/health").json()["counts"]
    body = coding_client.post("/code", json={"text": SAMPLE.read_text(encoding="utf-8")}).json()
    codes = [e["cameo"] for e in body["events"]]
    assert "042" in codes  # Bayramov's visit to Russia
    visit = body["events"][codes.index("042")]
    assert visit["source"]["code"].startswith("AZE") and visit["target"]["code"].startswith("RUS")
    assert coding_client.get("/health").json()["counts"] == before


def test_code_rejects_a_missing_or_empty_text(coding_client):
    for payload in ({}, {"text": ""}, {"text": 12}):
        r = coding_client.post("/code", json=payload)
        assert r.status_code == 422
        assert "text" in r.json()["error"]


def test_ingest_then_query_and_again_nothing_twice(coding_client):
    sample = SAMPLE.read_text(encoding="utf-8")
    attack = ("YEREVAN, Nov 3 - Armenia accused Azerbaijan of shelling border villages on Thursday, "
              "the defence ministry said.")
    r = coding_client.post("/articles", json={"articles": [{"text": sample, "id": "sample"},
                                                           {"text": attack, "date": "2022-11-03"}, {"title": "no text"}]})
    body = r.json()
    assert r.status_code == 200
    assert body["stored"] == 2 and body["events"] > 2
    assert len(body["problems"]) == 1 and "text" in body["problems"][0]["message"]
    assert coding_client.get("/events?article=sample").json()["total"] >= 3
    accused = coding_client.get(f"/events?article={body['article_ids'][1]}&cameo=11").json()
    assert accused["total"] >= 1 and accused["items"][0]["source_code"].startswith("ARM")
    before = coding_client.get("/health").json()["counts"]
    again = coding_client.post("/articles", json=[{"text": sample, "id": "sample"}, {"text": attack, "date": "2022-11-03"}]).json()
    assert again["stored"] == 0 and again["skipped"] == 2
    after = coding_client.get("/health").json()["counts"]
    assert {k: after[k] for k in ("articles", "mentions", "events")} == \
           {k: before[k] for k in ("articles", "mentions", "events")}


def test_posting_nothing_readable_is_422(coding_client):
    assert coding_client.post("/articles", json=[]).status_code == 422
    r = coding_client.post("/articles", json=[{"title": "x"}, 5])
    assert r.status_code == 422 and "api#1" in r.json()["error"]


def test_markup_in_an_ingested_article_is_escaped(coding_client):
    text = ("<p>Russia <b>condemned</b> Ukraine on Tuesday</p><script>document.title='pwned'</script> "
            "for the attack, the <i>foreign ministry</i> said.")
    body = coding_client.post("/articles", json={"text": text, "id": "markup", "date": "2023-03-07"}).json()
    assert body["stored"] == 1
    pages = [coding_client.get("/ui/events?article=markup").text, coding_client.get("/ui/actors").text]
    for item in coding_client.get("/events?article=markup").json()["items"]:
        pages.append(coding_client.get(f"/ui/events/{item['cluster_id']}").text)
    for page in pages:
        assert "<script>document" not in page and "<b>condemned" not in page


def test_reads_go_on_while_articles_are_ingested(coding_client):
    """Writers and readers at once through one server: no lock error, nothing lost."""
    texts = [f"MOSCOW, Jan {d} - Russia accused Ukraine of shelling the village of Number {d} on Monday, "
             f"the defence ministry said in statement {d}." for d in range(1, 7)]
    errors_before = coding_client.get("/health").json()["counts"]["errors"]
    failures: list[str] = []
    stored: list[str] = []
    done = threading.Event()

    def post(chunk):
        r = coding_client.post("/articles", json=[{"text": t, "date": "2023-01-09"} for t in chunk])
        if r.status_code != 200 or r.json()["stored"] != len(chunk):
            failures.append(f"post {r.status_code} {r.text[:200]}")
        else:
            stored.extend(r.json()["article_ids"])

    def read():
        while not done.is_set():
            for url in ("/events?text=shelling", "/dyads?source=RUS", "/ui/events", "/actors"):
                r = coding_client.get(url)
                if r.status_code != 200:
                    failures.append(f"{url} {r.status_code} {r.text[:200]}")

    readers = [threading.Thread(target=read) for _ in range(2)]
    writers = [threading.Thread(target=post, args=(texts[i::2],)) for i in range(2)]
    for t in readers + writers:
        t.start()
    for t in writers:
        t.join()
    done.set()
    for t in readers:
        t.join()
    assert failures == []
    assert len(set(stored)) == len(texts)
    for key in stored:  # each article's events are there (near-copies may share one happening)
        assert coding_client.get(f"/events?article={key}").json()["total"] >= 1, key
    assert coding_client.get("/health").json()["counts"]["errors"] == errors_before


def test_claims_of_stored_articles_and_the_contested_view(coding_client):
    text = ("KYIV, March 6 - Ukraine accused Russia on Monday of shelling the port of Odesa. "
            "Moscow denied that its forces had shelled the port.")
    body = coding_client.post("/articles", json={"text": text, "id": "port", "date": "2023-03-06"}).json()
    assert body["stored"] == 1
    claims = coding_client.get("/claims?actor=RUS").json()["items"]
    mine = [c for c in claims if c["article_id"] == "port"]
    assert {c["stance"] for c in mine} >= {"asserts", "denies"}
    assert all(c["contest_id"] for c in mine)
    contests = coding_client.get("/claims?actor=UKR&contested=true").json()["items"]
    port = [k for k in contests if "port" in k["articles"]]
    assert port and port[0]["assertions"] and port[0]["challenges"]
    assert port[0]["assertions"][0]["claimant"]["code"].startswith("UKR")
    page = coding_client.get("/ui/claims?a=UKR&b=RUS").text
    assert "shell" in page and "denies" in page and "asserts" in page
    assert coding_client.get("/claims?actor=" + "X" * 50).status_code == 422
    assert coding_client.get("/claims?limit=0").status_code == 422
