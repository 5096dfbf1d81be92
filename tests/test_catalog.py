"""The catalog: the shipped entries match the guide, and every mistake in a catalog file is named for a person."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalog import CatalogError, load_catalog, parse_catalog
from catalog.guide import catalog_toml, parse_guide, read_guide
from pyfw.cli import main

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "python-frameworks-guide.md"
if not SEED.exists():  # a clone elsewhere: the seed is shipped next to the tests as well
    SEED = Path(__file__).with_name("data") / "python-frameworks-guide.md"

EXPECTED = {
    "Frontend Frameworks": ["Dash", "Streamlit", "Tkinter", "PyQt"],
    "Backend Frameworks": ["Django", "Flask", "FastAPI", "Pyramid", "Tornado"],
    "Other Relevant Technologies": ["Celery", "SQLAlchemy", "Graphene", "Sanic"],
}

GOOD_ENTRY = """
[[entry]]
name = "Flask"
category = "Backend Frameworks"
overview = "A micro-framework."
features = ["Small core"]
use_cases = ["APIs"]
links = [{ title = "Docs", url = "https://flask.palletsprojects.com/" }]
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "cat.toml")
    return caught.value.problems


def test_shipped_catalog_has_all_thirteen_entries_by_category():
    catalog = load_catalog()
    assert {c: [e.name for e in catalog.in_category(c)] for c in catalog.categories} == EXPECTED


def test_shipped_catalog_matches_the_guide_word_for_word():
    from_guide = parse_guide(read_guide(SEED), str(SEED))
    shipped = load_catalog()
    assert len(from_guide) == 13
    for guide_entry, entry in zip(from_guide, shipped, strict=True):
        assert entry.as_dict() | {"aliases": [], "keywords": []} == guide_entry.as_dict()


def test_every_guide_link_is_in_the_catalog():
    guide_urls = {line.split("](", 1)[1].rstrip(")\n") for line in SEED.read_text().splitlines() if "](http" in line}
    catalog_urls = {link.url for entry in load_catalog() for link in entry.links}
    assert guide_urls == catalog_urls
    assert load_catalog().get("flask").links[0].url == "https://flask.palletsprojects.com/en/latest/"


@pytest.mark.parametrize(
    "alias, name",
    [
        ("qt", "PyQt"),
        ("pyqt5", "PyQt"),
        ("tk", "Tkinter"),
        ("sqla", "SQLAlchemy"),
        ("graphql", "Graphene"),
        ("Plotly Dash", "Dash"),
        ("FLASK", "Flask"),
    ],
)
def test_names_and_aliases_find_their_entry_in_any_case(alias, name):
    assert load_catalog().get(alias).name == name


def test_toml_syntax_error_names_file_and_line():
    problems = problems_of(GOOD_ENTRY + 'name = "again\n')
    assert problems[0].startswith("cat.toml: invalid TOML")
    assert "(at line 9, column 14)" in problems[0]


@pytest.mark.parametrize(
    "remove, message",
    [
        ('overview = "A micro-framework."\n', "entry 'Flask': field 'overview' is missing"),
        ('features = ["Small core"]\n', "entry 'Flask': field 'features' is missing"),
        (
            'links = [{ title = "Docs", url = "https://flask.palletsprojects.com/" }]\n',
            "entry 'Flask': field 'links' is missing",
        ),
        ('category = "Backend Frameworks"\n', "entry 'Flask': field 'category' is missing"),
    ],
)
def test_missing_field_names_entry_line_and_field(remove, message):
    problems = problems_of(GOOD_ENTRY.replace(remove, ""))
    assert problems == [
        f"cat.toml:2: {message}"
        + (" (give at least one)" if "features" in message else "")
        + (" (give at least one documentation link)" if "links" in message else "")
    ]


def test_empty_features_and_links_are_named():
    text = GOOD_ENTRY.replace('["Small core"]', "[]").replace(
        '[{ title = "Docs", url = "https://flask.palletsprojects.com/" }]', "[]"
    )
    assert problems_of(text) == [
        "cat.toml:2: entry 'Flask': field 'features' is empty (give at least one)",
        "cat.toml:2: entry 'Flask': field 'links' must be a non-empty list of {title, url} tables",
    ]


