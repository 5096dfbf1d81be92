"""Broad asks as people write them on their own (the tenth and eleventh rounds): misspelt ordinary words, ... Each
test is a question the engine answered with nothing or with the wrong options before the change it covers."""

from __future__ import annotations

import pytest

from catalog.engine import Intent
from catalog.english import EnglishWords
from catalog.spelling import Speller
from tests.engine_eval import names

BACKEND = {"Django", "Flask", "FastAPI", "Pyramid", "Tornado", "Sanic"}
FRONTEND = {"Dash", "Streamlit", "Tkinter", "PyQt"}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("web frameworks pythn", BACKEND),
        ("gui frameowrks", {"Tkinter", "PyQt"}),
        ("dashbord libs", {"Dash", "Streamlit"}),
        ("asynchronus frameworks", {"FastAPI", "Tornado", "Sanic"}),
    ],
)
def test_a_misspelt_ordinary_word_is_read_as_the_word(engine, text, shown):
    answer = engine.answer(text)
    assert len(answer.matches) >= 2 and set(names(answer)) <= shown


@pytest.mark.parametrize(
    "text",
    [
        "a good code editor for python",  # an English word is meant as written, however near a catalog word
        "the dash button on my keyboard is broken",
        "pydantic validator for email fields",  # two edits away: a derived word, not a misspelt "validation"
    ],
)
def test_words_that_are_not_misspellings_are_left_as_written(engine, text):
    assert engine.answer(text).intent is Intent.NONE


def test_a_short_word_is_not_read_as_a_misspelling(engine):
    # "ppl" is one letter from "pip"
    assert names(engine.answer("cron-like periodic jobs in python, what do ppl use"))[:1] == ["Celery"]


def test_a_word_equally_near_two_words_is_left_as_written():
    speller = Speller(["tables and tablet"], [], EnglishWords.load())
    assert speller.correct(["tablex", "tabels"], set(), lambda word: False) == ["tablex", "tables"]


def test_a_misspelt_name_is_still_found_as_the_name(engine):
    assert names(engine.answer("djnago admin"))[:1] == ["Django"]


def list_of(answer) -> str | None:
    return answer.category if answer.intent is Intent.LIST else None


def test_a_category_asked_for_is_answered_before_the_words_before_for_are_taken_for_a_stranger(engine):
    # "reviewing stacks for ..." had read "reviewing stacks" as a thing outside the catalog
    text = "reviewing stacks for the partner portal backend, python side. which frameworks belong on the list"
    assert list_of(engine.answer(text)) == "Backend Frameworks"


@pytest.mark.parametrize("text", ["wat python web frameworks r there", "ppl use what for web backends in python"])
def test_chat_spellings_of_what_and_people_are_how_people_ask(engine, text):
    assert list_of(engine.answer(text)) == "Backend Frameworks"


def test_contenders_and_equivalents_ask_for_options(engine):
    assert list_of(engine.answer("hobby web backend in python, who are the contenders?")) == "Backend Frameworks"
    answer = engine.answer("what are the python equivalents for building a desktop gui")
    assert set(names(answer)) == {"Tkinter", "PyQt"}


def test_frameworks_that_could_work_are_frameworks_that_fit_not_background_work(engine):
    assert list_of(engine.answer("which python web frameworks could work")) == "Backend Frameworks"


def test_a_website_named_beside_frameworks_asks_for_the_backend_frameworks(engine):
    text = "we have to put up an internal website for the legal team, what python web frameworks could do it"
    assert list_of(engine.answer(text)) == "Backend Frameworks"
    # ... but a tool asked for a website is that tool
    assert engine.answer("load testing tool for my web app").intent is Intent.NONE


