"""The start-up check before serving: a usable catalog, the tokens the mode needs, and a bot token Slack accepts.
In OAuth mode (`pyfw web` without SLACK_BOT_TOKEN): the four OAuth settings and a usable installations database.

A problem becomes a `StartupError` whose message is one line naming it (never a token's value).
"""

from __future__ import annotations

import logging

from catalog import CatalogError, load_catalog
from catalog.model import Catalog
from common.settings import Settings


class StartupError(Exception):
    """Why pyfw cannot serve, in one line."""


def check(settings: Settings, mode: str) -> Catalog:
    """The loaded catalog if everything `mode` ("web" or "socket") needs is in place; else StartupError."""
    try:
        catalog = load_catalog(settings.catalog_path)
    except CatalogError as exc:
        raise StartupError(f"the catalog cannot be used: {exc}") from None
    if mode == "web" and settings.oauth:
        _check_oauth(settings)
        return catalog
    if settings.slack_bot_token and (settings.slack_client_id or settings.slack_client_secret):
        # Bolt itself turns its own OAuth flow on (file stores, the bot token dropped) when it finds SLACK_CLIENT_ID
        # and SLACK_CLIENT_SECRET in the environment: both modes at once would quietly break single-workspace mode.
        raise StartupError(
            "SLACK_BOT_TOKEN and SLACK_CLIENT_ID/SLACK_CLIENT_SECRET are both set: unset SLACK_BOT_TOKEN to install "
            "into any workspace (OAuth mode), or unset SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for one workspace"
        )
    missing = [name for name, value in _required(settings, mode) if not value]
    if missing:
        raise StartupError(
            f"{' and '.join(missing)} not set (needed by 'pyfw {mode}'; see the README's Slack app section)"
        )
    if mode == "socket" and not settings.slack_app_token.startswith("xapp-"):
        raise StartupError("SLACK_APP_TOKEN must be an app-level token starting with 'xapp-'")
    _check_bot_token(settings)
    return catalog


def _required(settings: Settings, mode: str) -> list[tuple[str, str | None]]:
    needed = [("SLACK_BOT_TOKEN", settings.slack_bot_token)]
    if mode == "web":
        needed.append(("SLACK_SIGNING_SECRET", settings.slack_signing_secret))
    else:
        needed.append(("SLACK_APP_TOKEN", settings.slack_app_token))
    return needed


MIN_STATE_SECRET = 32  # characters: an HMAC key nobody can guess


def _check_oauth(settings: Settings) -> None:
    needed = [
        ("SLACK_CLIENT_ID", settings.slack_client_id),
        ("SLACK_CLIENT_SECRET", settings.slack_client_secret),
        ("SLACK_STATE_SECRET", settings.slack_state_secret),
        ("SLACK_SIGNING_SECRET", settings.slack_signing_secret),
    ]
    missing = [name for name, value in needed if not value]
    if missing:
        raise StartupError(
            f"{' and '.join(missing)} not set (OAuth mode, installing into any workspace, needs SLACK_CLIENT_ID, "
            "SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and SLACK_SIGNING_SECRET; for one workspace set SLACK_BOT_TOKEN)"
        )
    if len(settings.slack_state_secret or "") < MIN_STATE_SECRET:
        raise StartupError(
            f"SLACK_STATE_SECRET is too short: at least {MIN_STATE_SECRET} characters, e.g. the output of "
            '`python -c "import secrets; print(secrets.token_hex(32))"`'
        )
    from workspaces import Workspaces, WorkspacesError, WorkspacesUnavailable

    try:  # its own engine, closed again: connections opened here must not be shared by gunicorn's forked workers
        workspaces = Workspaces(settings.database, settings.slack_client_id or "")
        workspaces.create_tables()
        workspaces.engine.dispose()
    except (WorkspacesError, WorkspacesUnavailable) as exc:
        raise StartupError(str(exc)) from None


def _check_bot_token(settings: Settings) -> None:
    from slack_sdk.errors import SlackApiError

    from bot.app import web_client

    quiet = logging.getLogger("pyfw.startup.slack_sdk")
    quiet.disabled = True  # slack_sdk logs every failed try; the one line below says it all
    client = web_client(settings, logger=quiet)
    client.timeout = 10
    try:
        client.auth_test()
    except SlackApiError as exc:
        raise StartupError(
            f"SLACK_BOT_TOKEN was rejected by Slack ({exc.response.get('error')}) at {client.base_url}"
        ) from None
    except Exception as exc:  # any network failure becomes one line
        raise StartupError(
            f"cannot reach the Slack Web API at {client.base_url}: {str(getattr(exc, 'reason', None) or exc)[:200]}"
        ) from None
