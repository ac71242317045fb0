"""Build eventwire/data/actors/countries.csv from mledoze + NGEC + curated additions.

Build-time only (the references are not shipped); afterwards the CSV is edited by hand.
"""
import csv, io, json, re, sys, unicodedata
sys.path.insert(0, "/work/main")
from eventwire.knowledge.actor_tables import normalise, fold

REF = "/work/shared/reference/actors/"
m = json.load(open(REF + "mledoze-countries.json"))

# ---- curated --------------------------------------------------------------------------
NAME = {"TUR": "Turkey", "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo",
        "CZE": "Czech Republic", "XKX": "Kosovo", "PSE": "Palestine", "MKD": "North Macedonia",
        "SWZ": "Eswatini", "CIV": "Ivory Coast", "VAT": "Vatican City", "FSM": "Micronesia",
        "CPV": "Cape Verde", "TLS": "East Timor", "BES": "Caribbean Netherlands"}
EXTRA_ROWS = {  # historical codes used by CAMEO coders in news
    "YUG": dict(name="Yugoslavia", official="Socialist Federal Republic of Yugoslavia"),
    "DDR": dict(name="East Germany", official="German Democratic Republic"),
    "CSK": dict(name="Czechoslovakia", official="Czechoslovak Socialist Republic"),
}
ADD = {  # iso3: (aliases, adjectives, plurals, capitals, metonyms)
 "USA": ("US|U.S.|USA|U.S.A.|United States|United States of America|America", "American|U.S.|US|Yankee", "Americans|Yankees", "Washington|Washington D.C.|Washington DC", "White House:GOV|Oval Office:GOV|Pentagon:MIL|State Department:GOV|U.S. State Department:GOV|Foggy Bottom:GOV|Department of State:GOV|Congress:LEG|U.S. Congress:LEG|Capitol Hill:LEG|CIA:SPY|Central Intelligence Agency:SPY|FBI:COP|Federal Bureau of Investigation:COP|Secret Service:COP"),
 "GBR": ("UK|U.K.|Britain|Great Britain|United Kingdom|England|Scotland|Wales|Northern Ireland", "British|UK|U.K.|English|Scottish|Welsh|Northern Irish", "Britons|Brits|Englishmen|Scots", "London", "Downing Street:GOV|Number 10:GOV|Whitehall:GOV|Westminster:LEG|House of Commons:LEG|House of Lords:LEG|MI5:SPY|MI6:SPY|Scotland Yard:COP|Buckingham Palace:GOV"),
 "RUS": ("Russian Federation|Soviet Union|USSR|U.S.S.R.|Union of Soviet Socialist Republics|Soviet Russia", "Russian|Soviet", "Russians|Soviets", "Moscow", "Kremlin:GOV|Duma:LEG|State Duma:LEG|Supreme Soviet:LEG|Federation Council:LEG|KGB:SPY|FSB:SPY|Federal Security Service:SPY|SVR:SPY|Red Army:MIL"),
 "DEU": ("West Germany|Federal Republic of Germany|FRG|Deutschland", "German|West German", "Germans|West Germans", "Berlin|Bonn", "Bundestag:LEG|Bundesrat:LEG|Bundeswehr:MIL"),
 "DDR": ("German Democratic Republic|GDR", "East German", "East Germans", "East Berlin", "Stasi:SPY"),
 "CSK": ("Czechoslovak Socialist Republic|Czech and Slovak Federative Republic", "Czechoslovak|Czechoslovakian", "Czechoslovaks", "", ""),
 "YUG": ("Federal Republic of Yugoslavia|Socialist Federal Republic of Yugoslavia|SFRY|FRY|Serbia and Montenegro|State Union of Serbia and Montenegro", "Yugoslav|Yugoslavian", "Yugoslavs|Yugoslavians", "", ""),
 "FRA": ("French Republic", "French", "Frenchmen|Frenchwomen", "Paris", "Élysée:GOV|Élysée Palace:GOV|Matignon:GOV|Quai d'Orsay:GOV"),
 "CHN": ("People's Republic of China|PRC|Mainland China|Communist China|Red China", "Chinese|Sino", "", "Beijing|Peking", "Zhongnanhai:GOV|People's Liberation Army:MIL|PLA:MIL|National People's Congress:LEG"),
 "TWN": ("Republic of China|ROC|Chinese Taipei|Formosa", "Taiwanese", "", "Taipei", "Legislative Yuan:LEG|Executive Yuan:GOV"),
 "ISR": ("State of Israel", "Israeli", "Israelis", "Jerusalem", "Knesset:LEG|IDF:MIL|Israel Defense Forces:MIL|Israeli Defense Forces:MIL|Mossad:SPY|Shin Bet:SPY|Shabak:SPY"),
 "PSE": ("State of Palestine|Palestinian territories|Palestinian Territories|Occupied Palestinian Territories|Palestinian territory|Gaza|Gaza Strip|West Bank|Occupied Territories", "Palestinian|Gazan", "Palestinians|Gazans", "Ramallah", "Palestinian Authority:GOV|Palestinian National Authority:GOV|Palestinian Authority government:GOV"),
 "XKX": ("Republic of Kosovo|Kosova", "Kosovar|Kosovan|Kosovo Albanian", "Kosovars|Kosovans|Kosovo Albanians", "Pristina|Prishtina", ""),
 "IRN": ("Islamic Republic of Iran|Persia", "Iranian|Persian", "Iranians|Persians", "Tehran|Teheran", "Majlis:LEG|IRGC:MIL|Revolutionary Guards Corps:MIL|Islamic Revolutionary Guard Corps:MIL|Guardian Council:GOV|Guardians Council:GOV|Expediency Council:GOV"),
 "IRQ": ("Republic of Iraq", "Iraqi", "Iraqis", "Baghdad", ""),
 "SYR": ("Syrian Arab Republic", "Syrian", "Syrians", "Damascus", ""),
 "IND": ("Republic of India|Bharat", "Indian", "Indians", "New Delhi|Delhi", "Lok Sabha:LEG|Rajya Sabha:LEG|South Block:GOV"),
 "PAK": ("Islamic Republic of Pakistan", "Pakistani", "Pakistanis", "Islamabad", "ISI:SPY|Inter-Services Intelligence:SPY"),
 "AFG": ("Islamic Republic of Afghanistan|Islamic Emirate of Afghanistan", "Afghan|Afghani", "Afghans", "Kabul", ""),
 "AZE": ("Republic of Azerbaijan", "Azerbaijani|Azeri", "Azerbaijanis|Azeris", "Baku", "Milli Majlis:LEG"),
 "ARM": ("Republic of Armenia", "Armenian", "Armenians", "Yerevan", ""),
 "UKR": ("the Ukraine", "Ukrainian", "Ukrainians", "Kyiv|Kiev", "Verkhovna Rada:LEG|SBU:SPY"),
 "KOR": ("Republic of Korea|ROK|Korea", "South Korean|Korean", "South Koreans|Koreans", "Seoul", "Blue House:GOV"),
 "PRK": ("Democratic People's Republic of Korea|DPRK|N. Korea", "North Korean", "North Koreans", "Pyongyang", ""),
 "JPN": ("", "Japanese", "", "Tokyo", ""),
 "TUR": ("Türkiye|Turkiye|Republic of Turkey", "Turkish", "Turks", "Ankara", "Grand National Assembly:LEG"),
 "ITA": ("Italian Republic", "Italian", "Italians", "Rome", "Palazzo Chigi:GOV|Farnesina:GOV|Quirinale:GOV"),
 "ESP": ("Kingdom of Spain", "Spanish", "Spaniards", "Madrid", "Moncloa:GOV"),
 "ARG": ("Argentine Republic", "Argentine|Argentinian|Argentinean", "Argentines|Argentinians", "Buenos Aires", "Casa Rosada:GOV"),
 "BRA": ("", "Brazilian", "Brazilians", "Brasília|Brasilia", "Planalto:GOV|Planalto Palace:GOV|Itamaraty:GOV"),
 "MEX": ("United Mexican States", "Mexican", "Mexicans", "Mexico City", "Los Pinos:GOV"),
 "VEN": ("", "Venezuelan", "Venezuelans", "Caracas", "Miraflores:GOV|Miraflores Palace:GOV"),
 "PHL": ("", "Filipino|Philippine|Filipina", "Filipinos", "Manila", "Malacañang:GOV|Malacañang Palace:GOV"),
 "IRL": ("Republic of Ireland|Eire|Éire", "Irish", "Irishmen", "Dublin", "Dáil:LEG|Oireachtas:LEG"),
 "POL": ("", "Polish", "Poles", "Warsaw", "Sejm:LEG"),
 "SWE": ("", "Swedish", "Swedes", "Stockholm", "Riksdag:LEG"),
 "NOR": ("", "Norwegian", "Norwegians", "Oslo", "Storting:LEG"),
 "DNK": ("", "Danish", "Danes", "Copenhagen", "Folketing:LEG"),
 "FIN": ("", "Finnish", "Finns", "Helsinki", ""),
 "NLD": ("Holland|The Netherlands", "Dutch", "Dutchmen", "Amsterdam|The Hague", ""),
 "CHE": ("Swiss Confederation", "Swiss", "", "Bern|Berne", ""),
 "CZE": ("Czechia", "Czech", "Czechs", "Prague", ""),
 "MMR": ("Burma|Republic of the Union of Myanmar", "Burmese|Myanmar", "", "Naypyidaw|Nay Pyi Taw|Naypyitaw|Rangoon|Yangon", ""),
 "CIV": ("Côte d'Ivoire|Cote d'Ivoire|Republic of Côte d'Ivoire", "Ivorian", "Ivorians", "Yamoussoukro|Abidjan", ""),
 "COD": ("DR Congo|DRC|D.R. Congo|Congo-Kinshasa|Democratic Republic of Congo|Zaire|Congo", "Congolese|Zairean|Zairian", "Zaireans", "Kinshasa", ""),
 "COG": ("Congo-Brazzaville|Congo Brazzaville|Republic of Congo|Congo Republic", "", "", "Brazzaville", ""),
 "KAZ": ("", "Kazakh|Kazakhstani", "Kazakhs|Kazakhstanis", "Astana|Nur-Sultan|Almaty|Alma-Ata", ""),
 "NGA": ("Federal Republic of Nigeria", "Nigerian", "Nigerians", "Abuja|Lagos", ""),
 "TZA": ("United Republic of Tanzania", "Tanzanian", "Tanzanians", "Dodoma|Dar es Salaam", ""),
 "BOL": ("", "Bolivian", "Bolivians", "Sucre|La Paz", ""),
 "ZAF": ("RSA|Republic of South Africa", "South African", "South Africans", "Pretoria|Cape Town|Bloemfontein", ""),
 "LKA": ("Ceylon", "Sri Lankan", "Sri Lankans", "Colombo|Sri Jayawardenepura Kotte", ""),
 "MNG": ("", "Mongolian", "Mongolians", "Ulan Bator|Ulaanbaatar", ""),
 "BEN": ("Dahomey", "Beninese", "", "Porto-Novo|Cotonou", ""),
 "BDI": ("", "Burundian", "Burundians", "Gitega|Bujumbura", ""),
 "CMR": ("", "Cameroonian", "Cameroonians", "Yaoundé|Yaounde", ""),
 "TCD": ("", "Chadian", "Chadians", "N'Djamena|Ndjamena|N'Djamena", ""),
 "YEM": ("", "Yemeni", "Yemenis", "Sanaa|Sana'a|Aden", ""),
 "MDA": ("", "Moldovan", "Moldovans", "Chisinau|Chișinău", ""),
 "TKM": ("", "Turkmen", "Turkmens", "Ashgabat|Ashkhabad", ""),
 "KGZ": ("Kirghizia|Kyrgyz Republic", "Kyrgyz|Kirghiz", "Kyrgyz", "Bishkek", ""),
 "TJK": ("", "Tajik|Tadzhik|Tajikistani", "Tajiks", "Dushanbe", ""),
 "UZB": ("", "Uzbek|Uzbekistani", "Uzbeks", "Tashkent", ""),
 "BLR": ("Byelorussia|Belorussia|White Russia", "Belarusian|Belarussian|Byelorussian", "Belarusians", "Minsk", ""),
 "SAU": ("Kingdom of Saudi Arabia|KSA", "Saudi|Saudi Arabian", "Saudis|Saudi Arabians", "Riyadh", ""),
 "ARE": ("UAE|U.A.E.|Emirates", "Emirati", "Emiratis", "Abu Dhabi", ""),
 "LBY": ("", "Libyan", "Libyans", "Tripoli", ""),
 "EGY": ("Arab Republic of Egypt", "Egyptian", "Egyptians", "Cairo", ""),
 "VNM": ("Viet Nam", "Vietnamese", "", "Hanoi", ""),
 "KHM": ("Kampuchea", "Cambodian|Khmer", "Cambodians", "Phnom Penh", ""),
 "LAO": ("Lao PDR", "Laotian|Lao", "Laotians", "Vientiane", ""),
 "THA": ("Siam", "Thai", "Thais", "Bangkok", ""),
 "GRC": ("Hellenic Republic|Hellas", "Greek|Hellenic", "Greeks", "Athens", ""),
 "CYP": ("", "Cypriot|Greek Cypriot", "Cypriots|Greek Cypriots", "Nicosia", ""),
 "ZWE": ("Rhodesia", "Zimbabwean|Rhodesian", "Zimbabweans", "Harare", ""),
 "SRB": ("", "Serbian|Serb", "Serbs|Serbians", "Belgrade", ""),
 "BIH": ("Bosnia|Bosnia-Herzegovina", "Bosnian|Bosniak|Bosnian Serb|Bosnian Croat", "Bosnians|Bosniaks|Bosnian Serbs|Bosnian Croats", "Sarajevo", ""),
 "HRV": ("", "Croatian|Croat", "Croats|Croatians", "Zagreb", ""),
 "SVN": ("", "Slovenian|Slovene", "Slovenes|Slovenians", "Ljubljana", ""),
 "SVK": ("Slovak Republic", "Slovak|Slovakian", "Slovaks", "Bratislava", ""),
 "MKD": ("Macedonia|Republic of Macedonia|FYROM|Former Yugoslav Republic of Macedonia", "Macedonian", "Macedonians", "Skopje", ""),
 "NZL": ("", "New Zealand|Kiwi", "New Zealanders|Kiwis", "Wellington", ""),
 "AUS": ("Commonwealth of Australia", "Australian|Aussie", "Australians|Aussies", "Canberra", ""),
 "CAN": ("", "Canadian", "Canadians", "Ottawa", "Parliament Hill:LEG"),
 "SOM": ("", "Somali|Somalian", "Somalis", "Mogadishu", ""),
 "SSD": ("", "South Sudanese", "", "Juba", ""),
 "SDN": ("", "Sudanese", "", "Khartoum", ""),
 "ETH": ("Abyssinia", "Ethiopian", "Ethiopians", "Addis Ababa", ""),
 "GEO": ("Republic of Georgia|Sakartvelo", "Georgian", "Georgians", "Tbilisi", ""),
 "LBN": ("", "Lebanese", "", "Beirut", ""),
 "JOR": ("Hashemite Kingdom of Jordan", "Jordanian", "Jordanians", "Amman", ""),
 "KWT": ("", "Kuwaiti", "Kuwaitis", "Kuwait City", ""),
 "QAT": ("", "Qatari", "Qataris", "Doha", ""),
 "BHR": ("", "Bahraini", "Bahrainis", "Manama", ""),
 "OMN": ("", "Omani", "Omanis", "Muscat", ""),
 "MAR": ("", "Moroccan", "Moroccans", "Rabat", ""),
 "DZA": ("", "Algerian", "Algerians", "Algiers", ""),
 "TUN": ("", "Tunisian", "Tunisians", "Tunis", ""),
 "PRT": ("Portuguese Republic", "Portuguese", "", "Lisbon", ""),
 "BEL": ("", "Belgian", "Belgians", "Brussels", ""),
 "AUT": ("", "Austrian", "Austrians", "Vienna", ""),
 "HUN": ("", "Hungarian", "Hungarians", "Budapest", ""),
 "ROU": ("Rumania", "Romanian|Rumanian", "Romanians", "Bucharest", ""),
 "BGR": ("", "Bulgarian", "Bulgarians", "Sofia", ""),
 "ALB": ("", "Albanian", "Albanians", "Tirana|Tirane", ""),
 "EST": ("", "Estonian", "Estonians", "Tallinn", ""),
 "LVA": ("", "Latvian", "Latvians", "Riga", ""),
 "LTU": ("", "Lithuanian", "Lithuanians", "Vilnius", ""),
 "ISL": ("", "Icelandic|Icelander", "Icelanders", "Reykjavik", ""),
 "LUX": ("", "Luxembourgish|Luxembourger", "Luxembourgers", "Luxembourg City", ""),
 "CUB": ("", "Cuban", "Cubans", "Havana", ""),
 "NIC": ("", "Nicaraguan", "Nicaraguans", "Managua", ""),
 "COL": ("", "Colombian", "Colombians", "Bogota|Bogotá", ""),
 "PER": ("", "Peruvian", "Peruvians", "Lima", ""),
 "CHL": ("", "Chilean", "Chileans", "Santiago", ""),
 "ECU": ("", "Ecuadorian|Ecuadorean", "Ecuadorians|Ecuadoreans", "Quito", ""),
 "IDN": ("", "Indonesian", "Indonesians", "Jakarta", ""),
 "MYS": ("", "Malaysian", "Malaysians", "Kuala Lumpur|Putrajaya", ""),
 "SGP": ("", "Singaporean", "Singaporeans", "", ""),
 "BGD": ("East Pakistan", "Bangladeshi", "Bangladeshis", "Dhaka|Dacca", ""),
 "NPL": ("", "Nepalese|Nepali", "Nepalis", "Kathmandu", ""),
 "KEN": ("", "Kenyan", "Kenyans", "Nairobi", ""),
 "UGA": ("", "Ugandan", "Ugandans", "Kampala", ""),
 "RWA": ("", "Rwandan", "Rwandans", "Kigali", ""),
 "ERI": ("", "Eritrean", "Eritreans", "Asmara", ""),
 "VAT": ("Holy See|Vatican|Vatican City State", "Vatican", "", "", ""),
 "ESH": ("Sahrawi Arab Democratic Republic|SADR", "Sahrawi|Saharawi", "Sahrawis|Saharawis", "El Aaiún|Laayoune", ""),
 "SWZ": ("Swaziland", "Swazi", "Swazis", "Mbabane|Lobamba", ""),
 "TLS": ("Timor-Leste|Democratic Republic of Timor-Leste", "East Timorese|Timorese", "", "Dili", ""),
 "MDV": ("", "Maldivian|Maldivan", "Maldivians", "", ""),
 "BWA": ("", "Botswanan|Motswana", "Batswana", "Gaborone", ""),
 "LSO": ("", "Basotho|Mosotho", "Basotho", "Maseru", ""),
 "GIN": ("Guinea-Conakry", "Guinean", "Guineans", "Conakry", ""),
 "NER": ("", "Nigerien", "Nigeriens", "Niamey", ""),
 "MLI": ("", "Malian", "Malians", "Bamako", ""),
 "DOM": ("", "Dominican", "Dominicans", "Santo Domingo", ""),
 "CPV": ("Cabo Verde|Republic of Cape Verde", "Cape Verdean", "Cape Verdeans", "Praia", ""),
 "GNB": ("", "Bissau-Guinean|Guinea-Bissauan", "Bissau-Guineans", "Bissau", ""),
 "GIB": ("", "Gibraltarian", "Gibraltarians", "", ""),
 "GRL": ("Kalaallit Nunaat", "Greenlandic|Greenlander", "Greenlanders", "Nuuk", ""),
 "BES": ("Bonaire|Sint Eustatius|Bonaire, Sint Eustatius and Saba", "", "", "", ""),
 "BFA": ("Upper Volta", "Burkinabe|Burkinabé", "", "Ouagadougou", ""),
 "HKG": ("Hong Kong SAR", "Hong Kong", "Hong Kongers", "", ""),
 "MAC": ("Macao", "Macanese", "", "", ""),
}
# Forms that are also common names or words: kept, but left out of the entity ruler.
AMBIGUOUS = {"JOR": "Jordan", "GEO": "Georgia", "TCD": "Chad", "NER": "Niger", "GIN": "Guinea",
             "COD": "Congo", "KOR": "Korea|Korean|Koreans", "BGR": "Sofia", "SYC": "Victoria",
             "BMU": "Hamilton", "MKD": "Macedonia|Macedonian|Macedonians", "JAM": "Kingston",
             "GUY": "Georgetown", "ATG": "Saint John's", "LBY": "Tripoli", "CHL": "Santiago",
             "DOM": "Dominican|Dominicans", "SEN": "Dakar", "JEY": "Jersey", "IND": "Indian|Indians",
             "WSM": "Samoan", "USA": "America|Yankee|Yankees", "NZL": "Kiwi|Kiwis",
             "GBR": "English"}