@pytest.mark.parametrize(
    "text",
    [
        "we're moving an old PHP website to python this year, which web frameworks should we look at",
        "coming from rails, what are the python equivalents for a web backend?",
        "ruby guy here, new to python: web frameworks?",
    ],
)
def test_a_technology_the_asker_comes_from_is_context_not_the_question(engine, text):
    assert list_of(engine.answer(text)) == "Backend Frameworks"


def test_a_frontend_the_asker_has_is_context(engine):
    answer = engine.answer("backend for our vue spa, which python frameworks can serve json")
    assert len(answer.matches) >= 2 and set(names(answer)) <= BACKEND | {"Graphene"}


@pytest.mark.parametrize("text", ["migrating from flask to express", "how do i move my data from mongodb to postgres"])
def test_where_the_asker_moves_to_is_still_a_technology_outside_the_catalog(engine, text):
    assert engine.answer(text).intent is Intent.NONE


def test_a_category_named_in_the_plural_is_named(engine):
    text = "new to python, what are the equivalents on the python side for web backends?"
    assert list_of(engine.answer(text)) == "Backend Frameworks"


def test_equivalents_asked_for_a_web_server_are_the_backend_frameworks(engine):
    text = "coming from express: python equivalents for a web server?"
    assert list_of(engine.answer(text)) == "Backend Frameworks"


@pytest.mark.parametrize(
    "text",
    ["python server frameworks?", "what are the choices for a python web server", "options for web servers in py"],
)
def test_servers_asked_for_alone_are_the_backend_frameworks(engine, text):
    assert list_of(engine.answer(text)) == "Backend Frameworks"


@pytest.mark.parametrize(
    ("text", "shown"),
    [("realtime web server options", {"Tornado", "Sanic"}), ("async options for python web servers?", BACKEND)],
)
def test_servers_asked_for_with_a_purpose_are_the_entries_for_it(engine, text, shown):
    answer = engine.answer(text)
    assert answer.intent is Intent.SEARCH and set(names(answer)) <= shown


def test_object_relational_mappers_are_every_entry_with_an_orm(engine):
    answer = engine.answer("which object-relational mappers does python have")
    assert set(names(answer)) == {"SQLAlchemy", "Django"}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("what python web stacks are worth knowing?", BACKEND),  # a stack is how people say framework
        ("what python web stack should i learn", BACKEND),
        ("user facing stuff, what do you have for python?", FRONTEND),
        ("a saas in python, which frameworks are out there", BACKEND),
        ("presentation layer frameworks?", FRONTEND),
        ("what python stuff is there for things people click on", FRONTEND),
        ("what could i build a desktop client with in python", {"Tkinter", "PyQt"}),
        ("anything for user interfaces? web or desktop, doesn't matter", FRONTEND),
        ("dashboards in pure python", {"Dash", "Streamlit"}),
        ("performance-focused api servers for python", {"FastAPI", "Sanic", "Tornado"}),
        ("python web frameworks where i pick my own components", {"Flask", "Pyramid"}),
    ],
)
def test_everyday_words_of_broad_asks_of_the_tenth_round(engine, text, shown):
    answer = engine.answer(text)
    assert (answer.intent is Intent.LIST and set(names(answer)) <= shown) or (
        len(answer.matches) >= 2 and set(names(answer)) <= shown
    )


def test_what_a_framework_comes_with_is_built_in(engine):
    assert names(engine.answer("which of them come with a built in admin"))[:1] == ["Django"]


def test_an_unknown_word_saying_what_the_asker_does_leaves_the_ask_for_options(engine):
    assert list_of(engine.answer("suggest some python web frameworks to benchmark")) == "Backend Frameworks"


@pytest.mark.parametrize("text", ["zig web frameworks", "web frameworks in zig", "web frameworks for zig"])
def test_an_unknown_word_saying_which_frameworks_keeps_a_short_ask_out_of_scope(engine, text):
    assert engine.answer(text).intent is Intent.NONE


