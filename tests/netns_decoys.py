"""Run inside a new network namespace (`unshare -rn python -m tests.netns_decoys ...`), where nothing but loopback
exists: puts each given address on `lo` with a decoy HTTP server on it, runs `pyfw links` on one URL per address,
and prints JSON: `{"results": {url: {"status", "detail"}}, "hits": [address, ...]}`.

A decoy answers 200 to anything, so a guard that let an address through shows up twice: as an `ok` verdict and as a
hit. Whatever the guard does, no packet can leave the namespace.

    python -m tests.netns_decoys [--allow-private] ADDRESS...
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import socket
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.helpers import PYFW, clean_env


def decoy(address: str, port: int, hits: list[str]) -> ThreadingHTTPServer:
    family = socket.AF_INET6 if ipaddress.ip_address(address).version == 6 else socket.AF_INET

    class Server(ThreadingHTTPServer):
        address_family = family

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_HEAD(self) -> None:
            hits.append(address)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

    server = Server((address, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--allow-private", action="store_true")
    parser.add_argument("addresses", nargs="+")
    args = parser.parse_args()
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    # An IPv4-mapped address is its IPv4 address to the kernel: give that one a decoy, listed as itself.
    own = [a for a in args.addresses if not getattr(ipaddress.ip_address(a), "ipv4_mapped", None)]
    for address in own:
        if not ipaddress.ip_address(address).is_loopback:
            no_dad = ["nodad"] if ":" in address else []  # usable at once, without duplicate address detection
            subprocess.run(["ip", "addr", "add", address, "dev", "lo", *no_dad], check=True)
    hits: list[str] = []
    with socket.socket(socket.AF_INET6) as probe:
        probe.bind(("::1", 0))
        port = probe.getsockname()[1]
    servers = [decoy(address, port, hits) for address in own]
    with tempfile.TemporaryDirectory() as tmp:
        urls = Path(tmp) / "urls.txt"
        hosts = [f"[{a}]" if ":" in a else a for a in args.addresses]
        urls.write_text("".join(f"http://{host}:{port}/latest/meta-data/\n" for host in hosts))
        command = [PYFW, "links", "--urls", str(urls), "--json", "--timeout", "2"]
        if args.allow_private:
            command.append("--allow-private")
        out = subprocess.run(command, capture_output=True, text=True, timeout=60, env=clean_env(), cwd=tmp)
    for server in servers:
        server.shutdown()
    try:
        results = {
            r["url"]: {"status": r["status"], "detail": r.get("detail", "")} for r in json.loads(out.stdout)["results"]
        }
    except (ValueError, KeyError):
        print(json.dumps({"error": out.stderr[-2000:] or out.stdout[-2000:]}))
        return 1
    print(json.dumps({"results": results, "hits": hits, "port": port}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
