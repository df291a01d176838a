"""The offset map kept as runs gives, character by character, what a map of one offset per character gives."""

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalise import normalise
from pipeline.textmap import CleanText, EditableText


class _PerCharacter:
    """The reference: every character's raw [start, end) in plain lists, edited as EditableText edits."""

    def __init__(self, raw: str):
        self.text, self.starts, self.ends, self.raw_len = raw, list(range(len(raw))), list(range(1, len(raw) + 1)), len(raw)

    def apply(self, edits):
        text, starts, ends = self.text, self.starts, self.ends
        out, ns, ne, pos = [], [], [], 0
        for s, e, rep in edits:
            if s < pos:
                continue
            out.append(text[pos:s])
            ns += starts[pos:s]
            ne += ends[pos:s]
            n, m = e - s, len(rep)
            if m:
                out.append(rep)
                if n == m:
                    ns += starts[s:e]
                    ne += ends[s:e]
                elif n == 0:
                    r = starts[s] if s < len(starts) else self.raw_len
                    ns += [r] * m
                    ne += [r] * m
                else:
                    for k in range(m):
                        j = s + min(k, n - 1)
                        ns.append(starts[j])
                        ne.append(ends[e - 1] if k == m - 1 else ends[j])
            pos = e
        out.append(text[pos:])
        ns += starts[pos:]
        ne += ends[pos:]
        self.text, self.starts, self.ends = "".join(out), ns, ne


@st.composite
def edit_passes(draw):
    raw = draw(st.text(alphabet="abc xy\n", min_size=0, max_size=40))
    passes = []
    length = len(raw)
    for _ in range(draw(st.integers(0, 5))):
        cuts = sorted(draw(st.lists(st.integers(0, length), max_size=12)))
        edits = []
        for a, b in zip(cuts[::2], cuts[1::2]):
            edits.append((a, b, draw(st.sampled_from(["", "-", "xy", "abc", "q"]))))
        if len(cuts) % 2:
            edits.append((cuts[-1], cuts[-1], draw(st.sampled_from(["", " ", "zz"]))))
        passes.append(edits)
        length += sum(len(r) - (e - s) for s, e, r in edits)  # only an estimate: later passes clip
        length = max(length, 0)
    return raw, passes


@settings(max_examples=400, deadline=None)
@given(edit_passes())
def test_runs_give_the_same_offsets_as_one_per_character(case):
    raw, passes = case
    t, ref = EditableText(raw), _PerCharacter(raw)
    for edits in passes:
        edits = [(min(s, len(ref.text)), min(e, len(ref.text)), r) for s, e, r in edits]
        t.apply(edits)
        ref.apply(edits)
        assert t.text == ref.text
    c = t.freeze()
    assert list(c.to_raw) == ref.starts + [len(raw)]
    assert list(c.raw_ends) == ref.ends
    assert [c.to_raw[i] for i in range(len(c.text) + 1)] == ref.starts + [len(raw)]
    assert [c.raw_ends[i] for i in range(len(c.text))] == ref.ends
    assert c.to_raw[-1] == len(raw) and len(c.to_raw) == len(c.text) + 1


def test_a_long_text_needs_a_run_per_edit_not_an_offset_per_character():
    line = "Sở Nội vụ chủ trì  thực hiện c ải cách thủ tục hành chính giai đoạn 20212025.\n"
    raw = line * 20_000  # 1.6 M characters, three edits a line
    c = normalise(raw)
    assert len(c.text) > 1_400_000
    assert c.runs.nbytes() <= 13 * 4 * 20_000 + 13  # a run per edit (13 bytes each), here four a line
    assert c.runs.nbytes() < len(c.text) * 8 / 10  # against two 4-byte offsets a character
    i = c.text.index("cải cách", len(c.text) - len(line))
    assert raw[slice(*c.raw_span(i, i + len("cải cách")))] == "c ải cách"


def test_a_clean_text_made_from_plain_offsets():
    c = CleanText("ab", [0, 2, 3], [2, 3])
    assert c.raw_span(0, 1) == (0, 2) and c.raw_span(1, 2) == (2, 3) and c.to_raw[-1] == 3
    assert CleanText("ab", [5, 6, 7]).raw_span(0, 2) == (5, 7)
    assert list(CleanText.identity("abc").to_raw) == [0, 1, 2, 3]
