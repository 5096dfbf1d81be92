# One image for every pyfw process; docker-compose.yml picks the command (the Procfile's lines).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY common ./common
COPY catalog ./catalog
COPY workspaces ./workspaces
COPY linkwatch ./linkwatch
COPY bot ./bot
COPY tasks ./tasks
COPY pyfw ./pyfw
COPY worker.py Procfile ./
# /app/data: the installations database in OAuth mode (SQLite), a volume in docker-compose.yml
RUN pip install . && useradd --system --home /app pyfw && mkdir -p /app/data && chown pyfw /app/data
USER pyfw

EXPOSE 3000
CMD ["pyfw", "web", "--port", "3000"]
