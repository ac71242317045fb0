"""Actor memory (learned facts, JSON Lines) and the user's actor file (CSV/YAML): no parser needed."""

from __future__ import annotations

import json
import logging
from datetime import date

import pytest

from eventwire.knowledge.actor_memory import (
    ActorMemory,
    load_actor_memory,
    load_user_actors,
)
from eventwire.knowledge.actor_tables import load_actor_tables


@pytest.fixture(scope="module")
def tables():
    return load_actor_tables()


# ---- actor memory ---------------------------------------------------------------------

def test_observe_keeps_first_and_last_seen_and_counts():
    memory = ActorMemory()
    memory.observe("Jeyhun Bayramov", "AZEGOV", date(2022, 12, 23), "Azerbaijani Foreign Minister")
    memory.observe("Jeyhun Bayramov", "AZEGOV", date(2021, 3, 1))
    memory.observe("Jeyhun Bayramov", "AZEGOV", date(2023, 5, 2))
    (fact,) = memory.find("Bayramov")
    assert (fact.first_seen, fact.last_seen, fact.count) == (date(2021, 3, 1), date(2023, 5, 2), 3)
    assert fact.role == "Azerbaijani Foreign Minister"


def test_lookup_by_full_name_and_surname():
    memory = ActorMemory()
    memory.observe("Jeyhun Bayramov", "AZEGOV", date(2022, 12, 23))
    for name in ("Jeyhun Bayramov", "Bayramov", "BAYRAMOV"):
        actor = memory.lookup(name, date(2023, 1, 10))
        assert actor is not None and actor.code == "AZEGOV" and actor.country == "AZE" and actor.agent == "GOV"
        assert actor.name == "Jeyhun Bayramov" and actor.kind == "person"
    assert memory.lookup("Jeyhun") is None  # a first name is no surname


def test_a_shared_surname_resolves_to_nobody():
    memory = ActorMemory()
    memory.observe("Jeyhun Bayramov", "AZEGOV", date(2022, 12, 23))
    memory.observe("Elnur Bayramov", "AZEBUS", date(2022, 12, 23))
    assert memory.lookup("Bayramov", date(2022, 12, 24)) is None
    assert memory.lookup("Elnur Bayramov", date(2022, 12, 24)).code == "AZEBUS"


def test_facts_apply_only_near_the_dates_they_were_seen():
    memory = ActorMemory()
    memory.observe("Jeyhun Bayramov", "AZEGOV", date(2022, 12, 23))
    assert memory.lookup("Bayramov", date(1987, 3, 1)) is None  # 2022 says nothing of 1987
    assert memory.lookup("Bayramov", date(2040, 1, 1)) is None
    assert memory.lookup("Bayramov", date(2022, 6, 1)).code == "AZEGOV"  # within a year before
    assert memory.lookup("Bayramov", None).code == "AZEGOV"  # undated: the latest fact


def test_the_fact_seen_around_the_date_wins():
    memory = ActorMemory()
    memory.observe("Elmar Mammadyarov", "AZEGOV", date(2010, 5, 1))
    memory.observe("Elmar Mammadyarov", "AZEGOV", date(2019, 6, 1))
    memory.observe("Elmar Mammadyarov", "AZEELI", date(2021, 2, 1))
    assert memory.lookup("Mammadyarov", date(2015, 1, 1)).code == "AZEGOV"
    assert memory.lookup("Mammadyarov", date(2021, 3, 1)).code == "AZEELI"
    assert memory.lookup("Mammadyarov").code == "AZEELI"


def test_save_and_load_round_trip(tmp_path, tables):
    memory = ActorMemory()
    memory.observe("Jeyhun Bayramov", "AZEGOV", date(2022, 12, 23), "Azerbaijani Foreign Minister")
    memory.observe("Ana Brnabić", "SRBGOV", None)
    path = memory.save(tmp_path / "mem.jsonl")
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["name"] for r in lines] == ["Ana Brnabić", "Jeyhun Bayramov"]  # sorted, one fact a line
    again = load_actor_memory(path, tables)
    assert again.problems == []
    assert again.find("Bayramov")[0] == memory.find("Bayramov")[0]
    assert again.lookup("Brnabic").code == "SRBGOV"  # diacritics folded


def test_missing_memory_file_is_an_empty_memory(tmp_path):
    memory = load_actor_memory(tmp_path / "none.jsonl")
    assert len(memory) == 0 and memory.problems == []


def test_bad_memory_lines_are_skipped_with_file_and_line(tmp_path, tables, caplog):
    path = tmp_path / "mem.jsonl"
    path.write_text(
        '{"name": "Jeyhun Bayramov", "code": "AZEGOV", "first_seen": "2022-12-23", "last_seen": "2022-12-23", "count": 1}\n'
        '{"name": "Broken", "code": \n'
        '{"name": "No Code"}\n'
        '{"name": "Bad Agent", "code": "AZEXYZ"}\n'
        '{"name": "Bad Date", "code": "AZEGOV", "first_seen": "23/12/2022"}\n'
        '["not", "an", "object"]\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="eventwire.actors"):
        memory = load_actor_memory(path, tables)
    assert len(memory) == 1 and memory.lookup("Bayramov").code == "AZEGOV"
    assert [p.split(": ", 1)[0] for p in memory.problems] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6)]
    assert "unknown agent code 'XYZ'" in memory.problems[2]
    assert all("\n" not in p for p in memory.problems)
    assert len(caplog.records) == 5  # each reaches the user as one logged line