# Forms mledoze/NGEC give that over-match or belong elsewhere.
DROP = {"The Bottom", "the Abode of Peace", "Svalbard og Jan Mayen", "Teratri of Norf'k Ailen", "Union des Comores", "French Polynesians",
        "New Caledonians", "American Samoans", "Mosothos", "Greenlandics", "No 10", "Djibouti@adj", "Gibraltar@adj",
        "Malé", "Male", "The Valley", "Plymouth", "Douglas", "Stanley", "Jamestown", "West Island",
        "Saint-Denis", "Kingston@NFK", "Victoria", "Hamilton", "Georgetown@SHN", "George Town",
        "American@MNP", "American@UMI", "French@ATF", "Norwegian@SJM", "Norwegian@BVT", "Dutch@BES",
        "Channel Islander", "Congolese@COG", "Dominican@DMA", "Samoan@ASM", "Virgin Islander",
        "Guianan", "Guiana", "Timor", "Thai@alias", "Dominique", "Congo@COG", "Lao@alias",
        "Emirates@alias", "Island", "Prathet", "Mann", "Nijar", "Holland@adj", "Togolese@alias",
        "Kosovo Albanian", "Nigeran", "Nigerans", "Hong Kongese", "Kittian and Nevisian",
        "Kittitian or Nevisian", "Saint Helena@alias", "Malawis", "Dominicanos",
        "South Georgian South Sandwich Islander", "Heard and McDonald Islander", "Antarctican",
        "Saint Barthélemy Islander", "Saint Martin Islander", "American Islander", "Turkmeni", "Turkmenis",
        "Ålandish", "Argentinean@plural", "Argentineans", "Cape Verdian", "Maldivans",
        "Curaçaoan", "Curacaoan", "St. Maartener", "Wallis and Futuna Islander", "Turks and Caicos Islander"}
