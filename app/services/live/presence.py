"""Who is watching which interview: in-process state the live page writes and the room reads.

One server process (the design's deployment) holds every NiceGUI client, so a dict is the truth;
a live page registers when it opens and leaves when its browser disconnects.
"""

from __future__ import annotations

import itertools
import threading
from collections import defaultdict

from sqlmodel import Session

from app.models import User
from app.services import audit

_lock = threading.Lock()
_ids = itertools.count(1)
_watching: dict[int, dict[int, str]] = defaultdict(dict)  # interview id → {watch id: watcher label}


def watch(interview_id: int, label: str) -> int:
    with _lock:
        watch_id = next(_ids)
        _watching[interview_id][watch_id] = label
        return watch_id


def leave(interview_id: int, watch_id: int) -> None:
    with _lock:
        _watching[interview_id].pop(watch_id, None)
        if not _watching[interview_id]:
            del _watching[interview_id]


def watchers(interview_id: int) -> list[str]:
    with _lock:
        return sorted(set(_watching.get(interview_id, {}).values()))


def record_live_view(session: Session, user: User, candidate_id: int, interview_id: int) -> None:
    """Every opening of a live view is in the audit trail."""
    audit.record(session, organization_id=user.organization_id, actor=user, action='interview.live_view',
                 subject_type='candidate', subject_id=candidate_id, detail={'interview_id': interview_id})
    session.commit()


def reset() -> None:
    with _lock:
        _watching.clear()
