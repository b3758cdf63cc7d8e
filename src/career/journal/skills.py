"""Skills in journal lines: the taxonomy, how names are matched, and the level a line shows.

Decisions:

- The taxonomy is ``data/skills.toml`` (shipped) plus the user's TOML file in the same shape:
  ``[skill."Name"]`` with ``category`` and ``aliases``. A user table named like an existing
  skill or one of its aliases adds aliases to it (and may set its category); any other table
  is a new skill (category "other" when none is given). An alias given to another skill moves
  to it (the later table wins); a skill's name stays its own.
- Matching is on whole words, case-insensitive, leftmost-longest and never overlapping
  ("fully sharded data parallel" is FSDP, not also data parallelism). Words are runs of
  letters and digits; inside a name, a space, hyphen, underscore, slash, ``&``, or a dot or
  comma with no space after it, may be written any of those ways or left out ("fine-tuning",
  "fine tuning" and "finetuning" are one phrase). A final "s"/"es" is allowed ("LLMs",
  "MLPs"). Versions are not stripped: "GPT1" is GPT only because "GPT1" is an alias. Text in
  ``code`` counts (`` `peft` `` is PEFT); URLs, Markdown link targets and ``![[embeds]]`` do
  not (the text of a link does).
- Level of a line (0 intent, 1 exposure, 2 practice, 3 applied, 4 delivered), first rule that
  applies: a goal is 0 ("goal"); an unchecked task is 0 ("unchecked task"); the line's own
  signal words (past forms such as "read", "watched", "worked through", "implemented",
  "shipped"; a checked task also counts base forms such as "implement") give the highest level
  among them; failing those, intent words ("plan to", "will", "want to", "should", "signed
  up") give 0; a child line with no signal of its own takes its parent's level and signal; a
  done line or a checked task with no signal is 1 with signal "done"; a note is 1 with signal
  "mentioned".
- One evidence row per skill per line (its aliases are one skill).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from career.errors import InvalidInput
from career.journal.document import Entry, Item
from career.journal.parser import masked
from career.journal.phrases import PhraseIndex

__all__ = [
    "LEVELS",
    "Evidence",
    "PhraseIndex",
    "Skill",
    "Taxonomy",
    "evidence",
    "line_levels",
    "load_taxonomy",
]

LEVELS: Final = ("intent", "exposure", "practice", "applied", "delivered")

LINE_CACHE: Final = 1 << 15
"""How many distinct lines the per-line caches remember (journals repeat lines a lot)."""

# --- the taxonomy --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Skill:
    name: str
    category: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Evidence:
    item: int
    """Index into Entry.items."""
    skill: str
    """Skill.name."""
    level: int
    """0 intent, 1 exposure, 2 practice, 3 applied, 4 delivered (see LEVELS)."""
    signal: str
    """The word or context that set the level ("implemented", "goal", ...)."""
    rule: str = ""
    """Which rule set the level, in words ("own words", "direct parent", "task marker", ...):
    what `career evidence why` tells."""
    matched: str = ""
    """The words of the line that named the skill, as written."""


class Taxonomy:
    """The skills career recognises, with a matcher built once."""

    def __init__(self, skills: Iterable[Skill]) -> None:
        self.skills: tuple[Skill, ...] = tuple(skills)
        # Names after aliases: where an alias is also another skill's name, the name wins.
        phrases = [(alias, skill) for skill in self.skills for alias in skill.aliases]
        phrases += [(skill.name, skill) for skill in self.skills]
        self._index: PhraseIndex[Skill] = PhraseIndex(phrases)
        self._names: dict[str, Skill] = {phrase.casefold(): skill for phrase, skill in phrases}
        description = "\n".join(
            f"{skill.name}\t{skill.category}\t{'|'.join(skill.aliases)}" for skill in self.skills
        )
        self.fingerprint: str = hashlib.sha256(description.encode("utf-8")).hexdigest()
        """Changes whenever a skill, category or alias does (to know when to re-read files)."""
        # What each line names (journals repeat lines: "- [x] some leetcode problems").
        self._named: dict[str, tuple[Skill, ...]] = {}

    def find(self, name: str) -> Skill | None:
        """The skill with this name or alias (case-insensitive), or None."""
        key = " ".join(name.split()).casefold()
        if key in self._names:
            return self._names[key]
        hits = self._index.find(name.strip())
        if len(hits) == 1 and hits[0][0] == 0 and hits[0][1] == len(name.strip()):
            return hits[0][2]
        return None

    def skills_in(self, text: str) -> list[Skill]:
        """The skills `text` names, in order of first appearance, each once."""
        named = self._named.get(text)
        if named is None:
            seen: dict[str, Skill] = {}
            for _, _, skill in self._index.find(masked(text)):
                seen.setdefault(skill.name, skill)
            named = tuple(seen.values())
            if len(self._named) >= LINE_CACHE:
                self._named.clear()
            self._named[text] = named
        return list(named)


def _tables(data: dict[str, Any], where: str) -> list[tuple[str, str | None, list[str]]]:
    tables = data.get("skill", {})
    if not isinstance(tables, dict):
        raise InvalidInput(f'{where}: "skill" must be a table of [skill."Name"] tables')
    read: list[tuple[str, str | None, list[str]]] = []
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise InvalidInput(f'{where}: [skill."{name}"] must be a table')
        category = table.get("category")
        aliases = table.get("aliases", [])
        if category is not None and not (isinstance(category, str) and category.strip()):
            raise InvalidInput(f'{where}: [skill."{name}"] category must be a text')
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise InvalidInput(f'{where}: [skill."{name}"] aliases must be a list of texts')
        if not name.strip():
            raise InvalidInput(f"{where}: a skill needs a name")
        unknown = set(table) - {"category", "aliases", "ambiguous", "case_sensitive"}
        if unknown:
            raise InvalidInput(
                f'{where}: [skill."{name}"] has unknown keys: {", ".join(sorted(unknown))}'
                " (use category and aliases)"
            )
        read.append(
            (
                name.strip(),
                None if category is None else category.strip(),
                [a.strip() for a in aliases if a.strip()],
            )
        )
    return read


def _shipped() -> dict[str, Any]:
    data = importlib.resources.files("career.journal").joinpath("data/skills.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


def load_taxonomy(user_file: Path | None) -> Taxonomy:
    """The shipped taxonomy extended by the user's TOML file (absent: shipped only)."""
    merged: dict[str, tuple[str, str, list[str]]] = {}  # key -> (name, category, aliases)
    owner: dict[str, str] = {}  # name or alias (casefolded) -> key

    def add(name: str, category: str | None, aliases: list[str]) -> None:
        key = owner.get(name.casefold())
        if key is None:
            key = name.casefold()
            merged[key] = (name, category or "other", [])
            owner[key] = key
        current_name, current_category, current_aliases = merged[key]
        known = {a.casefold() for a in current_aliases} | {current_name.casefold()}
        for alias in aliases:
            folded = alias.casefold()
            previous = owner.get(folded)
            if previous is not None and previous != key and previous != folded:
                # The alias moves here from the skill that had it (the user's file wins).
                other = merged[previous][2]
                other[:] = [a for a in other if a.casefold() != folded]
            if folded not in known:
                current_aliases.append(alias)
                known.add(folded)
            if previous is None or previous != folded:
                owner[folded] = key
        merged[key] = (current_name, category or current_category, current_aliases)

    for name, category, aliases in _tables(_shipped(), "skills.toml"):
        add(name, category, aliases)
    if user_file is not None and user_file.exists():
        try:
            data = tomllib.loads(user_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidInput(f"cannot read {user_file}: {error}") from None
        except tomllib.TOMLDecodeError as error:
            raise InvalidInput(f"{user_file}: not valid TOML: {error}") from None
        for name, category, aliases in _tables(data, str(user_file)):
            add(name, category, aliases)
    return Taxonomy(
        Skill(name, category, tuple(aliases)) for name, category, aliases in merged.values()
    )


# --- levels --------------------------------------------------------------------------------------


# The words that set a line's level. Past forms count in any line; base forms ("implement")
# only in a checked task ("- [x] implement DPO"). Level -1: words that only stop a shorter
# signal from matching inside them ("won't" is not "won").
_PAST_FORMS: Final[dict[int, tuple[str, ...]]] = {
    4: (
        "shipped",
        "published",
        "presented",
        "won",
        "merged",
        "released",
        "launched",
        "submitted",
        "open-sourced",
        "open sourced",
        "deployed",
        "gave a talk",
        "demoed",
    ),
    3: (
        "implemented",
        "implementing",
        "reimplemented",
        "re-implemented",
        "built",
        "building",
        "coded",
        "coded up",
        "trained",
        "fine-tuned",
        "finetuned",
        "debugged",
        "refactored",
        "integrated",
        "replicated",
        "reproduced",
        "ran experiments",
        "experimented",
        "prototyped",
        "profiled",
        "benchmarked",
        "optimized",
        "optimised",
    ),
    2: (
        "worked through",
        "working through",
        "worked on",
        "practiced",
        "practised",
        "practicing",
        "practising",
        "exercises",
        "exercise",
        "problems",
        "problem set",
        "solved",
        "solving",
        "drilled",
        "went through",
        "followed along",
        "coded along",
    ),
    1: (
        "read",
        "re-read",
        "reread",
        "reading",
        "watched",
        "watching",
        "skimmed",
        "skimming",
        "learned about",
        "learnt about",
        "learned",
        "learnt",
        "learning about",
        "reviewed",
        "reviewing",
        "studied",
        "studying",
        "listened to",
        "attended",
        "looked into",
        "looked at",
        "heard about",
        "explored",
        "researched",
        "went over",
    ),
    0: (
        "plan to",
        "plans to",
        "planning to",
        "will",
        "want to",
        "wants to",
        "wanting to",
        "going to",
        "gonna",
        "should",
        "need to",
        "hope to",
        "would like to",
        "intend to",
        "aim to",
        "try to",
        "signed up",
        "signed up for",
        "registered for",
    ),
    -1: ("won't", "wont"),
}
_BASE_FORMS: Final[dict[int, tuple[str, ...]]] = {
    4: (
        "ship",
        "publish",
        "present",
        "release",
        "launch",
        "submit",
        "deploy",
    ),
    3: (
        "implement",
        "reimplement",
        "build",
        "code",
        "train",
        "fine-tune",
    ),
    2: (
        "practice",
        "practise",
        "solve",
        "work through",
        "do problems",
    ),
    1: (
        "read",
        "watch",
        "skim",
        "learn",
        "review",
        "study",
        "explore",
    ),
}


def _signal_index() -> PhraseIndex[tuple[int, bool]]:
    """Signal phrases -> (level, counts only in a checked task)."""
    phrases: dict[str, tuple[int, bool]] = {}
    for level, words in _BASE_FORMS.items():
        for word in words:
            phrases[word] = (level, True)
    for level, words in _PAST_FORMS.items():
        for word in words:
            phrases[word] = (level, False)
    return PhraseIndex(phrases.items())


_SIGNALS: Final = _signal_index()


def _own_signal(text: str, checked_task: bool) -> tuple[int, str] | None:
    """The level and signal of a line's own words: the highest level, first of equals; intent
    words only when nothing higher is there."""
    best: tuple[int, str] | None = None
    for start, end, (level, base_only) in _SIGNALS.find(text):
        if level < 0 or (base_only and not checked_task):
            continue
        if best is None or level > best[0]:
            best = (level, " ".join(text[start:end].lower().split()))
    return best


def line_levels(entry: Entry, wanted: Iterable[int] | None = None) -> dict[int, tuple[int, str]]:
    """(level, signal) of the items of `entry` (all, or the `wanted` indexes and the ancestors
    they need), by index (see the module docstring)."""
    levels: dict[int, tuple[int, str]] = {}

    def level(index: int) -> tuple[int, str]:
        known = levels.get(index)
        if known is None:
            item = entry.items[index]
            known = _own_level(item)
            if known is None:
                parent = item.parent
                if parent is not None and 0 <= parent < index:
                    known = level(parent)
                else:
                    known = (1, "done") if item.section in ("done", "task") else (1, "mentioned")
            levels[index] = known
        return known

    for index in range(len(entry.items)) if wanted is None else wanted:
        level(index)
    return levels


def _own_level(item: Item) -> tuple[int, str] | None:
    if item.section == "goal":
        return 0, "goal"
    if item.checked is False:
        return 0, "unchecked task"
    return _line_signal(item.text, item.checked is True)


@functools.lru_cache(maxsize=LINE_CACHE)
def _line_signal(text: str, checked_task: bool) -> tuple[int, str] | None:
    """`_own_signal` of a line as written (cached: journals repeat lines)."""
    return _own_signal(masked(text), checked_task)


def evidence(entry: Entry, taxonomy: Taxonomy) -> list[Evidence]:
    """One row per skill named on each line of `entry`, with the level the line supports."""
    found = [(index, taxonomy.skills_in(item.text)) for index, item in enumerate(entry.items)]
    found = [(index, skills) for index, skills in found if skills]
    levels = line_levels(entry, (index for index, _ in found))
    return [
        Evidence(index, skill.name, *levels[index]) for index, skills in found for skill in skills
    ]
