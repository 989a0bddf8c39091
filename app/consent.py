"""The consent notice candidates agree to before an interview, shipped in data/consent_notice.json.

Its `version` is stored on every candidate with the time they agreed, so a changed notice never
rewrites what an earlier candidate saw: change the text, change the version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.i18n import ENGLISH, N_, Translator

NOTICE_FILE = Path(__file__).resolve().parent.parent / 'data' / 'consent_notice.json'


@dataclass(frozen=True)
class NoticeSection:
    heading: str
    text: str


@dataclass(frozen=True)
class ConsentNotice:
    version: str
    title: str
    sections: tuple[NoticeSection, ...]
    agreement: str


@lru_cache(maxsize=1)
def _raw() -> dict[str, object]:
    return json.loads(NOTICE_FILE.read_text(encoding='utf-8'))


def notice_version() -> str:
    return str(_raw()['version'])


def consent_notice(organization: str, retention_days: int | None, *, contact: str = '', offered: str = '',
                   t: Translator = ENGLISH) -> ConsentNotice:
    """The notice with the organization's name, recording retention and accommodation contact filled in
    (plain text, not markup), in t's language. `offered`: a sentence on the accommodations the job
    already offers. The version is the same in every language: a translation is the same notice."""
    raw = _raw()
    retention = t(str(raw['retention_days'] if retention_days else raw['retention_unlimited']))
    retention = retention.replace('{days}', str(retention_days))
    ask = t(N_('contact {contact}')).replace('{contact}', contact) if contact \
        else t(N_('contact the person who shared this link with you'))

    def fill(text: object) -> str:
        return (t(str(text)).replace('{retention}', retention).replace('{contact}', ask)
                .replace('{offered}', offered).replace('{organization}', organization).strip())

    sections = raw['sections']
    assert isinstance(sections, list)
    return ConsentNotice(
        version=str(raw['version']),
        title=fill(raw['title']),
        sections=tuple(NoticeSection(fill(s['heading']), fill(s['text'])) for s in sections),
        agreement=fill(raw['agreement']),
    )
