"""`make run`'s job: the console chat without tokens; the Procfile's processes together (through honcho) with
them; settings from `.env` (through python-dotenv)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pyfw.commands.run_cmd import read_procfile

ROOT = Path(__file__).resolve().parents[1]
PYFW = [sys.executable, "-m", "pyfw.cli"]

# Each stand-in process says it is up with the Redis it was given (pinging it for real), then waits.
STANDIN = (
    sys.executable + " -c \"import os, sys, time, redis; url = os.environ['REDIS_URL'];"
    " redis.Redis.from_url(url).ping(); print('{name} up on', url, os.getpid(), flush=True);"
    ' time.sleep(120)"'
)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone for our purposes
        return stat.read().split()[2] != "Z"


def read_until(process: subprocess.Popen, needles: list[str], timeout: float = 30.0) -> list[str]:
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline and not all(any(n in line for line in lines) for n in needles):
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
    missing = [n for n in needles if not any(n in line for line in lines)]
    assert not missing, f"never saw {missing} in {lines}"
    return lines


def test_console_chat_without_tokens_prints_flask_card():
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    result = subprocess.run(
        PYFW + ["run"], input="/pyfw flask\n", capture_output=True, text=True, env=env, cwd="/", timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Flask" in result.stdout
    assert "https://flask.palletsprojects.com/en/latest/" in result.stdout


def test_run_with_tokens_starts_web_worker_beat_on_embedded_redis_and_stops_all_on_ctrl_c(tmp_path):
    procfile = tmp_path / "Procfile"
    procfile.write_text("".join(f"{name}: {STANDIN.format(name=name)}\n" for name in ("web", "worker", "beat", "bot")))
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": "test-signing-secret",
    }
    process = subprocess.Popen(
        PYFW + ["run", "--procfile", str(procfile)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        lines = read_until(process, ["| web up on", "| worker up on", "| beat up on"])
        assert not any("| bot up on" in line for line in lines), "HTTP mode must not start the Socket Mode bot"
        pids = [int(line.split()[-1]) for line in lines if " up on redis://" in line and not line.startswith("run")]
        assert len(pids) == 3, lines
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 130  # honcho: interrupted, as a shell reports Ctrl-C
    finally:
        process.kill()
    deadline = time.monotonic() + 10
    while any(pid_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(pid_alive(pid) for pid in pids)


def test_run_stops_everything_when_one_process_dies(tmp_path):
    procfile = tmp_path / "Procfile"
    procfile.write_text(
        f"web: {STANDIN.format(name='web')}\nworker: {sys.executable} -c 'raise SystemExit(3)'\n"
        f"beat: {STANDIN.format(name='beat')}\n"
    )
    env = {"PATH": os.environ["PATH"], "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": "s3cret-value"}
    result = subprocess.run(
        PYFW + ["run", "--procfile", str(procfile)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert result.returncode == 3
    assert "worker stopped (rc=3)" in result.stdout and "sending SIGTERM to web" in result.stdout
    assert "s3cret-value" not in result.stdout + result.stderr


def test_run_with_bot_token_but_no_secret_or_app_token_says_what_is_missing(tmp_path):
    env = {"PATH": os.environ["PATH"], "SLACK_BOT_TOKEN": "xoxb-test-token"}
    result = subprocess.run(PYFW + ["run"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "pyfw: SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is"
    ]
    assert "xoxb-test-token" not in result.stderr


@pytest.mark.parametrize(
    "env_var, value, message",
    [
        ("PYFW_FAIL_THRESHOLD", "two", "pyfw: PYFW_FAIL_THRESHOLD must be a whole number, got 'two'"),
        ("LOG_FORMAT", "xml", "pyfw: LOG_FORMAT must be one of text, json, got 'xml'"),
    ],
)
def test_bad_setting_is_one_clear_line(env_var, value, message, tmp_path):
    result = subprocess.run(
        PYFW + ["run"],
        capture_output=True,
        text=True,
        input="",
        env={"PATH": os.environ["PATH"], env_var: value},
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == message


def test_dotenv_values_may_carry_quotes_export_and_comments_and_never_override_the_environment(tmp_path):
    (tmp_path / ".env").write_text('export PYFW_CATALOG="/nowhere/catalog.toml"  # not the shipped one\n')
    env = {"PATH": os.environ["PATH"]}
    result = subprocess.run(PYFW + ["ask", "flask"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == "pyfw: /nowhere/catalog.toml: catalog file not found"
    shipped = str(ROOT / "catalog" / "catalog.toml")
    result = subprocess.run(
        PYFW + ["ask", "flask"],
        capture_output=True,
        text=True,
        env=dict(env, PYFW_CATALOG=shipped),
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0 and "Flask" in result.stdout


def test_shipped_procfile_has_web_worker_beat_and_socket_mode_lines():
    assert set(read_procfile(ROOT / "Procfile")) == {"web", "worker", "beat", "bot"}
