# Production image: gunicorn as a non-root user; PostgreSQL and Redis come from the environment.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORTAL_INSTANCE_PATH=/var/lib/portal

RUN useradd --system --create-home --uid 10001 --home-dir /home/portal portal \
 && mkdir -p /var/lib/portal && chown portal:portal /var/lib/portal

WORKDIR /app
COPY . /app
# Editable install: static/, translations/, disclosures/ and migrations/ stay beside the package.
RUN pip install -e /app

USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"

# Run `docker run --rm <image> portal init` once per release (migrations + region data)
# before starting the app nodes.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
