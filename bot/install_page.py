"""The page an admin sees at /slack/install: what pyfw is, what it will ask Slack for and why, and the button.

Bolt's OAuth flow serves it (`InstallFlow` replaces only Bolt's generic "Slack App Installation" page); the
authorize link, with its state, is Bolt's. Everything on it is escaped.
"""

from __future__ import annotations

import html

from slack_bolt.oauth import OAuthFlow
from slack_bolt.request import BoltRequest

# The bot scopes an install asks for, in manifest.yml's order, and why (tests/test_oauth.py keeps them equal).
SCOPES = {
    "commands": "the /pyfw command",
    "chat:write": "answers to mentions and direct messages, and link-health reports",
    "channels:join": "joining the public channel you pick for link reports",
    "app_mentions:read": "seeing @pyfw mentions in channels",
    "im:history": "reading the direct messages people send to pyfw",
    "links:read": "seeing when someone pastes a link to a framework's documentation",
    "links:write": "showing that framework's card under the pasted link",
}

_BUTTON = "https://platform.slack-edge.com/img/add_to_slack.png"


class InstallFlow(OAuthFlow):
    """Bolt's OAuth flow with pyfw's own install page."""

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        return install_page(url)


def install_page(authorize_url: str) -> str:
    """The install page's HTML, linking to Slack's authorize URL."""
    scopes = "\n".join(
        f"<li><code>{html.escape(scope)}</code>: {html.escape(why)}</li>" for scope, why in SCOPES.items()
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Add pyfw to Slack</title>
<style>body {{ font-family: sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em; line-height: 1.5 }}</style>
</head>
<body>
<h1>Add pyfw to your Slack workspace</h1>
<p>pyfw answers questions about Python frameworks (<code>/pyfw flask</code>, or "@pyfw what should I use for a
data dashboard?") from its catalog, and reports to a channel you choose when a framework's documentation link
breaks or moves.</p>
<p>Slack will ask you to allow these bot permissions (no access as you, no user permissions):</p>
<ul>
{scopes}
</ul>
<p><a href="{html.escape(authorize_url)}"><img alt="Add to Slack" height="40" width="139" src="{_BUTTON}"
srcset="{_BUTTON} 1x, {_BUTTON.replace(".png", "@2x.png")} 2x"></a></p>
<p>Afterwards, open pyfw's App Home in Slack to choose the channel for link reports.</p>
</body>
</html>
"""
