"""Every SQL statement written out in the package is prepared against a database at head, on
both backends: a statement that names a missing table or column, or does not parse, fails here
rather than in front of the user.

The statements are found in the source: each string literal that starts with SELECT, INSERT,
UPDATE, DELETE or WITH (in capitals, as the package writes SQL), is not a docstring and is not
a fragment (a piece of an f-string, or one side of a `+`). An `IN {}` list is filled with NULL;
every `:name` parameter is bound to NULL. SQLite compiles each with EXPLAIN (nothing runs);
PostgreSQL runs each inside a savepoint that is rolled back, where only errors of the
statement itself count (undefined table, column or function, syntax), not a NULL refused by a
constraint. Statements of one backend's catalog or functions (pg_*, information_schema;
sqlite_*, pragma_*, json_extract) are prepared on that backend only.
"""

from __future__ import annotations

import ast
import re
import sqlite3
from pathlib import Path

import pytest

import career
from career.db import sqlite as lite

PACKAGE = Path(career.__file__).parent
_STATEMENT = re.compile(r"\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\s")
_PARAM = re.compile(r"(?<!:):([A-Za-z_][A-Za-z0-9_]*)")
_SERVER_ONLY = re.compile(r"\bpg_\w+|information_schema")
_FILE_ONLY = re.compile(r"\bsqlite_\w+|\bpragma_\w+|\bjson_extract\b|\bjson_object\b")


def _fragments(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings or pieces of a larger statement."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(part) for part in node.values)
        elif isinstance(node, ast.BinOp):
            skip.update(id(side) for side in (node.left, node.right))
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))
    return skip


def statements() -> list[tuple[str, str]]:
    """(where, SQL) of every statement written out in the package."""
    found: list[tuple[str, str]] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        skip = _fragments(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and _STATEMENT.match(node.value)
                and not re.search(r"\{[A-Za-z_]\w*\}", node.value)  # a template, not SQL yet
            ):
                where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                found.append((where, node.value.replace("{}", "(NULL)")))
    return found


STATEMENTS = statements()


def test_the_package_writes_out_its_statements() -> None:
    # Would pass vacuously if the search found nothing.
    assert len(STATEMENTS) > 100
    wheres = {where.split(":")[0] for where, _ in STATEMENTS}
    assert {"career/journal/store.py", "career/pipeline/writes.py"} <= wheres


def test_every_statement_compiles_on_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "head.db"
    assert lite.create_at_head(path)
    conn = sqlite3.connect(path)
    failures = []
    try:
        for where, sql in STATEMENTS:
            if _SERVER_ONLY.search(sql):
                continue
            params = {name: None for name in _PARAM.findall(sql)}
            try:
                conn.execute("EXPLAIN " + sql, params)
            except sqlite3.Error as exc:
                failures.append(f"{where}: {exc}")
    finally:
        conn.close()
    assert "\n".join(failures) == ""


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_every_statement_prepares_on_postgresql(database: object, db_url: str) -> None:
    import psycopg
    from psycopg import errors

    from career.db.sql import pg_conninfo, pyformat

    statement_errors = (
        errors.UndefinedTable,
        errors.UndefinedColumn,
        errors.UndefinedFunction,
        errors.SyntaxError,
        errors.AmbiguousColumn,
        errors.DatatypeMismatch,
    )
    conninfo = pg_conninfo(db_url)
    assert conninfo is not None
    failures = []
    with psycopg.connect(conninfo) as conn:
        for where, sql in STATEMENTS:
            if _FILE_ONLY.search(sql):
                continue
            params = {name: None for name in _PARAM.findall(sql)}
            try:
                with conn.transaction(force_rollback=True):
                    conn.execute(pyformat(sql), params)
            except statement_errors as exc:
                failures.append(f"{where}: {str(exc).splitlines()[0]}")
            except psycopg.Error:
                pass  # the statement ran: a NULL refused by a constraint is no fault of its text
    assert "\n".join(failures) == ""
