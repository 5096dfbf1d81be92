"""The console chat: the bot's answers in a terminal, reading standard input, as `pyfw chat` and `make run`."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import clean_env

PYFW = [sys.executable, "-m", "pyfw.cli"]


def chat(stdin: str, *args: str, tmp_path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*PYFW, "chat", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=clean_env(**env),
    )


def test_slash_command_prints_the_card_with_its_docs_link(tmp_path):
    result = chat("/pyfw flask\n", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Flask\n")
    assert "Backend Frameworks" in result.stdout
    assert "Flask Official Documentation: https://flask.palletsprojects.com/en/latest/" in result.stdout
    assert "[Share in channel]" in result.stdout
    assert "<" not in result.stdout and "&lt;" not in result.stdout  # readable text, not mrkdwn


def test_mentions_plain_text_and_help_are_answered_in_order_until_end_of_input(tmp_path):
    result = chat("@pyfw django\n\nstreamlit\n/pyfw\n/pyfw list\n", tmp_path=tmp_path)
    assert result.returncode == 0
    out = result.stdout
    positions = [
        out.index(marker)
        for marker in ("https://docs.djangoproject.com", "https://docs.streamlit.io", "/pyfw help", "Sanic")
    ]
    assert positions == sorted(positions)
    assert "[Share in channel]" not in out.split("/pyfw help")[0]  # mentions are already public


def test_unknown_text_gets_an_honest_answer_and_user_text_stays_literal(tmp_path):
    result = chat("/pyfw zzqqxx <!channel> & co\n", tmp_path=tmp_path)
    assert result.returncode == 0
    assert "zzqqxx <!channel> & co" in result.stdout
    assert "/pyfw help" in result.stdout


def test_chat_with_a_bad_catalog_is_one_line(tmp_path):
    result = chat("/pyfw flask\n", "--catalog", str(tmp_path / "missing.toml"), tmp_path=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "missing.toml" in result.stderr
    assert "Traceback" not in result.stderr


def test_pyfw_run_without_tokens_is_the_console_chat(tmp_path):
    result = subprocess.run(
        [*PYFW, "run"], input="/pyfw flask\n", capture_output=True, text=True, timeout=60, cwd=tmp_path, env=clean_env()
    )
    assert result.returncode == 0, result.stderr
    assert "https://flask.palletsprojects.com/en/latest/" in result.stdout


def test_bytes_that_are_not_utf8_are_replaced_not_fatal(tmp_path):
    result = subprocess.run(
        [*PYFW, "chat"],
        input=b"@pyfw \xff\xfe flask\n/pyfw django\n",
        capture_output=True,
        timeout=60,
        cwd=tmp_path,
        env=clean_env(),
    )
    assert result.returncode == 0
    out = result.stdout.decode("utf-8")  # valid UTF-8 out, whatever came in
    assert "https://docs.djangoproject.com" in out
