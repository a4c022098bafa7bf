"""The sample nginx site (deploy/nginx.conf) is valid for Debian's nginx once its placeholders
are filled in, and keeps its promises: no client address in the log, cookies bypass the
microcache, static files precompressed and immutable."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import skip_or_fail

SITE = Path(__file__).parent.parent / "deploy" / "nginx.conf"


def _nginx() -> str:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None or shutil.which("openssl") is None:
        skip_or_fail("nginx or openssl is not installed (apt-get install nginx-light)")
    return nginx


def _site_with_certificate(tmp_path: Path) -> str:
    """The sample site with a fresh self-signed certificate and its paths in tmp_path."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(tmp_path / "key.pem"),
                    "-out", str(tmp_path / "cert.pem"), "-days", "1", "-subj", "/CN=portal.test"],
                   check=True, capture_output=True)
    return (SITE.read_text(encoding="utf-8")
            .replace("/var/cache/nginx/portal", str(tmp_path / "cache"))
            .replace("/var/log/nginx/", f"{tmp_path}/")
            .replace("/etc/ssl/portal/CHANGE-ME-fullchain.pem", str(tmp_path / "cert.pem"))
            .replace("/etc/ssl/portal/CHANGE-ME-privkey.pem", str(tmp_path / "key.pem")))


def test_the_sample_site_passes_nginx_t(tmp_path):
    nginx = _nginx()
    site = _site_with_certificate(tmp_path)
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  include {tmp_path}/site.conf;\n}}\n", encoding="utf-8")
    checked = subprocess.run([nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_sample_site_keeps_its_promises():
    site = SITE.read_text(encoding="utf-8")
    log_format = re.search(r"log_format portal (.*?);", site, re.S).group(1)
    assert "$remote_addr" not in log_format and "$http_user_agent" not in log_format
    assert "proxy_cache_bypass $http_cookie;" in site and "proxy_no_cache $http_cookie;" in site
    assert "gzip_static on;" in site and "immutable" in site and "map $arg_v $portal_static_cache" in site
    # The app's no-store, X-Accel-Expires and Set-Cookie are always honoured; only Vary is left to the key.
    assert re.findall(r"proxy_ignore_headers([^;]*);", site) == [" Vary"]
    assert "$portal_encoding" in re.search(r"proxy_cache_key ([^;]*);", site).group(1)
    assert "proxy_set_header Accept-Encoding $portal_encoding;" in site
    # A page the app cannot render (database restarting) is served from the last good copy.
    assert {"updating", "error", "timeout", "http_500", "http_502", "http_503"} <= set(
        re.search(r"proxy_cache_use_stale ([^;]*);", site).group(1).split())


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str):
    import http.client
    import ssl

    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10,
                                             context=ssl._create_unverified_context())
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_the_container_runs_gunicorn_behind_nginx(app, database_url, tmp_path):
    """deploy/container-start, as the Dockerfile runs it, with the sample site on loopback ports
    (docker itself cannot run here): pages through nginx over TLS, both stop on SIGTERM."""
    import os
    import signal
    import sys
    import time

    nginx = _nginx()
    app_port, https_port, http_port = _free_port(), _free_port(), _free_port()
    site = (_site_with_certificate(tmp_path)
            .replace("alias /app/static/;", f"alias {SITE.parent.parent / 'static'}/;")
            .replace("server 127.0.0.1:8000", f"server 127.0.0.1:{app_port}"))
    site = re.sub(r"listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;", site)
    site = re.sub(r"listen 80;", f"listen 127.0.0.1:{http_port};", site)
    site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    temp = "\n".join(f"  {name}_temp_path {tmp_path}/{name};" for name in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n{temp}\n  include {tmp_path}/site.conf;\n}}\n", encoding="utf-8")
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith("PORTAL_")},
        "DATABASE_URL": database_url, "PORTAL_INSTANCE_PATH": str(tmp_path / "instance"),
        "PORTAL_BIND": f"127.0.0.1:{app_port}", "PORTAL_WORKERS": "1", "PORTAL_TRUSTED_PROXIES": "1",
        "PORTAL_NGINX_CONF": str(tmp_path / "nginx.conf"),
        # The script runs `python` and `nginx` from PATH, as in the image.
        "PATH": f"{Path(sys.executable).parent}:{Path(nginx).parent}:{os.environ.get('PATH', '')}",
    }
    environment.pop("REDIS_URL", None)
    container = subprocess.Popen([str(SITE.parent / "container-start")], env=environment, start_new_session=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline, status = time.monotonic() + 30, None
        while time.monotonic() < deadline and status != 200:
            assert container.poll() is None, container.stdout.read().decode(errors="replace")
            try:
                status, headers, body = _get(https_port, "/zh/")
            except OSError:
                time.sleep(0.3)
        assert status == 200, headers
        assert headers["Content-Encoding"] == "gzip" and headers["Cache-Control"] == "public, max-age=300"
        assert "X-Accel-Expires" not in headers and "Set-Cookie" not in headers
        assert _get(https_port, "/zh/")[1]["X-Cache"] == "HIT"
        static = re.search(rb'/static/css/portal\.css\?v=[0-9a-f]+', __import__("gzip").decompress(body)).group(0)
        status, headers, _ = _get(https_port, static.decode())
        assert status == 200 and "immutable" in headers["Cache-Control"]
        form_status, form_headers, _ = _get(https_port, "/zh/report/new")
        assert form_status == 200 and "no-store" in form_headers["Cache-Control"] and "X-Cache" in form_headers
        assert form_headers["X-Cache"] != "HIT"
    finally:
        container.send_signal(signal.SIGTERM)  # as `docker stop` does to the container's first process
        try:
            container.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(container.pid, signal.SIGKILL)
            raise
    for port in (app_port, https_port):
        import socket

        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still open after SIGTERM"
