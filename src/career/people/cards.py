"""Contacts to and from files: vCard 4.0, CSV (ours, Google's, Outlook's) and JSON. Pure: text
in, text or rows out; reading files and writing the database is `career.people.transfer`.

vCard goes through vobject (a maintained parser and writer of vCard and iCalendar: line
folding, escaping of `,;\\`, quoted-printable and the older 2.1/3.0 forms phones still export
are its job, not ours). What a card carries:

- out: `VERSION:4.0`, `UID` (a stable `urn:uuid:` from the contact's id, so exporting twice
  gives the same card and an address book updates rather than duplicates), `FN`, `N` (the
  last word is the family name), `ORG`, `ROLE`, `EMAIL`, `URL`, `NOTE`, and
  `X-CAREER-EVERY` (the contact's own cadence in days, 0 for never) so a round trip keeps it.
  Cards are in id order; exporting, importing into an empty database and exporting again
  gives the same cards.
- in: `FN` (else `N` put together; a card with neither is a problem), the first `ORG`
  component, `ROLE` (else `TITLE`), the first `EMAIL`, the first `URL`, `NOTE`,
  `X-CAREER-EVERY`. Everything else is ignored. Before vobject sees the text, lines are
  unfolded and the properties we never read that carry large binary values (`PHOTO`, `LOGO`,
  `SOUND`, `KEY`) are dropped, so a 10 MB photo costs a scan, not a parse.
- Problems (not UTF-8, not a vCard, a card without a name, a value longer than its column)
  are reported one line each, naming the card, in file order (`people.transfer.check` adds
  what the contact's checks find); then nothing is imported.

CSV: our own export (`id,name,organization,role,email,url,notes,every_days`), Google Contacts
(`First Name`/`Last Name` or `Name`/`Given Name`/`Family Name`, `Organization Name` or
`Organization 1 - Name`, `Organization Title` or `Organization 1 - Title`,
`E-mail 1 - Value`, `Website 1 - Value`, `Notes`) and Outlook (`First Name`, `Last Name`,
`Company`, `Job Title`, `E-mail Address`, `Web Page`, `Notes`) are recognised by their headers,
case ignored; a file with no name column is refused naming the headers it looked for.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from career.errors import InvalidInput

UID_NAMESPACE = uuid.UUID("5b0c1f8e-5a57-4c39-9c43-2f3c1a6f6d10")
DROPPED = ("PHOTO", "LOGO", "SOUND", "KEY")
EVERY_PROPERTY = "X-CAREER-EVERY"
# The JSON and CSV export of one contact: these keys, in this order.
FIELDS = ["id", "name", "organization", "role", "email", "url", "notes", "every_days"]


@dataclass(frozen=True)
class CardContact:
    """A contact as a file holds it (checked later, as any new contact is)."""

    name: str
    organization: str | None = None
    role: str | None = None
    email: str | None = None
    url: str | None = None
    notes: str | None = None
    every_days: int | None = None
    where: str = ""  # "card 3", "row 4": for messages
    problem: str | None = None  # why it cannot be read (then only `where` holds)


class FileProblems(InvalidInput):
    """Everything wrong with a file, one line each (the first 20; a single problem is the
    error's own line); nothing was imported."""

    def __init__(self, source: str, problems: list[str]) -> None:
        if len(problems) == 1:  # the one line says it all
            super().__init__(f"{source}: {problems[0]}; nothing imported")
            self.problems: list[str] = []
            return
        shown = problems[:20]
        more = " (the first 20 are listed)" if len(problems) > 20 else ""
        super().__init__(f"{source}: {len(problems)} problems, nothing imported{more}")
        self.problems = [f"{source}: {p}" for p in shown]


# --- out ------------------------------------------------------------------------------------


def uid_of(contact_id: int) -> str:
    return f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, f'career-contact-{contact_id}')}"


def split_name(name: str) -> tuple[str, str]:
    """(given, family): the last word is the family name; one word is a given name."""
    words = name.split()
    if len(words) < 2:
        return name, ""
    return " ".join(words[:-1]), words[-1]


def vcards(rows: Sequence[dict[str, Any]]) -> str:
    """vCard 4.0 text of the contacts (rows with `FIELDS`), in the order given."""
    import vobject

    out: list[str] = []
    for row in rows:
        card = vobject.vCard()
        card.add("version").value = "4.0"
        card.add("uid").value = uid_of(int(row["id"]))
        card.add("fn").value = row["name"]
        given, family = split_name(row["name"])
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        if row["organization"]:
            card.add("org").value = [row["organization"]]
        for key, prop in (("role", "role"), ("email", "email"), ("url", "url")):
            if row[key]:
                card.add(prop).value = row[key]
        if row["notes"]:
            card.add("note").value = row["notes"]
        if row["every_days"] is not None:
            card.add(EVERY_PROPERTY.lower()).value = str(row["every_days"])
        out.append(card.serialize())
    return "".join(out)


# --- in: vCard ------------------------------------------------------------------------------


