"""Records the console's shelter, adoption and dispatch tests start from, made over HTTP as the other clients do:
a staff member with a bearer token, strays reported by residents, dogs taken in, kennels with room."""
from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import timedelta

import requests

from backend.core import clock
from tests.e2e.support import DOG_PHOTO, Resident, staff_token


@dataclass
class Staff:
    base_url: str
    role: str

    def __post_init__(self) -> None:
        self.headers = {"Authorization": f"Bearer {staff_token(self.base_url, self.role)}"}

    def call(self, method: str, path: str, **kwargs):
        response = requests.request(method, f"{self.base_url}{path}", headers=self.headers, timeout=20, **kwargs)
        assert response.ok, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.headers.get("Content-Type", "").startswith("application/json") \
            else response.content

    def get(self, path: str, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self.call("POST", path, **kwargs)


def random_place(address: str, around: tuple[float, float] | None = None) -> dict:
    """A place of its own in the city (strays within 200 m of a recent one are linked as duplicates), anywhere or
    within about a kilometre of `around` (a district's centre, backend/data/districts.json)."""
    if around:
        return {"lat": round(around[0] + (random.random() - 0.5) * 0.02, 6),
                "lng": round(around[1] + (random.random() - 0.5) * 0.02, 6), "address": address}
    return {"lat": round(40.80 + random.random() * 0.08, 6), "lng": round(111.62 + random.random() * 0.14, 6),
            "address": address}


def near(place: dict, metres_north: float, address: str) -> dict:
    return {"lat": round(place["lat"] + metres_north / 111_320, 6), "lng": place["lng"], "address": address}


def report_stray(base_url: str, place: dict, **fields) -> dict:
    resident = Resident.login(base_url, f"volunteer-{secrets.token_hex(4)}")
    return resident._call("POST", "/api/v1/stray-reports", json={
        "location": place, "count": 1, "description": "一只黄狗在小区门口转悠", "photo_upload_ids": [], **fields})


def free_kennels(keeper: Staff, area: str) -> list[dict]:
    """Empty kennels of an area, in a random order (tests share one server and must not reach for the same)."""
    kennels = [k for k in keeper.get("/api/v1/staff/shelter/kennels") if k["area"] == area and k["occupied"] == 0]
    random.shuffle(kennels)
    return kennels


def take_in(keeper: Staff, name: str, kennel: str | None = None, vaccinated: bool = True, available: bool = False,
            quarantine_days: int = 0, **fields) -> dict:
    photo = keeper.post("/api/v1/staff/uploads", files={"file": ("dog.jpg", DOG_PHOTO.read_bytes(), "image/jpeg")})
    dog = keeper.post("/api/v1/staff/shelter/dogs", json={
        "source": "stray_capture", "intake_place": "赛罕区昭乌达路", "kennel_code": kennel, "name": name,
        "breed": "中华田园犬", "sex": "female", "colour": "黄", "size": "medium", "estimated_age_months": 24,
        "temperament": "亲人，温顺", "photo_upload_ids": [photo["upload_id"]], "quarantine_days": quarantine_days,
        **fields})
    if vaccinated:
        today = clock.today()
        keeper.post(f"/api/v1/staff/shelter/dogs/{dog['id']}/medical", json={
            "kind": "rabies_vaccination", "done_on": today.isoformat(), "product": "市犬只留检所",
            "certificate_no": f"SY-{secrets.token_hex(3)}", "expires_on": (today + timedelta(days=365)).isoformat()})
    if available:
        dog = keeper.post(f"/api/v1/staff/shelter/dogs/{dog['id']}/status", json={"status": "available"})
    return dog
