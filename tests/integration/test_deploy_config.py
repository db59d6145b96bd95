"""The production files in deploy/ are valid as shipped: nginx accepts the whole site (TLS included), supervisor's
programs name files that exist in a release, gunicorn reads its settings, the scripts are valid bash."""
from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys

import pytest

from backend.core.config import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"


def _require(binary: str) -> str:
    path = shutil.which(binary)
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{binary} is not installed, and CI=true requires it", pytrace=False)
        pytest.skip(f"{binary} is not installed")
    return path


def test_nginx_accepts_the_shipped_site_with_tls(tmp_path):
    nginx, openssl = _require("/usr/sbin/nginx"), _require("openssl")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test",
                    "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
                   check=True, capture_output=True)
    site = (DEPLOY / "nginx" / "dogpass.conf").read_text()
    site = (site.replace("/etc/ssl/dogpass", str(tmp_path)).replace("/var/log/nginx", str(tmp_path))
            .replace("/etc/nginx/snippets", str(DEPLOY / "nginx")).replace("/var/www/acme", str(tmp_path)))
    site = re.sub(r"listen (\[::\]:)?80;", lambda m: "" if m.group(1) else "listen 127.0.0.1:18080;", site)
    site = re.sub(r"listen (\[::\]:)?443 ssl http2;",
                  lambda m: "" if m.group(1) else "listen 127.0.0.1:18443 ssl http2;", site)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ include /etc/nginx/mime.types; client_body_temp_path {tmp_path}/b; proxy_temp_path {tmp_path}/p;"
        f" fastcgi_temp_path {tmp_path}/f; uwsgi_temp_path {tmp_path}/u; scgi_temp_path {tmp_path}/s;"
        f" include {tmp_path}/site.conf; }}\n")
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "proxy_next_upstream error timeout;" in (DEPLOY / "nginx" / "dogpass-locations.conf").read_text()
    assert "non_idempotent" not in (DEPLOY / "nginx" / "dogpass-locations.conf").read_text().split("#")[0]


def test_supervisor_programs_name_files_of_a_release():
    config = configparser.RawConfigParser()
    config.read(DEPLOY / "supervisor" / "dogpass.conf")
    programs = [s for s in config.sections() if s.startswith("program:")]
    assert programs == ["program:dogpass-web", "program:dogpass-worker", "program:dogpass-beat"]
    for section in programs:
        command = config.get(section, "command").replace("/srv/dogpass/current", str(PROJECT_ROOT))
        for token in command.split():
            if token.startswith(str(PROJECT_ROOT)) and ".venv" not in token:
                assert os.path.exists(token), f"{section}: {token}"
    assert config.get("program:dogpass-beat", "autostart") == "false"  # one host of the city turns it on


def test_gunicorn_reads_its_settings_and_the_scripts_parse(tmp_path):
    env = {**os.environ, "DOGPASS_ENV": "development", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    result = subprocess.run([sys.executable, "-m", "gunicorn", "--check-config", "-c",
                             str(DEPLOY / "gunicorn.conf.py"), "wsgi:app"], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    for script in ("backup.sh", "restore.sh", "dblib.sh"):
        assert subprocess.run(["bash", "-n", str(DEPLOY / script)]).returncode == 0, script
