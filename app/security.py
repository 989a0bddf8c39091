"""Password hashing (argon2 via passlib), API tokens (HS256 JWT) and login rate limits."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from passlib.context import CryptContext

from app.db_types import utcnow

# OWASP's argon2id baseline (19 MiB, 2 passes): strong, yet ~30 ms so logins stay snappy on 2 cores.
_passwords = CryptContext(
    schemes=['argon2'], argon2__memory_cost=19456, argon2__rounds=2, argon2__parallelism=1,
)
# Verified against when the email is unknown, so both failure paths cost the same time.
_DUMMY_HASH = _passwords.hash('panelist-timing-equalizer')

JWT_ALGORITHM = 'HS256'
JWT_AUDIENCE = 'panelist-api'
JWT_ISSUER = 'panelist'
PASSWORD_MIN = 8
PASSWORD_MAX = 128


def hash_password(password: str) -> str:
    return _passwords.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant-cost check: an unknown account still pays for one argon2 verification."""
    if password_hash is None:
        _passwords.verify(password, _DUMMY_HASH)
        return False
    try:
        return _passwords.verify(password, password_hash)
    except (ValueError, TypeError):
        return False


def derive_key(secret: str, purpose: str) -> str:
    """A separate key per purpose (JWT, UI session storage) from the one SECRET_KEY."""
    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    organization_id: int
    token_version: int


def issue_token(secret: str, claims: TokenClaims, ttl: timedelta) -> str:
    now = utcnow()
    payload = {
        'sub': str(claims.user_id),
        'org': claims.organization_id,
        'ver': claims.token_version,
        'aud': JWT_AUDIENCE,
        'iss': JWT_ISSUER,
        'iat': int(now.timestamp()),
        'exp': int((now + ttl).timestamp()),
    }
    return jwt.encode(payload, derive_key(secret, 'jwt'), algorithm=JWT_ALGORITHM)


def read_token(secret: str, token: str) -> TokenClaims | None:
    """Claims of a valid token, or None for anything expired, tampered, unsigned or mis-addressed."""
    try:
        payload = jwt.decode(
            token,
            derive_key(secret, 'jwt'),
            algorithms=[JWT_ALGORITHM],  # pinning the algorithm is what rejects alg:none
            audience=JWT_AUDIENCE,
            issuer=JWT_ISSUER,
            options={'require': ['exp', 'aud', 'iss', 'sub']},
        )
        return TokenClaims(int(payload['sub']), int(payload['org']), int(payload['ver']))
    except (jwt.PyJWTError, KeyError, TypeError, ValueError):
        return None


def sign_link(secret: str, purpose: str, nonce: str, expires_at: datetime) -> str:
    """A link token: the random `nonce` (whose hash the database keeps, so the link works once) signed with
    a key of its own for `purpose`, and its expiry — a forged, altered or expired token is refused by
    `read_link` without touching the database."""
    payload = {'n': nonce, 'aud': purpose, 'exp': int(expires_at.timestamp())}
    return jwt.encode(payload, derive_key(secret, f'link:{purpose}'), algorithm=JWT_ALGORITHM)


def read_link(secret: str, purpose: str, token: str) -> str | None:
    """The nonce of a valid, unexpired link token for `purpose`; None for anything else."""
    try:
        payload = jwt.decode(token, derive_key(secret, f'link:{purpose}'), algorithms=[JWT_ALGORITHM],
                             audience=purpose, options={'require': ['exp', 'aud']})
        nonce = payload['n']
    except (jwt.PyJWTError, KeyError, TypeError):
        return None
    return nonce if isinstance(nonce, str) and nonce else None


class WindowLimiter:
    """Counts events (failed sign-ins, new applications) per key in a sliding window.

    In-memory because Panelist runs as one process.
    """

    def __init__(self, max_events: int, window_seconds: float) -> None:
        self.max_events = max_events
        self.window = window_seconds
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many keys are tracked (their events still inside the window)."""
        with self._lock:
            return len(self._events)

    def retry_after(self, key: str) -> int:
        """Seconds until `key` may try again (0 when it is not limited)."""
        with self._lock:
            events = self._prune(key)
            if len(events) < self.max_events:
                return 0
            return max(1, int(events[0] + self.window - time.monotonic()) + 1)

    def record(self, key: str) -> None:
        with self._lock:
            self._prune(key)
            self._events.setdefault(key, deque()).append(time.monotonic())

    def reset(self, key: str) -> None:
        with self._lock:
            self._events.pop(key, None)

    def _prune(self, key: str) -> deque[float]:
        events = self._events.get(key)
        if events is None:
            return deque()
        cutoff = time.monotonic() - self.window
        while events and events[0] <= cutoff:
            events.popleft()
        if not events:
            # Drop idle keys so a flood of random emails or addresses can't grow memory without bound.
            del self._events[key]
        return events


def human_wait(seconds: int) -> str:
    """'45 seconds' or '3 minutes': how long a rate-limited user should wait, for messages."""
    minutes = (seconds + 59) // 60
    return f'{minutes} minute{"s" if minutes != 1 else ""}' if seconds >= 60 else f'{seconds} seconds'
