"""Server-side request forgery guard for webhook URLs: http(s) only, and no loopback, link-local, private,
multicast or reserved address — checked on every address the host name resolves to, when the endpoint is
saved and again before each delivery (a DNS answer can change). WEBHOOK_ALLOW_PRIVATE lifts the address rule."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from app.errors import Invalid

MAX_URL = 2000


def _refuse(message: str) -> Invalid:
    return Invalid(f'url: {message}', {'url': message})


def check_url(url: str, *, allow_private: bool) -> str:
    """The URL, stripped, or Invalid saying why it cannot be a webhook target."""
    url = url.strip()
    if not url or len(url) > MAX_URL:
        raise _refuse(f'Enter an http:// or https:// URL of at most {MAX_URL} characters.')
    parts = urlsplit(url)
    if parts.scheme not in ('http', 'https') or not parts.hostname:
        raise _refuse('Enter an http:// or https:// URL with a host name.')
    if parts.username or parts.password:
        raise _refuse('Put credentials in the signing secret, not in the URL.')
    try:
        port = parts.port or (443 if parts.scheme == 'https' else 80)
    except ValueError:
        raise _refuse('The port in the URL is not a number between 1 and 65535.') from None
    if not allow_private:
        for address in _addresses(parts.hostname, port):
            if not address.is_global or address.is_multicast:
                raise _refuse(f'{parts.hostname} resolves to {address}, a loopback, private or link-local address. '
                              'Webhooks only go to public addresses unless an administrator sets '
                              'WEBHOOK_ALLOW_PRIVATE.')
    return url


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        literal = ipaddress.ip_address(host.strip('[]'))
    except ValueError:
        literal = None
    if literal is not None:
        return [_unmapped(literal)]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise _refuse(f'The host name {host} does not resolve.') from None
    return [_unmapped(ipaddress.ip_address(info[4][0])) for info in infos]


def _unmapped(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    # ::ffff:127.0.0.1 is loopback too.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address
