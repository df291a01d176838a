"""What a user would get from off-the-shelf tools, scored beside chitieu by `chitieu eval --baselines`.

- agencies: underthesea's NER (ORG entities), every one taken as a lead agency;
- deadlines: dateparser's search_dates(languages=['vi']);
- targets: a bare percentage regex, every "N%" taken as "= N%".
"""

from __future__ import annotations

import re

_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
_SENTENCE = re.compile(r"[^.;\n]+")


def percent_regex(doc: str, text: str) -> list[dict]:
    out = []
    for m in _PERCENT.finditer(text):
        out.append({"kind": "target", "doc": doc, "value": float(m.group(1).replace(",", ".")), "unit": "%",
                    "comparator": "=", "change": None, "value_max": None, "baseline_year": None, "deadline": None,
                    "quote": m.group(0), "char_start": m.start(), "char_end": m.end()})
    return out


def underthesea_orgs(doc: str, text: str) -> list[dict]:
    from underthesea import ner

    out = []
    for m in _SENTENCE.finditer(text):
        sent = m.group(0).strip()
        if len(sent) < 3:
            continue
        tokens = ner(sent)
        current: list[str] = []
        for tok in tokens + [("", "", "", "O")]:
            word, tag = tok[0], tok[-1]
            if tag == "I-ORG" and current:
                current.append(word)
                continue
            if current:
                out.append({"kind": "assignment", "doc": doc, "agency": " ".join(current), "role": "lead",
                            "quote": sent, "char_start": m.start(), "char_end": m.end()})
                current = []
            if tag == "B-ORG":
                current = [word]
    return out


def dateparser_dates(doc: str, text: str) -> list[dict]:
    from dateparser.search import search_dates

    out = []
    pos = 0
    for m in _SENTENCE.finditer(text):
        found = search_dates(m.group(0), languages=["vi"]) or []
        for s, dt in found:
            i = text.find(s, m.start())
            if i < 0:
                continue
            out.append({"kind": "deadline", "doc": doc, "date": dt.date().isoformat(), "recurrence": None,
                        "relative": None, "quote": s, "char_start": i, "char_end": i + len(s)})
        pos = m.end()
    return out


def run_baselines(doc: str, text: str) -> dict[str, list[dict]]:
    return {
        "pct_regex": percent_regex(doc, text),
        "underthesea_ner": underthesea_orgs(doc, text),
        "dateparser": dateparser_dates(doc, text),
    }
