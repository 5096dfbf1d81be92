"""The Celery shell around the link watch (`linkwatch`).

    jobs.py     the Celery app and its tasks: runs, fan-out per host, finalizer, digest
"""
