"""Parse Phoenix/TABARI .actors files into entries (build-time helper, not shipped)."""
import re
from datetime import date

CODE_RE = re.compile(r"\[([^\]]*)\]")

def parse_date(s):
    s = s.strip()
    if len(s) == 10 and s.startswith("19"):
        s = s[2:]
    if len(s) == 6:
        yy = int(s[:2]); y = 2000 + yy if yy < 30 else 1900 + yy
        m, d = int(s[2:4]), int(s[4:6])
    elif len(s) == 8:
        y, m, d = int(s[:4]), int(s[4:6]), int(s[6:8])
    else:
        raise ValueError(s)
    return date(y, m, d)

def parse_code(txt):
    """'AZEGOV 900518-920306' -> (code, start, end); raises ValueError on bad dates."""
    txt = txt.strip()
    parts = txt.split(None, 1)
    code = parts[0] if parts else ""
    rest = parts[1].replace(" ", "") if len(parts) > 1 else ""
    start = end = None
    if rest:
        if rest.startswith(">"):
            start = parse_date(rest[1:])
        elif rest.startswith("<"):
            end = parse_date(rest[1:])
        elif "-" in rest:
            a, b = rest.split("-", 1)
            start, end = parse_date(a), parse_date(b)
        else:
            raise ValueError(rest)
    return code, start, end

def clean_name(raw):
    raw = raw.strip().rstrip("_").strip()
    return re.sub(r"[_\s]+", " ", raw).strip()

def parse(path):
    entries = []
    cur = None
    for n, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
        if not line.strip():
            cur = None
            continue
        body, _, comment = line.partition("#")
        if not body.strip():
            if cur is not None and comment:
                pass
            continue
        codes = CODE_RE.findall(body)
        text = CODE_RE.sub("", body).strip()
        if line[0] in "\t " and not text:
            if cur is not None:
                cur["codes"].extend(codes)
            continue
        if text.startswith("+"):
            if cur is not None:
                cur["aliases"].append(clean_name(text[1:]))
                cur["codes"].extend(codes)
            continue
        if text.startswith("!") or text.startswith("{"):
            continue
        if cur is not None and not cur["codes"] and not codes and line[0] not in "\t ":
            cur["aliases"].append(clean_name(text))
            continue
        cur = {"name": clean_name(text), "aliases": [], "codes": list(codes), "comment": comment.strip(), "line": n}
        entries.append(cur)
    return entries
