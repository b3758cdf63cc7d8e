"""Score the journal skill extractor against the hand-labelled lines of benchmarks/evidence/.

Pure and fast: no database. Each case of ``tune/*.txt`` and ``heldout/*.txt`` is stripped of its
annotations, parsed with `career.journal.parser.parse` as one day's file (or a daily log), and
every entry goes through `career.journal.skills.evidence` with the shipped taxonomy only. The
predicted (line, skill) -> level pairs are compared with the labelled ones:

- precision: right (line, skill) pairs / predicted pairs
- recall: right (line, skill) pairs / expected pairs
- level accuracy: right pairs with the right level / right pairs

Usage (from the repository root)::

    .venv/bin/python benchmarks/evidence/score.py                 # both splits, a table each
    .venv/bin/python benchmarks/evidence/score.py --split tune --errors
    .venv/bin/python benchmarks/evidence/score.py --check         # exit 1 below the thresholds
    .venv/bin/python benchmarks/evidence/score.py --format json

Exit status: 0; 1 with ``--check`` when an overall figure of a shown split is below its
threshold; 2 when the case files are malformed (the message names the file and line).
The format of the case files is described in README.md beside this file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final, NamedTuple

from career.errors import InvalidInput
from career.journal.document import Entry, SourceFile
from career.journal.parser import parse
from career.journal.skills import Evidence, Taxonomy, evidence, load_taxonomy

ROOT: Final = Path(__file__).resolve().parent
SPLITS: Final = ("tune", "heldout")
FORMATS: Final = ("obsidian", "logseq", "daily-log")
CATEGORIES: Final = (
    "ml",
    "software",
    "jobsearch",
    "everyday",
    "negation",
    "plans",
    "others",
    "comparison",
    "nesting",
    "markers",
    "tags-links",
    "quoted",
)
LEVELS: Final = ("intent", "exposure", "practice", "applied", "delivered")
THRESHOLDS: Final = {"precision": 0.95, "recall": 0.85, "level accuracy": 0.90}
DAY: Final = date(2024, 4, 19)
FILE_NAMES: Final = {"obsidian": "2024-04-19.md", "logseq": "2024_04_19.md", "daily-log": "log.md"}

_HEADER: Final = re.compile(r"^###\s+case\b(?P<rest>.*)$")
_DAY_LINE: Final = re.compile(r"^\s*\[\[\d{4}-\d{2}-\d{2}\]\]\s*$")
_MARK: Final = " ==>"


class CaseError(Exception):
    """A malformed case file: the message names the file and the line."""


@dataclass(frozen=True)
class Case:
    """One labelled journal day (or daily-log excerpt)."""

    id: str
    format: str
    category: str
    split: str
    file: str
    """Where the case is, relative to the evidence folder (``tune/ml.txt``)."""
    first: int
    """Line of the case's first text line in `file` (its line 1)."""
    text: str
    """The journal text with every annotation removed."""
    lines: tuple[str, ...]
    """`text` split into lines (index 0 is line 1)."""
    labels: dict[tuple[int, str], int]
    """(1-based line in `text`, skill name) -> level 0..4."""

    @property
    def counted_lines(self) -> int:
        """Lines that hold something (blank lines are not counted)."""
        return sum(1 for line in self.lines if line.strip())


@dataclass(frozen=True)
class Miss:
    """One disagreement between the labels and the extractor."""

    kind: str
    """"false positive", "false negative" or "wrong level"."""
    case: Case
    line: int
    skill: str
    expected: int | None
    got: int | None
    why: str = ""
    """For a prediction: the rule and the signal the extractor gave."""

    @property
    def where(self) -> str:
        return f"{self.case.file}:{self.case.first + self.line - 1}"

    @property
    def text(self) -> str:
        return self.case.lines[self.line - 1]


