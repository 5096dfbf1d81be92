"""Bolt listeners grouped by kind, each module with one `register(app, responder)` (as Bolt's starter template).

Listeners are module-level functions taking the `responder` as a keyword, so a test can call one with a plain
`ack` (tests/test_listeners.py); `register` binds the responder.

Every listener acks at once. The slash command's answer comes from memory, so it travels in the ack itself (no
Web API call); anything that calls Slack's Web API (posting in a thread, publishing the App Home, answering a
button) runs as a lazy listener after the ack, so Slack never waits on it.
"""

from bot.listeners import actions, commands, events, onboarding, shortcuts, unfurls, votes

ALL = (commands, events, actions, votes, shortcuts, unfurls, onboarding)
