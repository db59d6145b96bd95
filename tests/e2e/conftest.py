"""The staff console in a real browser: Debian's Chromium driven by Playwright against a server started like
`make run` (tests/blackbox/conftest.py), residents acting over HTTP.

Without Chromium (or the built console) the tests skip with the reason; with CI=true they fail instead. No browser is
ever downloaded: Playwright launches /usr/bin/chromium."""
from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from backend.core.config import PROJECT_ROOT
from tests.blackbox.conftest import LiveServer, serve_like_make_run
from tests.e2e.camera import camera_args, y4m_of_image
from tests.e2e.support import CHROMIUM_ARGS, ConsolePage

SCREEN = {"width": 1366, "height": 768}
# Screenshots go to docs/screenshots (committed, shown in the README) when UPDATE_SCREENSHOTS=1; otherwise to a
# scratch folder, so a test run leaves the work tree as it was.
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the console's end-to-end tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        _unavailable("Chromium is not installed (apt-get install chromium); the console's browser tests are skipped")
    try:
        import playwright  # noqa: F401
    except ImportError:
        _unavailable("the playwright package is not installed (make install)")
    if not (PROJECT_ROOT / "console" / "dist" / "index.html").is_file():
        _unavailable("the console is not built (make console)")
    return path


@pytest.fixture(scope="session")
def playwright_driver(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver, chromium_path):
    browser = playwright_driver.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def camera_console(playwright_driver, chromium_path, console_server, screenshot_dir, tmp_path) -> Iterator[callable]:
    """`camera_console(png, width=1366)`: the console in a Chromium whose camera sees the image `png` (a QR code):
    Chromium's fake capture device plays a video of it, and the camera permission is granted."""
    browsers = []

    def open_console(png: bytes, width: int = SCREEN["width"], height: int = SCREEN["height"]) -> ConsolePage:
        video = y4m_of_image(png, tmp_path / f"camera-{len(browsers)}.y4m")
        browser = playwright_driver.chromium.launch(executable_path=chromium_path, headless=True,
                                                    args=CHROMIUM_ARGS + camera_args(video))
        browsers.append(browser)
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                      timezone_id="Asia/Shanghai")
        context.grant_permissions(["camera"], origin=console_server.url)
        return ConsolePage(context, console_server.url, screenshot_dir)

    yield open_console
    for browser in browsers:
        browser.close()


# The tests sign in a dozen times within a minute from one address; the sign-in limit (10 a minute per address) is
# tested on its own in tests/api, and here only stands in the way.
CONSOLE_SERVER_ENV = {"INSPECTION_REQUIRES_REVIEW": "1", "RATELIMIT_ENABLED": "0"}
IDLE_SECONDS = 3


@pytest.fixture(scope="session")
def console_server(chromium_path, tmp_path_factory) -> Iterator[LiveServer]:
    with serve_like_make_run(tmp_path_factory.mktemp("console"), CONSOLE_SERVER_ENV) as server:
        yield server


@pytest.fixture(scope="session")
def idle_server(chromium_path, tmp_path_factory) -> Iterator[LiveServer]:
    """A server whose sessions end after IDLE_SECONDS unused (30 minutes by default)."""
    env = {**CONSOLE_SERVER_ENV, "STAFF_SESSION_IDLE_SECONDS": str(IDLE_SECONDS)}
    with serve_like_make_run(tmp_path_factory.mktemp("idle"), env) as server:
        yield server


@pytest.fixture
def attacker_site() -> Iterator[callable]:
    """`attacker_site(html)`: serves one page from another local server; returns its port (use it as
    http://127.0.0.1:PORT, same site as the console but another origin, or http://localhost:PORT, another site)."""
    servers = []

    def serve(html: str) -> int:
        body = html.encode()

        class Page(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server.server_address[1]

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def console(browser, console_server, screenshot_dir) -> Iterator[callable]:
    """`console(width=1366)`: a fresh browser context (no cookies) on the console at that screen size."""
    contexts = []

    def open_console(width: int = SCREEN["width"], height: int = SCREEN["height"],
                     server: LiveServer | None = None) -> ConsolePage:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                      timezone_id="Asia/Shanghai")
        contexts.append(context)
        return ConsolePage(context, (server or console_server).url, screenshot_dir)

    yield open_console
    for context in contexts:
        context.close()
