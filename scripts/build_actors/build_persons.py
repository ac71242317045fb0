"""Build eventwire/data/actors/persons.csv from Phoenix dictionaries + CountryInfo people."""
import csv, io, re, sys, collections
from datetime import date
sys.path.insert(0, "/work/main"); sys.path.insert(0, "/tmp/awbuild")
import phoenix
from eventwire.knowledge.actor_tables import load_actor_tables, normalise

T = load_actor_tables()
ISO = {e.iso3 for e in T.countries()}
AGENTS = T.agents
B = "/work/shared/reference/actors/"
# Phoenix country prefixes that differ from ours.
CMAP = {"USR": "RUS", "SUN": "RUS", "KSV": "XKX", "SCG": "YUG", "FRY": "YUG", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "BUR": "MMR"}
# Phoenix IGO/NGO person codes -> our organisation codes (others are dropped).
OMAP = {"IGOUNO": "IGOUN", "IGOEUREEC": "IGOEU", "IGOWSTNAT": "IGONATO", "IGOUNODEVWBK": "IGOWB",
        "IGOBUSOPC": "IGOOPEC", "IGOUNOHLHWHO": "IGOWHO", "IGOUNOIAE": "IGOIAEA", "NGOHLHIRC": "NGOICRC",
        "IGOUNOKID": "IGOUNICEF", "IGOUNOLABILO": "IGOILO", "IGOBUSIMF": "IGOIMF", "IGOEURDEVEBR": "IGOEBRD",
        "IGOASADEVADB": "IGOADB", "IGOOAS": "IGOOAS", "IGOSEAASN": "IGOASEAN", "IGOCWN": "IGOCWN",
        "IGOBUSWTO": "IGOWTO", "IGOMEAARL": "IGOARABLEAGUE", "IGOCOPITP": "IGOINTERPOL", "IGOJUDICC": "IGOICC",
        "IGOCASCIS": "IGOCIS", "IGOAFRAFU": "IGOAU", "IGOAFROAU": "IGOAU", "IGOWAFWAS": "IGOECOWAS",
        "IGOPGSGCC": "IGOGCC", "IGOSAFDEVSAD": "IGOSADC", "IGOAFRDEVAFB": "IGOAFDB", "IGOUNOREFHCR": "IGOUNHCR"}
NOT_PERSON = set("""ARMY FORCES FORCE MINISTRY GOVERNMENT ADMINISTRATION COUNCIL COMMITTEE PARTY FRONT MOVEMENT
ORGANIZATION ORGANISATION UNION ASSEMBLY CONGRESS SENATE PARLIAMENT COURT POLICE BRIGADE BRIGADES BATTALION JAYSH JAISH
GROUP ASSOCIATION AGENCY DEPARTMENT OFFICE BANK COMMISSION SOVIET LEAGUE ALLIANCE COALITION GUARD GUARDS MILITIA
NETWORK CORPS REGIME KINGDOM REPUBLIC STATE STATES AUTHORITY SERVICE SERVICES INSTITUTE CENTER CENTRE UNIVERSITY
FOUNDATION TRIBUNAL BUREAU COMMAND DIVISION REGIMENT SQUAD UNIT UNITS ISLANDS REBELS FIGHTERS MILITANTS TROOPS
PALACE STREET SABHA RIFLES MINISTER MINISTERS PRIME PRESIDENT SECRETARY THINK TANK TEAM CELLS CELL INC CORP
CORPORATION COMPANY LTD PUNK RIOT HOUSE DUMA KNESSET MAJLIS JUNTA EMBASSY CABINET DELEGATION OPPOSITION REBEL
FEDERATION CONFEDERATION SOCIETY SYNDICATE CARTEL GANG CLAN TRIBE TRIBES PEOPLE PEOPLES COMMUNITY""".split())
TITLE_WORDS = re.compile(r"^(PRESIDENT|PRIME MINISTER|PREMIER|KING|QUEEN|GENERAL|GEN\.?|MR\.?|MRS\.?|DR\.?|SHEIKH|SHEIK|SENATOR|SEN\.?|FORMER|EX-|CHANCELLOR|FOREIGN MINISTER|MINISTER|VICE PRESIDENT)\b")

def personish(name):
    toks = re.split(r"[\s\-]+", name)
    return 1 <= len(toks) <= 6 and not any(t.strip(".,'()") in NOT_PERSON for t in toks) and not re.search(r"\d", name)

