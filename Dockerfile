# The production image: one uvicorn worker per container (scale with containers), non-root.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    APP_CONFIG_DIR=/app/configs \
    APP_PROFILE=production

WORKDIR /app
COPY pyproject.toml README.md containers.py ./
COPY configs ./configs
COPY src ./src
RUN pip install . \
    && useradd --system --uid 10001 --no-create-home --home-dir /app app \
    && mkdir -p logs var \
    && chown -R app:app logs var

USER app
EXPOSE 8080
# SIGTERM drains (server.shutdown_timeout_seconds); compose's stop_grace_period must exceed it.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/health/ready', timeout=2)"]
CMD ["factory-service", "serve", "--profile", "production", "--host", "0.0.0.0"]
