"""The source of a target on the review page: its section's text with the quote marked, and the analyst's
selection in it (a missed target's span) sent back to the page as offsets into the raw text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd

from functools import lru_cache

from pipeline.data_files import read_tsv
from pipeline.review.decisions import _comparators, fold

CONTEXT_CHARS = 1200  # characters of the section shown on each side of the quote, at most


def _clean(v):
    if v is None:
        return None
    return None if pd.isna(v) else v


@dataclass
class SourceView:
    section: str  # section path and title, as a heading
    before: str
    quote: str
    after: str
    cut_before: bool
    cut_after: bool
    start: int = 0  # raw offset where `before` begins: the component's selection is counted from here


def source_view(raw_text: str, sections: pd.DataFrame, char_start: int, char_end: int,
                section_path: str | None = None, context: int = CONTEXT_CHARS) -> SourceView:
    """The quote within its section's text: the deepest section holding the span, cut to `context` either side."""
    lo, hi = 0, len(raw_text)
    heading = section_path or ""
    if sections is not None and not sections.empty:
        holding = sections[(sections["char_start"] <= char_start) & (sections["char_end"] >= char_end)]
        if section_path:
            named = holding[holding["path"] == section_path]
            holding = named if not named.empty else holding
        if not holding.empty:
            best = holding.assign(_len=holding["char_end"] - holding["char_start"]).sort_values(["_len", "level"], ascending=[True, False]).iloc[0]
            lo, hi = int(best["char_start"]), int(best["char_end"])
            title = _clean(best.get("title")) or ""
            heading = " — ".join(x for x in (str(_clean(best.get("path")) or ""), str(title)) if x)
    a, b = max(lo, char_start - context), min(hi, char_end + context)
    if a > lo:  # start the shown text at a line or word boundary
        nl = raw_text.rfind("\n", a, char_start)
        a = nl + 1 if nl >= 0 else (raw_text.find(" ", a, char_start) + 1 or a)
    if b < hi:
        nl = raw_text.find("\n", char_end, b)
        b = nl if nl >= 0 else (raw_text.rfind(" ", char_end, b) if raw_text.rfind(" ", char_end, b) > 0 else b)
    return SourceView(heading, raw_text[a:char_start], raw_text[char_start:char_end], raw_text[char_end:b],
                      a > lo, b < hi, a)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&])")