PARTICLES = {"al", "el", "bin", "ibn", "bint", "de", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den", "du", "la", "le", "y", "ul", "ud", "ad", "as", "ash", "at", "az", "an", "ar"}
def pretty(name):
    name = name.replace("`", "'")
    name = re.sub(r'"[^"]*"?', " ", name)          # nicknames: "nando"
    name = re.sub(r"\(.*", " ", name)              # (acting, (1st Time
    name = re.sub(r",\s*(jr|sr|ii|iii)\.?\s*$", r" \1", name, flags=re.I)
    name = name.split(",")[0]                       # ", Baron Martonmere"
    name = " ".join(name.split())
    out = []
    for i, w in enumerate(name.lower().split()):
        parts = re.split(r"([\-'])", w)
        parts = [p if p in "-'" else (p if (p in PARTICLES and (i > 0 or j > 0)) else p[:1].upper() + p[1:]) for j, p in enumerate(parts)]
        out.append("".join(parts))
    s = " ".join(out)
    s = re.sub(r"\bMc([a-z])", lambda m: "Mc" + m.group(1).upper(), s)
    s = re.sub(r"'S\b", "'s", s)
    s = re.sub(r"\b(Jr|Sr)\b\.?", r"\1.", s)
    s = re.sub(r"\b(Ii|Iii|Iv)\b", lambda m: m.group(1).upper(), s)
    return s

def code_of(raw):
    """Phoenix code -> (our code, country, agent) or None."""
    for k, v in OMAP.items():
        if raw == k:
            return v
    c, ag = raw[:3], raw[3:6]
    c = CMAP.get(c, c)
    if c in ISO and ag in AGENTS:
        return c + ag
    return None

rows = []   # (name, aliases, code, start, end, role, source)
aliases_of = collections.defaultdict(list)
for f, only_ci in (("Phoenix.Countries.actors.txt", False), ("Phoenix.International.actors.txt", True), ("Phoenix.MilNonState.actors.txt", True)):
    for e in phoenix.parse(B + "phoenix/" + f):
        ci = "CountryInfo" in e["comment"]
        parsed = []
        for cd in e["codes"]:
            try:
                parsed.append(phoenix.parse_code(cd))
            except (ValueError, IndexError):
                pass
        dated = any(s or en for _, s, en in parsed)
        name = e["name"]
        if not ci:
            if not personish(name) or (only_ci and not dated):
                continue
            if not dated and len(name.split()) < 2:
                continue
        kept = [(code_of(c), s, en) for c, s, en in parsed if code_of(c)]
        if not kept:
            continue
        pname = pretty(name)
        for a in e["aliases"]:
            if personish(a) and not TITLE_WORDS.match(a) and not re.search(r"\d", a):
                aliases_of[pname].append(pretty(a))
        for code, s, en in kept:
            if s and en and en < s:
                s, en = en, s
            rows.append([pname, code, s, en, ""])

# CountryInfo people (government and leaders) with their role titles.
country_iso = {}
for e in T.countries():
    for n in (e.name, *e.aliases):
        country_iso[normalise(n)] = e.iso3
country_iso.update({"madagaskar": "MDG", "republic of south africa": "ZAF", "united republic of tanzania": "TZA",
                    "faeroe islands": "FRO", "brunei darussalam": "BRN", "cote divoire": "CIV", "congo": "COG",
                    "swaziland": "SWZ", "russian federation": "RUS", "united states of america": "USA",
                    "democratic republic of the congo": "COD", "micronesia": "FSM", "timor leste": "TLS"})
def ymd(s, end=False):
    """CountryInfo dates: YYYYMMDD, some with impossible days (20080231); 20161201 marks 'still in office'."""
    s = s.strip()
    if not re.fullmatch(r"\d{8}", s) or (end and s == "20161201"):
        return None
    y, m, d = int(s[:4]), int(s[4:6]), int(s[6:])
    for day in range(d, 27, -1) if d > 28 else [d]:
        try:
            return date(y, m, day)
        except ValueError:
            continue
    return None
by_person = collections.defaultdict(list)
for i, r in enumerate(rows):
    by_person[(normalise(r[0]), r[1][:3])].append(i)
# Role titles: leaders' dates agree with Phoenix; people_gov's start often equals the
# Phoenix end of the period it describes, so either bound may match. Persons absent
# from Phoenix are added from CountryInfo (mostly ministers appointed 2011-2014).
added = 0
for fname, col in (("people_leaders.csv", "title"), ("people_gov.csv", "description")):
    for rec in csv.DictReader(open(B + "countryinfo/" + fname, encoding="utf-8", errors="replace")):
        iso = country_iso.get(normalise(rec["country"].replace("_", " ")))
        if not iso:
            continue
        names = [pretty(x.replace("_", " ").strip()) for x in rec["name"].split("|") if x.strip(" _")]
        if not names or not personish(names[0].upper()):
            continue
        name = names[0]
        s, en = ymd(rec["startYr"]), ymd(rec["endYr"], end=True)
        if s and en and en < s:
            s, en = en, s
        role = " ".join(rec[col].split())
        mine = [rows[i] for i in by_person.get((normalise(name), iso), []) if rows[i][1][3:] == "GOV"]
        if mine:
            for r in sorted(mine, key=lambda r: (r[2] != s, r[3] != s)):
                if (r[2] == s or r[3] == s) and not r[4]:
                    r[4] = role
                    break
        elif not by_person.get((normalise(name), iso)):
            rows.append([name, iso + "GOV", s, en, role]); added += 1
            aliases_of[name] += [a for a in names[1:] if a != name]
            by_person[(normalise(name), iso)].append(len(rows) - 1)
print("added from CountryInfo", added, file=sys.stderr)

# Dedupe identical (name, code, start, end); aliases that point at persons of
# several countries are dropped (a bare surname shared by two people is no evidence).
seen, out = set(), []
for r in rows:
    k = (r[0], r[1], r[2], r[3])
    if k in seen:
        continue
    seen.add(k); out.append(r)
roles_of = collections.defaultdict(set)
for r in out:
    roles_of[r[0]].add((r[1], r[2], r[3]))
folded = set()
for n, al in aliases_of.items():
    for a in al:
        if a != n and a in roles_of and a not in folded and roles_of[a] <= roles_of[n]:
            folded.add(a)
out = [r for r in out if r[0] not in folded]
print("folded", len(folded), file=sys.stderr)
alias_countries = collections.defaultdict(set)
country_of = collections.defaultdict(set)
for r in out:
    country_of[r[0]].add(r[1][:3])
for n, al in aliases_of.items():
    for a in set(al):
        alias_countries[normalise(a)] |= country_of[n]
for r in out:
    alias_countries[normalise(r[0])] |= {r[1][:3]}
ROLE = set(w for w in T.role_words() if " " not in w) | {"gov", "govenor", "sen", "rep", "mr", "mrs", "ms", "dr", "gen", "lt", "col", "capt", "sgt", "adm", "amb", "former", "ex", "acting", "us", "u.s.", "un", "eu"}
def titled(a):
    return any(t in ROLE or T.lookup_adjective(t) for t in normalise(a).split())
for n in aliases_of:
    aliases_of[n] = [a for a in aliases_of[n] if not titled(a)]
good_alias = {n: sorted({a for a in set(al) if len(alias_countries[normalise(a)]) == 1 and normalise(a) != normalise(n)}, key=al.index)
              for n, al in aliases_of.items()}

out.sort(key=lambda r: (r[1][:3], r[0], r[2] or date.min, r[3] or date.max))
buf = io.StringIO()
buf.write("""# Dated person roles for CAMEO actor coding: one row per (person, role period).
# code: country ISO3 + primary CAMEO agent (AZEGOV), or an organisation code
# (IGOUN for a UN Secretary-General). start/end: ISO dates, empty = open.
# A person may have several rows; an undated row is the fall-back role used when
# no dated row is valid. aliases: given once per person, on the first row.
# role: the office title where CountryInfo gives one.
# The table ends around 2012-2015 (its sources' dates); later office holders are
# not here: the actor memory fills the gap from titles met in the text.
# Phoenix dated codes use YYMMDD (YY < 30 -> 20YY) or YYYYMMDD; country codes
# USR/SUN -> RUS, KSV -> XKX, SCG -> YUG; secondary agents (AFGGOVAGR) are cut
# to the primary one (AFGGOV); IGO/NGO codes other than those mapped to
# organizations.csv, and entries without a country+agent code, are dropped.
# Sources: Phoenix actor dictionaries (openeventdata/petrarch2, MIT), themselves
# built from CountryInfo; CountryInfo people_gov/people_leaders
# (openeventdata/CountryInfo, CC BY-SA 3.0). See eventwire/data/NOTICE.
""")
w = csv.writer(buf, lineterminator="\n")
w.writerow(["name", "aliases", "code", "start", "end", "role"])
given = set()
for name, code, s, en, role in out:
    al = "" if name in given else "|".join(good_alias.get(name, []))
    given.add(name)
    w.writerow([name, al, code, s.isoformat() if s else "", en.isoformat() if en else "", role])
open("/work/main/eventwire/data/actors/persons.csv", "w", encoding="utf-8").write(buf.getvalue())
print(len(out), "rows", len(given), "persons", len(buf.getvalue()) // 1024, "KB", file=sys.stderr)
