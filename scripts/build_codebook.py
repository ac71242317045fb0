"""One-off generator for eventwire/data/{cameo_codes,plover_types,cameo_plover}.csv.

Reads the read-only reference material in /work/shared/reference and writes the
project's own data files. Not part of the package.
"""

import csv
import re
import sys
from pathlib import Path

REF = Path("/work/shared/reference")
OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/main/eventwire/data")

# ---------------------------------------------------------------- CAMEO codes
manual = {r["code"]: r for r in csv.DictReader(open(REF / "cameo/cameo-codes.csv", encoding="cp1252"))}
gdelt_g = dict(l.split("\t") for l in (REF / "cameo/CAMEO.goldsteinscale.txt").read_text().splitlines()[1:])
gdelt_g = {k: float(v) for k, v in gdelt_g.items()}

NAME_FIX = {
    "044": "Meet at a third location",
}


def clean_name(code, name):
    name = NAME_FIX.get(code, " ".join(name.split()))
    if len(code) == 2:  # roots are upper case in the manual; sentence case reads better in output
        name = name.capitalize()
    return name[0].upper() + name[1:]


def quad(root):
    r = int(root)
    return 1 if r <= 4 else 2 if r <= 8 else 3 if r <= 13 else 4


DESC = {
    "01": "Public statements with no clearer appeal, agreement or conflict in them.",
    "010": "Residual statement fitting none of 011-019.",
    "011": "Refuse to comment on a matter.",
    "012": "Voice a gloomy or negative outlook.",
    "013": "Voice a hopeful or positive outlook.",
    "014": "Say a course of action is being weighed.",
    "015": "Admit to or claim an action, such as an attack.",
    "016": "Deny having done something.",
    "017": "A symbolic gesture such as laying a wreath.",
    "018": "Express sympathy or condolences.",
    "019": "Agree with another party's stated position.",
    "02": "Verbal requests or calls made to another party.",
    "020": "Residual appeal fitting no narrower code.",
    "021": "Ask for material cooperation.",
    "022": "Ask for diplomatic or policy backing.",
    "023": "Ask for aid.",
    "024": "Call for political reform.",
    "025": "Call on the target to give way or concede.",
    "026": "Urge parties to meet or negotiate.",
    "027": "Urge parties to settle a dispute.",
    "028": "Urge parties to mediate or accept mediation.",
    "03": "Offer, promise or say one will cooperate.",
    "030": "Residual intent to cooperate.",
    "031": "Pledge material cooperation.",
    "032": "Pledge diplomatic or policy support.",
    "033": "Pledge aid.",
    "034": "Promise political reform.",
    "035": "Promise to give way or concede.",
    "036": "Say one will meet or negotiate.",
    "037": "Say one will settle a dispute.",
    "038": "Agree to accept mediation.",
    "039": "Offer to mediate.",
    "04": "Meetings, talks and consultations.",
    "040": "Residual consultation.",
    "041": "Talks held by phone.",
    "042": "Travel to meet the target; usually paired with 043 reversed.",
    "043": "Receive a visitor; usually paired with 042 reversed.",
    "044": "Meet on ground belonging to neither side.",
    "045": "Act as go-between for disputing parties.",
    "046": "Hold negotiations with the target.",
    "05": "Diplomatic, non-material cooperation.",
    "050": "Residual diplomatic cooperation.",
    "051": "Commend or back the target in words.",
    "052": "Speak up for the target against criticism.",
    "053": "Gather backing for the target among others.",
    "054": "Recognise a state or government.",
    "055": "Express regret for an action.",
    "056": "Pardon a past offence.",
    "057": "Sign a treaty or formal agreement.",
    "06": "Material cooperation between parties.",
    "060": "Residual material cooperation.",
    "061": "Trade, investment or other economic ties.",
    "062": "Joint exercises or other military ties.",
    "063": "Extradition or other legal cooperation.",
    "064": "Pass on intelligence or information.",
    "07": "Material help given to the target.",
    "070": "Residual aid.",
    "071": "Money, loans or other economic help.",
    "072": "Arms, training or other military help.",
    "073": "Relief or emergency assistance.",
    "074": "Send troops to protect or keep peace.",
    "075": "Give refuge to a person or group.",
    "08": "Concessions and steps back.",
    "080": "Residual yield.",
    "081": "Relax administrative restrictions.",
    "082": "Let up on political dissent.",
    "083": "Give in to calls for political reform.",
    "084": "Hand back people or property.",
    "085": "Relax sanctions, boycott or embargo.",
    "086": "Let observers, peacekeepers or agencies in.",
    "087": "Step back from military confrontation.",
    "09": "Inquiries into the target's conduct.",
    "090": "Residual investigation.",
    "091": "Inquiry into crime or corruption.",
    "092": "Inquiry into human rights abuses.",
    "093": "Inquiry into military action.",
    "094": "Inquiry into war crimes.",
    "10": "Forceful verbal demands, stronger than appeals.",
    "100": "Residual demand.",
    "101": "Insist on material cooperation.",
    "102": "Insist on diplomatic or policy backing.",
    "103": "Insist on aid.",
    "104": "Insist on political reform.",
    "105": "Insist that the target give way.",
    "106": "Insist on a meeting or talks.",
    "107": "Insist that a dispute be settled.",
    "108": "Insist on mediation.",
    "11": "Verbal disapproval, blame and legal complaint.",
    "110": "Residual disapproval.",
    "111": "Condemn or speak against the target.",
    "112": "Blame the target for wrongdoing.",
    "113": "Turn others against the target.",
    "114": "Lodge a formal complaint.",
    "115": "Take the target to court.",
    "116": "A court rules against the target.",
    "12": "Refusals and rejections.",
    "120": "Residual rejection.",
    "121": "Turn down material cooperation.",
    "122": "Turn down a request for aid.",
    "123": "Turn down calls for political reform.",
    "124": "Refuse to give way.",
    "125": "Refuse to meet or negotiate.",
    "126": "Turn down mediation.",
    "127": "Turn down a peace plan or settlement.",
    "128": "Disobey laws or norms.",
    "129": "Formally block a proposal or resolution.",
    "13": "Warnings of harmful action.",
    "130": "Residual threat.",
    "131": "Threaten non-military penalties.",
    "132": "Threaten administrative restrictions.",
    "133": "Threaten protest or dissent.",
    "134": "Threaten to break off talks.",
    "135": "Threaten to end mediation.",
    "136": "Threaten to end international involvement.",
    "137": "Threaten to crush opposition by force.",
    "138": "Threaten armed force.",
    "139": "Issue a final warning.",
    "14": "Collective civilian protest.",
    "140": "Residual dissent.",
    "141": "Street demonstration or rally.",
    "142": "Refuse food as protest.",
    "143": "Walk-out or boycott as protest.",
    "144": "Block roads, buildings or access.",
    "145": "Violent protest or riot.",
    "15": "Show of military or police strength.",
    "150": "Residual show of force.",
    "151": "Put police on higher alert.",
    "152": "Put the military on higher alert.",
    "153": "Deploy or expand police forces.",
    "154": "Deploy or expand armed forces.",
    "16": "Cutting back existing relations.",
    "160": "Residual reduction of relations.",
    "161": "Downgrade or cut diplomatic ties.",
    "162": "Cut or stop aid.",
    "163": "Impose sanctions, embargo or boycott.",
    "164": "Break off negotiations.",
    "165": "Break off mediation.",
    "166": "Expel or pull out missions or agencies.",
    "17": "Coercion and repression short of violence.",
    "170": "Residual coercion.",
    "171": "Seize or damage property.",
    "172": "Impose administrative restrictions.",
    "173": "Arrest, detain or prosecute.",
    "174": "Expel or deport individuals.",
    "175": "Use violence to repress dissent.",
    "18": "Unconventional violence against people.",
    "180": "Residual unconventional violence.",
    "181": "Kidnap, hijack or take hostages.",
    "182": "Beat or otherwise physically attack.",
    "183": "Bombing outside military operations.",
    "184": "Use people as human shields.",
    "185": "Try to kill a specific person.",
    "186": "Kill a specific person.",
    "19": "Conventional military force.",
    "190": "Residual use of military force.",
    "191": "Blockade or restrict movement.",
    "192": "Take and hold territory.",
    "193": "Fighting with rifles and light arms.",
    "194": "Fighting with artillery and tanks.",
    "195": "Air strikes.",
    "196": "Break a ceasefire.",
    "20": "Mass violence.",
    "200": "Residual mass violence.",
    "201": "Drive out a population en masse.",
    "202": "Kill people en masse.",
    "203": "Remove an ethnic group by force.",
    "204": "Use weapons of mass destruction.",
}

