"""The user's corrections of journal evidence (`career evidence reject|set|restore`) and the
personal stop-list (`career skills ignore|unignore`).

Every function takes an `Sql` (career.db.sql; the stop-list's file edits need none) and returns
data; nothing here prints, and nothing here imports SQLAlchemy. Rules decided here:

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

from career import clock
from career.db.fetch import as_date
from career.db.sql import Sql
from career.errors import InvalidInput, NotFound
from career.journal import queries
from career.journal.importer import ignored_words
from career.journal.views import Corrected, EvidenceRow, IgnoreChange
from career.journal.vocab import SET_BY_USER, line_key, word_key

# --- reject, set, restore ------------------------------------------------------------------------


def _matching_evidence(sql: Sql, skill: str, day: date, key: str) -> list[int]:
    """Ids of the evidence of `skill` on `day` whose line's text has the key `key`."""
    rows = sql.rows(
        "SELECT v.id, i.text FROM skill_evidence v JOIN skills k ON k.id = v.skill_id "
        "JOIN journal_items i ON i.id = v.item_id WHERE k.name = :skill AND v.day = :day",
        {"skill": skill, "day": day},
    )
    return [int(evidence_id) for evidence_id, text in rows if line_key(text) == key]


def _record(sql: Sql, row: EvidenceRow, action: str, level: int | None) -> int:
    """Record (or replace) the correction of `row`'s skill, day and line; its id."""
    key = line_key(row.text)
    found = sql.value(
        "SELECT id FROM evidence_corrections WHERE day = :day AND line_key = :key "
        "AND skill = :skill",
        {"day": row.day, "key": key, "skill": row.skill},
    )
    values = {"action": action, "level": level, "text": row.text, "now": clock.now()}
    if found is not None:
        sql.write(
            "UPDATE evidence_corrections SET action = :action, level = :level, text = :text, "
            "created_at = :now WHERE id = :id",
            {**values, "id": found},
        )
        return int(found)
    return int(
        sql.write(
            "INSERT INTO evidence_corrections (skill, day, line_key, text, action, level, "
            "computed_level, computed_signal, computed_rule, computed_matched, created_at) "
            "VALUES (:skill, :day, :key, :text, :action, :level, :c_level, :c_signal, :c_rule, "
            ":c_matched, :now) RETURNING id",
            {
                **values,
                "skill": row.skill,
                "day": row.day,
                "key": key,
                "c_level": row.level,
                "c_signal": row.signal,
                "c_rule": row.rule,
                "c_matched": row.matched,
            },
        )[0][0]
    )


def reject(sql: Sql, evidence_ids: Sequence[int]) -> Corrected:
    """Reject evidence: deleted now, and not evidence on any re-import of its line."""
    rows = queries.evidence_rows(sql, evidence_ids)
    made: list[int] = []
    removed = 0
    for row in rows:
        if row.id in made:
            continue
        made.append(_record(sql, row, "reject", None))
        gone = _matching_evidence(sql, row.skill, row.day, line_key(row.text))
        sql.write_in("DELETE FROM skill_evidence WHERE id IN {}", gone)
        removed += len(gone)
    return Corrected(queries.corrections(sql, list(dict.fromkeys(made))), removed=removed)


def set_level(sql: Sql, evidence_id: int, level: int) -> Corrected:
    """Set evidence to the user's level, now and on every re-import of its line."""
    if not 0 <= level <= 4:
        raise InvalidInput(f"a level is 0 to 4, not {level}")
    row = queries.evidence_rows(sql, [evidence_id])[0]
    made = _record(sql, row, "set", level)
    changed = _matching_evidence(sql, row.skill, row.day, line_key(row.text))
    sql.write_in(
        "UPDATE skill_evidence SET level = :level, signal = :set_by, rule = :set_by WHERE id IN {}",
        changed,
        level=level,
        set_by=SET_BY_USER,
    )
    return Corrected(queries.corrections(sql, [made]), changed=len(changed))


def _lines_of(sql: Sql, day: date, key: str) -> list[int]:
    """Ids of the lines of `day` (in any source) whose text has the key `key`."""
    rows = sql.rows(
        "SELECT i.id, i.text FROM journal_items i JOIN journal_entries e ON e.id = i.entry_id "
        "WHERE e.day = :day",
        {"day": day},
    )
    return [int(item_id) for item_id, text in rows if line_key(text) == key]


def restore(sql: Sql, correction_ids: Sequence[int]) -> Corrected:
    """Take corrections back: the evidence is as the journal computed it again."""
    views = queries.corrections(sql, correction_ids)
    changed = restored = 0
    for view in views:
        key = sql.value("SELECT line_key FROM evidence_corrections WHERE id = :id", {"id": view.id})
        computed = {
            "level": view.computed_level,
            "signal": view.computed_signal,
            "rule": view.computed_rule,
        }
        sql.write("DELETE FROM evidence_corrections WHERE id = :id", {"id": view.id})
        if view.action == "set":
            ids = _matching_evidence(sql, view.skill, view.day, key)
            sql.write_in(
                "UPDATE skill_evidence SET level = :level, signal = :signal, rule = :rule "
                "WHERE id IN {}",
                ids,
                **computed,
            )
            changed += len(ids)
            continue
        skill_id = sql.value("SELECT id FROM skills WHERE name = :name", {"name": view.skill})
        if skill_id is None:
            continue
        items = _lines_of(sql, view.day, key)
        have = {
            int(row[0])
            for row in sql.rows_in(
                "SELECT item_id FROM skill_evidence WHERE skill_id = :skill AND item_id IN {}",
                items,
                skill=skill_id,
            )
        }
        rows = [
            (
                skill_id,
                item_id,
                as_date(view.day),
                view.computed_level,
                view.computed_signal,
                view.computed_rule,
                view.computed_matched,
            )
            for item_id in items
            if item_id not in have
        ]
        sql.insert_rows(
            "skill_evidence",
            ("skill_id", "item_id", "day", "level", "signal", "rule", "matched"),
            rows,
        )
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


def ignore(sql: Sql, edit: IgnoreEdit) -> IgnoreChange:
    """Apply a planned `ignore`: delete the evidence the word named, then write the file (last,
    so that a failed write leaves the evidence as it was)."""
    key = word_key(edit.word)
    gone = [
        int(evidence_id)
        for evidence_id, matched in sql.rows(
            "SELECT id, matched FROM skill_evidence WHERE matched <> ''"
        )
        if word_key(matched) == key
    ]
    sql.write_in("DELETE FROM skill_evidence WHERE id IN {}", gone)
    write_ignore(edit)
    return IgnoreChange(edit.words, edit.text is not None, removed=len(gone))
