"""Agency names (cơ quan, đơn vị) in Vietnamese official text: a lexicon from data + patterns over characters.

`find(text)` returns every agency mention with its span and its full form ("UBND tỉnh" →
"Ủy ban nhân dân tỉnh"). Coordinated lists come out as separate mentions ("Phòng Y tế, Phòng Giáo
dục và Đào tạo"; "Sở Tài chính, Kế hoạch và Đầu tư" → two Sở), except collectives that name a set
("các sở, ban, ngành tỉnh"), which stay one mention, and lists after a plural head and a colon ("Cục trưởng
các Cục: Quản lý Dược; Y tế dự phòng" → two Cục). Recall comes first: a mention the assignment scorer drops
costs little, a missed one can never be assigned (`bench/agency_recall.py` measures it against the gold).
The vocabulary is in `data/agencies.tsv` and `data/abbreviations.tsv`; the grammar (head + field name +
place) is here. Every scan is one pass over the text; a mention is parsed forward from its head.

Matching is done with compiled regexes over characters rather than spaCy: names cross the line
breaks of wrapped text and glue to punctuation, which a whitespace tokenizer would not split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"

# One whitespace run holding at most one line break: names wrap across lines, never across paragraphs.
SP = r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)"
SP_LINE = r"[^\S\n]+"  # same line only: a capitalised word after a line break may start a new heading
OPT = r"[^\S\n]*\n?[^\S\n]*"
WORD = r"[^\W_]+"
WORD_RE = re.compile(WORD)
_WORDS = re.compile(r"\S+")
_PLACE_DASH = re.compile(r"[^\S\n]*[-–][^\S\n]")
_SP_RE = re.compile(SP)


@dataclass
class Mention:
    """One agency named in the text."""

    start: int  # clean-text span of the name (without an office-holder title before it)
    end: int
    name: str  # full form: abbreviations expanded, whitespace collapsed
    kind: str  # head class (council, named, closed, wrapper, steering, standalone, local, national, enterprise),
    # "member" (đại biểu Hội đồng nhân dân) or "collective"
    title_start: int  # where "Giám đốc" / "Chủ tịch" / "Thủ trưởng các" before the name starts
    generic: bool = False  # an unspecified set ("các cơ quan, đơn vị có liên quan"): never assigned
    vague: bool = False  # "các cơ quan, đơn vị" with no field or place: a subject, but too vague as a partner
    local: bool = False  # the name carries its place or level ("tỉnh", "huyện Ba Vì", "Quận ủy")


def read_rows(name: str) -> list[list[str]]:
    """The rows of a data file under extractors/data/ (tab-separated; "#" lines are comments)."""
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split("\t"))
    return out


DASH = "[-–—]"  # hyphen, en dash, em dash: "Lao động – Thương binh và Xã hội" is written with any of them


def _word_regex(word: str, initials: bool) -> str:
    """One word of a phrase; with `initials` its first letter in either case ("ban"/"Ban"), never all capitals."""
    if word in ("Ủy", "ủy"):
        return "(?:[Ủủ]y|[Uu]ỷ)" if initials else ("(?:Ủy|Uỷ)" if word == "Ủy" else "(?:ủy|uỷ)")
    esc = re.escape(word)
    if initials and word[0].upper() != word[0].lower():
        esc = "[" + word[0].upper() + word[0].lower() + "]" + re.escape(word[1:])
    return esc.replace("Ủy", "(?:Ủy|Uỷ)").replace("ủy", "(?:ủy|uỷ)")


def phrase_regex(text: str, sep: str = SP, initials: bool = False) -> str:
    """A regex for a phrase: flexible whitespace (one line break allowed), 'Ủy'/'Uỷ' both accepted, any dash
    for "-"; with `initials`, each word's first letter in either case."""
    toks = re.findall(r"[^\W_]+|[^\w\s]", text)
    out = []
    prev_word = False
    for t in toks:
        word = bool(re.match(r"[^\W_]", t))
        if out:
            out.append(sep if (word and prev_word) else OPT)
        out.append(_word_regex(t, initials) if word else (DASH if t == "-" else re.escape(t)))
        prev_word = word
    return "".join(out)


def _longest_first(phrase: str) -> tuple[int, str]:
    """Longest first; phrases of one length in a fixed order, so a pattern is the same string in every process
    (a set's order changes with string hashing; a fixed pattern string keeps runs reproducible)."""
    return -len(phrase), phrase


def _alt(phrases, sep: str = SP, initials=()) -> str:
    """An alternation of phrases, longest first; those in `initials` take either case on each word's first letter."""
    return "|".join(phrase_regex(p, sep, p in initials) for p in sorted(set(phrases), key=_longest_first))


class _LazyPatterns:
    """A read-only mapping key → compiled pattern whose patterns are compiled on first look-up, each once:
    the same `re.Pattern` objects as compiling them all up front, without paying for the ones never used."""

    def __init__(self, sources: dict[str, tuple[str, int]]) -> None:
        self._sources = sources
        self._compiled: dict[str, re.Pattern] = {}

    def get(self, key, default=None):
        pattern = self._compiled.get(key)
        if pattern is None:
            source = self._sources.get(key)
            if source is None:
                return default
            pattern = self._compiled[key] = re.compile(*source)
        return pattern

    def __getitem__(self, key) -> re.Pattern:
        pattern = self.get(key)
        if pattern is None:
            raise KeyError(key)
        return pattern

    def __contains__(self, key) -> bool:
        return key in self._sources

    def __iter__(self):
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def keys(self):
        return self._sources.keys()