ENGLISH_CUE = re.compile(r"\b(of|Republic|Kingdom|States|Islands|Emirates|Federation|Commonwealth|Territory|Principality|Sultanate|Confederation|Union|Democratic)\b")

def dropped(form, iso, where):
    return form in DROP or f"{form}@{iso}" in DROP or f"{form}@{where}" in DROP

rows = {}
for c in m:
    iso = "XKX" if c["cca3"] == "UNK" else c["cca3"]
    name = NAME.get(iso, c["name"]["common"])
    aliases = [c["name"]["common"], c["name"]["official"]]
    for a in c["altSpellings"]:
        if " " in a and "(" not in a and "," not in a and ENGLISH_CUE.search(a) and fold(a).isascii() \
           and not re.search(r"\b(de|del|da|du|di|la|le|der|ya|wa|al|ng|na|ta|y|e|et|og)\b", a):
            aliases.append(a)
    dem = c["demonyms"].get("eng", {})
    adjs = []
    for g in ("m", "f"):
        for d in re.split(r",\s*| or ", dem.get(g, "") or ""):
            if d.strip():
                adjs.append(d.strip())
    rows[iso] = dict(name=name, aliases=aliases, adjectives=adjs, plurals=[], capitals=list(c["capital"]),
                     metonyms=[], ambiguous=[], un=bool(c.get("unMember")),
                     own={normalise(x) for x in adjs + [a + "s" for a in adjs] + [name] + list(c["capital"])})
