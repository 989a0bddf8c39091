"""Optional error reporting to Sentry (SENTRY_DSN), with personal data removed before anything leaves.

Candidate names, emails and transcripts reach exceptions and log lines in ways no list of fields can
foresee (a message that quotes a value, a URL that carries an interview token). So the event is cut
down to what diagnoses a bug without data: the exception *type* and stack (file, function, line, the
source code around it), the log call's *template* (never its arguments), the route template, and
the runtime. Exception messages, local variables, request bodies, headers, cookies, query strings,
user and "extra" data are dropped; remaining text is stripped of emails and token-like strings.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from app.config import Settings

log = logging.getLogger(__name__)
REDACTED = '[redacted]'
_EMAIL = re.compile(r'[\w.+-]+@[\w-]+(\.[\w-]+)+')
_TOKEN = re.compile(r'[A-Za-z0-9_-]{16,}')  # interview tokens, keys, upload ids
_NUMBER = re.compile(r'\d{6,}')  # phone numbers and the like
_KEEP_CONTEXTS = frozenset({'runtime', 'os', 'trace'})
_KEEP_CRUMB_DATA = frozenset({'method', 'status_code'})


def scrub_text(text: str) -> str:
    return _NUMBER.sub('[number]', _TOKEN.sub('[token]', _EMAIL.sub('[email]', text)))


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """before_send: keep the shape of the failure, drop the data."""
    for value in (event.get('exception') or {}).get('values') or []:
        if value.get('value'):
            value['value'] = REDACTED
        for frame in (value.get('stacktrace') or {}).get('frames') or []:
            frame.pop('vars', None)
    for thread in (event.get('threads') or {}).get('values') or []:
        for frame in (thread.get('stacktrace') or {}).get('frames') or []:
            frame.pop('vars', None)
    logentry = event.get('logentry')
    if isinstance(logentry, dict):
        event['logentry'] = {'message': scrub_text(str(logentry.get('message') or ''))}
    if isinstance(event.get('message'), str):
        event['message'] = scrub_text(event['message'])
    request = event.get('request')
    if isinstance(request, dict):
        url = str(request.get('url') or '').split('?', 1)[0]
        event['request'] = {'method': request.get('method'), 'url': scrub_text(url)}
    for key in ('user', 'extra', 'server_name'):
        event.pop(key, None)
    contexts = event.get('contexts')
    if isinstance(contexts, dict):
        event['contexts'] = {k: v for k, v in contexts.items() if k in _KEEP_CONTEXTS}
    crumbs = event.get('breadcrumbs')
    values = crumbs.get('values') if isinstance(crumbs, dict) else crumbs
    for crumb in values or []:
        scrub_breadcrumb(crumb)
    return event


def scrub_breadcrumb(crumb: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """before_breadcrumb: a log line keeps its template, an HTTP call its method and status."""
    record = (hint or {}).get('log_record')
    message = record.msg if record is not None and isinstance(record.msg, str) else crumb.get('message')
    if message is not None:
        crumb['message'] = scrub_text(str(message))
    data = crumb.get('data')
    if isinstance(data, dict):
        crumb['data'] = {k: v for k, v in data.items() if k in _KEEP_CRUMB_DATA}
    return crumb


def init_sentry(settings: Settings) -> bool:
    """Start the Sentry SDK when SENTRY_DSN is set; False (and nothing imported) when it is not."""
    if not settings.sentry_dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=settings.sentry_dsn,
        environment=settings.sentry_environment or None,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size='never',
        before_send=scrub_event,  # type: ignore[arg-type]
        before_breadcrumb=scrub_breadcrumb,
        integrations=[LoggingIntegration(level=logging.INFO, event_level=logging.ERROR)],
    )
    log.info('error reporting to Sentry is on (personal data scrubbed)')
    return True
