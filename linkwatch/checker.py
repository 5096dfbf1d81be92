"""The link checker: URLs in, one `Verdict` per URL out. Plain Python with `requests`; no Slack, no Celery.

How one link is checked (HEAD then GET, redirects through the guard, retries, one time budget) is
`linkwatch.probe`; reading the page for soft 404s and fragments is `linkwatch.pagecheck`. This module runs many
at once:
- Links that differ only in their #fragment are one page, fetched once (`page#a`, `page#b`, `page`: one GET).
- With soft-404 checks on, a host is asked for a path that cannot exist at most once per call (`HostProbes`),
  inside the per-host limit.
- A thread pool with one `requests.Session` per thread (keep-alive), a global limit (the number of threads) and a
  per-host limit: a thread takes its next link from a host with fewer than `per_host` links in flight,
  preferring the host it just used so its kept-alive connection is reused.
- For big command-line runs, the hosts split over forked processes (`check_links_on_cpus`).

Verdicts (`linkwatch.verdict.LinkStatus`): ok, moved, broken, restricted (401/403/persistent 429: bot walls and
rate limits, reported apart from broken), timeout, unreachable (DNS, refused connection, TLS; with the reason),
refused (the guard said no); soft 404s and missing fragments are broken, bot challenges restricted.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable
from queue import Empty
from urllib.parse import urldefrag, urlsplit

from linkwatch.guard import Guard
from linkwatch.pagecheck import HostProbes, check_page
from linkwatch.probe import CheckOptions, new_session
from linkwatch.verdict import LinkStatus, Verdict

DEFAULT_OPTIONS = CheckOptions()
_BATCH_SECONDS = 0.05  # how often a checker process sends what it has (a progress bar redraws ten times a second)


def check_links(
    urls: Iterable[str],
    options: CheckOptions = DEFAULT_OPTIONS,
    on_result: Callable[[Verdict], None] | None = None,
    deadline: float | None = None,
) -> dict[str, Verdict]:
    """Check each distinct URL once; returns {url: Verdict} in input order.

    `on_result` is called (from the worker threads) as each verdict is ready, e.g. for a progress bar.
    `deadline` (a time.monotonic() value) stops handing out links when passed; links not started get a `timeout`
    verdict saying the run ran out of time, so a caller with a hard limit still gets a verdict for every URL.
    """
    ordered = list(dict.fromkeys(urls))
    results: dict[str, Verdict] = {}
    if not ordered:
        return results
    pages: dict[str, list[str]] = {}
    for url in ordered:
        pages.setdefault(urldefrag(url)[0], []).append(url)
    guard = Guard(options.allow_private, options.resolver)
    probes = HostProbes(options) if options.soft_404 else None
    dispatcher = _Dispatcher(list(pages), options.per_host)
    lock = threading.Lock()

    def work() -> None:
        session = new_session(guard)
        host = None
        try:
            while True:
                if deadline is not None and time.monotonic() >= deadline:
                    dispatcher.stop()
                job = dispatcher.take(host)
                if job is None:
                    return
                host, page_url = job
                verdicts = check_page(session, page_url, pages[page_url], options, probes)
                with lock:
                    results.update(verdicts)
                if on_result:
                    for verdict in verdicts.values():
                        on_result(verdict)
        finally:
            session.close()

    threads = [
        threading.Thread(target=work, name=f"linkcheck-{n}", daemon=True)
        for n in range(max(1, min(options.concurrency, len(ordered), len(dispatcher.queues) * dispatcher.per_host)))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for url in ordered:
        if url not in results:
            results[url] = Verdict(url, LinkStatus.TIMEOUT, detail="not checked: the check run ran out of time")
    return {url: results[url] for url in ordered}


def check_links_on_cpus(
    urls: Iterable[str],
    options: CheckOptions = DEFAULT_OPTIONS,
    on_result: Callable[[Verdict], None] | None = None,
    processes: int | None = None,
) -> dict[str, Verdict]:
    """`check_links`, with the hosts split over forked processes so a big run is not held back by one CPU.

    Every request costs some CPU in Python, and with hundreds of threads on one interpreter lock that, not the
    network, bounds a 1,000-link run. Each process gets whole hosts (so per-host limits still hold) and its share
    of the threads. Falls back to `check_links` for small runs, one host, or one CPU. For command-line use: a
    Celery pool process may not fork children, and there the workers already spread groups over processes.
    """
    ordered = list(dict.fromkeys(urls))
    by_host: dict[str, list[str]] = {}
    for url in ordered:
        by_host.setdefault(host_of(url), []).append(url)
    cpus = _usable_cpus()
    # As many processes as CPUs this process may use (not the machine's count: under `taskset` or a cpuset, more
    # processes than CPUs only add a fork and split the threads).
    processes = min(processes or len(cpus) or os.cpu_count() or 1, len(by_host))
    if processes < 2 or len(ordered) < 200:
        return check_links(ordered, options, on_result)
    buckets: list[list[str]] = [[] for _ in range(processes)]
    for host_urls in sorted(by_host.values(), key=len, reverse=True):  # biggest hosts first, to the lightest
        min(buckets, key=len).extend(host_urls)
    share = CheckOptions(**{**options.__dict__, "concurrency": max(1, -(-options.concurrency // processes))})
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    children = [
        context.Process(
            target=_check_bucket, args=(bucket, share, queue, cpus[n % len(cpus)] if cpus else None), daemon=True
        )
        for n, bucket in enumerate(buckets)
    ]
    for child in children:
        child.start()
    results: dict[str, Verdict] = {}
    finished = 0
    while finished < len(children):
        try:
            item = queue.get(timeout=1.0)
        except Empty:
            if not any(child.is_alive() for child in children):
                break  # a process died without saying goodbye: its unfinished links are reported below
            continue
        if item is None:
            finished += 1
            continue
        for one in item:
            verdict = Verdict.from_dict(one)
            results[verdict.url] = verdict
            if on_result:
                on_result(verdict)
    for child in children:
        child.join(timeout=5)
    for url in ordered:
        if url not in results:
            results[url] = Verdict(url, LinkStatus.TIMEOUT, detail="not checked: its checker process stopped")
    return {url: results[url] for url in ordered}


def _check_bucket(urls: list[str], options: CheckOptions, queue, cpu: int | None = None) -> None:
    """Check one process's share, sending the verdicts to the parent in batches, one every `_BATCH_SECONDS` (one
    message per verdict meant a pickling, a wake-up of the queue's feeder thread and a read in the parent for each
    link: 5-10 % of the run's CPU)."""
    if cpu is not None:
        _pin(cpu)
    batch: list[dict] = []
    lock = threading.Lock()
    sent = time.monotonic()

    def collect(verdict: Verdict) -> None:
        nonlocal batch, sent
        with lock:
            batch.append(verdict.as_dict())
            now = time.monotonic()
            if now - sent < _BATCH_SECONDS:
                return
            ready, batch, sent = batch, [], now
        queue.put(ready)

    try:
        check_links(urls, options, on_result=collect)
    finally:
        with lock:
            ready, batch = batch, []
        if ready:
            queue.put(ready)
        queue.put(None)
        queue.close()
        queue.join_thread()


