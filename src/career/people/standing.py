"""Who may be due to hear from the user: the light reads of `career remind` and
`contacts --due` (portable SQL through a `Fetch`; stdlib only, for the remind fast path).

The sources of an interaction are the rule in `career.people.queries` (its docstring):
logged interactions, sessions the contact advised, status moves of applications the contact
recruits or interviews for.
"""

from __future__ import annotations

from datetime import tzinfo

from career.db.fetch import Fetch, as_date, as_instant
from career.people.cadence import Candidate, local_day
from career.people.vocab import SILENT_STATUSES, TALKING_RELATIONS

TALKING = "('" + "', '".join(TALKING_RELATIONS) + "')"
SILENT = "('" + "', '".join(SILENT_STATUSES) + "')"

# The day of each contact's last interaction, from the same three sources; `{who}` narrows
# each branch to some contacts (a condition on the contact column), or is empty.
LAST_TALKED = f"""
SELECT t.contact_id, MAX(t.day) FROM (
  SELECT i.contact_id AS contact_id, i.happened_on AS day FROM interactions i
  WHERE i.contact_id IS NOT NULL {{who_i}}
  UNION ALL
  SELECT s.advisor_id, s.held_on FROM advisor_sessions s
  WHERE s.advisor_id IS NOT NULL {{who_s}}
  UNION ALL
  SELECT ac.contact_id, sc.changed_on
  FROM application_contacts ac
  JOIN status_changes sc ON sc.application_id = ac.application_id
  WHERE ac.relation IN {TALKING}
    AND sc.from_status IS NOT NULL AND sc.to_status NOT IN {SILENT} {{who_ac}}
) t
GROUP BY t.contact_id
"""
OWN_CADENCE = "IN (SELECT id FROM contacts WHERE every_days > 0)"

# Contacts a cadence may apply to: their own (over 0), or none of their own (the settings).
CADENCED = """
SELECT c.id, c.name, c.role, c.organization_id, o.name, c.every_days, c.created_at
FROM contacts c
LEFT JOIN organizations o ON o.id = c.organization_id
"""


def candidates(
    fetch: Fetch, *, cadenced_only: bool, local: tzinfo | None = None
) -> list[Candidate]:
    """Contacts and the day of their last interaction. `cadenced_only`: only those with a
    cadence of their own (when the settings give no cadence by role, no other can be due).
    `local`: the user's zone, for the day a contact was added (None: the process's)."""
    condition = " WHERE c.every_days > 0" if cadenced_only else ""
    rows = fetch(CADENCED + condition, {})
    if not rows:
        return []
    narrow = {
        f"who_{alias}": f"AND {alias}.{column} {OWN_CADENCE}" if cadenced_only else ""
        for alias, column in (("i", "contact_id"), ("s", "advisor_id"), ("ac", "contact_id"))
    }
    last = {int(row[0]): row[1] for row in fetch(LAST_TALKED.format(**narrow), {})}
    found: list[Candidate] = []
    for row in rows:
        ident = int(row[0])
        day = last.get(ident)
        talked = as_date(day) if day is not None else None
        found.append(
            Candidate(
                id=ident,
                name=row[1],
                role=row[2],
                organization_id=int(row[3]) if row[3] is not None else None,
                organization=row[4],
                own_every=int(row[5]) if row[5] is not None else None,
                # the day it was added matters only when nothing was logged (the due rule)
                added=talked if talked is not None else local_day(as_instant(row[6]), local),
                last=talked,
            )
        )
    return found
