"""What the admin "System" page shows, for people without Prometheus: the processing queue and the
recent failures with their reasons (the organization's, from the database), and the process's own
figures (provider calls and errors since start, HTTP errors, disk used by media) from the metrics.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from prometheus_client import Metric
from prometheus_client.samples import Sample
from sqlmodel import Session, col, func, select

from app import media
from app.config import get_settings
from app.db_types import utcnow
from app.errors import Forbidden
from app.models import Answer, AnswerStatus, Interview, Role, User
from app.monitoring.metrics import HTTP_REQUESTS, PROVIDER_DURATION, PROVIDER_ERRORS

ADMINS_ONLY = 'Only an organization admin can see the system status.'
RECENT = timedelta(hours=24)
REASON_CHARS = 160


@dataclass(frozen=True)
class FailureReason:
    reason: str
    answers: int
    final: int  # of them, given up on (waiting for HR); the rest are still being retried
    last_at: datetime


@dataclass(frozen=True)
class QueueStatus:
    waiting: int  # answers still to transcribe or score
    oldest_waiting_seconds: float | None
    awaiting_retry: int  # failed for good, waiting for HR's Retry
    failures_24h: list[FailureReason]  # answers received in the last 24 h that failed at least once
    recordings_bytes: int  # answer audio and interview video still stored


@dataclass(frozen=True)
class ProviderCalls:
    kind: str
    provider: str
    operation: str
    calls: int
    mean_seconds: float | None


@dataclass(frozen=True)
class ProviderErrors:
    kind: str
    provider: str
    error: str  # timeout | rate_limited | invalid_output | unavailable | rejected | unexpected
    count: int


@dataclass(frozen=True)
class MediaUse:
    kind: str  # answers | videos | questions | resumes
    files: int
    bytes: int


@dataclass(frozen=True)
class ProcessStatus:
    calls: list[ProviderCalls]
    errors: list[ProviderErrors]
    http_requests: int
    http_server_errors: int  # 5xx
    media: list[MediaUse]
    disk_free_bytes: int | None


def queue_status(session: Session, user: User) -> QueueStatus:
    if user.role != Role.admin:
        raise Forbidden(ADMINS_ONLY)
    mine = col(Answer.interview_id).in_(select(Interview.id).where(Interview.organization_id == user.organization_id))
    waiting, oldest = session.exec(select(func.count(), func.min(Answer.created_at)).where(
        mine, col(Answer.status).in_([AnswerStatus.received, AnswerStatus.transcribed]))).one()
    failed = session.exec(select(func.count()).select_from(Answer).where(
        mine, Answer.status == AnswerStatus.failed)).one()
    recent = session.exec(select(Answer.error, Answer.status, Answer.created_at).where(
        mine, col(Answer.error).is_not(None), col(Answer.created_at) >= utcnow() - RECENT)).all()
    audio = session.exec(select(func.coalesce(func.sum(Answer.audio_bytes), 0)).where(
        mine, col(Answer.audio_file).is_not(None))).one()
    video = sum(int(segment.get('bytes') or 0) for segments in session.exec(select(Interview.video_segments).where(
        Interview.organization_id == user.organization_id, col(Interview.recordings_deleted_at).is_(None))).all()
        for segment in segments if segment.get('file'))
    return QueueStatus(waiting=int(waiting), awaiting_retry=int(failed), failures_24h=_reasons(recent),
                       oldest_waiting_seconds=(utcnow() - oldest).total_seconds() if oldest else None,
                       recordings_bytes=int(audio) + video)


def _reasons(rows: Iterable[tuple[str | None, str, datetime]]) -> list[FailureReason]:
    grouped: dict[str, list[tuple[str, datetime]]] = {}
    for error, status, at in rows:
        grouped.setdefault(' '.join((error or '').split())[:REASON_CHARS], []).append((status, at))
    return sorted((FailureReason(reason, len(items), sum(1 for s, _ in items if s == AnswerStatus.failed),
                                 max(at for _, at in items)) for reason, items in grouped.items()),
                  key=lambda r: (-r.answers, r.reason))


def process_status() -> ProcessStatus:
    """This process's metrics and the media folder (reads the disk: call it off the event loop)."""
    counts: dict[tuple[str, str, str], list[float]] = {}
    for sample in _samples(PROVIDER_DURATION.collect()):
        key = (sample.labels['kind'], sample.labels['provider'], sample.labels['operation'])
        if sample.name.endswith('_count'):
            counts.setdefault(key, [0.0, 0.0])[0] = sample.value
        elif sample.name.endswith('_sum'):
            counts.setdefault(key, [0.0, 0.0])[1] = sample.value
    calls = [ProviderCalls(kind, provider, operation, int(n), total / n if n else None)
             for (kind, provider, operation), (n, total) in sorted(counts.items())]
    errors = [ProviderErrors(s.labels['kind'], s.labels['provider'], s.labels['error'], int(s.value))
              for s in _samples(PROVIDER_ERRORS.collect(), suffix='_total') if s.value]
    http = [(s.labels['status'], int(s.value)) for s in _samples(HTTP_REQUESTS.collect(), suffix='_total')]
    root = media.media_root()
    data_dir = get_settings().data_dir
    return ProcessStatus(calls=calls, errors=errors, http_requests=sum(n for _, n in http),
                         http_server_errors=sum(n for status, n in http if status.startswith('5')),
                         media=[_folder_use(root, kind) for kind in sorted(media.KINDS)],
                         disk_free_bytes=shutil.disk_usage(data_dir).free if data_dir.exists() else None)


def _samples(metrics: Iterable[Metric], suffix: str = '') -> Iterable[Sample]:
    for metric in metrics:
        for sample in metric.samples:
            if not suffix or sample.name.endswith(suffix):
                yield sample


def _folder_use(root: Path, kind: str) -> MediaUse:
    files = size = 0
    folder = root / kind
    if folder.is_dir():
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_file(follow_symlinks=False):
                    files += 1
                    size += entry.stat(follow_symlinks=False).st_size
    return MediaUse(kind, files, size)