# ---- user actor file --------------------------------------------------------------------

def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_csv_entries_aliases_and_dates(tmp_path, tables):
    path = write(tmp_path, "actors.csv",
                 "# my actors\n"
                 "name,code,aliases,start,end\n"
                 "Jeyhun Bayramov,AZEGOV,Bayramov|J. Bayramov,2020-07-16,\n"
                 "Wagner Group,RUSMIL,Wagner|PMC Wagner,,\n"
                 "Minsk Group,IGOOSCE,,,\n")
    user = load_user_actors(path, tables)
    assert user.problems == [] and len(user) == 3
    assert user.lookup("J. Bayramov", date(2022, 1, 1)).code == "AZEGOV"
    assert user.lookup("Bayramov", date(2019, 1, 1)) is None  # before his start
    assert user.lookup("PMC Wagner").code == "RUSMIL"
    org = user.lookup("Minsk Group")
    assert org.code == "IGOOSCE" and org.country is None and org.kind == "igo"


def test_user_csv_column_order_is_free_and_kind_is_optional(tmp_path, tables):
    path = write(tmp_path, "actors.csv", "code,name,kind\nRUSMIL,Wagner Group,group\nAZE,Karabakh,country\n")
    user = load_user_actors(path, tables)
    assert user.problems == []
    assert user.lookup("Wagner Group").kind == "group"
    patterns = {p["id"]: p["label"] for p in user.ruler_patterns(tables)}
    assert patterns == {"RUSMIL": "ORG", "AZE": "GPE"}


def test_user_yaml_file(tmp_path, tables):
    pytest.importorskip("yaml")
    path = write(tmp_path, "actors.yaml",
                 "- name: Jeyhun Bayramov\n"
                 "  code: AZEGOV\n"
                 "  aliases: [Bayramov]\n"
                 "  start: 2020-07-16\n"
                 "- name: Ruben Vardanyan\n"
                 "  code: ARMELI\n")
    user = load_user_actors(path, tables)
    assert user.problems == []
    assert user.lookup("Bayramov", date(2022, 12, 23)).code == "AZEGOV"
    assert user.lookup("Ruben Vardanyan").code == "ARMELI"


def test_user_file_problems_name_file_and_line_and_the_rest_still_loads(tmp_path, tables):
    path = write(tmp_path, "actors.csv",
                 "name,code,aliases,start,end\n"
                 "Jeyhun Bayramov,AZEGOV,Bayramov,,\n"       # 2: fine
                 "Somebody,AZEXYZ,,,\n"                       # 3: unknown agent
                 "Someone Else,ZZZGOV,,,\n"                   # 4: unknown country
                 "Bayramov,ARMGOV,,,\n"                       # 5: contradicts line 2
                 "Too,Many,Fields,,,,\n"                      # 6: field count
                 "Dated,AZEGOV,,2020-13-01,\n"                # 7: bad date
                 ",AZEGOV,,,\n"                               # 8: empty name
                 "Ilham Aliyev,AZEGOV,,2003-10-31,\n")        # 9: fine
    user = load_user_actors(path, tables)
    where = [p.split(": ", 1)[0] for p in user.problems]
    assert where == [f"{path}:{n}" for n in (3, 4, 5, 6, 7, 8)]
    assert "unknown agent code 'XYZ'" in user.problems[0]
    assert "unknown country 'ZZZ'" in user.problems[1]
    assert "already AZEGOV (line 2)" in user.problems[2]
    assert user.lookup("Bayramov").code == "AZEGOV"
    assert user.lookup("Ilham Aliyev").code == "AZEGOV"


def test_same_name_two_codes_in_separate_periods_is_no_conflict(tmp_path, tables):
    path = write(tmp_path, "actors.csv",
                 "name,code,start,end\n"
                 "Elmar Mammadyarov,AZEGOV,2004-04-02,2020-07-16\n"
                 "Elmar Mammadyarov,AZEELI,2020-07-17,\n")
    user = load_user_actors(path, tables)
    assert user.problems == []
    assert user.lookup("Elmar Mammadyarov", date(2010, 1, 1)).code == "AZEGOV"
    assert user.lookup("Elmar Mammadyarov", date(2022, 1, 1)).code == "AZEELI"


@pytest.mark.parametrize("text,message", [
    ("Jeyhun Bayramov,AZEGOV\n", "the header must name the columns"),
    ("name,country\nX,AZE\n", "the header must name the columns"),
    ("", "no header line"),
])
def test_a_malformed_user_file_is_not_used(tmp_path, tables, text, message):
    user = load_user_actors(write(tmp_path, "actors.csv", text), tables)
    assert len(user) == 0 and len(user.problems) == 1 and message in user.problems[0]


def test_malformed_yaml_names_the_line(tmp_path, tables):
    pytest.importorskip("yaml")
    user = load_user_actors(write(tmp_path, "a.yml", "- name: X\n  code: AZEGOV\n- name: [unclosed\n"), tables)
    assert len(user) == 0 and user.problems and user.problems[0].startswith(f"{tmp_path / 'a.yml'}:")


def test_missing_user_file_is_reported_not_raised(tmp_path, tables):
    user = load_user_actors(tmp_path / "nope.csv", tables)
    assert len(user) == 0 and "cannot read the actor file" in user.problems[0]
