"""Helpers for tests that run real pyfw processes: a clean environment, start, kill whole, read logs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

PYFW = str(Path(sys.executable).with_name("pyfw"))


def clean_env(**settings: str) -> dict[str, str]:
    """The test process's environment without any pyfw/Slack/Redis settings, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYFW_", "SLACK_", "REDIS_URL", "PORT"))}
    env.update(settings)
    return env


def link_env(redis_url: str, catalog: str, slack_api, **settings: str) -> dict[str, str]:
    """Settings for a link-checking worker on loopback links that reports at once to the Slack stand-in."""
    return clean_env(**{"REDIS_URL": redis_url, "PYFW_CATALOG": catalog, "PYFW_ALLOW_PRIVATE_LINKS": "1",
                        "PYFW_FAIL_THRESHOLD": "1", "PYFW_REPORT_CHANNEL": "C0FAULT",
                        "SLACK_BOT_TOKEN": "xoxb-fault-test", "SLACK_API_URL": slack_api.api_url, **settings})


class Process:
    """A pyfw command running in its own process group, its output in a log file."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path, name: str) -> None:
        self.log_path = Path(cwd) / f"{name}.log"
        self._log = open(self.log_path, "w")
        self.popen = subprocess.Popen([PYFW, *args], env=env, cwd=cwd, stdout=self._log, stderr=subprocess.STDOUT,
                                      start_new_session=True)

    def output(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")

    def kill_all(self) -> None:
        """SIGKILL the whole process group: the main process and every child, with no chance to clean up."""
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.popen.wait(timeout=10)

    def stop(self, timeout: float = 20) -> int:
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill_all()
            except ProcessLookupError:
                pass
        self._log.close()
        return self.popen.returncode
