"""`pyfw ask`: the engine from the command line, for a person and for another program through a pipe."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
from pathlib import Path

from pyfw.cli import main

ROOT = Path(__file__).resolve().parents[1]
ASK_JSON_STDIN = [sys.executable, "-m", "pyfw.cli", "ask", "--json", "-"]


def run_pyfw(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pyfw.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_json_answer_has_the_documented_shape(capsys):
    assert main(["ask", "--json", "fastapi or sanic?"]) == 0
    line = capsys.readouterr().out
    assert line.count("\n") == 1
    assert json.loads(line) == {
        "question": "fastapi or sanic?",
        "intent": "compare",
        "confidence": "high",
        "matches": [{"name": "FastAPI", "score": 100.0}, {"name": "Sanic", "score": 100.0}],
    }


def test_a_person_reads_a_card_with_the_docs_link(capsys):
    assert main(["ask", "docs for djnago please"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Django  (Backend Frameworks)")
    assert "https://docs.djangoproject.com/en/stable/" in out


def test_a_person_is_told_plainly_when_nothing_matches_and_the_exit_status_is_1_like_grep(capsys):
    assert main(["ask", "fluske"]) == 1
    out = capsys.readouterr().out
    assert "nothing about “fluske”" in out and "Did you mean Flask?" in out and "help" in out


def test_stdin_answers_each_line_before_the_next_is_sent():
    """A program can hold a conversation through the pipe: every question line is answered at once."""
    process = subprocess.Popen(
        ASK_JSON_STDIN, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT, bufsize=1
    )
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    try:
        for question, intent in (("flask", "lookup"), ("list backend", "list"), ("tell me about React", "none")):
            process.stdin.write(question + "\n")
            process.stdin.flush()
            assert selector.select(timeout=30), f"no answer to {question!r} while standard input is still open"
            answer = json.loads(process.stdout.readline())
            assert (answer["question"], answer["intent"]) == (question, intent)
    finally:
        process.stdin.close()
        assert process.wait(timeout=30) == 0
        process.stdout.close()


def test_thousands_of_questions_run_in_one_process_one_line_each_in_order():
    questions = [f"flask vs django {n}" if n % 3 == 0 else ("djnago" if n % 3 == 1 else "") for n in range(3000)]
    result = run_pyfw("ask", "--json", "-", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3000
    answers = [json.loads(line) for line in lines]
    assert [a["question"] for a in answers] == questions
    assert {a["intent"] for a in answers} == {"compare", "lookup", "help"}


def test_the_catalog_comes_from_the_option_or_pyfw_catalog(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        '[[entry]]\nname = "Bottle"\ncategory = "Backend"\noverview = "A tiny web framework."\n'
        'features = ["One file"]\nlinks = [{ title = "Docs", url = "https://bottlepy.org/" }]\n'
    )
    by_option = run_pyfw("ask", "--json", "--catalog", str(path), "botle")
    by_env = run_pyfw("ask", "--json", "botle", env={"PYFW_CATALOG": str(path)})
    for result in (by_option, by_env):
        assert result.returncode == 0, result.stderr
        assert [m["name"] for m in json.loads(result.stdout)["matches"]] == ["Bottle"]


def test_a_bad_catalog_is_one_clear_line_and_exit_1(tmp_path):
    result = run_pyfw("ask", "--catalog", str(tmp_path / "missing.toml"), "flask")
    assert result.returncode == 1
    assert result.stderr.strip() == f"pyfw: {tmp_path / 'missing.toml'}: catalog file not found"


def test_bytes_that_are_not_utf8_are_answered_with_a_warning_naming_the_line():
    process = subprocess.run(
        ASK_JSON_STDIN, input=b"flask\n\xff\xfe oops\nsanic\n", capture_output=True, cwd=ROOT, timeout=60
    )
    assert process.returncode == 0
    assert [json.loads(line)["intent"] for line in process.stdout.splitlines()] == ["lookup", "none", "lookup"]
    assert b"standard input line 2: not valid UTF-8" in process.stderr
    assert b"Traceback" not in process.stderr


def test_exit_status_says_whether_the_question_was_answered():
    assert run_pyfw("ask", "flask").returncode == 0
    assert run_pyfw("ask", "python gui options?").returncode == 0
    nothing = run_pyfw("ask", "--json", "tell me about React")
    assert nothing.returncode == 1 and json.loads(nothing.stdout)["confidence"] == "low"
    assert nothing.stderr == ""
    every_line = run_pyfw("ask", "--json", "-", stdin="React\nflask\nasdfgh\n")
    assert every_line.returncode == 0 and len(every_line.stdout.splitlines()) == 3


def test_best_matches_are_shown_one_line_each(capsys):
    assert main(["ask", "python gui options?"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Best matches for “python gui options?”:"
    assert lines[1].startswith("1. Tkinter (Frontend Frameworks): The standard GUI toolkit for Python")
    assert lines[3].startswith("2. PyQt (Frontend Frameworks): ") and len(lines) == 5


def test_a_confident_purpose_answer_is_the_card(capsys):
    assert main(["ask", "--json", "our flask app has to send emails in the background, what do people use?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert (answer["intent"], answer["confidence"], [m["name"] for m in answer["matches"]]) == (
        "search",
        "high",
        ["Celery"],
    )
