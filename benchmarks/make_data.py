"""Generate the heavy-user dataset that the benchmarks run on (DESIGN.md, "Performance budgets").

    python benchmarks/make_data.py OUT.db [--seed N] [--applications N] [--force]

Ten years of a busy job search ending at a fixed "now" (`NOW`, never the wall clock): a few
hundred organizations (AI labs, companies, fellowships and programs, some with aliases) and, by
default, 2,000 applications with tags, notes and a status history of 1 to 6 steps each. Most
applications are closed; about one in eight is still active.

Deterministic: the same arguments give the same rows (the file differs only in SQLite's own
bookkeeping). Every table family draws from its own random stream (`family_rng`), so adding a
family later leaves the rows of the existing ones as they are.

The schema is made by the project's own code (`prepare`), the rows go in with SQLAlchemy Core
bulk inserts in one write transaction, and they keep the invariants the application keeps:

- `organizations.key` is `name_key(name)`, unique across organizations *and* aliases;
- a status history is ordered in time (dates never go back, `recorded_at` strictly increases),
  its `from_status` values chain (the first is None) and its last `to_status` is the
  application's status;
- `applied_on` is set iff the history went through a submitted status, and is the date of the
  first such step (what `career app move` records);
- no two active applications share an organization and a role (the duplicate check);
- every instant is an aware UTC datetime.

Adding a table family (events, deadlines, contacts, journal notes): write a `<family>_rows(rng,
pipeline)` function that returns rows for its models, and add it to `generate` with its own
`family_rng(seed, "<family>")`.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from career.pipeline.vocab import (
    ACTIVE_STATUSES,
    CLOSED_STATUSES,
    STATUSES,
    SUBMITTED_STATUSES,
    name_key,
    role_key,
)

# SQLAlchemy and the models are imported inside the functions that write: run.py imports this
# module for its constants, and a parent's memory shows in its children's ru_maxrss on Linux.
if TYPE_CHECKING:
    from career.db.base import Base

Row = dict[str, Any]

# The dataset's "now": the benchmarks run with CAREER_NOW set to this instant.
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
LAST_DAY = TODAY - timedelta(days=1)  # nothing in the history is dated today or later
FIRST_DAY = date(TODAY.year - 10, TODAY.month, TODAY.day)
DEFAULT_SEED = 20260601
DEFAULT_APPLICATIONS = 2000
DEFAULT_ORGANIZATIONS = 320
# Always present, with several applications: run.py adds applications to it.
ANCHOR_ORGANIZATION = "Google DeepMind"
ACTIVE_SHARE = 0.13


def family_rng(seed: int, family: str) -> random.Random:
    """The random stream of one table family (string seeds are hashed stably by random)."""
    return random.Random(f"{seed}:{family}")


# --- the words -----------------------------------------------------------------------------

# (name, organization kind, aliases): well-known-style names; the first is the anchor.
KNOWN_ORGANIZATIONS: list[tuple[str, str, list[str]]] = [
    (ANCHOR_ORGANIZATION, "lab", ["DeepMind", "GDM"]),
    ("Anthropic", "lab", []),
    ("OpenAI", "lab", []),
    ("80,000 Hours", "program", ["80k", "80K Hours Job Board"]),
    ("FAR.AI", "lab", ["Fund for Alignment Research"]),
    ("Redwood Research", "lab", ["Redwood"]),
    ("Apollo Research", "lab", []),
    ("METR", "lab", ["ARC Evals"]),
    ("MATS", "program", ["ML Alignment & Theory Scholars", "SERI MATS"]),
    ("Open Philanthropy", "program", ["Open Phil"]),
    ("Centre for the Governance of AI", "lab", ["GovAI"]),
    ("UK AI Security Institute", "lab", ["AISI", "UK AI Safety Institute"]),
    ("Hugging Face", "company", []),
    ("Mistral AI", "company", ["Mistral"]),
    ("Cohere", "company", []),
    ("Y Combinator", "program", ["YC"]),
    ("Recurse Center", "program", ["Hacker School"]),
    ("Max Planck Institute for Intelligent Systems", "lab", ["MPI-IS"]),
    ("Jane Street", "company", []),
    ("Stripe", "company", []),
    ("Fulbright Program", "program", ["Fulbright"]),
    ("Rhodes Trust", "program", ["Rhodes Scholarship"]),
]

STEMS = [
    "Lumen", "Arcadia", "Northwind", "Helix", "Meridian", "Quanta", "Cobalt", "Tessera",
    "Halcyon", "Vireo", "Orrery", "Basalt", "Kestrel", "Lattice", "Parallax", "Sable", "Tidal",
    "Juniper", "Aurora", "Cinder", "Fathom", "Gossamer", "Ironwood", "Larkspur", "Monolith",
    "Nimbus", "Obsidian", "Pinnacle", "Quill", "Rook", "Saffron", "Talus", "Umber", "Verity",
    "Wren", "Zephyr", "Anvil", "Beacon", "Cairn", "Delphi", "Ember", "Foundry", "Granite",
    "Harbor", "Indigo", "Jasper", "Keystone", "Lodestar", "Mosaic", "Nova", "Onyx", "Prism",
    "Quarry", "Ridgeline", "Solace", "Thistle", "Vantage", "Willow", "Yarrow", "Axiom",
    "Bramble", "Corvid", "Dovetail", "Estuary", "Ferrous", "Glacier", "Heron", "Isotope", "Kite",
    "Lantern", "Marrow", "Nautilus", "Osprey", "Pylon", "Redshift", "Sextant", "Tangent",
    "Upland", "Vector", "Wayfarer", "Alder", "Bellwether", "Calyx", "Drumlin", "Eddy", "Fjord",
    "Gantry", "Hollow", "Inlet", "Kelp", "Loom", "Mica", "Nettle", "Ochre", "Plinth", "Rill",
]  # fmt: skip
PLACES = [
    "Eastbrook", "Hollins", "Marlowe", "Westmere", "Carrow", "Ashford", "Kingsbridge", "Linden",
    "Brackwater", "Fenmoor", "Stratton", "Greyhaven", "Oakridge", "Penrith", "Selwood",
]  # fmt: skip
FIRST_NAMES = ["Ada", "Tomasz", "Priya", "Jonas", "Mei", "Kofi", "Ines", "Rafael", "Sunita"]
LAST_NAMES = ["Lindqvist", "Okafor", "Brennan", "Takahashi", "Moreau", "Haddad", "Novak"]

# Name patterns per organization kind, and how the made-up organizations divide among kinds.
NAME_PATTERNS: dict[str, list[str]] = {
    "lab": [
        "{stem} Research", "{stem} Labs", "{stem} AI", "{stem} Institute",
        "{stem} Alignment", "{stem} Intelligence Lab", "The {stem} Institute for AI Safety",
        "{place} Center for AI Policy",
    ],
    "company": [
        "{stem}", "{stem} Systems", "{stem} Robotics", "{stem}.ai", "{stem} Technologies",
        "{stem} Bio", "{stem} Health", "{stem} Data", "{stem} Compute", "{stem} Analytics",
        "{stem} & {stem2}", "{stem}{stem2}",
    ],
    "program": [
        "{stem} Fellowship", "{stem} Scholars", "{stem} Residency", "{stem} Foundation",
        "{stem} Fund", "{stem} Summer School", "{stem} Accelerator", "{place} Fellows Program",
    ],
    "host": ["University of {place}", "{place} College", "{place} Institute of Technology"],
    "advisor": ["Dr. {first} {last}", "Prof. {first} {last}'s group"],
    "other": ["{stem} Collective", "{stem} Community", "{place} AI Meetup"],
}  # fmt: skip
KIND_SHARES = {"company": 45, "lab": 25, "program": 18, "host": 6, "advisor": 3, "other": 3}
ORG_SUFFIX_DROP = (" Research", " Labs", " AI", " Institute", " Systems", " Technologies")

# Application kind by organization kind.
APPLICATION_KIND_SHARES: dict[str, dict[str, int]] = {
    "lab": {"job": 85, "fellowship": 10, "other": 5},
    "company": {"job": 95, "other": 5},
    "program": {"fellowship": 50, "program": 30, "grant": 20},
    "host": {"fellowship": 40, "job": 40, "program": 20},
    "advisor": {"other": 50, "program": 50},
    "other": {"other": 60, "job": 40},
}

JOB_TITLES = [
    "Research Engineer", "Research Scientist", "Software Engineer", "Machine Learning Engineer",
    "Member of Technical Staff", "Data Scientist", "Backend Engineer", "Infrastructure Engineer",
    "Product Engineer", "Technical Program Manager", "Research Manager", "Policy Researcher",
    "Security Engineer", "Developer Advocate", "Applied Scientist", "Engineering Manager",
]  # fmt: skip
TEAMS = [
    "Interpretability", "Alignment", "Evaluations", "Inference", "Pretraining", "Platform",
    "Safety", "Data", "Developer Tools", "Frontier Red Team", "Policy", "Reliability",
]  # fmt: skip
TOPICS = [
    "interpretability tooling", "evals for agents", "compute governance", "RLHF robustness",
    "scalable oversight", "data provenance", "model organisms", "forecasting AI progress",
    "secure model weights", "benchmarks for science", "open-source evals",
]  # fmt: skip
SEASONS = ["Winter", "Spring", "Summer", "Autumn"]
TAGS = [
    "ai-safety", "remote", "referral", "dream", "interpretability", "policy", "startup",
    "long-shot", "visa", "london", "bay-area", "berlin", "research", "engineering", "part-time",
    "contract", "equity", "relocation", "follow-up", "cold-email", "conference", "stretch",
]  # fmt: skip
SOURCES = [
    "referral", "LinkedIn", "company site", "80,000 Hours job board", "newsletter", "a friend",
    "conference", "recruiter", "Twitter", "Hacker News",
]  # fmt: skip
LOCATIONS = [
    "Remote", "Remote (US)", "Remote (EU)", "London, UK", "San Francisco, CA", "Berkeley, CA",
    "New York, NY", "Oxford, UK", "Zürich", "Berlin", "Toronto", "Boston, MA", "Paris",
]  # fmt: skip
NOTE_SENTENCES = [
    "Found it through {source}.", "Recruiter was {first}.", "Compensation band looked low.",
    "Team works on {topic}.", "Asked {first} for a referral.", "Cover letter reused from {org}.",
    "Take-home is a week-long project.", "Visa sponsorship unclear.", "Great mission fit.",
    "Need to brush up on system design.", "Hybrid: 3 days in the office.",
    "Would mean moving cities.", "Deadline was tight; sent a rough draft.",
]  # fmt: skip
STEP_NOTES: dict[str, list[str]] = {
    "preparing": ["started the cover letter", "asked for a reference"],
    "applied": ["submitted online", "sent via referral", "emailed the hiring manager"],
    "screening": ["recruiter call booked", "phone screen with {first}"],
    "interviewing": ["take-home sent", "onsite: 4 interviews", "final round with {first}"],
    "offer": ["verbal offer", "written offer received"],
    "accepted": ["signed!", "start date agreed"],
    "declined": ["chose another offer", "comp too low"],
    "rejected": ["auto-rejection email", "rejected after the final round", "no fit, per {first}"],
    "withdrawn": ["lost interest", "accepted elsewhere", "role was re-scoped"],
    "ghosted": ["no reply after two follow-ups", "no news for months"],
}

START_STATUSES = {"interested": 20, "preparing": 10, "applied": 70}
TRANSITIONS: dict[str, dict[str, int]] = {
    "interested": {"preparing": 35, "applied": 40, "withdrawn": 25},
    "preparing": {"applied": 75, "withdrawn": 25},
    "applied": {"screening": 25, "interviewing": 10, "rejected": 35, "ghosted": 25, "withdrawn": 5},
    "screening": {"interviewing": 45, "rejected": 35, "ghosted": 10, "withdrawn": 10},
    "interviewing": {"offer": 25, "rejected": 55, "ghosted": 8, "withdrawn": 12},
    "offer": {"accepted": 40, "declined": 60},
}
MAX_STEPS = 6
# Days between a step and the one before it, by the status moved into.
GAP_DAYS: dict[str, tuple[int, int]] = {
    "preparing": (2, 30),
    "applied": (1, 21),
    "screening": (4, 30),
    "interviewing": (3, 28),
    "offer": (5, 35),
    "accepted": (1, 10),
    "declined": (1, 14),
    "rejected": (2, 60),
    "ghosted": (30, 120),
    "withdrawn": (0, 45),
}


def pick(rng: random.Random, shares: dict[str, int]) -> str:
    """One key of `shares`, chosen with the values as weights."""
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def fill(rng: random.Random, template: str, org: str = "") -> str:
    return template.format(
        stem=rng.choice(STEMS),
        stem2=rng.choice(STEMS),
        place=rng.choice(PLACES),
        first=rng.choice(FIRST_NAMES),
        last=rng.choice(LAST_NAMES),
        topic=rng.choice(TOPICS),
        source=rng.choice(SOURCES),
        org=org,
    )


# --- organizations -------------------------------------------------------------------------


@dataclass
class OrgPlan:
    name: str
    kind: str
    aliases: list[str]
    weight: float  # how often the user applies there
    website: str | None
    id: int = 0
    created_at: datetime | None = None


class KeyRegistry:
    """The keys taken by organization names and aliases (they share one namespace)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, name: str) -> bool:
        key = name_key(name)
        if not key or key in self.taken:
            return False
        self.taken.add(key)
        return True