@pytest.mark.parametrize(
    "text",
    [
        "geospatial libs, map layers and projections",
        "compression libs with python bindings?",
        "audio libs with a simple api",
    ],
)
def test_options_of_a_kind_of_software_the_catalog_does_not_know_are_none(engine, text):
    # A word the catalog does not know right before "libs" says which kind is asked for: what else the catalog knows
    # in the question ("map", "bindings", "api") is no part of such an entry.
    assert engine.answer(text).intent is Intent.NONE


@pytest.mark.parametrize(
    ("text", "shown"), [("lightweight gui libs", {"Tkinter", "PyQt"}), ("db access libs", {"SQLAlchemy"})]
)
def test_words_saying_how_the_software_should_be_leave_the_kind_known(engine, text, shown):
    assert shown <= set(names(engine.answer(text)))


def test_extra_tools_are_the_other_technologies(engine):
    answer = engine.answer("what extra tools do you have")
    assert answer.intent is Intent.LIST and answer.category == "Other Relevant Technologies"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("python equivalents of laravel or symfony for a backend?", BACKEND),
        ("something like sinatra in python for a tiny web service", {"Flask"}),
    ],
)
def test_a_technology_python_is_asked_to_replace_is_a_point_of_reference(engine, text, shown):
    answer = engine.answer(text)
    assert answer.matches and set(names(answer)) <= shown


@pytest.mark.parametrize("text", ["a go web framework like gin", "alternatives to express or koa?"])
def test_without_python_asked_for_a_technology_like_another_is_outside_the_catalog(engine, text):
    assert engine.answer(text).intent is Intent.NONE


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("what are people using these days for desktop guis", {"Tkinter", "PyQt"}),
        ("thick client toolkits for python?", {"Tkinter", "PyQt"}),
        ("heavyweight python frameworks", {"Django", "Pyramid"}),
        ("need to stand up a website in python, options?", BACKEND),
        ("speedy python frameworks for apis", {"FastAPI", "Sanic"}),
        ("i want to stay in python, what can i build a website with", BACKEND),
        ("shopping around for a gui toolkit", {"Tkinter", "PyQt"}),
    ],
)
def test_everyday_words_of_broad_asks_of_the_eleventh_round(engine, text, shown):
    answer = engine.answer(text)
    assert len(answer.matches) >= 2 and set(names(answer)) <= shown


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("show me the backend lineup", "Backend Frameworks"),
        ("which ones are in the frontend bucket", "Frontend Frameworks"),
    ],
)
def test_a_category_asked_for_as_a_lineup_or_bucket_is_listed(engine, text, category):
    answer = engine.answer(text)
    assert answer.intent is Intent.LIST and answer.category == category


@pytest.mark.parametrize(
    "text",
    [
        "coming from ruby land, what do people use for websites in python?",
        "switching from php, what do folks use for server side web stuff",
    ],
)
def test_where_the_asker_comes_from_takes_nothing_from_a_broad_ask(engine, text):
    # "coming", "switching" and "land" say where the asker is from: they neither count as words the catalog does
    # not know nor as a thing asked for before "for".
    answer = engine.answer(text)
    assert answer.intent is Intent.LIST and answer.category == "Backend Frameworks"


def test_a_category_asked_of_the_bot_in_chat_spelling_is_listed(engine):
    answer = engine.answer("gimme ur frontend lineup")
    assert answer.intent is Intent.LIST and answer.category == "Frontend Frameworks"


def test_what_the_asker_would_have_to_do_to_use_what_they_avoid_is_context(engine):
    # "learning" belongs to "without learning js": it is no word of what is asked.
    assert names(engine.answer("a web ui for my model output without learning js"))[:1] == ["Streamlit"]


