"""Every link Panelist hands out, built in one place: the share link of a job, the candidate's
interview link, and the candidate-API paths the interview room's browser code calls.

Paths are relative to the app (the room's JavaScript adds a proxy prefix itself); public links are
absolute: PUBLIC_URL when it is set, else the address the request came in on.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from app.config import Settings, get_settings

API_PREFIX = '/api/v1'
LOOPBACK = frozenset({'localhost', '127.0.0.1', '::1'})
INSECURE = ('Candidates would open this link over plain http, and browsers only allow the camera and microphone '
            'on https pages (or on this computer itself). Serve Panelist behind a TLS reverse proxy and set '
            'PUBLIC_URL to its https address (see the README).')


def public_link(request_base_url: str | None, path: str) -> str:
    """`path` as an absolute link for someone outside (a candidate reading an email)."""
    base = get_settings().public_url.rstrip('/') or (request_base_url or '').rstrip('/')
    return f'{base}{path}'


def apply_link(request_base_url: str | None, job_code: str) -> str:
    """The job's share link (what HR sends out)."""
    return public_link(request_base_url, apply_path(job_code))


def interview_link(request_base_url: str | None, token: str) -> str:
    """The candidate's interview link (the token is the credential)."""
    return public_link(request_base_url, interview_path(token))


def apply_path(job_code: str) -> str:
    return f'/apply/{job_code}'


def interview_path(token: str) -> str:
    return f'/interview/{token}'


def interview_api(token: str) -> str:
    """The candidate-side API of one interview (app/api/interview.py); the token is the credential."""
    return f'{API_PREFIX}/interview/{token}'


def answer_upload_path(token: str, index: int) -> str:
    return f'{interview_api(token)}/answers/{index}'


def practice_audio_path(token: str) -> str:
    return f'{interview_api(token)}/practice/audio'


def question_audio_path(token: str, index: int) -> str:
    return f'{interview_api(token)}/questions/{index}/audio'


def video_upload_path(token: str, segment: int) -> str:
    return f'{interview_api(token)}/video/{segment}'


def same_origin(request: Any) -> bool:
    """Whether a state-changing browser request came from this site (Origin, else Referer, matches the host).

    A request with neither header (curl, an old browser) is allowed: the session cookie is
    SameSite=Lax, so a cross-site POST carries no session anyway; this is the second fence.
    """
    source = request.headers.get('origin') or request.headers.get('referer')
    if not source or source == 'null':
        return source != 'null'
    host = request.headers.get('host', '')
    public = urlsplit(get_settings().public_url).netloc
    return urlsplit(source).netloc in {host, public} - {''}


def insecure_link_warning(link: str) -> str | None:
    """Why `link` will not work for a candidate on another machine (http, not loopback), or None."""
    parts = urlsplit(link)
    if parts.scheme == 'http' and (parts.hostname or '') not in LOOPBACK:
        return INSECURE
    return None


def startup_link_warning(settings: Settings) -> str | None:
    """What to log at start: an http PUBLIC_URL for other machines, or no PUBLIC_URL on a non-loopback host
    (links then carry whatever address a request came in on, plain http unless a proxy says otherwise)."""
    if settings.public_url:
        warning = insecure_link_warning(settings.public_url)
        return f'PUBLIC_URL is {settings.public_url}: {warning}' if warning else None
    if settings.host not in LOOPBACK:
        return (f'PUBLIC_URL is not set and the server listens on {settings.host}: links use the address each '
                'request came in on, which is plain http unless a TLS proxy is in front. Set PUBLIC_URL to the '
                'https address candidates use, or the camera and microphone will be blocked for them.')
    return None
