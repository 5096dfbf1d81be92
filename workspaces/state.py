"""The OAuth `state`, signed with SLACK_STATE_SECRET on top of slack_sdk's state store.

slack_sdk's store already makes a state single-use and short-lived (a row it deletes when the state is consumed,
10 minutes at most). The signature adds: a state this deployment did not issue (forged, or issued under another
SLACK_STATE_SECRET) is refused by an HMAC check, before any database lookup, and is named as such in the log.
The browser binding is Bolt's: the state is also set as a cookie on the installer's browser and must come back
with it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from slack_sdk.oauth.state_store import OAuthStateStore

log = logging.getLogger("pyfw.oauth")

_CONTEXT = b"pyfw-oauth-state:"  # so a signature made here means nothing anywhere else the secret may be used


class SignedStateStore(OAuthStateStore):
    """`store`'s states, each followed by `.` and its HMAC-SHA256 under `secret`."""

    def __init__(self, store: OAuthStateStore, secret: str) -> None:
        self.store = store
        self._key = secret.encode()

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args, **kwargs) -> str:
        raw = self.store.issue(*args, **kwargs)
        return f"{raw}.{self._sign(raw)}"

    def consume(self, state: str) -> bool:
        """True once for a state issued here and not yet used or expired; False for anything else."""
        raw, _, signature = (state or "").rpartition(".")
        if not raw or not hmac.compare_digest(signature.encode(), self._sign(raw).encode()):
            log.warning("refused an OAuth state this deployment did not sign (forged, or SLACK_STATE_SECRET changed)")
            return False
        if not self.store.consume(raw):
            log.warning("refused an OAuth state that was used already or expired")
            return False
        return True

    def _sign(self, raw: str) -> str:
        return hmac.new(self._key, _CONTEXT + raw.encode(), hashlib.sha256).hexdigest()