def plan_organizations(rng: random.Random, count: int) -> list[OrgPlan]:
    """`count` organizations: the known ones, then made-up ones of every kind."""
    keys = KeyRegistry()
    plans: list[OrgPlan] = []
    for name, kind, aliases in KNOWN_ORGANIZATIONS:
        if not keys.claim(name):
            raise ValueError(f"duplicate organization key in KNOWN_ORGANIZATIONS: {name!r}")
        for alias in aliases:
            if not keys.claim(alias):
                raise ValueError(f"alias {alias!r} collides with another name or alias")
        # The known ones come up often: a heavy user applies to them again and again.
        plans.append(OrgPlan(name, kind, list(aliases), rng.uniform(0.8, 2.5), _website(name)))
    plans[0].weight = 4.0
    attempts = 0
    while len(plans) < count:
        attempts += 1
        if attempts > count * 50:
            raise ValueError(f"cannot make {count} distinct organization names")
        kind = pick(rng, KIND_SHARES)
        name = fill(rng, rng.choice(NAME_PATTERNS[kind]))
        if not keys.claim(name):
            continue
        aliases = [a for a in _aliases(rng, name, kind) if keys.claim(a)]
        # A long tail: most organizations see one or two applications.
        weight = 1.0 / (len(plans) - len(KNOWN_ORGANIZATIONS) + 2) ** 0.35
        website = _website(name) if rng.random() < 0.7 and kind != "advisor" else None
        plans.append(OrgPlan(name, kind, aliases, weight, website))
    return plans


