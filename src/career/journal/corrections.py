"""The user's corrections of journal evidence (`career evidence reject|set|restore`) and the
personal stop-list (`career skills ignore|unignore`).

Every function takes an open Session (the stop-list's file edits need none) and returns data;
nothing here prints. Rules decided here:

- A correction is keyed by what survives a re-import: the skill's name, the day, and the line's
  text with whitespace collapsed and case folded (career.journal.vocab.line_key). A re-import of
  the unchanged day, of the day moved in its file, or after another day was edited keeps it; an
  edit of the line's words drops it (the correction stays recorded, and applies again if the
  words come back). It applies to every line of that day with that text.
- `reject` deletes the evidence at once; `set` gives it the user's level, with "set by you" as
  its signal and rule. A second correction of the same (skill, day, line) replaces the first;
  what the journal computed is kept with it, refreshed on each import.
- `restore` takes a correction back: the evidence is put back as the journal computed it when
  it was last imported (an import after a change of the taxonomy computes it again).
- Every id is checked before anything changes: one unknown id and nothing is done.
- `ignore` adds a word to the top-level `ignore = [...]` list of the user's skills file (kept
  otherwise as written, comments included) and deletes at once the evidence whose matched words
  are that word (case folded); `unignore` takes it off, and the next import finds the evidence
  again (the file is part of what the import's analysis is fingerprinted with). A file that is
  not valid TOML is an error and is not written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

import career.models  # noqa: F401  (the whole schema, for the ORM's foreign keys)
from career import clock
from career.db.engine import session_fetch
from career.errors import InvalidInput, NotFound
from career.journal import queries
from career.journal.importer import ignored_words
from career.journal.models import (
    EvidenceCorrection,
    JournalEntry,
    JournalItem,
    Skill,
    SkillEvidence,
)
from career.journal.views import Corrected, CorrectionView, EvidenceRow, IgnoreChange
from career.journal.vocab import SET_BY_USER, line_key, word_key

# --- reject, set, restore ------------------------------------------------------------------------


def _matching_evidence(session: Session, skill: str, day: date, key: str) -> list[int]:
    """Ids of the evidence of `skill` on `day` whose line's text has the key `key`."""
    rows = session.execute(
        select(SkillEvidence.id, JournalItem.text)
        .join(Skill, Skill.id == SkillEvidence.skill_id)
        .join(JournalItem, JournalItem.id == SkillEvidence.item_id)
        .where(Skill.name == skill, SkillEvidence.day == day)
    )
    return [evidence_id for evidence_id, text in rows if line_key(text) == key]


def _record(session: Session, row: EvidenceRow, action: str, level: int | None) -> int:
    """Record (or replace) the correction of `row`'s skill, day and line; its id."""
    key = line_key(row.text)
    found = session.scalar(
        select(EvidenceCorrection).where(
            EvidenceCorrection.day == row.day,
            EvidenceCorrection.line_key == key,
            EvidenceCorrection.skill == row.skill,
        )
    )
    if found is None:
        found = EvidenceCorrection(
            skill=row.skill,
            day=row.day,
            line_key=key,
            text=row.text,
            computed_level=row.level,
            computed_signal=row.signal,
            computed_rule=row.rule,
            computed_matched=row.matched,
        )
        session.add(found)
    found.action = action
    found.level = level
    found.text = row.text
    found.created_at = clock.now()
    session.flush()
    return found.id


def _views(session: Session, ids: Sequence[int]) -> list[CorrectionView]:
    return queries.corrections(session_fetch(session), ids)


def reject(session: Session, evidence_ids: Sequence[int]) -> Corrected:
    """Reject evidence: deleted now, and not evidence on any re-import of its line."""
    rows = queries.evidence_rows(session_fetch(session), evidence_ids)
    made: list[int] = []
    removed = 0
    for row in rows:
        if row.id in made:
            continue
        made.append(_record(session, row, "reject", None))
        gone = _matching_evidence(session, row.skill, row.day, line_key(row.text))
        if gone:
            session.execute(delete(SkillEvidence).where(SkillEvidence.id.in_(gone)))
            removed += len(gone)
    return Corrected(_views(session, list(dict.fromkeys(made))), removed=removed)


def set_level(session: Session, evidence_id: int, level: int) -> Corrected:
    """Set evidence to the user's level, now and on every re-import of its line."""
    if not 0 <= level <= 4:
        raise InvalidInput(f"a level is 0 to 4, not {level}")
    row = queries.evidence_rows(session_fetch(session), [evidence_id])[0]
    made = _record(session, row, "set", level)
    changed = _matching_evidence(session, row.skill, row.day, line_key(row.text))
    session.execute(
        update(SkillEvidence)
        .where(SkillEvidence.id.in_(changed))
        .values(level=level, signal=SET_BY_USER, rule=SET_BY_USER)
    )
    return Corrected(_views(session, [made]), changed=len(changed))


