"""Column types and field helpers shared by the models: timezone-aware UTC datetimes, enumerations as
short strings, JSON lists and dicts, long text."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import JSON, Column, DateTime, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field
from sqlmodel.sql.sqltypes import AutoString

E = TypeVar('E', bound=StrEnum)

# Named constraints let Alembic's SQLite batch mode alter tables in later migrations.
NAMING_CONVENTION = {
    'ix': 'ix_%(column_0_label)s',
    'uq': 'uq_%(table_name)s_%(column_0_name)s',
    'ck': 'ck_%(table_name)s_%(constraint_name)s',
    'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
    'pk': 'pk_%(table_name)s',
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC; always returns an aware datetime (SQLite drops the offset, so it is re-attached)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError('naive datetime given to a UTC column; use app.db_types.utcnow()')
        value = value.astimezone(UTC)
        # SQLite has no timezone support; store naive UTC so string comparison stays ordered.
        return value.replace(tzinfo=None) if dialect.name == 'sqlite' else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class StrEnumString(TypeDecorator[E], Generic[E]):
    """A StrEnum stored as its plain string value (VARCHAR, no database enum type or CHECK, so a new
    member needs no migration); read back as the enum member."""

    impl = AutoString
    cache_ok = True

    def __init__(self, enum: type[E], length: int) -> None:
        super().__init__(length=length)
        self.enum = enum

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)


def created_at_field() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def timestamp_field() -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=True)


def json_list_field() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


def json_dict_field() -> Any:
    return Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


def text_field(nullable: bool = False) -> Any:
    return Field(default='' if not nullable else None, sa_column=Column(Text, nullable=nullable))
