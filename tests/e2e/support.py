"""Helpers for the console's browser tests: a signed-in page, residents over HTTP, the sandbox's payment."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import requests

from backend.core.config import PROJECT_ROOT
from tests.support import factories

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]
DEMO_PASSWORD = "{role}-demo"  # backend.demo.demo_password
DOG_PHOTO = PROJECT_ROOT / "docs" / "demo" / "dog.jpg"
OWNER_NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "周杰", "吴婷", "孙浩"]


class ConsolePage:
    def __init__(self, context, base_url: str, screenshots: Path) -> None:
        self.context = context
        self.base_url = base_url
        self.screenshots = screenshots
        self.page = context.new_page()
        self.page.set_default_timeout(15_000)

    def goto(self, path: str) -> None:
        self.page.goto(f"{self.base_url}/console{path}")

    def sign_in(self, username: str, password: str | None = None) -> None:
        page = self.page
        self.goto("/login")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password or DEMO_PASSWORD.format(role=username))
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda url: "/console/login" not in url)

    def shot(self, name: str) -> Path:
        path = self.screenshots / f"{name}.png"
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_timeout(400)  # Element Plus's transitions (dialogs, tags) have finished
        self.page.screenshot(path=str(path))
        assert path.stat().st_size > 10_000  # a page, not a blank
        return path

    def cookie(self, name: str) -> dict | None:
        return next((c for c in self.context.cookies() if c["name"] == name), None)


@dataclass
class Resident:
    """A resident of the mini-program, over HTTP with a bearer token (as the mini-program is)."""
    base_url: str
    name: str
    token: str

    @classmethod
    def login(cls, base_url: str, name: str) -> Resident:
        response = requests.post(f"{base_url}/api/v1/auth/wx-login", json={"code": f"sandbox:{name}"}, timeout=10)
        response.raise_for_status()
        return cls(base_url, name, response.json()["token"])

    def _call(self, method: str, path: str, **kwargs) -> dict:
        response = requests.request(method, f"{self.base_url}{path}", timeout=20,
                                    headers={"Authorization": f"Bearer {self.token}"}, **kwargs)
        assert response.ok, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def application_body(self, dog_name: str, zone_code: str = "xincheng-key", **vaccination) -> dict:
        """A new person each time (a random birth date and sequence), so households never meet their limit."""
        photo = self._call("POST", "/api/v1/uploads", files={"file": ("dog.jpg", DOG_PHOTO.read_bytes(), "image/jpeg")})
        number = factories.id_number(birth=_birth(), seq=f"{secrets.randbelow(900) + 100}")
        owner = {"name": OWNER_NAMES[secrets.randbelow(len(OWNER_NAMES))], "number": number, "zone_code": zone_code,
                 "address": f"新城区海拉尔东街{secrets.randbelow(900) + 100}号{secrets.randbelow(9) + 1}单元"
                            f"{secrets.randbelow(900) + 100}室"}
        return factories.application([photo["upload_id"]], dog_fields={"name": dog_name}, owner_fields=owner,
                                     vaccination_fields=vaccination or None)

    def apply(self, body: dict) -> str:
        return self._call("POST", "/api/v1/licence-applications", json=body)["id"]

    def resubmit(self, application_id: str, body: dict) -> dict:
        return self._call("PUT", f"/api/v1/licence-applications/{application_id}", json=body)

    def application(self, application_id: str) -> dict:
        return self._call("GET", f"/api/v1/licence-applications/{application_id}")

    def renew(self, licence_id: str, vaccination: dict) -> dict:
        return self._call("POST", f"/api/v1/licences/{licence_id}/inspections", json={"vaccination": vaccination})

    def licence(self, licence_id: str) -> dict:
        return self._call("GET", f"/api/v1/licences/{licence_id}")

    def pay_in_sandbox(self, order_id: str) -> None:
        trade = self._call("POST", f"/api/v1/orders/{order_id}/pay", json={"channel": "wechat"})
        paid = requests.post(f"{self.base_url}/_sandbox/pay/complete",
                             json={"order_id": trade["trade_id"], "channel": "wechat"}, timeout=20)
        assert paid.ok, paid.text


def _birth() -> str:
    return f"19{secrets.randbelow(30) + 70}{secrets.randbelow(12) + 1:02d}{secrets.randbelow(28) + 1:02d}"


def staff_token(base_url: str, role: str) -> str:
    """A bearer token for a demo account, for steps the test does not do through the console."""
    response = requests.post(f"{base_url}/api/v1/staff/auth/login",
                             json={"username": role, "password": DEMO_PASSWORD.format(role=role)}, timeout=10)
    response.raise_for_status()
    return response.json()["token"]
