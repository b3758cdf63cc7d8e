"""pytest-alembic's built-in tests and its experimental ones, on SQLite and PostgreSQL."""

import importlib
import json
import pkgutil
import subprocess
import sys
from typing import Any

from pytest_alembic.tests import (  # noqa: F401
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from pytest_alembic.tests.experimental import test_downgrade_leaves_no_trace  # noqa: F401
from pytest_alembic.tests.experimental.all_models_register_on_metadata import (
    test_all_models_register_on_metadata as _all_models_register_on_metadata,
)

from career.db.migrate import head_revision
from career.db.sqlite import SCHEMA_HEAD


def test_schema_head_constant_matches_alembic() -> None:
    # The fast start-up check compares against SCHEMA_HEAD without importing Alembic.
    assert head_revision() == SCHEMA_HEAD


def test_all_models_register_on_metadata(alembic_runner: Any) -> None:
    # env.py imports `career.models`, whose `metadata` is the whole schema.
    _all_models_register_on_metadata(alembic_runner, model_package="career.models")


def test_every_model_in_the_package_is_on_the_metadata_env_py_sees() -> None:
    """Stronger than the above: import *every* module of career, and compare with what a
    clean interpreter that imports only what env.py imports has on its metadata."""
    code = (
        "import json; from career.models import metadata; "
        "print(json.dumps(sorted(metadata.tables)))"
    )
    bare = json.loads(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    import career

    for module in pkgutil.walk_packages(career.__path__, "career."):
        if module.name not in ("career.__main__",):
            importlib.import_module(module.name)
    from career.models import metadata

    assert bare == sorted(metadata.tables)