def _website(name: str) -> str:
    key = name_key(name)
    return f"https://{key[:30]}.{'org' if len(key) % 3 == 0 else 'com'}"


def _aliases(rng: random.Random, name: str, kind: str) -> list[str]:
    if rng.random() >= 0.15 or kind == "advisor":
        return []
    options: list[str] = []
    words = name.replace("&", " ").split()
    if len(words) >= 3:
        options.append("".join(w[0] for w in words if w[0].isupper()))
    for suffix in ORG_SUFFIX_DROP:
        if name.endswith(suffix):
            options.append(name.removesuffix(suffix))
    if kind == "company":
        options.append(f"{name} Inc.")
    options.append(f"{rng.choice(STEMS)} {name.split()[-1]}")  # a former name
    rng.shuffle(options)
    return [o for o in options[: rng.randint(1, 2)] if len(name_key(o)) >= 2]


# --- applications --------------------------------------------------------------------------


@dataclass
class Step:
    status: str
    on: date
    recorded_at: datetime
    note: str | None


@dataclass
class Pipeline:
    """The pipeline tables' rows; later families read them (ids, dates, organizations)."""

    organizations: list[Row] = field(default_factory=list)
    aliases: list[Row] = field(default_factory=list)
    applications: list[Row] = field(default_factory=list)
    tags: list[Row] = field(default_factory=list)
    status_changes: list[Row] = field(default_factory=list)