for iso, d in EXTRA_ROWS.items():
    rows[iso] = dict(name=d["name"], aliases=[d["official"]], adjectives=[], plurals=[], capitals=[], metonyms=[], ambiguous=[], un=False, own=set())

for iso, (al, ad, pl, ca, me) in ADD.items():
    r = rows[iso]
    sp = lambda s: [x for x in s.split("|") if x]
    r["aliases"] += sp(al); r["adjectives"] += sp(ad); r["plurals"] += sp(pl); r["capitals"] += sp(ca)
    r["metonyms"] += sp(me); r["curated"] = {normalise(x) for x in sp(al) + sp(ad) + sp(pl) + sp(ca)}
for iso, amb in AMBIGUOUS.items():
    rows[iso]["ambiguous"] += [x for x in amb.split("|") if x]

# NGEC nationality forms: kept when they look like this row's demonyms (share the first
# three letters with its name, an alias or an adjective) and are not a place name.
place_keys = {}
for iso, r in rows.items():
    for f in [r["name"], *r["aliases"], *r["capitals"]]:
        place_keys.setdefault(normalise(f), set()).add(iso)
for rec in csv.DictReader(open(REF + "ngec-countries.csv", encoding="utf-8")):
    iso = rec["CCA3"]
    if iso not in rows:
        continue
    r = rows[iso]
    stems = {normalise(x)[:3] for x in [r["name"], *r["aliases"], *r["adjectives"]]}
    for f in (x.strip() for x in rec["Nationality"].split(",")):
        if not f or re.search("Territor|Island|Republic", f) or normalise(f) in place_keys or normalise(f)[:3] not in stems or dropped(f, iso, "ngec"):
            continue
        if f.endswith("s") and not f.endswith(("ss", "ese")):
            r["plurals"].append(f)
        else:
            r["adjectives"].append(f)

