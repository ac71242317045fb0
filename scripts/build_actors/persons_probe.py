import phoenix, collections, re
B='/work/shared/reference/actors/phoenix/'
INST = set("""ARMY FORCES FORCE MINISTRY GOVERNMENT ADMINISTRATION COUNCIL COMMITTEE PARTY FRONT MOVEMENT
ORGANIZATION ORGANISATION UNION ASSEMBLY CONGRESS SENATE PARLIAMENT COURT POLICE BRIGADE BRIGADES BATTALION JAYSH JAISH
GROUP ASSOCIATION AGENCY DEPARTMENT OFFICE BANK COMMISSION SOVIET LEAGUE ALLIANCE COALITION GUARD GUARDS MILITIA
NETWORK CORPS REGIME KINGDOM REPUBLIC STATE STATES AUTHORITY SERVICE SERVICES INSTITUTE CENTER CENTRE UNIVERSITY
FOUNDATION TRIBUNAL BUREAU COMMAND DIVISION REGIMENT SQUAD UNIT UNITS ISLANDS REBELS FIGHTERS MILITANTS TROOPS""".split())
def is_personish(name):
    toks = re.split(r"[\s\-]+", name)
    return not any(t.strip(".,'()") in INST for t in toks) and 1 <= len(toks) <= 6
allrows=[]; kinds=collections.Counter()
for f in ['Phoenix.Countries.actors.txt','Phoenix.International.actors.txt','Phoenix.MilNonState.actors.txt']:
  for e in phoenix.parse(B+f):
    ci = 'CountryInfo' in e['comment']
    parsed=[]
    for cd in e['codes']:
        try: parsed.append(phoenix.parse_code(cd))
        except ValueError: kinds['badcode']+=1
    dated = any(s or en for _,s,en in parsed)
    if not (ci or (dated and is_personish(e['name'])) or (is_personish(e['name']) and len(e['name'].split())>=2)):
        kinds['skip']+=1; continue
    kinds['ci' if ci else ('dated' if dated else 'undated')]+=1
    if not ci and not dated: allrows.append(e)
import random; random.seed(3)
print(kinds)
for e in random.sample(allrows,60): print(e['name'], e['aliases'][:3], e['codes'])
print('-----')
cnt=[e for e in phoenix.parse(B+'Phoenix.Countries.actors.txt') if 'CountryInfo' not in e['comment'] and is_personish(e['name']) and not any(' ' in c.strip() for c in e['codes'])]
print(len(cnt))
for e in random.sample(cnt,80): print(e['name'], e['aliases'][:3], e['codes'])
