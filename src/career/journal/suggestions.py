"""The journal's suggestions in the database: accepting or dismissing them (an import stores
them through career.journal.suggestion_store, whose docstring has the rules of storing).

Every function takes an `Sql` (career.db.sql: one write transaction, on sqlite3, psycopg or a
SQLAlchemy session) and returns data; nothing here prints, and nothing here imports SQLAlchemy.
Rules decided here:

- Accepting creates the record through the domain's own service (pipeline, advising, events,
  deadlines), with the suggestion's fields as edited, dated on the journal day, and links the
  journal line to it. An organization it creates gets the kind, aliases and website the shipped
  list knows for it. A move goes through the pipeline's own move (dated on its day, the line as
  its note); a move to the status the application has, or of no status, is a note on it; a
  move back along the pipeline, of a closed application, or before its status began is refused.
- Several ids are accepted or dismissed in one transaction, all checked first: one unknown or
  decided id refuses them all, and a refusal while accepting changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from career import clock
from career.db.fetch import as_date
from career.db.sql import Sql
from career.errors import Conflict, InvalidInput, NotFound
from career.journal import queries
from career.journal.views import Accepted, SuggestionView
from career.journal.vocab import DATE_FIELDS, LIST_FIELDS, SUGGESTION_FIELDS
from career.pipeline.vocab import ACTIVE_STATUSES, name_key

# --- deciding ------------------------------------------------------------------------------------


def _suggestion(sql: Sql, suggestion_id: int) -> SuggestionView:
    if sql.one("SELECT id FROM journal_suggestions WHERE id = :id", {"id": suggestion_id}) is None:
        raise NotFound(f"no suggestion #{suggestion_id}")
    return queries.show_suggestion(sql, suggestion_id)


def _decided(view: SuggestionView) -> Conflict:
    record = f" ({view.record_kind} #{view.record_id})" if view.record_id is not None else ""
    return Conflict(f"suggestion #{view.id} is already {view.status}{record}")


def pending_ids(sql: Sql) -> list[int]:
    """Every pending suggestion, oldest day first (what `--all` decides)."""
    return [
        int(row[0])
        for row in sql.rows(
            "SELECT id FROM journal_suggestions WHERE status = 'pending' ORDER BY day, id"
        )
    ]


def check_pending(sql: Sql, suggestion_ids: Sequence[int]) -> None:
    """Every id is a pending suggestion: NotFound for the first unknown one, then Conflict
    for the first decided one."""
    rows = {
        int(suggestion_id): status
        for suggestion_id, status in sql.rows_in(
            "SELECT id, status FROM journal_suggestions WHERE id IN {}",
            sorted(set(suggestion_ids)),
        )
    }
    for suggestion_id in suggestion_ids:
        if suggestion_id not in rows:
            raise NotFound(f"no suggestion #{suggestion_id}")
    for suggestion_id in suggestion_ids:
        if rows[suggestion_id] != "pending":
            raise _decided(queries.show_suggestion(sql, suggestion_id))


def dismiss(sql: Sql, suggestion_id: int) -> SuggestionView:
    """Dismiss a pending suggestion: it does not come back on re-import."""
    view = _suggestion(sql, suggestion_id)
    if view.status != "pending":
        raise _decided(view)
    sql.write(
        "UPDATE journal_suggestions SET status = 'dismissed', decided_at = :now WHERE id = :id",
        {"now": clock.now(), "id": suggestion_id},
    )
    return queries.show_suggestion(sql, suggestion_id)


def dismiss_many(sql: Sql, suggestion_ids: Sequence[int]) -> list[SuggestionView]:
    """Dismiss every one of `suggestion_ids` (all checked first)."""
    check_pending(sql, suggestion_ids)
    return [dismiss(sql, suggestion_id) for suggestion_id in dict.fromkeys(suggestion_ids)]


def accept_many(sql: Sql, suggestion_ids: Sequence[int]) -> list[Accepted]:
    """Accept every one of `suggestion_ids` as suggested (all checked first; a refusal of one
    names it, and the caller's transaction is rolled back)."""
    check_pending(sql, suggestion_ids)
    accepted = []
    for suggestion_id in dict.fromkeys(suggestion_ids):
        try:
            accepted.append(accept(sql, suggestion_id, {}))
        except (InvalidInput, Conflict, NotFound) as error:
            raise type(error)(f"suggestion #{suggestion_id}: {error}") from None
    return accepted


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def edited_fields(kind: str, fields: Mapping[str, Any], edits: Mapping[str, str]) -> dict[str, Any]:
    """The suggestion's fields with `edits` applied (an empty value clears a field; a list
    field takes the value as its one element)."""
    allowed = SUGGESTION_FIELDS[kind]
    result = {k: v for k, v in fields.items() if v not in (None, "", [])}
    for name, value in edits.items():
        if name not in allowed:
            raise InvalidInput(
                f"{_a(kind)} suggestion has no field {name!r}: use one of {', '.join(allowed)}"
            )
        if not value.strip():
            result.pop(name, None)
        else:
            result[name] = [value.strip()] if name in LIST_FIELDS else value.strip()
    return result


def _text(fields: Mapping[str, Any], name: str) -> str | None:
    value = fields.get(name)
    return str(value) if value not in (None, "") else None


def _date(fields: Mapping[str, Any], name: str) -> date | None:
    value = _text(fields, name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"the {name} date is not a date: {value!r}") from None


def _required(fields: Mapping[str, Any], name: str, kind: str) -> str:
    value = _text(fields, name)
    if value is None:
        raise InvalidInput(f"{_a(kind)} needs a {name}: add --edit {name}=...")
    return value


def adopt_known_names(sql: Sql, name: str, *, created: bool = False) -> None:
    """Give the recorded organization `name` the aliases and website that the shipped list of
    organizations knows for it (data/organizations.toml), so that "80k hours" finds the
    80,000 Hours an accepted suggestion created, and, when the accept `created` it, the kind
    the list gives it. An alias that already names an organization is left alone: nothing is
    ever merged silently."""
    from career.journal.linker import shipped_orgs
    from career.pipeline import writes
    from career.pipeline.queries import organization_id

    org_id = organization_id(sql, name)
    if org_id is None:
        return
    key, website = sql.rows(
        "SELECT key, website FROM organizations WHERE id = :id", {"id": org_id}
    )[0]
    known = next((k for k in shipped_orgs() if name_key(k.name) == key), None)
    if known is None:
        return
    for alias in (known.name, *known.aliases):
        alias_key = name_key(alias)
        if alias_key and organization_id(sql, alias) is None:
            writes.add_alias(sql, org_id, alias)
    if not website and known.domains:
        sql.write(
            "UPDATE organizations SET website = :website WHERE id = :id",
            {"website": f"https://{known.domains[0]}", "id": org_id},
        )
    if created and known.kind is not None:
        sql.write(
            "UPDATE organizations SET kind = :kind WHERE id = :id",
            {"kind": known.kind, "id": org_id},
        )


def _organization_names(fields: Mapping[str, Any]) -> list[str]:
    return [name for key in ("organization", "host") if (name := _text(fields, key)) is not None]


def accept(sql: Sql, suggestion_id: int, edits: Mapping[str, str]) -> Accepted:
    """Create the suggested record (with `edits`) through its domain's service and link the
    journal line to it; the suggestion is accepted for good."""
    from career.pipeline.queries import organization_id

    view = _suggestion(sql, suggestion_id)
    if view.status != "pending":
        raise _decided(view)
    item_id, day = sql.rows(
        "SELECT item_id, day FROM journal_suggestions WHERE id = :id", {"id": suggestion_id}
    )[0]
    day = as_date(day)
    for name in edits:
        if name in DATE_FIELDS:
            _date(edits, name)
    fields = edited_fields(view.kind, view.fields, edits)
    new_orgs = [n for n in _organization_names(fields) if organization_id(sql, n) is None]
    created: list[tuple[str, int]] = []
    if view.kind == "application":
        record_id, label, warnings = _accept_application(sql, fields, created, day)
    elif view.kind == "session":
        record_id, label, warnings = _accept_session(sql, fields, created)
    elif view.kind == "event":
        record_id, label, warnings = _accept_event(sql, fields, created)
    elif view.kind == "move":
        record_id, label, warnings = _accept_move(sql, fields, created, day)
    elif view.kind == "interaction":
        record_id, label, warnings = _accept_interaction(sql, fields, created, day)
    else:
        record_id, label, warnings = _accept_deadline(sql, fields, created)
    for org_name in _organization_names(fields):
        adopt_known_names(sql, org_name, created=org_name in new_orgs)
    if item_id is not None:
        for kind, target in created:
            if kind == "interaction":
                continue  # the suggestion's record_id names it; journal_links has no column
            sql.write(
                f"INSERT INTO journal_links (item_id, kind, {kind}_id) "
                "VALUES (:item, 'source', :target)",
                {"item": item_id, "target": target},
            )
    sql.write(
        "UPDATE journal_suggestions SET status = 'accepted', fields = :fields, "
        "record_kind = :record_kind, record_id = :record_id, decided_at = :now WHERE id = :id",
        {
            "fields": json.dumps(fields, ensure_ascii=False, sort_keys=True),
            "record_kind": created[0][0],
            "record_id": record_id,
            "now": clock.now(),
            "id": suggestion_id,
        },
    )
    done = queries.show_suggestion(sql, suggestion_id)
    return Accepted(done, created[0][0], record_id, label, warnings)


def _accept_application(
    sql: Sql, fields: Mapping[str, Any], created: list[tuple[str, int]], day: date
) -> tuple[int, str, list[str]]:
    from career.deadlines.service import NewDeadline, add_deadline
    from career.pipeline.writes import NewApplication, add_application

    organization = _required(fields, "organization", "application")
    role = _text(fields, "role")
    new = NewApplication.checked(
        organization,
        role,
        kind=_text(fields, "kind") or "job",
        status=_text(fields, "status"),
        applied=_date(fields, "applied"),
        url=_text(fields, "url"),
        notes=_text(fields, "notes"),
    )
    opens = _date(fields, "opens")
    added = add_application(sql, new, since=min(day, clock.today()))
    app = added.application
    created.append(("application", app.id))
    if opens is not None:
        deadline = add_deadline(
            sql,
            NewDeadline.checked(
                f"applications open: {app.organization}", opens, application=app.id, kind="opens"
            ),
        )
        created.append(("deadline", deadline.id))
    label = f"application #{app.id} {app.organization}" + (f" — {role}" if role else "")
    return app.id, label, added.warnings


def _accept_interaction(
    sql: Sql, fields: Mapping[str, Any], created: list[tuple[str, int]], day: date
) -> tuple[int, str, list[str]]:
    """Log the interaction with the contact (by `contact_id`, else by the `contact` name, as
    `career touch` finds one), on its day, with the line as its note."""
    from career.people.queries import resolve_contact
    from career.people.service import NewInteraction, log_interaction

    named = _text(fields, "contact_id") or _required(fields, "contact", "interaction")
    contact = resolve_contact(sql, named)
    new = NewInteraction.checked(
        on=_date(fields, "on") or day, via=_text(fields, "via"), note=_text(fields, "note")
    )
    interaction = log_interaction(sql, contact.id, new)
    created.append(("interaction", interaction))
    return interaction, f"interaction #{interaction} with #{contact.id} {contact.name}", []


def _accept_session(
    sql: Sql, fields: Mapping[str, Any], created: list[tuple[str, int]]
) -> tuple[int, str, list[str]]:
    from career.advising.service import NewSession, add_session

    takeaways = fields.get("takeaways") or []
    if isinstance(takeaways, str):
        takeaways = [takeaways]
    new = NewSession.checked(
        _required(fields, "organization", "session"),
        advisor=_text(fields, "advisor"),
        held_on=_date(fields, "held_on"),
        notes_url=_text(fields, "notes_url"),
        summary=_text(fields, "summary"),
        takeaways=[str(t) for t in takeaways],
    )
    added = add_session(sql, new)
    view = added.session
    created.append(("session", view.id))
    return view.id, f"session #{view.id} {view.organization} {view.held_on}", added.warnings


def _accept_event(
    sql: Sql, fields: Mapping[str, Any], created: list[tuple[str, int]]
) -> tuple[int, str, list[str]]:
    from career.events.service import NewEvent, add_event

    new = NewEvent.checked(
        _required(fields, "name", "event"),
        kind=_text(fields, "kind") or "hackathon",
        host=_text(fields, "host"),
        start=_date(fields, "start"),
        url=_text(fields, "url"),
        status=_text(fields, "status") or "interested",
        notes=_text(fields, "notes"),
    )
    view, warnings = add_event(sql, new)
    created.append(("event", view.id))
    host = f" ({view.host})" if view.host else ""
    return view.id, f"event #{view.id} {view.name}{host}", warnings


def _accept_deadline(
    sql: Sql, fields: Mapping[str, Any], created: list[tuple[str, int]]
) -> tuple[int, str, list[str]]:
    from career.deadlines.service import NewDeadline, add_deadline

    due = _date(fields, "due")
    if due is None:
        raise InvalidInput("a deadline needs a due date: add --edit due=...")
    view = add_deadline(
        sql,
        NewDeadline.checked(
            _required(fields, "title", "deadline"), due, kind=_text(fields, "kind")
        ),
    )
    created.append(("deadline", view.id))
    return view.id, f"deadline #{view.id} {view.title} ({view.due})", []


def _accept_move(
    sql: Sql, fields: Mapping[str, Any], created: list[tuple[str, int]], day: date
) -> tuple[int, str, list[str]]:
    from career.pipeline.queries import show_application
    from career.pipeline.writes import ApplicationChanges, edit_application, move_application

    text = _required(fields, "application", "move")
    try:
        app_id = int(text)
    except ValueError:
        raise InvalidInput(f"the application of a move is an id, not {text!r}") from None
    app = show_application(sql, app_id)
    if app.status not in ACTIVE_STATUSES:
        raise Conflict(f"application #{app_id} is {app.status!r} now: it is not moved any more")
    status = _text(fields, "status")
    on = _date(fields, "on") or day
    note = _text(fields, "note")
    created.append(("application", app_id))
    back = status in ACTIVE_STATUSES and ACTIVE_STATUSES.index(status) < ACTIVE_STATUSES.index(
        app.status
    )
    if back:
        raise Conflict(
            f"application #{app_id} is {app.status!r} already: a move back to {status!r} is refused"
        )
    if status is not None and status != app.status:
        move_application(sql, app_id, status, on=on, note=note)
        return app_id, f"move of application #{app_id} to {status!r} on {on.isoformat()}", []
    if note is None:
        raise InvalidInput("a move needs a status or a note: add --edit status=...")
    entry = f"{on.isoformat()}: {note}"
    notes = f"{app.notes}\n{entry}" if app.notes else entry
    edit_application(sql, app_id, ApplicationChanges(notes=notes))
    return app_id, f"note on application #{app_id}", []
