"""Exports: GDELT 2.0 (61 columns), POLECAT fields, JSON Lines as the coder wrote it, CSV, Parquet."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pyarrow.parquet as pq
import pytest

from eventwire.errors import EventwireError
from eventwire.store import EventFilter, Store
from eventwire.store.export import layout

from store_helpers import BAKU, OTHER, STORY, event, result

D = date(2022, 12, 23)


@pytest.fixture(scope="module")
def store():
    copy = STORY.replace("positions", "military positions") + " AFP contributed."
    events = {
        "a1": [event("a1", STORY, "193", "AZEMIL", "ARM", D, place=BAKU, outlet="Trend")],
        "a2": [event("a2", copy, "193", "AZEMIL", "ARM", D, place=BAKU, outlet="AFP")],
        "a3": [event("a3", OTHER, "112", "AZE", "ARM", date(2022, 12, 2)),
               event("a3", OTHER, "042", "AZEGOV", "RUS", date(2022, 12, 2), sentence=1)],
    }
    with Store(":memory:") as s:
        s.add_results([result("a1", STORY, events["a1"], pub=D, source="Trend"),
                       result("a2", copy, events["a2"], pub=D, source="AFP"),
                       result("a3", OTHER, events["a3"], pub=date(2022, 12, 2))])
        s.expected = [e.to_dict() for evs in events.values() for e in evs]
        yield s


def export(store, fmt, **kw) -> str:
    out = io.StringIO()
    store.export(out, fmt, **kw)
    return out.getvalue()


def test_gdelt_rows_have_the_61_columns_of_the_event_table(store):
    rows = list(csv.reader(io.StringIO(export(store, "gdelt")), delimiter="\t"))
    assert len(rows) == 3 and all(len(r) == 61 for r in rows)  # three happenings: the copy merged
    names = [c for c, _ in layout("gdelt")]
    assert names[0] == "GlobalEventID" and names[26] == "EventCode" and names[-1] == "SOURCEURL"
    fight = next(dict(zip(names, r)) for r in rows if r[names.index("EventCode")] == "193")
    assert (fight["Day"], fight["MonthYear"], fight["Year"]) == ("20221223", "202212", "2022")
    assert fight["FractionDate"] == f"{2022 + (11 * 30 + 23) / 365:.4f}"
    assert (fight["Actor1Code"], fight["Actor1CountryCode"], fight["Actor1Type1Code"]) == ("AZEMIL", "AZE", "MIL")
    assert (fight["EventBaseCode"], fight["EventRootCode"], fight["QuadClass"]) == ("193", "19", "4")
    assert (fight["NumMentions"], fight["NumSources"], fight["NumArticles"]) == ("2", "2", "2")
    assert fight["GoldsteinScale"] == "-10" and fight["IsRootEvent"] == "1"
    # Baku: a world city, FIPS country code AJ (not ISO's AZ), GeoNames id
    assert (fight["ActionGeo_Type"], fight["ActionGeo_CountryCode"], fight["ActionGeo_ADM1Code"]) == ("4", "AJ", "AJ09")
    assert fight["ActionGeo_FeatureID"] == "587084" and fight["AvgTone"] == "" and fight["Actor1EthnicCode"] == ""
    assert len(fight["DATEADDED"]) == 14 and fight["SOURCEURL"] in ("a1", "a2")
    assert int(fight["GlobalEventID"]) > 0


def test_gdelt_header_on_request(store):
    first = export(store, "gdelt", header=True).splitlines()[0].split("\t")
    assert first == [c for c, _ in layout("gdelt")]


def test_plover_follows_polecats_fields(store):
    rows = list(csv.DictReader(io.StringIO(export(store, "plover")), delimiter="\t"))
    assert len(rows) == 3 and len(rows[0]) == 40
    visit = next(r for r in rows if r["Event Type"] == "CONSULT")
    assert (visit["Event Mode"], visit["Actor Country"], visit["Recipient Country"]) == ("visit", "AZE", "RUS")
    assert visit["Event Date"] == "2022-12-02" and visit["Quad Code"] == "1" and visit["Language"] == "en"
    assert visit["Actor Name Raw"] == OTHER[:6]


def test_jsonl_gives_back_every_mention_as_the_coder_wrote_it(store):
    lines = export(store, "jsonl").splitlines()
    got = sorted((json.loads(x) for x in lines), key=lambda d: d["event_id"])
    assert got == sorted(store.expected, key=lambda d: d["event_id"])


def test_csv_and_parquet_one_row_per_happening_or_per_mention(store, tmp_path):
    rows = list(csv.DictReader(io.StringIO(export(store, "csv"))))
    assert len(rows) == 3 and {"cluster_id", "num_mentions", "num_sources"} <= set(rows[0])
    mentions = list(csv.DictReader(io.StringIO(export(store, "csv", mentions=True))))
    assert len(mentions) == 4 and "trigger_text" in mentions[0]
    store.export(str(tmp_path / "e.parquet"), "parquet")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 3 and sorted(table.column("num_mentions").to_pylist()) == [1, 1, 2]
    store.export(str(tmp_path / "m.parquet"), "parquet", mentions=True)
    assert pq.read_table(tmp_path / "m.parquet").num_rows == 4


def test_export_filters(store):
    assert len(export(store, "gdelt", filters=EventFilter(cameo="04")).splitlines()) == 1
    assert len(export(store, "gdelt", filters=EventFilter(start=D)).splitlines()) == 1
    assert len(export(store, "jsonl", filters=EventFilter(actor="RUS")).splitlines()) == 1
    assert export(store, "gdelt", filters=EventFilter(actor="USA")) == ""


def test_export_problems_are_one_line(store, tmp_path):
    with pytest.raises(EventwireError, match="Parquet needs a file"):
        store.export(io.StringIO(), "parquet")
    with pytest.raises(EventwireError, match="unknown export format"):
        store.export(io.StringIO(), "xml")
    with pytest.raises(EventwireError, match="cannot write"):
        store.export(str(tmp_path / "no" / "such" / "dir.csv"), "csv")