@pytest.mark.parametrize(
    "url, reason",
    [
        ("javascript:alert(1)", "is not an absolute http(s) URL ('javascript:' scheme)"),
        ("file:///etc/passwd", "is not an absolute http(s) URL ('file:' scheme)"),
        ("/docs/flask", "is not an absolute http(s) URL (no scheme)"),
        ("https://", "is not an absolute http(s) URL (no host)"),
        ("https://exa mple.org/", "contains whitespace"),
    ],
)
def test_link_that_is_not_absolute_http_is_named_with_its_url(url, reason):
    text = GOOD_ENTRY.replace("https://flask.palletsprojects.com/", url)
    assert problems_of(text) == [f"cat.toml:2: entry 'Flask': link #1 '{url}' {reason}"]


def test_duplicate_names_and_aliases_name_both_entries():
    second = GOOD_ENTRY.replace('"Flask"', '"Bottle"').replace(
        'name = "Bottle"', 'name = "Bottle"\naliases = ["FLASK"]'
    )
    problems = problems_of(GOOD_ENTRY + second + GOOD_ENTRY)
    assert problems == [
        "cat.toml:10: entry 'Bottle': name or alias 'flask' is already used by entry 'Flask'",
        "cat.toml:19: entry 'Flask': name or alias 'flask' is already used by entry 'Flask'",
    ]


def test_unknown_field_is_named_so_typos_are_caught():
    problems = problems_of(GOOD_ENTRY.replace("use_cases", "usecases"))
    assert problems == [
        "cat.toml:2: entry 'Flask': unknown field 'usecases' (fields are: aliases, category, "
        "features, keywords, links, name, overview, use_cases)"
    ]


def test_empty_file_and_wrong_shape_are_named():
    assert problems_of("") == ["cat.toml: no [[entry]] tables: the catalog is empty"]
    assert problems_of('entry = "x"') == ["cat.toml: 'entry' must be an array of tables ([[entry]])"]