class _Lexicon:
    """The compiled vocabulary; built once."""

    def __init__(self) -> None:
        rows = read_rows("agencies.tsv")
        abbr = read_rows("abbreviations.tsv")
        self.head_class: dict[str, str] = {}
        self.names: dict[str, list[str]] = {}
        self.title_head = {}
        roles: dict[str, list[tuple[str, str]]] = {}
        for r in rows:
            kind, value = r[0], r[1]
            extra = r[2] if len(r) > 2 else ""
            roles.setdefault(kind, []).append((value, extra))
            if kind == "head":
                self.head_class[value] = extra
            elif kind == "name":
                for h in extra.split(","):
                    self.names.setdefault(h.strip(), []).append(value)
            elif kind == "title" and extra:
                self.title_head[value] = extra
        role = {k: [v for v, _ in vs] for k, vs in roles.items()}
        titles, levels, parties = role["title"], role["level"], role["party"]
        colls, stops, generic, places = role["collective"], role["stop"], role["generic"], role["place"]
        # collective words that name no particular field ("các cơ quan, đơn vị")
        self.vague = {w for p in role["vague"] for w in p.split()}
        self.public = set(role["public"]) | {w for p in role["public"] for w in p.split()}
        self.specific = set(role["specific"])
        self.abbr_after_re = _abbr_after_re(role["abbr_intro"])
        self.parents = tuple(role["parent"])
        self.unit_prefixes = tuple(h + " " for h in role["unit"])
        self.parent_prefixes = tuple(h + " " for h in self.parents)
        self.owns = {v for v, x in roles["qualifier"] if x == "owns"}
        self.inner_head_re = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, role["inner_head"])) + r")(?=[^\S\n]+[^\W\d_])")
        # abbreviations: head forms (UBND) join the heads; name forms (TT&TT) join the field names
        self.abbr_head: dict[str, str] = {}
        self.full_class: dict[str, str] = {}  # the class of a head abbreviation's full form ("Trung tâm Y tế")
        for a, full, kind, *_ in abbr:
            if kind == "head":
                base = self._head_prefix(full)
                if base is None:
                    continue
                self.abbr_head[a] = full
                rest = full[len(base):].strip()
                if full not in self.head_class:  # head + a known field name is an agency by itself (TTYT → Trung tâm Y tế)
                    self.full_class[full] = "standalone" if rest in self.names.get(base, ()) else self.head_class[base]
            elif kind == "name":
                heads = [h for h, ns in self.names.items() if full in ns] or list(role["abbr_head"])
                for h in heads:
                    self.names.setdefault(h, []).append(a)
        # a term written short inside a known name or collective is the same name ("Nông nghiệp và PTNT", "trường CĐ")
        terms = [(a, re.compile(r"(?<!\w)" + re.escape(full) + r"(?!\w)")) for a, full, kind, *_ in abbr if kind == "term"]
        for ns in self.names.values():
            ns.extend(t.sub(a, n) for n in list(ns) for a, t in terms if t.search(n))
        colls = colls + [t.sub(a, c) for c in colls for a, t in terms if t.search(c)]
        self.expand_map = {a: full for a, full, *_ in abbr}
        self.expand_re = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(a) for a in sorted(self.expand_map, key=len, reverse=True)) + r")(?![\w&])"
        )

        # heads written in any initial case, and one-word heads that count in lower case before a known name
        any_case = set(role["any_case"])
        self.head_fold = {h.casefold(): h for h in self.head_class}
        self.lower_heads = set(role["lower_head"])
        head_forms = list(self.head_class) + list(self.abbr_head)
        title_heads = [t for t in self.title_head]
        members = role["member"]
        self.lower_any = set(role["lower_any"])  # lower-case before a known name in any case ("trạm y tế")
        lower = [h[0].lower() + h[1:] for h in self.lower_heads | self.lower_any]
        # the first letters a lower-case head's known names start with: a quick reject of "ban hành", "phòng, chống"
        lower_firsts = "".join(sorted({n[0].upper() for h in self.lower_heads for n in self.names.get(h, ())}
                                      | {c for h in self.lower_any for n in self.names.get(h, ()) for c in (n[0].upper(), n[0].lower())}))
        def first_letters(forms, both=False) -> set[str]:
            """The letters the forms may start with as written ("Uỷ" for "Ủy"; either case with `both`)."""
            out = set()
            for f in forms:
                out |= {f[0], f[0].lower(), f[0].upper()} if both else {f[0]}
            return out | {{"Ủ": "U", "ủ": "u"}[c] for c in out if c in "Ủủ"}

        firsts = (first_letters(title_heads) | first_letters(head_forms) | first_letters(any_case, True)
                  | first_letters(lower) | first_letters(members, True))
        self.head_re = re.compile(
            r"(?=[" + re.escape("".join(sorted(firsts))) + r"])"  # a quick reject on the first letter
            r"(?<![\w])(?:(?P<th>" + _alt(title_heads) + r")" + SP + r"(?=[^\W\d_])"
            r"|(?P<h>" + _alt(head_forms, initials=any_case) + r")(?![\w&])"
            r"|(?P<lh>" + _alt(lower) + r")(?=" + SP + r"[" + re.escape(lower_firsts) + r"])"
            r"|(?P<mb>" + _alt(members, initials=members) + r")(?=" + SP + r"[^\W\d_]))"
        )
        self.head_at = re.compile(r"(?P<h>" + _alt(head_forms, initials=any_case) + r")(?![\w&])")
        # "các Cục: Quản lý Dược; Y tế dự phòng", "Các sở: GD&ĐT; LĐTB&XH": one agency per listed field name
        listable = [h for h, c in self.head_class.items() if c in ("named", "closed", "enterprise")]
        self.list_re = re.compile(
            r"(?<![\w])[Cc]ác" + SP + r"(?P<h>" + _alt(listable, initials=listable) + r")[^\S\n]*:$"
        )
        self.topic_re = re.compile(r"(?:" + _alt(role["topic_start"]) + r")(?![\w&])")
        self.own_set = {c.casefold() for c in role["own_set"]}
        self.own_set_re = re.compile(r"(?<!\w)(?:" + _alt(role["own_set"]) + r")(?![\w&])", re.IGNORECASE)
        self.bare_qual_re = re.compile(SP + r"(?:" + _alt(role["bare_qualifier"]) + r")(?![\w&])")
        self.of_level_re = re.compile(SP + r"của(?=" + SP + r"(?:" + _alt(levels) + r")(?![\w&]))")
        # one pair of patterns per head, compiled the first time a text names that head (a document names a few)
        self.name_re = _LazyPatterns({
            h: (SP + r"(?P<n>" + _alt(ns) + r")(?![\w&])", re.IGNORECASE) for h, ns in self.names.items()
        })
        self.name_bare_re = _LazyPatterns({h: (_alt(ns) + r"(?![\w&])", re.IGNORECASE) for h, ns in self.names.items()})
        # a level word that opens a compound noun is no level ("Trung tâm Công tác xã hội")
        lv = r"(?!(?:" + _alt(role["not_level"]) + r")(?![\w&]))(?:" + _alt(levels) + r")"
        self.level_at_re = re.compile(lv + r"(?![\w&])")
        self.level_re = re.compile(SP + r"(?P<lv>" + lv + r")(?![\w&])")
        self.level_list_re = re.compile(
            SP + r"(?:(?:các|\d+)" + SP + r")?(?:" + lv + r")(?:" + OPT + r"[,;]" + OPT + r"(?:" + lv + r")|" + SP + r"và" + SP
            + r"(?:" + lv + r"))*(?![\w&])"
        )
        self.party_end_re = re.compile(r"(?<!\w)(?:" + _alt(parties) + r")$")  # "Ban Tổ chức Tỉnh ủy"
        self.parent_re = re.compile(SP + r"(?:" + _alt(self.parents) + r")(?![\w&])")
        self.party_re = re.compile(SP + r"(?:" + _alt(parties) + r")(?![\w&])")
        self.proper_re = re.compile(SP_LINE + r"[^\W_]+(?![\w&])")
        self.place_re = re.compile(SP_LINE + r"(?:" + _alt(places) + r")(?![\w&])")
        self.stop_re = re.compile(r"(?:" + _alt(stops) + r")(?![\w&])", re.IGNORECASE)
        self.titles = set(titles)
        self.title_words = max(len(t.split()) for t in titles)
        self.title_inner = re.compile(r"(?<!\w)(?:" + _alt(titles) + r")" + SP)
        self.generic_re = re.compile(SP + r"(?:" + _alt(generic) + r")(?![\w&])")
        self.levels = set(levels)
        self.level_place_re = re.compile(r"(?<!\w)(?:" + _alt([lv for lv in levels if lv.islower()]) + r")\s+\S.*$")
        # collectives: "các sở, ban, ngành tỉnh", "Giám đốc Sở, Thủ trưởng ban, ngành cấp tỉnh"
        coll = _alt(colls)
        ttl = r"(?:(?:" + _alt(titles) + r")" + SP + r")?"
        item = ttl + r"(?:các" + SP + r")?(?:" + coll + r")(?![\w&])"
        sep = r"(?:" + OPT + r"," + OPT + r"(?:và" + SP + r")?|" + OPT + r"-" + OPT + r"|" + SP + r"và" + SP + r")"
        firsts = "".join(sorted({c[0].lower() for c in colls} | {c[0].upper() for c in colls} | {"c", "C"}))
        self.coll_re = re.compile(
            r"(?=[" + re.escape(firsts) + r"])(?<![\w])"  # a quick reject on the first letter
            r"(?P<c>(?P<cac>các" + SP + r")?(?:" + coll + r")(?![\w&])(?:" + sep + item + r")*)",
            re.IGNORECASE,
        )
        # the items of a collective list one by one, to split off the sets of their own (own_set)
        self.coll_item_re = re.compile(r"(?P<i>" + item + r")(?:" + sep + r")?", re.IGNORECASE)
        committee = "(?:" + "|".join(map(re.escape, [v for c in roles["committee"] for v in c if v])) + ")"
        clevels = roles["committee_level"]
        pw = r"(?:" + "|".join(re.escape(v) for v, x in clevels if x == "list") + r")"
        pc = r"(?:" + "|".join(re.escape(v) for v, _ in clevels) + r")" + SP + committee
        under = _alt(role["under"])
        self.under_re = re.compile(under)
        firsts = "".join(sorted({w[0] for w in [v for v, _ in clevels] + ["các"]} | {w[0].upper() for w in [v for v, _ in clevels] + ["các"]}))
        self.party_coll_re = re.compile(  # "các quận, huyện, thị ủy", "đảng ủy trực thuộc Tỉnh ủy"
            r"(?=[" + re.escape(firsts) + r"])(?<![\w])(?:các" + SP + r")?"
            r"(?:" + pw + r"(?:" + OPT + r"," + OPT + pw + r")+" + SP + committee
            + r"|" + pc + r"(?:" + OPT + r"," + OPT + pc + r")*"
            r"(?:" + SP + r"(?:" + under + r")" + r"(?=" + SP + r"[A-ZĐ]))?)(?![\w&])",
            re.IGNORECASE,
        )
        # the last of a list of committees, when it alone is qualified: ", đảng ủy trực thuộc"
        self.last_under_re = re.compile(
            r"\s*,\s*(?P<u>(?:" + "|".join(re.escape(v) for v, x in clevels if x != "list") + r")\s+" + committee
            + r"\s+(?:" + "|".join(r"\s+".join(map(re.escape, u.split())) for u in role["under"]) + r"))$",
            re.IGNORECASE,
        )
        self.qual_re = re.compile(SP + r"(?:" + "|".join(phrase_regex(q) for q in role["qualifier"]) + r")(?=" + SP + r")")
        self.equiv_re = re.compile(SP + r"(?:" + _alt(role["equivalent"]) + r")(?![\w&])")
        self.and_re = re.compile(SP + r"và(?=" + SP + r")")
        self.joiner_re = re.compile(OPT + DASH + OPT + r"(?=[^\W\d_])|" + SP + r"và" + SP + r"(?=[A-ZĐ])")
        self.shared_re = re.compile(OPT + r"(?:,|" + SP + r"và)" + OPT)
        self.word_re = re.compile(SP + r"(?P<w>[^\W_]+(?:[&.][^\W_]+)*)(?![\w&])")
        self.word_at_re = re.compile(r"(?P<w>[^\W_]+(?:[&.][^\W_]+)*)(?![\w&])")
        self.comma_re = re.compile(r"[^\S\n]*,[^\S\n]*")

    def _head_prefix(self, full: str) -> str | None:
        """The longest head that starts `full` ("Trung tâm" of "Trung tâm Y tế")."""
        best = None
        for h in self.head_class:
            if (full == h or full.startswith(h + " ")) and (best is None or len(h) > len(best)):
                best = h
        return best

    def canon_head(self, surface: str) -> str:
        """The lexicon's spelling of a head as written ("ban chỉ đạo" → "Ban Chỉ đạo", "UBND" → "Ủy ban nhân dân")."""
        s = _collapse(surface).replace("Uỷ", "Ủy").replace("uỷ", "ủy")
        if s in self.abbr_head:
            return self.abbr_head[s]
        if s in self.head_class:
            return s
        return self.head_fold.get(s.casefold(), s)

    def head_cls(self, head: str) -> str:
        if head in self.head_class:
            return self.head_class[head]
        if head in self.full_class:
            return self.full_class[head]
        base = self._head_prefix(head)
        return self.head_class[base] if base else "named"


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    return _Lexicon()


