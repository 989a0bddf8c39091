"""The column helpers every table module builds its fields with, and the constraint naming convention.

Each table module imports its helpers from here, so the convention is set before the first table is
defined, whichever model module is imported first.
"""

from __future__ import annotations

from sqlmodel import SQLModel

from app.db_types import (
    NAMING_CONVENTION,
    StrEnumString,
    created_at_field,
    json_dict_field,
    json_list_field,
    text_field,
    timestamp_field,
)

__all__ = ['StrEnumString', 'created_at_field', 'json_dict_field', 'json_list_field', 'text_field', 'timestamp_field']

# Named constraints let Alembic's SQLite batch mode alter tables in later migrations.
SQLModel.metadata.naming_convention = NAMING_CONVENTION
