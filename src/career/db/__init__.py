"""The data layer: declarative base, engine and sessions, migrations glue."""
