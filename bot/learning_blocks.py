"""Block Kit for the learning loop: 👍/👎 under every answer card, and the curators' gaps section of the App Home.

The vote buttons go in their own actions block under the rendered answer (the card itself stays cached per entry
in bot/blocks.py); their value is signed by `learning.votes` and carries the question and the entries shown.
"""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, DividerBlock, HeaderBlock, PlainTextObject

from bot.blocks import MAX_CANDIDATES, MAX_FIELDS, Reply, context_block, section_block
from catalog.answer import Answer, Intent
from common.mrkdwn import fit, one_line
from learning.loop import LearningLoop, Unavailable

VOTE_UP_ACTION = "pyfw_vote_up"
VOTE_DOWN_ACTION = "pyfw_vote_down"
VOTES_BLOCK = "pyfw_votes"
HOME_GAPS = 8  # groups shown in the App Home; `pyfw gaps` lists them all
HOME_QUESTIONS = 500  # the most asked questions grouped for the Home, so opening it stays quick
HOME_TITLE = "What people asked that pyfw could not answer"
TEACH_HINT = (
    'Teach pyfw the words people use: `pyfw catalog add-keyword ENTRY "phrase"` (then commit catalog.toml). '
    "`pyfw gaps --since 7d` lists every group."
)


def shown_names(answer: Answer) -> tuple[str, ...]:
    """The entries an answer card shows (a card, a comparison, "best matches"); () for lists, help and none."""
    if not answer.matches or answer.intent not in (Intent.LOOKUP, Intent.COMPARE, Intent.SEARCH):
        return ()
    if answer.intent is Intent.COMPARE and len(answer.matches) >= 2:
        return tuple(m.entry.name for m in answer.matches[:MAX_FIELDS])
    if answer.intent is Intent.SEARCH and len(answer.matches) > 1:
        return tuple(m.entry.name for m in answer.matches[:MAX_CANDIDATES])
    return (answer.matches[0].entry.name,)


def with_votes(reply: Reply, value: str | None) -> Reply:
    """The reply with 👍/👎 buttons under it (unchanged when there is no value to sign)."""
    if not value:
        return reply
    buttons = ActionsBlock(
        block_id=VOTES_BLOCK,
        elements=[
            ButtonElement(
                text=PlainTextObject(text="👍", emoji=True),
                action_id=VOTE_UP_ACTION,
                value=value,
                accessibility_label="Helpful answer",
            ),
            ButtonElement(
                text=PlainTextObject(text="👎", emoji=True),
                action_id=VOTE_DOWN_ACTION,
                value=value,
                accessibility_label="Not helpful: show this question to pyfw's curators",
            ),
        ],
    )
    return Reply(reply.text, (*reply.blocks, buttons))


def curator_gaps(learning: LearningLoop | None, user_id: str | None) -> list[Block]:
    """The App Home section with the top gaps, for the user ids in PYFW_CURATORS only; [] for everyone else."""
    if learning is None or not learning.is_curator(user_id):
        return []
    blocks: list[Block] = [DividerBlock(), HeaderBlock(text=PlainTextObject(text=HOME_TITLE, emoji=False))]
    try:
        groups = learning.groups(most_asked=HOME_QUESTIONS)
    except Unavailable:
        return [*blocks, section_block("Gaps are unavailable right now: Redis cannot be reached.")]
    if not groups:
        return [*blocks, section_block("Nothing yet: every recent question got a confident answer.")]
    lines = []
    for g in groups[:HOME_GAPS]:
        where = ", ".join(f"{s} {n}" for s, n in sorted(g.surfaces.items(), key=lambda kv: -kv[1]))
        alike = f", {len(g.questions)} wordings" if len(g.questions) > 1 else ""
        down = f", {g.down_votes} 👎" if g.down_votes else ""
        lines.append(f"• *{g.count}×* _{fit(one_line(g.example), 200)}_ ({where}{alike}{down})")
    more = f"\n…and {len(groups) - HOME_GAPS} more groups." if len(groups) > HOME_GAPS else ""
    return [*blocks, section_block("\n".join(lines) + more), context_block(TEACH_HINT)]
