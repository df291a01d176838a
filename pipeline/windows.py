"""Extraction of very long texts in windows, so memory stays bounded whatever the text's length.

A text longer than `WINDOW_THRESHOLD` raw characters (far above any real official document: those are at most
a few hundred thousand; a merged gazette issue or a generated file is not) is read in windows of about
`WINDOW_CHARS` raw characters, each cut where a section begins — the shallowest level that begins in the
window's last three quarters, else a blank line, a line break, a sentence end —, and each normalised,
segmented and extracted on its own:

- the sections open where a window begins are carried into it (`pipeline.segment.Resume`): its headings
  number on from theirs ("PHẦN 3" after "PHẦN 2"), and its paths and section kinds are the whole text's;
- the document's metadata is read once, from the text's head and its tail (header, closing, signature);
  every window's extractors see it;
- records are yielded window by window with the whole raw text's offsets, quotes, pages and ids.

What a window gives up: a target's deadline and agencies are resolved against its own window's deadlines
and assignments (an assignment in a window's last section cannot reach a target in the next); a table or a
lead-in cut by a window's end is read as two; metadata read from the whole text beyond its head and tail
(the years the objectives look to) comes from the head only. Texts up to the threshold are extracted whole,
exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from pipeline.document import Document

# Raw characters above which a text is extracted in windows, and the size of a window. A window's work
# (clean text, sections, facts, records) is what memory holds beside the raw text: ~25 MB for 250k characters.
WINDOW_THRESHOLD = 1_000_000
WINDOW_CHARS = 250_000
# The text metadata is read from: its first and last characters (header and title; closing and signature).
HEAD_CHARS = 60_000
TAIL_CHARS = 20_000


def iter_records(source, names: tuple[str, ...] | None = None) -> Iterator[dict]:
    """The records of one document, one at a time: the document record first, then its facts. A text over
    `WINDOW_THRESHOLD` characters is extracted window by window; any other (or an `Analysis` already made)
    whole, giving exactly `pipeline.analyse.extract`'s records."""
    from pipeline.analyse import Analysis, run
    from pipeline.readers import read
    from pipeline.records import to_records

    if not isinstance(source, (Analysis, Document)):
        source = read(source)
    if isinstance(source, Document) and is_long(source):
        yield from windowed_records(source, names)
        return
    analysis, ctx = run(source, names, trace=False)
    yield from to_records(analysis, ctx.results)


def is_long(doc: Document) -> bool:
    return len(doc.raw_text) > WINDOW_THRESHOLD


def _line_cut(raw: str, lo: int, hi: int) -> int:
    """A raw offset in (lo, hi] just after a line break (a blank line first), or hi."""
    for sep in ("\n\n", "\n"):
        k = raw.rfind(sep, lo, hi)
        if k >= 0:
            return k + len(sep)
    return hi


def metadata_of(doc: Document):
    """The document's metadata, read from its head and tail only."""
    from pipeline.metadata import extract_metadata
    from pipeline.normalise import normalise
    from pipeline.segment import segment

    raw = doc.raw_text
    head_end = _line_cut(raw, HEAD_CHARS // 2, HEAD_CHARS)
    tail_start = _line_cut(raw, len(raw) - TAIL_CHARS, len(raw) - TAIL_CHARS // 2)
    part = Document(doc.path, raw[:head_end] + "\n\n" + raw[tail_start:], doc.format, doc.doc_id,
                    encoding=doc.encoding)
    clean = normalise(part.raw_text)
    return extract_metadata(part, clean, segment(clean))


def cuts(doc: Document, size: int | None = None) -> Iterator[tuple[int, int, object]]:
    """(raw start, raw end, the segmenter's Resume at the start) of each window of about `size` raw characters
    (`WINDOW_CHARS`), in order. Sent the Resume where a window ends, it uses it for the next one."""
    from pipeline.normalise import normalise
    from pipeline.segment import Resume, segment, state_at

    size = size or WINDOW_CHARS
    raw = doc.raw_text
    n = len(raw)
    a, resume = 0, Resume()
    while a < n:
        if n - a <= size + size // 4:
            yield a, n, resume
            return
        probe_end = _line_cut(raw, a + size // 2, a + size)
        clean = normalise(raw[a:probe_end])
        states: list = []
        root = segment(clean, resume, states)
        c = _clean_cut(clean.text, root)
        b = a + clean.to_raw[c]
        if b <= a:
            b, c = probe_end, len(clean.text)
        probe_state = state_at(states, c)
        del clean, root, states
        # `windowed_records` sends the state where the window it extracted ends (read from the window itself);
        # iterated plainly, the probe's state at the cut is used
        sent = yield a, b, resume
        resume = sent if sent is not None else probe_state
        a = b


def _clean_cut(text: str, root) -> int:
    """Where in a probe's clean text the window ends: the last start of a section of the shallowest level
    starting in its last three quarters; else the last blank line, line break, sentence end, "; " or space."""
    lo, hi = max(len(text) // 4, 1), len(text)
    by_level: dict[int, int] = {}
    for sec in root.walk():  # the sections carried into the window start at 0, before `lo`
        if sec.level and lo <= sec.start < hi:
            by_level[sec.level] = max(by_level.get(sec.level, 0), sec.start)
    if by_level:
        return by_level[min(by_level)]
    for sep in ("\n\n", "\n", ". ", "; ", " "):
        k = text.rfind(sep, lo, hi)
        if k >= 0:
            return k + len(sep)
    return hi


def windowed_records(doc: Document, names: tuple[str, ...] | None = None) -> Iterator[dict]:
    """The records of a long text, window by window (see the module's docstring)."""
    import extractors
    from extractors.base import Context
    from pipeline.analyse import Analysis, _NoTrace
    from pipeline.normalise import normalise
    from pipeline.records import fact_records, meta_record
    from pipeline.segment import segment, state_at

    meta = metadata_of(doc)
    yield meta_record(doc, meta)
    windows = cuts(doc)
    step = next(windows, None)
    while step is not None:
        a, b, resume = step
        part = Document(doc.path, doc.raw_text[a:b], doc.format, doc.doc_id, encoding=doc.encoding)
        clean = normalise(part.raw_text)
        states: list = []
        root = segment(clean, resume, states)
        ctx = Context(part, clean, root, meta)
        ctx.candidates = _NoTrace()
        extractors.run(ctx, names)
        yield from fact_records(Analysis(part, clean, root, meta), ctx.results, doc, a)
        after = state_at(states, len(clean.text) + 1)
        del part, clean, root, ctx, states
        try:
            step = windows.send(after)
        except StopIteration:
            step = None