def _usable_cpus() -> list[int]:
    """The CPUs this process may run on (empty where the system cannot say: then nothing is pinned)."""
    try:
        return sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return []


def _pin(cpu: int) -> None:
    """Keep this checker process on one CPU. Its hundreds of threads share one interpreter lock, handed over at
    every socket call; spread over CPUs, each hand-over wakes a thread on another core (futex calls, cold caches).
    On one CPU the same run takes 10-25 % less CPU (bench/bench_links.py), and each process has its own CPU."""
    try:
        os.sched_setaffinity(0, {cpu})
    except (AttributeError, OSError):
        pass  # not pinned: slower, not wrong


def host_of(url: str) -> str:
    """The host a URL's per-host limit counts against (lower case, without port)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class _Dispatcher:
    """Hands out links so that no host has more than `per_host` in flight, across all threads."""

    def __init__(self, urls: list[str], per_host: int) -> None:
        self.queues: OrderedDict[str, deque[str]] = OrderedDict()
        for url in urls:
            self.queues.setdefault(host_of(url), deque()).append(url)
        self.per_host = max(1, per_host)
        self.in_flight: Counter[str] = Counter()
        self.cond = threading.Condition()

    def stop(self) -> None:
        with self.cond:
            self.queues.clear()
            self.cond.notify_all()

    def take(self, finished_host: str | None) -> tuple[str, str] | None:
        """Report the host of the link just finished (or None) and take the next (host, url); None when done."""
        with self.cond:
            if finished_host is not None:
                self.in_flight[finished_host] -= 1
                self.cond.notify_all()
            while self.queues:
                host = finished_host if finished_host in self.queues and self._free(finished_host) else None
                if host is None:
                    host = next((h for h in self.queues if self._free(h)), None)
                if host is not None:
                    queue = self.queues[host]
                    url = queue.popleft()
                    if not queue:
                        del self.queues[host]
                    else:  # round robin: the next idle thread starts on another host
                        self.queues.move_to_end(host)
                    self.in_flight[host] += 1
                    return host, url
                self.cond.wait()
            return None

    def _free(self, host: str) -> bool:
        return self.in_flight[host] < self.per_host
