"""The WeChat sandbox served over real HTTP in a background thread, for the real wechatpy clients to call."""
from __future__ import annotations

import logging
import threading

from werkzeug.serving import make_server

from wechat.sandbox import create_sandbox_app


class ServedApp:
    def __init__(self, app) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()


def serve_sandbox(config: dict) -> ServedApp:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per sandbox call drowns test output
    return ServedApp(create_sandbox_app(config))
