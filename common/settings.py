"""The one settings object, read from the environment (and `.env`) in one place and passed in from there.

Secrets are kept out of `repr`, so printing or logging the settings never shows a token.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import load_dotenv

DAY_SECONDS = 24 * 60 * 60


class SettingsError(ValueError):
    """An environment variable with a value pyfw cannot use; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    catalog_path: str | None = None
    redis_url: str | None = None
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_api_url: str | None = None
    report_channel: str | None = None
    linkcheck_schedule: str = str(DAY_SECONDS)
    digest_schedule: str | None = None
    fail_threshold: int = 2
    linkcheck_time_limit: int = 30 * 60
    allow_private_links: bool = False
    log_format: str = "text"
    port: int = 3000
    gaps_retention_days: int = 90
    gaps_max_questions: int = 5000
    curators: tuple[str, ...] = ()
    # OAuth mode (install into any workspace): see `oauth` below and the README's "Install into any workspace".
    slack_client_id: str | None = None
    slack_client_secret: str | None = field(default=None, repr=False)
    slack_state_secret: str | None = field(default=None, repr=False)
    data_dir: str = "data"
    database_url: str | None = field(default=None, repr=False)  # may carry a database password

    @property
    def oauth(self) -> bool:
        """True in OAuth mode: no SLACK_BOT_TOKEN, and any of the OAuth settings given (each workspace's bot token
        then comes from the installation store). With SLACK_BOT_TOKEN, single-workspace mode, as before."""
        return not self.slack_bot_token and bool(
            self.slack_client_id or self.slack_client_secret or self.slack_state_secret
        )

    @property
    def secrets(self) -> list[str | None]:
        """Every configured secret, for the log filter and error messages to redact."""
        password = urlsplit(self.database_url).password if self.database_url else None
        return [
            self.slack_bot_token,
            self.slack_signing_secret,
            self.slack_app_token,
            self.slack_client_secret,
            self.slack_state_secret,
            password,
        ]

    @property
    def database(self) -> str:
        """The SQLAlchemy URL of the installations: PYFW_DATABASE_URL, or SQLite in PYFW_DATA_DIR."""
        return self.database_url or f"sqlite:///{Path(self.data_dir).absolute() / 'pyfw.sqlite3'}"

    @property
    def has_slack(self) -> bool:
        """True when a Slack bot token (or OAuth mode) is configured, so the real bot (not the console chat) runs."""
        return bool(self.slack_bot_token) or self.oauth

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from `environ` (default: the process environment); raises SettingsError on a bad value."""
        env = os.environ if environ is None else environ

        def text(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        return cls(
            catalog_path=text("PYFW_CATALOG"),
            redis_url=text("REDIS_URL"),
            slack_bot_token=text("SLACK_BOT_TOKEN"),
            slack_signing_secret=text("SLACK_SIGNING_SECRET"),
            slack_app_token=text("SLACK_APP_TOKEN"),
            slack_api_url=text("SLACK_API_URL"),
            report_channel=text("PYFW_REPORT_CHANNEL"),
            linkcheck_schedule=text("PYFW_LINKCHECK_SCHEDULE") or str(DAY_SECONDS),
            digest_schedule=text("PYFW_DIGEST_SCHEDULE"),
            fail_threshold=_int(env, "PYFW_FAIL_THRESHOLD", 2, minimum=1),
            linkcheck_time_limit=_int(env, "PYFW_LINKCHECK_TIME_LIMIT", 30 * 60, minimum=1),
            allow_private_links=_flag(env, "PYFW_ALLOW_PRIVATE_LINKS"),
            log_format=_choice(env, "LOG_FORMAT", "text", ("text", "json")),
            port=_int(env, "PORT", 3000, minimum=1),
            gaps_retention_days=_int(env, "PYFW_GAPS_RETENTION_DAYS", 90, minimum=1),
            gaps_max_questions=_int(env, "PYFW_GAPS_MAX_QUESTIONS", 5000, minimum=1),
            curators=_user_ids(env, "PYFW_CURATORS"),
            slack_client_id=text("SLACK_CLIENT_ID"),
            slack_client_secret=text("SLACK_CLIENT_SECRET"),
            slack_state_secret=text("SLACK_STATE_SECRET"),
            data_dir=text("PYFW_DATA_DIR") or "data",
            database_url=text("PYFW_DATABASE_URL"),
        )


def _int(env: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise SettingsError(f"{name} must be 1 or 0, got {raw!r}")


def _choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = env.get(name, "").strip().lower() or default
    if raw not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return raw


def _user_ids(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    ids = tuple(dict.fromkeys(part.strip() for part in env.get(name, "").split(",") if part.strip()))
    bad = [i for i in ids if not re.fullmatch(r"[UW][A-Z0-9]{2,30}", i)]
    if bad:
        raise SettingsError(f"{name} must be Slack user ids separated by commas (like U012AB3CD), got {bad[0]!r}")
    return ids


def redis_location(url: str) -> str:
    """The Redis URL without its password, for messages."""
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname or '?'}{port}{parts.path}"


def read_dotenv(path: str | Path = ".env") -> None:
    """Add the settings in `path`, if it exists, to the environment without overriding what is set already.

    python-dotenv reads it: quotes, `export KEY=...` and `KEY=value  # a comment` all mean what a shell means.
    """
    try:
        load_dotenv(path, override=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{path}: not valid UTF-8 (byte {exc.start})") from None
