"""The fast paths of the store's reads (see bench/api_latency.py) give what the plain
queries they replace gave: events pages (filter once, page ids first), the outlet
filter on the mention's copied article outlet (schema 2, migrated from schema 1),
the text filter, and the dyad table built as JSON by DuckDB (with its top-N cut)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import duckdb
import pytest

from eventwire.store import EventFilter, Store
from eventwire.store import schema
from eventwire.store.filters import SORTS, order_clause, where_clause

from store_helpers import BAKU, GENEVA, OTHER, STORY, event, result

D = date(2022, 12, 23)
UNI = "İSTANBUL, Dec 20 - Straße ΣΊΣΥΦΟΣ said it was 100% sure_x that the KELVIN K talks would go on."


def edited(text: str) -> str:
    return text.replace("positions", "military positions") + " AFP contributed to this report."


def corpus() -> list[dict]:
    """Copies merged into one happening reported by two outlets, an article without an
    outlet, attribution outlets unlike the article's, outlets differing in case only,
    Unicode and LIKE wildcards in the evidence, equal dates (ties broken by id)."""
    out = [
        result("trend-1", STORY, [event("trend-1", STORY, "193", "AZEMIL", "ARM", D, place=BAKU, outlet="Trend")],
               pub=D, source="Trend"),
        result("afp-7", edited(STORY), [event("afp-7", edited(STORY), "193", "AZEMIL", "ARM", D, place=BAKU)],
               pub=date(2022, 12, 24), source="AFP"),
        result("ge1", OTHER, [event("ge1", OTHER, "112", "AZEGOV", "ARM", date(2022, 12, 2), place=GENEVA,
                                    outlet="Reuters")], pub=date(2022, 12, 2)),
        result("uni", UNI, [event("uni", UNI, "040", "TUR", "AZE", date(2022, 12, 20), outlet="AFP")],
               pub=date(2022, 12, 20), source="Anadolu"),
    ]
    others = ["ARM", "AZE", "TUR", "IRN", "GEO", "KAZ", "UKR", "BLR"]
    for i, other in enumerate(others):
        text = (f"MOSCOW, Nov {i + 1} - Russia's foreign minister visited {other} for talks number {i} with his "
                f"counterpart on trade, the ministry said in a statement on its website.")
        when = date(2022, 11, 1 + i % 3)
        out.append(result(f"ru{i}", text, [event(f"ru{i}", text, "042" if i % 2 else "040", "RUSGOV", other, when),
                                           event(f"ru{i}", text, "112", other, "RUS", when, sentence=1)],
                          pub=when, source="tass" if i % 2 else "TASS"))
    return out


@pytest.fixture(scope="module")
def store():
    with Store(":memory:") as s:
        s.add_results(corpus())
        yield s


def reference_page(store: Store, f: EventFilter, page: int = 1, per_page: int = 50, sort: str = "-date") -> dict:
    """query_events as it was: the filter twice (count, then the page over every
    column), mention conditions as EXISTS over events joined with articles."""
    base = dataclasses.replace(f, outlet=None, text=None, article=None)
    where, params = where_clause(base)
    mention, extra = [], []
    if f.outlet:
        mention.append("lower(a.outlet) = lower(?)")
        extra.append(f.outlet)
    if f.text:
        mention.append("contains(lower(e.evidence), lower(?))")
        extra.append(f.text)
    if f.article:
        mention.append("e.article_key = ?")
        extra.append(f.article)
    if mention:
        clause = ("EXISTS (SELECT 1 FROM events e JOIN articles a USING (article_key) "
                  f"WHERE e.cluster_id = c.cluster_id AND {' AND '.join(mention)})")
        where = f"{where} AND {clause}" if where else f"WHERE {clause}"
        params = params + extra
    total = store._con.execute(f"SELECT count(*) FROM clusters c {where}", params).fetchall()[0][0]
    items = store._rows(f"SELECT c.* FROM clusters c {where} {order_clause(sort)} LIMIT ? OFFSET ?",
                        params + [per_page, (page - 1) * per_page])
    return {"items": items, "total": total, "page": page, "per_page": per_page}


FILTERS = [
    EventFilter(),
    EventFilter(actor="ARM"),
    EventFilter(source="RUSGOV", target="ARM"),
    EventFilter(cameo="04"),
    EventFilter(start=date(2022, 11, 2), end=date(2022, 12, 2)),
    EventFilter(outlet="afp"),       # the merged happening: its representative's article is Trend's
    EventFilter(outlet="TREND"),
    EventFilter(outlet="Tass"),      # two spellings of one outlet
    EventFilter(outlet="Reuters"),   # an attribution outlet only: no article of that outlet
    EventFilter(outlet="nobody"),
    EventFilter(actor="AZE", outlet="AFP"),
    EventFilter(text="talks"),
    EventFilter(text="TALKS number 3"),
    EventFilter(text="istanbul"),
    EventFilter(text="İstanbul"),
    EventFilter(text="STRASSE"),
    EventFilter(text="straße"),
    EventFilter(text="σίσυφος"),
    EventFilter(text="k talks"),
    EventFilter(text="100%"),        # LIKE wildcards in the text: taken literally
    EventFilter(text="%"),
    EventFilter(text="e_x"),
    EventFilter(text="_"),
    EventFilter(text="\\"),
    EventFilter(text="'; DROP TABLE events; --"),
    EventFilter(actor="ARM", text="ministry", outlet="tass"),
    EventFilter(article="afp-7"),
    EventFilter(article="ru3", text="trade"),
    EventFilter(min_mentions=2),
]


@pytest.mark.parametrize("f", FILTERS, ids=repr)
def test_filtered_pages_equal_the_plain_query(store, f):
    for sort in SORTS:
        for page, per_page in ((1, 50), (1, 3), (2, 3), (4, 2), (40, 5)):
            got = store.query_events(f, page=page, per_page=per_page, sort=sort)
            assert got == reference_page(store, f, page, per_page, sort), (sort, page, per_page)


def test_the_corpus_exercises_what_it_should(store):
    # the copies merged: one happening, its representative's article is Trend's; "uni" cites AFP
    # (an attribution outlet) but its article is Anadolu's
    [merged] = store.query_events(EventFilter(outlet="afp"))["items"]
    assert merged["num_mentions"] == 2 and merged["outlet"] == "Trend"
    assert store.query_events(EventFilter(outlet="tass"))["total"] == 16
    assert store.query_events(EventFilter(text="100%"))["total"] == 1
    assert store.query_events(EventFilter(text="%"))["total"] == 1
    columns = [r[0] for r in store._con.execute("DESCRIBE clusters").fetchall()]
    assert list(store.query_events(EventFilter(actor="ARM"))["items"][0]) == columns


def test_every_sort_orders_by_columns_the_page_is_chosen_on():
    from eventwire.store.core import _SORT_KEYS

    keys = {k.strip() for k in _SORT_KEYS.split(",")}
    for clause in SORTS.values():
        assert {part.split()[0] for part in clause.split(",")} <= keys


def test_each_mention_carries_its_articles_outlet(store):
    rows = store._con.execute("""SELECT e.event_id, e.article_outlet, a.outlet FROM events e
                                 JOIN articles a USING (article_key)""").fetchall()
    assert len(rows) == store.counts()["mentions"] and all(r[1] == r[2] for r in rows)
    assert {r[1] for r in rows} == {"Trend", "AFP", None, "Anadolu", "tass", "TASS"}


# --------------------------------------------------------------------------- schema 1 -> 2

def schema_1_store(path) -> None:
    """A store as schema 1 made it: no events.article_outlet."""
    with Store(str(path)) as s:
        s.add_results(corpus())
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE events DROP COLUMN article_outlet")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()


def test_a_schema_1_store_is_migrated_keeping_its_rows(tmp_path):
    path = tmp_path / "old.duckdb"
    schema_1_store(path)
    con = duckdb.connect(str(path))
    before = {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall())
              for t in ("articles", "events", "clusters", "errors", "article_bands", "runs")}
    con.close()
    with pytest.raises(Exception, match="needs migrating"):
        Store(str(path), read_only=True)
    with Store(str(path)) as s:
        assert s.version == schema.SCHEMA_VERSION == 2
        for t, rows in before.items():
            exclude = " EXCLUDE (article_outlet)" if t == "events" else ""
            assert sorted(s._con.execute(f"SELECT *{exclude} FROM {t}").fetchall()) == rows, t
        assert s._con.execute("""SELECT count(*) FROM events e JOIN articles a USING (article_key)
                                 WHERE e.article_outlet IS DISTINCT FROM a.outlet""").fetchall()[0][0] == 0
        for f in FILTERS:
            assert s.query_events(f, per_page=5) == reference_page(s, f, per_page=5), f
        # and it takes new articles as a new store does
        text = OTHER.replace("Dec 2", "Dec 9") + " More."
        s.add_results([result("new", text, [event("new", text, "112", "ARM", "AZE", date(2022, 12, 9))],
                              pub=date(2022, 12, 9), source="BBC")])
        assert [c["article_key"] for c in s.query_events(EventFilter(outlet="bbc"))["items"]] == ["new"]
    columns = lambda p: duckdb.connect(str(p)).execute("DESCRIBE events").fetchall()  # noqa: E731
    with Store(str(tmp_path / "new.duckdb")):
        pass
    assert columns(path) == columns(tmp_path / "new.duckdb")  # the same table as a new store's


# --------------------------------------------------------------------------- dyads

DYADS = [({}, "month", "country"), ({}, "day", "code"), ({"actor": "ARM"}, "week", "country"),
         ({"source": "RUS"}, "year", "code"), ({"text": "talks"}, "month", "country"), ({"actor": "XXX"}, "year", "country")]


def frame_rows(table) -> list[dict]:
    from eventwire.serve.queries import frame_rows as rows

    return rows(table)


@pytest.mark.parametrize("kw, by, level", DYADS)
def test_dyads_as_json_and_as_rows_equal_the_data_frame(store, kw, by, level):
    from eventwire.serve.queries import dyad_rows

    expected = frame_rows(store.dyads(by=by, filters=EventFilter(**kw), level=level))
    text, n_dyads = store.dyads_json(by=by, filters=EventFilter(**kw), level=level)
    assert json.loads(text) == expected
    assert n_dyads == len({(r["source"], r["target"]) for r in expected})
    assert dyad_rows(store, EventFilter(**kw), by=by, level=level) == expected


def test_dyads_top_keeps_the_most_reported_dyads(store):
    rows = frame_rows(store.dyads(by="day", level="code"))
    totals: dict = {}
    for r in rows:
        totals[(r["source"], r["target"])] = totals.get((r["source"], r["target"]), 0) + r["events"]
    assert len(totals) > 3
    for top in (1, 2, 3, len(totals), len(totals) + 5):
        text, n_dyads = store.dyads_json(by="day", level="code", top=top)
        keep = set(sorted(totals, key=lambda k: (-totals[k], k))[:top])
        assert n_dyads == len(totals)
        assert json.loads(text) == [r for r in rows if (r["source"], r["target"]) in keep]


def test_the_api_dyads_answer_keeps_its_fields_and_adds_the_cut(store, tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from eventwire.serve import create_app

    with TestClient(create_app(":memory:", store=store)) as client:
        body = client.get("/dyads?by=day&level=code").json()
        assert list(body) == ["by", "level", "rows", "dyads", "top", "truncated"]
        assert (body["by"], body["level"], body["top"], body["truncated"]) == ("day", "code", 100, False)
        assert body["rows"] == frame_rows(store.dyads(by="day", level="code"))
        cut = client.get("/dyads?by=day&level=code&top=1").json()
        assert cut["truncated"] and cut["dyads"] == body["dyads"] > 1
        assert len({(r["source"], r["target"]) for r in cut["rows"]}) == 1
        assert client.get("/dyads?by=day&level=code&top=0").json()["rows"] == body["rows"]
        assert client.get("/dyads?actor=XXX").json()["rows"] == []
        assert client.get("/dyads?top=-1").status_code == 422


def test_json_object_puts_raw_json_in_place():
    from eventwire.serve.api import RawJSON, json_object

    payload = {"a": "é\"x", "b": date(2022, 1, 2), "c": RawJSON('[{"x":1}]'), "d": None, "e": 1.5}
    assert json.loads(json_object(payload)) == {"a": "é\"x", "b": "2022-01-02", "c": [{"x": 1}], "d": None, "e": 1.5}
