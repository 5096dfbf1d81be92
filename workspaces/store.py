"""Installations and report channels, in one SQL database (SQLite in PYFW_DATA_DIR, or PYFW_DATABASE_URL).

Three kinds of rows, all through SQLAlchemy:
- slack_sdk's `SQLAlchemyInstallationStore` (tables `slack_installations`, `slack_bots`): what Bolt's OAuth flow
  saves, what Bolt's authorize reads for each request, what Bolt's token-revocation listeners delete;
- slack_sdk's `SQLAlchemyOAuthStateStore` (`slack_oauth_states`): the single-use states of installs in progress,
  wrapped in `SignedStateStore`;
- pyfw's own `pyfw_report_channels`: the channel each workspace chose in the App Home for link reports. It sits
  beside the installations so one database holds everything about a workspace, and an uninstall forgets both.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import sqlalchemy
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.sqlalchemy_utils import normalize_datetime_for_db
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Column, Float, MetaData, String, Table, and_
from sqlalchemy.exc import SQLAlchemyError

from common.settings import Settings, SettingsError
from workspaces.state import SignedStateStore

log = logging.getLogger("pyfw.workspaces")

T = TypeVar("T")
STATE_SECONDS = 10 * 60  # an install must be finished within 10 minutes of opening /slack/install (Slack's default)


class WorkspacesError(SettingsError):
    """PYFW_DATABASE_URL or PYFW_DATA_DIR cannot be used (a malformed URL, a missing driver, a folder that cannot
    be made): fix the setting. One line, without a password; the CLI prints it like any bad setting."""


class WorkspacesUnavailable(OSError):
    """The installations database cannot be reached or used right now; one line, without a password.

    An OSError, like a refused connection: the callers that already treat Redis or network trouble as "try again
    later" (the workers' retries, link health's "unavailable") treat an unreachable database the same way.
    """


def _reachable(method: Callable[..., T]) -> Callable[..., T]:
    """Turn SQLAlchemy's errors in `method` into WorkspacesUnavailable (one line, no SQL, no password)."""

    @functools.wraps(method)
    def wrapped(self: Workspaces, *args, **kwargs) -> T:
        try:
            return method(self, *args, **kwargs)
        except SQLAlchemyError as exc:
            raise WorkspacesUnavailable(
                f"the installations database {self.where} cannot be used: {_safe(exc)}"
            ) from None

    return wrapped


class ExpiringStateStore(SQLAlchemyOAuthStateStore):
    """slack_sdk's state store, which deletes a state only when it is consumed: anyone can load the install page,
    so each new state first deletes the expired ones, and the table never holds more than 10 minutes of them."""

    def issue(self, *args, **kwargs) -> str:
        now = normalize_datetime_for_db(datetime.now(tz=UTC))
        with self.engine.begin() as connection:
            connection.execute(self.oauth_states.delete().where(self.oauth_states.c.expire_at <= now))
        return super().issue(*args, **kwargs)


@dataclass(frozen=True)
class ReportChannel:
    """The channel a workspace chose for link reports, who chose it and when."""

    team_id: str
    channel: str
    enterprise_id: str | None = None
    chosen_by: str | None = None
    chosen_at: float = 0.0


