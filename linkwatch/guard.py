"""The guard against server-side request forgery: which addresses the checker may connect to.

A catalog link is text someone typed, so a link (or a redirect it answers with) could point the checker at the
machine's own services or at the cloud metadata endpoint. The guard decides *before any connection is opened*:
it resolves the host once, refuses when any address it resolves to is off limits, and hands back the addresses
that passed, which are the only ones the checker then connects to (see `linkwatch.checker`), so a second DNS answer
cannot swap in another address between the check and the connect.

Always refused: unspecified (0.0.0.0/8, ::), link-local (169.254.0.0/16, fe80::/10, which hold the metadata
endpoint 169.254.169.254), multicast, reserved and broadcast addresses, and the other clouds' metadata addresses.
Refused unless private links are allowed (PYFW_ALLOW_PRIVATE_LINKS=1, `--allow-private`): loopback, private and
any other non-global range, deprecated site-local IPv6 (fec0::/10) and the local-use NAT64 prefix included.

An IPv6 address that carries an IPv4 address (IPv4-mapped and -compatible, SIIT, NAT64, 6to4, Teredo) can reach
that IPv4 address through a translator or relay, so it is judged by the IPv4 address it carries, with the same
rules, as well as by itself: 64:ff9b::a9fe:a9fe is the metadata endpoint through a NAT64 gateway.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

_ALWAYS_REFUSED = [
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",  # "this network": 0.0.0.0 reaches the local machine on Linux
        "169.254.0.0/16",  # link-local, holds 169.254.169.254 (AWS, GCP, Azure metadata)
        "100.100.100.200/32",  # Alibaba Cloud metadata
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and 255.255.255.255 broadcast
        "::/128",  # unspecified
        "fe80::/10",  # link-local
        "fd00:ec2::254/128",  # AWS metadata over IPv6
        "ff00::/8",  # multicast
    )
]


# IPv6 spellings of an IPv4 address: a translator or relay on the way turns them into that IPv4 address.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known NAT64 prefix (RFC 6052): the last 32 bits
_NAT64_LOCAL_USE = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215; the operator picks the prefix length
_SIIT = ipaddress.ip_network("::ffff:0:0:0/96")  # IPv4-translated ::ffff:0:a.b.c.d (RFC 2765)
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d (RFC 4291); :: and ::1 are not
_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")

# Ranges Python's `is_global` still calls global, refused like the private ranges.
_SITE_LOCAL = ipaddress.ip_network("fec0::/10")  # deprecated (RFC 3879), still routed inside some networks
_PRIVATE_TOO = [_SITE_LOCAL, _NAT64_LOCAL_USE]  # the local-use NAT64 translator is inside the operator's network


class Refused(Exception):
    """The guard refused a host; the message says which address and why."""


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """Every IPv4 address `address` stands for through a translator or relay; empty for plain IPv6."""
    if address.ipv4_mapped:
        return [address.ipv4_mapped]
    if address in _NAT64 or address in _SIIT or (address in _IPV4_COMPATIBLE and int(address) > 1):
        return [ipaddress.IPv4Address(address.packed[12:])]
    if address in _NAT64_LOCAL_USE:
        # The translator's prefix may be /48, /56, /64 or /96 (RFC 6052 section 2.2: the IPv4 address starts right
        # after the prefix and skips bits 64-71), so every reading counts. Readings in 0.0.0.0/8 are the zeros of
        # the positions not in use, not a destination: the address itself is private anyway.
        packed = address.packed
        readings = [ipaddress.IPv4Address((packed[length // 8 : 8] + packed[9:])[:4]) for length in (48, 56, 64)]
        readings.append(ipaddress.IPv4Address(packed[12:]))
        return [ipv4 for ipv4 in readings if ipv4 not in _THIS_NETWORK]
    if address.sixtofour:
        return [address.sixtofour]
    if address.teredo:  # (server, client): traffic goes through the server to the client's NAT
        return list(address.teredo)
    return []


def address_problem(address: Address, allow_private: bool) -> str | None:
    """Why the checker must not connect to `address`, or None when it may."""
    if isinstance(address, ipaddress.IPv6Address):
        for ipv4 in embedded_ipv4(address):  # ::ffff:169.254.169.254 and 64:ff9b::a9fe:a9fe are 169.254.169.254
            problem = address_problem(ipv4, allow_private)
            if problem:
                return f"{address} leads to {ipv4}: {problem}"
    for network in _ALWAYS_REFUSED:
        if address.version == network.version and address in network:
            kind = "link-local" if address.is_link_local else "unspecified" if address.is_unspecified else "reserved"
            if address in (
                ipaddress.ip_address("169.254.169.254"),
                ipaddress.ip_address("100.100.100.200"),
                ipaddress.ip_address("fd00:ec2::254"),
            ):
                kind = "a cloud metadata address"
            elif address.is_multicast:
                kind = "multicast"
            return f"{address} is {kind}, never checked"
    if not address.is_global or (address.version == 6 and any(address in net for net in _PRIVATE_TOO)):
        if allow_private:
            return None
        kind = "loopback" if address.is_loopback else "site-local" if address in _SITE_LOCAL else "private"
        return f"{address} is {kind} (allow with --allow-private or PYFW_ALLOW_PRIVATE_LINKS=1)"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for `host` (raises socket.gaierror when there is none)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


class Guard:
    """Resolves a host and checks every address; `allowed()` returns the addresses to connect to."""

    def __init__(self, allow_private: bool = False, resolver: Resolver | None = None) -> None:
        self.allow_private = allow_private
        self.resolver = resolver or system_resolver
        # One answer per host for the guard's life (one check run): every connection to a host goes to the
        # addresses that were checked, and 500 links on one docs site cost one DNS lookup, not 500.
        self._answers: dict[tuple[str, int], list[str] | Refused] = {}

    def allowed(self, host: str, port: int) -> list[str]:
        """The addresses of `host` the checker may connect to; raises Refused if any is off limits.

        An IP literal is checked as it is, without asking any resolver. Resolver errors (socket.gaierror)
        propagate: an unknown name is `unreachable`, not refused.
        """
        key = (host, port)
        answer = self._answers.get(key)
        if answer is None:
            try:
                answer = self._check(host, port)
            except Refused as exc:  # a failed lookup is not kept: a retry asks again
                answer = exc
            self._answers[key] = answer
        if isinstance(answer, Refused):
            raise Refused(str(answer))
        return answer

    def _check(self, host: str, port: int) -> list[str]:
        host = host.strip("[]").rstrip(".")
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        texts = [host] if literal is not None else self.resolver(host, port)
        if not texts:
            raise socket.gaierror(socket.EAI_NONAME, "no address")
        for text in texts:
            problem = address_problem(ipaddress.ip_address(text.split("%", 1)[0]), self.allow_private)
            if problem:
                raise Refused(problem if literal is not None else f"{host} resolves to {problem}")
        return texts
