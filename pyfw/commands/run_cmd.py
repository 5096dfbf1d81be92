"""`pyfw run`: the main job behind `make run`.

With Slack tokens it runs the bot, a worker and beat; without them it starts the console chat.
"""

from __future__ import annotations

import argparse
import sys

from pyfw.commands import chat_cmd


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("run", help="run pyfw: the Slack bot with its workers, or the console chat")
    parser.set_defaults(run=run, catalog=None)


def run(args: argparse.Namespace, settings) -> int:
    if not settings.has_slack:
        return chat_cmd.run(args, settings)
    print("pyfw: running with Slack tokens is not built yet (issue 4)", file=sys.stderr)
    return 1
