"""The guard against server-side request forgery: which addresses the checker may connect to.

A catalog link is text someone typed, so a link (or a redirect it answers with) could point the checker at the
machine's own services or at the cloud metadata endpoint. The guard decides *before any connection is opened*:
it resolves the host once, refuses when any address it resolves to is off limits, and hands back the addresses
that passed, which are the only ones the checker then connects to (see `tasks.checker`), so a second DNS answer
cannot swap in another address between the check and the connect.

Always refused: unspecified (0.0.0.0/8, ::), link-local (169.254.0.0/16, fe80::/10, which hold the metadata
endpoint 169.254.169.254), multicast, reserved and broadcast addresses, and the other clouds' metadata addresses.
Refused unless private links are allowed (PYFW_ALLOW_PRIVATE_LINKS=1, `--allow-private`): loopback, private and
any other non-global range.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

_ALWAYS_REFUSED = [ipaddress.ip_network(net) for net in (
    "0.0.0.0/8",          # "this network": 0.0.0.0 reaches the local machine on Linux
    "169.254.0.0/16",     # link-local, holds 169.254.169.254 (AWS, GCP, Azure metadata)
    "100.100.100.200/32",  # Alibaba Cloud metadata
    "224.0.0.0/4",        # multicast
    "240.0.0.0/4",        # reserved, and 255.255.255.255 broadcast
    "::/128",             # unspecified
    "fe80::/10",          # link-local
    "fd00:ec2::254/128",  # AWS metadata over IPv6
    "ff00::/8",           # multicast
)]


class Refused(Exception):
    """The guard refused a host; the message says which address and why."""


def address_problem(address: Address, allow_private: bool) -> str | None:
    """Why the checker must not connect to `address`, or None when it may."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:  # ::ffff:169.254.169.254 is 169.254.169.254
            return address_problem(embedded, allow_private)
    for network in _ALWAYS_REFUSED:
        if address.version == network.version and address in network:
            kind = "link-local" if address.is_link_local else "unspecified" if address.is_unspecified else "reserved"
            if address in (ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("100.100.100.200"),
                           ipaddress.ip_address("fd00:ec2::254")):
                kind = "a cloud metadata address"
            elif address.is_multicast:
                kind = "multicast"
            return f"{address} is {kind}, never checked"
    if not address.is_global:
        if allow_private:
            return None
        kind = "loopback" if address.is_loopback else "private"
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