codes = []
n_diff = 0
for code, r in manual.items():
    note = ""
    ice = float(r["goldstein"])
    if code in gdelt_g:
        g = gdelt_g[code]
        if g != ice:
            note = f"ICEWS: {ice:.1f}"
            n_diff += 1
    else:  # 1213 is in the CAMEO manual but missing from GDELT's table
        g = ice
        note = "not in GDELT table; ICEWS value"
    assert r["root_code"] == code[:2]
    codes.append(dict(code=code, name=clean_name(code, r["name"]), root=code[:2], quad_class=quad(code[:2]),
                      goldstein=f"{g:.1f}", goldstein_source_note=note, description=DESC.get(code, "")))
codes.sort(key=lambda c: c["code"])

# ---------------------------------------------------------------- PLOVER types (manual v.2021+ mode lists)
TYPES = [
    ("AGREE", "Offer, promise or commit to cooperate later; cooperation reported in future tense.", {}),
    ("CONSULT", "Meetings, talks, visits and calls between parties.", {
        "visit": "The actor travels to the recipient, who hosts.",
        "third-party": "The meeting is hosted by a party other than the participants.",
        "multilateral": "The meeting takes place within an alliance, IGO or summit.",
        "phone": "Talks by phone or another remote channel.",
    }),
    ("SUPPORT", "Verbal or diplomatic backing: praise, endorsement, recognition, signing an agreement.", {}),
    ("CONCEDE", "Verbal concessions with no immediate material effect, such as promised easing or declared ceasefires.", {}),
    ("COOPERATE", "Mutual material cooperation: economic, military, judicial or intelligence exchange.", {}),
    ("AID", "Material help that mainly benefits the recipient: money, arms, relief, asylum.", {}),
    ("RETREAT", "Concessions carried out in practice: releases, withdrawals, disarming, access, resignations.", {
        "withdraw": "Pull forces out of an area or give up territory.",
        "release": "Free prisoners, hostages or other captives.",
        "disarm": "Give up weapons or stand forces down.",
        "ceasefire": "Put a ceasefire into effect.",
        "access": "Let observers, peacekeepers or aid workers in.",
        "resign": "An official steps down.",
    }),
    ("REQUEST", "Verbal requests, appeals, demands and orders, short of threats.", {
        "assist": "Asks for exchange, relations or help of any kind.",
        "change": "Asks for change in policy, leadership or institutions.",
        "yield": "Asks the recipient to give way: free prisoners, lift sanctions, cease fire.",
        "meet": "Asks for meetings, talks or negotiation.",
    }),
    ("ACCUSE", "Criticism, complaints, accusations, lawsuits and investigations.", {
        "disapprove": "Criticise, condemn or complain.",
        "investigate": "Open or conduct an inquiry of any kind.",
        "allege": "Accuse formally or informally; sue, indict or put on trial.",
    }),
    ("REJECT", "Refusals and rejections of requests, proposals or norms.", {
        "assist": "Refuses exchange, relations or help.",
        "change": "Refuses change in policy, leadership or institutions.",
        "yield": "Refuses to give way: release, ease sanctions, cease fire.",
        "meet": "Refuses meetings, talks or negotiation.",
    }),
    ("THREATEN", "Warnings of harmful action; the mode is what is threatened.", {
        "restrict": "Restrict movement, trade or political activity (blockade, curfew, ban).",
        "arrest": "Arrest, detain or imprison.",
        "relations": "Cut relations or halt talks.",
        "expel": "Expel diplomats, peacekeepers or NGOs.",
        "territory": "Occupy or seize territory.",
        "violence": "Use force.",
    }),
    ("PROTEST", "Collective civilian dissent: demonstrations, strikes, riots, boycotts.", {
        "demo": "Largely peaceful organised demonstration.",
        "riot": "Violent protest meant to injure or damage.",
        "strike": "Workers leave their workplaces in protest.",
        "hunger": "Hunger strike.",
        "boycott": "Withdraw commercial or social relations in protest.",
        "obstruct": "Block passage or access to a place.",
        "vandalize": "Damage property as a symbolic act of protest.",
    }),
    ("SANCTION", "Cutting back existing relations, exchanges or presence.", {
        "convict": "A court or tribunal finds the recipient guilty or liable.",
        "expel": "Expel an entity from a group, body or country.",
        "withdraw": "Pull one's own non-military resources or membership out.",
        "discontinue": "Reduce or end diplomatic, commercial or material exchange, incl. sanctions.",
    }),
    ("MOBILIZE", "Military or police moves and readiness short of using force.", {
        "troops": "Mobilise armed personnel or units.",
        "weapons": "Raise readiness of, or test, weapons systems.",
        "police": "Mobilise police or security units.",
        "militia": "Mobilise a non-state armed group.",
    }),
    ("COERCE", "Repression and coercive uses of power short of violence.", {
        "seize": "Search, raid or confiscate.",
        "restrict": "Restrict political freedoms or movement; ban people or groups.",
        "censor": "Censor or block access to information.",
        "curfew": "Impose a curfew.",
        "martial-law": "Declare a state of emergency or martial law.",
        "arrest": "Arrest or detain.",
        "deport": "Expel or deport individuals.",
        "withhold": "Cut off public goods or services such as power, water or food.",
        "misinformation": "Deception or disinformation operations.",
        "cyber": "Cyber attacks or hacking.",
    }),
    ("ASSAULT", "Deliberate actions that can cause serious physical harm.", {
        "abduct": "Kidnap, take hostage or hijack.",
        "beat": "Physical beating by hand or blunt object.",
        "torture": "Torture.",
        "sexual": "Sexual violence.",
        "targeted": "Targeted or mass killing of defenceless people, incl. attempted assassination.",
        "destroy": "Deliberate destruction of property.",
        "primitive": "Fire, blades, rocks or similar simple weapons.",
        "firearms": "Small arms: rifles, pistols, light machine guns.",
        "explosives": "Mines, IEDs, car bombs not fired from heavy weapons.",
        "suicide-attack": "Suicide attack on foot or by vehicle.",
        "aerial": "Attack from manned aircraft.",
        "drone": "Attack by unmanned aircraft.",
        "heavy-weapons": "Artillery, rockets, tanks and armoured vehicles.",
        "crowd-control": "Tear gas, water cannon and other less-lethal crowd weapons.",
        "unconventional": "Chemical, biological, radiological or nuclear weapons.",
    }),
]
MODES = {t: set(m) for t, _, m in TYPES}

