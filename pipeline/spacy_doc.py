"""chitieu inside spaCy: a tokenizer that fits Vietnamese official text and a `chitieu` component that
puts every target, deadline and agency on the `Doc` as spans (`doc.spans["targets"]` …), so spaCy users
(displaCy, rule matchers, their own components) work on the same facts with the same offsets.

spaCy's Vietnamese tokenizer wants pyvi; without it, it splits on spaces only and leaves punctuation
glued ("trì,", "30/6/2021."). Ours splits punctuation off but keeps dates, numbers written with
separators ("1.000", "1,7", "30/6/2021"), abbreviations with "&" ("TT&TT") and document numbers
("112/QĐ-UBND") whole.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

TOKEN = re.compile(
    r"\d+(?:[.,/:-]\d+)+"  # 30/6/2021, 1.000, 1,7, 2021-2025
    r"|\w+(?:[/&-]\w+)+"  # 112/QĐ-UBND, TT&TT, 08-CTr/TU
    r"|\w+"
    r"|[^\w\s]"
)

SPAN_KEYS = {"target": "targets", "deadline": "deadlines", "assignment": "agencies"}


class VietnameseTokenizer:
    """Words and punctuation; whitespace kept in `Token.whitespace_`, so `doc.text` is the input."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        return _exact(self.vocab, text, TOKEN.finditer(text))


def _exact(vocab, text: str, matches) -> Doc:
    """Every character kept: one space after a token is its `whitespace_`, other runs of whitespace
    become whitespace tokens, as in spaCy's own tokenizer."""
    words: list[str] = []
    spaces: list[bool] = []

    def gap(s: str) -> None:
        if s and words and s[0] == " " and not spaces[-1]:
            spaces[-1] = True
            s = s[1:]
        if s:
            words.append(s)
            spaces.append(False)

    pos = 0
    for m in matches:
        gap(text[pos:m.start()])
        words.append(m.group())
        spaces.append(False)
        pos = m.end()
    gap(text[pos:])
    return Doc(vocab, words=words, spaces=spaces)


if not Span.has_extension("fact"):
    Span.set_extension("fact", default=None)


@Language.factory("chitieu")
def make_chitieu(nlp: Language, name: str):
    return ChitieuComponent()


class ChitieuComponent:
    """Runs chitieu's pipeline on `doc.text` (taken as a plain-text document) and adds its facts as spans.
    Each span's label is the fact's kind detail (target unit, assignment role, deadline date or
    recurrence); `span._.fact` holds the full record."""

    def __call__(self, doc: Doc) -> Doc:
        from pipeline.analyse import extract
        from pipeline.document import Document, content_hash

        text = doc.text
        document = Document("spacy-doc.txt", text, "txt", content_hash(text.encode("utf-8")))
        groups: dict[str, list[Span]] = {key: [] for key in SPAN_KEYS.values()}
        for rec in extract(document)[1:]:
            span = doc.char_span(rec["char_start"], rec["char_end"], label=_label(rec), alignment_mode="expand")
            if span is None:
                continue
            span._.fact = rec
            groups[SPAN_KEYS[rec["kind"]]].append(span)
        for key, spans in groups.items():
            doc.spans[key] = spans
        return doc


def _label(rec: dict) -> str:
    if rec["kind"] == "target":
        return f"TARGET {rec['comparator']} {rec['value']} {rec['unit']}"
    if rec["kind"] == "assignment":
        return f"{rec['role'].upper()} {rec['agency']}"
    return f"DEADLINE {rec['date'] or rec['recurrence'] or rec['relative']}"


def blank() -> Language:
    """A Vietnamese spaCy pipeline with our tokenizer (no pyvi, nothing downloaded)."""
    from spacy.lang.vi import Vietnamese

    nlp = Vietnamese.from_config({"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = VietnameseTokenizer(nlp.vocab)
    return nlp


def load() -> Language:
    """`blank()` with the `chitieu` component: `load()(text).spans["targets"]`."""
    nlp = blank()
    nlp.add_pipe("chitieu")
    return nlp
