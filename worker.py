"""The Celery app (`celery -A worker worker`, `celery -A worker beat`)."""