@dataclass
class Draft:
    """An application before ids are given out."""

    org: int  # index into the organization plans
    row: Row
    tags: list[str]
    steps: list[Step]


def status_path(rng: random.Random) -> list[str]:
    """A walk through the pipeline from a start status to a closed one, ≤ MAX_STEPS long."""
    path = [pick(rng, START_STATUSES)]
    while path[-1] not in CLOSED_STATUSES:
        options = TRANSITIONS[path[-1]]
        if len(path) == MAX_STEPS - 1:
            options = {s: w for s, w in options.items() if s in CLOSED_STATUSES}
        path.append(pick(rng, options))
    return path


def search_seasons(rng: random.Random) -> list[tuple[date, int]]:
    """The bursts in which most applications start: (first day, length in days)."""
    span = (LAST_DAY - FIRST_DAY).days
    return [
        (FIRST_DAY + timedelta(days=rng.randrange(span)), rng.randint(45, 120)) for _ in range(9)
    ]


def schedule(rng: random.Random, path: list[str], seasons: list[tuple[date, int]]) -> list[date]:
    """Dates for the steps of `path` (closed: anywhere in the ten years; active: recent)."""
    gaps = [0] + [rng.randint(*GAP_DAYS[status]) for status in path[1:]]
    total = sum(gaps)
    latest_start = LAST_DAY - timedelta(days=total)
    if path[-1] in ACTIVE_STATUSES:
        # Most open applications moved lately; some were left open and forgotten.
        back = rng.randint(0, 90) if rng.random() < 0.75 else rng.randint(91, 1000)
        start = max(FIRST_DAY, latest_start - timedelta(days=back))
    else:
        if rng.random() < 0.7:
            first, length = rng.choice(seasons)
            start = first + timedelta(days=rng.randrange(length))
        else:
            start = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
        start = max(FIRST_DAY, min(start, latest_start))
    dates: list[date] = []
    day = start
    for gap in gaps:
        day += timedelta(days=gap)
        dates.append(day)
    return dates


def record_times(rng: random.Random, dates: list[date]) -> list[datetime]:
    """When each step was typed in: usually that day, sometimes a few days later."""
    times: list[datetime] = []
    for on in dates:
        typed = min(on + timedelta(days=rng.choice((0, 0, 0, 0, 1, 2, 5))), LAST_DAY)
        at = datetime(typed.year, typed.month, typed.day, tzinfo=UTC) + timedelta(
            minutes=rng.randint(7 * 60, 23 * 60 + 59), seconds=rng.randint(0, 59)
        )
        if times and at <= times[-1]:
            at = times[-1] + timedelta(minutes=rng.randint(1, 30))
        times.append(at)
    return times


