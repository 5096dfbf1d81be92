"""Block Kit rendering: an engine Answer (or the catalog) -> a Slack message, always within Slack's limits.

Built with `slack_sdk.models.blocks`, whose `to_dict()` also validates many limits. The limits below are
Slack's documented ones; every text shown is escaped (see `common.mrkdwn`) and cut to fit, and lists too long for
one message end in an "…and N more" line rather than an error from Slack.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from catalog.engine import Answer, Match
from catalog.model import Catalog, Entry
from common.mrkdwn import SECTION_TEXT, cut, fit, join_lines, link, one_line, pack_lines

# Slack's limits (https://api.slack.com/reference/block-kit/blocks and .../block-elements)
MAX_MESSAGE_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_SECTION_TEXT = SECTION_TEXT
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_CONTEXT_TEXT = 2000  # per element (mrkdwn)
MAX_ACTIONS_ELEMENTS = 25
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_FALLBACK_TEXT = 3000  # the message's top-level `text` (Slack truncates beyond 40,000; we stay small)

MAX_CANDIDATES = 5  # a ranked list or "did you mean" shows at most this many
QUESTION_SHOWN = 200  # how much of a person's question is echoed back

SHARE_ACTION = "pyfw_share"
SHOW_ACTION = "pyfw_show"


@dataclass(frozen=True)
class Reply:
    """A message: the notification/fallback text and its blocks."""

    text: str
    blocks: tuple[Block, ...]

    def block_dicts(self) -> list[dict]:
        """The blocks as JSON-ready dicts (a new list each call; the dicts are shared, do not change them)."""
        return list(self._dicts)

    @cached_property
    def _dicts(self) -> tuple[dict, ...]:
        return tuple(block.to_dict() for block in self.blocks)  # to_dict validates: worth doing once per reply


def render_answer(
    answer: Answer, catalog: Catalog, *, share: bool = True, notes: Mapping[str, str] | None = None
) -> Reply:
    """The message for an engine answer; `share` adds the "Share in channel" button (for ephemeral replies);
    `notes` (entry name -> mrkdwn) adds a warning line to that entry's card (e.g. a broken docs link)."""
    notes = notes or {}
    if answer.intent == "help":
        return help_reply(catalog)
    if answer.intent == "list":
        return list_reply(catalog, answer.category, [m.entry for m in answer.matches])
    if answer.intent == "compare" and len(answer.matches) >= 2:
        return compare_reply([m.entry for m in answer.matches], share=share)
    if answer.intent in ("lookup", "compare") and answer.matches:
        return card_reply(answer.matches[0].entry, share=share, note=notes.get(answer.matches[0].entry.name))
    if answer.intent == "search" and answer.matches:
        if len(answer.matches) == 1:
            return card_reply(answer.matches[0].entry, share=share, note=notes.get(answer.matches[0].entry.name))
        return candidates_reply(answer.question, answer.matches)
    return nothing_reply(answer.question, answer.suggestions, catalog)


@lru_cache(maxsize=4096)
def card_reply(entry: Entry, *, share: bool = True, note: str | None = None) -> Reply:
    """An entry card: name, category, overview, features, use cases, docs links.

    Cached: a card depends only on its entry, and the most asked answers are cards, so each is rendered (and
    validated) once per process instead of once per request.
    """
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=cut(one_line(entry.name), MAX_HEADER_TEXT), emoji=False)),
        context_block(
            f"*{fit(entry.category, 500)}*"
            + (f"  ·  also: {fit(', '.join(entry.aliases), 500)}" if entry.aliases else "")
        ),
        section_block(fit(entry.overview, MAX_SECTION_TEXT)),
    ]
    fields = [
        f
        for f in (
            _bullets("Features", entry.features, MAX_FIELD_TEXT),
            _bullets("Use cases", entry.use_cases, MAX_FIELD_TEXT),
        )
        if f
    ]
    if fields:
        blocks.append(SectionBlock(fields=[MarkdownTextObject(text=f) for f in fields]))
    if entry.links:
        blocks.append(section_block(_docs(entry, MAX_SECTION_TEXT)))
    if note:
        blocks.append(context_block(note))
    if share:
        button = _share_button([entry.name])
        if button:
            blocks.append(ActionsBlock(elements=[button]))
    return Reply(
        cut(f"{entry.name} ({entry.category}): {entry.overview}", MAX_FALLBACK_TEXT).translate(NO_MARKUP), tuple(blocks)
    )


