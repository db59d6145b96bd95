"""gunicorn for one DogPass app node: `gunicorn -c deploy/gunicorn.conf.py wsgi:app` (deploy/supervisor/dogpass.conf).

Settings read from the environment (the supervisor program or systemd unit passes them):
  DOGPASS_BIND          where this node listens, on the private network nginx reaches (default 127.0.0.1:8000)
  DOGPASS_WORKERS       worker processes (default 2 per CPU)
  DOGPASS_THREADS       threads per worker (default 4)
  DOGPASS_NGINX_ADDRESSES  the nginx hosts' addresses, comma-separated: the only senders whose X-Forwarded-* gunicorn
                        believes (the app itself reads the client address with TRUSTED_PROXY_HOPS)
  PROMETHEUS_MULTIPROC_DIR  where the workers keep their metrics (default /run/dogpass/metrics; emptied at start)

Graceful reload (new code, zero downtime): `kill -HUP <master pid>` (supervisorctl signal HUP dogpass-web) starts new
workers with the new code and lets the old ones finish their requests for up to graceful_timeout. preload_app is
off for exactly this: a preloaded app would keep the old code across HUP.
"""
import os
import shutil
from pathlib import Path

bind = os.environ.get("DOGPASS_BIND", "127.0.0.1:8000")
# gthread: a worker's threads overlap the waits on MariaDB, Redis and WeChat; processes use both CPUs.
worker_class = "gthread"
workers = int(os.environ.get("DOGPASS_WORKERS", 2 * (os.cpu_count() or 1)))
threads = int(os.environ.get("DOGPASS_THREADS", 4))
# A request still running after this is killed with its worker (nginx's proxy_read_timeout is longer: 35 s).
timeout = 30
# On HUP or TERM, workers get this long to finish the requests they hold.
graceful_timeout = 30
# Longer than nginx's upstream keepalive_timeout (60 s): nginx must be the side that closes an idle connection,
# or it could send a request just as gunicorn closes it (a POST would then fail instead of being retried).
keepalive = 65
backlog = 2048
# Workers are replaced now and then (memory a long-lived process may gather); jitter keeps them from all
# restarting at once.
max_requests = 5000
max_requests_jitter = 500
preload_app = False
forwarded_allow_ips = os.environ.get("DOGPASS_NGINX_ADDRESSES", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
# The app logs one JSON line per request (LOG_FORMAT=json, with the request id): gunicorn's access log is off.
accesslog = None
errorlog = "-"
loglevel = "info"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "backend.ops.json_logs.JsonLinesFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {"gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False}},
}
proc_name = "dogpass-web"

# prometheus_client's multiprocess mode: each worker writes its metrics to files here and /metrics sums them. It
# must be set before a worker imports prometheus_client, so here, in the master.
METRICS_DIR = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", "/run/dogpass/metrics"))


def on_starting(server):
    """A fresh master starts from empty metrics (files of an earlier run's workers would be summed forever)."""
    if METRICS_DIR.exists():
        shutil.rmtree(METRICS_DIR)
    METRICS_DIR.mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    from backend.ops.metrics import mark_process_dead

    mark_process_dead(worker.pid)
