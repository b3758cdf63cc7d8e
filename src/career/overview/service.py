"""Organization aliases and merges: the only ways two names become one organization.

Nothing is merged silently: `add_alias` refuses an alias that already names another
organization (and says which), and `merge` runs only when asked, moving every linked record
(applications, contacts, advising sessions, hosted events) and keeping the merged name as an
alias, so that the old spelling still finds the survivor.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from career.advising.models import AdvisorSession
from career.errors import Conflict, InvalidInput, NotFound
from career.events.models import Event
from career.people.models import Contact
from career.pipeline.models import Application, Organization, OrganizationAlias
from career.pipeline.service import active_duplicate, find_organization
from career.pipeline.vocab import ACTIVE_STATUSES, checked_name_key, checked_text


@dataclass(frozen=True)
class Merged:
    kept: str
    removed: str
    moved: dict[str, int]  # what moved, by kind of record
    aliases: list[str]  # the survivor's aliases afterwards


def require_organization(session: Session, name: str) -> Organization:
    org = find_organization(session, name)
    if org is None:
        raise NotFound(f"no organization called {name!r}")
    return org


def add_alias(session: Session, name: str, alias: str) -> Organization:
    """Make `alias` another name of the organization `name`."""
    org = require_organization(session, name)
    alias = checked_text(alias, "organization") or ""
    key = checked_name_key(alias)
    other = find_organization(session, alias)
    if other is not None:
        if other.id == org.id:
            raise Conflict(f"{alias!r} already names {org.name!r}")
        raise Conflict(
            f"{alias!r} already names another organization, {other.name!r} (#{other.id}); "
            f"to make them one, use `career org merge {other.name!r} {org.name!r}`"
        )
    org.aliases.append(OrganizationAlias(alias=alias, key=key))
    session.flush()
    return org


def merge(session: Session, source_name: str, target_name: str, *, force: bool = False) -> Merged:
    """Merge `source_name` into `target_name`: every record moves, the source's name and
    aliases become the target's aliases, and the source is removed. Two active applications
    for one role would result: refused (the duplicate rule of `add-application`) unless forced."""
    source = require_organization(session, source_name)
    target = require_organization(session, target_name)
    if source.id == target.id:
        raise InvalidInput(f"{source_name!r} and {target_name!r} are one organization already")
    if not force:
        active = select(Application).where(
            Application.organization_id == source.id, Application.status.in_(ACTIVE_STATUSES)
        )
        for app in session.scalars(active):
            twin = active_duplicate(session, target.id, app.role)
            if twin is not None:
                role = f" for {app.role!r}" if app.role else ""
                raise Conflict(
                    f"both have an active application{role} (#{app.id} and #{twin.id}): "
                    "close one first, or add --force to keep both"
                )
    moved: dict[str, int] = {}
    for label, table, column in (
        ("applications", Application, Application.organization_id),
        ("contacts", Contact, Contact.organization_id),
        ("sessions", AdvisorSession, AdvisorSession.organization_id),
        ("events", Event, Event.host_id),
    ):
        result = session.execute(
            update(table).where(column == source.id).values({column: target.id})
        )
        moved[label] = int(getattr(result, "rowcount", 0) or 0)
    names = [source.name, *(a.alias for a in source.aliases)]
    moved["aliases"] = len(names)
    session.delete(source)
    session.flush()
    for name in names:
        target.aliases.append(OrganizationAlias(alias=name, key=checked_name_key(name)))
    session.flush()
    session.refresh(target)
    return Merged(
        kept=target.name,
        removed=source.name,
        moved=moved,
        aliases=[a.alias for a in target.aliases],
    )