def compare_reply(entries: Sequence[Entry], *, share: bool = True) -> Reply:
    """Entries side by side: one section per aspect, one field per entry (Slack shows fields in two columns)."""
    shown = list(entries)[:MAX_FIELDS]
    title = " vs ".join(one_line(e.name) for e in shown)
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=cut(title, MAX_HEADER_TEXT), emoji=False))]
    aspects = [
        ("Category", lambda e, room: fit(e.category, room)),
        ("Overview", lambda e, room: fit(e.overview, room)),
        ("Features", lambda e, room: _bullet_lines(e.features, room)),
        ("Use cases", lambda e, room: _bullet_lines(e.use_cases, room)),
        ("Docs", lambda e, room: join_lines([link(x.url, x.title, 500) for x in e.links], room)),
    ]
    for label, value in aspects:
        fields = []
        for entry in shown:
            heading = f"*{fit(one_line(entry.name), 40)} · {label}*\n"
            fields.append(MarkdownTextObject(text=heading + (value(entry, MAX_FIELD_TEXT - len(heading)) or "—")))
        blocks.append(SectionBlock(fields=fields))
    if len(entries) > len(shown):
        blocks.append(context_block(f"Showing the first {len(shown)} of {len(entries)}."))
    if share:
        button = _share_button([e.name for e in shown])
        if button:
            blocks.append(ActionsBlock(elements=[button]))
    return Reply(cut("Compare: " + title, MAX_FALLBACK_TEXT).translate(NO_MARKUP), tuple(blocks))


def candidates_reply(question: str, matches: Sequence[Match]) -> Reply:
    """Several entries fit: a short ranked list, each with a button that shows its card."""
    shown = list(matches)[:MAX_CANDIDATES]
    blocks: list[Block] = [section_block(f"Several frameworks fit _{fit(one_line(question), QUESTION_SHOWN)}_:")]
    for index, match in enumerate(shown):
        entry = match.entry
        text = f"*{fit(one_line(entry.name), 200)}* — {fit(entry.category, 200)}\n{fit(one_line(entry.overview), 300)}"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text), accessory=_show_button(entry, index, "Show")))
    if len(matches) > len(shown):
        blocks.append(context_block(f"…and {len(matches) - len(shown)} more. Ask more precisely, or `/pyfw list`."))
    names = ", ".join(one_line(m.entry.name) for m in shown)
    return Reply(cut(f"Several frameworks fit: {names}", MAX_FALLBACK_TEXT).translate(NO_MARKUP), tuple(blocks))


def nothing_reply(question: str, suggestions: Sequence[Match], catalog: Catalog) -> Reply:
    """Nothing matched: say so plainly, offer near misses as "did you mean" buttons, and point to help."""
    asked = fit(one_line(question), QUESTION_SHOWN) or "that"
    if suggestions:
        shown = list(suggestions)[:MAX_CANDIDATES]
        blocks: list[Block] = [
            section_block(f"I don't know _{asked}_. Did you mean:"),
            ActionsBlock(
                elements=[_show_button(m.entry, i, cut(one_line(m.entry.name), 60) + "?") for i, m in enumerate(shown)]
            ),
        ]
        text = "Did you mean: " + ", ".join(one_line(m.entry.name) for m in shown) + "?"
    else:
        blocks = [section_block(f"I have nothing on _{asked}_ in the catalog ({len(catalog)} frameworks and tools).")]
        text = "No framework in the catalog matches that."
    blocks.append(context_block("Try `/pyfw list` to see everything, or `/pyfw help`."))
    return Reply(cut(text, MAX_FALLBACK_TEXT).translate(NO_MARKUP), tuple(blocks))


def list_reply(catalog: Catalog, category: str | None, entries: Sequence[Entry]) -> Reply:
    """Entries grouped by category, one line each; sections split to fit, the rest summarised."""
    title = category or "Python frameworks and tools"
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=cut(one_line(title), MAX_HEADER_TEXT), emoji=False))]
    if not entries:
        where = f" for _{fit(category, 200)}_." if category else "."
        blocks.append(section_block("No entries in the catalog" + where))
        return Reply("No entries.", tuple(blocks))
    by_category: dict[str, list[Entry]] = {}
    for entry in entries:
        by_category.setdefault(entry.category, []).append(entry)
    sections = []
    for name, members in by_category.items():
        lines = [f"• *{fit(one_line(e.name), 150)}* — {fit(_first_sentence(e.overview), 200)}" for e in members]
        sections += split_sections(f"*{fit(one_line(name), 200)}* ({len(members)})", lines)
    room = MAX_MESSAGE_BLOCKS - len(blocks) - 1  # keep one block for the "more" note
    blocks += sections[:room]
    if len(sections) > room:
        blocks.append(
            context_block(
                f"…more entries than fit in one message. Try `/pyfw list CATEGORY` "
                f"({fit(', '.join(catalog.categories), 1500)})."
            )
        )
    else:
        blocks.append(context_block("`/pyfw NAME` shows a card; `/pyfw list CATEGORY` shows one category."))
    return Reply(cut(f"{title}: {len(entries)} entries", MAX_FALLBACK_TEXT).translate(NO_MARKUP), tuple(blocks))


