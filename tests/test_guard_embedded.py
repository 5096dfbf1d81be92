"""The guard's decisions on IPv6 addresses that carry an IPv4 address: judged by that IPv4 address, same rules.

Offline: decisions only, no connection. tests/faults/test_edge_guard_netns.py runs the checker against decoys on
these addresses inside a network namespace that has nothing but loopback.
"""

from __future__ import annotations

import ipaddress

import pytest

from linkwatch.guard import Guard, Refused, address_problem, embedded_ipv4
from tests.helpers import SPELLINGS

METADATA = "169.254.169.254"


@pytest.mark.parametrize("form", SPELLINGS)
def test_an_embedded_metadata_address_is_always_refused(form):
    metadata, _ = SPELLINGS[form]
    address = ipaddress.ip_address(metadata)
    assert ipaddress.ip_address(METADATA) in embedded_ipv4(address)
    for allow_private in (False, True):
        problem = address_problem(address, allow_private)
        assert problem and METADATA in problem and "metadata" in problem and "never checked" in problem


@pytest.mark.parametrize("form", SPELLINGS)
def test_an_embedded_loopback_address_is_refused_unless_private_links_are_allowed(form):
    _, loopback = SPELLINGS[form]
    address = ipaddress.ip_address(loopback)
    assert ipaddress.ip_address("127.0.0.1") in embedded_ipv4(address)
    problem = address_problem(address, allow_private=False)
    assert problem and "127.0.0.1 is loopback" in problem
    if not form.startswith("teredo"):  # Teredo stays non-global (private) by itself
        assert address_problem(address, allow_private=True) is None


@pytest.mark.parametrize(
    "text, allowed",
    [
        ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8: an IPv6-only network reaching a public address
        ("2002:808:808::1", True),  # 6to4 of 8.8.8.8
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
        ("64:ff9b::1", False),  # NAT64 of 0.0.0.1 ("this network")
        ("64:ff9b::e000:1", False),  # NAT64 of 224.0.0.1 (multicast)
        ("fec0::1", False),  # site-local, deprecated but still routed inside some networks
        ("64:ff9b:1::808:808", False),  # local-use NAT64: the operator's own translator, private by itself
        ("2606:4700::1", True),  # plain global IPv6
        ("::1", False),  # loopback, itself (not "IPv4-compatible 0.0.0.1")
    ],
)
def test_other_addresses(text, allowed):
    assert (address_problem(ipaddress.ip_address(text), allow_private=False) is None) is allowed


def test_site_local_and_local_use_nat64_are_private_not_always_refused():
    for text in ("fec0::1", "64:ff9b:1::808:808"):
        assert "allow with --allow-private" in address_problem(ipaddress.ip_address(text), allow_private=False)
        assert address_problem(ipaddress.ip_address(text), allow_private=True) is None


def test_a_name_resolving_to_an_embedded_metadata_address_is_refused():
    def resolver(host, port):
        return ["127.0.0.1", "64:ff9b::a9fe:a9fe"]  # one good address does not excuse a bad one

    with pytest.raises(Refused, match="rebind.test resolves to 64:ff9b::a9fe:a9fe leads to 169.254.169.254"):
        Guard(allow_private=True, resolver=resolver).allowed("rebind.test", 80)
    for metadata, _ in SPELLINGS.values():  # and every literal, as a URL's host is given ("[...]")
        with pytest.raises(Refused, match=METADATA):
            Guard(allow_private=True, resolver=resolver).allowed(f"[{metadata}]", 80)
