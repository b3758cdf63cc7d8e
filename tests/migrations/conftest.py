"""Fixtures for migration tests: pytest-alembic on both backends, and a scratch copy of the
migrations folder to which a test can add revisions of its own."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.config import Config
from sqlalchemy import Engine

from career.db.engine import make_engine, parse_target
from career.db.migrate import alembic_config as career_alembic_config
from career.db.migrate import script_location


@pytest.fixture
def alembic_engine(db_url: str, home: Path) -> Iterator[Engine]:
    engine = make_engine(parse_target(db_url), foreign_keys=False)
    yield engine
    engine.dispose()


@pytest.fixture
def alembic_config(db_url: str) -> Config:
    return career_alembic_config(parse_target(db_url))


@pytest.fixture
def scratch_migrations(tmp_path: Path) -> Path:
    """A copy of migrations/ where a test may add revisions after the real head."""
    target = tmp_path / "migrations"
    shutil.copytree(script_location(), target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def add_revision(folder: Path, revision: str, down: str, upgrade_body: str) -> Path:
    """Write migrations/versions/<revision>_test.py with the given upgrade body."""
    body = "\n".join("    " + line for line in upgrade_body.strip().splitlines())
    path = folder / "versions" / f"{revision}_test.py"
    path.write_text(
        f'''"""test revision {revision}"""
import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
{body}


def downgrade() -> None:
    pass
'''
    )
    return path
