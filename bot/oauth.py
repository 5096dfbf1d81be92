"""OAuth mode: pyfw installed into any workspace, each workspace answered with its own bot token.

Bolt does the work: its `OAuthFlow` serves `/slack/install` (pyfw's "Add to Slack" page, `bot.install_page`, with
a fresh state, set as a cookie too) and `/slack/oauth_redirect` (checks the state against the cookie, consumes it
once, exchanges the code with `oauth.v2.access`, saves the installation); its `InstallationStoreAuthorize` gives
every request the bot token of the workspace it came from; its token-revocation listeners delete a workspace's
tokens on `app_uninstalled` and `tokens_revoked`. pyfw adds: slack_sdk's SQLAlchemy stores (`workspaces`), the
state signed with SLACK_STATE_SECRET, a log line for each install and refusal, and the App Home section where a
workspace picks its report channel (forgotten, with the tokens, on uninstall).
"""

from __future__ import annotations

import logging
import re
from functools import partial

import redis
from slack_bolt import Ack, App, BoltContext
from slack_bolt.listener.builtins import TokenRevocationListeners
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block, ConversationFilter, ConversationSelectElement, DividerBlock, SectionBlock

from bot.install_page import SCOPES, InstallFlow
from bot.link_health_blocks import notice_blocks
from bot.onboarding import home_view_blocks
from common.mrkdwn import channel as channel_text
from common.mrkdwn import date, escape, one_line
from common.settings import Settings
from linkwatch import health
from workspaces import Workspaces, open_workspaces
from workspaces.store import STATE_SECONDS

log = logging.getLogger("pyfw.oauth")

# The bot scopes an install asks for: manifest.yml's oauth_config.scopes.bot (tests/test_oauth.py keeps them equal).
BOT_SCOPES = tuple(SCOPES)
CHOOSE_CHANNEL = "pyfw_report_channel"  # the App Home's channel select
# What Bolt answers a person in a workspace without an installation (never installed, or uninstalled).
NOT_INSTALLED = (
    "pyfw is not installed in this workspace (any more): a workspace admin can add it from pyfw's install page."
)
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,30}")


class OAuthMode:
    """What build_app adds to the Bolt app in OAuth mode."""

    def __init__(self, settings: Settings) -> None:
        if not (settings.slack_client_secret and settings.slack_state_secret):  # bot.startup says which, first
            raise ValueError("OAuth mode needs SLACK_CLIENT_SECRET and SLACK_STATE_SECRET")
        self.workspaces: Workspaces = open_workspaces(settings)
        self.settings = settings

    def app_options(self, client: WebClient) -> dict:
        """Keyword arguments for `App`: Bolt's OAuth flow over the installations database, calling Slack (its
        `oauth.v2.access`, `auth.test`) with `client`."""
        oauth = OAuthSettings(
            client_id=self.settings.slack_client_id,
            client_secret=self.settings.slack_client_secret,
            scopes=list(BOT_SCOPES),
            user_scopes=[],
            installation_store=self.workspaces.installations,
            # find_bot: a revoked bot token (tokens_revoked deletes the bot row) is never used again
            installation_store_bot_only=True,
            state_store=self.workspaces.states,
            state_expiration_seconds=STATE_SECONDS,
            callback_options=CallbackOptions(success=_installed, failure=_refused),
            logger=log,
        )
        return {
            "oauth_flow": InstallFlow(client=client, logger=log, settings=oauth),
            "installation_store_bot_only": True,
            "user_facing_authorize_error_message": NOT_INSTALLED,
        }

    def register(self, app: App, responder) -> None:
        """Uninstall listeners, the report channel select, and the App Home section that shows it."""
        revocation = TokenRevocationListeners(self.workspaces.installations)
        app.event("app_uninstalled")(partial(uninstalled, workspaces=self.workspaces, revocation=revocation))
        app.event("tokens_revoked")(partial(tokens_revoked, workspaces=self.workspaces, revocation=revocation))
        app.action(CHOOSE_CHANNEL)(
            ack=partial(choose_channel, workspaces=self.workspaces),
            lazy=[partial(publish_home_again, responder=responder)],
        )
        store = health.connect(self.settings.redis_url) if self.settings.redis_url else None
        responder.workspace_section = partial(report_channel_section, self.workspaces, self.settings, store)