HELP_TEXT = (
    "*pyfw* answers questions about Python frameworks and tools from its catalog.\n"
    "• `/pyfw flask` — a framework's card: overview, features, use cases, docs\n"
    "• `/pyfw what should I use for dashboards?` — frameworks that fit a purpose\n"
    "• `/pyfw compare django flask` or `/pyfw django vs flask` — side by side\n"
    "• `/pyfw list` or `/pyfw list backend` — the catalog, or one category\n"
    "• `/pyfw links` — the health of the docs links; `/pyfw links check` checks them now\n"
    "• `/pyfw help` — this message\n"
    "Mention me in a channel (`@pyfw what is good for APIs?`) and I answer in the thread; "
    "or send me a direct message."
)


def help_reply(catalog: Catalog) -> Reply:
    """What pyfw can do, with examples."""
    counts = ", ".join(f"{fit(c, 100)} ({len(catalog.in_category(c))})" for c in catalog.categories)
    blocks = (section_block(HELP_TEXT), context_block(fit_plain(f"Catalog: {len(catalog)} entries — {counts}", 1900)))
    return Reply("pyfw help: /pyfw NAME, /pyfw compare A B, /pyfw list, or mention @pyfw with a question.", blocks)


def home_blocks(catalog: Catalog, extra: Sequence[Block] = ()) -> list[Block]:
    """The App Home tab: what pyfw can do, the catalog by category, then `extra` (e.g. link health)."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text="pyfw — Python frameworks at hand", emoji=False)),
        section_block(HELP_TEXT),
        DividerBlock(),
        HeaderBlock(text=PlainTextObject(text=f"The catalog: {len(catalog)} entries", emoji=False)),
    ]
    sections: list[Block] = []
    for category in catalog.categories:
        members = catalog.in_category(category)
        lines = [f"• *{fit(one_line(e.name), 150)}* — {_docs_inline(e)}" for e in members]
        sections += split_sections(f"*{fit(one_line(category), 200)}* ({len(members)})", lines)
    room = MAX_HOME_BLOCKS - len(blocks) - len(extra) - 1
    blocks += sections[:room]
    if len(sections) > room:
        blocks.append(context_block("…the catalog is longer than the Home tab shows; use `/pyfw list CATEGORY`."))
    blocks += list(extra)[: MAX_HOME_BLOCKS - len(blocks)]
    return blocks


def error_reply() -> Reply:
    """What the asker sees if answering failed unexpectedly (the details go to the log)."""
    return Reply(
        "Sorry, something went wrong answering that.",
        (section_block("Sorry, something went wrong answering that. Try `/pyfw help`."),),
    )


def fit_plain(text: str, limit: int) -> str:
    """Text that is already safe mrkdwn cut at a line or word, never inside an entity or link."""
    if len(text) <= limit:
        return text
    cut_at = text.rfind(" ", 0, limit - 1)
    return text[: cut_at if cut_at > 0 else limit - 1] + "…"


# -- pieces -------------------------------------------------------------------------------------------------------

NO_MARKUP = str.maketrans({"<": "‹", ">": "›", "&": "+"})  # for fallback text: plain, never a mention


def section_block(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text))


def context_block(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def _bullet_lines(items: Sequence[str], limit: int) -> str:
    return join_lines([f"• {fit(one_line(item), 400)}" for item in items], limit)


def _bullets(label: str, items: Sequence[str], limit: int) -> str:
    if not items:
        return ""
    return f"*{label}*\n" + _bullet_lines(items, limit - len(label) - 3)


def _docs(entry: Entry, limit: int) -> str:
    return "*Docs*\n" + join_lines([f"• {link(x.url, x.title)}" for x in entry.links], limit - 8)


def _docs_inline(entry: Entry) -> str:
    return link(entry.links[0].url, entry.links[0].title, 400) if entry.links else fit(entry.category, 200)


def _first_sentence(text: str) -> str:
    text = one_line(text)
    end = text.find(". ")
    return text[: end + 1] if 0 < end < 200 else text


def split_sections(heading: str, lines: list[str]) -> list[Block]:
    """A heading and lines in as many sections as it takes to keep each within Slack's section limit."""
    return [section_block(text) for text in pack_lines([heading, *lines], MAX_SECTION_TEXT)]


def _share_button(names: list[str]) -> ButtonElement | None:
    value = json.dumps({"names": names}, ensure_ascii=False)
    if len(value) > MAX_BUTTON_VALUE:
        return None
    what = f"the card for {names[0]}" if len(names) == 1 else "the comparison of " + " and ".join(names)
    return ButtonElement(
        text=PlainTextObject(text="Share in channel"),
        action_id=SHARE_ACTION,
        value=value,
        style="primary",
        accessibility_label=cut(f"Share {one_line(what)} in this channel", MAX_BUTTON_TEXT),
    )


def _show_button(entry: Entry, index: int, label: str) -> ButtonElement:
    value = entry.name if len(entry.name) <= MAX_BUTTON_VALUE else entry.name[:MAX_BUTTON_VALUE]
    return ButtonElement(
        text=PlainTextObject(text=cut(label, MAX_BUTTON_TEXT), emoji=False),
        action_id=f"{SHOW_ACTION}_{index}",
        value=value,
        accessibility_label=cut(f"Show the card for {one_line(entry.name)}", MAX_BUTTON_TEXT),
    )