def test_either_is_how_people_ask(engine):
    assert set(names(engine.answer("anything for background jobs or websockets, either works"))) >= {"Celery"}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            # (not "perl cgi": a CGI setup left behind is read as a web backend, which ranks backend options)
            "migrating a crusty old perl mess to python, what could the new server be? open to suggestions",
            "Backend Frameworks",
        ),
        ("what do you have for the front end, the visual part", "Frontend Frameworks"),
    ],
)
def test_a_broad_ask_naming_one_category_gets_it_however_much_else_it_says(engine, text, category):
    answer = engine.answer(text)
    assert answer.intent is Intent.LIST and answer.category == category


@pytest.mark.parametrize(
    "text", ["web frameworks in zig, suggestions?", "what can you suggest for a server written in zig"]
)
def test_a_broad_ask_whose_unknown_word_says_which_options_stays_none(engine, text):
    assert engine.answer(text).intent is Intent.NONE


def test_http_servers_asked_for_are_web_frameworks_not_a_graphql_library(engine):
    # Every web framework speaks HTTP though few entries say so: Graphene, which mentions HTTP, is no such option.
    shown = names(engine.answer("http server libs for python?"))
    assert len(shown) >= 2 and set(shown) <= BACKEND | {"Sanic"}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("the python counterpart of entity framework?", {"SQLAlchemy", "Django"}),
        ("sequelize user, what do python folks map tables with", {"SQLAlchemy", "Django"}),
        ("we ship a wpf app, want python instead, choices?", {"Tkinter", "PyQt"}),
        ("power bi user here, python equivalent?", {"Dash", "Streamlit"}),
        ("leaving laravel for python, what could the server be", BACKEND),
        ("koa -> python, options?", BACKEND),
        ("python's answer to javafx?", {"Tkinter", "PyQt"}),
        ("koa.js equivalent in python", BACKEND),
        ("prisma (node) equivalent in python?", {"SQLAlchemy", "Django"}),
        ("ditching an ancient codeigniter app for python, options?", BACKEND),
        ("used to hapi, what are the python web frameworks?", BACKEND),
        ("we're sunsetting our yii app, python web frameworks to replace it?", BACKEND),
        ("is there a python version of metabase?", {"Dash", "Streamlit"}),
        ("bullmq for python?", {"Celery"}),
        ("our wpf tool is being retired, python gui toolkits?", {"Tkinter", "PyQt"}),
        ("looker / power bi style dashboards but in python code?", {"Dash", "Streamlit"}),
        ("i've used symfony and koa; python web frameworks?", BACKEND),
    ],
)
def test_another_stacks_tool_left_behind_is_read_as_its_kind(engine, text, shown):
    # The guide names none of these tools: the asker comes from one, and wants Python's of its kind.
    answer = engine.answer(text)
    assert len(answer.matches) >= min(2, len(shown)) and set(names(answer)) <= shown


@pytest.mark.parametrize(
    "text",
    [
        "laravel vs symfony for a php shop?",  # the tools are what is asked about: still outside the catalog
        "sequelize migrations keep failing on node 20",
        "is hibernate still worth learning for java jobs",
        "wpf or winui for a new windows app",
        "I used resque for years. how do I start rq workers in python?",  # what is asked about is outside too
        # (found by a review of the change: each had got a list or options)
        "we're leaving spring for quarkus, thoughts?",  # where the asker goes is asked about
        "coming from rails; laravel or symfony?",  # what a later sentence asks about
        "how do I kill a sidekiq job from python",
        "fetch reports from tableau with python?",
        "gtk for python?",  # GTK has Python bindings: asked for itself
        "ive used sequelize, how does its migration cli handle rollbacks?",
    ],
)
def test_another_stacks_tool_asked_about_stays_outside(engine, text):
    assert engine.answer(text).intent is Intent.NONE


@pytest.mark.parametrize("arrow", ["=>", "->", "-&gt;", "→"])  # ("-&gt;": Slack sends ">" escaped)
def test_an_arrow_says_where_the_asker_moves(engine, arrow):
    assert list_of(engine.answer(f"symfony {arrow} python, which web frameworks?")) == "Backend Frameworks"


