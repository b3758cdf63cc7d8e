"""Declarative base, constraint naming, and the column types every model shares.

- Every constraint and index gets a name from `NAMING_CONVENTION`, so that batch migrations on
  SQLite and ALTERs on PostgreSQL can find it again.
- Enums are stored as named, non-native VARCHAR columns with a CHECK constraint: identical on
  both backends, and a new value is a migration that rewrites one CHECK.
- Instants are stored through `UTCDateTime`: it refuses naive datetimes, stores UTC, and
  returns aware UTC datetimes. (SQLite's DateTime(timezone=True) silently drops an offset.)
- Calendar dates ("applied on 2024-04-19") are plain `Date` columns, never datetimes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, Enum, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """An instant: aware datetimes in, UTC stored, aware UTC datetimes out."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"UTCDateTime takes a datetime, not {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime refused (an instant needs a time zone): {value!r}")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"unexpected stored instant: {value!r}")
        return value.replace(tzinfo=UTC)


def str_enum(name: str, values: Sequence[str]) -> Enum:
    """A named, non-native enum with a CHECK constraint: the same on SQLite and PostgreSQL."""
    return Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(v) for v in values),
        validate_strings=True,
    )
