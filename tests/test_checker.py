"""The link checker against a loopback server with the hard cases (tests/link_server.py)."""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
import time

import pytest

from linkwatch.checker import CheckOptions, check_links, check_links_on_cpus
from linkwatch.guard import Guard, Refused, address_problem
from tests.link_server import LinkServer

FAST = CheckOptions(timeout=0.5, budget=3.0, retries=2, backoff=0.02, retry_after_cap=2.0, allow_private=True)
HEAD_FIRST = CheckOptions(**{**FAST.__dict__, "soft_404": False, "fragments": False})  # pages are not read

# A safety net under the guard: any attempt by this process to connect to a link-local or unspecified address
# is blocked here before the socket connects, and remembered so the test that caused it fails.
_FORBIDDEN_CONNECTS: list[str] = []
_AUDIT_ON = threading.Event()


def _audit(event: str, args: tuple) -> None:
    if event != "socket.connect" or not _AUDIT_ON.is_set():
        return
    address = args[1]
    if isinstance(address, tuple) and address:
        try:
            ip = ipaddress.ip_address(str(address[0]).split("%", 1)[0])
        except ValueError:
            return
        if ip.is_link_local or ip.is_unspecified or ip in ipaddress.ip_network("0.0.0.0/8"):
            _FORBIDDEN_CONNECTS.append(str(ip))
            raise ConnectionAbortedError(f"test safety net: connect to {ip} blocked")


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def no_forbidden_connects():
    _FORBIDDEN_CONNECTS.clear()
    _AUDIT_ON.set()
    yield
    _AUDIT_ON.clear()
    assert not _FORBIDDEN_CONNECTS, f"the checker tried to connect to {_FORBIDDEN_CONNECTS}"


@pytest.fixture
def server():
    srv = LinkServer().start()
    yield srv
    srv.stop()


def check(url: str, options: CheckOptions = FAST):
    return check_links([url], options)[url]


def test_working_page_is_ok_with_one_head_request(server):
    verdict = check(server.url("/ok"), HEAD_FIRST)
    assert (verdict.status, verdict.code, verdict.final_url) == ("ok", 200, None)
    assert server.methods_for("/ok") == ["HEAD"]


def test_working_page_is_ok_with_one_get_when_pages_are_read(server):
    verdict = check(server.url("/ok"))
    assert (verdict.status, verdict.code, verdict.final_url) == ("ok", 200, None)
    assert server.methods_for("/ok") == ["GET"]


@pytest.mark.parametrize("code", ["405", "404", "403"])
def test_head_refused_falls_back_to_get(server, code):
    verdict = check(server.url(f"/head-{code}"), HEAD_FIRST)
    assert verdict.status == "ok"
    assert server.methods_for(f"/head-{code}") == ["HEAD", "GET"]


def test_missing_and_gone_pages_are_broken(server):
    results = check_links([server.url("/missing"), server.url("/gone")], FAST)
    assert [(v.status, v.code) for v in results.values()] == [("broken", 404), ("broken", 410)]
    assert "not found" in results[server.url("/missing")].detail


def test_permanent_redirect_is_moved_with_the_new_address(server):
    for path in ("/moved", "/moved-308", "/chain/3"):
        verdict = check(server.url(path))
        assert verdict.status == "moved", path
        assert verdict.final_url.startswith(server.url("/")), path
    assert check(server.url("/moved")).final_url == server.url("/ok")
    assert check(server.url("/chain/3")).final_url == server.url("/ok")


def test_temporary_redirect_to_a_working_page_is_ok(server):
    verdict = check(server.url("/temporary"))
    assert (verdict.status, verdict.final_url) == ("ok", server.url("/ok"))


def test_permanent_then_temporary_reports_the_permanent_target(server):
    verdict = check(server.url("/perm-then-temp"))
    assert (verdict.status, verdict.final_url) == ("moved", server.url("/temporary"))


def test_redirect_to_a_missing_page_is_broken(server):
    verdict = check(server.url("/moved-to-missing"))
    assert (verdict.status, verdict.code) == ("broken", 404)


def test_redirect_loop_and_too_many_redirects_are_broken(server):
    loop = check(server.url("/loop-a"))
    assert loop.status == "broken" and "redirect loop" in loop.detail
    assert check(server.url("/chain/10")).status == "moved"  # 10 redirects is the limit, still followed
    too_many = check(server.url("/chain/11"))
    assert too_many.status == "broken" and "more than 10 redirects" in too_many.detail
    assert check(server.url("/no-location")).status == "broken"


def test_retry_after_is_honoured(server):
    verdict = check(server.url("/rate-once/a?after=1"))
    assert verdict.status == "ok"
    assert verdict.elapsed >= 0.95  # waited the second it was asked to, not the 20 ms backoff


