"""The link watch, without Celery: check links, remember verdicts in Redis, decide what changed, report it.

    checker.py  URLs in, verdicts out (requests, threads, per-host limits)     plain Python: no Slack, no Celery
    guard.py    which addresses the checker may connect to (SSRF guard)       plain Python
    history.py  verdicts per link in Redis, and what a run changed            Redis only
    report.py   the report in Block Kit, and posting it                       slack_sdk
    health.py   the small API the Slack bot calls: latest health, broken URLs, start a check
"""