@dataclass
class Tally:
    """Counts for one row of the table."""

    lines: int = 0
    expected: int = 0
    predicted: int = 0
    correct: int = 0
    right_level: int = 0

    def add(self, other: Tally) -> None:
        self.lines += other.lines
        self.expected += other.expected
        self.predicted += other.predicted
        self.correct += other.correct
        self.right_level += other.right_level

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.expected if self.expected else None

    @property
    def level_accuracy(self) -> float | None:
        return self.right_level / self.correct if self.correct else None

    def figures(self) -> dict[str, float | None]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "level accuracy": self.level_accuracy,
        }


@dataclass
class Result:
    """The score of one split."""

    split: str
    rows: dict[str, Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)
    misses: list[Miss] = field(default_factory=list)

    def failures(self) -> list[str]:
        """The overall figures below their thresholds, in words."""
        failed = []
        for name, value in self.overall.figures().items():
            if value is not None and value < THRESHOLDS[name]:
                failed.append(f"{self.split}: {name} {value:.3f} < {THRESHOLDS[name]:.2f}")
        return failed


# --- reading the case files ------------------------------------------------------------------


def split_annotation(line: str) -> tuple[str, str | None]:
    """The journal text of `line` and its annotation (None when it has none)."""
    at = line.rfind(_MARK)
    while at >= 0:
        rest = line[at + len(_MARK) :]
        if rest == "" or rest[0] in " \t":
            return line[:at].rstrip(" \t"), rest.strip()
        at = line.rfind(_MARK, 0, at)
    return line, None


def parse_labels(annotation: str, taxonomy: Taxonomy, where: str) -> dict[str, int]:
    """``Skill: level; Skill: level`` as skill name -> level; CaseError on anything unknown."""
    labels: dict[str, int] = {}
    if not annotation:
        return labels
    known = {s.name for s in taxonomy.skills}
    for part in annotation.split(";"):
        pair = part.strip()
        if not pair:
            raise CaseError(f"{where}: empty label in {annotation!r}")
        skill, colon, level = pair.rpartition(":")
        skill, level = skill.strip(), level.strip().lower()
        if not colon or not skill:
            raise CaseError(f"{where}: label {pair!r} is not 'Skill: level'")
        if skill not in known:
            found = taxonomy.find(skill)
            hint = f" (did you mean {found.name!r}?)" if found is not None else ""
            raise CaseError(f"{where}: unknown skill {skill!r}{hint}")
        if level not in LEVELS:
            raise CaseError(
                f"{where}: unknown level {level!r} for {skill!r} (one of {', '.join(LEVELS)})"
            )
        if skill in labels:
            raise CaseError(f"{where}: {skill!r} is labelled twice on one line")
        labels[skill] = LEVELS.index(level)
    return labels


