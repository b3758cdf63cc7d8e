"""Skills in journal lines: the taxonomy, how names are matched, and the level a line shows.

The words are data: ``data/skills.toml`` (the skills, their aliases, which of them are
everyday words) and ``data/evidence.toml`` (the words of each level, the task markers, the
scope cues and the words of technical context). The rules are here and in
career.journal.scope (negation, plans, other people, contrasts, role titles, quotes).

**The taxonomy.** ``data/skills.toml`` plus the user's TOML file in the same shape:
``[skill."Name"]`` with ``category``, ``aliases``, ``ambiguous`` and ``case_sensitive``. A
user table named like an existing skill or one of its aliases adds to it (and may set its
category); any other table is a new skill (category "other"). An alias given to another skill
moves to it (the later table wins); a skill's own name stays its own. A top-level
``ignore = ["word", ...]`` in the user's file is a personal stop-list: those names and aliases
never name a skill.

**Word hygiene.**

- Names are matched as career.journal.phrases does (whole words, hyphens and spaces alike, a
  plural "s"). Not inside URLs, link targets or ``![[embeds]]`` (`parser.masked`).
- A short acronym (up to three letters: ML, RL, LM, RAG, SAE, AMP, GRU, S3) matches only in
  capitals, as do the ``case_sensitive`` aliases (MoE, RoPE, ViT): "500 ml" is no ML. A
  longer one is no everyday word and matches in any case ("rlhf"). Inside a ``code span``, a
  ``#tag`` or a ``[[link]]`` case does not matter: the writer marked the word as a name.
- An ``ambiguous`` alias is an everyday word (python, rust, torch, cloud, testing, alignment,
  React, Adam, agents, transformer, ...). It counts only when the writer marked it (code
  span, tag, link) or with technical context in its line or its direct parent: a
  ``[context] words`` word, another skill that is not ambiguous, a code span, a file name
  with an extension or a path, a version number right after it ("Python 3.12"), a noun of
  what one makes or learns with a product right after it (``[hygiene] parts``: "the Rust
  book", "the [[Flask]] app"), a link to a ``[context] hosts`` site, or a tag of the day
  (front matter ``tags:``, Logseq ``tags::``) that names its skill.
- **Names of other things** (``[hygiene]`` in ``data/evidence.toml``; checked once per line,
  after matching, so the words of a line cost one lookup each):

  - An organization of ``data/organizations.toml`` written as its name or an alias is the
    organization, not a skill, and so is every skill word inside it: "an alum at Hugging
    Face", "the ML Alignment & Theory Scholars programme", "the AI Safety Institute". The
    skill is named by its products ("TRL", "HF transformers"); "[[Hugging Face]]" and
    "#huggingface" are the organization too, as they are to career.journal.linker.
  - A name with an everyday sense is that sense in a line that names the sense's world
    (``[[hygiene.senses]]``): "CNN" with news words ("the CNN headline", even "#cnn #news"),
    "cloud" with weather words, "EC2"/"S3" (postcode districts) with words of going out.
  - A product's proper name (one capitalised word: Docker, Python, Helm) takes no plural:
    "Dockers chinos", "the dockers at the harbour", "the Adams family". Names that are
    countable things (``countable``: "Dockerfiles") keep their plural.
  - A letter-and-digit code followed by a digit and two letters is a postcode ("EC2 4AB").
  - An everyday word written with a capital next to another capitalised word that is no
    skill, level, context or ``not_names`` word is part of a longer proper name (a film, a
    place, a person, a restaurant): "Django Unchained", "Rust Belt", "Adam Sandler", "TGI
    Fridays"; so is one inside a longer ``[[page]]`` name of capitalised words
    ("[[Monty Python]]"). "Learning Rust", "the Python Flask app" are still the skill, and so
    is a name next to a noun of what one makes or learns with a product (``parts``: "the Flask
    App", "the Django Admin", "the Rust Book"), written in title case or not.
  - Skills that are things the writer makes (``made``: technical writing, public speaking)
    are never exposure: reading someone's blog post or watching a talk is exposure to its
    subject, not to writing or speaking ("reread the PPO blog post": PPO only).

**Whose claim.** A name in a quoted or fenced line, a negated clause, a clause whose subject
is someone else, the far side of a contrast, a role title or a quotation gives no evidence
(career.journal.scope). A cancelled task gives none either.

**Levels** (0 intent, 1 exposure, 2 practice, 3 applied, 4 delivered; the first rule that
applies, its name is the evidence's `rule`):

1. ``goal section``: a line under ``Goals:`` is 0.
2. ``open task``: ``- [ ]``, TODO, LATER, WAITING is 0.
3. ``plan``: a plan word in the skill's clause ("should have implemented X") is 0.
4. ``task in progress``: Logseq NOW/DOING is 2, whatever the words (it is not done yet).
5. ``own words``: the highest level word in the skill's clause; failing that, ``line's
   words``: the highest in the rest of its sentence. Words in a clause that is negated or
   someone else's do not count, nor does a level word inside a longer name ("learning" in
   "learning rate schedule"); a name that is a past form is its own level word
   ("fine-tuned Qwen", "red-teamed my chatbot": applied). Past forms count anywhere; base
   forms ("implement") only in a done task. This is how a passing mention is weaker than the
   line's subject: in "shipped the site; read about DPO in the evening" DPO is exposure, not
   delivered. A negation after the name in its clause takes the claim away unless one of
   these words, in a past form, comes before the negation ("debugged the NCCL timeout,
   still not fixed"; not "the CUDA upgrade never worked"). Words inside a ``code span`` are
   a command's, not level words ("`cargo build --release`"); a base form counts in a done
   task only as its verb, opening it or a clause or after "and"/"then" ("[x] implement DPO";
   not "DONE Docker cleanup on the build box"); an "-ing" word after a reading word in its
   clause describes what was read, not what the writer did ("read a thread comparing JAX to
   PyTorch", "watched a talk implementing DPO"), and so does a rehearsal word ("watched a mock
   interview video on system design").
6. ``done task``: ``- [x]`` or DONE with no level word is 2.
7. ``direct parent``: a line with no level word of its own takes its parent's own level
   (from the parent's words, markers or section: never a grandparent's).
8. ``mentioned``: otherwise 1 (a bare mention, a bare ``[[link]]`` or tag).

A line about a rehearsal (``[levels.practice] rehearsal``: a mock interview, a mock exam)
turns an applied or delivered level, or a bare mention, into 2 (``rehearsal``): "mock system
design w/ Jo: designed a rate limiter" is practice, not a rate limiter built. A line about a
hiring process's exercise (``exercise``: a coding round, a coding test, HackerRank) turns a
bare mention into 2 (``interview exercise``: "coding round: a ring buffer in Python") and
leaves the writer's own level words alone ("pairing round: built a debounce util live").
Either is the writer's doing although its clause is about a job ("took the Codility test for
the apprenticeship: 2 SQL tasks").

A skill in a clause about a job (`job` words), followed by "job" (``role_nouns_of_work``:
"the Python job at Monzo") or right after "his", "her", "their" ("their JAX stack") with no
level word of the writer's is the job's or theirs, not evidence; with one it is work ("reran
the CI job", "reviewed her PyTorch code").

A child line that opens with a ``[scope] continuations`` word ("with", "using", "and",
...) goes on with its parent's sentence: it shares the parent's subject and negation ("Jonas
set up ArgoCD" / "with a GitHub repo per team" is Jonas's).

One evidence row per skill per line, at its highest level among the line's mentions.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import importlib.resources
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, NamedTuple

from career.errors import InvalidInput
from career.journal.document import Entry, Item
from career.journal.parser import link_targets, masked
from career.journal.phrases import PhraseIndex, tokens, words
from career.journal.scope import data as scope_data
from career.journal.scope import line_claim, own_words_at, scope_at, sentence_start
from career.journal.vocab import LEVELS

__all__ = [
    "LEVELS",
    "Evidence",
    "PhraseIndex",
    "Skill",
    "Taxonomy",
    "evidence",
    "load_taxonomy",
]


SHORT_ACRONYM: Final = 3
"""Acronyms of at most this many letters match only in capitals: in lowercase they are
everyday words and units ("500 ml", "a rag", "rl" for real life); longer ones ("rlhf",
"fsdp") match in any case."""

LINE_CACHE: Final = 1 << 12
"""How many distinct lines the per-line caches remember: enough for the lines a journal repeats
("gym", "laundry") and for the several looks at one line; more only holds memory (a realistic
journal repeats under a tenth of its lines)."""

# --- the taxonomy --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Skill:
    name: str
    category: str
    aliases: tuple[str, ...]
    ambiguous: tuple[str, ...] = ()
    """Its names that are everyday words: they count only with technical context."""
    case_sensitive: tuple[str, ...] = ()
    """Its names that match only as written (acronyms in capitals always do)."""


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
    """Which rule set the level ("own words", "direct parent", "open task", ...: the module
    docstring's names): what `career evidence why` tells."""
    matched: str = ""
    """The words of the line that named the skill, as written."""


def _key(phrase: str) -> str:
    """A phrase as the matcher compares it: its words joined, casefolded."""
    return "".join(words(phrase)).casefold()


class _Name(NamedTuple):
    skill: Skill
    ambiguous: bool


class Mention(NamedTuple):
    """A skill named in a line."""

    start: int
    end: int
    skill: Skill
    explicit: bool
    """Marked by the writer: in a code span, a #tag or a [[link]]."""
    ambiguous: bool


_CODE: Final = re.compile(r"`[^`\n]+`")
_TAG: Final = re.compile(r"(?<![\w#&])#(?P<tag>[^\W_][\w/-]*)")
_LINK: Final = re.compile(r"(?<!!)\[\[(?P<page>[^\]\n|#]+)(?:[#|][^\]\n]*)?\]\]")
_PATH: Final = re.compile(
    r"(?:\b[\w-]+\.(?:py|pyi|ipynb|rs|go|js|jsx|ts|tsx|c|h|cc|cpp|hpp|java|kt|rb|sh|bash|zsh"
    r"|toml|yaml|yml|json|cfg|ini|lock|sql|tf|dockerfile|service|conf)\b)|(?:(?:^|\s)~?/[\w.-]+/)",
    re.IGNORECASE,
)
_WORD_SPANS: Final = re.compile(r"[^\W_]+")
_UNIT_BEFORE: Final = re.compile(r"\d[ \t]?$")
_PART_AFTER: Final = re.compile(r"(?:\]\])?[ \t](?P<word>[^\W\d_]+)")
_VERSION_AFTER: Final = re.compile(r"[ \t]*(?:v\d+(?:\.\d+)*|\d+(?:\.\d+)+)\b")


def _spelled_out(text: str, start: int, end: int, skill: Skill) -> bool:
    """Whether an acronym in parentheses stands for the words right before it, and those words
    are not one of the skill's names ("My Little Pony (MLP)"; not "multilayer perceptron
    (MLP)")."""
    if text[start - 1 : start] != "(" or text[end : end + 1] != ")":
        return False
    letters = text[start:end]
    if not letters.isupper():
        return False
    before = words(text[: start - 1])[-len(letters) :]
    if len(before) != len(letters) or "".join(w[0] for w in before).upper() != letters:
        return False
    spelled = " ".join(before).casefold()
    return spelled not in {name.casefold() for name in (skill.name, *skill.aliases)}


class _Hygiene(NamedTuple):
    """The word-hygiene tables of data/evidence.toml ``[hygiene]`` and the shipped
    organizations, as matchers."""

    names: PhraseIndex[_Named]
    """The names and aliases of data/organizations.toml and the rehearsal and exercise words
    (``[levels.practice] rehearsal``, ``exercise``): one matcher, so a line costs one lookup
    (`_named`)."""
    senses: dict[str, PhraseIndex[bool]]
    """A name (key) that has an everyday sense -> the words of that sense's world: looked up
    only in a line that names it (`_senses`)."""
    countable: frozenset[str]
    """Capitalised names that take a plural ("Dockerfiles"): keys."""
    made: frozenset[str]
    """Skills that are things made (a blog post, a talk): never at exposure."""
    parts: frozenset[str]
    """Nouns of what one makes or learns with a product (app, admin, book, script): after its
    name, in title case, no part of a longer proper name. Casefolded."""


class _Named(NamedTuple):
    kind: str
    """"organization", "rehearsal" or "exercise"."""


@functools.cache
def _hygiene() -> _Hygiene:
    table = scope_data()["hygiene"]
    raw = importlib.resources.files("career.journal").joinpath("data/organizations.toml")
    orgs = tomllib.loads(raw.read_bytes().decode("utf-8")).get("org", {})
    senses: dict[str, set[str]] = {}
    for sense in table["senses"]:
        for word in sense["words"]:
            senses.setdefault(word, set()).update(_key(name) for name in sense["names"])
    names = [
        (n, _Named("organization"))
        for name, org in orgs.items()
        for n in (name, *org.get("aliases", []))
    ]
    practice = scope_data()["levels"]["practice"]
    names += [(word, _Named("rehearsal")) for word in practice["rehearsal"]]
    names += [(word, _Named("exercise")) for word in practice["exercise"]]
    return _Hygiene(
        PhraseIndex(names, exact_acronyms=True, plurals=False),
        {
            key: PhraseIndex(
                ((word, True) for word, keys in senses.items() if key in keys),
                exact_acronyms=True,
                plurals=False,
            )
            for key in frozenset().union(*senses.values())
        },
        frozenset(_key(name) for name in table["countable"]),
        frozenset(table["made"]),
        frozenset(word.casefold() for word in table["parts"]),
    )


@functools.lru_cache(maxsize=LINE_CACHE)
def _named(plain: str) -> tuple[tuple[int, int, _Named], ...]:
    """The organizations, rehearsal and exercise words of a (masked) line."""
    return tuple(_hygiene().names.find(plain))


def _senses(plain: str, found: list[Mention]) -> frozenset[str]:
    """The names (keys) of `found` that the line's words show to be their everyday sense:
    each name's own world is looked up, and only when the line names it."""
    senses = _hygiene().senses
    vetoed: set[str] = set()
    for mention in found:
        written = plain[mention.start : mention.end]
        key = written.casefold() if written.isalnum() else _key(written)
        if key in senses and key not in vetoed and senses[key].find(plain):
            vetoed.add(key)
    return frozenset(vetoed)


def _proper(name: str) -> bool:
    """One capitalised word, the rest lowercase ("Docker", "Python"; not "PyTorch", "LLM")."""
    return name.isalpha() and name[:1].isupper() and name[1:].islower() and len(name) > 2


_CODE_NAME: Final = re.compile(r"[A-Z]{1,3}\d{1,2}[A-Z]?")
_POSTCODE_AFTER: Final = re.compile(r"[ \t]\d(?!GB|TB)[ABD-HJLNP-UW-Z]{2}\b")
"""A UK postcode's inward part (a digit, two letters that are never C, I, K, M, O, V), not a
size ("S3 2GB")."""


def _hygienic(
    plain: str, found: list[Mention], pages: list[tuple[int, int]], skills: PhraseIndex[_Name]
) -> list[Mention]:
    """`found` without the mentions the word-hygiene rules take away (module docstring):
    inside an organization's name, in a line about a name's everyday sense, a proper name's
    plural, a postcode, part of a longer proper name (`skills` tells a name word from a
    skill)."""
    named = _named(plain)
    orgs = [(o_start, o_end) for o_start, o_end, found in named if found.kind == "organization"]
    vetoed = _senses(plain, found)
    kept: list[Mention] = []
    for mention in found:
        start, end = mention.start, mention.end
        written = plain[start:end]
        if vetoed and _key(written) in vetoed:
            continue  # "the CNN headline", "#cnn #news": the news channel
        if orgs and any(o_start <= start and end <= o_end for o_start, o_end in orgs):
            continue  # "at Hugging Face", "ML Alignment & Theory Scholars": an organization
        if written[-1:] in "sS" and _proper_plural(mention.skill, _key(written)):
            continue  # "Dockers chinos", "the dockers at the harbour": no product's plural
        if _CODE_NAME.fullmatch(written) and _POSTCODE_AFTER.match(plain, end):
            continue  # "EC2A 4BX", "EC2 4AB": a postcode
        if mention.ambiguous and any(
            p_start <= start
            and end <= p_end
            and (p_start, p_end) != (start, end)
            and all(word[:1].isupper() for word in words(plain[p_start:p_end]))
            for p_start, p_end in pages
        ):
            continue  # "[[Monty Python]]": a longer proper name holding an everyday word
        if mention.ambiguous and written[:1].isupper() and _in_proper_name(plain, mention, skills):
            continue  # "Rust Belt", "Adam Sandler", "TGI Fridays"
        kept.append(mention)
    return kept


def _in_proper_name(plain: str, mention: Mention, skills: PhraseIndex[_Name]) -> bool:
    """Whether a capitalised word that is no skill, level, context or `not_names` word stands
    right before or after the mention (a space between): part of a longer proper name."""
    seen = tokens(plain)
    first = bisect.bisect_left(seen.starts, mention.start)
    last = bisect.bisect_left(seen.ends, mention.end)
    if first >= len(seen.starts) or last >= len(seen.ends):
        return False
    if first > 0 and plain[seen.ends[first - 1] : mention.start] == " ":
        before = seen.words[first - 1]
        if not before.endswith(("ed", "ing")) and _name_word(before, skills):
            return True
    after = last + 1
    return (
        after < len(seen.words)
        and plain[mention.end : seen.starts[after]] == " "
        and _name_word(seen.words[after], skills)
    )


@functools.lru_cache(maxsize=LINE_CACHE)
def _name_word(word: str, skills: PhraseIndex[_Name]) -> bool:
    """A capitalised word ("Belt", "Sandler") that is no skill, level, context or
    `not_names` word."""
    if not (word.isalpha() and len(word) > 1 and word[0].isupper() and word[1:].islower()):
        return False
    if word in _not_names() or word.casefold() in _hygiene().parts:
        return False
    known = _words()
    return not (known.signals.find(word) or known.context.find(word) or skills.find(word))


@functools.cache
def _not_names() -> frozenset[str]:
    return frozenset(scope_data()["scope"]["not_names"])


@functools.cache
def _proper_plural(skill: Skill, key: str) -> bool:
    """Whether `key` is the plural of one of `skill`'s proper names (and not a name itself)."""
    names = (skill.name, *skill.aliases)
    if key in {_key(name) for name in names}:
        return False
    countable = _hygiene().countable
    return any(
        _proper(name)
        and _key(name) not in countable
        and key in (f"{_key(name)}s", f"{_key(name)}es")
        for name in names
    )


class Taxonomy:
    """The skills career recognises, with its matchers built once."""

    def __init__(self, skills: Iterable[Skill], ignore: Iterable[str] = ()) -> None:
        self.skills: tuple[Skill, ...] = tuple(skills)
        self.ignored: tuple[str, ...] = tuple(ignore)
        ignored = {_key(word) for word in self.ignored}
        # Names after aliases: where an alias is also another skill's name, the name wins.
        phrases: list[tuple[str, _Name]] = []
        exact: list[str] = []
        for own_names in (False, True):
            for skill in self.skills:
                everyday = {_key(name) for name in skill.ambiguous}
                for phrase in (skill.name,) if own_names else skill.aliases:
                    if _key(phrase) not in ignored:
                        phrases.append((phrase, _Name(skill, _key(phrase) in everyday)))
        for skill in self.skills:
            exact += skill.case_sensitive
        self._strict: PhraseIndex[_Name] = PhraseIndex(
            phrases, exact_acronyms=True, exact=exact, acronym_letters=SHORT_ACRONYM
        )
        self._loose: PhraseIndex[_Name] = PhraseIndex(phrases)
        self._names: dict[str, Skill] = {phrase.casefold(): name.skill for phrase, name in phrases}
        description = "\n".join(
            f"{skill.name}\t{skill.category}\t{'|'.join(skill.aliases)}"
            f"\t{'|'.join(skill.ambiguous)}\t{'|'.join(skill.case_sensitive)}"
            for skill in self.skills
        )
        description += "\nignore\t" + "|".join(sorted(ignored))
        self.fingerprint: str = hashlib.sha256(description.encode("utf-8")).hexdigest()
        """Changes whenever a skill, category, alias or the stop-list does."""
        self._mentions = functools.lru_cache(maxsize=LINE_CACHE)(self._mentions_of)
        self.line_rows = functools.lru_cache(maxsize=LINE_CACHE)(
            functools.partial(_line_rows, self)
        )
        """The evidence of one line (`_line_rows`), remembered."""
        self.parent_level = functools.lru_cache(maxsize=LINE_CACHE)(
            functools.partial(_parent_level, taxonomy=self)
        )
        """What a child line inherits from this parent (`_parent_level`), remembered."""

    def find(self, name: str) -> Skill | None:
        """The skill with this name or alias (case-insensitive), or None."""
        key = " ".join(name.split()).casefold()
        if key in self._names:
            return self._names[key]
        hits = self._loose.find(name.strip())
        if len(hits) == 1 and hits[0][0] == 0 and hits[0][1] == len(name.strip()):
            return hits[0][2].skill
        return None

    def skills_in(self, text: str) -> list[Skill]:
        """The skills `text` names in any case (a posting, a skill list: no word hygiene), in
        order of first appearance, each once."""
        seen: dict[str, Skill] = {}
        for _, _, name in self._loose.find(masked(text)):
            seen.setdefault(name.skill.name, name.skill)
        return list(seen.values())

    def mentions(self, text: str) -> tuple[Mention, ...]:
        """Every skill name in a journal line, by the word-hygiene rules (context aside)."""
        return self._mentions(text)

    def _mentions_of(self, text: str) -> tuple[Mention, ...]:
        plain = original = masked(text)
        # Code spans and tags are names the writer marked: matched in any case. A [[link]]
        # is matched like text (it is often a person's or a film's page: [[Adam]]), and is
        # the writer naming the skill when it is the whole page name.
        marked: list[tuple[int, int]] = []
        if "`" in plain:
            marked += [m.span() for m in _CODE.finditer(plain)]
        if "#" in plain:
            marked += [m.span("tag") for m in _TAG.finditer(plain)]
        pages = [m.span("page") for m in _LINK.finditer(plain)] if "[[" in plain else []
        found: list[Mention] = []
        if marked:
            rest = list(plain)
            for start, end in marked:
                segment = plain[start:end]
                for hit_start, hit_end, name in self._loose.find(segment):
                    # A tag is the writer naming the skill when it is the whole tag: "#rust",
                    # not "#rust-belt".
                    whole = not segment[:hit_start].strip() and not segment[hit_end:].strip()
                    explicit = whole or segment.startswith("`")
                    found.append(
                        Mention(
                            start + hit_start, start + hit_end, name.skill, explicit, name.ambiguous
                        )
                    )
                rest[start:end] = " " * (end - start)
            plain = "".join(rest)
        units = _words().units
        for start, end, name in self._strict.find(plain):
            if plain[start:end].upper() in units and _UNIT_BEFORE.search(plain, 0, start):
                continue  # "5 ML of Calpol": a unit after a number
            if _spelled_out(plain, start, end, name.skill):
                continue  # "My Little Pony (MLP)": the acronym of the words before it
            whole = any(p_start == start and p_end == end for p_start, p_end in pages)
            found.append(
                Mention(start, end, name.skill, whole and not name.ambiguous, name.ambiguous)
            )
        if found:
            found = _hygienic(original, found, pages, self._loose)
        return tuple(sorted(found, key=lambda mention: mention.start))


def _tables(data: dict[str, Any], where: str) -> list[tuple[str, str | None, dict[str, list[str]]]]:
    tables = data.get("skill", {})
    if not isinstance(tables, dict):
        raise InvalidInput(f'{where}: "skill" must be a table of [skill."Name"] tables')
    read: list[tuple[str, str | None, dict[str, list[str]]]] = []
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise InvalidInput(f'{where}: [skill."{name}"] must be a table')
        if not name.strip():
            raise InvalidInput(f"{where}: a skill needs a name")
        category = table.get("category")
        if category is not None and not (isinstance(category, str) and category.strip()):
            raise InvalidInput(f'{where}: [skill."{name}"] category must be a text')
        unknown = set(table) - {"category", *_LISTS}
        if unknown:
            raise InvalidInput(
                f'{where}: [skill."{name}"] has unknown keys: {", ".join(sorted(unknown))}'
                f" (use category, {', '.join(_LISTS)})"
            )
        lists: dict[str, list[str]] = {}
        for key in _LISTS:
            value = table.get(key, [])
            if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
                raise InvalidInput(f'{where}: [skill."{name}"] {key} must be a list of texts')
            lists[key] = [a.strip() for a in value if a.strip()]
        read.append((name.strip(), None if category is None else category.strip(), lists))
    return read


_LISTS: Final = ("aliases", "ambiguous", "case_sensitive")


def _ignore_list(data: dict[str, Any], where: str) -> list[str]:
    value = data.get("ignore", [])
    if not isinstance(value, list) or not all(isinstance(word, str) for word in value):
        raise InvalidInput(f"{where}: ignore must be a list of texts")
    return [word.strip() for word in value if word.strip()]


@functools.cache
def _shipped() -> dict[str, Any]:
    data = importlib.resources.files("career.journal").joinpath("data/skills.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


class _Merged:
    """Skill tables merged in order (shipped, then the user's), aliases moving to the last
    table that names them."""

    def __init__(self) -> None:
        self.skills: dict[str, tuple[str, str, dict[str, list[str]]]] = {}
        self.owner: dict[str, str] = {}  # name or alias (casefolded) -> key

    def add(self, name: str, category: str | None, lists: dict[str, list[str]]) -> None:
        key = self.owner.get(name.casefold())
        if key is None:
            key = name.casefold()
            self.skills[key] = (name, category or "other", {k: [] for k in _LISTS})
            self.owner[key] = key
        current_name, current_category, current = self.skills[key]
        known = {a.casefold() for a in current["aliases"]} | {current_name.casefold()}
        for alias in lists["aliases"]:
            folded = alias.casefold()
            previous = self.owner.get(folded)
            if previous is not None and previous != key and previous != folded:
                # The alias moves here from the skill that had it (the user's file wins), with
                # what was known of it ("torch" stays an everyday word).
                other = self.skills[previous][2]
                for list_key in _LISTS:
                    moving = [a for a in other[list_key] if a.casefold() == folded]
                    other[list_key][:] = [a for a in other[list_key] if a.casefold() != folded]
                    if list_key != "aliases":
                        current[list_key] += moving
            if folded not in known:
                current["aliases"].append(alias)
                known.add(folded)
            if previous is None or previous != folded:
                self.owner[folded] = key
        for list_key in ("ambiguous", "case_sensitive"):
            have = {a.casefold() for a in current[list_key]}
            current[list_key] += [a for a in lists[list_key] if a.casefold() not in have]
        self.skills[key] = (current_name, category or current_category, current)


def load_taxonomy(user_file: Path | None) -> Taxonomy:
    """The shipped taxonomy extended by the user's TOML file (absent: shipped only)."""
    merged = _Merged()
    for name, category, lists in _tables(_shipped(), "skills.toml"):
        merged.add(name, category, lists)
    ignore: list[str] = []
    if user_file is not None and user_file.exists():
        try:
            data = tomllib.loads(user_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidInput(f"cannot read {user_file}: {error}") from None
        except tomllib.TOMLDecodeError as error:
            raise InvalidInput(f"{user_file}: not valid TOML: {error}") from None
        for name, category, lists in _tables(data, str(user_file)):
            merged.add(name, category, lists)
        ignore = _ignore_list(data, str(user_file))
    return Taxonomy(
        (
            Skill(
                name,
                category,
                tuple(lists["aliases"]),
                tuple(lists["ambiguous"]),
                tuple(lists["case_sensitive"]),
            )
            for name, category, lists in merged.skills.values()
        ),
        ignore,
    )


# --- levels and context --------------------------------------------------------------------------


class _Words(NamedTuple):
    """The tables of data/evidence.toml that levels and context read, as matchers."""

    signals: PhraseIndex[tuple[int, bool]]
    """Level phrases -> (level, counts only in a done task); level -1 only blocks."""
    pairs: dict[str, tuple[PhraseIndex[bool], int]]
    """A level word (lowercase) -> the objects that raise it, and to which level."""
    markers: dict[str, int | None]
    """Task marker -> its level (None: no evidence; 5: the line's own words)."""
    context: PhraseIndex[bool]
    hosts: tuple[str, ...]
    units: frozenset[str]


_LEVEL_NAMES: Final = {"none": -1, **{name: level for level, name in enumerate(LEVELS)}}
_DONE_MARK: Final = 5


@functools.cache
def _words() -> _Words:
    loaded = scope_data()
    phrases: dict[str, tuple[int, bool]] = {}
    for name, table in loaded["levels"].items():
        level = _LEVEL_NAMES[name]
        for phrase in table.get("base", []):
            phrases.setdefault(phrase, (level, True))
    for name, table in loaded["levels"].items():
        level = _LEVEL_NAMES[name]
        for phrase in table.get("done", []):
            phrases[phrase] = (level, False)
    markers: dict[str, int | None] = {}
    marks = loaded["markers"]
    for marker in marks["intent"]:
        markers[marker] = 0
    for marker in marks["practice"]:
        markers[marker] = 2
    for marker in marks["done"]:
        markers[marker] = _DONE_MARK
    for marker in marks["none"]:
        markers[marker] = None
    # A context word that is itself an everyday skill name ("alignment", "docker") cannot
    # vouch for another everyday word: "wheel alignment" is no context for "Prometheus".
    everyday = {
        _key(name) for table in _shipped()["skill"].values() for name in table.get("ambiguous", [])
    }
    context = PhraseIndex(
        ((word, True) for word in loaded["context"]["words"] if _key(word) not in everyday),
        exact_acronyms=True,
    )
    pairs: dict[str, tuple[PhraseIndex[bool], int]] = {}
    for pair in loaded["pairs"]:
        objects = PhraseIndex(((o, True) for o in pair["objects"]), exact_acronyms=True)
        for verb in pair["verbs"]:
            pairs[" ".join(verb.lower().split())] = (objects, _LEVEL_NAMES[pair["level"]])
    return _Words(
        PhraseIndex(phrases.items(), plurals=False),
        pairs,
        markers,
        context,
        tuple(loaded["context"]["hosts"]),
        frozenset(unit.upper() for unit in loaded["context"]["units"]),
    )


class _Signal(NamedTuple):
    start: int
    end: int
    level: int
    word: str
    clause_start: int


def _next_words(text: str, start: int, end: int, count: int) -> str:
    """The text from `start` up to the end of its `count`-th word (or `end`, or a comma)."""
    comma = text.find(",", start, end)
    found = _WORD_SPANS.finditer(text, start, end if comma < 0 else comma)
    last = start
    for _, match in zip(range(count), found, strict=False):
        last = match.end()
    return text[start:last]


@functools.lru_cache(maxsize=LINE_CACHE)
def _signals(text: str, done_task: bool) -> tuple[_Signal, ...]:
    """The level words of a line that are the writer's own (not in a negated clause or one
    whose subject is someone else), each with the clause it is in."""
    found: list[_Signal] = []
    code = [m.span() for m in _CODE.finditer(text)] if "`" in text else []
    for start, end, (level, base_only) in _words().signals.find(text):
        if base_only and not (done_task and _imperative(text, start)):
            continue
        if code and any(c_start < start and end < c_end for c_start, c_end in code):
            continue  # "`cargo build --release`": a command's words are no level words
        word = " ".join(text[start:end].lower().split())
        pair = _words().pairs.get(word)
        if pair is None and level < 0:
            continue
        clause = own_words_at(text, start, end)
        if clause is None:
            continue
        if pair is not None and pair[0].find(_next_words(text, end, clause[1], 4)):
            level = max(level, pair[1])
        if level >= 0:
            found.append(_Signal(start, end, level, word, clause[0]))
    if len(found) > 1:
        found = _described(found)
    return tuple(found)


def _described(found: list[_Signal]) -> list[_Signal]:
    """`found` without the "-ing" words that describe what the writer read or watched ("read
    a thread comparing JAX to PyTorch", "watched a talk implementing DPO"): after a reading
    verb in the same clause, they are the thing's, not the writer's."""
    reading: dict[int, int] = {}
    for signal in found:
        if signal.level == 1 and (signal.word.endswith("ed") or signal.word in _READ):
            reading.setdefault(signal.clause_start, signal.end)
    if not reading:
        return found
    rehearsal = _rehearsal_words()
    kept = []
    for signal in found:
        after = reading.get(signal.clause_start)
        describing = (
            after is not None
            and signal.level > 1
            and signal.start >= after
            and (signal.word.endswith("ing") or signal.word in rehearsal)
        )
        if not describing:
            kept.append(signal)
    return kept


_READ: Final = frozenset(("read", "reread", "re-read"))


@functools.cache
def _rehearsal_words() -> frozenset[str]:
    """The rehearsal words (``[levels.practice] rehearsal``), lowercase: one watched ("watched
    a mock interview video") is a video, not practice."""
    return frozenset(
        " ".join(word.lower().split()) for word in scope_data()["levels"]["practice"]["rehearsal"]
    )


_BEFORE_IMPERATIVE: Final = re.compile(r"(?:^|[:;,.(]|\b(?:and|then|&|\+))[ \t]*$")
_IMPERATIVE_REACH: Final = 12


def _imperative(text: str, start: int) -> bool:
    """Whether a base form at `start` of a done task is its verb: it opens the task, a clause
    or follows "and"/"then" ("[x] implement DPO", "DONE DPO: implement the loss and test
    it"); not a noun inside it ("DONE Docker cleanup on the build box")."""
    return _BEFORE_IMPERATIVE.search(text, max(0, start - _IMPERATIVE_REACH), start) is not None


def _technical(text: str, skip: tuple[int, int] = (0, 0)) -> bool:
    """Whether a line has technical context apart from skill names (and apart from the span
    `skip`, the mention being judged): a context word, a code span, a file name or path, a
    link to a code or paper host."""
    starts, ends, marked = _context_of(text)
    if marked:
        return True
    # Context words are in order and never overlap: those overlapping `skip` are a run.
    overlapping = bisect.bisect_left(starts, skip[1]) - bisect.bisect_right(ends, skip[0])
    return len(starts) - max(0, overlapping) > 0


@functools.lru_cache(maxsize=LINE_CACHE)
def _context_of(text: str) -> tuple[tuple[int, ...], tuple[int, ...], bool]:
    """Where a line's context words start and end, and whether it has other technical
    context (a code span, a file name or path, a link to a code or paper host)."""
    plain = masked(text)
    spans = _words().context.find(plain)
    starts = tuple(start for start, _, _ in spans)
    ends = tuple(end for _, end, _ in spans)
    if ("`" in plain and _CODE.search(plain)) or _PATH.search(plain):
        return starts, ends, True
    if "http" in text or "www." in text:
        hosts = _words().hosts
        return starts, ends, any(host in t for t in link_targets(text) for host in hosts)
    return starts, ends, False


class _Names(NamedTuple):
    """What a line's skill names say about each other, counted once per line."""

    vouching: dict[str, int]
    """Skill -> how many of its names need no context (marked, or no everyday word)."""
    forms: dict[str, set[str]]
    """Skill -> the ways the line writes it (casefolded)."""

    @classmethod
    def of(cls, mentions: Iterable[Mention], text: str) -> _Names:
        vouching: dict[str, int] = {}
        forms: dict[str, set[str]] = {}
        for m in mentions:
            if m.explicit or not m.ambiguous:
                vouching[m.skill.name] = vouching.get(m.skill.name, 0) + 1
            forms.setdefault(m.skill.name, set()).add(text[m.start : m.end].casefold())
        return cls(vouching, forms)

    def vouch_for(self, skill: str) -> bool:
        """Whether another skill of the line needs no context itself."""
        return any(name != skill for name in self.vouching)

    def twice(self, skill: str) -> bool:
        """Whether the line names `skill` two ways ("Prometheus alerting", "write up ... as a
        blog post"): two names of one skill vouch for each other."""
        return len(self.forms.get(skill, ())) > 1


def _has_context(
    mention: Mention, item: Item, names: _Names, parent: Item | None, taxonomy: Taxonomy
) -> bool:
    """Technical context for an ambiguous mention (see the module docstring)."""
    skill = mention.skill.name
    if names.vouch_for(skill) or names.twice(skill):
        return True
    if _technical(item.text, (mention.start, mention.end)):
        return True
    plain = masked(item.text)
    if _VERSION_AFTER.match(plain, mention.end):
        return True
    part = _PART_AFTER.match(plain, mention.end)
    if part is not None and part["word"].casefold() in _hygiene().parts:
        return True  # "the Rust book", "the [[Flask]] app": the product, by what it makes
    if parent is None:
        return False
    return _technical(parent.text) or bool(
        _Names.of(taxonomy.mentions(parent.text), parent.text).vouching
    )


def _day_tag_skills(entry: Entry, taxonomy: Taxonomy) -> frozenset[str]:
    """The skills the day's own tags name (front matter ``tags:``, Logseq ``tags::``): an
    everyday word of one of them needs no other context that day."""
    named = (taxonomy.find(tag.replace("-", " ").replace("_", " ")) for tag in entry.tags)
    return frozenset(skill.name for skill in named if skill is not None)


class _Level(NamedTuple):
    level: int
    signal: str
    rule: str


_LEADING_MARKER: Final = re.compile(r"^(?P<marker>[A-Z]{3,10})\b[ \t:]*")


def _marker(item: Item) -> tuple[str | None, int | None]:
    """The item's task marker and its level (`_Words.markers`). A Logseq marker at the start
    of a line counts in every format ("LATER write the retro" in an Obsidian note)."""
    markers = _words().markers
    if item.marker is not None:
        return item.marker, markers.get(item.marker, _DONE_MARK if item.checked else 0)
    found = _LEADING_MARKER.match(item.text)
    if found is not None and found["marker"] in markers:
        return found["marker"], markers[found["marker"]]
    return None, None


class _Facts(NamedTuple):
    """What every mention of one line is judged with, computed once per line."""

    item: Item
    text: str
    """The line, masked (URLs and link targets blanked)."""
    marker: str | None
    marked: int | None
    signals: tuple[_Signal, ...]
    """The writer's own level words, none inside a longer skill name."""
    by_clause: dict[int, _Signal]
    """The strongest of `signals` per clause (by its start), the first of equals."""
    by_sentence: dict[int, _Signal]
    """The same per sentence."""


def _facts(item: Item, text: str, mentions: Iterable[Mention]) -> _Facts:
    marker, marked = _marker(item)
    done = item.checked is True or marked == _DONE_MARK
    # A level word inside a longer name is no level word ("learning" in "learning rate
    # schedule", "sharded" in "fully sharded data parallel"); a name that is itself a level
    # word counts ("fine-tuned Qwen").
    names = sorted((m.start, m.end) for m in mentions)
    signals = []
    for signal in _signals(text, done):
        at = bisect.bisect_right(names, (signal.start, len(text))) - 1
        inside = any(
            start <= signal.start
            and signal.end <= end
            and (start, end) != (signal.start, signal.end)
            for start, end in names[max(0, at - 1) : at + 1]
        )
        if not inside:
            signals.append(signal)
    by_clause: dict[int, _Signal] = {}
    by_sentence: dict[int, _Signal] = {}
    for signal in signals:
        for best, at in (
            (by_clause, signal.clause_start),
            (by_sentence, sentence_start(text, signal.start)),
        ):
            known = best.get(at)
            if known is None or signal.level > known.level:
                best[at] = signal
    return _Facts(item, text, marker, marked, tuple(signals), by_clause, by_sentence)


def _level(
    facts: _Facts, clause: tuple[int, int] | None = None, plan: str | None = None
) -> _Level | None:
    """The level of a line (`clause` None: the line as a whole, what its children inherit) or
    of a mention in `clause` of it; `plan` the plan word of its clause. None: no level of its
    own."""
    item, marker, marked = facts.item, facts.marker, facts.marked
    if item.section == "goal":
        return _Level(0, "goal", "goal section")
    if marker is not None and marked == 0:
        return _Level(0, marker, "open task")
    if plan is not None:
        return _Level(0, plan, "plan")
    if marker is not None and marked == 2:
        return _Level(2, marker, "task in progress")
    if clause is None:
        top = max(facts.signals, key=lambda s: (s.level, -s.start), default=None)
        if top is not None:
            return _Level(top.level, top.word, "own words")
    else:
        # The skill's own clause first; failing that, its sentence ("implemented X, using
        # PyTorch"), never another sentence ("shipped the demo. Evals on GPT-4 next").
        own = facts.by_clause.get(clause[0])
        if own is not None:
            return _Level(own.level, own.word, "own words")
        near = facts.by_sentence.get(sentence_start(facts.text, clause[0]))
        if near is not None:
            return _Level(near.level, near.word, "line's words")
    if marker is not None and marked == _DONE_MARK:
        return _Level(2, marker, "done task")
    return None


def _parent_level(parent: Item, taxonomy: Taxonomy) -> _Level | None:
    """What a child line inherits: its parent's own level (never a grandparent's)."""
    if parent.quoted:
        return None
    text = masked(parent.text)
    claim = line_claim(text)
    if claim.negated or claim.other:
        return None
    if claim.planned and parent.section != "goal":
        return _Level(0, "plan", "plan")
    return _level(_facts(parent, text, taxonomy.mentions(parent.text)))


_PAST_FORM: Final = re.compile(r"(?:^|[^\w])[a-z]+[a-z]{2}ed$")
"""A name written as a past form, in lowercase ("fine-tuned", "red-teamed"; not
"DeepSpeed" or "... All You Need")."""


@functools.cache
def _continuation() -> re.Pattern[str]:
    """A child line that goes on with its parent's sentence (``[scope] continuations``)."""
    words_ = [re.escape(w) for w in scope_data()["scope"]["continuations"]]
    return re.compile(rf"^(?:{'|'.join(words_)})(?![^\W_])", re.IGNORECASE)


_WORD_CHAR: Final = re.compile(r"[^\W_]")


def _opens(text: str, clause_start: int, start: int) -> bool:
    """Whether no word stands between a clause's start and `start`."""
    return _WORD_CHAR.search(text, clause_start, start) is None


_VERB_AFTER: Final = re.compile(r"^[ \t]+(?P<word>[a-z]+)")


def _is_subject(facts: _Facts, mention: Mention, clause_start: int) -> bool:
    """Whether the mention opens its clause and a verb follows it ("vLLM shipped speculative
    decoding", "GPT-4 wrote the tests"): the skill did it, not the writer."""
    if not _opens(facts.text, clause_start, mention.start):
        return False
    after = _VERB_AFTER.match(facts.text[mention.end : mention.end + 40])
    if after is None:
        return False
    word = after["word"]
    return word in _past_verbs() or (len(word) > 4 and word.endswith("ed"))


@functools.cache
def _past_verbs() -> frozenset[str]:
    """One-word past forms of the level tables and common irregular ones."""
    found = {
        phrase
        for table in scope_data()["levels"].values()
        for phrase in table.get("done", [])
        if " " not in phrase and phrase.endswith("ed")
    }
    return frozenset(found | {"wrote", "made", "ran", "built", "did", "got", "won", "taught"})


def _mention_level(
    facts: _Facts,
    parent: Item | None,
    mention: Mention,
    taxonomy: Taxonomy,
    rehearsal: bool = False,
) -> _Level | None:
    """The level one mention supports, or None when it is not the writer's claim (`rehearsal`:
    the line is about a mock interview or a hiring process's exercise, which the writer
    did)."""
    text = facts.text
    scope = scope_at(text, mention.start, mention.end)
    if scope.other and not scope.inherited and _opens(text, scope.clause[0], mention.start):
        if mention.ambiguous:
            return None  # the clause's subject: "Adam (the postdoc) showed me ..." is a person
        scope = scope._replace(other=False, to_me=False)  # the skill itself, not a name
    if scope.to_me and not (
        scope.negated
        or scope.planned
        or scope.contrasted
        or scope.role
        or scope.quoted
        or scope.asked
    ):
        return _Level(1, "shown", "someone showed me")
    if not scope.credited:
        return None
    if parent is not None and _continuation().match(text):
        # "- Jo did the slides / - and the judge prompts": the child goes on with its
        # parent's sentence, and shares its subject and negation.
        claim = line_claim(masked(parent.text))
        if claim.negated or claim.other:
            return None
    own = _level(facts, scope.clause, scope.cue)
    if (scope.job or scope.work_role or scope.theirs) and own is None and not rehearsal:
        return None  # "applied for Research Engineer, Interpretability": a title
    if scope.denied and (
        own is None
        or own.rule != "own words"
        or not any(
            s.clause_start == scope.clause[0]
            and scope.denied_at is not None
            and s.end <= scope.denied_at
            and _PAST_FORM.search(s.word)
            for s in facts.signals
        )
    ):
        return None  # "the FSDP run has not started yet"
    if own is not None and own.level > 1 and _is_subject(facts, mention, scope.clause[0]):
        return _Level(1, own.signal, "the skill did it")  # "vLLM shipped ...": news of it
    if own is not None:
        return own
    written = text[mention.start : mention.end]
    if _PAST_FORM.search(written):
        # The skill named by its past form: "red-teamed my chatbot", "fine-tuned Qwen".
        return _Level(3, written.lower(), "own words")
    if parent is not None:
        inherited = taxonomy.parent_level(parent)
        if inherited is not None:
            return _Level(inherited.level, inherited.signal, "direct parent")
    return _Level(1, "mentioned", "mentioned")


class _Row(NamedTuple):
    skill: str
    level: int
    signal: str
    rule: str
    matched: str


_LineKey = tuple[str, str, bool | None, str | None, bool]
"""What evidence reads of a line: text, section, checked, marker, quoted."""


def _line_key(item: Item) -> _LineKey:
    return (item.text, item.section, item.checked, item.marker, item.quoted)


def _line_rows(
    taxonomy: Taxonomy, line: _LineKey, parent_line: _LineKey | None, tagged: frozenset[str]
) -> tuple[_Row, ...]:
    """The evidence of one line, given its direct parent and the skills the day's tags name:
    all it depends on (so it is remembered per taxonomy: journals repeat lines)."""
    item = Item(0, line[0], line[1], 0, None, *line[2:])
    parent = (
        None
        if parent_line is None
        else Item(0, parent_line[0], parent_line[1], 0, None, *parent_line[2:])
    )
    if item.quoted:
        return ()
    mentions = taxonomy.mentions(item.text)
    if not mentions:
        return ()
    marker, marked = _marker(item)
    if marker is not None and marked is None:
        return ()  # a cancelled task
    text = masked(item.text)
    facts = _facts(item, text, mentions)
    names = _Names.of(mentions, text)
    made = _hygiene().made
    mock = exercise = None
    for start, end, found in _named(text):
        written = " ".join(text[start:end].lower().split())
        if found.kind == "rehearsal" and mock is None:
            mock = written
        elif found.kind == "exercise" and exercise is None:
            exercise = written
    best: dict[str, _Row] = {}
    for mention in mentions:
        if (
            mention.ambiguous
            and not mention.explicit
            and mention.skill.name not in tagged
            and not _has_context(mention, item, names, parent, taxonomy)
        ):
            continue
        level = _mention_level(
            facts, parent, mention, taxonomy, mock is not None or exercise is not None
        )
        if level is None or (level.level == 1 and mention.skill.name in made):
            continue  # "reread the PPO blog post": someone else's writing
        if mock is not None and (level.level > 2 or level.rule == "mentioned"):
            level = _Level(2, mock, "rehearsal")  # "mock system design: designed a rate limiter"
        elif exercise is not None and level.rule == "mentioned":
            level = _Level(2, exercise, "interview exercise")  # "coding round: a ring buffer"
        known = best.get(mention.skill.name)
        if known is None or level.level > known.level:
            matched = item.text[mention.start : mention.end]
            best[mention.skill.name] = _Row(
                mention.skill.name, level.level, level.signal, level.rule, matched
            )
    return tuple(best.values())


def evidence(entry: Entry, taxonomy: Taxonomy) -> list[Evidence]:
    """One row per skill named on each line of `entry` that is the writer's claim, at the
    highest level its mentions support (see the module docstring)."""
    found: list[Evidence] = []
    tagged = _day_tag_skills(entry, taxonomy) if entry.tags else frozenset()
    items = entry.items
    rows_of = taxonomy.line_rows
    for index, item in enumerate(items):
        if item.quoted:
            continue
        parent = None if item.parent is None else _line_key(items[item.parent])
        found += [Evidence(index, *row) for row in rows_of(_line_key(item), parent, tagged)]
    return found
