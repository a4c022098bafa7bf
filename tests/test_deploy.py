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


def test_the_sample_site_passes_nginx_t(tmp_path):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        skip_or_fail("nginx is not installed (apt-get install nginx-light)")
    if shutil.which("openssl") is None:
        skip_or_fail("openssl is not installed")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(tmp_path / "key.pem"),
                    "-out", str(tmp_path / "cert.pem"), "-days", "1", "-subj", "/CN=portal.test"],
                   check=True, capture_output=True)
    site = (SITE.read_text(encoding="utf-8")
            .replace("/var/cache/nginx/portal", str(tmp_path / "cache"))
            .replace("/var/log/nginx/", f"{tmp_path}/")
            .replace("/etc/ssl/portal/CHANGE-ME-fullchain.pem", str(tmp_path / "cert.pem"))
            .replace("/etc/ssl/portal/CHANGE-ME-privkey.pem", str(tmp_path / "key.pem")))
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
    assert "proxy_ignore_headers" not in site  # the app's no-store is always honoured