def _case(
    header: tuple[int, str],
    body: list[tuple[int, str]],
    split: str,
    file: str,
    taxonomy: Taxonomy,
) -> Case:
    number, line = header
    where = f"{file}:{number}"
    match = _HEADER.match(line)
    words = match.group("rest").split() if match else []
    if len(words) != 3:
        raise CaseError(f"{where}: a header is '### case <id> <format> <category>': {line!r}")
    case_id, fmt, category = words
    if fmt not in FORMATS:
        raise CaseError(f"{where}: unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if category not in CATEGORIES:
        raise CaseError(f"{where}: unknown category {category!r} (one of {', '.join(CATEGORIES)})")
    while body and not body[-1][1].strip():
        body.pop()
    if not body:
        raise CaseError(f"{where}: case {case_id} has no lines")
    texts: list[str] = []
    labels: dict[tuple[int, str], int] = {}
    for index, (at, raw) in enumerate(body, start=1):
        text, annotation = split_annotation(raw)
        texts.append(text)
        if annotation is not None:
            for skill, level in parse_labels(annotation, taxonomy, f"{file}:{at}").items():
                labels[(index, skill)] = level
    if fmt == "daily-log" and not _DAY_LINE.match(texts[0]):
        raise CaseError(f"{file}:{body[0][0]}: a daily-log case starts with a [[YYYY-MM-DD]] line")
    return Case(
        id=case_id,
        format=fmt,
        category=category,
        split=split,
        file=file,
        first=body[0][0],
        text="\n".join(texts) + "\n",
        lines=tuple(texts),
        labels=labels,
    )


def read_cases(path: Path, split: str, taxonomy: Taxonomy, name: str | None = None) -> list[Case]:
    """The cases of one file. Lines before the first header may only be blank or comments
    (``#`` lines that are not a case header)."""
    file = name or path.name
    cases: list[Case] = []
    header: tuple[int, str] | None = None
    body: list[tuple[int, str]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if line.startswith("###") and _HEADER.match(line):
            if header is not None:
                cases.append(_case(header, body, split, file, taxonomy))
            header, body = (number, line), []
        elif header is None:
            if line.strip() and not line.startswith("#"):
                raise CaseError(f"{file}:{number}: text before the first '### case' header")
        elif header is not None:
            body.append((number, line))
    if header is not None:
        cases.append(_case(header, body, split, file, taxonomy))
    return cases


def load_split(root: Path, split: str, taxonomy: Taxonomy) -> list[Case]:
    """Every case of ``root/split/*.txt``; ids are unique within the split."""
    folder = root / split
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise CaseError(f"{folder}: no case files (*.txt)")
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for path in files:
        for case in read_cases(path, split, taxonomy, f"{split}/{path.name}"):
            if case.id in seen:
                raise CaseError(
                    f"{case.file}:{case.first - 1}: case id {case.id!r} also in {seen[case.id]}"
                )
            seen[case.id] = f"{case.file}:{case.first - 1}"
            cases.append(case)
    return cases


# --- scoring ---------------------------------------------------------------------------------


class Prediction(NamedTuple):
    """What the extractor said about one (line, skill)."""

    level: int
    why: str
    """The rule and the signal that set the level, for ``--errors``."""


Predictor = Callable[[Case], dict[tuple[int, str], Prediction]]
"""Gives the predicted (line, skill) -> level of a case."""


def extractor(taxonomy: Taxonomy) -> Predictor:
    """The predictor under test: the journal parser and `career.journal.skills.evidence`."""

    def predict(case: Case) -> dict[tuple[int, str], Prediction]:
        name = FILE_NAMES[case.format]
        source = SourceFile(path=Path("/eval") / name, name=name, format=case.format, day=DAY)
        try:
            entries: list[Entry] = parse(case.text, source)
        except InvalidInput as error:
            raise CaseError(f"{case.file}:{case.first - 1}: case {case.id}: {error}") from None
        found: dict[tuple[int, str], Prediction] = {}
        for entry in entries:
            for row in evidence(entry, taxonomy):
                key = (entry.items[row.item].line, row.skill)
                if key not in found or found[key].level < row.level:
                    found[key] = Prediction(row.level, _why(row))
        return found

    return predict


def _why(row: Evidence) -> str:
    rule = getattr(row, "rule", "")
    return f"{rule}: {row.signal!r}" if rule else repr(row.signal)


def score(split: str, cases: Iterable[Case], predict: Predictor) -> Result:
    """The table rows (one per category, in `CATEGORIES` order) and every miss of `cases`."""
    result = Result(split)
    rows: dict[str, Tally] = {}
    for case in cases:
        tally = rows.setdefault(case.category, Tally())
        found = predict(case)
        tally.lines += case.counted_lines
        tally.expected += len(case.labels)
        tally.predicted += len(found)
        for key in sorted(set(case.labels) | set(found)):
            line, skill = key
            want = case.labels.get(key)
            row = found.get(key)
            got = row.level if row is not None else None
            why = row.why if row is not None else ""
            if want is not None and got is not None:
                tally.correct += 1
                if want == got:
                    tally.right_level += 1
                else:
                    result.misses.append(Miss("wrong level", case, line, skill, want, got, why))
            elif got is not None:
                result.misses.append(Miss("false positive", case, line, skill, None, got, why))
            else:
                result.misses.append(Miss("false negative", case, line, skill, want, None))
    result.rows = {name: rows[name] for name in CATEGORIES if name in rows}
    for tally in result.rows.values():
        result.overall.add(tally)
    return result


# --- output ----------------------------------------------------------------------------------


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _level(value: int | None) -> str:
    return "-" if value is None else LEVELS[value]


def table(result: Result) -> list[str]:
    """The split's table: a row per category and an overall row, plain aligned columns."""
    headings = ("category", "lines", "expected", "predicted", "precision", "recall", "level acc")
    cells = [
        [
            name,
            str(t.lines),
            str(t.expected),
            str(t.predicted),
            _rate(t.precision),
            _rate(t.recall),
            _rate(t.level_accuracy),
        ]
        for name, t in [*result.rows.items(), ("overall", result.overall)]
    ]
    widths = [max(len(row[i]) for row in [list(headings), *cells]) for i in range(len(headings))]

    def render(row: Sequence[str]) -> str:
        first = row[0].ljust(widths[0])
        rest = [value.rjust(width) for value, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest])

    rule = "-" * len(render(headings))
    return [
        f"{result.split}",
        render(headings),
        rule,
        *[render(row) for row in cells[:-1]],
        rule,
        render(cells[-1]),
    ]


def error_lines(result: Result) -> list[str]:
    """Every miss of the split, grouped by kind, easy to read while tuning."""
    out: list[str] = []
    for kind in ("false positive", "false negative", "wrong level"):
        misses = [miss for miss in result.misses if miss.kind == kind]
        out.append(f"{result.split}: {len(misses)} {kind}{'s' if len(misses) != 1 else ''}")
        for miss in misses:
            out.append(
                f"  {miss.case.id} line {miss.line} ({miss.where}) {miss.skill}: "
                f"expected {_level(miss.expected)}, got {_level(miss.got)}"
                + (f"  [{miss.why}]" if miss.why else "")
            )
            out.append(f"      | {miss.text.strip()}")
    return out


def _tally_json(tally: Tally) -> dict[str, Any]:
    return {
        "lines": tally.lines,
        "expected": tally.expected,
        "predicted": tally.predicted,
        "correct": tally.correct,
        "right_level": tally.right_level,
        "precision": tally.precision,
        "recall": tally.recall,
        "level_accuracy": tally.level_accuracy,
    }


def to_json(results: Sequence[Result], errors: bool) -> dict[str, Any]:
    document: dict[str, Any] = {
        "thresholds": dict(THRESHOLDS),
        "splits": {
            result.split: {
                "categories": {name: _tally_json(t) for name, t in result.rows.items()},
                "overall": _tally_json(result.overall),
                "failures": result.failures(),
            }
            for result in results
        },
    }
    if errors:
        document["errors"] = [
            {
                "split": miss.case.split,
                "kind": miss.kind,
                "case": miss.case.id,
                "category": miss.case.category,
                "line": miss.line,
                "where": miss.where,
                "text": miss.text,
                "skill": miss.skill,
                "expected": _level(miss.expected) if miss.expected is not None else None,
                "got": _level(miss.got) if miss.got is not None else None,
                "why": miss.why or None,
            }
            for result in results
            for miss in result.misses
        ]
    return document


# --- command line ----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="score.py", description="Score journal skill evidence against the labelled lines."
    )
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    parser.add_argument("--check", action="store_true", help="exit 1 below the thresholds")
    parser.add_argument("--errors", action="store_true", help="list every miss")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--root", type=Path, default=ROOT, help="the folder holding the splits")
    args = parser.parse_args(argv)
    splits = SPLITS if args.split == "all" else (args.split,)
    try:
        taxonomy = load_taxonomy(None)
        predict = extractor(taxonomy)
        results = [
            score(split, load_split(args.root, split, taxonomy), predict) for split in splits
        ]
    except (CaseError, InvalidInput, OSError, UnicodeDecodeError) as error:
        print(f"score.py: error: {error}", file=sys.stderr)
        return 2
    failures = [failure for result in results for failure in result.failures()]
    if args.format == "json":
        print(json.dumps(to_json(results, args.errors), indent=2))
    else:
        out: list[str] = []
        for result in results:
            out += [*table(result), ""]
        if args.errors:
            for result in results:
                out += [*error_lines(result), ""]
        print("\n".join(out).rstrip("\n"))
    if args.check and failures:
        for failure in failures:
            print(f"score.py: below threshold: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
