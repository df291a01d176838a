"""pipeline/lines.py answers what the direct string reads answer (issue 13 item 1: the same results, read by a
bisect over the line breaks instead of a scan of the whole line)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import lines

_TEXT = st.text(alphabet="ab :|\n\t.Đ3", max_size=80)
_LEAD_IN = re.compile(r"[^\n]*:[ \t]*\n")


def _cuts(text, data):
    a = data.draw(st.integers(0, len(text)))
    return a, data.draw(st.integers(a, len(text)))


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.data())
def test_line_reads_match_the_string_reads(text, data):
    text = text + ""  # a new string each time: the index is rebuilt for it
    a, b = _cuts(text, data)
    assert lines.line_start(text, a) == text.rfind("\n", 0, a) + 1
    end = text.find("\n", a)
    assert lines.line_end(text, a) == (len(text) if end < 0 else end)
    assert lines.has_bar(text, a, b) == ("|" in text[a:b])
    assert lines.blank(text, a, b) == (not text[a:b].strip())
    assert lines.breaks_in(text, a, b) == [i for i in range(a, b) if text[i] == "\n"]
    lead = None
    for lead in _LEAD_IN.finditer(text, a, b):
        pass
    assert lines.last_lead_in(text, a, b) == (lead.span() if lead else None)
    article = re.compile(r"(?:Điều|ĐIỀU)\s+\d+\s*[.:]")
    spaced = text.replace("Đ", "Điều ")
    a2, b2 = _cuts(spaced, data)
    assert lines.searches(spaced, article, a2, b2) == bool(article.search(spaced[a2:b2]))


def test_a_text_without_line_breaks_is_one_line():
    text = "Sở Y tế | Sở Tài chính " * 1000
    assert lines.line_start(text, 5000) == 0 and lines.line_end(text, 5000) == len(text)
    assert lines.last_lead_in(text, 0, len(text)) is None
