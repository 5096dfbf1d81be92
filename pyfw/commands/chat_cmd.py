"""`pyfw chat`: the console chat. The bot's own answers (the same Responder the Slack listeners call) in a
terminal, as Hubot's shell adapter does: `/pyfw flask` is the slash command, `@pyfw ...` or plain text a message.
Reads standard input; exits at end of input.
"""

from __future__ import annotations

import argparse
import io
import sys

from bot.links import LinkWatch
from bot.responder import Responder
from bot.text import blocks_to_text
from catalog import load_catalog
from learning.loop import LearningLoop, Surface

PROMPT_HELP = "pyfw console chat. Type '/pyfw flask' or '@pyfw what is good for dashboards?'; Ctrl-D quits."


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("chat", help="talk to pyfw in the terminal (reads standard input)")
    parser.add_argument("--catalog", help="catalog file (default: PYFW_CATALOG or the shipped one)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings) -> int:
    catalog = load_catalog(getattr(args, "catalog", None) or settings.catalog_path)
    responder = Responder(catalog, links=LinkWatch(settings, catalog), learning=LearningLoop(settings))
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="replace")  # bytes that are not UTF-8 become U+FFFD, not a crash or raw bytes
    if sys.stdin.isatty():
        print(PROMPT_HELP)
    for line in sys.stdin:
        text = line.strip()
        if not text:
            continue
        reply = answer(responder, text)
        print(blocks_to_text(reply.block_dicts()))
        sys.stdout.flush()
    responder.learning.flush()  # what it could not answer reaches Redis before the chat exits
    return 0


def answer(responder: Responder, text: str):
    """`/pyfw ...` as the slash command; `@pyfw ...` (or anything else) as a mention or direct message."""
    if text.casefold().startswith("/pyfw") and (len(text) == 5 or text[5].isspace()):
        return responder.command(text[5:], surface=Surface.CONSOLE)
    if text.casefold().startswith("@pyfw"):
        text = text[5:].lstrip(" ,:")
    return responder.message(text, surface=Surface.CONSOLE)