class Workspaces:
    """The installations of one Slack app (its client id) and the report channels of its workspaces."""

    def __init__(self, database_url: str, client_id: str, state_secret: str | None = None) -> None:
        try:
            self.engine = sqlalchemy.create_engine(database_url, pool_pre_ping=True)
        except Exception as exc:  # noqa: BLE001 - a malformed URL or a driver that is not installed
            reason = _safe(exc).replace(database_url, "(the URL)")  # a URL that does not parse is quoted whole
            raise WorkspacesError(f"PYFW_DATABASE_URL cannot be used: {type(exc).__name__}: {reason}") from None
        self.where = self.engine.url.render_as_string(hide_password=True)
        self.client_id = client_id
        self.installations = SQLAlchemyInstallationStore(client_id=client_id, engine=self.engine, logger=log)
        self._states = ExpiringStateStore(expiration_seconds=STATE_SECONDS, engine=self.engine, logger=log)
        self.states = SignedStateStore(self._states, state_secret) if state_secret else None
        self._metadata = MetaData()
        self._channels = Table(
            "pyfw_report_channels",
            self._metadata,
            Column("client_id", String(32), primary_key=True),
            Column("team_id", String(32), primary_key=True),
            Column("enterprise_id", String(32)),
            Column("channel", String(32), nullable=False),
            Column("chosen_by", String(32)),
            Column("chosen_at", Float, nullable=False),
        )

    def create_tables(self) -> None:
        """Create whatever tables are missing (every pyfw process may, so the first one to start does)."""
        if self.engine.url.get_backend_name() == "sqlite" and self.engine.url.database not in (None, "", ":memory:"):
            folder = Path(self.engine.url.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)  # bot tokens: for pyfw's user only
            except OSError as exc:
                raise WorkspacesError(
                    f"cannot create {folder} for the installations (PYFW_DATA_DIR): {exc.strerror}"
                ) from None
        for attempt in range(3):
            try:
                self.installations.create_tables()
                self._states.create_tables()
                self._metadata.create_all(self.engine)
                return
            except SQLAlchemyError as exc:  # two processes creating the same table at once: the second retries
                if attempt == 2:
                    raise WorkspacesUnavailable(
                        f"the installations database {self.where} cannot be used: {_safe(exc)}"
                    ) from None
                time.sleep(0.2)

    @_reachable
    def bot_token(self, team_id: str, enterprise_id: str | None = None) -> str | None:
        """The workspace's bot token from the installation store (None when pyfw is not installed there)."""
        bot = self.installations.find_bot(enterprise_id=enterprise_id, team_id=team_id)
        return bot.bot_token if bot else None

    @_reachable
    def choose_channel(self, team_id: str, channel: str, chosen_by: str, enterprise_id: str | None = None) -> None:
        """Record `channel` as the workspace's report channel (replacing any earlier choice)."""
        table = self._channels
        with self.engine.begin() as conn:
            conn.execute(table.delete().where(self._row(team_id)))
            conn.execute(
                table.insert(),
                {
                    "client_id": self.client_id,
                    "team_id": team_id,
                    "enterprise_id": enterprise_id,
                    "channel": channel,
                    "chosen_by": chosen_by,
                    "chosen_at": time.time(),
                },
            )
        log.info("workspace %s chose %s for link reports (by %s)", team_id, channel, chosen_by)

    @_reachable
    def report_channel(self, team_id: str) -> ReportChannel | None:
        with self.engine.connect() as conn:
            row = conn.execute(self._channels.select().where(self._row(team_id))).mappings().first()
        return _channel(row) if row else None

    def report_token(self, team_id: str) -> str | None:
        """The bot token to post a workspace's reports with (its installation's, found with the organization the
        workspace belongs to in an Enterprise Grid, as recorded when its channel was chosen)."""
        chosen = self.report_channel(team_id)
        return self.bot_token(team_id, chosen.enterprise_id if chosen else None)

    @_reachable
    def forget_channel(self, team_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(self._channels.delete().where(self._row(team_id)))

    @_reachable
    def report_channels(self) -> list[ReportChannel]:
        """Every workspace that chose a report channel and still has pyfw installed (a bot token), by team id."""
        table = self._channels
        with self.engine.connect() as conn:
            rows = conn.execute(
                table.select().where(table.c.client_id == self.client_id).order_by(table.c.team_id)
            ).mappings()
            chosen = [_channel(row) for row in rows]
        return [c for c in chosen if self.bot_token(c.team_id, c.enterprise_id)]

    def _row(self, team_id: str):
        return and_(self._channels.c.client_id == self.client_id, self._channels.c.team_id == team_id)


@lru_cache(maxsize=8)
def _open(database_url: str, client_id: str, state_secret: str | None) -> Workspaces:
    workspaces = Workspaces(database_url, client_id, state_secret)
    workspaces.create_tables()
    return workspaces


def open_workspaces(settings: Settings) -> Workspaces:
    """The process's `Workspaces` for these settings (one engine and connection pool per database), tables made."""
    if not settings.slack_client_id:
        raise WorkspacesError("SLACK_CLIENT_ID not set: OAuth mode needs it to find the app's installations")
    return _open(settings.database, settings.slack_client_id, settings.slack_state_secret)


def _channel(row) -> ReportChannel:
    return ReportChannel(
        team_id=row["team_id"],
        channel=row["channel"],
        enterprise_id=row["enterprise_id"],
        chosen_by=row["chosen_by"],
        chosen_at=float(row["chosen_at"] or 0),
    )


def _safe(exc: Exception) -> str:
    """An exception's first line, without the SQL statement and parameters SQLAlchemy appends."""
    text = str(getattr(exc, "orig", None) or exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:300]
