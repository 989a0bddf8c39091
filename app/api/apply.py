"""/api/v1/apply/{job_code}: the public apply flow, exactly what the apply page does.

No sign-in: the job code is public. A repeat application with the same email answers 200 without
a link (201 means a new one was created): the interview link is the candidate's credential, so the
existing one is never handed to an unauthenticated caller; it is sent to the email on file again.

Candidate-facing texts (the consent notice, `message`, validation errors, the email with the link) are in
the `language` asked for (a query parameter for GET, a form field for POST), else the best Accept-Language
match, else the job's interview language.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Header, Query, Request, Response, UploadFile, status
from pydantic import BaseModel, Field

from app import links
from app.api.body_limit import limit_pattern
from app.api.deps import PUBLIC, ReadSession, client_ip
from app.consent import ConsentNotice
from app.documents import MAX_RESUME_BYTES, TOO_LARGE
from app.documents.filetypes import MIME_TYPES
from app.errors import AppError, Invalid, translated
from app.i18n import candidate_language, choose_language, for_language, is_offered
from app.languages import LANGUAGES
from app.services import applications

router = APIRouter(prefix='/apply', tags=['apply'], dependencies=PUBLIC)

# The multipart envelope and the text fields need a little room on top of the file itself.
limit_pattern(r'/api/v1/apply/[^/]+', MAX_RESUME_BYTES + 64 * 1024, TOO_LARGE)


class ApplyInfoOut(BaseModel):
    job_code: str
    title: str
    description: str
    must_have_skills: list[str]
    question_count: int
    answer_time_limit_seconds: int
    organization: str
    consent_notice: ConsentNotice
    max_resume_bytes: int
    accepted_types: list[str]


class ApplyOut(BaseModel):
    candidate_id: int
    interview_url: str | None = Field(description='The new interview link; null for a repeat application')
    created: bool
    message: str | None = Field(None, description='Set for a repeat application: the link was sent to the email')


class ApplyError(BaseModel):
    detail: str
    fields: dict[str, str] | None = None


LANGUAGE_HELP = ('Language of the candidate-facing texts: ' + ', '.join(LANGUAGES)
                 + ". Default: the best Accept-Language match, else the job's interview language")
UNKNOWN_LANGUAGE = 'Choose one of the offered languages: ' + ', '.join(LANGUAGES) + '.'
AcceptLanguage = Annotated[str | None, Header(alias='Accept-Language', include_in_schema=False)]


def _chosen(language: str | None, accept_language: str | None) -> str | None:
    chosen = choose_language(language, accept_language)
    if chosen is not None and not is_offered(chosen):
        raise Invalid(f'language: {UNKNOWN_LANGUAGE}', {'language': UNKNOWN_LANGUAGE})
    return chosen


@router.get('/{job_code}', response_model=ApplyInfoOut,
            responses={404: {'model': ApplyError}, 422: {'model': ApplyError}})
def apply_info(job_code: str, session: ReadSession, accept_language: AcceptLanguage = None,
               language: Annotated[str | None, Query(description=LANGUAGE_HELP)] = None) -> ApplyInfoOut:
    """What a candidate must see before applying: the job and the consent notice (with its version)."""
    target = applications.apply_target(session, job_code, _chosen(language, accept_language))
    return ApplyInfoOut(
        job_code=target.job_code, title=target.title, description=target.description,
        must_have_skills=target.must_have_skills, question_count=target.question_count,
        answer_time_limit_seconds=target.answer_time_limit_seconds, organization=target.organization,
        consent_notice=target.notice, max_resume_bytes=MAX_RESUME_BYTES, accepted_types=list(MIME_TYPES),
    )


@router.post(
    '/{job_code}', status_code=status.HTTP_201_CREATED, response_model=ApplyOut,
    responses={200: {'model': ApplyOut, 'description': 'This email already applied: its link is sent to it again'},
               404: {'model': ApplyError}, 409: {'model': ApplyError}, 413: {'model': ApplyError},
               422: {'model': ApplyError}, 429: {'model': ApplyError}, 503: {'model': ApplyError}},
)
def apply(
    job_code: str, request: Request, response: Response,
    name: Annotated[str, Form()] = '',
    email: Annotated[str, Form()] = '',
    consent: Annotated[str, Form(description='"true" once the candidate agreed to the consent notice')] = '',
    consent_notice_version: Annotated[str | None, Form(description='The notice version the candidate saw')] = None,
    resume: Annotated[UploadFile | None, File(description='PDF, DOCX or TXT, at most 5 MB')] = None,
    language: Annotated[str | None, Form(description=LANGUAGE_HELP)] = None,
    accept_language: AcceptLanguage = None,
) -> ApplyOut:
    """Apply with a resume; creates the candidate and their interview, or re-sends this email its link."""
    chosen = _chosen(language, accept_language)
    t = for_language(chosen or applications.job_language(job_code))
    data = resume.file.read(MAX_RESUME_BYTES + 1) if resume is not None else None
    try:
        with candidate_language(chosen):  # the email with the link, if one is sent, is in this language too
            result = applications.submit_application(
                job_code, {'name': name, 'email': email, 'consent': consent},
                resume.filename if resume is not None else None, data, notice=consent_notice_version or None,
                ip=client_ip(request), base_url=str(request.base_url))
    except AppError as exc:
        raise translated(exc, t) from exc
    if result.token is None:  # a repeat application, or APPLY_LINK_BY_EMAIL_ONLY: the link went to the email
        response.status_code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        message = t(applications.LINK_SENT, email=email.strip()) if result.created \
            else t(applications.ALREADY_APPLIED)
        return ApplyOut(candidate_id=result.candidate_id, created=result.created, interview_url=None,
                        message=message)
    return ApplyOut(candidate_id=result.candidate_id, created=True,
                    interview_url=links.interview_link(str(request.base_url), result.token))


