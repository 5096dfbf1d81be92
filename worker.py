"""The Celery app (`pyfw worker`, `pyfw beat`; or `celery -A worker worker`, `celery -A worker beat`).

Broker and result backend are the Redis at REDIS_URL. The reliability settings are in tasks/app.py, the tasks in
tasks/jobs.py.
"""

from common.settings import Settings
from tasks.app import make_app

app = make_app(Settings.from_env())
