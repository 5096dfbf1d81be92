"""`pyfw links`: the checker from the command line, against the loopback link server."""

from __future__ import annotations

import json

import pytest

from pyfw.cli import main
from tests.helpers import write_catalog
from tests.link_server import LinkServer


@pytest.fixture(scope="module")
def server():
    srv = LinkServer().start()
    yield srv
    srv.stop()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ("PYFW_ALLOW_PRIVATE_LINKS", "PYFW_CATALOG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_json_lists_every_catalog_link_with_its_entry_and_a_summary(server, tmp_path, capsys):
    catalog = write_catalog(
        tmp_path / "c.toml", {"Flask": [server.url("/ok"), server.url("/moved")], "Django": [server.url("/forbidden")]}
    )
    assert main(["links", "--catalog", catalog, "--json", "--allow-private", "--timeout", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(r["entry"], r["status"]) for r in data["results"]] == [
        ("Flask", "ok"),
        ("Flask", "moved"),
        ("Django", "restricted"),
    ]
    moved = data["results"][1]
    assert moved["final_url"] == server.url("/ok") and moved["code"] == 200
    assert set(moved) == {"url", "entry", "status", "code", "final_url", "reason", "detail"}
    assert data["summary"] == {"ok": 1, "moved": 1, "restricted": 1}


def test_a_broken_link_exits_1_and_is_named(server, tmp_path, capsys):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# docs\n{server.url('/ok')}\n\n{server.url('/gone')}\n")
    assert main(["links", "--urls", str(urls), "--allow-private"]) == 1
    out = capsys.readouterr().out
    [line] = [line for line in out.splitlines() if server.url("/gone") in line]
    assert line.split() == ["broken", "410", f"{server.url('/gone')}:", "gone", "(410)"]
    assert "2 links: 1 ok, 1 broken" in out


def test_loopback_is_refused_without_allow_private(server, tmp_path, capsys):
    urls = tmp_path / "urls.txt"
    urls.write_text(server.url("/ok?refused") + "\n")
    assert main(["links", "--urls", str(urls), "--json"]) == 1
    [result] = json.loads(capsys.readouterr().out)["results"]
    assert result["status"] == "refused" and "--allow-private" in result["detail"]
    assert server.methods_for("/ok?refused") == []  # refused before connecting


def test_bad_url_lines_are_all_named_with_file_and_line(tmp_path, capsys):
    urls = tmp_path / "urls.txt"
    urls.write_text("https://ok.example/\nftp://files.example/\nnot a url\n")
    assert main(["links", "--urls", str(urls)]) == 1
    err = capsys.readouterr().err
    assert f"{urls}:2: 'ftp://files.example/' is not an absolute http(s) URL" in err
    assert f"{urls}:3: 'not a url' contains whitespace" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["--urls", "missing.txt"], "missing.txt: file not found"),
        (["--catalog", "missing.toml"], "missing.toml: catalog file not found"),
    ],
)
def test_missing_input_is_one_clear_line(args, message, capsys):
    assert main(["links", *args]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize("args", [["--concurrency", "0"], ["--timeout", "soon"], ["--urls", "a", "--catalog", "b"]])
def test_bad_arguments_exit_2(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["links", *args])
    assert exit_info.value.code == 2
    assert "pyfw links: error:" in capsys.readouterr().err
