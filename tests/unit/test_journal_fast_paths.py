"""Tests for the journal importer's fast paths: each must give exactly what the plain way
gives (word positions found with str.find instead of the regex's spans, the ASCII test for a
phrase that may imply a record, the per-line caches of skills and organizations)."""

from __future__ import annotations

from datetime import date

import pytest

from career.journal.document import Entry, Item
from career.journal.linker import _MAYBE_PHRASE, _may_imply, link, shipped_orgs
from career.journal.phrases import _WORD
from career.journal.phrases import tokens as _tokens
from career.journal.skills import load_taxonomy

TEXTS = [
    "",
    "- [x] reimplemented diffusion models on top of PyTorch",
    "C++ and C# then c++ again, C++",
    "snake_case_words and __dunder__ and a_b a",
    "fine-tuning, fine tuning and finetuning LLMs",
    "Straße, ŁÓDŹ and naïve café: résumé",
    "x  y\tz -- 42 4.2 4,2 v1.2.3",
    "see https://arxiv.org/abs/2197805 and ![[figure 7.png]]",
]


@pytest.mark.parametrize("text", TEXTS)
def test_word_positions_are_the_regex_spans(text: str) -> None:
    tokens = _tokens(text)
    matches = list(_WORD.finditer(text))
    assert tokens.words == tuple(m.group() for m in matches)
    assert tokens.starts == tuple(m.start() for m in matches)
    assert tokens.ends == tuple(m.end() for m in matches)
    assert tokens.folded == tuple(m.group().casefold() for m in matches)


@pytest.mark.parametrize(
    "text",
    [
        "applied to FAR.AI",
        "APPLIED TO X",
        "talked with my advisor",
        "COACHING call",
        "signed up for the jam",
        "REGISTERED for it",
        "enrolled in a course",
        "nothing to see here",
        "read the DPO paper",
        "ſign up for the sprint",  # long s: matches "sign" ignoring case
        "café advisor",
        "naïve text with none",
        "",
    ],
)
def test_may_imply_agrees_with_the_regex(text: str) -> None:
    assert _may_imply(text) == (_MAYBE_PHRASE.search(text) is not None)


def test_skills_in_a_repeated_line_are_the_same_and_not_shared() -> None:
    taxonomy = load_taxonomy(None)
    line = "trained PyTorch models, then JAX; more PyTorch"
    mentions = taxonomy.mentions(line)
    assert [m.skill.name for m in mentions] == ["PyTorch", "JAX", "PyTorch"]
    assert taxonomy.mentions(line) is mentions  # remembered, and immutable
    first = taxonomy.skills_in(line)
    assert [s.name for s in first] == ["PyTorch", "JAX"]
    first.clear()  # a caller's list is its own
    assert [s.name for s in taxonomy.skills_in(line)] == ["PyTorch", "JAX"]


def test_link_of_a_repeated_line_is_the_same() -> None:
    item = Item(1, "applied to FAR.AI research engineer role", "done", 0, None)
    entry = Entry(date(2024, 4, 19), 1, item.text, (item,))
    orgs = shipped_orgs()
    mentions, suggestions = link(entry, orgs)
    assert [m.org for m in mentions] == ["FAR.AI"]
    assert [s.kind for s in suggestions] == ["application"]
    # Again (the line's reading is remembered), and with another list of the same organizations.
    assert link(entry, orgs) == (mentions, suggestions)
    assert link(entry, list(orgs)) == (mentions, suggestions)
