"""Issue 16: the staff console's first load and its review page, in headless Chromium (Debian's, as the tests).

First load: every script and stylesheet the browser fetched for the login page, then for the review page after
signing in (cumulative: what a reviewer's browser has loaded by then), and the same for a keeper whose home is the
kennel board (158 kennels), each body gzipped at level 6 as nginx would send it (Flask serves them uncompressed;
production puts nginx with gzip in front). Goal: ≤ 400 KB.

Review page: 1,000 applications waiting in MariaDB, the server under gunicorn as in the other suites; the time from
the start of navigating to /console/review/applications (signed in) until the first row of the queue is in the
page, read in the page as performance.now() when a MutationObserver first sees a row. Once with an empty browser
cache (cold), then RUNS times with the hashed assets cached (warm), as a reviewer opens it every day. Goal: ≤ 1 s,
cold, and at the 95th percentile warm (the machine is shared: the slowest of twenty is shown, not judged).
`--connections` and `--duration` do not apply.
"""
from __future__ import annotations

import gzip
import math
import shutil
import statistics
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bench import seed, servers
from bench.report import Rows, with_notes

APPLICATIONS = 1_000
RUNS = 20
GOAL_FIRST_LOAD_KB = 400
GOAL_FIRST_ROW_MS = 1_000
PASSWORD = "bench-reviewer-1"
KEEPER_PASSWORD = "bench-keeper-1"
KENNELS = 158
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]
# When each step's answer had arrived, in ms since navigation started (Resource Timing).
STEPS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const entries = (part) => performance.getEntriesByType('resource').filter((r) => r.name.includes(part));
  const done = (part) => Math.max(0, ...entries(part).map((r) => r.responseEnd));
  const sent = (part) => Math.min(...entries(part).map((r) => r.requestStart || r.startTime));
  return {'HTML': nav.responseEnd, 'main script and CSS': done('/assets/index-'),
          'session (who is signed in)': done('/api/v1/staff/session'),
          'page chunk': done('/assets/ReviewQueuePage-'), 'queue asked': sent('/api/v1/staff/licence-applications'),
          'queue answered': done('/api/v1/staff/licence-applications'),
          'first row': window.__firstRow};
}"""
RUN_NOTE = "headless Chromium, gunicorn + MariaDB; --connections/--duration do not apply"
FIRST_ROW = """
new MutationObserver((_, observer) => {
  if (document.querySelector('.queue-table .el-table__row')) {
    window.__firstRow = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


@dataclass
class Line:
    label: str
    value: str
    goal: str = "—"


def table(rows: Rows) -> str:
    lines = ["| measurement | value | goal |", "|---|---:|---|"]
    lines += [f"| {row.label} | {row.value} | {row.goal} |" for row in rows]
    return with_notes("\n".join(lines), rows)


def run(connections: int, duration: int) -> Rows:
    if not (servers.ROOT / "console" / "dist" / "index.html").is_file():
        raise SystemExit("build the console first: make console")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    seed.reset_database()
    work = Path(tempfile.mkdtemp(prefix="dogpass-bench-console-"))
    _seed(work)
    rows = Rows()
    # Production settings over plain HTTP on loopback: the session cookie may not insist on HTTPS here.
    env = {**seed.server_env(seed.BENCH_DATABASE_URL, work / "uploads"), "STAFF_SESSION_COOKIE_SECURE": "0"}
    with servers.serve("wsgi:app", env, "/healthz") as url:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            try:
                _first_load(browser, url, rows, "bench-reviewer", PASSWORD, ".queue-table .el-table__row",
                            "review page")
                _first_load(browser, url, rows, "bench-keeper", KEEPER_PASSWORD, ".grid .tile",
                            f"kennel board ({KENNELS} kennels)", login_row=False)
                rows.notes.append("ECharts is not among them: no page of these charts, and BaseChart loads it on "
                                  "demand. Nor are the QR decoder (its WebAssembly, about 450 KB gzipped, loads when a "
                                  "scanner first opens) or the map (Leaflet and the district boundaries, with the "
                                  "first map).")
                _first_row(browser, url, rows)
            finally:
                browser.close()
    return rows


def _seed(work: Path) -> None:
    """Reference data, a reviewer and a keeper, the shelter's kennels, and APPLICATIONS waiting, submitted over the
    last ten days."""
    import secrets

    from backend.accounts.models.people import User
    from backend.accounts.staff_accounts import create_staff
    from backend.core import clock
    from backend.core.database.extensions import db
    from backend.licensing.models.applications import LicenceApplication
    from backend.reference.catalogue import load_reference_data
    from backend.shelter.models.shelter import Kennel

    app = seed.make_app(seed.BENCH_DATABASE_URL, work / "uploads")
    with app.app_context():
        load_reference_data()
        create_staff("bench-reviewer", "reviewer", PASSWORD)
        create_staff("bench-keeper", "shelter", KEEPER_PASSWORD)
        db.session.add_all(Kennel(code=f"K-{n:03d}", area="A区", capacity=1, qr_token=secrets.token_urlsafe(12))
                           for n in range(1, KENNELS + 1))
        db.session.commit()
        now = clock.now()
        zones = ["xincheng-key", "huimin-key", "yuquan-key", "saihan-general", "jingkai-general"]
        for start in range(0, APPLICATIONS, 250):
            users = [User(mini_openid=f"bench-console-{i}") for i in range(start, start + 250)]
            db.session.add_all(users)
            db.session.flush()  # no relationship() tells the unit of work that users go first
            for i, user in enumerate(users, start):
                application = LicenceApplication(
                    user_id=user.id, status="pending_review", round_no=1, chip_no=None,
                    submitted_at=now - timedelta(minutes=14_400 * (APPLICATIONS - i) / APPLICATIONS),
                    dog={"name": f"旺财{i}", "breed": "柯基", "breed_canonical": "柯基", "sex": "male",
                         "colour": "黄白", "birth_date": "2022-05-01", "neutered": True, "photo_upload_ids": []},
                    vaccination={"certificate_no": f"B-{i}", "clinic": "赛罕区动物医院",
                                 "vaccinated_on": (now - timedelta(days=10)).date().isoformat(),
                                 "expires_on": (now + timedelta(days=355)).date().isoformat()})
                application.set_owner(name="张伟", id_number=seed.id_number(i), phone="13800138000",
                                      address=f"赛罕区新华东街{i}号", zone_code=zones[i % len(zones)])
                db.session.add(application)
            db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _signed_in(browser, url: str):
    # bypass_csp lets Playwright evaluate its own waiting code; the console's scripts are unaffected.
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", bypass_csp=True)
    answer = context.request.post(f"{url}/api/v1/staff/session",
                                  data={"username": "bench-reviewer", "password": PASSWORD})
    assert answer.ok, answer.text()
    return context


def _first_load(browser, url: str, rows: Rows, username: str, password: str, ready: str, page_name: str,
                login_row: bool = True) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    loaded: dict[str, tuple[str, int, int]] = {}

    def record(response) -> None:
        kind = response.request.resource_type
        if kind in ("script", "stylesheet") and response.ok and response.url not in loaded:
            body = response.body()
            loaded[response.url] = (kind, len(body), len(gzip.compress(body, compresslevel=6)))

    page.on("response", record)
    page.goto(f"{url}/console/login", wait_until="networkidle")
    login = dict(loaded)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    context.close()
    measured = (("login page", login),) if login_row else ()
    for label, files in (*measured, (f"login + {page_name}", loaded)):
        js = sum(gz for kind, _, gz in files.values() if kind == "script")
        css = sum(gz for kind, _, gz in files.values() if kind == "stylesheet")
        raw = sum(size for _, size, _ in files.values())
        total_kb = (js + css) / 1024
        rows.append(Line(f"first load, {label}: JS + CSS gzipped ({len(files)} files, {raw / 1024:,.0f} KB raw)",
                         f"{total_kb:,.0f} KB (JS {js / 1024:,.0f}, CSS {css / 1024:,.0f})",
                         f"≤ {GOAL_FIRST_LOAD_KB} KB: " + ("meets goal" if total_kb <= GOAL_FIRST_LOAD_KB
                                                          else "BELOW GOAL")))


def _first_row(browser, url: str, rows: Rows) -> None:
    context = _signed_in(browser, url)
    context.add_init_script(FIRST_ROW)
    samples, steps = [], []
    for _ in range(RUNS + 1):
        page = context.new_page()
        page.goto(f"{url}/console/review/applications")
        page.wait_for_function("() => window.__firstRow !== undefined", timeout=30_000)
        samples.append(page.evaluate("window.__firstRow"))
        steps.append(page.evaluate(STEPS))
        total = page.text_content(".table-head .hint")
        page.close()
    context.close()
    names = steps[0].keys()
    rows.notes.append("Where the time goes (warm, median ms from the start of navigation, each step's answer "
                      "received): " + ", ".join(f"{name} {statistics.median(s[name] for s in steps[1:]):,.0f}"
                                                for name in names) + ".")
    cold, warm = samples[0], sorted(samples[1:])
    p95 = warm[max(0, math.ceil(0.95 * len(warm)) - 1)]
    rows.append(Line(f"review page with {APPLICATIONS:,} waiting: first row shown, cold cache", f"{cold:,.0f} ms",
                     _row_goal(cold)))
    rows.append(Line(f"… warm cache ({RUNS} runs): median / p95 / max",
                     f"{statistics.median(warm):,.0f} / {p95:,.0f} / {max(warm):,.0f} ms", _row_goal(p95, "p95 ")))
    rows.notes.append(f"The queue said: {total.strip()} (20 a page, oldest first).")


def _row_goal(ms: float, which: str = "") -> str:
    return f"{which}≤ {GOAL_FIRST_ROW_MS:,} ms: " + ("meets goal" if ms <= GOAL_FIRST_ROW_MS else "BELOW GOAL")
