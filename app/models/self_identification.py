"""A candidate's voluntary self-identification, in a module of its own: only the candidate's form,
the bias audit and deletion may read it (tests/services/test_self_id_privacy.py checks who names it).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.columns import created_at_field as _created_at
from app.models.columns import timestamp_field as _timestamp


class SelfIdentification(SQLModel, table=True):
    """A candidate's voluntary sex and race/ethnicity (EEO-1 categories), given after the interview.

    Kept in its own table and read only by app.services.self_identification (the candidate's own form)
    and the bias audit, which aggregates it: never by reports, dashboards, exports or scoring. Values
    are the codes in app.services.self_identification; 'declined' is "prefer not to say".
    """

    __tablename__ = 'self_identifications'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    candidate_id: int = Field(foreign_key='candidates.id', unique=True, index=True)
    sex: str = Field(max_length=16)
    race_ethnicity: str = Field(max_length=32)
    created_at: datetime = _created_at()
    updated_at: datetime | None = _timestamp()