def md_escape(text: str) -> str:
    """Document text made inert inside Streamlit markdown (messages): every markdown/HTML character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def source_html(view: SourceView, page=None) -> str:
    """The section text with the quote marked. Document text is untrusted: every piece is escaped."""
    page_note = "" if _clean(page) is None else f'<div class="ct-page">Trang {int(page)}</div>'
    head = f'<div class="ct-section">{html.escape(view.section or "(toàn văn bản)")}</div>'
    body = (("… " if view.cut_before else "") + html.escape(view.before)
            + '<mark class="ct-quote">' + html.escape(view.quote) + "</mark>"
            + html.escape(view.after) + (" …" if view.cut_after else ""))
    return (f'{head}{page_note}<div class="ct-source" style="white-space: pre-wrap; line-height: 1.6; '
            f'border-left: 3px solid #f0b429; padding: .5em 1em; max-height: 28em; overflow-y: auto">{body}</div>')




# The source box as a component: the text is set with textContent (document text is untrusted: it is never
# parsed as HTML), the quote is a <mark>, and a selection made in the box is reported as code-point offsets
# into the raw text (JavaScript counts UTF-16 units; Python counts code points).
SOURCE_JS = """
export default function(component) {
  const { data, setStateValue, parentElement } = component;
  parentElement.replaceChildren();
  const head = document.createElement('div');
  head.className = 'ct-section';
  head.style.fontWeight = '600';
  head.textContent = data.section || '(toàn văn bản)';
  parentElement.append(head);
  if (data.page !== null && data.page !== undefined) {
    const page = document.createElement('div');
    page.className = 'ct-page';
    page.textContent = 'Trang ' + data.page;
    parentElement.append(page);
  }
  const box = document.createElement('div');
  box.className = 'ct-source';
  // inline, so the layout holds whatever CSS the page injects: line breaks kept, the quote visible
  Object.assign(box.style, { whiteSpace: 'pre-wrap', lineHeight: '1.6', borderLeft: '3px solid #f0b429',
                             padding: '.5em 1em', maxHeight: '24em', overflowY: 'auto', userSelect: 'text' });
  if (data.cut_before) { const c = document.createElement('span'); c.className = 'ct-cut'; c.textContent = '… '; box.append(c); }
  const text = document.createElement('span');
  text.className = 'ct-text';
  text.append(document.createTextNode(data.before));
  const mark = document.createElement('mark');
  mark.className = 'ct-quote';
  mark.style.background = '#ffe08a';
  mark.textContent = data.quote;
  text.append(mark, document.createTextNode(data.after));
  box.append(text);
  if (data.cut_after) { const c = document.createElement('span'); c.className = 'ct-cut'; c.textContent = ' …'; box.append(c); }
  parentElement.append(box);
  const points = (node, offset) => {
    const r = document.createRange();
    r.setStart(text, 0);
    r.setEnd(node, offset);
    return Array.from(r.toString()).length;
  };
  const report = () => {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const range = sel.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    const start = points(range.startContainer, range.startOffset);
    const end = points(range.endContainer, range.endOffset);
    if (end > start) setStateValue('selection', { start: data.base + start, end: data.base + end, text: sel.toString() });
  };
  box.addEventListener('mouseup', report);
  box.addEventListener('keyup', report);
  requestAnimationFrame(() => mark.scrollIntoView({ block: 'nearest' }));
}
"""
SOURCE_CSS = """
.ct-section { font-weight: 600; margin-bottom: .25em; }
.ct-page { color: #666; font-size: .9em; margin-bottom: .25em; }
.ct-source { white-space: pre-wrap; line-height: 1.6; border-left: 3px solid #f0b429; padding: .5em 1em;
             max-height: 26em; overflow-y: auto; user-select: text; }
.ct-source mark.ct-quote { background: #ffe08a; padding: 0 .1em; }
.ct-cut { color: #999; }
"""


def component_data(view: SourceView, page=None) -> dict:
    """What the source component is given: plain strings, no markup."""
    return {"section": view.section, "page": None if _clean(page) is None else int(page), "before": view.before,
            "quote": view.quote, "after": view.after, "cut_before": view.cut_before, "cut_after": view.cut_after,
            "base": view.start}


_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)(\s*%)?")


@lru_cache(maxsize=1)
def _trailing_words() -> list[tuple[str, ...]]:
    """Folded word sequences to drop from the end of a guessed indicator, longest first."""
    words = [fold(r[0]) for r in read_tsv("guess_fillers.tsv")]
    words += [a for a in _comparators()[1] if len(a) > 1 and "…" not in a and not a[0] in "<>=≥≤"]
    return sorted({tuple(w.split()) for w in words if w.split()}, key=len, reverse=True)


@lru_cache(maxsize=1)
def _count_nouns() -> list[tuple[str, ...]]:
    from extractors.lexicon import rows

    return sorted({tuple(r[0].lower().split()) for r in rows("units")}, key=len, reverse=True)


def guess_target(quote: str) -> dict:
    """A first reading of a selected span, for the analyst to correct: the first number, % or the counted noun
    after it, the words before it as the indicator, a comparator word if one is there. Nothing is saved from a
    guess: the analyst sees every field before adding."""
    m = _NUMBER.search(quote)
    out = {"indicator": " ".join(quote.split()), "value": None, "unit": None, "comparator": "="}
    if not m:
        return out
    out["value"] = m.group(1)
    after = quote[m.end():].lower().split()
    if m.group(2):
        out["unit"] = "%"
    else:
        out["unit"] = next((" ".join(n) for n in _count_nouns() if tuple(after[:len(n)]) == n), None)
    words = quote[:m.start()].split()
    comparator = None
    stripped = True
    while words and stripped:
        stripped = False
        folded = [fold(w).strip(",:;") for w in words]
        for seq in _trailing_words():
            if tuple(folded[-len(seq):]) == seq:
                code = _comparators()[1].get(" ".join(seq))
                comparator = comparator or code
                words = words[:-len(seq)]
                stripped = True
                break
    tail = fold(quote[m.end():m.end() + 16])
    if "tro len" in tail:
        comparator = ">="
    out["comparator"] = comparator if comparator in (">=", ">", "<=", "<") else "="
    out["indicator"] = " ".join(words).strip(" ,:;-–") or out["indicator"]
    return out
