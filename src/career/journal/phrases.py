"""Phrases (skill names, signal words, cue words, organization names) found in text on word
boundaries: the one matcher the journal's pure side shares.

Matching is on whole words, case-insensitive, leftmost-longest and never overlapping. Words are
runs of letters and digits (a trailing ``+`` or ``#`` belongs to the word: C++, C#); inside a
phrase, a space, hyphen, underscore, slash, ``&``, or a dot, comma or apostrophe with no space
after it, may be written any of those ways or left out ("fine-tuning", "fine tuning" and
"finetuning" are one phrase). A final "s"/"es" is allowed ("LLMs", "MLPs").

A phrase joined by a hyphen or by the apostrophe of "n't" may also be written as one word
("redteamed", "didnt", "wont"); a pronoun's contraction may not: without its apostrophe it is
another word ("we'll" is no "well", "I'll" no "ill", "she'd" no "shed", "we're" no "were").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Final, Generic, NamedTuple, TypeVar

__all__ = ["PhraseIndex", "Tokens", "is_acronym", "leading_words", "tokens", "words"]

T = TypeVar("T")

_WORD: Final = re.compile(r"[^\W_]+[+#]*")
# What may stand between two words of one phrase.
_JOINER: Final = re.compile(r"[ \t]*[-_/&][ \t]*|[ \t]+|[.,'’]")
# A pronoun's contraction ("we'll", "I'd", "they're", "she's", "we've"; not "didn't").
_CONTRACTION: Final = re.compile(r"['’](?:ll|d|re|s|ve|m)\b", re.IGNORECASE)


def words(text: str) -> list[str]:
    """The words of `text`, as written."""
    return _WORD.findall(text)


def leading_words(text: str, limit: int) -> list[str] | None:
    """The words of `text`, as written, when there are at most `limit` of them; None when
    there are more (without reading on through a long text)."""
    found: list[str] = []
    for match in _WORD.finditer(text):
        if len(found) == limit:
            return None
        found.append(match.group())
    return found


def is_acronym(parts: list[str]) -> bool:
    """Whether a phrase's words are all capitals or digits, with a capital ("SPAR", "GPT-4")."""
    return all(word.isupper() or word.isdigit() for word in parts) and any(
        word.isupper() for word in parts
    )


class PhraseIndex(Generic[T]):
    """Finds phrases (names and aliases) in text on word boundaries, each mapped to a value.

    With `exact_acronyms`, a phrase written entirely in capitals ("SPAR", "FAR.AI") matches
    only in capitals; so does every phrase in `exact` ("MoE"); other phrases ignore case.
    With `acronym_letters`, only acronyms of at most that many letters and digits are exact
    (short ones collide with everyday words and units: "ml", "rag"; "rlhf" does not).
    Without `plurals`, a final "s"/"es" is not allowed (cue words: "notes" is no "not").
    """

    def __init__(
        self,
        phrases: Iterable[tuple[str, T]],
        *,
        exact_acronyms: bool = False,
        exact: Iterable[str] = (),
        plurals: bool = True,
        acronym_letters: int | None = None,
    ) -> None:
        exact_phrases = frozenset(exact)
        self._plurals = plurals
        self._folded: dict[str, T] = {}
        self._exact: dict[str, T] = {}
        # Every run of leading words of a phrase (casefolded, joined): matching stops extending
        # a candidate as soon as it is no phrase's beginning, so most words cost one lookup.
        self._prefixes: set[str] = set()
        # Every phrase's first word (casefolded, also with "s"/"es"): skips most words at once.
        self._first: set[str] = set()
        # Phrases (joined keys) that must be written as their separate words: "we'll".
        self._apart: set[str] = set()
        longest = 1
        for phrase, value in phrases:
            parts = words(phrase)
            if not parts:
                continue
            longest = max(longest, len(parts))
            short = acronym_letters is None or sum(map(len, parts)) <= acronym_letters
            if (exact_acronyms and short and is_acronym(parts)) or phrase in exact_phrases:
                self._exact["".join(parts)] = value
            else:
                self._folded["".join(parts).casefold()] = value
            start = parts[0].casefold()
            # A phrase joined by an apostrophe or a hyphen may be written as one word ("didnt",
            # "redteamed"); one of separate words may not ("setup" is no "set up"), nor a
            # pronoun's contraction ("well" is no "we'll": `_CONTRACTION`).
            joined = "".join(parts).casefold() if " " not in phrase.strip() else start
            if _CONTRACTION.search(phrase):
                self._apart.add(joined)
                joined = start
            for first in {start, joined}:
                self._first.update((first, f"{first}s", f"{first}es") if plurals else (first,))
            for count in range(1, len(parts)):
                self._prefixes.add("".join(parts[:count]).casefold())
        self._longest = longest

    def find(self, text: str) -> list[tuple[int, int, T]]:
        """(start, end, value) of each phrase in `text`, leftmost-longest, not overlapping.
        Mask URLs out of `text` first (`career.journal.parser.masked`)."""
        seen = tokens(text)
        first = self._first
        folded = seen.folded
        if first.isdisjoint(folded):
            return []
        found: list[tuple[int, int, T]] = []
        free_from = 0
        for index in [index for index, word in enumerate(folded) if word in first]:
            if index < free_from:
                continue
            hit = self._longest_at(text, seen, index)
            if hit is not None:
                count, value = hit
                found.append((seen.starts[index], seen.ends[index + count - 1], value))
                free_from = index + count
        return found

    def _longest_at(self, text: str, seen: Tokens, index: int) -> tuple[int, T] | None:
        written_words, folded_words, starts, ends = seen
        written = written_words[index]
        folded = folded_words[index]
        value = self._lookup(written, folded)
        if value is not None and folded in self._apart:
            value = None  # "well": no "we'll"
        best = None if value is None else (1, value)
        prefixes = self._prefixes
        if folded not in prefixes:
            return best
        for position in range(index + 1, min(index + self._longest, len(written_words))):
            gap = text[ends[position - 1] : starts[position]]
            if gap != " " and not _JOINER.fullmatch(gap):
                break
            written += written_words[position]
            folded += folded_words[position]
            value = self._lookup(written, folded)
            if value is not None:
                best = (position - index + 1, value)
            if folded not in prefixes:
                break
        return best

    def _lookup(self, written: str, folded: str) -> T | None:
        exact = self._exact
        value = exact.get(written) if exact else None
        if value is None:
            value = self._folded.get(folded)
        if value is None and self._plurals and len(folded) > 2 and folded[-1] == "s":
            for cut in (1, 2) if folded[-2] == "e" and len(folded) > 3 else (1,):
                # A plural is a lowercase "s" ("LLMs"): "MLS" is no plural of ML.
                plural = written[-cut:].islower()
                value = exact.get(written[:-cut]) if exact and plural else None
                if value is None:
                    value = self._folded.get(folded[:-cut])
                if value is not None:
                    break
        return value


class Tokens(NamedTuple):
    """The words of a text (as written and casefolded) and where each starts and ends."""

    words: tuple[str, ...]
    folded: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]


@functools.lru_cache(maxsize=4096)
def tokens(text: str) -> Tokens:
    """Cached: skills, signal words and organizations are all looked up in each line."""
    words = _WORD.findall(text)
    # Where each word is: the first place it occurs from the end of the one before (what lies
    # between two words holds no letter or digit, and a word starts with one), which is
    # faster than asking the regex for every match's span.
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for word in words:
        position = text.find(word, position)
        starts.append(position)
        position += len(word)
        ends.append(position)
    return Tokens(tuple(words), tuple(map(str.casefold, words)), tuple(starts), tuple(ends))
