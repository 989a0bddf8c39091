"""The Prometheus metrics of the process (prometheus-client's default registry, served at /metrics).

Labels are bounded: HTTP routes are route templates (never raw paths), providers and operations are
fixed names, error kinds a short list. Counters live in this process; figures that belong to the
database (the processing queue, interviews by state, recent failures) are read from it at scrape
time by app.monitoring.db_collector, so they stay true across restarts and processes.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_PROVIDER_SECONDS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0, 120.0)
_BYTES = tuple(float(2 ** n) for n in range(10, 27, 2))  # 1 KiB … 64 MiB
_INTERVIEW_SECONDS = (60.0, 180.0, 300.0, 600.0, 900.0, 1200.0, 1800.0, 2700.0, 3600.0, 7200.0)

HTTP_REQUESTS = Counter('panelist_http_requests', 'HTTP requests by route template and status',
                        ['method', 'route', 'status'])
HTTP_DURATION = Histogram('panelist_http_request_duration_seconds', 'HTTP request handling time',
                          ['method', 'route'], buckets=_SECONDS)
UPLOAD_BYTES = Histogram('panelist_http_request_body_bytes', 'Sizes of request bodies received (uploads)',
                         ['route'], buckets=_BYTES)

PROVIDER_DURATION = Histogram('panelist_provider_call_duration_seconds',
                              'Duration of LLM, TTS and STT calls (retries included), by provider',
                              ['kind', 'provider', 'operation'], buckets=_PROVIDER_SECONDS)
PROVIDER_ERRORS = Counter('panelist_provider_errors', 'Provider calls that failed, by kind of error',
                          ['kind', 'provider', 'error'])
PROVIDER_RETRIES = Counter('panelist_provider_retries', 'Failed attempts of remote provider calls that were retried',
                           ['provider', 'reason'])

INTERVIEWS_STARTED = Counter('panelist_interviews_started', 'Interviews started by candidates')
INTERVIEWS_COMPLETED = Counter('panelist_interviews_completed', 'Interviews finished and scored')
INTERVIEWS_ABANDONED = Counter('panelist_interviews_abandoned', 'Interviews marked abandoned after going idle')
INTERVIEW_DURATION = Histogram('panelist_interview_duration_seconds',
                               'From start to the last answer, for interviews the candidate finished',
                               buckets=_INTERVIEW_SECONDS)
ANSWERS_RECEIVED = Counter('panelist_answers_received', 'Answer recordings stored')
ANSWERS_SCORED = Counter('panelist_answers_scored', 'Answers transcribed and scored')
ANSWERS_HELD = Counter('panelist_answers_held_for_review',
                       'Answers not scored because their transcript needs review (no speech, invented, unsure)')
ANSWERS_FAILED = Counter('panelist_answers_failed', 'Answer processing failures, retried or final',
                         ['final'])