# ---------------------------------------------------------------- crosswalk
OLD_TYPE = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
cw = {}
for line in open(REF / "plover/CAMEO2PLOVER-2021.txt"):
    m = re.match(r"^(\d+):\s*([^#]*)", line)
    if not m or m.group(1) in cw:  # first root line wins (08: CONCEDE over 08: RETREAT); 175 is listed twice
        continue
    parts = [p.strip() for p in m.group(2).split(",")]
    t = OLD_TYPE.get(parts[0], parts[0])
    mode = parts[1] if len(parts) > 1 else ""
    cw[m.group(1)] = (t, mode)

# Crosswalk modes not in the manual's mode tables: renamed, or dropped to empty.
MODE_FIX = {
    ("THREATEN", "ban"): ("restrict", "crosswalk mode 'ban' folded into 'restrict' (manual)"),
    ("THREATEN", "political"): ("restrict", "crosswalk mode 'political' folded into 'restrict' (manual)"),
    ("COERCE", "ban"): ("restrict", "crosswalk mode 'ban' folded into 'restrict' (manual)"),
    ("ASSAULT", "assassinate"): ("targeted", "crosswalk mode 'assassinate' is 'targeted' in the manual"),
    ("ASSAULT", "massacre"): ("targeted", "crosswalk mode 'massacre' is 'targeted' in the manual"),
    ("ASSAULT", "cleansing"): ("", "crosswalk mode 'cleansing' dropped from the manual"),
    ("ASSAULT", "pro_autocracy"): ("", "crosswalk gives a context (pro_autocracy), not a mode"),
    ("ASSAULT", "seize"): ("destroy", "crosswalk mode 'seize' is not an ASSAULT mode; 'destroy' fits"),
    ("RETREAT", "return"): ("", "crosswalk mode 'return' dropped from the manual"),
    ("RETREAT", "ease"): ("", "crosswalk mode 'ease' dropped in 2021"),
}
# Rows where we depart from the crosswalk line itself (each has its reason).
OVERRIDE = {
    "163": ("SANCTION", "discontinue", "crosswalk: COERCE restrict; manual codes international sanctions as SANCTION discontinue"),
    "0813": ("CONCEDE", "", "crosswalk: RETREAT; manual places 081-083 and lifted curfews under CONCEDE"),
    "0814": ("CONCEDE", "", "crosswalk: RETREAT; manual places 081-083 under CONCEDE"),
    "105": ("REQUEST", "yield", "crosswalk mode 'change'; subcodes 1051-1056 and the manual's definition say 'yield'"),
    "124": ("REJECT", "yield", "crosswalk mode 'change'; 'refuse to yield' is the manual's 'yield'"),
    "1241": ("REJECT", "yield", "crosswalk mode 'change'; easing restrictions is the manual's 'yield'"),
    "1242": ("REJECT", "yield", "crosswalk mode 'change'; easing dissent is the manual's 'yield'"),
    "195": ("ASSAULT", "aerial", "crosswalk mode 'heavy-weapons'; the manual has an 'aerial' mode"),
}
# CAMEO 01 statements: PLOVER drops them. Null unless a type is plainly close.
STATEMENTS = {
    "01": ("", "CAMEO 01 statements are dropped in PLOVER; no equivalent, emitted as null"),
    "010": ("", "CAMEO 01 statements are dropped in PLOVER; no equivalent, emitted as null"),
    "011": ("", "CAMEO 01 dropped in PLOVER; declining comment is no event, emitted as null"),
    "012": ("", "CAMEO 01 dropped in PLOVER; a comment is no event, emitted as null"),
    "013": ("", "CAMEO 01 dropped in PLOVER; a comment is no event, emitted as null"),
    "014": ("", "CAMEO 01 dropped in PLOVER; no equivalent, emitted as null"),
    "015": ("", "CAMEO 01 dropped in PLOVER; manual suggests AGREE but claims of attacks make that wrong, emitted as null"),
    "016": ("REJECT", "CAMEO 01 dropped in PLOVER; REJECT as the manual suggests for denials"),
    "017": ("", "CAMEO 01 dropped in PLOVER; no equivalent, emitted as null"),
    "018": ("SUPPORT", "CAMEO 01 dropped in PLOVER; sympathy is closest to verbal SUPPORT"),
    "019": ("SUPPORT", "CAMEO 01 dropped in PLOVER; agreeing with a position is verbal SUPPORT"),
}

