"""The drills' production: started once for the whole drill run (`make drill`), stopped at the end whatever
happens. Without the servers' binaries the drills skip with the reason; with CI=true they fail instead."""
from __future__ import annotations

import os
import time

import pytest

from tests.drills import cluster as harness


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    missing = harness.missing_binaries()
    if missing:
        reason = f"the drills need {', '.join(missing)} (Debian: nginx, mariadb-server, mariadb-client, redis-server)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}, and CI=true requires them", pytrace=False)
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("drill")
    built = harness.build(work)
    started = time.monotonic()
    try:
        harness.start(built)
        print(f"\n[drills] empty servers to a running service in {time.monotonic() - started:.1f}s: MariaDB "
              f"(port {built.mariadb.port}, datadir {built.mariadb.datadir}), Redis (port {built.redis.port}), "
              f"2 gunicorn nodes ({', '.join(str(n.port) for n in built.nodes)}), nginx (port {built.nginx_port}), "
              "2 Celery workers, 1 beat, the WeChat sandbox")
        yield built
    finally:
        built.stop_all()
        print(f"[drills] every process stopped; logs were in {work}")


@pytest.fixture(scope="session")
def app(cluster):
    """An app in this process on the drill's database, Redis and broker: for setting up data and counting it."""
    from backend.core.database.extensions import db
    from wsgi import assemble

    env = cluster.env
    application = assemble({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "REDIS_URL": env["REDIS_URL"],
                            "CELERY_BROKER_URL": env["CELERY_BROKER_URL"], "UPLOAD_DIR": env["UPLOAD_DIR"],
                            "WECHAT_SANDBOX": True, "WECHAT_API_BASE_URL": env["WECHAT_API_BASE_URL"],
                            "WECHAT_SANDBOX_DB": env["WECHAT_SANDBOX_DB"], "DOGPASS_ENV": "development",
                            "LOG_FORMAT": "text", **harness.SECRETS})
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
