# Production image: nginx (deploy/nginx.conf) in front of gunicorn (gunicorn.conf.py), both started
# by deploy/container-start; PostgreSQL and Redis come from the environment (DATABASE_URL, REDIS_URL).
#
#   docker build -t portal .
#   docker run --rm --env-file portal.env portal portal init          # once per release: migrations, regions
#   docker run -d -p 80:80 -p 443:443 --env-file portal.env \
#     -v /etc/ssl/portal:/etc/ssl/portal:ro -v portal-instance:/var/lib/portal portal
#
# The TLS certificate and key are mounted at the paths named in deploy/nginx.conf (replace its
# CHANGE-ME placeholders, server name included, before building). Several app nodes: run this
# image on each behind the load balancer, or list the nodes in the upstream block (README).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORTAL_INSTANCE_PATH=/var/lib/portal \
    PORTAL_RUN_AS=portal \
    PORTAL_BIND=127.0.0.1:8000

RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx-light \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default \
 && mkdir -p /var/cache/nginx/portal \
 && useradd --system --create-home --uid 10001 --home-dir /home/portal portal \
 && mkdir -p /var/lib/portal && chown portal:portal /var/lib/portal

WORKDIR /app
COPY . /app
# Editable install: static/, translations/, disclosures/ and migrations/ stay beside the package.
# The .gz and .br copies of the static files are made once, at build time, for nginx.
RUN pip install -e /app \
 && PORTAL_INSTANCE_PATH=/tmp/build-instance portal compress-static \
 && rm -rf /tmp/build-instance \
 && cp /app/deploy/nginx.conf /etc/nginx/conf.d/portal.conf

EXPOSE 80 443
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"

CMD ["/app/deploy/container-start"]
