"""Catalog edges: nesting too deep to parse, links a markdown renderer would drop, and control or bidi characters
that could spoof a terminal. Each is one clear line naming the file (and line), a non-zero exit, and nothing
printed raw."""

from __future__ import annotations

import subprocess

import pytest

from catalog import CatalogError, parse_catalog
from catalog.guide import parse_guide
from pyfw.cli import main
from tests.helpers import PYFW, clean_env
from tests.test_catalog import GOOD_ENTRY, SEED, problems_of

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "Flask\u202ekcod" shows as "Flaskdock" reversed after it


@pytest.mark.parametrize("depth", [500, 5_000, 100_000])
def test_arrays_nested_too_deep_are_one_line_naming_the_file_and_line(depth):
    text = GOOD_ENTRY + f"junk = {'[' * depth}{']' * depth}\n"
    problems = problems_of(text)
    assert problems == [
        "cat.toml:9: arrays or tables nested too deep to read (more than 100 levels; a catalog needs 2)"
    ]


def test_inline_tables_nested_too_deep_are_named_and_brackets_in_strings_and_comments_do_not_count():
    text = (
        GOOD_ENTRY.replace('title = "Docs"', 'title = "[[[[{{{{' + "[" * 300 + '"')
        + "# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
        + "keywords = '''[[[[\n[[[['''\n"
        + "x = "
        + "{ a = " * 2_000
        + "1"
        + " }" * 2_000
        + "\n"
    )
    assert problems_of(text) == [
        "cat.toml:12: arrays or tables nested too deep to read (more than 100 levels; a catalog needs 2)"
    ]


def test_a_deep_but_parseable_catalog_is_named_by_its_field_not_a_traceback():
    text = GOOD_ENTRY.replace('features = ["Small core"]', f"features = {'[' * 50}{']' * 50}")
    assert problems_of(text) == ["cat.toml:2: entry 'Flask': field 'features' must be a list of text"]


@pytest.mark.parametrize(
    "old, new, problem",
    [
        (
            'name = "Flask"',
            f'name = "Fla{RLO}sk"',
            "entry 'Fla\u202esk': field 'name' contains the control character \\u202e",
        ),
        (
            'category = "Backend Frameworks"',
            'category = "Back\\u001b[2Jend"',
            "field 'category' contains the control character \\x1b",
        ),
        ('use_cases = ["APIs"]', 'aliases = ["fl\\rask"]', "alias #1 contains the control character \\r"),
        ('use_cases = ["APIs"]', 'keywords = ["micro\\u2066web"]', "keyword #1 contains the control character \\u2066"),
        ('title = "Docs"', 'title = "Do\\u200fcs"', "link #1 'title' contains the control character \\u200f"),
        (
            "https://flask.palletsprojects.com/",
            "https://flask.palletsprojects.com/\\u202e",
            "contains the control character \\u202e",
        ),
    ],
)
def test_control_and_bidi_characters_are_refused_where_text_is_shown_on_one_line(old, new, problem):
    [found] = problems_of(GOOD_ENTRY.replace(old, new))
    assert found.startswith(("cat.toml:2: entry ", "cat.toml:7: entry ")) and problem in found  # 7: the keywords line


def test_long_texts_may_hold_them_and_are_escaped_when_printed(tmp_path):
    catalog = tmp_path / "catalog.toml"
    catalog.write_text(
        GOOD_ENTRY.replace('"A micro-framework."', '"A micro\\u001b[2J\\u001b[31m-framework\\r\\u202egnirts."'),
        encoding="utf-8",
    )
    parse_catalog(catalog.read_text(encoding="utf-8"))  # valid: an overview is prose, shown escaped
    for args in (["ask", "flask"], ["chat"]):
        done = subprocess.run(
            [PYFW, *args],
            input=b"/pyfw flask\n",
            capture_output=True,
            timeout=60,
            env=clean_env(PYFW_CATALOG=str(catalog)),
            cwd=tmp_path,
        )
        out = done.stdout.decode()
        assert done.returncode == 0, done.stderr
        assert "micro\\x1b[2J\\x1b[31m-framework" in out and "\\u202egnirts" in out
        assert not any(ch in out for ch in ("\x1b", "\r", RLO))