def test_missing_and_non_utf8_files_are_named(tmp_path):
    with pytest.raises(CatalogError, match="nope.toml: catalog file not found"):
        load_catalog(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_bytes(GOOD_ENTRY.encode() + b"\n# caf\xe9\n")
    with pytest.raises(CatalogError, match=r"bad.toml:10: not valid UTF-8"):
        load_catalog(bad)


def test_import_of_the_seed_gives_the_shipped_entries(tmp_path, capsys):
    out = tmp_path / "out.toml"
    assert main(["catalog", "import", str(SEED), "-o", str(out)]) == 0
    assert "wrote 13 entries" in capsys.readouterr().err
    imported = load_catalog(out)
    assert [e.as_dict() for e in imported] == [e.as_dict() | {"aliases": [], "keywords": []} for e in load_catalog()]


def test_import_keeps_markup_and_odd_characters_intact(tmp_path):
    guide = tmp_path / "g.md"
    guide.write_text(
        '## Tools\n\n### Ünï "quoted"\n- **Overview**: Uses `code`, a \\ and a tab\there.\n'
        "- **Features**:\n  - One\n- **Use Cases**:\n  - Two\n"
        "- **Resources**:\n  - [Docs *one*](https://example.org/a?b=1&c=2)\n"
        "  - [Docs two](http://example.org/two)\n",
        encoding="utf-8",
    )
    entries = parse_guide(read_guide(guide))
    round_trip = parse_catalog(catalog_toml(entries))
    assert round_trip.entries == tuple(entries)
    assert entries[0].name == 'Ünï "quoted"'
    assert [link.url for link in entries[0].links] == ["https://example.org/a?b=1&c=2", "http://example.org/two"]


def test_import_names_guide_line_of_an_incomplete_entry(tmp_path, capsys):
    guide = tmp_path / "g.md"
    guide.write_text("## Tools\n\n### Thing\n- **Features**:\n  - One\n", encoding="utf-8")
    assert main(["catalog", "import", str(guide), "-o", str(tmp_path / "o.toml")]) == 1
    err = capsys.readouterr().err
    assert f"{guide}:3: entry 'Thing': field 'overview' is missing" in err
    assert not (tmp_path / "o.toml").exists()


def test_import_of_invalid_utf8_guide_is_a_clear_error(tmp_path, capsys):
    guide = tmp_path / "g.md"
    guide.write_bytes(b"## Tools\n\n### Caf\xe9\n")
    assert main(["catalog", "import", str(guide), "-o", str(tmp_path / "o.toml")]) == 1
    assert f"{guide}:3: not valid UTF-8" in capsys.readouterr().err


def test_validate_exits_zero_on_good_and_lists_every_problem_on_bad(tmp_path, capsys):
    assert main(["catalog", "validate"]) == 0
    assert "ok (13 entries, 3 categories, 13 links)" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD_ENTRY.replace("https://flask", "ftp://flask").replace('"A micro-framework."', '""'))
    assert main(["catalog", "validate", str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{bad}:2: entry 'Flask': field 'overview' is empty",
        f"{bad}:2: entry 'Flask': link #1 'ftp://flask.palletsprojects.com/' is not an absolute "
        "http(s) URL ('ftp:' scheme)",
        "2 problems found",
    ]


def test_show_json_lists_entries_with_links_as_title_and_url(capsys):
    assert main(["catalog", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert len(shown) == 13
    flask = next(e for e in shown if e["name"] == "Flask")
    assert set(flask) == {"name", "category", "overview", "features", "use_cases", "aliases", "keywords", "links"}
    assert flask["links"] == [
        {"title": "Flask Official Documentation", "url": "https://flask.palletsprojects.com/en/latest/"}
    ]


def test_pyfw_catalog_variable_replaces_the_shipped_catalog(tmp_path):
    own = tmp_path / "own.toml"
    own.write_text(GOOD_ENTRY.replace('"Flask"', '"Bottle"'))
    result = subprocess.run(
        [sys.executable, "-m", "pyfw.cli", "catalog", "show", "--json"],
        capture_output=True,
        text=True,
        env={"PYFW_CATALOG": str(own), "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    assert [e["name"] for e in json.loads(result.stdout)] == ["Bottle"]


def test_broken_catalog_is_one_line_without_traceback(tmp_path):
    own = tmp_path / "own.toml"
    own.write_text("[[entry]\n")
    result = subprocess.run(
        [sys.executable, "-m", "pyfw.cli", "catalog", "show"],
        capture_output=True,
        text=True,
        env={"PYFW_CATALOG": str(own), "PATH": ""},
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"pyfw: {own}: invalid TOML")
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_large_guide_parsed_in_pieces_matches_one_piece_parse(monkeypatch):
    import catalog.guide as guide
    from bench.make_guide import make_guide

    text = make_guide(3000)
    assert len(guide._split_for_workers(text)) > 1 or (os.cpu_count() or 1) < 2
    in_pieces = guide.parse_guide(text)
    monkeypatch.setattr(guide, "_split_for_workers", lambda text: [(text, 0)])
    assert in_pieces == guide.parse_guide(text)
    assert [e.category for e in in_pieces].count("Backend Frameworks") == 1000


# ---- keywords ------------------------------------------------------------------------------------------------------

KEYWORDED = GOOD_ENTRY.replace('use_cases = ["APIs"]', 'use_cases = ["APIs"]\nkeywords = ["blueprints", "jinja"]')


def test_the_shipped_catalog_gives_every_entry_keywords_owned_by_it_alone():
    catalog = load_catalog()
    assert all(len(entry.keywords) >= 5 for entry in catalog)
    assert load_catalog().get("fastapi").keywords[:2] == ("openapi", "swagger")


def test_keyword_problems_are_one_line_each_at_the_keywords_line():
    text = KEYWORDED.replace('["blueprints", "jinja"]', '["", "x' + "y" * 40 + '", "Jinja", "jinja"]')
    text += GOOD_ENTRY.replace('"Flask"', '"Bottle"').replace(
        'use_cases = ["APIs"]', 'use_cases = ["APIs"]\nkeywords = 3'
    )
    assert problems_of(text) == [
        "cat.toml:8: entry 'Flask': keyword #1 is empty",
        "cat.toml:8: entry 'Flask': keyword #2 'x" + "y" * 39 + "…' is longer than 40 characters",
        "cat.toml:8: entry 'Flask': keyword 'jinja' is listed twice",
        "cat.toml:17: entry 'Bottle': field 'keywords' must be a list of text",
    ]


def test_a_keyword_two_entries_claim_names_the_entry_that_has_it():
    second = KEYWORDED.replace('"Flask"', '"Bottle"').replace('["blueprints", "jinja"]', '["BluePrints"]')
    assert problems_of(KEYWORDED + second) == [
        "cat.toml:17: entry 'Bottle': keyword 'BluePrints' is already a keyword of entry 'Flask'"
    ]


def test_a_keyword_that_is_another_entrys_name_is_refused():
    second = GOOD_ENTRY.replace('"Flask"', '"Bottle"').replace(
        'use_cases = ["APIs"]', 'use_cases = ["APIs"]\nkeywords = ["flask"]'
    )
    assert problems_of(GOOD_ENTRY + second) == [
        "cat.toml:16: entry 'Bottle': keyword 'flask' is the name or alias of entry 'Flask'"
    ]


def test_validate_prints_one_line_per_keyword_problem(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(KEYWORDED.replace('"jinja"', '"blueprints", ""'))
    assert main(["catalog", "validate", str(bad)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{bad}:8: entry 'Flask': keyword 'blueprints' is listed twice",
        f"{bad}:8: entry 'Flask': keyword #3 is empty",
        "2 problems found",
    ]


def test_import_over_a_catalog_keeps_its_keywords_and_aliases(tmp_path, capsys):
    out = tmp_path / "catalog.toml"
    out.write_text(load_catalog().source and Path(load_catalog().source).read_text(encoding="utf-8"))
    assert main(["catalog", "import", str(SEED), "-o", str(out)]) == 0
    assert "kept the aliases and keywords of 13 of them" in capsys.readouterr().err
    assert [e.as_dict() for e in load_catalog(out)] == [e.as_dict() for e in load_catalog()]


def test_import_refuses_to_write_over_a_catalog_it_cannot_read(tmp_path, capsys):
    out = tmp_path / "catalog.toml"
    out.write_text("[[entry]\nkeywords = ['precious']\n")
    assert main(["catalog", "import", str(SEED), "-o", str(out)]) == 1
    assert "cannot read the catalog to keep its keywords and aliases" in capsys.readouterr().err
    assert out.read_text() == "[[entry]\nkeywords = ['precious']\n"


def shipped_copy(tmp_path) -> Path:
    path = tmp_path / "catalog.toml"
    path.write_text(
        "# curated by hand\n"
        + Path(load_catalog().source)
        .read_text(encoding="utf-8")
        .replace('name = "Flask"', 'name = "Flask"  # the micro one'),
        encoding="utf-8",
    )
    return path


def test_add_keyword_changes_one_line_keeps_comments_and_teaches_the_engine(tmp_path, capsys):
    from catalog.engine import AnswerEngine

    path = shipped_copy(tmp_path)
    before = path.read_text(encoding="utf-8").splitlines()
    assert AnswerEngine(load_catalog(path)).answer("htmx").intent == "none"
    assert main(["catalog", "add-keyword", "--catalog", str(path), "flask", "HTMX"]) == 0
    assert capsys.readouterr().out.strip() == f"added keyword 'HTMX' to Flask in {path}"
    after = path.read_text(encoding="utf-8").splitlines()
    assert [line for line in after if line not in before] == ['  "HTMX",'] and len(after) == len(before) + 1
    assert "# curated by hand" in after and 'name = "Flask"  # the micro one' in after
    answer = AnswerEngine(load_catalog(path)).answer("htmx")
    assert (answer.intent, [m.entry.name for m in answer.matches]) == ("search", ["Flask"])


@pytest.mark.parametrize(
    ("entry", "keyword", "message"),
    [
        ("flask", "Swagger", "pyfw: keyword 'Swagger' is already a keyword of entry 'FastAPI'"),
        ("flask", "task queues", "pyfw: keyword 'task queues' is already a keyword of entry 'Celery'"),
        ("dash", "sql alchemy", "pyfw: 'sql alchemy' is the name or alias of entry 'SQLAlchemy'"),
        ("flask", "   ", "pyfw: the keyword is empty"),
        ("flask", "?!", "pyfw: keyword '?!' has no letters or digits"),
        ("flask", "x" * 41, f"pyfw: keyword '{'x' * 41}' is longer than 40 characters: use a word or a short phrase"),
        (
            "bottle",
            "wsgi",
            "no entry named 'bottle' (entries: Dash, Streamlit, Tkinter, PyQt, Django, Flask, FastAPI, "
            "Pyramid, Tornado, Celery, SQLAlchemy, Graphene, Sanic)",
        ),
    ],
)
def test_add_keyword_refuses_bad_input_with_a_clear_line_and_changes_nothing(tmp_path, capsys, entry, keyword, message):
    path = shipped_copy(tmp_path)
    before = path.read_bytes()
    assert main(["catalog", "add-keyword", "--catalog", str(path), entry, keyword]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.splitlines()) == 1
    assert path.read_bytes() == before


def test_add_keyword_to_a_broken_catalog_lists_its_problems_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(KEYWORDED.replace("https://flask", "ftp://flask"))
    before = path.read_bytes()
    assert main(["catalog", "add-keyword", "--catalog", str(path), "flask", "wsgi"]) == 1
    assert capsys.readouterr().err.startswith(f"pyfw: {path}:2: entry 'Flask': link #1")
    assert path.read_bytes() == before


def test_add_keyword_twice_is_harmless(tmp_path, capsys):
    path = shipped_copy(tmp_path)
    assert main(["catalog", "add-keyword", "--catalog", str(path), "FastAPI", "Swagger"]) == 0
    assert "already has the keyword 'Swagger'; nothing changed" in capsys.readouterr().out
