"""Email bodies from the plain-text and HTML templates in data/email/ (string.Template, `$name` fields).

The first line of each .txt template is `Subject: …`. Values are escaped for the HTML body; the plain
text body takes them as they are.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

TEMPLATE_DIR = Path(__file__).resolve().parents[3] / 'data' / 'email'
KINDS = ('invitation', 'reminder', 'link_again', 'application_link', 'team_invite')


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@cache
def _load(kind: str) -> tuple[Template, Template, Template]:
    if kind not in KINDS:
        raise ValueError(f'unknown email template {kind!r}')
    text = (TEMPLATE_DIR / f'{kind}.txt').read_text(encoding='utf-8')
    first, _, body = text.partition('\n')
    if not first.startswith('Subject:'):
        raise ValueError(f'{kind}.txt must start with a "Subject:" line')
    markup = (TEMPLATE_DIR / f'{kind}.html').read_text(encoding='utf-8')
    return Template(first.removeprefix('Subject:').strip()), Template(body), Template(markup)


def render(kind: str, values: dict[str, str]) -> Rendered:
    """Fill a template; a missing value raises KeyError (a template bug, not user input)."""
    subject, text, markup = _load(kind)
    # A subject is one header line: a name with a line break must not add headers.
    flat = {key: ' '.join(value.split()) for key, value in values.items()}
    escaped = {key: html.escape(value, quote=True) for key, value in values.items()}
    return Rendered(subject=subject.substitute(flat), text=text.substitute(values).strip() + '\n',
                    html=markup.substitute(escaped))
