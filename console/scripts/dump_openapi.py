"""Write the OpenAPI document (GET /api/v1/openapi.json) to a file without a running server or a database.

    .venv/bin/python console/scripts/dump_openapi.py OUT.json

The console's TypeScript types are generated from this file (openapi-typescript), so they come from the same
endpoint declarations the server validates against; `make lint` regenerates them and fails when they differ from
the committed src/api/schema.d.ts."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DOGPASS_ENV", "development")


def main(out: str) -> None:
    from wsgi import assemble

    with tempfile.TemporaryDirectory() as scratch:
        app = assemble({"SQLALCHEMY_DATABASE_URI": "sqlite://", "WECHAT_SANDBOX": True, "CELERY_BROKER_URL": "",
                        "REDIS_URL": "", "WECHAT_SANDBOX_DB": str(Path(scratch) / "sandbox.sqlite3"),
                        "UPLOAD_DIR": str(Path(scratch) / "uploads"), "PUBLIC_BASE_URL": "https://dogpass.example.cn"})
        response = app.test_client().get("/api/v1/openapi.json")
        if response.status_code != 200:
            raise SystemExit(f"openapi.json answered {response.status_code}")
        document = response.get_json()
    Path(out).write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
