"""The Celery app (`pyfw worker`, `pyfw beat`; or `celery -A worker worker`, `celery -A worker beat`).

Broker and result backend are the Redis at REDIS_URL. The tasks and the reliability settings are in tasks/jobs.py.
"""

from common.settings import Settings
from tasks.jobs import make_app

app = make_app(Settings.from_env())
