"""The `pyfw` command: parses arguments, calls the core, prints; problems become one clear line and an exit code.

Each subcommand lives in its own module under `pyfw.commands` with `add_parser(subparsers)`; the module's
`run(args, settings)` returns the exit code.
"""

from __future__ import annotations

import argparse
import sys

from catalog import CatalogError
from pyfw.commands import ask_cmd, catalog_cmd, chat_cmd, links_cmd, run_cmd, serve_cmd, status_cmd, worker_cmd
from pyfw.settings import Settings, SettingsError, read_dotenv

COMMANDS = [catalog_cmd, chat_cmd, run_cmd, serve_cmd, links_cmd, ask_cmd, worker_cmd, status_cmd]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own message, without its usage dump on every mistake
        self.exit(2, f"{self.prog}: error: {message}\n(see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pyfw", description="Answers questions about Python frameworks; watches their docs links.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        read_dotenv()
        settings = Settings.from_env()
        return args.run(args, settings)
    except (CatalogError, SettingsError) as exc:
        print(f"pyfw: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
