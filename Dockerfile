# The API server as a container (ECS, App Runner, Kubernetes). Needs a Docker engine (or any
# OCI builder) to build: docker build -t training-tracker .   See docs/deploy.md.

# Build stage: the project and its dependencies into a virtual environment. Every dependency
# ships binary wheels, so no compiler is needed here either.
FROM python:3.12-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
COPY pyproject.toml README.md ./
COPY src ./src
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir . \
    && /opt/venv/bin/pip uninstall --yes pip

# Final stage: the interpreter, the virtual environment and an unprivileged user; nothing else.
FROM python:3.12-slim-bookworm
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    LOG_FORMAT=json \
    SQLITE_PATH=/data/training-tracker.sqlite3
RUN groupadd --system --gid 10001 tracker \
    && useradd --system --uid 10001 --gid tracker --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin tracker \
    && mkdir /data \
    && chown tracker:tracker /data
COPY --from=build /opt/venv /opt/venv
USER 10001:10001
WORKDIR /data
EXPOSE 8080
# /healthz: the process answers; orchestrators should route traffic on /readyz instead.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2)"]
ENTRYPOINT ["training-tracker"]
# Listening beyond loopback, AUTH_MODE=auto means every /v1 request needs a token.
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--workers", "2"]
