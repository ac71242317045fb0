"""The actors stage: mentions resolved to CAMEO actor codes, with how they were resolved."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.knowledge.actor_memory import ActorMemory, load_user_actors
from eventwire.pipeline import Coder, CoderConfig
from eventwire.stages.actors import lessons, resolve_mentions, unresolved_names
from eventwire.stages.read import article_from_text


@pytest.fixture(scope="module")
def coder():
    return Coder(CoderConfig(locate=False))


def resolve(coder, text, day=None, **knowledge):
    """Mentions as the pipeline builds them (dateline read, outlets blocked)."""
    article = article_from_text(text, "t", day)
    if not knowledge:
        return next(coder.actor_mentions([article]))[1]
    doc = coder.nlp(text[article.body_start:])
    return resolve_mentions(doc, coder.tables, article.date, offset=article.body_start,
                            stand_ins=coder.stand_ins, **knowledge)


def find(mentions, text):
    found = [m for m in mentions if m.text == text]
    assert found, [(m.text, m.actor.code, m.how) for m in mentions]
    return found[0]


def code_of(mentions, text):
    m = find(mentions, text)
    return m.actor.code, m.how


# ---- countries, metonyms, agents, organisations ---------------------------------------

def test_countries_demonyms_and_seats_of_power(coder):
    ms = resolve(coder, "The Kremlin and the Pentagon traded barbs while Armenians protested in Baku "
                        "and the White House said Azerbaijani troops had moved.")
    assert code_of(ms, "Kremlin")[0] == "RUSGOV"
    assert code_of(ms, "Pentagon")[0] == "USAMIL"
    assert code_of(ms, "White House")[0] == "USAGOV"
    assert code_of(ms, "Armenians")[0] == "ARM"
    assert code_of(ms, "Azerbaijani troops") == ("AZEMIL", "role+country")


def test_a_capital_that_acts_is_its_government_a_capital_as_place_is_not(coder):
    ms = resolve(coder, "Moscow said it would respond after Beijing protested. Talks were held in Tokyo.")
    assert code_of(ms, "Moscow") == ("RUSGOV", "capital as government")
    assert code_of(ms, "Beijing")[0] == "CHNGOV"
    assert code_of(ms, "Tokyo")[0] == "JPN"


@pytest.mark.parametrize("phrase,code", [
    ("Iraqi police", "IRQCOP"), ("Israeli soldiers", "ISRMIL"), ("Afghan judges", "AFGJUD"),
    ("British lawmakers", "GBRLEG"), ("Georgian opposition", "GEOOPP"), ("Colombian rebels", "COLREB"),
    ("Iraqi gunmen", "IRQUAF"), ("Armenian residents", "ARMCVL"), ("Turkish journalists", "TURMED"),
    ("Russian businessmen", "RUSBUS"), ("Polish trade unions", "POLLAB"), ("Sudanese refugees", "SDNREF"),
    ("Iranian intelligence officers", "IRNSPY"), ("Mexican drug traffickers", "MEXCRM"),
    ("Chinese students", "CHNEDU"), ("Ugandan doctors", "UGAHLH"), ("Kenyan aid groups", "KENNGO"),
    ("Indian ruling party", "INDPTY"), ("a Spanish former minister", "ESPELI"),
])
def test_agent_codes_combined_with_the_country(coder, phrase, code):
    ms = resolve(coder, f"{phrase[0].upper() + phrase[1:]} met on Monday.")
    assert ms and ms[0].actor.code == code, [(m.text, m.actor.code, m.how) for m in ms]


@pytest.mark.parametrize("name,code", [
    ("NATO", "IGONATO"), ("The OSCE Minsk Group", "IGOOSCE"), ("The Collective Security Treaty Organization", "IGOCSTO"),
    ("The African Union", "IGOAU"), ("The Arab League", "IGOARABLEAGUE"), ("The IAEA", "IGOIAEA"),
    ("The International Criminal Court", "IGOICC"), ("The World Bank", "IGOWB"), ("The Red Cross", "NGOICRC"),
    ("The UN Security Council", "IGOUN"), ("ECOWAS", "IGOECOWAS"), ("OPEC", "IGOOPEC"),
])
def test_international_organisations(coder, name, code):
    ms = resolve(coder, f"{name} called for restraint.")
    assert ms and ms[0].actor.code == code and ms[0].actor.country is None, [(m.text, m.actor.code) for m in ms]


def test_a_role_of_an_organisation_is_the_organisation(coder):
    ms = resolve(coder, "EU officials and Hamas fighters were named, and UN peacekeepers left.")
    assert code_of(ms, "EU officials") == ("IGOEU", "role+organization")
    assert code_of(ms, "Hamas fighters")[0] == "PSEREB"



def test_events_carry_cameos_own_actor_codes_too(coder):
    # our code (IGOUN, following the training data) and CAMEO's dictionaries' (IGOUNO)
    events = [e.to_dict() for e in coder.code_text(
        "The United Nations condemned the attack on Kabul. Hamas fired rockets at Israel on Monday.")]
    by_root = {e["cameo_root"]: e for e in events}
    assert by_root["11"]["source"]["code"] == "IGOUN" and by_root["11"]["source"]["cameo_code"] == "IGOUNO"
    assert by_root["19"]["source"]["code"] == "PSEREB" and by_root["19"]["source"]["cameo_code"] == "PSEREBHMS"
    assert by_root["19"]["target"]["cameo_code"] == "ISR"  # the same as ours where they agree

# ---- persons -----------------------------------------------------------------------------

SAMPLE = ("Azerbaijani Foreign Minister Jeyhun Bayramov met his Russian counterpart Sergey Lavrov. "
          "Bayramov said the talks were useful. Lavrov noted the progress. The minister added that "
          "he would visit Baku.")


def test_titles_counterparts_and_coreference_in_one_article(coder):
    ms = resolve(coder, SAMPLE, date(2022, 12, 23))
    assert code_of(ms, "Azerbaijani Foreign Minister Jeyhun Bayramov") == ("AZEGOV", "title+name")
    assert code_of(ms, "his Russian counterpart")[0] == "RUSGOV"
    assert code_of(ms, "Bayramov") == ("AZEGOV", "coref:name")
    assert code_of(ms, "Lavrov") == ("RUSGOV", "coref:name")
    # "the minister" after Lavrov is Lavrov, and so is "he"
    assert code_of(ms, "The minister") == ("RUSGOV", "coref:role")
    assert code_of(ms, "he") == ("RUSGOV", "coref:pronoun")


def test_apposition_gives_the_role(coder):
    ms = resolve(coder, "Jeyhun Bayramov, the foreign minister of Azerbaijan, arrived in Moscow.")
    m = find(ms, "Jeyhun Bayramov")
    assert (m.actor.code, m.how, m.actor.kind) == ("AZEGOV", "title+name", "person")


def test_dated_person_table_applies_a_role_only_inside_its_dates(coder):
    text = "George Bush arrived in Ottawa."
    assert code_of(resolve(coder, text, date(1976, 6, 1)), "George Bush")[0] == "USASPY"  # CIA director
    assert code_of(resolve(coder, text, date(1985, 6, 1)), "George Bush")[0] == "USAGOV"  # vice president
    assert code_of(resolve(coder, text, date(1990, 6, 1)), "George Bush")[0] == "USAGOV"


def test_a_surname_alone_resolves_only_when_the_table_leaves_one_country(coder):
    ms = resolve(coder, "President Reagan told Congress on Monday that he would veto the bill.", date(1987, 3, 2))
    assert code_of(ms, "President Reagan")[0] == "USAGOV"
    assert code_of(ms, "he")[0] == "USAGOV"


def test_titles_the_tagger_missed_are_dropped_from_names(coder):
    ms = resolve(coder, "Pakistani President General Pervez Musharraf met reporters.", date(2004, 6, 1))
    assert ms[0].actor.code == "PAKGOV" and ms[0].actor.name.endswith("Pervez Musharraf")


def test_former_office_holders_are_elites(coder):
    ms = resolve(coder, "The former Yugoslav president appeared in court.")
    assert ms[0].actor.code == "YUGELI"


# ---- context: roles without a country ------------------------------------------------

def test_a_place_on_the_phrase_gives_the_country(coder):
    ms = resolve(coder, "Police in Baghdad said militants fired on a convoy. Officials in Washington were told.")
    assert code_of(ms, "Police") == ("IRQCOP", "role+place")
    assert code_of(ms, "Officials") == ("USAGOV", "role+place")


def test_the_one_country_of_the_article_grounds_bare_roles(coder):
    ms = resolve(coder, "Gunmen killed six people in southern Iraq on Monday, police said.")
    assert code_of(ms, "Gunmen") == ("IRQUAF", "role+article")
    assert code_of(ms, "six people")[0] == "IRQCVL"
    assert code_of(ms, "police")[0] == "IRQCOP"


def test_no_guess_when_the_article_names_two_countries(coder):
    ms = resolve(coder, "Militants attacked a convoy, Iraqi and American officials said.")
    assert all(m.text != "Militants" for m in ms), [(m.text, m.actor.code, m.how) for m in ms]


def test_its_forces_belong_to_the_country_named_before(coder):
    ms = resolve(coder, "Iran said on Monday that its forces had crossed the border, and Britain protested.")
    assert code_of(ms, "its forces") == ("IRNMIL", "role+its")


def test_foreign_fighters_are_not_the_articles(coder):
    ms = resolve(coder, "Foreign fighters attacked an army post in Iraq.")
    assert all(not m.text.startswith("Foreign") for m in ms)


def test_a_transnational_group_takes_the_country_where_it_acts_only_if_said(coder):
    ms = resolve(coder, "Al Qaeda fighters in Afghanistan attacked a base.")
    assert code_of(ms, "Al Qaeda fighters")[0] == "AFGREB"
    ms = resolve(coder, "Al Qaeda said it was behind the attack.")
    assert code_of(ms, "Al Qaeda") == ("IMGREB", "org table")


def test_people_nouns(coder):
    ms = resolve(coder, "Six Iraqis and a Briton were freed, and thousands of Italians marched. Palestinians protested.")
    assert code_of(ms, "Six Iraqis") == ("IRQCVL", "people noun")
    assert code_of(ms, "a Briton")[0] == "GBRCVL"
    assert code_of(ms, "Palestinians")[0] == "PSE"  # a bare plural names the people as a whole


def test_the_dateline_is_one_context_but_never_an_actor(coder):
    text = "ISLAMABAD, Pakistan (Reuters) - Officials said on Monday the talks would resume."
    ms = resolve(coder, text)
    assert code_of(ms, "Officials") == ("PAKGOV", "role+article")
    assert all(m.span[0] >= text.index("Officials") for m in ms)


@pytest.mark.parametrize("text, code", [
    ("CHICAGO, March 3 - Union workers at the company walked out on Monday.", "USALAB"),
    ("DEARBORN, Mich., March 3 - The company said its workers would strike.", "USABUS"),
    ("OSAKA, March 3 - Company executives said the merger talks had stalled.", "JPNBUS"),
    ("TRAIL, British Columbia, June 19 - Striking workers rejected the offer.", "CANLAB"),  # a region
])
def test_a_dateline_city_the_gazetteer_knows_is_the_context_too(coder, text, code):
    ms = resolve(coder, text)
    assert code in {m.actor.code for m in ms}, [(m.text, m.actor.code, m.how) for m in ms]


def test_a_dateline_city_does_not_outweigh_a_country_the_story_names(coder):
    ms = resolve(coder, "CHICAGO, March 3 - Officials said Iraq's oil exports had fallen.")
    # the United States or Iraq? The text does not say, so the role stays ungrounded
    assert not [m for m in ms if m.text == "Officials"], [(m.text, m.actor.code) for m in ms]


@pytest.mark.parametrize("text, later, code", [
    ("The Iraqi Republican Guard moved south. Iranian officials said the Republican Guard shelled Abadan.",
     "the Republican Guard", "IRQMIL"),
    ("Iraq killed 500 Iranian Revolutionary Guards. Four Revolutionary Guards divisions attacked Basra.",
     "Revolutionary Guards", "IRNMIL"),
    ("The Iraqi National Assembly met on Monday. The US embassy praised the National Assembly.",
     "the National Assembly", "IRQLEG"),
])
def test_a_name_a_demonym_grounded_keeps_its_country_later_in_the_article(coder, text, later, code):
    assert code_of(resolve(coder, text), later)[0] == code


def test_a_name_two_demonyms_grounded_is_left_alone(coder):
    text = ("The Iraqi National Assembly met on Monday. The Afghan National Assembly met too. "
            "Officials praised the National Assembly.")
    ms = resolve(coder, text)
    assert not [m for m in ms if m.text == "the National Assembly" and m.how == "coref:name"]


# ---- unknowns, spans, what articles teach ----------------------------------------------

def test_unknown_named_actors_are_kept_with_null_code(coder):
    text = "Zorgon Blattwick, leader of the Freedom Front of Karvania, met Ilham Aliyev."
    ms = resolve(coder, text, date(2022, 1, 1))
    unknown = unresolved_names(ms)
    assert any(m.actor.name == "Zorgon Blattwick" for m in unknown)
    assert all(m.actor.code is None for m in unknown)
    assert code_of(ms, "Ilham Aliyev")[0] == "AZEGOV"


def test_spans_point_at_the_article_text(coder):
    text = "BAKU, Azerbaijan, December 23. " + SAMPLE
    article = article_from_text(text, "t", date(2022, 12, 23))
    _, ms = next(coder.actor_mentions([article]))
    assert ms
    for m in ms:
        assert text[m.span[0]:m.span[1]] == m.text
        assert m.sentence >= 0


def test_lessons_are_the_persons_the_text_itself_codes(coder):
    ms = resolve(coder, SAMPLE, date(2022, 12, 23))
    taught = {(lesson.name, lesson.code) for lesson in lessons(ms)}
    assert ("Jeyhun Bayramov", "AZEGOV") in taught
    assert all(code for _, code in taught)
    assert not any(name == "Sergey Lavrov" for name, _ in taught)  # known from the table, not taught


# ---- knowledge from outside the article: memory and the user's file --------------------

def test_the_actor_memory_resolves_a_later_bare_surname(coder):
    text = "Bayramov said the peace talks would resume."
    assert resolve(coder, text, date(2023, 2, 1))[0].actor.code is None  # nobody knows him yet
    memory = ActorMemory()
    memory.observe("Jeyhun Bayramov", "AZEGOV", date(2022, 12, 23))
    (m,) = [m for m in resolve(coder, text, date(2023, 2, 1), actor_memory=memory) if m.text == "Bayramov"]
    assert (m.actor.code, m.how, m.actor.name) == ("AZEGOV", "actor memory", "Jeyhun Bayramov")
    # and not in an article of 1987
    (old,) = [m for m in resolve(coder, text, date(1987, 3, 1), actor_memory=memory) if m.text == "Bayramov"]
    assert old.actor.code is None


def test_the_text_beats_the_memory_and_the_user_file_beats_everything(coder, tmp_path):
    memory = ActorMemory()
    memory.observe("Jeyhun Bayramov", "AZEELI", date(2022, 12, 1))
    text = "Azerbaijani Foreign Minister Jeyhun Bayramov arrived. Sergey Lavrov met him."
    ms = resolve(coder, text, date(2022, 12, 23), actor_memory=memory)
    assert code_of(ms, "Azerbaijani Foreign Minister Jeyhun Bayramov")[0] == "AZEGOV"
    path = tmp_path / "actors.csv"
    path.write_text("name,code\nJeyhun Bayramov,AZEMIL\nSergey Lavrov,RUSELI\n", encoding="utf-8")
    user = load_user_actors(path, coder.tables)
    ms = resolve(coder, text, date(2022, 12, 23), actor_memory=memory, user_actors=user)
    assert code_of(ms, "Azerbaijani Foreign Minister Jeyhun Bayramov") == ("AZEMIL", "user actors")
    assert code_of(ms, "Sergey Lavrov") == ("RUSELI", "user actors")


def test_the_coder_loads_the_user_file_and_survives_a_bad_one(tmp_path):
    good = tmp_path / "actors.csv"
    good.write_text("name,code\nZorgon Blattwick,ARMOPP\nNobody,ARMXYZ\n", encoding="utf-8")
    coder = Coder(CoderConfig(locate=False, user_actors=str(good)))
    assert len(coder.user_actors.problems) == 1 and ":3:" in coder.user_actors.problems[0]
    ms = resolve(coder, "Zorgon Blattwick said the talks failed.")
    assert code_of(ms, "Zorgon Blattwick") == ("ARMOPP", "user actors")


def test_a_role_word_that_only_modifies_an_organisation_name_gives_no_agent(coder):
    # "General" heads no role here: General Motors is no army
    ms = resolve(coder, "Workers in Canada struck against General Motors on Monday.")
    assert find(ms, "General Motors").actor.agent != "MIL"
    ms = resolve(coder, "Workers in Canada struck against General Motors Corp on Monday.")
    assert code_of(ms, "General Motors Corp")[0] == "CANBUS"


@pytest.mark.parametrize("phrase", ["creditor banks", "private lenders", "the commercial banks"])
def test_banks_and_lenders_are_business(coder, phrase):
    ms = resolve(coder, f"Brazil asked {phrase} in Brazil for more time on Monday.")
    assert find(ms, phrase).actor.agent == "BUS"


# -- nouns that refer back: "the country", "the group", "his country" (anaphors.csv) --

@pytest.mark.parametrize("text,phrase,code", [
    ("Turkey massed troops on the border. The country later threatened Syria.", "The country", "TUR"),
    ("Chilean troops entered the valley on Monday, and this nation will not retreat, a general said.",
     "this nation", "CHL"),
    ("Portuguese Prime Minister Antonio Costa said his country would send doctors to Mozambique.",
     "his country", "PRT"),
    ("Hamas fighters fired rockets on Sunday. The Islamic group also threatened more attacks.",
     "The Islamic group", "PSEREB"),
    ("The European Union imposed sanctions on Belarus, and the bloc condemned the arrests.", "the bloc", "IGOEU"),
])
def test_a_noun_that_refers_back_takes_the_actor_named_before(coder, text, phrase, code):
    m = find(resolve(coder, text), phrase)
    assert (m.actor.code, m.how.split(":")[0]) == (code, "coref")


def test_his_government_is_the_persons_country_not_the_other_party(coder):
    ms = resolve(coder, "Iranian President Mohammad Khatami said his government would not talk to the United States.")
    assert code_of(ms, "his government")[0] == "IRNGOV"


@pytest.mark.parametrize("text,phrase", [
    ("Kenyan police arrested 12 men. An international rights group condemned the arrests.",
     "An international rights group"),  # someone new, not the police
    ("The group of Iraqis attacked a checkpoint near the border.", "The group of Iraqis"),
    ("The country faces a drought this summer, farmers said.", "The country"),  # nothing named before
])
def test_a_noun_with_nothing_to_refer_to_is_no_actor(coder, text, phrase):
    ms = resolve(coder, text)
    assert not any(m.text == phrase and m.actor.code for m in ms), [(m.text, m.actor.code) for m in ms]


@pytest.mark.parametrize("text,name,country", [
    ("Turkish jets bombed the city of Aleppo on Monday.", "Aleppo", "SYR"),
    ("Russian artillery shelled the city of Kharkiv.", "Kharkiv", "UKR"),
])
def test_a_name_a_place_noun_introduces_is_a_place(coder, text, name, country):
    assert find(resolve(coder, text), name).actor.country == country


@pytest.mark.parametrize("text,phrase,code", [
    ("The European Commission opened an inquiry into fares. The Commission said airlines broke the rules.",
     "The Commission", "IGOEU"),
    ("The International Monetary Fund will lend Kenya $200 million. The Fund said reforms must continue.",
     "The Fund", "IGOIMF"),
])
def test_an_organisation_named_in_full_is_then_its_head_word(coder, text, phrase, code):
    m = [m for m in resolve(coder, text) if m.text == phrase]
    assert m and (m[-1].actor.code, m[-1].how) == (code, "coref:short name"), [(x.text, x.actor.code) for x in m]


def test_a_head_word_two_organisations_share_refers_to_neither(coder):
    text = ("The European Commission and the Securities and Exchange Commission met in Brussels. "
            "The Commission said the talks went well.")
    assert not [m for m in resolve(coder, text) if m.how == "coref:short name"]


@pytest.mark.parametrize("text, phrase, code", [
    ("Kuwait held talks with the Soviet Union.", "Soviet Union", "RUS"),          # not a trade union
    ("Israel will not leave the West Bank.", "West Bank", "PSE"),                 # not a bank
    ("Soviet Union officials met Kuwaiti diplomats.", "Soviet Union officials", "RUSGOV"),
])
def test_a_word_of_a_countrys_name_is_no_role(coder, text, phrase, code):
    assert find(resolve(coder, text, date(1987, 5, 1)), phrase).actor.code == code


def test_a_union_of_a_country_is_still_a_union(coder):
    assert find(resolve(coder, "The Soviet trade union criticised Kuwait."), "The Soviet trade union").actor.code == "RUSLAB"


def test_a_name_wrapped_across_lines_is_still_the_name(coder):
    # Reuters wraps its lines: "the Soviet\nUnion" is the country, and its offsets are the text's
    text = "President Reagan accused the Soviet\nUnion of breaking the treaty."
    m = find(resolve(coder, text, date(1987, 5, 1)), "Soviet Union")
    assert m.actor.code == "RUS" and text[m.span[0]:m.span[1]] == "Soviet\nUnion"


def test_only_line_breaks_inside_names_are_unwrapped():
    from eventwire.stages.nlp import unwrap_names
    text = "accused the Soviet\nUnion of it, said on\nMonday.\n    The U.S.\nTreasury"
    out = unwrap_names(text)
    assert len(out) == len(text)
    assert out == "accused the Soviet Union of it, said on\nMonday.\n    The U.S. Treasury"


@pytest.mark.parametrize("text, phrase, code", [
    ("The 44-nation Inter-American Development Bank lent Brazil money.",
     "The 44-nation Inter-American Development Bank", "IGOIADB"),            # not a US bank
    ("The Asian Development Bank lent Vietnam money.", "The Asian Development Bank", "IGOADB"),
    ("The Israeli Army attacked Gaza.", "The Israeli Army", "ISRMIL"),        # no organisation of the tables
])
def test_a_demonym_inside_a_known_organisations_name_is_not_its_country(coder, text, phrase, code):
    assert find(resolve(coder, text, date(2004, 5, 1)), phrase).actor.code == code
