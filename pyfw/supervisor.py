"""A small Procfile runner for `make run`: starts the named processes, prefixes their output, stops them together.

Like foreman or honcho, but only what pyfw needs: when any process exits, or on Ctrl-C / SIGTERM, every process
is asked to stop (SIGTERM), then killed after a grace period, and the runner exits with the first failure's code.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path

_LINE = re.compile(r"^([A-Za-z0-9_-]+)\s*:\s*(.+)$")


def read_procfile(path: str | Path = "Procfile") -> dict[str, str]:
    """Process name -> command, in file order."""
    commands: dict[str, str] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = _LINE.match(line.strip())
        if match and not line.lstrip().startswith("#"):
            commands[match.group(1)] = match.group(2).strip()
    return commands


def run_processes(commands: Mapping[str, str], env: Mapping[str, str], grace: float = 10.0,
                  out=sys.stdout) -> int:
    """Run `commands` (name -> shell command) until one exits or we are interrupted; return an exit code."""
    width = max(len(name) for name in commands)
    lock = threading.Lock()
    processes: dict[str, subprocess.Popen] = {}
    finished = threading.Event()
    first_exit: list[tuple[str, int]] = []
    interrupted: list[int] = []

    def pump(name: str, process: subprocess.Popen) -> None:
        for raw in process.stdout:
            with lock:
                out.write(f"{name:<{width}} | {raw.decode('utf-8', 'replace').rstrip()}\n")
                out.flush()
        code = process.wait()
        with lock:
            if not first_exit:
                first_exit.append((name, code))
        finished.set()

    def on_signal(signum, frame) -> None:
        interrupted.append(signum)
        finished.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for name, command in commands.items():
            process = subprocess.Popen(["/bin/sh", "-c", f"exec {command}"], env=dict(env),
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                       start_new_session=True)
            processes[name] = process
            threading.Thread(target=pump, args=(name, process), daemon=True).start()
            _say(out, lock, width, "run", f"started {name} (pid {process.pid}): {command}")
        finished.wait()
    finally:
        _stop_all(processes, grace, out, lock, width)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if interrupted:  # the person asked everything to stop, and it did
        _say(out, lock, width, "run", "stopped")
        return 0
    name, code = first_exit[0]
    _say(out, lock, width, "run", f"{name} exited with code {code}; stopped the others")
    return 128 - code if code < 0 else (code or 1)


def _stop_all(processes: dict[str, subprocess.Popen], grace: float, out, lock, width) -> None:
    for process in processes.values():
        if process.poll() is None:
            _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for name, process in processes.items():
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _say(out, lock, width, "run", f"{name} did not stop in {grace:.0f}s; killing it")
            _signal_group(process, signal.SIGKILL)
            process.wait()


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass


def _say(out, lock, width: int, name: str, text: str) -> None:
    with lock:
        out.write(f"{name:<{width}} | {text}\n")
        out.flush()