# Regular people-nouns from adjectives: Afghan -> Afghans (not -ese, -ish, -ch, -ss).
for iso, r in rows.items():
    for a in r["adjectives"]:
        if dropped(a, iso, "adj") or "-" in a or normalise(a + "s") in place_keys:
            continue
        if re.search(r"(an|i|ot|er|ek|ak|ab|ine|ino|ian)$", a) and (" " not in a or a.endswith(("African", "Korean", "American", "Lankan", "Rican", "Guinean", "Leonean", "German", "Cypriot"))):
            if a not in ("Lao", "Khmer", "Kyrgyz", "Kirghiz", "Afghani", "Vatican", "Sino", "Motswana", "Basotho", "Mosotho", "Ni-Vanuatu", "Swaziland"):
                r["plurals"].append(a + "s")
    if "Soviet" in r["adjectives"]:
        pass

# Diacritic-free spellings of names and capitals for hand-typed text (the loader folds anyway).
def clean(values, iso, where):
    out, seen = [], set()
    for v in values:
        v = " ".join(v.split())
        if not v or dropped(v, iso, where) or v in seen or (where == "alias" and "," in v and normalise(v) not in rows[iso].get("curated", set())):
            continue
        seen.add(v); out.append(v)
    return out

# Resolve names claimed by two rows: the curated row wins, else a UN member, else drop both.
def resolve(columns):
    owners = {}
    for iso, r in rows.items():
        for col in columns:
            for v in ([r[col]] if isinstance(r[col], str) else r[col]):
                owners.setdefault(normalise(v), set()).add(iso)
    for key, isos in owners.items():
        if any(normalise(rows[i]["name"]) == key for i in isos):
            isos = isos  # a row's own name is never taken from it (checked below)
        if len(isos) < 2:
            continue
        cur = [i for i in isos if key in rows[i].get("curated", set())] or [i for i in isos if key in rows[i]["own"]]
        un = [i for i in isos if rows[i]["un"]]
        keep = cur[0] if len(cur) == 1 else (un[0] if len(un) == 1 else None)
        print("conflict", key, sorted(isos), "->", keep, file=sys.stderr)
        for i in isos:
            if i != keep:
                for col in [c for c in columns if c != "name"]:
                    rows[i][col] = [v for v in rows[i][col] if normalise(v) != key]

