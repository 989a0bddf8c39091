"""One outbox row → one SMTP transaction (aiosmtplib), with the TLS mode and credentials from settings."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import aiosmtplib

from app.config import Settings
from app.models import OutboxMessage


class SendError(Exception):
    """A failed send. `permanent`: the server refused for good (5xx): retrying will not help."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


def sender_address(settings: Settings) -> str:
    return settings.smtp_from.strip() or f'no-reply@{settings.smtp_host.strip() or "localhost"}'


def build_message(settings: Settings, row: OutboxMessage) -> EmailMessage:
    message = EmailMessage()
    message['From'] = sender_address(settings)
    message['To'] = formataddr((row.to_name, row.to_email)) if row.to_name else row.to_email
    message['Subject'] = row.subject
    # One Message-ID per outbox row: a receiver that ever saw the row twice could tell it is one message.
    message['Message-ID'] = make_msgid(idstring=f'outbox-{row.id}', domain='panelist.local')
    message.set_content(row.body_text)
    message.add_alternative(row.body_html, subtype='html')
    if row.ics:
        message.add_attachment(row.ics.encode('utf-8'), maintype='text', subtype='calendar',
                               filename='interview-deadline.ics', params={'method': 'PUBLISH'})
    return message


async def send(settings: Settings, row: OutboxMessage) -> None:
    """Deliver one message or raise SendError (never anything else for a network or server fault)."""
    message = build_message(settings, row)
    try:
        await aiosmtplib.send(
            message, hostname=settings.smtp_host.strip(), port=settings.smtp_port,
            use_tls=settings.smtp_tls == 'implicit', start_tls=settings.smtp_tls == 'starttls',
            username=settings.smtp_user or None, password=settings.smtp_password or None,
            timeout=settings.smtp_timeout_seconds,
        )
    except aiosmtplib.SMTPRecipientsRefused as exc:
        detail = '; '.join(f'{r.recipient}: {r.code} {r.message}' for r in exc.recipients)
        raise SendError(f'The server refused the recipient: {detail}',
                        permanent=all(r.code >= 500 for r in exc.recipients)) from exc
    except aiosmtplib.SMTPResponseException as exc:
        raise SendError(f'The mail server answered {exc.code}: {exc.message}', permanent=exc.code >= 500) from exc
    except aiosmtplib.SMTPTimeoutError as exc:
        raise SendError(f'The mail server did not answer within {settings.smtp_timeout_seconds:g} s.',
                        permanent=False) from exc
    except aiosmtplib.SMTPConnectError as exc:
        raise SendError(f'Could not connect to the mail server {settings.smtp_host}:{settings.smtp_port}: {exc}',
                        permanent=False) from exc
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise SendError(f'Sending failed: {exc}', permanent=False) from exc
