"""Tenants and their people: organizations, teammates, API keys, team invitations, reviewer
assignments, the audit trail, and the install-wide settings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.columns import created_at_field as _created_at
from app.models.columns import json_dict_field as _json_dict
from app.models.columns import timestamp_field as _timestamp
from app.models.enums import Role


class Organization(SQLModel, table=True):
    __tablename__ = 'organizations'
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    # Days to keep interview recordings; None keeps them until the candidate is deleted.
    recording_retention_days: int | None = Field(default=None)
    created_at: datetime = _created_at()


class User(SQLModel, table=True):
    __tablename__ = 'users'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    email: str = Field(max_length=254, unique=True, index=True)  # stored lower-cased
    name: str = Field(max_length=200)
    password_hash: str = Field(max_length=255)
    role: str = Field(default=Role.recruiter, max_length=16)
    # Bumped on logout and password change: every JWT and UI session carrying an older value is void.
    token_version: int = Field(default=1)
    is_active: bool = Field(default=True)
    created_at: datetime = _created_at()
    last_login_at: datetime | None = _timestamp()


class ApiKey(SQLModel, table=True):
    """A server-to-server credential of an organization. Only a SHA-256 hash of the key is kept; the key
    itself is shown once, when it is made."""

    __tablename__ = 'api_keys'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=16)  # the key's first characters, to tell keys apart in lists
    key_hash: str = Field(max_length=64, unique=True, index=True)
    scope: str = Field(default='read', max_length=16)  # read | write
    created_by_id: int | None = Field(default=None)  # no FK: the key's history outlives the teammate
    created_at: datetime = _created_at()
    last_used_at: datetime | None = _timestamp()
    revoked_at: datetime | None = _timestamp()


class TeamInvite(SQLModel, table=True):
    """An admin's email invitation to join the organization with a role. The link carries a random token;
    only its SHA-256 is stored. It expires, and works once."""

    __tablename__ = 'team_invites'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    email: str = Field(max_length=254, index=True)
    name: str = Field(max_length=200)
    role: str = Field(default=Role.recruiter, max_length=16)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    expires_at: datetime = _created_at()
    used_at: datetime | None = _timestamp()
    invited_by_id: int | None = Field(default=None)
    created_at: datetime = _created_at()


class JobReviewer(SQLModel, table=True):
    """A reviewer assigned to a job by an admin: the only jobs whose reports that reviewer sees."""

    __tablename__ = 'job_reviewers'
    __table_args__ = (UniqueConstraint('job_id', 'user_id', name='uq_job_reviewer'),)
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    job_id: int = Field(foreign_key='jobs.id', index=True)
    user_id: int = Field(foreign_key='users.id', index=True)
    assigned_by_id: int | None = Field(default=None)  # no FK: the assignment outlives the admin's account
    created_at: datetime = _created_at()


class AuditEvent(SQLModel, table=True):
    """Append-only: services insert rows, nothing updates or deletes them."""

    __tablename__ = 'audit_events'
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    actor_user_id: int | None = Field(default=None, index=True)  # no FK: the trail outlives users
    actor_label: str = Field(default='', max_length=254)
    action: str = Field(max_length=64, index=True)
    subject_type: str | None = Field(default=None, max_length=32)
    subject_id: int | None = Field(default=None, index=True)
    detail: dict[str, Any] = _json_dict()
    ip: str | None = Field(default=None, max_length=64)
    # The subject as named when the event was written ("Jane Doe (candidate #1)"): readable after deletion.
    subject_label: str | None = Field(default=None, max_length=300)
    created_at: datetime = _created_at()


class SiteSetting(SQLModel, table=True):
    """Install-wide switches an admin changes at run time (not per organization): one row per key.

    A row overrides the environment's default for its key (e.g. `allow_signup` over ALLOW_SIGNUP);
    app.services.site_settings reads and writes them.
    """

    __tablename__ = 'site_settings'
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True, index=True)
    value: dict[str, Any] = _json_dict()
    updated_by: str | None = Field(default=None, max_length=320)
    created_at: datetime = _created_at()
    updated_at: datetime | None = _timestamp()