def make_role(rng: random.Random, kind: str, year: int) -> str | None:
    if kind == "job":
        title = rng.choice(JOB_TITLES)
        if rng.random() < 0.2 and "Manager" not in title:
            title = f"{rng.choice(('Senior', 'Staff', 'Junior'))} {title}"
        if rng.random() < 0.45:
            title = f"{title}, {rng.choice(TEAMS)}"
        return title
    if kind == "fellowship":
        return rng.choice(
            (
                f"{rng.choice(SEASONS)} Research Fellowship {year}",
                f"Visiting Fellow {year}",
                f"Fellow, {year} cohort",
                f"Research Fellow in {rng.choice(TOPICS)}",
            )
        )
    if kind == "program":
        return rng.choice(
            (
                f"{rng.choice(SEASONS)} {year} cohort",
                f"Residency {year}",
                f"Summer School {year}",
                f"PhD programme {year}",
            )
        )
    if kind == "grant":
        return rng.choice(
            (
                f"Project grant: {rng.choice(TOPICS)}",
                f"Career development grant {year}",
                f"Travel grant {year}",
            )
        )
    if rng.random() < 0.2:
        return None
    return rng.choice(
        (
            "Informational chat",
            f"Contract: {rng.choice(TOPICS)}",
            "Advisory call",
            f"Consulting project {year}",
        )
    )


def make_notes(rng: random.Random, org: str) -> str | None:
    if rng.random() < 0.45:
        return None
    sentences = [fill(rng, rng.choice(NOTE_SENTENCES), org) for _ in range(rng.randint(1, 3))]
    return ("\n" if rng.random() < 0.1 else " ").join(sentences)


def make_tags(rng: random.Random, year: int) -> list[str]:
    if rng.random() < 0.25:
        return []
    tags = rng.sample(TAGS, rng.randint(1, 4))
    if rng.random() < 0.3:
        tags.append(f"search-{year}")
    return tags


def pipeline_rows(rng: random.Random, applications: int, organizations: int) -> Pipeline:
    """Organizations, aliases, applications, tags and status changes."""
    plans = plan_organizations(rng, organizations)
    seasons = search_seasons(rng)
    weights = [p.weight for p in plans]
    active_keys: set[tuple[int, str]] = set()

    drafts: list[Draft] = []
    for n in range(applications):
        org_index = 0 if n < 12 else rng.choices(range(len(plans)), weights=weights)[0]
        plan = plans[org_index]
        path = status_path(rng)
        if rng.random() < ACTIVE_SHARE:
            path = path[: rng.randint(1, len(path) - 1)]  # still open: stop before it closed
        dates = schedule(rng, path, seasons)
        times = record_times(rng, dates)
        kind = pick(rng, APPLICATION_KIND_SHARES[plan.kind])
        role = make_role(rng, kind, dates[0].year)
        if path[-1] in ACTIVE_STATUSES:
            # The duplicate check: one active application per organization and role.
            tries = 0
            while (org_index, role_key(role)) in active_keys:
                tries += 1
                kind = kind if tries < 10 else "job"  # jobs have the most varied titles
                role = make_role(rng, kind, dates[0].year)
                if tries > 50:
                    role = f"{role} ({tries})"
            active_keys.add((org_index, role_key(role)))
        steps = [
            Step(
                status,
                on,
                at,
                fill(rng, rng.choice(STEP_NOTES[status])) if i and rng.random() < 0.3 else None,
            )
            for i, (status, on, at) in enumerate(zip(path, dates, times, strict=True))
        ]
        applied_on = next((s.on for s in steps if s.status in SUBMITTED_STATUSES), None)
        slug = name_key(role or kind)[:40]
        row: Row = {
            "role": role,
            "kind": kind,
            "status": path[-1],
            "applied_on": applied_on,
            "url": f"{plan.website or _website(plan.name)}/careers/{slug}-{rng.randint(100, 99999)}"
            if rng.random() < 0.65
            else None,
            "source": rng.choice(SOURCES) if rng.random() < 0.7 else None,
            "location": rng.choice(LOCATIONS) if rng.random() < 0.85 else None,
            "excitement": rng.choices((None, 1, 2, 3, 4, 5), weights=(25, 4, 11, 26, 23, 11))[0],
            "notes": make_notes(rng, plan.name),
            "created_at": steps[0].recorded_at,
            "updated_at": steps[-1].recorded_at,
        }
        drafts.append(Draft(org_index, row, make_tags(rng, dates[0].year), steps))

    # Ids in the order the user would have created things.
    drafts.sort(key=lambda d: d.row["created_at"])
    for draft in drafts:
        plan = plans[draft.org]
        if plan.created_at is None:
            plan.created_at = draft.row["created_at"]
    for plan in plans:
        if plan.created_at is None:  # its applications were deleted since
            days = rng.randrange((LAST_DAY - FIRST_DAY).days)
            plan.created_at = datetime(
                FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, 12, tzinfo=UTC
            ) + timedelta(days=days, minutes=rng.randrange(600))
    ordered = sorted(range(len(plans)), key=lambda i: (plans[i].created_at, i))
    out = Pipeline()
    for new_id, index in enumerate(ordered, start=1):
        plan = plans[index]
        plan.id = new_id
        out.organizations.append(
            {
                "id": new_id,
                "name": plan.name,
                "key": name_key(plan.name),
                "kind": plan.kind,
                "website": plan.website,
                "created_at": plan.created_at,
            }
        )
        for alias in plan.aliases:
            out.aliases.append(
                {
                    "id": len(out.aliases) + 1,
                    "organization_id": new_id,
                    "alias": alias,
                    "key": name_key(alias),
                }
            )
    changes: list[tuple[datetime, int, int, Row]] = []
    for app_id, draft in enumerate(drafts, start=1):
        out.applications.append({"id": app_id, "organization_id": plans[draft.org].id, **draft.row})
        out.tags.extend({"application_id": app_id, "tag": tag} for tag in draft.tags)
        previous: str | None = None
        for number, step in enumerate(draft.steps):
            change: Row = {
                "application_id": app_id,
                "from_status": previous,
                "to_status": step.status,
                "changed_on": step.on,
                "recorded_at": step.recorded_at,
                "note": step.note,
            }
            changes.append((step.recorded_at, app_id, number, change))
            previous = step.status
    changes.sort(key=lambda c: c[:3])
    for change_id, (_, _, _, change) in enumerate(changes, start=1):
        out.status_changes.append({"id": change_id, **change})
    check_pipeline(out)
    return out