def test_a_run_together_word_is_read_as_its_words(engine):
    assert list_of(engine.answer("webframeworks for python?")) == "Backend Frameworks"
    assert engine.answer("zig webframeworks").intent is Intent.NONE


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("rewriting our old perl cgi scripts in python, which web frameworks?", BACKEND),
        ("porting our ruby stuff to python, web frameworks?", BACKEND),
        ("we are rewriting our python scripts in rust, web frameworks?", set()),
        ("porting our python stuff to ruby, web frameworks?", set()),
        ("coming from puppeteer, what are the options for scraping in python", set()),  # asked for after the move
    ],
)
def test_what_a_question_moving_to_python_names_before_it_is_left_behind(engine, text, shown):
    # Moving to another language asks for that language's frameworks, which the catalog does not have.
    answer = engine.answer(text)
    assert set(names(answer)) <= shown and (len(answer.matches) >= 2 or not shown)


def test_point_and_click_is_a_gui(engine):
    # "point-and-click" had read as a thing the catalog never speaks of ("a point-and-click tool for ...").
    answer = engine.answer("a point-and-click tool for our lab techs, python gui toolkits?")
    assert len(answer.matches) >= 2 and set(names(answer)) <= {"Tkinter", "PyQt"}


def test_client_side_is_the_front_end(engine):
    assert list_of(engine.answer("client-side options for a python dev?")) == "Frontend Frameworks"


@pytest.mark.parametrize(
    ("words", "said"),
    [
        ("hibernate equivalent in python", "orm the in python"),
        ("a java spring boot guy moving to python", "a the backend the guy moving to python"),
        ("the python counterpart of the entityframework", "the python the of the orm"),
        ("rails vs laravel", "rails vs laravel"),  # asked about: as written
    ],
)
def test_a_tool_left_behind_is_said_as_its_kind_in_as_many_words(words, said):
    from catalog.other_stacks import said_as_kinds

    assert " ".join(said_as_kinds(words.split(), words)) == said


# -- the fifteenth round --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("data dashboard for our billing team — what do i use", {"Dash", "Streamlit"}),
        # (a chatty question stays as long with its audience left out: the team still makes it chatty)
        ("KPI wallboard for the ops team with charts that refresh", {"Dash", "Streamlit"}),
    ],
)
def test_a_word_naming_who_a_thing_is_for_is_no_part_of_the_ask(engine, text, shown):
    answer = engine.answer(text)
    assert answer.matches and set(names(answer)) <= shown


def test_a_word_before_people_is_the_audience_only_after_an_owner(engine):
    from catalog.context_words import naming_an_audience

    assert naming_an_audience("a dashboard for the billing team".split()) == [(4,)]
    assert naming_an_audience("our data science folks".split()) == [(1, 2)]
    assert naming_an_audience("turn it into a webpage coworkers can use".split()) == []
    assert naming_an_audience("an app for the mobile team".split()) == []  # a team named for what it builds


@pytest.mark.parametrize(
    "text",
    [
        # (found by a review of the change: each had got an answer once the team's word was left out)
        "what framework should our cli team use",  # nothing else tells what is asked
        "a framework for our robotics people",
        "an app for the mobile team",
        "the ux team wants a prototype tool",
        "tooling for the platform engineering team",  # a known word of the group keeps it all
    ],
)
def test_a_team_that_is_all_the_question_says_keeps_it_out_of_scope(engine, text):
    assert engine.answer(text).intent is Intent.NONE


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("hey! quick q - what's out there for python web development?", BACKEND),
        ("general purpose web frameworks?", BACKEND),
        ("which python webservers are there", BACKEND),
        ("my choices for backend work?", BACKEND),  # the backend, not background work
        ("gui libarys", {"Tkinter", "PyQt"}),
        ("anything snappier for high-throughput json endpoints?", {"FastAPI", "Sanic", "Tornado"}),
    ],
)
def test_everyday_words_of_broad_asks_of_the_fifteenth_round(engine, text, shown):
    answer = engine.answer(text)
    assert len(answer.matches) >= 2 and set(names(answer)) <= shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("/pyfw symfony equivalent", BACKEND),  # asked of this bot, an equivalent is Python's
        ("java spring equivalent?", BACKEND),
        ("bull equivalent for python?", {"Celery"}),
        ("flexdashboard equivalent in python", {"Dash", "Streamlit"}),
        ("sidekiq in ruby -> python?", {"Celery"}),  # the tool's own language said after it
    ],
)
def test_another_stacks_tool_asked_as_an_equivalent_is_read_as_its_kind(engine, text, shown):
    answer = engine.answer(text)
    assert answer.matches and set(names(answer)) <= shown


