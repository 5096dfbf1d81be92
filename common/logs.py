"""Logging for every pyfw process: one line per event, JSON when LOG_FORMAT=json, secrets never written.

Every record passes one filter before any formatter sees it (`SafeRecords`):
- secrets: the configured token values and anything shaped like a Slack token become '[redacted]', so a token that
  ends up in an exception message or a URL still never reaches a log;
- forged lines: control characters in the message and in every `extra=` value are written as escapes (`\\n`,
  `\\x1b`, `\\u202e`), so text a stranger sent (a request body, a header, a link) can never start a line of its own
  or rewrite what a terminal shows; a traceback becomes part of its record's one line;
- size: a message is cut at MAX_MESSAGE_CHARS, so one record cannot flood the log.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time

from common.controls import escape_controls

_SLACK_TOKEN = re.compile(r"\bx(?:ox[abposre]|app)-[A-Za-z0-9-]+")
MAX_MESSAGE_CHARS = 8_000  # a traceback of a few dozen frames fits; a 1 MB body never does


class RedactSecrets(logging.Filter):
    """Replace secret values and Slack-token-shaped strings in the rendered message with '[redacted]'."""

    def __init__(self, secrets: list[str | None]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return _SLACK_TOKEN.sub("[redacted]", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        record.msg, record.args = self.redact(message), ()
        return True


class SafeRecords(RedactSecrets):
    """Secrets redacted, control characters escaped, the message capped: what every pyfw log handler writes."""

    _standard = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

    def filter(self, record: logging.LogRecord) -> bool:
        super().filter(record)
        message = record.msg
        if len(message) > MAX_MESSAGE_CHARS:
            message = f"{message[:MAX_MESSAGE_CHARS]}… ({len(message) - MAX_MESSAGE_CHARS} more characters)"
        record.msg = escape_controls(message)
        for key, value in vars(record).items():
            if key not in self._standard and isinstance(value, str):
                setattr(record, key, escape_controls(self.redact(value)))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and any `extra=` fields."""

    _standard = SafeRecords._standard

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update({k: v for k, v in vars(record).items() if k not in self._standard and not k.startswith("_")})
        return json.dumps(data, default=str, ensure_ascii=False)


def setup_logging(settings, level: int = logging.INFO) -> None:
    """Send all logs, Python's warnings included, to stderr in the configured format through `SafeRecords`."""
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SafeRecords(settings.secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.captureWarnings(True)  # a library's warning is a log record too, in the same format
