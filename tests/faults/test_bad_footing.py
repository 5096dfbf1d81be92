"""A broken catalog stops every process at start-up with one line; bad input anywhere gets a clear message."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.helpers import PYFW, clean_env

EVERY_PROCESS = [
    ["web", "--port", "0"],
    ["socket"],
    ["worker"],
    ["beat"],
    ["run"],
    ["chat"],
    ["ask", "flask"],
    ["links"],
    ["catalog", "show"],
]


def pyfw(args: list[str], tmp_path, stdin: bytes = b"", **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYFW, *args], input=stdin, capture_output=True, cwd=tmp_path, timeout=60, env=clean_env(**env)
    )


def one_clear_line(result: subprocess.CompletedProcess) -> str:
    err = result.stderr.decode()
    assert result.returncode != 0
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


@pytest.mark.parametrize(
    "broken, problem",
    [
        ("[[entry]\n", "invalid TOML: Expected ']]' at the end of an array declaration (at line 1, column 8)"),
        (
            '[[entry]]\nname = "X"\ncategory = "C"\noverview = "o"\nfeatures = ["f"]\n'
            'links = [{ title = "t", url = "javascript:alert(1)" }]\n',
            "entry 'X': link #1 'javascript:alert(1)' is not an absolute http(s) URL ('javascript:' scheme)",
        ),
        (
            '[[entry]]\nname = "X"\ncategory = "C"\noverview = "o"\nfeatures = ["f"]\n'
            'links = [{ title = "t", url = "file:///etc/passwd" }]\n',
            "entry 'X': link #1 'file:///etc/passwd' is not an absolute http(s) URL ('file:' scheme)",
        ),
        (  # tomllib recurses once per level: this was a 3,000-line RecursionError traceback
            '[[entry]]\nname = "X"\ncategory = "C"\noverview = "o"\nfeatures = ["f"]\n'
            'links = [{ title = "t", url = "https://x.example/" }]\njunk = ' + "[" * 600 + "]" * 600 + "\n",
            ":7: arrays or tables nested too deep to read (more than 100 levels; a catalog needs 2)",
        ),
        (  # printed as an escape, never raw: U+202E would reverse the rest of the terminal line
            '[[entry]]\nname = "X\u202eY"\ncategory = "C"\noverview = "o"\nfeatures = ["f"]\n'
            'links = [{ title = "t", url = "https://x.example/" }]\n',
            "entry 'X\\u202eY': field 'name' contains the control character \\u202e",
        ),
    ],
)
@pytest.mark.parametrize("command", EVERY_PROCESS, ids=lambda c: " ".join(c[:2]))
def test_broken_catalog_every_process_refuses_to_start_with_one_line(command, broken, problem, tmp_path, redis_url):
    catalog = tmp_path / "catalog.toml"
    catalog.write_text(broken)
    result = pyfw(
        command,
        tmp_path,
        PYFW_CATALOG=str(catalog),
        REDIS_URL=redis_url,
        SLACK_BOT_TOKEN="xoxb-must-not-leak",
        SLACK_SIGNING_SECRET="signing-secret-must-not-leak",
        SLACK_APP_TOKEN="xapp-must-not-leak",
        SLACK_API_URL="http://127.0.0.1:9/api/",
    )
    line = one_clear_line(result)
    assert str(catalog) in line and problem in line
    assert "must-not-leak" not in line


@pytest.mark.parametrize(
    "args, stdin, expected_code, message",
    [
        (["nope"], b"", 2, "pyfw: error: argument COMMAND: invalid choice: 'nope'"),
        (
            ["catalog", "nope"],
            b"",
            2,
            "invalid choice: 'nope' (choose from 'import', 'validate', 'show', 'add-keyword', 'apply-moves', "
            "'unfurl-domains')",
        ),
        (["links", "--concurrency", "lots"], b"", 2, "argument --concurrency"),
        (["links", "--urls", "/nonexistent/urls.txt"], b"", 1, "/nonexistent/urls.txt: file not found"),
        (["catalog", "validate", "/nonexistent/catalog.toml"], b"", 1, "catalog file not found"),
        (["catalog", "import", "GUIDE", "-o", "out.toml"], b"", 1, "GUIDE:3: not valid UTF-8"),
    ],
)
def test_bad_command_line_input_is_named_with_a_non_zero_exit(args, stdin, expected_code, message, tmp_path):
    (tmp_path / "GUIDE").write_bytes(b"## Tools\n\n### Caf\xe9\n- **Overview**: x\n")
    result = pyfw(args, tmp_path, stdin)
    assert result.returncode == expected_code
    err = result.stderr.decode()
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "out.toml").exists()  # a failed import writes nothing


def test_empty_huge_and_invalid_utf8_questions_are_all_answered(tmp_path):
    questions = b"\n".join([b"", b"   ", b"flask " * 200_000, b"dj\xffango", b"<!channel> \x00\x1b[31m", b"flask"])
    result = pyfw(["ask", "--json", "-"], tmp_path, questions + b"\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [a["intent"] for a in answers][-1] == "lookup" and answers[-1]["matches"][0]["name"] == "Flask"
    assert any(a["matches"] and a["matches"][0]["name"] == "Django" for a in answers)
    assert "Traceback" not in result.stderr.decode()


def test_console_chat_takes_anything_and_keeps_answering(tmp_path):
    lines = [
        b"",
        b"/pyfw",
        b"/pyfw " + b"x" * 10_000,
        b"@pyfw \xff\xfe nonsense",
        b"/pyfw <!here> & <@U1>",
        b"/pyfw flask",
    ]
    result = pyfw(["chat"], tmp_path, b"\n".join(lines) + b"\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "https://flask.palletsprojects.com/en/latest/" in out
    assert "Traceback" not in out + result.stderr.decode()