def test_validate_and_show_never_print_a_control_character_raw(tmp_path, capsysbinary):
    catalog = tmp_path / "catalog.toml"
    catalog.write_text(GOOD_ENTRY.replace('name = "Flask"', f'name = "Fla{RLO}sk\\u001b[2J"'), encoding="utf-8")
    for args in (["catalog", "validate", str(catalog)], ["catalog", "show", "--catalog", str(catalog)]):
        done = subprocess.run([PYFW, *args], capture_output=True, timeout=60, env=clean_env(), cwd=tmp_path)
        err = done.stderr.decode()
        assert done.returncode == 1
        assert "Traceback" not in err and "field 'name' contains the control character \\u202e" in err
        assert "Fla\\u202esk\\x1b[2J" in err and RLO not in err and "\x1b" not in err


def test_import_names_links_a_renderer_would_drop_and_writes_nothing(tmp_path, capsys):
    guide = tmp_path / "g.md"
    guide.write_text(
        "## Tools\n\n### Thing\n- **Overview**: x\n- **Features**:\n  - y\n- **Resources**:\n"
        "  - [Docs](https://thing.example/)\n  - [Run](javascript:alert(1))\n  - [Data](data:text/html,hi)\n"
        "  - [Local](file:///etc/passwd)\n",
        encoding="utf-8",
    )
    out = tmp_path / "o.toml"
    assert main(["catalog", "import", str(guide), "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"pyfw: {guide}:3: entry 'Thing': link #2 'javascript:alert(1)' is not an absolute http(s) URL "
        "('javascript:' scheme)",
        f"pyfw: {guide}:3: entry 'Thing': link #3 'data:text/html,hi' is not an absolute http(s) URL ('data:' scheme)",
        f"pyfw: {guide}:3: entry 'Thing': link #4 'file:///etc/passwd' is not an absolute http(s) URL ('file:' scheme)",
    ]
    assert not out.exists()


def test_a_guide_name_with_a_bidi_override_is_refused_at_its_line():
    with pytest.raises(CatalogError) as caught:
        parse_guide(
            f"## Tools\n\n### Evil{RLO}txt.exe\n- **Overview**: x\n- **Features**:\n  - y\n"
            "- **Resources**:\n  - [Docs](https://thing.example/)\n",
            "g.md",
        )
    assert caught.value.problems == [
        f"g.md:3: entry 'Evil{RLO}txt.exe': field 'name' contains the control character \\u202e "
        "(it could rewrite what a terminal shows)"
    ]


def test_import_over_a_catalog_too_deep_or_with_a_spoofing_alias_writes_nothing(tmp_path, capsys):
    out = tmp_path / "catalog.toml"
    deep = "[[entry]]\nname = 'Flask'\naliases = " + "[" * 1_000 + "]" * 1_000 + "\n"
    out.write_text(deep, encoding="utf-8")
    assert main(["catalog", "import", str(SEED), "-o", str(out)]) == 1
    assert f"pyfw: {out}:3: arrays or tables nested too deep to read" in capsys.readouterr().err
    spoofing = "[[entry]]\nname = 'Flask'\naliases = [\"fl\\u202eask\"]\n"  # a TOML escape: the real U+202E
    out.write_text(spoofing, encoding="utf-8")
    assert main(["catalog", "import", str(SEED), "-o", str(out)]) == 1
    assert "alias #1 contains the control character \\u202e" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == spoofing


@pytest.mark.parametrize("args", [["catalog", "validate", "{file}"], ["catalog", "import", "{file}", "-o", "-"]])
def test_a_file_over_the_limit_is_refused_with_one_line_before_it_is_read(tmp_path, args):
    huge = tmp_path / "huge.toml"
    with open(huge, "wb") as sparse:  # 65 MB that takes no disk: the size alone decides
        sparse.truncate(65 * 1024 * 1024)
    done = subprocess.run(
        [PYFW, *(a.format(file=huge) for a in args)], capture_output=True, timeout=60, env=clean_env(), cwd=tmp_path
    )
    err = done.stderr.decode().strip().splitlines()
    assert done.returncode == 1 and "Traceback" not in done.stderr.decode()
    assert err[0].endswith(
        f"{huge}: the {'guide' if 'import' in args else 'catalog'} file is 65 MB, more than the 64 MB "
        "pyfw reads (about 130,000 entries); split it or trim it"
    )
