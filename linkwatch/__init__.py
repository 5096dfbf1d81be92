"""The link watch, without Celery: check links, remember verdicts in Redis, decide what changed, report it.

    verdict.py   LinkStatus (a StrEnum), PASSING / FAILING, Verdict                 plain values
    checker.py   URLs in, verdicts out: threads, per-host limits, processes       plain Python with requests
    probe.py     one link: HEAD then GET, or one GET reading the page; redirects through the guard, retries
    pagecheck.py soft 404s (the host's answer to a path that cannot exist) and #fragments, one GET per page
    page.py      reading HTML: title, first heading, ids, not-found phrases, bot challenges (standard library)
    guard.py     which addresses the checker may connect to (SSRF guard)
    limits.py    a run's time limits, all derived from PYFW_LINKCHECK_TIME_LIMIT
    history.py   each link's latest verdict, streak and last verdicts in Redis
    runs.py      a run: plan (pure), then begin → check groups → finalize           Redis, the settings, `enqueue`
    report.py    what a run found, and its Block Kit messages                       pure
    delivery.py  posting reports and digests exactly once, answering askers         a Slack client passed in
    health.py    latest health and broken links, for the bot and `pyfw status`
    status.py    what `pyfw status` shows

Nothing here imports Celery: `tasks/` wraps these functions in Celery tasks and passes an `enqueue(job, *args)`
that sends them; a test can pass a plain Redis client and anything callable.
"""