def test_retry_after_is_capped(server):
    options = CheckOptions(**{**FAST.__dict__, "retry_after_cap": 0.2})
    verdict = check(server.url("/rate-once/b?after=3600"), options)
    assert verdict.status == "ok" and verdict.elapsed < 1.5


def test_persistent_429_is_restricted_not_broken(server):
    verdict = check(server.url("/rate-limited?after=0"))
    assert (verdict.status, verdict.code) == ("restricted", 429)
    assert len(server.methods_for("/rate-limited?after=0")) == 1 + FAST.retries


def test_login_and_bot_walls_are_restricted(server):
    assert check(server.url("/forbidden")).status == "restricted"
    assert check(server.url("/login")).status == "restricted"


def test_flaky_503_recovers_on_retry_but_persistent_503_is_broken(server):
    assert check(server.url("/flaky/x?fails=2")).status == "ok"
    verdict = check(server.url("/error"), HEAD_FIRST)
    assert (verdict.status, verdict.code) == ("broken", 503)
    # every try is a HEAD; the last one is read once with GET, to tell a bot challenge from an outage
    assert server.methods_for("/error") == ["HEAD"] * (1 + FAST.retries) + ["GET"]


def test_slow_answer_within_the_timeout_is_ok(server):
    assert check(server.url("/slow?delay=0.2")).status == "ok"


def test_hanging_server_times_out_within_the_link_budget(server):
    options = CheckOptions(**{**FAST.__dict__, "timeout": 0.3, "budget": 1.0})
    started = time.monotonic()
    verdict = check(server.url("/hang"), options)
    assert verdict.status == "timeout"
    assert time.monotonic() - started < 1.8


def test_huge_body_is_never_downloaded(server):
    verdict = check(server.url("/huge"))
    assert verdict.status == "ok" and verdict.elapsed < 1.0
    time.sleep(0.1)  # let the server notice the hang-up before reading its counter
    assert server.bytes_sent < 32 * 1024 * 1024  # of 10 GB offered: only what socket buffers held


def test_connection_refused_is_unreachable_with_the_reason(server):
    port = server.port
    server.stop()
    verdict = check(f"http://127.0.0.1:{port}/ok")
    assert verdict.status == "unreachable" and "connection refused" in verdict.detail
    server.start()


def test_unknown_host_is_unreachable():
    def resolver(host, port):  # the system resolver would ask a DNS server off this machine
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    verdict = check("http://no-such-host.invalid/", CheckOptions(**{**FAST.__dict__, "resolver": resolver}))
    assert verdict.status == "unreachable" and "DNS" in verdict.detail


def test_loopback_is_refused_unless_allowed(server):
    options = CheckOptions(**{**FAST.__dict__, "allow_private": False})
    verdict = check(server.url("/ok"), options)
    assert verdict.status == "refused" and "loopback" in verdict.detail and "--allow-private" in verdict.detail
    assert server.requests == []  # nothing reached the server


@pytest.mark.parametrize("url", ["http://0.0.0.0:1/", "http://0.0.0.0/", "http://[::]/", "http://169.254.169.254/"])
def test_unspecified_and_link_local_are_refused_even_when_private_is_allowed(url):
    verdict = check(url)
    assert verdict.status == "refused"


def test_a_name_resolving_to_the_metadata_address_is_refused_before_connecting():
    options = CheckOptions(**{**FAST.__dict__, "resolver": lambda host, port: ["169.254.169.254"]})
    verdict = check("http://metadata.internal.test/latest/meta-data/", options)
    assert verdict.status == "refused"
    assert "169.254.169.254" in verdict.detail and "metadata" in verdict.detail


def test_a_name_with_one_bad_address_among_good_ones_is_refused():
    options = CheckOptions(**{**FAST.__dict__, "resolver": lambda host, port: ["127.0.0.1", "169.254.169.254"]})
    assert check("http://mixed.test/", options).status == "refused"


def test_every_redirect_hop_goes_through_the_guard(server):
    for target in ("http://169.254.169.254/latest/meta-data/", "http://0.0.0.0:1/", "http://[fe80::1]/"):
        verdict = check(server.url(f"/redirect?to={target}"))
        assert verdict.status == "refused", target
        assert verdict.final_url == target


def test_guard_address_policy():
    def problem(text: str, allow_private: bool = False) -> str | None:
        return address_problem(ipaddress.ip_address(text), allow_private)

    for always in (
        "0.0.0.0",
        "0.1.2.3",
        "169.254.169.254",
        "::",
        "fe80::1",
        "::ffff:169.254.169.254",
        "100.100.100.200",
        "fd00:ec2::254",
        "224.0.0.1",
        "255.255.255.255",
    ):
        assert problem(always, allow_private=True), always
    for private in ("127.0.0.1", "127.0.0.51", "10.1.2.3", "172.16.0.1", "192.168.1.1", "::1", "fc00::1", "100.64.0.1"):
        assert problem(private), private
        assert problem(private, allow_private=True) is None, private
    assert problem("93.184.215.14") is None
    assert problem("2606:4700::1") is None


