"""Settings from the environment, validated at start-up with one clear message per problem.

A platform whose credentials are all absent is simply disabled; one that is half
configured is an error, because a silently disabled channel looks like an outage.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bot.legal_currency import DEFAULT_REVIEW_MAX_AGE_DAYS
from bot.project_paths import kb_dir_from
from broadcasts.engine import EngineSettings
from broadcasts.routing import QuietHours
from channels.retry_policy import RetryPolicy

DEFAULT_FACEBOOK_GRAPH_BASE = "https://graph.facebook.com"
DEFAULT_ZALO_API_BASE = "https://openapi.zalo.me"
DEFAULT_ZALO_OAUTH_BASE = "https://oauth.zaloapp.com"

# Which concatenation Zalo signs; platforms/zalo.md §1.2 marks the secret and the first
# term UNVERIFIED, so the documented form is the default and the others are switches.
ZALO_SIGNATURE_VARIANTS = ("app_id+oa_secret_key", "oa_id+oa_secret_key", "app_id+app_secret")

# Defaults that belong to the code they tune are read from it, never written again here.
_ENGINE = EngineSettings()
_RETRY = RetryPolicy()


class SettingsError(Exception):
    """Every problem found, so an operator fixes the environment in one go."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid settings:\n" + "\n".join(f"- {p}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class FacebookSettings:
    app_secret: str
    page_access_token: str
    verify_token: str
    page_id: str | None
    graph_base: str


@dataclass(frozen=True)
class ZaloSettings:
    app_id: str
    app_secret: str
    oa_secret_key: str
    oa_id: str | None
    access_token: str
    refresh_token: str
    api_base: str
    oauth_base: str
    signature_variant: str
    replay_window_seconds: int
    quick_reply_buttons: bool


@dataclass(frozen=True)
class BroadcastSettings:
    senders: int = _ENGINE.senders
    # Sends per second; None keeps the rate the channel declares (under the platform's
    # published limit), 0 lifts the limit (benchmarks only).
    rate_facebook: float | None = None
    rate_zalo: float | None = None
    zalo_paid_messages: bool = _ENGINE.zalo_paid_enabled
    quiet_hours: QuietHours = QuietHours()
    misfire_grace_seconds: int = 3600
    feeds: tuple[str, ...] = ()
    feed_poll_minutes: int = 60
    zalo_article_cover_url: str | None = None
    lease_seconds: float = _ENGINE.lease_seconds


@dataclass(frozen=True)
class ConsoleSettings:
    # None: a random key is generated once and kept in the database (one server).
    secret_key: str | None = None
    secure_cookies: bool = True
    session_hours: float = 8.0
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    login_failures_per_address: int = 20
    # Officials' answers 24 h to 7 days after a Messenger user's last message carry the
    # HUMAN_AGENT tag; the Page's app needs Meta's Human Agent feature for it.
    facebook_human_agent: bool = True


@dataclass(frozen=True)
class Settings:
    database_path: Path
    facebook: FacebookSettings | None
    zalo: ZaloSettings | None
    simulator_enabled: bool = True
    simulator_messages_per_minute: int = 20
    worker_threads: int = 4
    max_body_bytes: int = 2 * 1024 * 1024
    retry_base_seconds: float = _RETRY.base_seconds
    retry_max_seconds: float = _RETRY.max_seconds
    reply_retry_hours: float = 24.0
    max_send_attempts: int = _RETRY.max_attempts
    typing_delay_seconds: float = 0.3
    province: str = "Hà Nội"
    national_qa_url: str = ""
    communes_csv: Path | None = None
    broadcasts: BroadcastSettings = BroadcastSettings()
    console: ConsoleSettings = ConsoleSettings()
    kb_dir: Path = field(default_factory=lambda: kb_dir_from(os.environ))
    kb_review_max_age_days: int = DEFAULT_REVIEW_MAX_AGE_DAYS

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        reader = _Reader(environ)
        facebook, zalo = _facebook(reader), _zalo(reader)
        default = _defaults(cls)
        settings = cls(
            database_path=Path(reader.text("DATABASE_PATH", "var/assistant.db")),
            facebook=facebook,
            zalo=zalo,
            # Off by default once a real platform is configured: on a public server it
            # would let anyone post into the officials' queues.
            simulator_enabled=reader.flag("SIMULATOR_ENABLED", facebook is None and zalo is None),
            simulator_messages_per_minute=reader.integer(
                "SIMULATOR_MESSAGES_PER_MINUTE",
                default["simulator_messages_per_minute"],
                minimum=1,
                maximum=10_000,
            ),
            worker_threads=reader.integer(
                "WORKER_THREADS", default["worker_threads"], minimum=1, maximum=64
            ),
            max_body_bytes=reader.integer(
                "MAX_BODY_BYTES", default["max_body_bytes"], minimum=1024
            ),
            retry_base_seconds=reader.number(
                "RETRY_BASE_SECONDS", default["retry_base_seconds"], minimum=0.001
            ),
            retry_max_seconds=reader.number(
                "RETRY_MAX_SECONDS", default["retry_max_seconds"], minimum=0.001
            ),
            reply_retry_hours=reader.number(
                "REPLY_RETRY_HOURS", default["reply_retry_hours"], minimum=0.00001
            ),
            max_send_attempts=reader.integer(
                "MAX_SEND_ATTEMPTS", default["max_send_attempts"], minimum=1, maximum=100
            ),
            typing_delay_seconds=reader.number(
                "TYPING_DELAY_SECONDS", default["typing_delay_seconds"], minimum=0.0
            ),
            province=reader.text("PROVINCE", default["province"]),
            national_qa_url=_https_or_problem(reader, "NATIONAL_QA_URL"),
            communes_csv=Path(reader.text("COMMUNES_CSV")) if reader.text("COMMUNES_CSV") else None,
            broadcasts=_broadcasts(reader),
            console=_console(reader),
            kb_dir=kb_dir_from(environ),
            kb_review_max_age_days=reader.integer(
                "KB_REVIEW_MAX_AGE_DAYS",
                default["kb_review_max_age_days"],
                minimum=1,
                maximum=3650,
            ),
        )
        if reader.problems:
            raise SettingsError(reader.problems)
        return settings

    @property
    def enabled_channels(self) -> list[str]:
        names = [name for name in ("facebook", "zalo") if getattr(self, name) is not None]
        return [*names, "simulator"] if self.simulator_enabled else names


def _defaults(settings_class: type) -> dict[str, Any]:
    """Each field's default as written on the field, for the environment reader."""
    return {
        spec.name: spec.default for spec in fields(settings_class) if spec.default is not MISSING
    }


def _broadcasts(reader: _Reader) -> BroadcastSettings:
    default = BroadcastSettings()
    quiet = default.quiet_hours
    quiet_start, quiet_end = reader.time_range("QUIET_HOURS", (quiet.start, quiet.end))
    feeds = tuple(url for url in reader.text("NEW_LAW_FEEDS").replace(",", " ").split() if url)
    for url in feeds:
        if urlparse(url).scheme not in ("http", "https"):
            reader.problems.append(f"NEW_LAW_FEEDS: {url!r} is not an http(s) URL")
    cover = reader.text("ZALO_ARTICLE_COVER_URL")
    return BroadcastSettings(
        senders=reader.integer("BROADCAST_SENDERS", default.senders, minimum=1, maximum=128),
        rate_facebook=reader.optional_number("BROADCAST_RATE_FACEBOOK", minimum=0.0),
        rate_zalo=reader.optional_number("BROADCAST_RATE_ZALO", minimum=0.0),
        zalo_paid_messages=reader.flag("ZALO_PAID_MESSAGES", default.zalo_paid_messages),
        quiet_hours=QuietHours(quiet_start, quiet_end),
        misfire_grace_seconds=reader.integer(
            "BROADCAST_MISFIRE_GRACE_SECONDS",
            default.misfire_grace_seconds,
            minimum=1,
            maximum=7 * 86400,
        ),
        feeds=feeds,
        feed_poll_minutes=reader.integer(
            "FEED_POLL_MINUTES", default.feed_poll_minutes, minimum=1, maximum=1440
        ),
        zalo_article_cover_url=reader.url("ZALO_ARTICLE_COVER_URL", cover) if cover else None,
        lease_seconds=reader.number("BROADCAST_LEASE_SECONDS", default.lease_seconds, minimum=1.0),
    )


def _console(reader: _Reader) -> ConsoleSettings:
    default = ConsoleSettings()
    secret = reader.text("CONSOLE_SECRET_KEY") or None
    if secret is not None and len(secret) < 32:
        reader.problems.append("CONSOLE_SECRET_KEY must be at least 32 characters")
    return ConsoleSettings(
        secret_key=secret,
        secure_cookies=reader.flag("CONSOLE_SECURE_COOKIES", default.secure_cookies),
        session_hours=reader.number("CONSOLE_SESSION_HOURS", default.session_hours, minimum=0.1),
        max_failed_logins=reader.integer(
            "CONSOLE_MAX_FAILED_LOGINS", default.max_failed_logins, minimum=1, maximum=100
        ),
        lockout_minutes=reader.integer(
            "CONSOLE_LOCKOUT_MINUTES", default.lockout_minutes, minimum=1, maximum=1440
        ),
        login_failures_per_address=reader.integer(
            "CONSOLE_LOGIN_FAILURES_PER_ADDRESS",
            default.login_failures_per_address,
            minimum=1,
            maximum=10000,
        ),
        facebook_human_agent=reader.flag("FACEBOOK_HUMAN_AGENT", default.facebook_human_agent),
    )


def _facebook(reader: _Reader) -> FacebookSettings | None:
    required = ("FACEBOOK_APP_SECRET", "FACEBOOK_PAGE_ACCESS_TOKEN", "FACEBOOK_VERIFY_TOKEN")
    if not reader.group_is_complete("Facebook", required):
        return None
    return FacebookSettings(
        app_secret=reader.text(required[0]),
        page_access_token=reader.text(required[1]),
        verify_token=reader.text(required[2]),
        page_id=reader.text("FACEBOOK_PAGE_ID") or None,
        graph_base=reader.url("FACEBOOK_GRAPH_BASE", DEFAULT_FACEBOOK_GRAPH_BASE),
    )


def _zalo(reader: _Reader) -> ZaloSettings | None:
    required = (
        "ZALO_APP_ID",
        "ZALO_APP_SECRET",
        "ZALO_OA_SECRET_KEY",
        "ZALO_ACCESS_TOKEN",
        "ZALO_REFRESH_TOKEN",
    )
    if not reader.group_is_complete("Zalo", required):
        return None
    variant = reader.text("ZALO_SIGNATURE_VARIANT", ZALO_SIGNATURE_VARIANTS[0])
    if variant not in ZALO_SIGNATURE_VARIANTS:
        reader.problems.append(
            f"ZALO_SIGNATURE_VARIANT must be one of {', '.join(ZALO_SIGNATURE_VARIANTS)}"
        )
    oa_id = reader.text("ZALO_OA_ID") or None
    if variant.startswith("oa_id") and not oa_id:
        reader.problems.append("ZALO_OA_ID is required by ZALO_SIGNATURE_VARIANT=" + variant)
    return ZaloSettings(
        app_id=reader.text("ZALO_APP_ID"),
        app_secret=reader.text("ZALO_APP_SECRET"),
        oa_secret_key=reader.text("ZALO_OA_SECRET_KEY"),
        oa_id=oa_id,
        access_token=reader.text("ZALO_ACCESS_TOKEN"),
        refresh_token=reader.text("ZALO_REFRESH_TOKEN"),
        api_base=reader.url("ZALO_API_BASE", DEFAULT_ZALO_API_BASE),
        oauth_base=reader.url("ZALO_OAUTH_BASE", DEFAULT_ZALO_OAUTH_BASE),
        signature_variant=variant,
        # Zalo retries a failed delivery for about two hours (30 s … 1 h), with the
        # original timestamp: a shorter window would refuse its own retries.
        replay_window_seconds=reader.integer(
            "ZALO_REPLAY_WINDOW_SECONDS", 7200, minimum=60, maximum=86400
        ),
        quick_reply_buttons=reader.flag("ZALO_QUICK_REPLY_BUTTONS", False),
    )


class _Reader:
    """Reads typed values and collects problems instead of failing at the first one."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ
        self.problems: list[str] = []

    def text(self, name: str, default: str = "") -> str:
        return self._environ.get(name, "").strip() or default

    def group_is_complete(self, platform: str, names: tuple[str, ...]) -> bool:
        missing = [name for name in names if not self.text(name)]
        if len(missing) == len(names):
            return False
        if missing:
            self.problems.append(
                f"{platform} is partly configured: set {', '.join(missing)} "
                f"(or unset all of {', '.join(names)} to disable {platform})"
            )
            return False
        return True

    def integer(self, name: str, default: int, minimum: int, maximum: int | None = None) -> int:
        raw = self.text(name)
        if not raw:
            return default
        try:
            value = int(raw)
        except ValueError:
            self.problems.append(f"{name} must be a whole number, got {raw!r}")
            return default
        if value < minimum or (maximum is not None and value > maximum):
            limits = f"between {minimum} and {maximum}" if maximum else f"at least {minimum}"
            self.problems.append(f"{name} must be {limits}, got {value}")
            return default
        return value

    def number(self, name: str, default: float, minimum: float) -> float:
        raw = self.text(name)
        if not raw:
            return default
        try:
            value = float(raw)
        except ValueError:
            self.problems.append(f"{name} must be a number, got {raw!r}")
            return default
        if value < minimum:
            self.problems.append(f"{name} must be at least {minimum}, got {value}")
            return default
        return value

    def optional_number(self, name: str, minimum: float) -> float | None:
        """The number if the setting is given, else None (the code's own default). A bad
        value is recorded as a problem, so the fallback passed on is never used."""
        return self.number(name, minimum, minimum) if self.text(name) else None

    def flag(self, name: str, default: bool) -> bool:
        raw = self.text(name).lower()
        if not raw:
            return default
        if raw in ("1", "true", "yes", "on"):
            return True
        if raw in ("0", "false", "no", "off"):
            return False
        self.problems.append(f"{name} must be true or false, got {raw!r}")
        return default

    def time_range(self, name: str, default: tuple[dt.time, dt.time]) -> tuple[dt.time, dt.time]:
        raw = self.text(name)
        if not raw:
            return default
        try:
            start, end = (dt.time.fromisoformat(part.strip()) for part in raw.split("-"))
        except ValueError:
            self.problems.append(f"{name} must look like 21:00-07:00, got {raw!r}")
            return default
        return start, end

    def url(self, name: str, default: str) -> str:
        raw = self.text(name, default)
        parsed = urlparse(raw)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            self.problems.append(f"{name} must be an http(s) URL, got {raw!r}")
            return default
        return raw.rstrip("/")


def _https_or_problem(reader: _Reader, name: str) -> str:
    value = reader.text(name)
    if value and not value.startswith("https://"):
        reader.problems.append(f"{name} must be an https:// address")
        return ""
    return value