@pytest.mark.parametrize(
    "text",
    [
        "symfony equivalent in go?",
        "a laravel equivalent for node",
        "bull vs sidekiq",
        # (found by the review: "go" and "r" are words the table of languages does not hold)
        "sidekiq equivalent for go",
        "tableau equivalent for r users",
        "electron equivalent for the web",
        "what do the rust folks use for web servers",  # what those people use (the old "guys" did the same)
    ],
)
def test_an_equivalent_asked_in_another_language_stays_outside(engine, text):
    assert engine.answer(text).intent is Intent.NONE


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("backend work queues?", {"Celery"}),  # (the review: "backend work" is the backend only after "for")
        ("long-running backend work in python", {"Celery"}),
        ("general purpose orm?", {"SQLAlchemy", "Django"}),
    ],
)
def test_the_words_of_this_round_keep_their_other_senses(engine, text, shown):
    answer = engine.answer(text)
    assert answer.matches and set(names(answer)) <= shown


@pytest.mark.parametrize("text", ["general purpose language", "general purpose scripting"])
def test_general_purpose_alone_is_still_nothing_the_catalog_has(engine, text):
    assert engine.answer(text).intent is Intent.NONE


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("i enjoyed sinatra for its tiny core. what's like that in python?", {"Flask"}),
        ("hapi but for python?", BACKEND),
        ("whats pythons answer to winforms", {"Tkinter", "PyQt"}),
        ("fastify folks: whats there for non-blocking http in python", {"FastAPI", "Tornado", "Sanic"}),
        ("sidekiq and resque — what's the python thing?", {"Celery"}),
        ("quartz scheduler counterpart in python?", {"Celery"}),
        ("data access layer choices in python?", {"SQLAlchemy", "Django"}),
    ],
)
def test_more_ways_of_asking_for_pythons_like_of_a_tool(engine, text, shown):
    answer = engine.answer(text)
    assert answer.matches and set(names(answer)) <= shown


def test_fullstack_in_one_word_is_a_batteries_included_framework(engine):
    assert names(engine.answer("fullstack framework in python"))[:1] == ["Django"]


def test_asking_for_the_ways_to_do_something_asks_for_options(engine):
    answer = engine.answer("all the ways to put a UI on top of python code, dashboards, desktop, whatever")
    assert len(answer.matches) >= 2 and set(names(answer)) <= {"Dash", "Streamlit", "Tkinter", "PyQt"}


def test_asking_what_the_bot_is_for_gets_help(engine):
    assert engine.answer("@pyfw help me understand what you're for").intent is Intent.HELP


@pytest.mark.parametrize(
    "text",
    [
        "c# desktop ui frameworks (wpf, winui, maui)?",  # another stack's tools named for themselves are outside
        "js frontend frameworks",  # that technology's frameworks, not a backend for a js frontend
        "/pyfw go web frameworks",
        "something like django for go",
        "is there something like django for c#/.net",
        "flask but for node?",
        "swift ui frameworks for mac apps",
        # an entry's kind of thing asked for in another language, right after it
        "graphql servers for node (apollo, yoga...)?",
        "graphql server libs for node",
        "celery for go",
        "what's the php version of flask",  # its like in another language
        "ruby equivalent of celery",
    ],
)
def test_options_of_another_language_or_its_tools_are_outside(engine, text):
    assert engine.answer(text).intent is Intent.NONE


