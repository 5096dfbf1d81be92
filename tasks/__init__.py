"""The Celery shell around the link watch (`linkwatch`): nothing here but Celery.

app.py   the Celery app, its reliability settings (each with its reason), the beat schedule, and the two ways
         in from outside the workers: start_check (the bot) and status (`pyfw status`)
jobs.py  one thin task per `linkwatch.runs.Job`, with Celery's own retries
"""
