# The production image: one uvicorn worker per container (scale with containers), non-root.
# Two stages: the build stage installs the hashed lock, then the wheel, into /opt/venv; the
# runtime stage copies that venv only (no compiler, no pip cache, no source tree).
# The base is pinned to an exact release; add its digest (@sha256:...) where the registry is reachable.
ARG PYTHON_IMAGE=python:3.11.13-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
WORKDIR /build
# The lock first: this layer is rebuilt only when the dependencies change, not on every edit.
COPY requirements.lock ./
RUN /opt/venv/bin/pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md LICENSE ./
COPY containers ./containers
COPY configs ./configs
COPY src ./src
RUN /opt/venv/bin/pip install --no-deps .

FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    APP_PROFILE=production
COPY --from=build /opt/venv /opt/venv
RUN useradd --system --uid 10001 --no-create-home --home-dir /app app \
    && mkdir -p /app/logs /app/var \
    && chown -R app:app /app
WORKDIR /app
USER app
EXPOSE 8080
# SIGTERM drains (server.shutdown_timeout_seconds); compose's stop_grace_period must exceed it.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/health/ready', timeout=2)"]
CMD ["factory-service", "serve", "--profile", "production", "--host", "0.0.0.0"]
