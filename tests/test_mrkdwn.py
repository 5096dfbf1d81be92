"""The one home of Slack text (common.mrkdwn): dates in the reader's zone, sections within Slack's limit."""

from __future__ import annotations

from bot.text import mrkdwn_to_text
from common.mrkdwn import date, pack_lines, utc_text


def test_a_date_shows_in_the_readers_zone_with_the_utc_text_as_fallback():
    assert date(1_790_000_000) == "<!date^1790000000^{date_short_pretty} {time}|2026-09-21 14:13 UTC>"
    assert utc_text(1_790_000_000) == "2026-09-21 14:13 UTC"
    assert date(None) == date(0) == "an unknown time"
    assert mrkdwn_to_text(f"failing since {date(1_790_000_000)}") == "failing since 2026-09-21 14:13 UTC"


def test_lines_are_packed_in_order_into_as_few_texts_as_fit_the_limit():
    lines = [f"line {n:02d} " + "x" * 40 for n in range(100)]  # 48 characters each
    texts = pack_lines(lines, limit=500)
    assert all(len(text) <= 500 for text in texts)
    assert "\n".join(texts).split("\n") == lines
    assert len(texts) == 10  # 10 lines of 48 plus 9 newlines = 489 fit; an 11th would not


def test_a_line_longer_than_the_limit_is_cut_not_sent_over_it():
    [text] = pack_lines(["y" * 5000], limit=3000)
    assert len(text) == 3000 and text.endswith("…")