def test_guard_checks_ip_literals_without_a_resolver():
    def resolver(host, port):
        raise AssertionError("an IP literal must not be resolved")

    guard = Guard(allow_private=True, resolver=resolver)
    assert guard.allowed("127.0.0.2", 80) == ["127.0.0.2"]
    with pytest.raises(Refused):
        guard.allowed("169.254.169.254", 80)


def test_per_host_limit_holds_while_other_hosts_proceed():
    busy, other = LinkServer("127.0.0.1").start(), LinkServer("127.0.0.2").start()
    try:
        urls = [busy.url(f"/slow?delay=0.15&n={n}") for n in range(12)]
        urls += [other.url(f"/slow?delay=0.15&n={n}") for n in range(4)]
        options = CheckOptions(**{**FAST.__dict__, "concurrency": 16, "per_host": 3})
        results = check_links(urls, options)
        assert all(v.status == "ok" for v in results.values())
        assert busy.max_in_flight == 3
        assert other.max_in_flight == 3
    finally:
        busy.stop()
        other.stop()


def test_each_distinct_url_is_checked_once_and_results_keep_input_order(server):
    urls = [server.url("/missing"), server.url("/ok"), server.url("/missing")]
    results = check_links(urls, FAST)
    assert list(results) == [server.url("/missing"), server.url("/ok")]
    assert server.methods_for("/missing") == ["GET"]  # one check (a GET: pages are read)


def test_a_passed_deadline_gives_every_url_a_verdict(server):
    urls = [server.url(f"/slow?delay=0.2&n={n}") for n in range(6)]
    options = CheckOptions(**{**FAST.__dict__, "concurrency": 1, "per_host": 1})
    results = check_links(urls, options, deadline=time.monotonic() + 0.3)
    assert set(results) == set(urls)
    assert results[urls[0]].status == "ok"
    assert results[urls[-1]].status == "timeout" and "ran out of time" in results[urls[-1]].detail


def test_a_big_run_split_over_processes_gives_the_same_verdicts_in_order():
    first, second = LinkServer("127.0.0.1").start(), LinkServer("127.0.0.2").start()
    try:
        urls = [(first if n % 3 else second).url(f"/ok?n={n}") for n in range(240)]
        urls[7], urls[100] = first.url("/missing"), second.url("/moved")
        seen = []
        options = CheckOptions(**{**FAST.__dict__, "per_host": 4})
        results = check_links_on_cpus(urls, options, on_result=seen.append, processes=2)
        assert list(results) == urls
        assert results[urls[7]].status == "broken" and results[urls[100]].status == "moved"
        assert sum(v.status == "ok" for v in results.values()) == 238
        assert sorted(v.url for v in seen) == sorted(urls)  # progress heard about every link
        assert first.max_in_flight <= 4 and second.max_in_flight <= 4  # a host lives in one process
    finally:
        first.stop()
        second.stop()


def test_progress_of_a_split_run_is_heard_while_it_runs_not_only_at_its_end():
    # The checker processes send their verdicts in batches (every 50 ms): a progress bar must still move.
    first, second = LinkServer("127.0.0.1").start(), LinkServer("127.0.0.2").start()
    try:
        urls = [(first if n % 2 else second).url(f"/slow?delay=0.05&n={n}") for n in range(240)]
        heard: list[float] = []
        options = CheckOptions(**{**FAST.__dict__, "per_host": 4})
        started = time.monotonic()
        results = check_links_on_cpus(urls, options, on_result=lambda _: heard.append(time.monotonic()), processes=2)
        ended = time.monotonic()
        assert len(heard) == 240 and all(v.status == "ok" for v in results.values())
        # 120 links at 4 at a time on each host take at least 1.5 s; the first verdicts arrive long before that.
        assert ended - started >= 1.5
        assert heard[0] - started < (ended - started) / 2
        assert sum(t < started + (ended - started) / 2 for t in heard) >= 40  # a steady stream, not one burst
    finally:
        first.stop()
        second.stop()


def test_retry_after_is_read_as_seconds_or_an_http_date_and_nonsense_is_ignored():
    from email.utils import formatdate

    from linkwatch.probe import _retry_after_seconds

    assert _retry_after_seconds(" 3 ", cap=10) == 3
    assert _retry_after_seconds("120", cap=10) == 10
    assert 4 <= _retry_after_seconds(formatdate(time.time() + 6, usegmt=True), cap=10) <= 6
    assert _retry_after_seconds("soon", cap=10) is None and _retry_after_seconds(None, cap=10) is None
