"""The emails of an invitation: invitation, reminder and "your link again", queued in the outbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from babel.dates import format_date
from sqlmodel import Session, col, select

from app import links
from app.config import get_settings
from app.db_types import utcnow
from app.i18n import ENGLISH, N_, Translator, email_translator
from app.models import Candidate, Interview, Job, Organization, OutboxMessage, User
from app.services.email import outbox, templates
from app.services.email.calendar import deadline_ics

# Minutes a candidate should plan per question (answer time plus reading and thinking).
MINUTES_PER_QUESTION = 3
LINK_AGAIN_QUIET_MINUTES = 5  # at most one "your link again" email per application in this long


def format_deadline(deadline: datetime | None, t: Translator = ENGLISH) -> str:
    if deadline is None:
        return t(N_('no deadline'))
    if t.html_lang != ENGLISH.language:  # weekday and month names in the email's language
        moment = deadline.astimezone(UTC)
        return f"{format_date(moment.date(), 'full', locale=t.locale)}, {moment:%H:%M} UTC"
    return deadline.strftime('%A %d %B %Y, %H:%M UTC')


def contact_for(session: Session, job: Job, inviter: User | None) -> str:
    """Whom a candidate writes to about accommodations: the inviting teammate, else the job's author."""
    if inviter is not None:
        return inviter.email
    author = session.get(User, job.created_by_id) if job.created_by_id else None
    return author.email if author else ''


def compose(session: Session, kind: str, job: Job, candidate: Candidate, link: str,
            contact: str) -> outbox.NewMessage:
    organization = session.get(Organization, job.organization_id)
    assert organization is not None
    template = 'invitation' if kind in ('invitation', 'resend') else kind
    t = email_translator(job.language)  # the interview's language, or the one the candidate chose in this request
    values = {
        'org': organization.name, 'name': candidate.name, 'job': job.title, 'link': link,
        'deadline': format_deadline(candidate.deadline_at, t),
        'contact': contact or t(N_('the company that invited you')),
        'minutes': str(max(10, job.question_count * MINUTES_PER_QUESTION)),
    }
    rendered = templates.render(template, values, t)
    ics = None
    if candidate.deadline_at is not None and kind not in ('link_again', 'application_link'):
        ics = deadline_ics(f'panelist-candidate-{candidate.id}@panelist.local',
                           t(N_('Interview deadline: {job} at {org}'), job=job.title, org=organization.name),
                           t(N_('Your interview for {job} at {org} closes at this time.'), job=job.title,
                             org=organization.name),
                           link, candidate.deadline_at)
    return outbox.NewMessage(organization_id=job.organization_id, kind=kind, to_email=candidate.email,
                             to_name=candidate.name, rendered=rendered, link=link, candidate_id=candidate.id, ics=ics)


def queue(session: Session, kind: str, job: Job, candidate: Candidate, interview: Interview,
          request_base_url: str | None, inviter: User | None = None) -> OutboxMessage:
    link = candidate_link(session, candidate, interview, request_base_url)
    return outbox.enqueue(session, compose(session, kind, job, candidate, link, contact_for(session, job, inviter)))


def candidate_link(session: Session, candidate: Candidate, interview: Interview, request_base_url: str | None) -> str:
    """The interview link. Without a request (reminders) the base is PUBLIC_URL, else the one used last."""
    if request_base_url is None and not get_settings().public_url:
        previous = session.exec(select(OutboxMessage.link).where(OutboxMessage.candidate_id == candidate.id,
                                                                 col(OutboxMessage.link).is_not(None))
                                .order_by(col(OutboxMessage.id).desc()).limit(1)).first()
        if previous:
            return previous
    return links.interview_link(request_base_url, interview.token)


def queue_application_link(session: Session, candidate_id: int, request_base_url: str | None) -> OutboxMessage:
    """A new application under APPLY_LINK_BY_EMAIL_ONLY: its link goes to the applicant's mailbox only."""
    candidate = session.get(Candidate, candidate_id)
    assert candidate is not None
    interview = session.exec(select(Interview).where(Interview.candidate_id == candidate_id)).one()
    job = session.get(Job, candidate.job_id)
    assert job is not None
    return queue(session, 'application_link', job, candidate, interview, request_base_url)


def queue_link_again(session: Session, candidate_id: int, request_base_url: str | None) -> OutboxMessage:
    """Someone applied again with an email that has an application: the link goes to that mailbox only."""
    candidate = session.get(Candidate, candidate_id)
    assert candidate is not None
    interview = session.exec(select(Interview).where(Interview.candidate_id == candidate_id)).one()
    job = session.get(Job, candidate.job_id)
    assert job is not None
    # Re-applying is public: it must not become a way to flood someone's inbox.
    recent = session.exec(select(OutboxMessage).where(
        OutboxMessage.candidate_id == candidate_id, OutboxMessage.kind == 'link_again',
        col(OutboxMessage.created_at) > utcnow() - timedelta(minutes=LINK_AGAIN_QUIET_MINUTES))).first()
    if recent is not None:
        return recent
    return queue(session, 'link_again', job, candidate, interview, request_base_url)
