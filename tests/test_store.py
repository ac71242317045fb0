"""The store: bulk writes, idempotence, transactions, copies and happenings, queries."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from eventwire.store import EventFilter, Store, StoreError, error_row
from eventwire.store.frames import event_record, event_row

from store_helpers import BAKU, GENEVA, OTHER, STORY, event, result

D = date(2022, 12, 23)


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


def story(aid, text=STORY, cameo="193", src="AZE", tgt="ARM", when=D, pub=D, **kw):
    return result(aid, text, [event(aid, text, cameo, src, tgt, when, **kw)], pub=pub, source=kw.get("outlet"))


LEAD = STORY.split(". ")[0].split(" - ")[1] + "."


def cluster_table(s: Store) -> list[tuple]:
    """What must not depend on how articles were batched (added_at aside)."""
    return sorted(s._con.execute("SELECT * EXCLUDE (first_added) FROM clusters").fetchall())


# --------------------------------------------------------------------------- writing

def test_events_round_trip_to_the_coders_dicts(store):
    e1 = event("a1", STORY, "193", "AZEMIL", "ARM", D, place=BAKU, outlet="Trend")
    e2 = event("a1", STORY, "112", "AZE", None, None, sentence=2, reciprocal=True)
    store.add_results([result("a1", STORY, [e1, e2], pub=D)])
    assert sorted(store.mentions(), key=lambda d: d["event_id"]) == sorted(
        [e1.to_dict(), e2.to_dict()], key=lambda d: d["event_id"])
    assert event_record(event_row(e1.to_dict())) == e1.to_dict()


def test_adding_the_same_results_again_adds_nothing(store):
    batch = [story("a1"), story("a2", OTHER, cameo="112", when=date(2022, 12, 2), pub=date(2022, 12, 2))]
    first = store.add_results(batch)
    before = (store.counts(), cluster_table(store))
    again = store.add_results(batch)
    assert (first.articles, first.events) == (2, 2)
    assert (again.articles, again.events) == (0, 0)
    assert (store.counts(), cluster_table(store)) == before


def test_a_key_twice_in_one_batch_is_stored_once(store):
    report = store.add_results([story("a1"), story("a1", OTHER)])
    assert report.articles == 1 and store.counts()["articles"] == 1


def test_a_failed_write_leaves_nothing_behind(store, monkeypatch):
    store.add_results([story("a1")])
    before = (store.counts(), cluster_table(store))

    def boom(*_):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Store, "_link_happenings", boom)
    with pytest.raises(RuntimeError):
        store.add_results([story("a2", OTHER)])
    assert (store.counts(), cluster_table(store)) == before


def test_errors_are_recorded_once_and_cleared_when_the_article_succeeds(store):
    failed = {"article": None, "events": [], "error": error_row("code", "coder failed: boom", "a9", "in.jsonl:9")}
    problem = {"article": None, "events": [], "error": error_row("read", "malformed JSON line", origin="in.jsonl:3")}
    store.add_results([failed, problem])
    store.add_results([failed, problem])
    assert sorted((e["kind"], e["message"]) for e in store.errors()) == [
        ("code", "coder failed: boom"), ("read", "malformed JSON line")]
    assert store.known_keys(["a9", "a1"]) == {"a9"}
    assert store.known_keys(["a9"], include_failed=False) == set()
    store.add_results([story("a9")])
    assert [e["kind"] for e in store.errors()] == ["read"]


# --------------------------------------------------------------------------- copies and happenings

def edited(text: str) -> str:
    """A light edit, as a syndicating outlet makes: a word changed, a sentence added."""
    return text.replace("positions", "military positions") + " AFP contributed to this report."


def test_a_lightly_edited_copy_is_linked_and_its_event_counted_once(store):
    store.add_results([story("trend-1", outlet="Trend")])
    store.add_results([story("afp-7", edited(STORY), pub=date(2022, 12, 24), outlet="AFP")])
    [copy] = store.copies()
    assert copy["article_key"] == "afp-7" and copy["copy_group"] == "trend-1" and copy["copy_similarity"] >= 0.6
    [c] = store.query_events()["items"]
    assert (c["num_mentions"], c["num_articles"], c["num_sources"], c["num_stories"]) == (2, 2, 2, 1)
    assert (c["first_seen"], c["last_seen"]) == (D, date(2022, 12, 24))
    event = store.get_event(c["cluster_id"])
    assert [m["linked_because"] for m in event["mentions"]] == [["copies of one story"]] * 2
    assert event["mentions"][1]["article"]["copy_of"] == "trend-1"


def test_independent_reports_of_one_happening_merge_by_similar_evidence(store):
    # another outlet's own story: other text, but its lead sentence reports alike
    lead = LEAD.replace("the defence ministry said in a statement", "officials told reporters in Baku")
    own = (f"{lead} Tensions have risen since the autumn, when dozens of soldiers died in clashes. "
           "Diplomats in the region said a new round of talks was still planned for next month in Moscow.")
    store.add_results([story("a1", evidence=LEAD), story("a2", own, pub=date(2022, 12, 24), evidence=lead)])
    assert store.counts()["articles"] == 2 and store.counts()["copies"] == 0
    [c] = store.query_events()["items"]
    assert c["num_articles"] == 2 and c["num_stories"] == 2


def test_same_dyad_and_family_but_different_happenings_stay_apart(store):
    store.add_results([
        story("a1"),
        story("a2", OTHER, when=date(2022, 12, 21), pub=date(2022, 12, 21)),  # other words, in the window
        story("a3", STORY.replace("Dec 23", "Dec 3"), when=date(2022, 12, 3), pub=date(2022, 12, 3)),  # weeks apart
        story("a4", STORY + " Another paragraph.", src="ARM", tgt="AZE"),  # the other direction
        # alike reports of one day, placed in different countries
        story("a5", OTHER + " Photo.", when=date(2022, 12, 10), pub=date(2022, 12, 10), place=GENEVA),
        story("a6", OTHER + " Video.", when=date(2022, 12, 10), pub=date(2022, 12, 10), place=BAKU),
        story("a7", STORY + " Video."),  # a copy of a1: joins it
    ])
    groups = {tuple(sorted(m["article_id"] for m in store.get_event(c["cluster_id"])["mentions"]))
              for c in store.query_events()["items"]}
    assert groups == {("a1", "a7"), ("a2",), ("a3",), ("a4",), ("a5",), ("a6",)}


def test_one_story_restating_an_event_in_two_sentences_is_one_happening(store):
    text = STORY + " Armenian forces shelled the village again, Azerbaijan said."
    e1 = event("s1", text, "193", "AZE", "ARM", D, sentence=0)
    e2 = event("s1", text, "190", "AZE", "ARM", D, sentence=3)
    e3 = event("s1", text, "193", "AZE", "ARM", date(2022, 12, 20), sentence=4, basis="explicit")
    store.add_results([result("s1", text, [e1, e2, e3], pub=D)])
    sizes = sorted(c["num_mentions"] for c in store.query_events()["items"])
    assert sizes == [1, 2]


def test_clusters_do_not_depend_on_the_order_or_batching_of_writes():
    batch = [story("a1", outlet="Trend"), story("a2", edited(STORY), pub=date(2022, 12, 24), outlet="AFP"),
             story("a3", edited(edited(STORY)), pub=date(2022, 12, 25)),
             story("a4", OTHER, cameo="112", when=date(2022, 12, 2), pub=date(2022, 12, 2)),
             story("a5", OTHER + " More.", cameo="112", when=date(2022, 12, 2), pub=date(2022, 12, 2))]
    tables = []
    for order in ([0, 1, 2, 3, 4], [4, 2, 0, 3, 1], [2, 1, 4, 0, 3]):
        for sizes in ([5], [1, 1, 1, 1, 1], [2, 3]):
            with Store(":memory:") as s:
                items = [batch[i] for i in order]
                at = 0
                for n in sizes:
                    s.add_results(items[at:at + n])
                    at += n
                tables.append((cluster_table(s), sorted(s._con.execute(
                    "SELECT article_key, copy_group FROM articles").fetchall())))
    assert all(t == tables[0] for t in tables)
    clusters, copies = tables[0]
    assert len(clusters) == 2 and sorted(c[28] for c in clusters) == [2, 3]  # num_mentions
    assert dict(copies)["a3"] == "a1" and dict(copies)["a5"] == "a4"


def test_recluster_rebuilds_what_incremental_linking_built(store):
    store.add_results([story("a1"), story("a2", edited(STORY), pub=date(2022, 12, 24))])
    store.add_results([story("a4", OTHER, cameo="112", when=date(2022, 12, 2), pub=date(2022, 12, 2))])
    before = (cluster_table(store), store.copies())
    store.recluster()
    assert (cluster_table(store), store.copies()) == before


# --------------------------------------------------------------------------- reading

@pytest.fixture
def filled(store):
    store.add_results([
        story("a1", outlet="Trend"),
        story("a2", OTHER, cameo="112", when=date(2022, 12, 2), pub=date(2022, 12, 2), outlet="AFP"),
        story("a3", STORY.replace("Dec 23", "Nov 9"), cameo="042", src="AZEGOV", tgt="RUS",
              when=date(2022, 11, 9), pub=date(2022, 11, 9), place=BAKU),
        story("a4", OTHER.replace("Dec 2", "Nov 10") + " x", cameo="040", src="ARM", tgt="AZE",
              when=date(2022, 11, 10), pub=date(2022, 11, 10)),
    ])
    return store


@pytest.mark.parametrize("f, articles", [
    (EventFilter(actor="AZE"), {"a1", "a2", "a3", "a4"}),
    (EventFilter(source="AZE"), {"a1", "a2", "a3"}),
    (EventFilter(source="AZEGOV"), {"a3"}),
    (EventFilter(target="AZE"), {"a4"}),
    (EventFilter(cameo="04"), {"a3", "a4"}),
    (EventFilter(cameo="112"), {"a2"}),
    (EventFilter(quad_class=4), {"a1"}),
    (EventFilter(plover_type="consult"), {"a3", "a4"}),
    (EventFilter(start=date(2022, 12, 1)), {"a1", "a2"}),
    (EventFilter(start=date(2022, 11, 10), end=date(2022, 12, 2)), {"a2", "a4"}),
    (EventFilter(location="baku"), {"a3"}),
    (EventFilter(country="RUS"), {"a3"}),
    (EventFilter(outlet="afp"), {"a2"}),
    (EventFilter(text="United Nations"), {"a2", "a4"}),
    (EventFilter(article="a4"), {"a4"}),
    (EventFilter(text="'; DROP TABLE events; --"), set()),
])
def test_query_filters(filled, f, articles):
    page = filled.query_events(f, per_page=100)
    assert {c["article_key"] for c in page["items"]} == articles and page["total"] == len(articles)
    assert filled.counts()["mentions"] == 4


def test_paging_and_sorting(filled):
    dates = [c["event_date"] for p in (1, 2) for c in filled.query_events(page=p, per_page=2, sort="date")["items"]]
    assert dates == sorted(dates) and len(dates) == 4
    assert filled.query_events(page=3, per_page=2)["items"] == []
    with pytest.raises(ValueError):
        filled.query_events(sort="event_date; DROP TABLE events")


def test_get_event_by_cluster_or_mention_id(filled):
    c = filled.query_events(EventFilter(article="a3"))["items"][0]
    got = filled.get_event(c["representative"])
    assert got["cluster_id"] == c["cluster_id"] and got["mentions"][0]["trigger"]["span"]
    assert filled.get_event("nope") is None


def test_dyads_per_month_count_quad_classes_and_goldstein(filled):
    t = filled.dyads(by="month")
    rows = {(str(r.period), r.source, r.target): r for r in t.itertuples()}
    dec = rows[("2022-12-01", "AZE", "ARM")]
    assert (dec.events, dec.q3_verbal_conflict, dec.q4_material_conflict) == (2, 1, 1)
    assert dec.goldstein_sum == pytest.approx(-12.0) and dec.goldstein_mean == pytest.approx(-6.0)
    assert dec.ASSAULT == 1 and dec.ACCUSE == 1 and dec.CONSULT == 0
    assert rows[("2022-11-01", "AZE", "RUS")].q1_verbal_coop == 1
    only = filled.dyads(source="ARM", target="AZE", by="day")
    assert list(only["events"]) == [1] and str(only["period"][0]) == "2022-11-10"
    coded = filled.dyads(by="year", level="code", source="AZEGOV")
    assert list(coded["source"]) == ["AZEGOV"]
    with pytest.raises(ValueError):
        filled.dyads(by="fortnight")


def test_actors_and_unknown_actors(store):
    store.add_results([story("a1"), story("a2", OTHER, cameo="112", tgt=None, when=date(2022, 12, 2)),
                       result("a3", OTHER + " y", [event("a3", OTHER + " y", "112", "?", "ARM", D)])])
    t = store.actors()
    row = t.set_index("code").loc["AZE"]
    assert (row.as_source, row.as_target) == (2, 0)
    assert store.actors(unknown=True)["text"].tolist() == ["geneva"]  # the hand-made mention text


def test_readers_in_threads_while_a_writer_adds_batches(tmp_path):
    with Store(str(tmp_path / "s.duckdb")) as s:
        failures = []

        def read():
            cur = s.cursor()
            try:
                for _ in range(30):
                    cur.query_events(EventFilter(actor="AZE"))
                    cur.counts()
            except Exception as err:  # noqa: BLE001 - the test reports any
                failures.append(err)

        readers = [threading.Thread(target=read) for _ in range(3)]
        for t in readers:
            t.start()
        for i in range(10):
            s.cursor().add_results([story(f"w{i}", OTHER.replace("Dec 2", f"Dec {i + 1}") + f" {i}",
                                          when=date(2022, 12, i + 1))])
        for t in readers:
            t.join()
        assert failures == [] and s.counts()["articles"] == 10


# --------------------------------------------------------------------------- exports

def test_store_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError) as err:
        Store(str(bad))
    assert str(bad) in str(err.value) and "\n" not in str(err.value)