def check_pipeline(data: Pipeline) -> None:
    """The application's invariants, checked on the rows before they are written."""
    keys = [o["key"] for o in data.organizations] + [a["key"] for a in data.aliases]
    if len(keys) != len(set(keys)) or not all(keys):
        raise AssertionError("organization keys are not unique across names and aliases")
    for org in data.organizations:
        if org["key"] != name_key(org["name"]):
            raise AssertionError(f"organization key is not name_key(name): {org}")
    history: dict[int, list[Row]] = {}
    for change in data.status_changes:
        history.setdefault(change["application_id"], []).append(change)
    active: set[tuple[int, str]] = set()
    for app in data.applications:
        steps = history[app["id"]]
        if not 1 <= len(steps) <= MAX_STEPS:
            raise AssertionError(f"application #{app['id']} has {len(steps)} steps")
        if steps[-1]["to_status"] != app["status"] or steps[0]["from_status"] is not None:
            raise AssertionError(f"application #{app['id']}: history does not end in its status")
        for before, after in pairwise(steps):
            if (
                after["from_status"] != before["to_status"]
                or after["to_status"] == before["to_status"]
            ):
                raise AssertionError(f"application #{app['id']}: broken status chain")
            if after["changed_on"] < before["changed_on"]:
                raise AssertionError(f"application #{app['id']}: history goes back in time")
            if after["recorded_at"] <= before["recorded_at"]:
                raise AssertionError(f"application #{app['id']}: recorded_at does not increase")
        submitted = [s["changed_on"] for s in steps if s["to_status"] in SUBMITTED_STATUSES]
        if app["applied_on"] != (submitted[0] if submitted else None):
            raise AssertionError(f"application #{app['id']}: applied_on does not match history")
        if steps[-1]["changed_on"] > LAST_DAY or app["updated_at"] > NOW:
            raise AssertionError(f"application #{app['id']} is dated after NOW")
        if app["created_at"] != steps[0]["recorded_at"] or app["status"] not in STATUSES:
            raise AssertionError(f"application #{app['id']}: bad created_at or status")
        if app["status"] in ACTIVE_STATUSES:
            key = (app["organization_id"], role_key(app["role"]))
            if key in active:
                raise AssertionError(f"application #{app['id']} duplicates an active one")
            active.add(key)
    for row in data.organizations + data.applications + data.status_changes:
        for value in row.values():
            if isinstance(value, datetime) and value.tzinfo is not UTC:
                raise AssertionError(f"not an aware UTC datetime: {value!r}")


# --- contacts, advising sessions, events, deadlines --------------------------------------

DEFAULT_CONTACTS = 300
DEFAULT_SESSIONS = 100
DEFAULT_EVENTS = 500
DEFAULT_DEADLINES = 20_000
EVENT_WORDS = ["Alignment", "Interpretability", "Evals", "Governance", "Safety", "Agents"]
EVENT_FORMS = {"hackathon": 30, "sprint": 25, "jam": 25, "conference": 10, "course": 10}
EVENT_STATUS_SHARES = {
    "done": 50, "skipped": 20, "submitted": 10, "interested": 10, "signed-up": 7,
    "participating": 3,
}  # fmt: skip
DEADLINE_KIND_SHARES = {"apply-by": 40, "follow-up": 25, "action": 15, "event": 10, "opens": 10}
ROLES_OF_CONTACTS = ["recruiter", "advisor", "mentor", "engineer", "research lead", "referrer"]


