"""The `pyfw` command: parses arguments, calls the core, prints; problems become one clear line and an exit code.

Each subcommand lives in its own module under `pyfw.commands` with `add_parser(subparsers)`; the module's
`run(args, settings)` returns the exit code. Only the named command's module is imported (the Slack SDK, gunicorn
and Celery cost a quarter of a second that `pyfw links` or `pyfw ask` should not pay); help and mistakes import all.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from importlib import metadata

from catalog import CatalogError
from common.settings import Settings, SettingsError, read_dotenv
from pyfw.terminal import safe_output, safe_text

# Subcommand -> the module under pyfw.commands that defines it, in the order `pyfw --help` lists them.
COMMANDS = {
    "run": "run_cmd",
    "chat": "chat_cmd",
    "ask": "ask_cmd",
    "catalog": "catalog_cmd",
    "web": "serve_cmd",
    "socket": "serve_cmd",
    "links": "links_cmd",
    "worker": "worker_cmd",
    "beat": "worker_cmd",
    "status": "status_cmd",
    "gaps": "gaps_cmd",
}
# Commands that print catalog or guide text, or questions people typed, for people: their output escapes control
# characters (pyfw.terminal).
# The servers' output is their log, escaped by the log filter; honcho (`pyfw run`) colours it on purpose.
PRINTS_CATALOG_TEXT = frozenset({"chat", "ask", "catalog", "links", "status", "gaps"})


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own message, without its usage dump on every mistake
        self.exit(2, f"{self.prog}: error: {message}\n(see '{self.prog} --help')\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for `command` alone when it is a known one, else for every command."""
    parser = _Parser(prog="pyfw", description="Answers questions about Python frameworks; watches their docs links.")
    parser.add_argument("--version", action=_Version, nargs=0, help="print pyfw's version and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    if command in COMMANDS:
        modules = [COMMANDS[command]]
    elif command == "--version":  # answered without importing every command
        modules = []
    else:
        modules = list(dict.fromkeys(COMMANDS.values()))
    for module in modules:
        importlib.import_module(f"pyfw.commands.{module}").add_parser(subparsers)
    return parser


class _Version(argparse.Action):
    """`--version`, reading the installed package's metadata only when asked (not on every command's start)."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"pyfw {package_version()}")  # on stdout, as argparse's own version action prints it
        parser.exit(0)


def package_version() -> str:
    """The installed pyfw package's version (pyproject.toml's), or "unknown" when run from an uninstalled tree."""
    try:
        return metadata.version("pyfw")
    except metadata.PackageNotFoundError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        read_dotenv()
        settings = Settings.from_env()
        if args.command in PRINTS_CATALOG_TEXT:
            with safe_output():
                return args.run(args, settings)
        return args.run(args, settings)
    except (CatalogError, SettingsError) as exc:
        print(f"pyfw: {safe_text(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