rows = {}
for c in codes:
    code = c["code"]
    if code in STATEMENTS:
        t, note = STATEMENTS[code]
        rows[code] = (t, "", note)
    elif code in OVERRIDE:
        rows[code] = OVERRIDE[code]
    elif code in cw:
        t, mode = cw[code]
        note = ""
        if (t, mode) in MODE_FIX:
            mode, note = MODE_FIX[(t, mode)]
        assert mode == "" or mode in MODES[t], (code, t, mode)
        rows[code] = (t, mode, note)
for c in codes:  # CAMEO 02 appeals: dropped in PLOVER; REQUEST with the mode of the parallel 10x demand
    code = c["code"]
    if code[:2] == "02":
        if code == "02":
            rows[code] = ("REQUEST", "", "CAMEO 02 appeals are dropped in PLOVER; REQUEST is closest")
        else:
            t, mode, _ = rows["10" + code[2:]]
            rows[code] = ("REQUEST", mode, f"CAMEO 02 appeals are dropped in PLOVER; REQUEST as for {'10' + code[2:]}")
for c in codes:  # notes for crosswalk rows that leave their root's type
    code = c["code"]
    t, mode, note = rows[code]
    root_t = rows[code[:2]][0]
    if code in cw and code not in OVERRIDE and root_t and t != root_t and code[:2] != "08":
        rows[code] = (t, mode, f"crosswalk: {t}, not the root's {root_t}" + (f"; {note}" if note else ""))

assert set(rows) == {c["code"] for c in codes}

# ---------------------------------------------------------------- write
OUT.mkdir(parents=True, exist_ok=True)
with open(OUT / "cameo_codes.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, ["code", "name", "root", "quad_class", "goldstein", "goldstein_source_note", "description"],
                       lineterminator="\n")
    w.writeheader()
    w.writerows(codes)
with open(OUT / "plover_types.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["type", "mode", "definition"])
    for t, d, modes in TYPES:
        w.writerow([t, "", d])
        for m, md in modes.items():
            w.writerow([t, m, md])
with open(OUT / "cameo_plover.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["cameo", "plover_type", "plover_mode", "note"])
    for c in codes:
        w.writerow([c["code"], *rows[c["code"]]])

print(f"codes={len(codes)} goldstein_diffs={n_diff} crosswalk_rows={len(rows)} "
      f"null={sum(1 for r in rows.values() if not r[0])} noted={sum(1 for r in rows.values() if r[2])}",
      file=sys.stderr)
