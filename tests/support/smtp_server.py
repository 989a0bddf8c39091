"""A real SMTP server (aiosmtpd) on a free local port, for the email tests.

It keeps every message it accepted, and can be told to refuse the next messages with a reply code
(451: try later, 550: refused) or to stall before answering (a slow server).
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return int(sock.getsockname()[1])


@dataclass
class Inbox:
    received: list[EmailMessage] = field(default_factory=list)
    refuse_next: list[str] = field(default_factory=list)  # replies for the next DATA commands
    stall_seconds: float = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.stall_seconds:
            await asyncio.sleep(self.stall_seconds)  # the client sees a server that says nothing
        if self.refuse_next:
            return self.refuse_next.pop(0)
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(parsed)
        return '250 OK'

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.received if address in str(m['To'])]


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname='127.0.0.1', port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def text_body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=('plain',))
    assert part is not None
    return str(part.get_content())


def html_body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=('html',))
    assert part is not None
    return str(part.get_content())


def ics_attachment(message: EmailMessage) -> str | None:
    for part in message.iter_attachments():
        if part.get_content_type() == 'text/calendar':
            return str(part.get_content())
    return None