def _lines_of(session: Session, day: date, key: str) -> list[int]:
    """Ids of the lines of `day` (in any source) whose text has the key `key`."""
    rows = session.execute(
        select(JournalItem.id, JournalItem.text)
        .join(JournalEntry, JournalEntry.id == JournalItem.entry_id)
        .where(JournalEntry.day == day)
    )
    return [item_id for item_id, text in rows if line_key(text) == key]


def restore(session: Session, correction_ids: Sequence[int]) -> Corrected:
    """Take corrections back: the evidence is as the journal computed it again."""
    views = queries.corrections(session_fetch(session), correction_ids)
    changed = restored = 0
    for view in views:
        found = session.get(EvidenceCorrection, view.id)
        assert found is not None
        key = found.line_key
        computed = {
            "level": view.computed_level,
            "signal": view.computed_signal,
            "rule": view.computed_rule,
        }
        session.delete(found)
        session.flush()
        if view.action == "set":
            ids = _matching_evidence(session, view.skill, view.day, key)
            if ids:
                session.execute(
                    update(SkillEvidence).where(SkillEvidence.id.in_(ids)).values(**computed)
                )
            changed += len(ids)
            continue
        skill_id = session.scalar(select(Skill.id).where(Skill.name == view.skill))
        if skill_id is None:
            continue
        items = _lines_of(session, view.day, key)
        have = set(
            session.scalars(
                select(SkillEvidence.item_id).where(
                    SkillEvidence.skill_id == skill_id, SkillEvidence.item_id.in_(items)
                )
            )
        )
        rows: list[dict[str, Any]] = [
            {
                "skill_id": skill_id,
                "item_id": item_id,
                "day": view.day,
                "matched": view.computed_matched,
                **computed,
            }
            for item_id in items
            if item_id not in have
        ]
        if rows:
            session.execute(insert(SkillEvidence), rows)
        restored += len(rows)
    return Corrected(views, changed=changed, restored=restored)


# --- the stop-list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IgnoreEdit:
    """The skills file's text with a word added to (or taken off) its stop-list, checked before
    the database is opened; `text` is None when nothing changes."""

    path: Path
    word: str
    words: list[str]
    text: str | None


def checked_word(word: str) -> str:
    """A word for the stop-list: some text, on one line, spacing collapsed."""
    if any(ord(c) < 32 or ord(c) == 127 for c in word):
        raise InvalidInput("a word to ignore is one line of text, without control characters")
    cleaned = " ".join(word.split())
    if not cleaned:
        raise InvalidInput("give a word to ignore")
    if len(cleaned) > 200:
        raise InvalidInput("a word to ignore is at most 200 characters")
    return cleaned


def plan_ignore(path: Path, word: str, *, add: bool) -> IgnoreEdit:
    """The skills file at `path` with `word` added to its stop-list (or, `add` false, taken
    off it). The file must be valid TOML and its `ignore` a list of texts; NotFound when the
    word to take off is not listed."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    word = checked_word(word)
    current = ignored_words(path)  # checks the file as the importer reads it
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as error:
        raise InvalidInput(f"{path}: not valid TOML: {error}") from None
    listed = [w for w in current if word_key(w) == word_key(word)]
    if add and listed:
        return IgnoreEdit(path, listed[0], current, None)
    if not add and not listed:
        raise NotFound(f"{word!r} is not ignored (see 'career skills ignored')")
    words = [*current, word] if add else [w for w in current if word_key(w) != word_key(word)]
    array: Any = document.get("ignore")
    if array is None:
        array = tomlkit.array()
        array.append(word)
        array.comment("words that never name a skill (career skills ignore)")
        document["ignore"] = array
    elif add:
        array.append(word)
    else:
        for n in reversed(range(len(array))):
            if word_key(str(array[n])) == word_key(word):
                del array[n]
    edited = tomlkit.dumps(document)
    return IgnoreEdit(path, word, words, edited if edited.endswith("\n") else edited + "\n")


def write_ignore(edit: IgnoreEdit) -> None:
    """Write the edited skills file atomically (0600)."""
    from career import paths
    from career.files import write_private

    if edit.text is not None:
        paths.ensure_private_dir(edit.path.parent)
        write_private(edit.path, edit.text, force=True)


def ignore(session: Session, edit: IgnoreEdit) -> IgnoreChange:
    """Apply a planned `ignore`: delete the evidence the word named, then write the file (last,
    so that a failed write leaves the evidence as it was)."""
    key = word_key(edit.word)
    gone = [
        evidence_id
        for evidence_id, matched in session.execute(
            select(SkillEvidence.id, SkillEvidence.matched).where(SkillEvidence.matched != "")
        )
        if word_key(matched) == key
    ]
    for start in range(0, len(gone), 500):
        chunk = gone[start : start + 500]
        session.execute(delete(SkillEvidence).where(SkillEvidence.id.in_(chunk)))
    session.flush()
    write_ignore(edit)
    return IgnoreChange(edit.words, edit.text is not None, removed=len(gone))
