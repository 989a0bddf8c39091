"""Figures read from the database when Prometheus scrapes: the answer-processing queue (depth and the
age of its oldest answer), answers waiting for an HR retry, and interviews by state.

The database row is the record of state (DESIGN.md §8), so these stay true across restarts and, later,
across worker processes; counters of events live in app.monitoring.metrics.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector
from sqlmodel import col, func, select

from app.db import session_scope
from app.db_types import utcnow
from app.models import Answer, AnswerStatus, Interview, InterviewStatus

log = logging.getLogger(__name__)
UNFINISHED = (AnswerStatus.received, AnswerStatus.transcribed)


class DatabaseCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            with session_scope(read_only=True) as session:
                depth, oldest = session.exec(select(func.count(), func.min(Answer.created_at)).where(
                    col(Answer.status).in_(UNFINISHED))).one()
                failed = session.exec(select(func.count()).select_from(Answer).where(
                    Answer.status == AnswerStatus.failed)).one()
                by_status = dict(session.exec(select(Interview.status, func.count()).group_by(
                    col(Interview.status))).all())
        except Exception as exc:  # noqa: BLE001 - a scrape reports what it can; /health reports the database
            log.warning('metrics: database figures unavailable (%s)', type(exc).__name__)
            return
        yield GaugeMetricFamily('panelist_answer_queue_depth', 'Answers waiting to be transcribed or scored',
                                value=int(depth))
        age = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
        yield GaugeMetricFamily('panelist_answer_queue_oldest_age_seconds',
                                'Age of the oldest answer still waiting for processing (0 when none)', value=age)
        yield GaugeMetricFamily('panelist_answers_awaiting_retry', 'Answers that failed processing and wait for HR',
                                value=int(failed))
        interviews = GaugeMetricFamily('panelist_interviews', 'Interviews by current state', labels=['state'])
        for state in InterviewStatus:
            interviews.add_metric([state.value], int(by_status.get(state.value, 0)))
        yield interviews


_registered = False


def register_database_collector() -> None:
    """Once per process (the app and test harnesses may install the API more than once)."""
    global _registered
    if not _registered:
        REGISTRY.register(DatabaseCollector())
        _registered = True
