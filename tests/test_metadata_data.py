"""The language data behind document metadata is well formed: every entry has an example, and the example reads
as the entry says (a header line's pattern matches it, a horizon word gives its year, a body's capitals give the
written name shown)."""

import re

import pytest

from pipeline import issuer_code as C
from pipeline import metadata_period as P
from pipeline.data_files import read_tsv
from pipeline.issuer_header import header_issuer
from pipeline.metadata_layout import _POST_DATE, library_block

FILES = {"doc_types.tsv": 4, "header_lines.tsv": 3, "issuers.tsv": 4, "self_reference.tsv": 4,
         "period_words.tsv": 3, "library_fields.tsv": 3, "issuer_codes.tsv": 4}


def rows(name):
    return [r for r in read_tsv(name) if r[0] not in ("doc_type", "capitals", "code", "field")]


@pytest.mark.parametrize("name, width", FILES.items())
def test_every_entry_has_an_example(name, width):
    for row in rows(name):
        assert len(row) >= width and row[-1], (name, row)


@pytest.mark.parametrize("kind, pattern, example", [r[:3] for r in rows("header_lines.tsv")])
def test_header_line_patterns_match_their_examples(kind, pattern, example):
    flags = re.I | re.M if kind == "library_mark" else re.M
    if kind == "post_date_word":
        assert _POST_DATE.match(example), example
    else:
        assert re.search(pattern, example, flags), (pattern, example)


def _year_after(phrase, example):
    return int(re.search(re.escape(phrase) + r"\s+((?:19|20)\d\d)", example, re.I).group(1))


@pytest.mark.parametrize("role, phrase, example", [r[:3] for r in rows("period_words.tsv")])
def test_period_words_read_as_listed(role, phrase, example):
    if role == "horizon":
        assert P.of_name(example, None)[1] == _year_after(phrase, example)
    elif role == "single":
        y = _year_after(phrase, example)
        assert P.of_name(example, None) == (y, y)
    elif role == "programme":
        assert P.of_programme(example) != P.NONE, example
    elif role == "not_name":
        assert P.of_programme(example) == P.NONE, example
    elif role in ("frame", "year_opener"):
        assert P.of_objectives(example, None) != P.NONE, example
    elif role == "past":
        assert P.of_objectives(example, None) == P.NONE, example
    else:
        pytest.fail(f"unknown role {role}")


@pytest.mark.parametrize("field, label, example", [r[:3] for r in rows("library_fields.tsv")])
def test_library_labels_read_from_their_examples(field, label, example):
    got = library_block(example)
    if field == "-":
        assert got == {}, example
    else:
        assert got.get(field), example


@pytest.mark.parametrize("capitals, written, kind, example", rows("issuers.tsv"))
def test_issuer_examples_read_as_written(capitals, written, kind, example):
    assert example.upper().startswith(capitals) or f"/ {capitals}" in example, example
    for part in example.split(";"):
        if "→" in part:
            printed, want = (s.strip() for s in part.split("→", 1))
            assert header_issuer(printed.replace(" / ", "\n"))[0] == want.split(" (")[0]


@pytest.mark.parametrize("code, written, kind, example", rows("issuer_codes.tsv"))
def test_issuer_code_examples(code, written, kind, example):
    assert C.names(code, written)
    place = re.search(r'"([^"]+)"', example)
    if place:
        want = example.split("→", 1)[1].split("(")[0].strip()
        assert C.from_place(code, place.group(1)) == want
