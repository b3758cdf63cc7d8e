"""`career export contacts` and `career import contacts`: the service side.

Rules decided here:

- Export reads every contact in id order on a read connection (portable SQL through a
  `Fetch`), with its own cadence (`every_days`).
- Import checks every contact of the file as `add-contact` would (name, email, lengths,
  cadence) before anything is written: one problem and nothing is imported. Then, in one
  transaction, each is added with its organization found by name or alias, or created (with
  the pipeline's near-duplicate warning).
- Nothing is ever merged. A contact identical to one recorded (the same name, compared as
  organization names are, the same email and the same organization, or one in the file
  before it) is skipped and reported, so importing a file twice adds nothing. A new contact
  whose name looks like one recorded or one earlier in the file (`pipeline.vocab` near-duplicate
  rule: containment or difflib's ratio) is added and warned about, naming the look-alikes.
- `--dry-run` makes the same plan on a read connection and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from career.db.fetch import Fetch
from career.errors import InvalidInput
from career.people.cards import CardContact, FileProblems

if TYPE_CHECKING:
    from career.db.sql import Sql
    from career.people.service import NewContact

EXPORT = """
SELECT c.id, c.name, o.name, c.role, c.email, c.url, c.notes, c.every_days
FROM contacts c
LEFT JOIN organizations o ON o.id = c.organization_id
ORDER BY c.id
"""


def export_rows(fetch: Fetch) -> list[dict[str, Any]]:
    """Every contact as the export's record (`cards.FIELDS`), in id order."""
    from career.people.cards import FIELDS

    return [
        dict(
            zip(FIELDS, (int(r[0]), *r[1:7], int(r[7]) if r[7] is not None else None), strict=True)
        )
        for r in fetch(EXPORT, {})
    ]


def _key(name: str) -> str:
    from career.pipeline.vocab import name_key

    return name_key(name)


@dataclass
class Plan:
    """What an import does: contacts to add (with warnings), contacts already recorded."""

    add: list[tuple[NewContact, int | None]] = field(default_factory=list)
    skip: list[tuple[CardContact, str]] = field(default_factory=list)  # and why
    warnings: list[str] = field(default_factory=list)


def check(found: list[CardContact], source: str) -> list[tuple[CardContact, NewContact]]:
    """Every contact checked as `add-contact` checks one; all problems at once."""
    from career.people.cadence import MAX_EVERY_DAYS
    from career.people.service import NewContact

    checked: list[tuple[CardContact, NewContact]] = []
    problems: list[str] = []
    for card in found:
        if card.problem is not None:
            problems.append(f"{card.where}: {card.problem}")
            continue
        try:
            if card.every_days is not None and card.every_days > MAX_EVERY_DAYS:
                raise InvalidInput(f"a cadence can be at most {MAX_EVERY_DAYS} days")
            checked.append(
                (
                    card,
                    NewContact.checked(
                        card.name,
                        organization=card.organization,
                        role=card.role,
                        email=card.email,
                        url=card.url,
                        notes=card.notes,
                    ),
                )
            )
        except InvalidInput as exc:
            problems.append(f"{card.where}: {exc.message}")
    if problems:
        raise FileProblems(source, problems)
    return checked


def plan(fetch: Fetch, found: list[CardContact], source: str) -> Plan:
    """What importing `found` into the database would do (nothing is written)."""
    from career.pipeline.vocab import NearDuplicates, name_key

    checked = check(found, source)
    recorded = fetch(
        "SELECT c.id, c.name, c.email, o.name FROM contacts c "
        "LEFT JOIN organizations o ON o.id = c.organization_id ORDER BY c.id",
        {},
    )
    index = NearDuplicates()
    same: set[tuple[str, str, str]] = set()

    def identity(name: str, email: str | None, org: str | None) -> tuple[str, str, str]:
        return (_key(name), (email or "").casefold(), name_key(org) if org else "")

    for ident, name, email, org in recorded:
        index.add(_key(name), f"#{ident} {name}")
        same.add(identity(name, email, org))
    result = Plan()
    for card, new in checked:
        mine = identity(new.name, new.email, new.organization)
        if mine in same:
            result.skip.append((card, "recorded already"))
            continue
        alike = [a for a in index.alike(_key(new.name), limit=3)]
        if alike:
            result.warnings.append(
                f"{card.where}: {new.name!r} looks like {', '.join(alike)}; added, not merged"
            )
        result.add.append((new, card.every_days))
        same.add(mine)
        index.add(_key(new.name), f"{new.name} ({card.where})")
    return result


def import_contacts(sql: Sql, found: list[CardContact], source: str) -> Plan:
    """Add the file's new contacts in the caller's transaction; returns the plan it followed
    (with the organizations' near-duplicate warnings added)."""
    from career.people.service import add_contact, set_every

    done = plan(sql, found, source)
    for new, every in done.add:
        view, warnings = add_contact(sql, new)
        done.warnings.extend(warnings)
        if every is not None:
            set_every(sql, view.id, every)
    return done
