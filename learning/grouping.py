"""Gaps grouped by similarity for a curator: "orm for postgres?" and "which ORM for Postgres" are one gap.

The scorer is chosen on purpose: `token_sort_ratio` over the words that carry the question (small filler words
dropped), because people reorder words ("postgres orm" / "orm for postgres") but a question that merely contains
another is a different one: `token_set_ratio` and `partial_ratio` score "python" against "python gui options" 100
and would fold every short question into the long ones. 85 keeps rewordings together and "rust web framework"
apart from "web framework" (84). Greedy and biggest first: each question joins the group of the most asked
question it resembles, so a group's example is its most asked wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from learning.gaps import Gap

SAME_QUESTION = 85
FILLER = frozenset(
    "a an the i we you me my our is are do does did can could should would will to for of in on with and or "
    "what which how who where why any anything some there please need want use using good best recommend "
    "python py pyfw".split()
)


@dataclass
class Group:
    """Similar questions: the most asked one as the example, with the total count, surfaces and 👎 among them."""

    example: str
    count: int = 0
    down_votes: int = 0
    surfaces: dict[str, int] = field(default_factory=dict)
    questions: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "example": self.example,
            "count": self.count,
            "down_votes": self.down_votes,
            "surfaces": dict(sorted(self.surfaces.items(), key=lambda kv: -kv[1])),
            "questions": self.questions,
        }


def key_words(text: str) -> str:
    """The words that carry a question, for comparing: lower case, no punctuation, no filler."""
    words = utils.default_process(text).split()
    kept = [w for w in words if w not in FILLER]
    return " ".join(kept or words)


def group(gaps: list[Gap]) -> list[Group]:
    """Similar gaps together, biggest group first (then the most recently asked)."""
    groups: list[Group] = []
    keys: list[str] = []
    last: list[float] = []
    for gap in sorted(gaps, key=lambda g: (-g.count, -g.last)):
        key = key_words(gap.text)
        found = process.extractOne(key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=SAME_QUESTION)
        if found is None:
            groups.append(Group(gap.text))
            keys.append(key)
            last.append(gap.last)
            index = len(groups) - 1
        else:
            index = found[2]
            last[index] = max(last[index], gap.last)
        target = groups[index]
        target.count += gap.count
        target.down_votes += gap.down_votes
        target.questions.append(gap.text)
        for surface, n in gap.surfaces.items():
            target.surfaces[surface] = target.surfaces.get(surface, 0) + n
    order = sorted(range(len(groups)), key=lambda i: (-groups[i].count, -last[i]))
    return [groups[i] for i in order]
