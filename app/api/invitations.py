"""/api/v1/jobs/{id}/invitations and the invitation actions: how HR — or an ATS — invites candidates.

POST takes one candidate ({name, email}) or many ({candidates: [{name, email}, …]}), with an optional
deadline (default: the job's invite_deadline_days). Every invitation email goes through the outbox.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, Field, model_validator

from app import links
from app.api.deps import Id, IdQuery, Inviting, ReadSession
from app.config import get_settings
from app.db import run_in_session
from app.errors import Invalid
from app.services.email import outbox
from app.services.email.wake import notify_outbox
from app.services.invitations import actions, invite
from app.services.invitations.csv_rows import CsvRow

router = APIRouter(tags=['invitations'])


class Person(BaseModel):
    name: str = Field(max_length=400)
    email: str = Field(max_length=400)


class InvitationsIn(BaseModel):
    name: str | None = Field(default=None, max_length=400)
    email: str | None = Field(default=None, max_length=400)
    candidates: list[Person] | None = None
    deadline: datetime | None = Field(default=None, description="ISO 8601 with a time zone; default: the job's")

    @model_validator(mode='after')
    def _one_or_many(self) -> InvitationsIn:
        if (self.candidates is None) == (self.email is None):
            raise ValueError('send either name and email (one candidate) or candidates (a list)')
        return self


class InvitedOut(BaseModel):
    candidate_id: int
    name: str
    email: str
    deadline_at: datetime
    interview_url: str


class InvitationsOut(BaseModel):
    invited: list[InvitedOut]
    skipped: list[dict[str, Any]]


class InvitationOut(BaseModel):
    candidate_id: int
    name: str
    email: str
    stage: str
    invited_at: datetime | None
    deadline_at: datetime | None
    interview_url: str
    email_status: str | None
    email_error: str | None


class ExtendIn(BaseModel):
    deadline: datetime


class OutboxOut(BaseModel):
    id: int
    candidate_id: int | None
    kind: str
    to_email: str
    subject: str
    status: str
    attempts: int
    last_error: str | None
    link: str | None
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime | None


@router.post('/jobs/{job_id}/invitations', status_code=status.HTTP_201_CREATED, response_model=InvitationsOut)
async def create_invitations(request: Request, job_id: Id, body: InvitationsIn, user: Inviting) -> InvitationsOut:
    """Invite one candidate or many; returns each invitation's link (for the ATS) and the rows skipped."""
    base = str(request.base_url)
    if body.candidates is None:
        one = await run_in_session(invite.invite_one, user, job_id, body.name or '', body.email or '',
                                   deadline=body.deadline, request_base_url=base)
        result = invite.BulkResult(invited=[one])
    else:
        limit = get_settings().invitation_max_bulk
        if len(body.candidates) > limit:
            raise Invalid(f'candidates: at most {limit} per request (got {len(body.candidates)}).')
        rows = [CsvRow(n, p.name, p.email) for n, p in enumerate(body.candidates, start=1)]
        result = await run_in_session(invite.invite_many, user, job_id, rows, deadline=body.deadline,
                                      request_base_url=base)
        if not result.invited:
            raise Invalid('No candidate could be invited: ' + '; '.join(
                f'#{s["line"]} {s["email"]}: {s["reason"]}' for s in result.skipped[:5]))
    notify_outbox()
    return InvitationsOut(
        invited=[InvitedOut(candidate_id=i.candidate_id, name=i.name, email=i.email, deadline_at=i.deadline_at,
                            interview_url=links.interview_link(base, i.token)) for i in result.invited],
        skipped=result.skipped)


@router.get('/jobs/{job_id}/invitations', response_model=list[InvitationOut])
def list_invitations(request: Request, job_id: Id, user: Inviting, session: ReadSession) -> list[InvitationOut]:
    return [InvitationOut(candidate_id=r.candidate_id, name=r.name, email=r.email, stage=r.stage.value,
                          invited_at=r.invited_at, deadline_at=r.deadline_at, interview_url=r.link,
                          email_status=r.email_status, email_error=r.email_error)
            for r in actions.list_invitations(session, user.organization_id, job_id, str(request.base_url))]


@router.post('/candidates/{candidate_id}/invitation/extend', status_code=status.HTTP_204_NO_CONTENT)
async def extend(candidate_id: Id, body: ExtendIn, user: Inviting) -> None:
    await run_in_session(actions.extend, user, candidate_id, body.deadline)


@router.post('/candidates/{candidate_id}/invitation/resend', status_code=status.HTTP_202_ACCEPTED)
async def resend(request: Request, candidate_id: Id, user: Inviting) -> dict[str, int]:
    message = await run_in_session(actions.resend, user, candidate_id, str(request.base_url))
    notify_outbox()
    return {'outbox_id': message.id or 0}


@router.post('/candidates/{candidate_id}/invitation/revoke', status_code=status.HTTP_204_NO_CONTENT)
async def revoke(candidate_id: Id, user: Inviting) -> None:
    await run_in_session(actions.revoke, user, candidate_id)


@router.get('/outbox', response_model=list[OutboxOut])
def list_outbox(user: Inviting, session: ReadSession, status: str | None = None,
                candidate_id: IdQuery = None) -> list[OutboxOut]:
    """The organization's emails, newest first: status, attempts, last error and the link."""
    return [OutboxOut.model_validate(m, from_attributes=True)
            for m in outbox.list_messages(session, user.organization_id, status=status, candidate_id=candidate_id)]


@router.post('/outbox/{message_id}/send-again', status_code=status.HTTP_202_ACCEPTED)
async def send_again(message_id: Id, user: Inviting) -> dict[str, int]:
    row = await run_in_session(outbox.send_again, user, message_id)
    notify_outbox()
    return {'outbox_id': row.id or 0}
