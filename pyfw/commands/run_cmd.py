"""`pyfw run`: the main job behind `make run`.

Without Slack tokens: the console chat on standard input. With them: the Procfile's processes together — the web
process (or the Socket Mode bot when SLACK_APP_TOKEN is set), a worker and beat — run by honcho (each line
prefixed with its process; when one exits, or on Ctrl-C, all stop). What honcho lacks is kept here: choosing web
or bot, and a Redis that answers before anything starts: REDIS_URL, or an embedded Valkey server that lives as
long as the processes do.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from honcho.environ import parse_procfile
from honcho.manager import Manager
from honcho.printer import Printer

from catalog import load_catalog
from common.settings import SettingsError
from pyfw.commands import chat_cmd
from pyfw.redis_server import redis_url_or_embedded

PROCFILE = Path(__file__).resolve().parents[2] / "Procfile"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("run", help="run pyfw: the Slack bot with its workers, or the console chat")
    parser.add_argument("--procfile", default=str(PROCFILE), help=argparse.SUPPRESS)
    parser.set_defaults(run=run, catalog=None)


def read_procfile(path: str | Path) -> dict[str, str]:
    """Process name -> command, in file order (honcho's parser)."""
    try:
        return dict(parse_procfile(Path(path).read_text(encoding="utf-8")).processes)
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read the Procfile: {getattr(exc, 'strerror', None) or exc}") from None


def slack_processes(settings, procfile: dict[str, str]) -> dict[str, str]:
    """The Procfile lines to run: Socket Mode bot or web process, plus worker and beat."""
    front = "bot" if settings.slack_app_token and not settings.oauth else "web"  # OAuth mode serves HTTP only
    wanted = [front, "worker", "beat"]
    missing = [name for name in wanted if name not in procfile]
    if missing:
        raise SettingsError(f"Procfile has no {', '.join(missing)} line")
    return {name: procfile[name] for name in wanted}


def run(args: argparse.Namespace, settings) -> int:
    if not settings.has_slack:
        return chat_cmd.run(args, settings)
    if settings.oauth and not settings.slack_signing_secret:
        raise SettingsError(
            "SLACK_SIGNING_SECRET not set: OAuth mode (SLACK_CLIENT_ID, no SLACK_BOT_TOKEN) runs pyfw web"
        )
    if not (settings.slack_signing_secret or settings.slack_app_token):
        raise SettingsError(
            "SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is"
        )
    load_catalog(settings.catalog_path)  # refuse to start anything on a broken catalog
    commands = slack_processes(settings, read_procfile(args.procfile))
    bin_dir = str(Path(sys.executable).parent)
    with redis_url_or_embedded(settings.redis_url) as redis_url:
        env = dict(os.environ, REDIS_URL=redis_url, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
        env.setdefault("PORT", str(settings.port))
        manager = Manager(Printer(_Unbuffered(sys.stdout)))
        for name, command in commands.items():
            manager.add_process(name, command, env=env)
        manager.loop()  # until one process exits (then honcho stops the others) or Ctrl-C / SIGTERM
        return manager.returncode


class _Unbuffered:
    """stdout for honcho's printer, written with one system call per write and no lock.

    honcho prints "SIGINT received" from its signal handler; if Ctrl-C lands while a line is being printed to a
    buffered stdout, Python raises "reentrant call", honcho's loop dies without stopping the processes, and pyfw
    run then waits for them forever.
    """

    def __init__(self, stream) -> None:
        self.fileno = stream.fileno()
        self.tty = stream.isatty()

    def write(self, text: str) -> int:
        data = memoryview(text.encode("utf-8", "replace"))
        while data:
            data = data[os.write(self.fileno, data) :]
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return self.tty
