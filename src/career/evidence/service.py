"""Writes of the evidence domain: the skills an application asks for, and job postings.

Every function takes an `Sql` (career.db.sql) and returns data; nothing here prints, and nothing
here imports SQLAlchemy. Rules decided here:

- A skill name is matched to the taxonomy (the shipped one and the user's own file, see
  career.journal.skills) by name or alias, ignoring case: "PEFT" and "LoRA" name the skill the
  taxonomy records them under, and the application asks for that skill. A name the taxonomy
  does not know is kept as a skill of the user's own (category "other"), with a warning, so
  that `career gaps` still shows it.
- Adding a skill the application already asks for changes nothing; removing one it does not
  ask for is an error, and so nothing changes. Adds and removes happen in one transaction.
- A captured posting (`add-application --from`, `app import-job`; what it holds and which
  fields win is career.capture) is recorded with the skills it asks for in one transaction
  (`add_with_skills`): an active application for the same organization and role, or one from
  the same posting, is refused as `add-application` refuses it, unless forced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from career.db.sql import Sql
from career.errors import InvalidInput, NotFound
from career.pipeline import writes

if TYPE_CHECKING:
    from career.journal.skills import Taxonomy

USER_CATEGORY = "other"
MAX_NAME = 200


@dataclass(frozen=True)
class Resolved:
    name: str
    category: str
    known: bool  # in the taxonomy


def resolve(taxonomy: Taxonomy, name: str) -> Resolved:
    """The skill `name` means: the taxonomy's, else a new one of the user's own."""
    text = " ".join(name.split())
    if not text:
        raise InvalidInput("a skill name cannot be empty")
    if len(text) > MAX_NAME:
        raise InvalidInput(f"a skill name can be at most {MAX_NAME} characters")
    found = taxonomy.find(text)
    if found is not None:
        return Resolved(found.name, found.category, True)
    return Resolved(text, USER_CATEGORY, False)


def _skill_ids(sql: Sql, skills: Sequence[Resolved]) -> dict[str, int]:
    """The skills rows of `skills` by folded name, created when missing: every row read once
    and the new ones written together, so a posting of thousands of skills costs one query
    and one statement (names compared with `casefold` in Python: SQL LOWER folds only ASCII,
    and "Écriture" must find itself)."""
    ids = {
        str(name).casefold(): int(skill_id)
        for skill_id, name in sql.rows("SELECT id, name FROM skills ORDER BY id DESC")
    }
    created: dict[str, Resolved] = {}
    for skill in skills:
        key = skill.name.casefold()
        if key not in ids and key not in created:
            created[key] = skill
    if created:
        sql.insert_rows(
            "skills",
            ("name", "category", "user_defined"),
            [(s.name, s.category, not s.known) for s in created.values()],
        )
        names = {s.name: key for key, s in created.items()}
        for skill_id, name in sql.rows_in(
            "SELECT id, name FROM skills WHERE name IN {}", list(names)
        ):
            ids[names[name]] = int(skill_id)
    return ids


def _unknown_warning(skills: Sequence[Resolved]) -> list[str]:
    unknown = [s.name for s in skills if not s.known]
    if not unknown:
        return []
    names = ", ".join(repr(n) for n in unknown)
    return [
        f"not in the skills taxonomy, kept as skills of your own: {names} "
        "(add aliases in the file `career skills path` names)"
    ]


@dataclass(frozen=True)
class SkillChange:
    skills: list[str]  # what the application asks for now, in order
    added: list[str]
    removed: list[str]
    warnings: list[str]


def _asked(sql: Sql, application_id: int) -> list[tuple[int, str, int]]:
    rows = sql.rows(
        "SELECT a.skill_id, k.name, a.position FROM application_skills a "
        "JOIN skills k ON k.id = a.skill_id WHERE a.application_id = :id ORDER BY a.position",
        {"id": application_id},
    )
    return [(int(r[0]), str(r[1]), int(r[2])) for r in rows]


def change_skills(
    sql: Sql,
    application_id: int,
    taxonomy: Taxonomy,
    *,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
) -> SkillChange:
    """Add and remove the skills application `application_id` asks for."""
    if sql.one("SELECT id FROM applications WHERE id = :id", {"id": application_id}) is None:
        raise NotFound(f"no application #{application_id}")
    to_add = [resolve(taxonomy, name) for name in add]
    to_remove = [resolve(taxonomy, name) for name in remove]
    asked = _asked(sql, application_id)
    by_name = {name.casefold(): (skill_id, name) for skill_id, name, _ in asked}
    missing = [r.name for r in to_remove if r.name.casefold() not in by_name]
    if missing:
        raise NotFound(
            f"application #{application_id} does not ask for " + ", ".join(repr(n) for n in missing)
        )
    removed: list[str] = []
    for skill in to_remove:
        skill_id, name = by_name.pop(skill.name.casefold())
        sql.write(
            "DELETE FROM application_skills WHERE application_id = :app AND skill_id = :skill",
            {"app": application_id, "skill": skill_id},
        )
        removed.append(name)
    position = max((p for _, _, p in asked), default=0)
    added: list[str] = []
    fresh = [skill for skill in to_add if skill.name.casefold() not in by_name]
    ids = _skill_ids(sql, fresh) if fresh else {}
    rows: list[tuple[int, int, int]] = []
    for skill in to_add:
        if skill.name.casefold() in by_name:
            continue
        skill_id = ids[skill.name.casefold()]
        position += 1
        rows.append((application_id, skill_id, position))
        by_name[skill.name.casefold()] = (skill_id, skill.name)
        added.append(skill.name)
    sql.insert_rows("application_skills", ("application_id", "skill_id", "position"), rows)
    now = [name for _, name, _ in _asked(sql, application_id)]
    return SkillChange(now, added, removed, _unknown_warning([s for s in to_add if not s.known]))


@dataclass(frozen=True)
class ImportedJob:
    added: writes.Added
    skills: list[str]
    warnings: list[str]


def add_with_skills(
    sql: Sql,
    new: writes.NewApplication,
    skills: Sequence[str],
    taxonomy: Taxonomy,
    *,
    force: bool = False,
) -> ImportedJob:
    """Record `new` (a captured posting, see career.capture) with the skills it asks for, in
    the caller's transaction."""
    added = writes.add_application(sql, new, force=force)
    change = change_skills(sql, added.application.id, taxonomy, add=skills)
    return ImportedJob(added, change.skills, added.warnings + change.warnings)