@pytest.mark.parametrize(
    "text",
    [
        # a kind of thing asked for in another language, no entry named and Python never said
        "which http router do people pick for a json api in go these days?",
        "most popular ORM for C# right now",
        "desktop gui toolkits for c++?",
        "what job queue do ruby devs usually use",
        "options for a websocket server in rust",
    ],
)
def test_a_kind_of_thing_asked_for_in_another_language_is_outside(engine, text):
    assert engine.answer(text).intent is Intent.NONE


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("coming from gtk in c, desktop gui options?", {"Tkinter", "PyQt"}),  # where the asker comes from
        ("web frameworks for go devs", {"Django", "Flask", "FastAPI", "Pyramid", "Tornado", "Sanic"}),  # for whom
        (
            "what do python devs use for web backends these days?",
            {"Django", "Flask", "FastAPI", "Pyramid", "Tornado", "Sanic"},
        ),
        ("gui toolkit for java devs", {"Tkinter", "PyQt"}),  # whose world the asker is from: no sign of nothing
    ],
)
def test_another_language_said_of_the_asker_still_asks_for_pythons(engine, text, shown):
    answer = engine.answer(text)
    assert answer.matches and set(names(answer)) <= shown


@pytest.mark.parametrize(
    "text",
    [
        # what the asker names moves to another stack, and nothing more is asked of Python
        "we're porting our flask service to go next sprint, tips?",
        "switching our tkinter tool to electron, worth it?",
        "rewriting the celery workers in rust, how do i start",
        "we're ditching our streamlit dashboards for a vue frontend, which chart lib?",
    ],
)
def test_moving_what_is_named_to_another_stack_is_outside(engine, text):
    assert engine.answer(text).intent is Intent.NONE


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("converting our django templates to react components, how do we serve json from django?", "Django"),
        ("moving from express to flask, any gotchas?", "Flask"),  # a move to an entry
        ("porting our go service to python, is fastapi a good fit?", "FastAPI"),  # a move to Python
        # the second review's: the entry asked about after its move is said, and a move between two entries
        ("rewriting our flask app in go. does flask scale?", "Flask"),
        ("should we rewrite our celery jobs in go or stick with celery?", "Celery"),
        ("moving from flask to fastapi", "FastAPI"),
        ("switching from tornado to sanic for websockets", "Sanic"),
        # the first review's: a language said of the asker, or of who the entry is for
        ("pyqt for c++ qt developers", "PyQt"),
    ],
)
def test_moving_to_an_entry_or_asking_of_one_after_the_move_is_that_entry(engine, text, entry):
    assert names(engine.answer(text))[:1] == [entry]


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("graphql server libs for python", "Graphene"),  # Python's own
        ("flask in docker", "Flask"),  # a place it runs, not another language
        ("celery in kubernetes", "Celery"),
        ("django for java devs", "Django"),  # for the people of another language, about Django
        ("flask for php devs", "Flask"),
    ],
)
def test_an_entry_said_with_where_it_runs_is_still_that_entry(engine, text, entry):
    assert names(engine.answer(text)) == [entry]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("ActiveRecord replacment in py", {"SQLAlchemy", "Django"}),
        ("resque / delayed_job equivilent?", {"Celery"}),
        ("hibernate equivelant in python", {"SQLAlchemy", "Django"}),
    ],
)
def test_a_misspelt_equivalent_still_asks_for_pythons_like(engine, text, shown):
    answer = engine.answer(text)
    assert answer.matches and set(names(answer)) <= shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("i used to build winforms apps in c#. what do i use for desktop apps in python", {"Tkinter", "PyQt"}),
        ("Entity Framework Core is what we use in .NET. python ORMs?", {"SQLAlchemy", "Django"}),
        ("hangfire recurring jobs but python?", {"Celery"}),
        ("sinatra equiv for python?", {"Flask"}),
    ],
)
def test_a_tool_the_asker_knows_is_read_as_its_kind(engine, text, shown):
    answer = engine.answer(text)
    assert answer.matches and set(names(answer)) <= shown