@dataclass
class Others:
    contacts: list[Row] = field(default_factory=list)
    application_contacts: list[Row] = field(default_factory=list)
    sessions: list[Row] = field(default_factory=list)
    takeaways: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    deadlines: list[Row] = field(default_factory=list)


def _day(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))


def _instant(on: date) -> datetime:
    return datetime(on.year, on.month, on.day, 9, 0, tzinfo=UTC)


def other_rows(seeds: dict[str, random.Random], pipeline: Pipeline) -> Others:
    """Contacts (some linked to applications), advising sessions with takeaways, events, and
    deadlines linked to applications, events and sessions (most of them done)."""
    out = Others()
    orgs = [o["id"] for o in pipeline.organizations]
    rng = seeds["contacts"]
    for n in range(1, DEFAULT_CONTACTS + 1):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        out.contacts.append(
            {
                "id": n, "name": name, "organization_id": rng.choice(orgs),
                "role": rng.choice(ROLES_OF_CONTACTS),
                "email": f"{name.split()[0].lower()}.{n}@example.org", "url": None,
                "notes": None, "created_at": _instant(_day(rng)),
            }
        )  # fmt: skip
    linked = rng.sample(range(1, len(pipeline.applications) + 1), k=DEFAULT_CONTACTS // 2)
    for n, app_id in enumerate(linked, start=1):
        out.application_contacts.append(
            {"application_id": app_id, "contact_id": n, "relation": rng.choice(
                ["referrer", "recruiter", "interviewer", "other"])}
        )  # fmt: skip
    rng = seeds["sessions"]
    for n in range(1, DEFAULT_SESSIONS + 1):
        held = _day(rng)
        out.sessions.append(
            {
                "id": n, "organization_id": rng.choice(orgs),
                "advisor_id": rng.randint(1, DEFAULT_CONTACTS), "held_on": held,
                "notes_url": f"https://docs.example.org/session-{n}",
                "summary": rng.choice(NOTE_SENTENCES), "created_at": _instant(held),
            }
        )  # fmt: skip
        for position in range(1, rng.randint(1, 4) + 1):
            out.takeaways.append(
                {"id": len(out.takeaways) + 1, "session_id": n, "position": position,
                 "text": rng.choice(NOTE_SENTENCES)}
            )  # fmt: skip
    rng = seeds["events"]
    for n in range(1, DEFAULT_EVENTS + 1):
        start = _day(rng)
        kind = pick(rng, EVENT_FORMS)
        out.events.append(
            {
                "id": n, "name": f"{rng.choice(EVENT_WORDS)} {kind} {start.year}-{n}",
                "kind": kind, "host_id": rng.choice(orgs), "starts_on": start,
                "ends_on": start + timedelta(days=rng.randint(0, 3)), "url": None,
                "status": pick(rng, EVENT_STATUS_SHARES), "team": None, "outcome": None,
                "notes": None, "created_at": _instant(start), "updated_at": _instant(start),
            }
        )  # fmt: skip
    rng = seeds["deadlines"]
    for n in range(1, DEFAULT_DEADLINES + 1):
        kind = pick(rng, DEADLINE_KIND_SHARES)
        due = _day(rng) if rng.random() < 0.97 else TODAY + timedelta(days=rng.randint(0, 60))
        link: Row = {"application_id": None, "event_id": None, "session_id": None}
        if kind in ("apply-by", "follow-up", "opens"):
            link["application_id"] = rng.randint(1, len(pipeline.applications))
        elif kind == "event":
            link["event_id"] = rng.randint(1, DEFAULT_EVENTS)
        else:
            link["session_id"] = rng.randint(1, DEFAULT_SESSIONS)
        open_ = due >= TODAY or rng.random() < 0.02
        out.deadlines.append(
            {
                "id": n, "title": f"{kind} #{n}", "kind": kind, "due_on": due,
                "due_time": None, "due_zone": None, **link, "remind_days": None,
                "done_at": None if open_ else _instant(due), "created_at": _instant(due),
            }
        )  # fmt: skip
    return out


# --- the dataset ---------------------------------------------------------------------------


@dataclass
class Dataset:
    """Rows to insert, per model, parents before children (the insert order)."""

    tables: list[tuple[type[Base], list[Row]]] = field(default_factory=list)

    def add(self, model: type[Base], rows: list[Row]) -> None:
        self.tables.append((model, rows))

    def summary(self) -> str:
        return ", ".join(f"{len(rows)} {model.__tablename__}" for model, rows in self.tables)


def generate(
    seed: int = DEFAULT_SEED,
    applications: int = DEFAULT_APPLICATIONS,
    organizations: int = DEFAULT_ORGANIZATIONS,
) -> Dataset:
    from career.pipeline.models import (
        Application,
        ApplicationTag,
        Organization,
        OrganizationAlias,
        StatusChange,
    )

    data = Dataset()
    pipeline = pipeline_rows(family_rng(seed, "pipeline"), applications, organizations)
    data.add(Organization, pipeline.organizations)
    data.add(OrganizationAlias, pipeline.aliases)
    data.add(Application, pipeline.applications)
    data.add(ApplicationTag, pipeline.tags)
    data.add(StatusChange, pipeline.status_changes)
    from career.advising.models import AdvisorSession, SessionTakeaway
    from career.deadlines.models import Deadline
    from career.events.models import Event
    from career.people.models import ApplicationContact, Contact, Interaction

    families = ("contacts", "sessions", "events", "deadlines")
    others = other_rows({f: family_rng(seed, f) for f in families}, pipeline)
    interactions = interaction_rows(family_rng(seed, "interactions"), others)
    data.add(Contact, others.contacts)
    data.add(Interaction, interactions)
    data.add(ApplicationContact, others.application_contacts)
    data.add(AdvisorSession, others.sessions)
    data.add(SessionTakeaway, others.takeaways)
    data.add(Event, others.events)
    data.add(Deadline, others.deadlines)
    return data


DEFAULT_INTERACTIONS_PER_CONTACT = 10
CADENCE_CHOICES = [14, 28, 42, 56, 90]
VIAS = ["email", "call", "video", "meeting", "message", "event", "other"]


def interaction_rows(rng: random.Random, others: Others) -> list[Row]:
    """Keeping in touch: a third of the contacts get a cadence of their own (set on their
    rows), and every contact about ten logged interactions on random days."""
    rows: list[Row] = []
    for contact in others.contacts:
        contact["every_days"] = rng.choice(CADENCE_CHOICES) if rng.random() < 1 / 3 else None
        for _ in range(rng.randint(0, 2 * DEFAULT_INTERACTIONS_PER_CONTACT)):
            on = _day(rng)
            rows.append(
                {"id": len(rows) + 1, "contact_id": contact["id"], "happened_on": on,
                 "via": rng.choice(VIAS), "note": rng.choice(NOTE_SENTENCES),
                 "application_id": None, "created_at": _instant(on)}
            )  # fmt: skip
    return rows


def write(data: Dataset, out: Path | str) -> None:
    """Create `out` (a SQLite file, or a PostgreSQL URL whose schema is emptied first) with the
    project's schema and insert the dataset in one transaction."""
    from sqlalchemy import insert, text

    from career.db.engine import open_database, parse_target
    from career.db.migrate import prepare, run_upgrade

    url = parse_target(str(out))
    server = url.get_backend_name() == "postgresql"
    if server:
        reset = open_database(url)
        with reset.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        reset.dispose()
        run_upgrade(url)
    db = open_database(url)
    try:
        prepare(db)
        with db.session(write=True) as session:
            for model, rows in data.tables:
                if rows:
                    # render_nulls: one executemany per table; without it the ORM leaves None
                    # values out and splits the rows into one statement per pattern of Nones.
                    session.execute(insert(model).execution_options(render_nulls=True), rows)
            if server:  # the rows came with their ids: each id sequence goes on from the last
                for model, rows in data.tables:
                    name = str(model.__tablename__)
                    if rows and "id" in rows[0]:
                        session.execute(
                            text(
                                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                f"(SELECT MAX(id) FROM {name}))"
                            )
                        )
    finally:
        db.dispose()  # the last connection to close checkpoints the WAL into the file


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="the SQLite file to create")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--applications", type=int, default=DEFAULT_APPLICATIONS)
    parser.add_argument("--organizations", type=int, default=DEFAULT_ORGANIZATIONS)
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = parser.parse_args(argv)
    out: Path = args.out
    if args.applications < 12 or args.organizations < len(KNOWN_ORGANIZATIONS):
        parser.error(
            f"--applications must be ≥ 12 and --organizations ≥ {len(KNOWN_ORGANIZATIONS)}"
        )
    if out.exists():
        if not args.force:
            parser.error(f"{out} exists (add --force to replace it)")
        remove_database(out)
    started = time.perf_counter()
    data = generate(args.seed, args.applications, args.organizations)
    generated = time.perf_counter() - started
    try:
        write(data, out)
    except BaseException:
        remove_database(out)
        raise
    total = time.perf_counter() - started
    print(
        f"wrote {out}: {data.summary()} (generated in {generated:.2f} s, {total:.2f} s in all)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