def _collapse(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


_AMP = re.compile(r"\s*&\s*")
_GLUED_COMMA = re.compile(r"(?<=[^\W\d_]),(?=[^\W\d_])")
_NAME_DASH = re.compile(r"(?<=\w)\s*([-–—])\s*(?=\w)")
_SPACES = re.compile(r"\s+")


def full_form(surface: str) -> str:
    """The surface text of a name with abbreviations expanded and whitespace collapsed."""
    lex = lexicon()
    s = _SPACES.sub(" ", surface).strip().replace("Uỷ", "Ủy").replace("uỷ", "ủy")
    s = _AMP.sub("&", s)
    s = lex.expand_re.sub(lambda m: lex.expand_map[m.group(0)], s)
    s = _GLUED_COMMA.sub(", ", s)  # "phường,thị trấn": a comma glued to the next word
    return _NAME_DASH.sub(r" \1 ", s)


def _capital(name: str) -> str:
    """A name written with a lower-case head ("phòng Văn hóa", "tổ công nghệ số") starts with a capital."""
    return name[:1].upper() + name[1:]


def _starts_upper(text: str, pos: int) -> bool:
    return pos < len(text) and text[pos].isupper()


def _is_boundary_word(lex: _Lexicon, text: str, pos: int) -> bool:
    """A word that cannot continue an unknown name: a stop word, a level, a new head or a title."""
    return bool(lex.stop_re.match(text, pos) or lex.head_at.match(text, pos) or lex.level_at_re.match(text, pos))


def _opens_name(lex: _Lexicon, text: str, gap_start: int, pos: int) -> bool:
    """A head word that may still start a field name on the same line: "Tập đoàn Điện lực Việt Nam",
    "Ban Thanh tra nhân dân", "Báo Công an nhân dân" (a local or named head, never a council or a wrapper)."""
    h = lex.head_at.match(text, pos)
    return bool(h) and "\n" not in text[gap_start:pos] and lex.head_cls(lex.canon_head(h.group("h"))) in (
        "local", "named", "enterprise")


def _field_segment(lex: _Lexicon, text: str, pos: int) -> int | None:
    """One field of a department's full name after a comma or "và": a capitalised word and one to three
    lower-case words ("Thông tin", "Thể thao"); not a head, a title, a stop word or a proper name."""
    m = lex.word_at_re.match(text, pos)
    if not m or not text[pos].isupper() or lex.head_at.match(text, pos) or lex.title_inner.match(text, pos):
        return None
    if lex.stop_re.match(text, pos):
        return None
    end, lowers = m.end(), 0
    while lowers < 3:
        w = lex.word_re.match(text, end)
        if not w or "\n" in text[end:w.start("w")]:
            break
        ws = w.start("w")
        if text[ws].isupper() or text[ws].isdigit() or _is_boundary_word(lex, text, ws):
            break
        end, lowers = w.end(), lowers + 1
    return end if lowers else None


def _field_list(lex: _Lexicon, text: str, pos: int) -> int | None:
    """The rest of a name of the form "A, B và C" from the comma after A ("Văn hóa, Thông tin và Thể thao"),
    or None when the comma starts a list of agencies instead."""
    p = pos
    for _ in range(4):
        c = lex.comma_re.match(text, p)
        a = None if c else lex.and_re.match(text, p)
        if not c and not a:
            return None
        q = c.end() if c else _SP_RE.match(text, a.end()).end()
        seg = _field_segment(lex, text, q)
        if seg is None:
            return None
        if a:
            return seg
        p = seg
    return None


def _fallback_name(text: str, pos: int, allow_lower: bool = False, limit: int = 10, topic: bool = False,
                   head_first: bool = False, at_word: bool = False, fields: bool = True) -> int | None:
    """An unknown field name: a capitalised word and the words that follow it up to a stop word,
    a level, punctuation or a new agency ("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên").
    `topic`: a steering committee's topic, which may start with a topic_start word ("xây dựng nông thôn mới");
    `head_first`: the first word may be a head ("Tập đoàn Điện lực …"); `at_word`: `pos` is the word itself;
    `fields`: "A, B và C" may be one name (not inside a list, where the commas separate the items)."""
    lex = lexicon()
    m = (lex.word_at_re if at_word else lex.word_re).match(text, pos)
    if not m:
        return None
    w0 = m.start("w")
    end, n = m.end(), 1
    t = lex.topic_re.match(text, w0) if topic else None
    if t:
        end, n = t.end(), len(t.group(0).split())
    else:
        if not (text[w0].isupper() or (allow_lower and not lex.stop_re.match(text, w0))):
            return None
        if text[w0].isupper() and lex.head_at.match(text, w0) and not allow_lower:
            if not (head_first and _opens_name(lex, text, pos, w0)):
                return None
        if _is_boundary_word(lex, text, w0) and not text[w0].isupper():
            return None
    caps = 1 if text[w0].isupper() else 0  # capitalised words in a row: a place or proper name
    lowers = 0  # lower-case words since the last capitalised one
    while n < limit:
        j = lex.joiner_re.match(text, end)
        if j:
            m2 = WORD_RE.match(text, j.end())
            if (m2 and text[j.end()].isupper() and not lex.head_at.match(text, j.end())
                    and not lex.title_inner.match(text, j.end())):  # "… và Thủ trưởng các đơn vị": a new agency
                end, n, caps, lowers = m2.end(), n + 1, 1, 0
                continue
        m = lex.word_re.match(text, end)
        if not m:
            f = _field_list(lex, text, end) if fields and caps < 2 and n <= 6 else None
            if f is not None:  # "Trung tâm Văn hóa, Thông tin và Thể thao huyện"
                end, n, caps, lowers = f, n + 3, 0, 1
                continue
            break
        ws = m.start("w")
        newline = "\n" in text[end:ws]
        if text[ws].isupper() and (newline or lex.head_at.match(text, ws)):
            break
        if not text[ws].isupper() and not text[ws].isdigit() and _is_boundary_word(lex, text, ws):
            break
        if text[ws].isupper() and lex.stop_re.match(text, ws):
            break
        if text[ws].isupper():
            caps, lowers = caps + 1, 0
        elif not text[ws].isdigit():
            # "Báo Bình Dương | mở chuyên mục": after a proper name, a lower-case word is not part of it;
            # a field name runs at most five lower-case words ("Kiểm định chất lượng giáo dục")
            if caps >= 2 or lowers >= 5:
                break
            caps, lowers = 0, lowers + 1
        end, n = m.end(), n + 1
    return end


def _proper(text: str, pos: int, limit: int = 4) -> int:
    """Capitalised words on the same line (a place name: "Hậu Giang", "Hồ Chí Minh") or a number."""
    lex = lexicon()
    end = pos
    for _ in range(limit):
        p = lex.place_re.match(text, end)
        if p:  # "Hải Phòng", "Hội An": a place whose word is also a head ("Phòng", "Hội")
            end = p.end()
            continue
        m = lex.proper_re.match(text, end)
        if not m and end > pos:  # "khu vực Đông Anh - Mê Linh": places joined by a dash
            d = _PLACE_DASH.match(text, end)
            m = d and lex.proper_re.match(text, d.end() - 1)
        if not m:
            break
        ws = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        if not (text[ws].isupper() or text[ws].isdigit()):
            break
        t = lex.title_inner.match(text, ws)
        if lex.head_at.match(text, ws) or lex.stop_re.match(text, ws) or (t and lex.head_at.match(text, t.end())):
            break
        end = m.end()
        if text[ws].isdigit():
            break
    return end


_PLACE_KINDS = ("council", "standalone", "national")


def _locality(text: str, pos: int, proper: bool = True) -> tuple[int, bool]:
    """Extend a name over its place: a level ("tỉnh Bến Tre", "cấp huyện"), a party committee
    ("Quận ủy"), a council ("Hội đồng nhân dân tỉnh"), a national body ("Thanh tra Chính phủ")
    or a bare place name ("Hậu Giang")."""
    lex = lexicon()
    m = lex.party_re.match(text, pos)
    if m:
        return _proper(text, m.end(), 3), True
    m = lex.parent_re.match(text, pos)  # "Thanh tra Sở", "Văn phòng Bộ": the department's own unit
    if m and not (lex.word_re.match(text, m.end()) and _starts_upper(text, lex.word_re.match(text, m.end()).start("w"))
                  and "\n" not in text[m.end():lex.word_re.match(text, m.end()).start("w")]):
        return m.end(), True
    m = lex.level_list_re.match(text, pos)  # "Trung tâm Y tế các huyện, thị xã, thành phố"
    if m:
        return _proper(text, m.end()), True
    h = lex.word_re.match(text, pos)
    if h and not "\n" in text[pos:h.start("w")]:
        inner = _parse_at(text, h.start("w"), kinds=_PLACE_KINDS)
        if inner is not None and inner[2]:
            return inner[0], True
    if proper:
        end = _proper(text, pos)
        if end > pos:
            return end, True
    return pos, False


def _parse_at(text: str, pos: int, kinds: tuple[str, ...] | None = None, head: str | None = None,
              end: int | None = None):
    """Parse the agency whose head starts at `pos` (or is `head`, written up to `end`).
    Returns (end, kind, local, head_full) or None."""
    lex = lexicon()
    if head is None:
        m = lex.head_at.match(text, pos)
        if not m:
            return None
        head, end = lex.canon_head(m.group("h")), m.end("h")
    cls = lex.head_cls(head)
    if kinds and cls not in kinds:
        return None
    if cls == "council":
        ll = lex.level_list_re.match(text, end)
        if ll:
            return _proper(text, ll.end()), cls, True, head
        p = _proper(text, end, 4)
        return p, cls, p > end, head
    if cls == "national":  # one body of the state: local by itself ("Chính phủ", "Văn phòng Quốc hội")
        return end, cls, True, head
    if cls in ("standalone", "local"):
        e, local = _locality(text, end)
        if cls == "local" and not local:
            return None
        return e, cls, local, head
    if cls == "wrapper":
        w = lex.word_re.match(text, end)
        if w:
            inner = _parse_at(text, w.start("w"), kinds=("council", "standalone", "named", "closed", "local", "wrapper",
                                                         "national", "enterprise"))
            if inner is not None:
                e = inner[0]
                local = inner[2]
                a = lex.and_re.match(text, e)
                if a:  # "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"
                    w2 = lex.word_re.match(text, a.end())
                    inner2 = w2 and _parse_at(text, w2.start("w"), kinds=("council",))
                    if inner2:
                        e, local = inner2[0], local or inner2[2]
                return e, cls, local, head
        nm = lex.name_re.get(head) and lex.name_re[head].match(text, end)
        e = nm.end() if nm else _fallback_name(text, end)
        if e is None:
            e, local = _locality(text, end, proper=False)  # "Văn phòng Sở", "Văn phòng Tỉnh ủy"
            return (e, cls, True, head) if local else None
        e, local = _locality(text, e)
        return e, cls, local, head
    if cls == "steering":
        e = _fallback_name(text, end, allow_lower=True, topic=True) or end
        o = lex.of_level_re.match(text, e)
        if o:  # "Ban Chỉ đạo chuyển đổi số của huyện": the committee of a level is named by it
            return _locality(text, o.end())[0], cls, True, head
        e, local = _locality(text, e)
        return e, cls, local, head
    # named: Sở / Phòng / Ban / Trung tâm ... + a field name; closed: only a known one (Bộ);
    # enterprise: a company type (cổ phần, TNHH) and then its own name
    nm = lex.name_re.get(head) and lex.name_re[head].match(text, end)
    if cls == "enterprise":
        e = _fallback_name(text, nm.end() if nm else end, head_first=True) or (nm.end() if nm else None)
        if e is None:
            return None
    elif nm:
        e = nm.end()
    elif cls == "closed":
        return None
    else:
        e = _fallback_name(text, end, head_first=True)
        if e is None:
            return None
    e, local = _locality(text, e)
    return e, cls, local, head


def _title_before(text: str, start: int) -> int:
    """Where an office-holder title just before `start` begins ("Chủ tịch " Ủy ban …), else `start`."""
    lex = lexicon()
    lo = max(0, start - 40)
    window = text[lo:start]
    if not window or not window[-1].isspace():
        return start
    spans = [m.span() for m in _WORDS.finditer(window)][-lex.title_words:]
    best = start
    for i in range(len(spans)):  # the longest title wins: "Thủ trưởng các" over "các"
        cand = " ".join(window[a:b] for a, b in spans[i:])
        if cand in lex.titles:
            best = lo + spans[i][0]
            break
    return best


def _head_mentions(text: str) -> list[Mention]:
    lex = lexicon()
    out: list[Mention] = []
    pos = 0
    for m in lex.head_re.finditer(text):
        if m.start() < pos:
            continue
        head = end = None
        start, title_start = m.start(), None
        if m.group("th"):
            title = _collapse(m.group("th"))
            head = lex.title_head[title]
            hp = m.end("th") - len(head)
            hh = lex.head_at.match(text, hp)
            if hh and len(_collapse(hh.group("h"))) > len(head):
                # "Trưởng Ban Chỉ đạo …": the title's head word starts a longer head
                start, title_start, head, end = hp, m.start(), lex.canon_head(hh.group("h")), hh.end("h")
            else:
                # "Trưởng phòng Nội vụ": the title holds the head word
                nm = lex.name_bare_re.get(head) and lex.name_bare_re[head].match(text, m.end())
                e = nm.end() if nm else _fallback_name(text, m.end() - 1)
                if e is None:
                    continue
                e, local = _locality(text, e)
                surface = head + " " + text[m.end():e]
                out.append(Mention(hp, e, full_form(surface), "named", m.start(), local=local))
                pos = e
                continue
        elif m.group("mb"):
            # "đại biểu Hội đồng nhân dân tỉnh": the members of a council, named by it
            w = lex.word_re.match(text, m.end("mb"))
            inner = w and _parse_at(text, w.start("w"), kinds=("council", "national"))
            if not inner:
                continue
            e = inner[0]
            out.append(Mention(start, e, _capital(full_form(text[start:e])), "member", _title_before(text, start),
                               local=inner[2]))
            pos = e
            continue
        elif m.group("lh"):
            # "giao phòng Văn hóa và Thông tin": a lower-case head counts only before a known, capitalised name
            head, end = lex.canon_head(m.group("lh")), m.end("lh")
            nm = lex.name_re.get(head) and lex.name_re[head].match(text, end)
            if not nm or not (text[nm.start("n")].isupper() or head in lex.lower_any):
                continue
        r = _parse_at(text, start, head=head, end=end)
        if r is None:
            continue
        e, kind, local, head = r
        ts = _title_before(text, start) if title_start is None else title_start
        out.append(Mention(start, e, _capital(full_form(text[start:e])), kind, ts, local=local))
        pos = e
        # shared head: "Sở Tài chính, Kế hoạch và Đầu tư" names two departments
        if kind in ("named", "closed") and lex.name_re.get(head):
            while True:
                s = lex.shared_re.match(text, pos)
                if not s:
                    break
                nm = lex.name_bare_re[head].match(text, s.end())
                if not nm or not _starts_upper(text, s.end()):
                    break
                e2, local2 = _locality(text, nm.end())
                out.append(Mention(s.end(), e2, full_form(head + " " + text[s.end():e2]), kind, s.end(), local=local2))
                pos = e2
    return out


class _Cut:
    """A collective match shortened before a named agency inside it."""

    def __init__(self, m: re.Match, end: int) -> None:
        self._m, self._end = m, end

    def start(self, *_):
        return self._m.start()

    def end(self, *_):
        return self._end

    def group(self, name=0):
        if name == "cac":
            return self._m.group("cac")
        return self._m.string[self._m.start():self._end]


def _named_inside(text: str, start: int, end: int) -> int | None:
    """Where a capitalised head inside a collective match starts a named agency ("Sở Y tế"), if any."""
    lex = lexicon()
    for h in lex.inner_head_re.finditer(text, start, min(len(text), end + 3)):
        if h.start() >= end:
            break
        w = lex.word_re.match(text, h.end())
        if w and text[w.start("w")].isupper() and w.group("w") not in lex.levels:
            return h.start()
    return None


_LIST_SEP = re.compile(r"[^\S\n]*(?:,[^\S\n]*và(?=\s)|[,;/]|và(?=\s))[^\S\n]*")


def _list_items(text: str, pos: int, head: str) -> list[Mention]:
    """The field names listed after "các Cục:" / "Các sở:", one agency each: known names (abbreviations too)
    or unknown capitalised ones, separated by ",", ";", "/" or "và"; a title or a new head ends the list."""
    lex = lexicon()
    names = lex.name_bare_re.get(head)
    kind = lex.head_cls(head)
    out, p = [], pos
    while p < len(text) and text[p].isupper():
        nm = names and names.match(text, p)
        if nm:
            e = nm.end()
        elif lex.title_inner.match(text, p) or lex.head_at.match(text, p):
            break  # "…; Vụ trưởng Vụ Kế hoạch": the next agency of the sentence, not an item
        else:
            e = _fallback_name(text, p, at_word=True, limit=12, fields=False)
            if e is None:
                break
        out.append(Mention(p, e, full_form(head + " " + text[p:e]), kind, p))
        s = _LIST_SEP.match(text, e)
        if not s:
            break
        p = s.end()
    return out


def _colon_lists(text: str) -> tuple[list[Mention], set[int]]:
    """Agencies listed after a plural head and a colon ("Giám đốc các Sở: Y tế, Tài chính"; "Cục trưởng các
    Cục: Quản lý Dược; Y tế dự phòng"), and where those list headings start. Looked for from each colon back."""
    lex = lexicon()
    out: list[Mention] = []
    starts: set[int] = set()
    i = text.find(":")
    while i >= 0:
        m = lex.list_re.search(text, max(0, i - 40), i + 1)
        if m:
            a = _SP_RE.match(text, i + 1)
            p = a.end() if a and "\n" not in a.group(0) else i + 1
            items = _list_items(text, p, lex.canon_head(m.group("h")))
            if items:
                ts = _title_before(text, m.start())
                for x in items:
                    x.title_start = ts
                out.extend(items)
                starts.add(m.start())
        i = text.find(":", i + 1)
    return out, starts


_WORD_SPLIT = re.compile(r"[\s,;\-–]+|\bvà\b")


def _words_of(lex: _Lexicon, body: str) -> list[str]:
    """The collective words of a list ("Thủ trưởng các sở, ban" → ["sở", "ban"]), abbreviations expanded."""
    body = lex.expand_re.sub(lambda m: lex.expand_map[m.group(0)], lex.title_inner.sub(" ", body))
    return [w for w in _WORD_SPLIT.split(body.lower()) if w and w != "các"]


def _set_pieces(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """A collective list naming several sets split into pieces: a set of its own (own_set) stands alone
    ("các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ" → "các Bộ" | "cơ quan ngang Bộ" | "cơ quan thuộc Chính
    phủ") and "và các" starts a new set ("các tổ chức chính trị - xã hội và các đơn vị liên quan");
    None when there is nothing to split."""
    lex = lexicon()
    if not lex.own_set_re.search(text, start, end) and not _AND_CAC.search(text, start, end):
        return None
    items, p, after_and = [], start, False
    while p < end:
        it = lex.coll_item_re.match(text, p, end)
        if not it or it.end() == p:
            break
        word = _collapse(lex.title_inner.sub("", it.group("i")))
        key = re.sub(r"^các\s+", "", word, flags=re.IGNORECASE).casefold()
        fresh = bool(items) and after_and and word[:4].casefold() == "các "
        items.append((it.start("i"), it.end("i"), key in lex.own_set, fresh))
        after_and = bool(re.search(r"(?<!\w)và\s*$", text[it.end("i"):it.end()]))
        p = it.end()
    if len(items) < 2 or not any(own or fresh for _, _, own, fresh in items):
        return None
    pieces: list[tuple[int, int]] = []
    run = None
    for s, e, own, fresh in items:
        if (own or fresh) and run:
            pieces.append(run)
            run = None
        if own:
            pieces.append((s, e))
        else:
            run = (run[0], e) if run else (s, e)
    if run:
        pieces.append(run)
    pieces[-1] = (pieces[-1][0], end)
    return pieces


_AND_CAC = re.compile(r"(?<!\w)và\s+các(?!\w)", re.IGNORECASE)


def _collective_mentions(text: str, list_starts: set[int] = frozenset()) -> list[Mention]:
    lex = lexicon()
    out = []
    for m in lex.coll_re.finditer(text):
        if m.start() in list_starts:
            continue  # "Các sở: GD&ĐT; LĐTB&XH": the listed departments are the agencies
        body = m.group("c")
        cut = _named_inside(text, m.start("c"), m.end("c"))
        if cut is not None:  # "các đơn vị thuộc Bộ và Sở Y tế": "Sở Y tế" is a named agency, not a set
            body = re.sub(r"(?:[\s,;\-]|(?<!\w)và)+$", "", text[m.start("c"):cut])
            if not body or body.lower() in ("các",):
                continue
            m = _Cut(m, m.start("c") + len(body))
        if body.isupper():
            continue  # a heading in capitals, not a sentence naming agencies
        if not m.group("cac") and len(re.findall(r"[,;\-]|\svà\s", lex.title_inner.sub(" ", body))) == 0:
            phrase = " ".join(_words_of(lex, body))
            if " " not in phrase or phrase not in lex.specific or not _locality(text, m.end(), proper=False)[1]:
                continue  # one bare word ("cơ quan"); but a named set with its level stands alone ("cấp ủy các cấp")
        e = m.end()
        local = bare = False
        eq = lex.equiv_re.match(text, e)
        if eq:
            e = eq.end()
        q = lex.qual_re.match(text, e)
        if q and q.group(0).strip() in lex.owns and not lex.party_re.match(text, q.end()):
            w = lex.word_re.match(text, q.end())
            if not (w and _parse_at(text, w.start("w"))):
                q = None  # "các ban đảng của Tỉnh ủy", "các Ban của HĐND" name a set; "các ngành của tỉnh" only owns
        if q:
            w = lex.word_re.match(text, q.end())
            inner = w and _parse_at(text, w.start("w"))
            if inner:
                e, local = inner[0], True
            else:
                lv = lex.level_re.match(text, q.end()) or lex.party_re.match(text, q.end())
                if lv:
                    e, local = _proper(text, lv.end()), True
                elif q.group(0).strip() not in lex.owns and lex.parent_re.match(text, q.end()):
                    e, local = lex.parent_re.match(text, q.end()).end(), True  # "các đơn vị thuộc Bộ"
        if not local:
            e, local = _locality(text, e, proper=False)
        if not local:
            b = lex.bare_qual_re.match(text, e)
            if b:  # "các tổ chức chính trị - xã hội trực thuộc": those under the issuing body, a definite set
                e, bare = b.end(), True
        g = lex.generic_re.match(text, e)
        if g:
            e = g.end()
        ts = _title_before(text, m.start())
        plural = bool(m.group("cac")) or "các" in text[ts:m.start()].lower()
        pieces = _set_pieces(text, m.start(), m.end()) or [(m.start(), m.end())]
        for i, (ps, pe) in enumerate(pieces):
            last = i == len(pieces) - 1
            piece = text[ps:pe]
            words = _words_of(lex, piece)
            phrase = " ".join(words)
            n_items = len(re.findall(r"[,;\-]|\svà\s", lex.title_inner.sub(" ", piece))) + 1
            specific = n_items >= 2 or len(phrase.split()) >= 3 or phrase in lex.specific or (last and bare)
            plocal = local if last else False
            generic = not specific and not plocal
            if not plural and not plocal:
                generic = True  # bare "cơ quan, đơn vị": any agency, not a set the text names
            if last and g:
                generic = True
            if set(words) <= lex.public:
                generic = True
            vague = not plocal and set(words) <= lex.vague
            pend = e if last else pe
            out.append(Mention(ps, pend, full_form(lex.title_inner.sub("", text[ps:pend])), "collective",
                               ts if i == 0 else ps, generic=generic, local=plocal, vague=vague))
    for m in lex.party_coll_re.finditer(text):
        body = m.group(0)
        under = lex.under_re.search(body)
        if "," not in body and not under:
            continue  # a single committee ("Quận ủy") is a head mention
        spans = [(m.start(), m.end())]
        last = lex.last_under_re.search(body) if under else None
        if last:  # "các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy": only the đảng ủy are "trực thuộc"
            spans = [(m.start(), m.start() + last.start()), (m.start() + last.start("u"), m.end())]
        for s, e in spans:
            if lex.under_re.search(text, s, e):
                e = _locality(text, e)[0]
            out.append(Mention(s, e, full_form(text[s:e]), "collective", s, local=True))
    return out


def find(text: str) -> list[Mention]:
    """Every agency mention in `text`, in order, without overlaps (the longest wins)."""
    listed, list_starts = _colon_lists(text)
    cands = _head_mentions(text) + listed + _collective_mentions(text, list_starts)
    cands.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    last = -1
    for i, c in enumerate(cands):
        if c.start >= last and c.end > c.start:
            c.title_start = max(c.title_start, last)  # a title never reaches into the previous name
            abbr = lexicon().abbr_after_re.match(text, c.end)
            if abbr and _next_start(cands, i) >= abbr.end():
                c.end = abbr.end()  # "Trung tâm Kiểm soát bệnh tật tỉnh (CDC) chủ trì": the role word follows it
            out.append(c)
            last = c.end
    return _units_of_departments(text, out)


# The abbreviation a text gives a name when it first names it: "(CDC)", "(Sở TT&TT)", "(sau đây gọi tắt là BQL)";
# the words that may introduce it are data (agencies.tsv, kind abbr_intro)
def _abbr_after_re(intros: list[str]) -> re.Pattern:
    intro = "|".join(phrase_regex(p) for p in sorted(intros, key=len, reverse=True))
    return re.compile(r"[^\S\n]*\((?:(?:" + intro + r")[:\s]*)?"
                      r"(?:[A-ZĐ][\w&.\-]*[^\S\n]+)?[A-ZĐ][A-ZĐ0-9&.\-]*[A-ZĐ0-9]\)")


def _next_start(cands: list[Mention], i: int) -> int:
    """Where the next candidate after cands[i] (sorted by start) begins."""
    for j in range(i + 1, len(cands)):
        if cands[j].start > cands[i].start:
            return cands[j].start
    return 1 << 62


_UNIT_OF = re.compile(r"[^\S\n]*,[^\S\n]*")


def _units_of_departments(text: str, found: list[Mention]) -> list[Mention]:
    """"Phòng Kế hoạch - Tài chính, Sở Y tế" names one unit of the Sở, not two agencies: a Phòng
    without a place of its own, followed by a comma and a named Sở or Bộ."""
    lex = lexicon()
    out: list[Mention] = []
    i = 0
    while i < len(found):
        m = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if (nxt is not None and m.kind == "named" and m.name.startswith(lex.unit_prefixes) and not m.local
                and nxt.kind in ("named", "closed") and nxt.name.startswith(lex.parent_prefixes) and nxt.title_start == nxt.start
                and _UNIT_OF.fullmatch(text, m.end, nxt.start)):
            out.append(Mention(m.start, nxt.end, m.name + ", " + nxt.name, "named", m.title_start, local=True))
            i += 2
            continue
        out.append(m)
        i += 1
    return out