def uninstalled(context: BoltContext, workspaces: Workspaces, revocation: TokenRevocationListeners) -> None:
    """The workspace removed pyfw: Bolt's listener deletes all its installations and tokens; pyfw its channel."""
    revocation.handle_app_uninstalled_events(context)
    workspaces.forget_channel(context.team_id or "")
    log.info("pyfw was uninstalled from workspace %s: its tokens and report channel are deleted", context.team_id)


def tokens_revoked(
    event: dict, context: BoltContext, workspaces: Workspaces, revocation: TokenRevocationListeners
) -> None:
    """Tokens revoked: Bolt's listener deletes them; without its bot token a workspace gets no reports either."""
    revocation.handle_tokens_revoked_events(event, context)
    if (event.get("tokens") or {}).get("bot"):
        workspaces.forget_channel(context.team_id or "")
        log.info("the bot token of workspace %s was revoked: deleted, with its report channel", context.team_id)


def choose_channel(ack: Ack, body: dict, context: BoltContext, workspaces: Workspaces) -> None:
    """Store the channel picked in the App Home as this workspace's report channel, then ack."""
    action = (body.get("actions") or [{}])[0]
    picked = action.get("selected_conversation") or action.get("selected_channel") or ""
    if context.team_id and _CHANNEL_ID.fullmatch(picked):
        workspaces.choose_channel(
            context.team_id, picked, (body.get("user") or {}).get("id") or "", enterprise_id=context.enterprise_id
        )
    else:
        log.warning("ignored a report channel choice that is not a channel id: %r", picked[:40])
    ack()


def publish_home_again(body: dict, client: WebClient, context: BoltContext, responder) -> None:
    """Show the App Home again, with the channel just chosen."""
    user = (body.get("user") or {}).get("id")
    blocks = [b.to_dict() for b in home_view_blocks(responder, user or "", first_visit=False, team_id=context.team_id)]
    try:
        client.views_publish(user_id=user, view={"type": "home", "blocks": blocks})
    except SlackApiError as exc:
        log.warning("could not publish the App Home for %s: %s", user, exc.response.get("error"))


def report_channel_section(
    workspaces: Workspaces, settings: Settings, store: redis.Redis | None, team_id: str | None
) -> list[Block]:
    """The App Home's "Link reports" section: where this workspace's reports go, a select to change it, and the
    last report Slack refused there (each workspace sees only its own)."""
    chosen = workspaces.report_channel(team_id) if team_id else None
    if chosen:
        who = f" by <@{chosen.chosen_by}>" if chosen.chosen_by else ""
        text = (
            f"*Link reports* go to {channel_text(chosen.channel)} (chosen{who}, {date(chosen.chosen_at)}). "
            "Pick another channel to move them; invite @pyfw to a private one."
        )
    else:
        text = (
            "*Link reports*: no channel is chosen in this workspace yet, so it gets none. Pick one: pyfw posts "
            "there when a docs link in the catalog breaks or moves (invite @pyfw first to a private channel)."
        )
    select = ConversationSelectElement(
        placeholder="Choose a channel",
        action_id=CHOOSE_CHANNEL,
        initial_conversation=chosen.channel if chosen else None,
        filter=ConversationFilter(
            include=["public", "private"], exclude_bot_users=True, exclude_external_shared_channels=True
        ),
    )
    refused: list[dict] = []
    if chosen and store is not None:
        try:
            refused = health.delivery_problems(store, settings, team_id)
        except health.Unavailable:
            pass  # the link-health section above already says Redis cannot be reached
    section = SectionBlock(text={"type": "mrkdwn", "text": text}, accessory=select)
    return [DividerBlock(), section, *notice_blocks(refused, [])]


def _installed(args: SuccessArgs) -> BoltResponse:
    done = args.installation
    log.info(
        "pyfw was installed in workspace %s (%s) by %s",
        done.team_id,
        escape(one_line(done.team_name or "")),
        done.user_id,
    )
    return args.default.success(args)


def _refused(args: FailureArgs) -> BoltResponse:
    log.warning("refused an installation: %s", one_line(str(args.reason))[:200])
    return args.default.failure(args)