def decode(data: bytes, source: str) -> str:
    """UTF-8 text (a BOM is dropped); anything else names the byte where it stops."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{source} is not UTF-8 (byte {exc.start}): save it as UTF-8 and import it again"
        ) from None


_FOLD = re.compile(r"\r?\n[ \t]")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def _cards_text(text: str) -> list[list[str] | None]:
    """The unfolded lines of each card, without the properties we drop; None for a card
    that a BEGIN:VCARD interrupts before its END:VCARD."""
    cards: list[list[str] | None] = []
    current: list[str] | None = None
    for line in _NEWLINES.split(_FOLD.sub("", text)):
        if not line.strip():
            continue
        head = line.split(":", 1)[0].split(";", 1)[0].strip().upper()
        head = head.rsplit(".", 1)[-1]  # a group prefix (item1.EMAIL)
        if head == "BEGIN" and line.split(":", 1)[-1].strip().upper() == "VCARD":
            if current is not None:
                cards.append(None)
            current = [line]
            continue
        if current is None:
            continue  # outside a card: ignored, as other readers do
        if head in DROPPED:
            continue
        current.append(line)
        if head == "END":
            cards.append(current)
            current = None
    if current is not None:
        cards.append([*current, "END:VCARD"])  # an unterminated last card: closed here
    return cards


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if str(v).strip()), "")
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _first(card: Any, name: str) -> Any:
    found = card.contents.get(name)
    return found[0].value if found else None


def _vobject() -> Any:
    """vobject, with its logger quiet: it prints to stderr on its own, and our errors are one
    line each, raised (a line it cannot read is a problem, not a log record)."""
    import logging

    import vobject

    logging.getLogger("vobject").setLevel(logging.CRITICAL + 1)
    return vobject


def read_vcards(data: bytes, source: str) -> list[CardContact]:
    """The contacts of a vCard file (every version vobject reads)."""
    vobject = _vobject()

    text = decode(data, source)
    if "BEGIN:VCARD" not in text.upper():
        raise InvalidInput(f"{source} holds no vCard (no BEGIN:VCARD line)")
    found: list[CardContact] = []
    for number, lines in enumerate(_cards_text(text), start=1):
        where = f"card {number}"
        if lines is None:
            found.append(_broken(where, "BEGIN:VCARD again before its END:VCARD"))
            continue
        try:
            card = vobject.readOne("\r\n".join(lines) + "\r\n")
        except Exception as exc:  # vobject raises many kinds on malformed input
            found.append(_broken(where, f"cannot read it ({_short(exc)})"))
            continue
        try:
            found.append(_card_contact(card, where))
        except InvalidInput as exc:
            found.append(_broken(where, exc.message))
        except Exception as exc:  # a value vobject could not decode (a bad encoding)
            found.append(_broken(where, f"cannot read it ({_short(exc)})"))
    return found


def _broken(where: str, problem: str) -> CardContact:
    return CardContact(name="", where=where, problem=problem)


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def _card_contact(card: Any, where: str) -> CardContact:
    name = _text(_first(card, "fn"))
    if name is None:
        n = _first(card, "n")
        if n is not None:
            name = _text(" ".join(str(p) for p in (n.prefix, n.given, n.additional, n.family) if p))
    if name is None:
        raise InvalidInput("a card with no name (FN or N)")
    every = _text(_first(card, EVERY_PROPERTY.lower()))
    every_days = None
    if every is not None:
        if not (every.isascii() and every.isdigit() and len(every) <= 4):
            raise InvalidInput(f"{EVERY_PROPERTY} {every!r} is not a number of days")
        every_days = int(every)
    notes = _first(card, "note")
    return CardContact(
        name=name,
        organization=_text(_first(card, "org")),
        role=_text(_first(card, "role")) or _text(_first(card, "title")),
        email=_text(_first(card, "email")),
        url=_text(_first(card, "url")),
        notes=str(notes).strip() or None if notes is not None else None,
        every_days=every_days,
        where=where,
    )


# --- in: CSV --------------------------------------------------------------------------------

# Each field and the headers that hold it, in order of preference (case ignored).
CSV_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "given": ("first name", "given name"),
    "middle": ("middle name", "additional name"),
    "family": ("last name", "family name"),
    "organization": ("organization", "organization name", "organization 1 - name", "company"),
    "role": ("role", "organization title", "organization 1 - title", "job title"),
    "email": ("email", "e-mail 1 - value", "e-mail address", "email address"),
    "url": ("url", "website 1 - value", "web page"),
    "notes": ("notes",),
    "every_days": ("every_days",),
}


def read_csv(data: bytes, source: str) -> list[CardContact]:
    """The contacts of a CSV file: ours, Google Contacts' or Outlook's (by their headers)."""
    from career.cells import unguard

    text = decode(data, source)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InvalidInput(f"{source} is not a readable CSV file: {exc}") from None
    if not rows:
        raise InvalidInput(f"{source} is empty")
    header = [h.strip().casefold() for h in rows[0]]
    ours = header == FIELDS
    columns: dict[str, int] = {}
    for field, names in CSV_HEADERS.items():
        for name in names:
            if name in header:
                columns[field] = header.index(name)
                break
    if "name" not in columns and "given" not in columns and "family" not in columns:
        raise InvalidInput(
            f"{source} has no name column: expected a header such as Name, First Name or "
            "Last Name (ours, Google's and Outlook's contacts CSV are read)"
        )
    found: list[CardContact] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(field: str, row: list[str] = row) -> str | None:
            at = columns.get(field)
            if at is None or at >= len(row):
                return None
            value = unguard(row[at]) if ours else row[at]
            return value.strip() or None

        where = f"row {number}"
        name = cell("name") or " ".join(
            p for p in (cell("given"), cell("middle"), cell("family")) if p
        )
        if not name:
            found.append(_broken(where, "no name"))
            continue
        every = cell("every_days")
        if every is not None and not (every.isascii() and every.isdigit() and len(every) <= 4):
            found.append(_broken(where, f"every_days {every!r} is not a number of days"))
            continue
        found.append(
            CardContact(
                name=name,
                organization=cell("organization"),
                role=cell("role"),
                email=cell("email"),
                url=cell("url"),
                notes=cell("notes"),
                every_days=int(every) if every is not None else None,
                where=where,
            )
        )
    return found
