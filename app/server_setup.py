"""Process-level hardening main.py applies before serving (issue 11): private files, where NiceGUI
keeps its session storage, which proxies may set forwarded headers, and cookie/socket limits.

No NiceGUI import here; main.py passes these values on.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from app.config import Settings

PRIVATE_UMASK = 0o077  # files 0600, directories 0700: personal data is readable by this user only


def make_private(settings: Settings) -> None:
    """Set the umask and create (or tighten) DATA_DIR as 0700 before anything writes to it."""
    os.umask(PRIVATE_UMASK)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # Files an older version created with looser modes stay inside a directory nobody else can enter.
    settings.data_dir.chmod(0o700)


def storage_path(settings: Settings) -> Path:
    """NiceGUI's per-browser session storage, under DATA_DIR rather than the working directory."""
    return (settings.data_dir / 'nicegui').resolve()


def is_https(settings: Settings) -> bool:
    return settings.public_url.lower().startswith('https://')


def session_cookie_options(settings: Settings) -> dict[str, Any]:
    """Starlette SessionMiddleware options: the cookie is Secure behind https, SameSite=Lax always."""
    return {'https_only': is_https(settings), 'same_site': 'lax'}


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Forwarded headers (X-Forwarded-For/-Proto) are trusted only from FORWARDED_ALLOW_IPS: without a
    configured proxy, a client cannot pick the address the rate limits see. Websocket messages are
    bounded like request bodies."""
    proxies = settings.forwarded_allow_ips.strip()
    return {'proxy_headers': bool(proxies), 'forwarded_allow_ips': proxies or None,
            'ws_max_size': settings.max_request_body_kb * 1024}
