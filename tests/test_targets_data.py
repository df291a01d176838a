"""The language data behind numbers and targets is well formed: every entry has an example, and the
example itself reads as the entry says (a comparator word in its example gives that comparator)."""

import pytest

from extractors.comparators import read_after, read_chain
from extractors.indicators import classify
from extractors.lexicon import rows

FILES = {"comparators": 4, "changes": 3, "ranks": 4, "target_cues": 3, "units": 3, "number_words": 4,
         "indicators": 4, "indicator_cuts": 2, "per_words": 3}


@pytest.mark.parametrize("name, fields", FILES.items())
def test_every_entry_has_an_example(name, fields):
    for row in rows(name):
        assert len(row) >= fields and row[-1], (name, row)


def test_comparator_values_are_the_schema_ones():
    assert {r[2] for r in rows("comparators")} <= {"=", ">=", ">", "<=", "<"}
    assert {r[1] for r in rows("comparators")} <= {"before", "after"}


@pytest.mark.parametrize("phrase, where, comparator, example", rows("comparators"))
def test_comparator_examples_read_as_listed(phrase, where, comparator, example):
    low = example.lower()
    i = low.find(phrase.lower())
    assert i >= 0, (phrase, example)
    if where == "before":
        j = i + len(phrase)
        while j < len(example) and not example[j].isdigit():
            j += 1
        chain = read_chain(example, j, 0)
        got = chain.comparator if comparator != "=" else (chain.comparator or "=")
        assert got == comparator, (phrase, example, chain)
    else:
        digits = [k for k in range(i) if example[k].isdigit()]
        end = digits[-1] + 1
        if example[end:end + 1] == "%":
            end += 1
        assert read_after(example, end)[0] == comparator, (phrase, example)


def test_indicator_codes_are_unique_and_examples_classify_to_them():
    codes = [r[0] for r in rows("indicators")]
    assert len(codes) == len(set(codes))
    wrong = [(code, ex, classify(ex)) for code, *_, ex in rows("indicators") if classify(ex) != code]
    assert not wrong, wrong


@pytest.mark.parametrize("name", ["changes", "ranks", "target_cues", "units", "indicator_cuts", "per_words"])
def test_examples_contain_their_phrase(name):
    missing = [r for r in rows(name) if r[0].lower() not in r[-1].lower() and not r[-1].startswith("(")]
    assert not missing, missing
