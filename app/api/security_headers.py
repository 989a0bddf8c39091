"""Security headers on every response, pages and API alike (ASGI middleware).

The Content-Security-Policy is the strictest NiceGUI runs under: its page template has inline
scripts and Vue compiles component templates at run time ('unsafe-inline', 'unsafe-eval'), but
everything loads from this server, nothing may frame a page (the interview room and the apply page
included: clickjacking), and no form posts elsewhere. The Swagger UI at /docs loads its script
from a CDN, so only those pages allow it. HSTS is sent when PUBLIC_URL is https.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import get_settings

_CSP = {
    'default-src': "'self'",
    'script-src': "'self' 'unsafe-inline' 'unsafe-eval'",
    'style-src': "'self' 'unsafe-inline'",
    'img-src': "'self' data: blob:",
    'media-src': "'self' data: blob:",
    'font-src': "'self' data:",
    'connect-src': "'self'",
    'worker-src': "'self' blob:",
    'object-src': "'none'",
    'base-uri': "'self'",
    'form-action': "'self'",
    'frame-ancestors': "'none'",
}
_DOCS_CDN = 'https://cdn.jsdelivr.net'
_DOCS_PATHS = ('/docs', '/redoc')


def content_security_policy(path: str) -> str:
    policy = dict(_CSP)
    if path.startswith(_DOCS_PATHS):
        policy['script-src'] += f' {_DOCS_CDN}'
        policy['style-src'] += f' {_DOCS_CDN}'
        policy['img-src'] += ' https://fastapi.tiangolo.com'
    return '; '.join(f'{name} {value}' for name, value in policy.items())


def security_headers(path: str) -> dict[str, str]:
    headers = {
        'Content-Security-Policy': content_security_policy(path),
        'X-Frame-Options': 'DENY',
        'X-Content-Type-Options': 'nosniff',
        # The interview link carries its token in the path: never send it to another site.
        'Referrer-Policy': 'same-origin',
        'Permissions-Policy': 'camera=(self), microphone=(self), geolocation=(), payment=()',
        'Cross-Origin-Opener-Policy': 'same-origin',
    }
    if get_settings().public_url.lower().startswith('https://'):
        headers['Strict-Transport-Security'] = 'max-age=31536000'
    return headers


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope['path'])

        async def with_headers(message: Message) -> None:
            if message['type'] == 'http.response.start':
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    if name not in headers:  # a route that sets its own (e.g. a stricter CSP) keeps it
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)