for iso, r in rows.items():
    r["aliases"] = [a for a in clean(r["aliases"], iso, "alias") if normalise(a) != normalise(r["name"])]
    r["adjectives"] = clean(r["adjectives"], iso, "adj")
    r["plurals"] = [p for p in clean(r["plurals"], iso, "plural") if normalise(p) not in {normalise(a) for a in r["adjectives"]}]
    r["capitals"] = clean(r["capitals"], iso, "capital")
    r["metonyms"] = clean(r["metonyms"], iso, "metonym")
    # a capital that is also the country's name (Singapore) stays only as the name
    r["capitals"] = [c for c in r["capitals"] if normalise(c) not in {normalise(x) for x in [r["name"], *r["aliases"]]}]
resolve(["name", "aliases", "capitals"])
resolve(["adjectives", "plurals"])
for iso, r in rows.items():
    r["name"] = r["name"] if isinstance(r["name"], str) else r["name"]

HEADER = """# Countries for CAMEO actor coding: one row per ISO 3166-1 alpha-3 code, plus the
# historical codes CAMEO coders use in news: YUG (Yugoslavia, also Serbia and
# Montenegro), DDR (East Germany), CSK (Czechoslovakia). Conventions: the Soviet
# Union is RUS, West Germany DEU, Kosovo XKX, Palestine/Palestinian territories
# (Gaza, West Bank) PSE, Taiwan TWN.
# Columns (multi-valued ones |-separated):
#   aliases     other names, official and historical names, abbreviations ("U.S.")
#   adjectives  nationality adjectives ("Azerbaijani", "Azeri")
#   plurals     nouns for the people ("Azerbaijanis")
#   capitals    capital city and seats of power, current and former ("Bonn")
#   metonyms    buildings/institutions standing for a part of the state, as
#               text:AGENT ("Kremlin:GOV", "Pentagon:MIL")
#   ambiguous   forms of this row that are also common names or words ("Jordan",
#               "Georgia"): they still resolve, but the entity ruler leaves them
#               to the statistical NER
# A name may belong to one row only (the loader refuses a second claim).
# Sources: mledoze/countries (ODbL 1.0): names, official names, capitals,
# demonyms; ahalterman/NGEC countries (MIT): nationality forms; additions and
# metonyms by the eventwire authors. See eventwire/data/NOTICE.
"""
out = io.StringIO()
out.write(HEADER)
w = csv.writer(out, lineterminator="\n")
w.writerow(["iso3", "name", "aliases", "adjectives", "plurals", "capitals", "metonyms", "ambiguous"])
for iso in sorted(rows):
    r = rows[iso]
    w.writerow([iso, r["name"], "|".join(r["aliases"]), "|".join(r["adjectives"]), "|".join(r["plurals"]),
                "|".join(r["capitals"]), "|".join(r["metonyms"]), "|".join(r["ambiguous"])])
open("/work/main/eventwire/data/actors/countries.csv", "w", encoding="utf-8").write(out.getvalue())
print(len(rows), "rows", file=sys.stderr)
