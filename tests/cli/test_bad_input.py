"""Bad input of every kind: one clear line on stderr, a non-zero exit, the database unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import (
    CLI,
    added_id,
    assert_nothing_created,
    assert_refused,
    assert_refused_unchanged,
    bad_input_cases,
)

# (id, argv, exit code, words the message must contain). Application #1 exists.
CASES = [
    ("impossible-date", ["add-application", "X", "--applied", "2024-02-30"], 2, "2024-02-30"),
    ("ambiguous-slash", ["add-application", "X", "--applied", "04/05/2024"], 2, "ambiguous"),
    ("unknown-status", ["add-application", "X", "--status", "hired"], 2, "unknown status 'hired'"),
    ("unknown-status-move", ["app", "move", "1", "hired"], 2, "unknown status 'hired'"),
    ("excitement-7", ["add-application", "X", "--excitement", "7"], 2, "from 1 to 5, not 7"),
    ("excitement-text", ["add-application", "X", "--excitement", "high"], 2, "excitement"),
    ("empty-org", ["add-application", ""], 2, "organization name is empty"),
    ("blank-org", ["add-application", "   "], 2, "organization name is empty"),
    ("punctuation-org", ["add-application", "..."], 2, "is not a name"),
    ("unknown-kind", ["add-application", "X", "--kind", "gig"], 2, "unknown kind 'gig'"),
    ("unknown-id-show", ["app", "show", "999"], 3, "no application #999"),
    ("unknown-id-move", ["app", "move", "999", "screening"], 3, "no application #999"),
    ("unknown-id-edit", ["app", "edit", "999", "--role", "x"], 3, "no application #999"),
    ("unknown-id-rm", ["app", "rm", "999", "--yes"], 3, "no application #999"),
    ("non-numeric-id", ["app", "show", "abc"], 2, "Invalid value for 'ID'"),
    ("unknown-option", ["add-application", "X", "--salary", "9"], 2, "No such option: --salary"),
    ("unknown-command", ["add-job", "X"], 2, "No such command 'add-job'"),
    ("future-applied", ["add-application", "X", "--applied", "2030-01-01"], 2, "in the future"),
    ("move-same-status", ["app", "move", "1", "applied"], 4, "already 'applied'"),
    ("move-before-since", ["app", "move", "1", "screening", "--on", "2024-04-01"], 2, "since"),
    ("applied-but-interested", ["add-application", "X", "--status", "interested",
                                "--applied", "2024-04-01"], 2, "has no applied date"),
    ("unknown-org-filter", ["apps", "--org", "Nowhere Inc"], 3, "no organization called"),
    ("unknown-format", ["apps", "--format", "xml"], 2, "xml"),
    ("untag-missing", ["app", "edit", "1", "--untag", "nope"], 2, "has no tag 'nope'"),
    ("duplicate", ["add-application", "FAR.AI", "tech lead"], 4, "exists already"),
    ("bad-date-word", ["app", "move", "1", "screening", "--on", "someday"], 2, "someday"),
    ("too-long-role", ["add-application", "X", "r" * 301], 2, "role is too long"),
    ("too-long-org", ["add-application", "O" * 201], 2, "organization is too long"),
    ("too-long-tag", ["add-application", "X", "--tag", "t" * 101], 2, "tag is too long"),
    ("too-long-url", ["app", "edit", "1", "--url", "u" * 2001], 2, "url is too long"),
    ("edit-nothing", ["app", "edit", "1"], 2, "nothing to change"),
    ("applied-after-timeline", ["app", "edit", "1", "--applied", "2024-04-15"], 2,
     "applied to by then"),
    ("not-utf8", ["add-application", "Org\udcff"], 2, "not valid UTF-8"),
    ("empty-db", ["--db", "", "apps"], 2, "the database is empty"),
    ("in-memory-db", ["--db", "sqlite://", "add-application", "X"], 2, "in-memory"),
]  # fmt: skip

# Those that need nothing recorded beforehand: on a first run they must not create the database.
FIRST_RUN = [
    "impossible-date", "ambiguous-slash", "unknown-status", "unknown-status-move", "excitement-7",
    "excitement-text", "empty-org", "punctuation-org", "unknown-kind", "unknown-id-show",
    "unknown-id-move", "unknown-id-edit", "unknown-id-rm", "non-numeric-id", "unknown-option",
    "future-applied", "applied-but-interested", "unknown-org-filter", "too-long-role", "not-utf8",
]  # fmt: skip


@bad_input_cases(CASES)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    cli: CLI, db_url: str, argv: list[str], code: int, words: str
) -> None:
    assert added_id(cli("add-application", "FAR.AI", "tech lead", "--applied", "2024-04-10")) == 1
    assert_refused_unchanged(cli, db_url, argv, code, words)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [c[1:] for c in CASES if c[0] in FIRST_RUN],
    ids=[c[0] for c in CASES if c[0] in FIRST_RUN],
)
def test_bad_input_on_a_first_run_creates_nothing(
    cli: CLI, db_url: str, home: Path, argv: list[str], code: int, words: str
) -> None:
    assert_refused(cli(*argv), code, words)
    assert_nothing_created(db_url, home)
