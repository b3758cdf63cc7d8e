"""Shared fixtures: a real SQLite file and a real PostgreSQL database for every DB test.

PostgreSQL: the server at CAREER_TEST_PG_URL (default: postgres on 127.0.0.1:5432, trust auth).
Each run creates a database of its own and drops it at the end; each test gets an empty schema
in it. Without a server those tests are skipped, unless CAREER_REQUIRE_PG=1 (CI), which turns an
unreachable server into a failure of the whole run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner, Result

if TYPE_CHECKING:
    from career.db.engine import Database

PG_ADMIN_URL = os.environ.get(
    "CAREER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_PG = os.environ.get("CAREER_REQUIRE_PG") == "1"
FROZEN_NOW = "2024-04-20T09:00:00+00:00"  # a Saturday; "today" is 2024-04-20 in most zones
# The folder next to the repository that CI provides: the user's own journal excerpt. Tests that
# read it are marked `shared_fixture` and skipped where it is absent (a clone, an sdist).
SHARED = Path(__file__).resolve().parents[2] / "shared"
USER_EXCERPT = SHARED / "fixtures" / "daily-log-2024-04.md"
# The project's own fixtures, written for the tests.
FIXTURES = Path(__file__).resolve().parent / "fixtures"
OWN_LOG = FIXTURES / "journal" / "daily-log" / "learning-log-2024-05.md"

_pg_state: dict[str, Any] = {}


def _pg_reachable() -> str | None:
    """None when the server answers, else why not."""
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(PG_ADMIN_URL)
        conn = psycopg.connect(
            host=url.host,
            port=url.port or 5432,
            user=url.username,
            password=url.password,
            dbname=url.database,
            connect_timeout=3,
        )
        conn.close()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}".splitlines()[0]
    return None


def pytest_sessionstart(session: pytest.Session) -> None:
    problem = _pg_reachable()
    _pg_state["problem"] = problem
    if problem and REQUIRE_PG:
        pytest.exit(
            f"CAREER_REQUIRE_PG=1 but PostgreSQL is unreachable at {PG_ADMIN_URL}: {problem}",
            returncode=3,
        )


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("shared_fixture") and not USER_EXCERPT.is_file():
        pytest.skip(
            f"reads the user's journal excerpt {USER_EXCERPT}, which only CI provides "
            "(the folder 'shared' next to the repository)"
        )


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A PostgreSQL database for this run (created here, dropped at the end); its URL."""
    if _pg_state.get("problem"):
        pytest.skip(f"PostgreSQL not reachable: {_pg_state['problem']}")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"career_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_url(pg_database: str) -> str:
    """The run's PostgreSQL database with an empty public schema."""
    from sqlalchemy import create_engine, text

    engine = create_engine(pg_database)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return pg_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty database on the backend under test: a SQLite file path or a PostgreSQL URL."""
    if backend == "sqlite":
        return str(tmp_path / "data" / "career.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """CAREER_HOME in a temp folder, a frozen clock, and no CAREER_DB from outside."""
    path = tmp_path / "home"
    monkeypatch.setenv("CAREER_HOME", str(path))
    monkeypatch.setenv("CAREER_NOW", FROZEN_NOW)
    monkeypatch.delenv("CAREER_DB", raising=False)
    return path


@pytest.fixture
def database(home: Path, db_url: str) -> Iterator[Database]:
    """The database under test, opened through career's own data layer, schema at head."""
    from career.db.engine import open_database, parse_target
    from career.db.migrate import prepare, run_upgrade

    url = parse_target(db_url)
    if url.get_backend_name() == "postgresql":
        run_upgrade(url)
    db = open_database(url)
    prepare(db)
    yield db
    db.dispose()


CLI = Callable[..., Result]


@pytest.fixture
def cli(home: Path, db_url: str, backend: str, monkeypatch: pytest.MonkeyPatch) -> CLI:
    """Run `career ARGS...` in-process against the database under test (schema ready)."""
    from career.cli.main import app

    monkeypatch.setenv("CAREER_DB", db_url)
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    if backend == "postgres":
        result = run("db", "upgrade")
        assert result.exit_code == 0, result.stderr
    return run


def snapshot(db_url: str) -> Any:
    """What a database holds: a SQLite file's bytes, or every PostgreSQL row, in order."""
    if "://" not in db_url:
        path = Path(db_url)
        wal = path.with_name(path.name + "-wal")
        return (
            path.read_bytes() if path.exists() else None,
            wal.read_bytes() if wal.exists() else None,
        )
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            tables = sorted(inspect(conn).get_table_names())
            return {
                t: [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{t}" ORDER BY 1'))]
                for t in tables
            }
    finally:
        engine.dispose()


def table_rows(db_url: str, *, skip: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but `skip`, each value with its type as the driver reads it,
    in a fixed order: what a database holds, on either backend."""
    if "://" not in db_url:
        import sqlite3

        conn = sqlite3.connect(db_url)
        try:
            names = [
                name
                for (name,) in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
                )
            ]
            return {
                t: sorted(
                    (
                        tuple((type(v).__name__, v) for v in row)
                        for row in conn.execute(f'SELECT * FROM "{t}"')
                    ),
                    key=repr,
                )
                for t in names
                if t not in skip
            }
        finally:
            conn.close()
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return {
                t: sorted(
                    (
                        tuple((type(v).__name__, v) for v in row)
                        for row in conn.execute(text(f'SELECT * FROM "{t}"'))
                    ),
                    key=repr,
                )
                for t in sorted(inspect(conn).get_table_names())
                if t not in skip
            }
    finally:
        engine.dispose()


def added_id(result: Result) -> int:
    """The id that `career add-*` printed."""
    assert result.exit_code == 0, result.stderr
    return int(result.stdout.strip())


def assert_refused(result: Result, code: int, words: str) -> None:
    """A user mistake: exit `code`, nothing on stdout, one line on stderr naming it."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("career: error: ")
    assert words in lines[0]


def bad_input_cases(cases: list[tuple[Any, ...]]) -> pytest.MarkDecorator:
    """Parametrize a test over `cases`, each (id, argv, exit code, words of the error)."""
    return pytest.mark.parametrize(
        ("argv", "code", "words"), [c[1:] for c in cases], ids=[c[0] for c in cases]
    )


def assert_refused_unchanged(
    cli: Callable[..., Result], db_url: str, argv: list[str], code: int, words: str
) -> None:
    """Run `argv`: a user mistake (see `assert_refused`) that changes nothing in the database."""
    before = snapshot(db_url)
    result = cli(*argv)
    assert_refused(result, code, words)
    assert snapshot(db_url) == before


def assert_nothing_created(db_url: str, home: Path) -> None:
    """No database file, no data folder: what a refused first run must leave behind."""
    assert not Path(db_url).exists()
    assert not Path(db_url).parent.exists()
    assert not home.exists() or list(home.iterdir()) == []


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """`root` with `files` (path under it -> text, written as UTF-8, or bytes) written in it."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return root
