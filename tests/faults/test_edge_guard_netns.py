"""The link checker as a real process against decoys on every IPv6 spelling of a private or metadata IPv4 address,
inside a network namespace with nothing but loopback (`unshare -rn`): a guard that let one through would reach a
decoy (and say `ok`), and could never reach anything outside the namespace."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import SPELLINGS

REPO = Path(__file__).resolve().parents[2]


def in_namespace(addresses: list[str], allow_private: bool) -> dict:
    command = ["unshare", "-rn", sys.executable, "-m", "tests.netns_decoys", *addresses]
    if allow_private:
        command.insert(5, "--allow-private")
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module", autouse=True)
def network_namespaces():
    try:
        probe = subprocess.run(
            ["unshare", "-rn", "ip", "link", "set", "lo", "up"], capture_output=True, text=True, timeout=30
        )
    except FileNotFoundError as exc:
        pytest.skip(f"no network namespaces here: {exc.filename} is not installed")
    if probe.returncode != 0:
        pytest.skip(f"the kernel refuses an unprivileged network namespace (unshare -rn): {probe.stderr.strip()}")


def verdicts(outcome: dict) -> dict[str, str]:
    """host -> verdict status"""
    return {url.split("//", 1)[1].rsplit(":", 1)[0].strip("[]"): v["status"] for url, v in outcome["results"].items()}


def test_every_ipv6_spelling_of_the_metadata_address_is_refused_even_with_private_links_allowed():
    spellings = [metadata for metadata, _ in SPELLINGS.values()]
    outcome = in_namespace(["::1", "169.254.169.254", *spellings], allow_private=True)
    assert verdicts(outcome) == {"::1": "ok", "169.254.169.254": "refused", **{s: "refused" for s in spellings}}
    assert outcome["hits"] == ["::1"]  # the decoys were reachable: only the guard kept the checker away


def test_every_ipv6_spelling_of_loopback_and_site_local_is_refused_unless_private_links_are_allowed():
    # 127.0.0.1 itself is listed so that ::ffff:127.0.0.1 (the kernel's own spelling of it) has a decoy too.
    spellings = [loopback for form, (_, loopback) in SPELLINGS.items() if not form.startswith("teredo")]
    outcome = in_namespace(["127.0.0.1", *spellings, "fec0::1"], allow_private=False)
    assert set(verdicts(outcome).values()) == {"refused"} and outcome["hits"] == []
    allowed = in_namespace(["127.0.0.1", *spellings, "fec0::1"], allow_private=True)
    assert set(verdicts(allowed).values()) == {"ok"}, allowed
