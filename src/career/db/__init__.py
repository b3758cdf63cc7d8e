"""The data layer: declarative base, engine and sessions, migrations glue.

`metadata` here is the complete schema: importing the package registers every model.
"""

from career.db.models import metadata

__all__ = ["metadata"]
