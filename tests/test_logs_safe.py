"""Log lines cannot be forged or flooded: control characters in any logged value are escaped, messages are capped,
and warnings from libraries come out in the same format."""

from __future__ import annotations

import json
import logging
import warnings

import pytest

from common.logs import MAX_MESSAGE_CHARS, escape_controls, setup_logging
from common.settings import Settings

HOSTILE = "flask\n2026-01-01 00:00:00,000 ERROR pyfw.web: forged\r\x1b[31mred\x00\x7f\x85\u2028\u2029\u202egnp.exe\t"


@pytest.fixture
def logging_restored(request):
    """conftest's restore_logging, and the warnings hook setup_logging installs."""
    request.getfixturevalue("restore_logging")
    yield
    logging.captureWarnings(False)


def test_escape_controls_makes_every_control_character_visible():
    escaped = escape_controls(HOSTILE)
    assert escaped == (
        "flask\\n2026-01-01 00:00:00,000 ERROR pyfw.web: forged\\r\\x1b[31mred\\x00\\x7f\\x85\\u2028"
        "\\u2029\\u202egnp.exe\\t"
    )
    assert escape_controls("Café 🐍 <ok> \\n") == "Café 🐍 <ok> \\n"  # printable text, emoji and backslashes stay


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_hostile_value_stays_on_its_own_one_line(logging_restored, capsys, log_format):
    setup_logging(Settings(log_format=log_format))
    log = logging.getLogger("pyfw.test")
    log.info("asked %s", HOSTILE, extra={"text": HOSTILE})
    try:
        raise ValueError(HOSTILE)
    except ValueError:
        log.exception("failed on %r", "x")
    err = capsys.readouterr().err
    lines = err.split("\n")[:-1]  # split on \n alone: no \r, \x85, \u2028 or \u2029 may be left to split on either
    assert len(lines) == 2, lines
    for raw in ("\r", "\x1b", "\x00", "\x7f", "\x85", "\u2028", "\u2029", "\u202e"):
        assert raw not in err
    assert "forged" in lines[0] and "\\u202egnp.exe" in lines[0]
    assert "Traceback" in lines[1] and "ValueError" in lines[1]
    if log_format == "json":
        records = [json.loads(line) for line in lines]
        assert records[0]["text"] == escape_controls(HOSTILE) and records[1]["level"] == "error"


def test_a_huge_message_is_cut_to_one_bounded_line(logging_restored, capsys):
    setup_logging(Settings(log_format="json"))
    logging.getLogger("pyfw.test").warning("body %s", "A" * 1_000_000)
    line = capsys.readouterr().err.strip()
    record = json.loads(line)
    assert len(line) < MAX_MESSAGE_CHARS + 200
    assert record["message"].endswith(f"({1_000_005 - MAX_MESSAGE_CHARS} more characters)")


def test_library_warnings_come_out_as_log_records(logging_restored, capsys):
    setup_logging(Settings(log_format="json"))
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("something odd\nhappened", RuntimeWarning, stacklevel=1)
    [line] = capsys.readouterr().err.strip().splitlines()
    record = json.loads(line)
    assert record["logger"] == "py.warnings" and "something odd\\nhappened" in record["message"]
