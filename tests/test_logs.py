"""Logs: one line per event, JSON on request, and secrets never written, even inside errors."""

from __future__ import annotations

import json
import logging

from common.logs import setup_logging
from common.settings import Settings


def test_json_logs_are_one_object_per_line_with_extra_fields(restore_logging, capsys):
    setup_logging(Settings(log_format="json"))
    logging.getLogger("pyfw.test").info("answered %s", "flask", extra={"intent": "lookup"})
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["message"] == "answered flask"
    assert record["level"] == "info" and record["logger"] == "pyfw.test" and record["intent"] == "lookup"


def test_tokens_and_signing_secret_never_reach_the_log(restore_logging, capsys):
    settings = Settings(
        slack_bot_token="xoxb-111-222-abc",
        slack_signing_secret="0123456789abcdef",
        slack_app_token="xapp-1-A1-xyz",
        log_format="json",
    )
    setup_logging(settings)
    log = logging.getLogger("pyfw.test")
    log.warning("calling with %s and %s", settings.slack_bot_token, settings.slack_signing_secret)
    try:
        raise RuntimeError("auth failed for token xoxb-999-other-token")
    except RuntimeError:
        log.exception("post failed")
    err = capsys.readouterr().err
    assert "xoxb-111-222-abc" not in err and "0123456789abcdef" not in err and "xoxb-999-other-token" not in err
    assert err.count("[redacted]") >= 3
    assert all(json.loads(line) for line in err.splitlines())
    assert "xoxb" not in repr(settings) and "0123456789abcdef" not in repr(settings)