@pytest.mark.parametrize(
    "text", ["progress bar libs for long loops", "headless browser automation options (clicking thru a login form)"]
)
def test_options_the_model_is_sure_the_catalog_lacks_are_none(engine, text):
    # The model reads these as asking for what the catalog lacks (over 0.9), and the options rested on few words.
    assert engine.answer(text).intent is Intent.NONE


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("ok so php is out. backend in python, what frameworks are there?", BACKEND),
        ("java is dead here. python gui toolkits?", {"Tkinter", "PyQt"}),
        ("php is out of date, is python better?", set()),  # not said to go
    ],
)
def test_a_technology_said_to_be_going_is_where_the_asker_comes_from(engine, text, shown):
    answer = engine.answer(text)
    assert set(names(answer)) <= shown and (len(answer.matches) >= 2 or not shown)


# (found by the second review of the round: each had lost its right answer or got a false one)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("python task queue? our rails app uses resque", {"Celery"}),  # a curated phrase spares the model's veto
        ("python alternative to grafana for business dashboards", {"Dash", "Streamlit"}),  # grafana only context
        ("i want a python orm, we use prisma on the node side", {"SQLAlchemy", "Django"}),
        ("celery but with redis instead of rabbitmq?", {"Celery"}),  # "but with" is no turning away
        ("good to go web framework for beginners", BACKEND),  # go the verb
        ("a dashboard for go to market metrics", {"Dash", "Streamlit"}),
    ],
)
def test_right_answers_the_round_had_lost(engine, text, shown):
    answer = engine.answer(text)
    assert answer.matches and set(names(answer)) <= shown


def test_a_common_misspelling_of_libraries_is_still_a_list_word(engine):
    assert engine.answer("list all libaries").intent is Intent.LIST


def test_the_catalogs_size_said_asks_for_the_whole_list(engine):
    answer = engine.answer("show me all 13 frameworks")
    assert answer.intent is Intent.LIST and len(answer.matches) == len(engine.catalog.entries)


@pytest.mark.parametrize(
    "text",
    [
        "tableau vs power bi, not a python thing i know",
        "i like that python has notebooks, but is tableau worth buying?",
        "flask equivalent for .net",
        "java desktop gui toolkits - swing vs javafx?",  # another stack's own tools weighed
    ],
)
def test_a_tool_only_talked_about_stays_outside(engine, text):
    assert engine.answer(text).intent is Intent.NONE


def test_a_language_said_of_the_asker_beside_a_comparison_keeps_it(engine):
    answer = engine.answer("as a ruby dev should i pick django or flask")
    assert (answer.intent, names(answer)) == ("compare", ["Django", "Flask"])


@pytest.mark.parametrize(
    "text",
    [
        "pls list all frameworks ty",
        "can u list every framework u know thx",
        "hey, mind listing all the frameworks? cheers",
    ],
)
def test_a_list_asked_for_with_thanks_or_a_greeting_lists_everything(engine, text):
    answer = engine.answer(text)
    assert (answer.intent, answer.category, len(answer.matches)) == ("list", None, len(engine.catalog.entries))


def test_a_full_stack_developer_is_a_person_not_a_framework(engine):
    assert engine.answer("we're hiring a full stack engineer, pls share").intent == "none"
    assert engine.answer("fullstack dev needed for our team, anyone know someone?").intent == "none"
    assert engine.answer("full stack job").intent == "none"
