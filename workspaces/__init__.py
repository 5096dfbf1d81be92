"""The workspaces pyfw is installed in (OAuth mode): each one's bot token and the channel it chose for link reports.

Plain Python over slack_sdk's SQLAlchemy installation and OAuth state stores (no Bolt, no Celery): the web process
(Bolt's OAuth flow, answers, the App Home) and the workers (link reports) read the same database.
"""

from workspaces.state import SignedStateStore
from workspaces.store import ReportChannel, Workspaces, WorkspacesError, WorkspacesUnavailable, open_workspaces

__all__ = [
    "ReportChannel",
    "SignedStateStore",
    "Workspaces",
    "WorkspacesError",
    "WorkspacesUnavailable",
    "open_workspaces",
]
