"""Where reports go, and what Slack's refusals mean for people.

A `Destination` is one report channel in one workspace. Everything delivery remembers is per destination (what it
was told, the report on its way, why it could not be posted), so that more destinations — a multi-workspace
install where each workspace picks its channel and has its own bot token — are more keys, not a new design.
In single-workspace mode there is one: PYFW_REPORT_CHANNEL with SLACK_BOT_TOKEN. In OAuth mode there is one per
installed workspace that chose a channel in its App Home (`workspaces`), posted to with that workspace's bot token.

Slack's errors are split here into transient (429, 5xx, Slack's own hiccups: try again later) and permanent
(anything else it says no to: trying again changes nothing, so the report is marked undelivered with a reason a
person can act on).
"""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.errors import SlackApiError

from common.settings import Settings

SINGLE_WORKSPACE = "-"  # the team id of the one destination in single-workspace mode

# Errors Slack answers when trying again later may work. Anything else is permanent.
TRANSIENT_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org"}
)


@dataclass(frozen=True)
class Destination:
    """One report channel: a workspace (`team_id`) and a channel id (or name) in it."""

    team_id: str
    channel: str

    @property
    def key(self) -> str:
        return f"{self.team_id}:{self.channel}"

    @property
    def label(self) -> str:
        return "#" + self.channel.lstrip("#")


def destinations(settings: Settings) -> list[Destination]:
    """Where reports go: the report channel, when it and a bot token are configured; in OAuth mode, the channel
    of every installed workspace that chose one (read from the installations database each time)."""
    if settings.oauth:
        from workspaces import open_workspaces  # SQLAlchemy is imported only by processes in OAuth mode

        return [Destination(chosen.team_id, chosen.channel) for chosen in open_workspaces(settings).report_channels()]
    if settings.report_channel and settings.slack_bot_token:
        return [Destination(SINGLE_WORKSPACE, settings.report_channel)]
    return []


def dest_key(destination: Destination, part: str) -> str:
    """Redis keys of a destination: told (hash url → JSON), outbox (hash), problem (hash), last (hash)."""
    return f"pyfw:dest:{destination.key}:{part}"


def is_transient(exc: SlackApiError) -> bool:
    status = getattr(exc.response, "status_code", 200)
    return status == 429 or status >= 500 or error_of(exc) in TRANSIENT_ERRORS


def error_of(exc: SlackApiError) -> str:
    try:
        return str(exc.response.get("error") or "unknown_error")
    except Exception:  # noqa: BLE001 - a response without a JSON body
        return "unknown_error"


def reason_for(error: str, destination: Destination, needed: str | None = None) -> str:
    """What a person should do about Slack's `error` when posting to `destination`, in one line."""
    where = destination.label
    if destination.team_id != SINGLE_WORKSPACE:  # OAuth mode: the workspace's admins fix it in Slack, not in settings
        home = "choose another channel in pyfw's App Home"
        if error in ("channel_not_found", "method_not_supported_for_channel_type"):
            return f"{where} was not found or pyfw cannot see it: invite @pyfw to it if it is private, or {home}"
        if error == "is_archived":
            return f"{where} is archived: unarchive it, or {home}"
        if error in ("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"):
            return f"Slack rejected pyfw's token for this workspace ({error}): a workspace admin can reinstall pyfw"
    if error == "not_in_channel":
        return f"pyfw is not in {where}: invite @pyfw to {where} (/invite @pyfw)"
    if error in ("channel_not_found", "method_not_supported_for_channel_type"):
        return (
            f"{where} was not found or pyfw cannot see it: check PYFW_REPORT_CHANNEL (a channel id such as "
            f"C0123ABCD) and, for a private channel, invite @pyfw to it"
        )
    if error == "is_archived":
        return f"{where} is archived: unarchive it or set PYFW_REPORT_CHANNEL to another channel"
    if error == "missing_scope":
        return (
            f"the token lacks {needed or 'a scope'}: add it to the app's bot scopes (manifest.yml) and "
            "reinstall the app"
        )
    if error in ("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"):
        return f"Slack rejected SLACK_BOT_TOKEN ({error}): reinstall the app and update SLACK_BOT_TOKEN"
    if error in ("restricted_action", "ekm_access_denied", "no_permission"):
        return f"the workspace does not let pyfw post in {where} ({error}): ask a workspace admin"
    return f"Slack refused the post to {where} ({error})"
