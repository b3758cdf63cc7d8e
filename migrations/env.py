"""Alembic environment for career (see career.db.migrate for the rules it follows).

career passes an open connection in `config.attributes["connection"]`: on SQLite it has foreign
keys off and begins with BEGIN IMMEDIATE. Run from the `alembic` command line, it opens one
itself from `career_url`, else from CAREER_DB, which must then be set (never the default).
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from career.db.changes import install_triggers
from career.db.engine import WRITE_OPTION, make_engine, parse_target, sql_execute
from career.db.migrate import check_foreign_keys
from career.journal.models import outside_models
from career.models import metadata
from career.paths import database_target

config = context.config


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        transactional_ddl=True,
        compare_type=True,
        include_name=lambda name, type_, parents: not outside_models(name),
    )
    with context.begin_transaction():
        context.run_migrations()
        # The change triggers follow the schema the migrations left (career.db.changes).
        install_triggers(sql_execute(connection), connection.dialect.name)
        check_foreign_keys(connection)


def run_online() -> None:
    connection = config.attributes.get("connection")
    if isinstance(connection, Connection):
        run_on(connection)
        return
    if connection is not None:  # an engine, or something that connects like one
        with connection.connect() as conn:
            run_on(conn)
        return
    url = config.attributes.get("career_url")
    if url is None:  # the `alembic` command line: never the user's real data by default
        if not os.environ.get("CAREER_DB"):
            raise SystemExit(
                "set CAREER_DB to a scratch database to run alembic by hand "
                "(career migrates real databases itself, with a backup first)"
            )
        url = parse_target(database_target())
    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            run_on(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("career migrations run online only")
run_online()
