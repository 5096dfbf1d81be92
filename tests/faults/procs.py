"""Helpers for the fault suite: start real pyfw processes, kill them whole, read their logs."""

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
