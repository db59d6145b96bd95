"""Helpers for shelter and adoption tests: a dog taken in and made adoptable through the staff API."""
from __future__ import annotations

import io
from datetime import timedelta

from backend.core import clock
from tests.support import factories


def staff_photo(keeper) -> str:
    response = keeper.client.post("/api/v1/staff/uploads", headers={"Authorization": f"Bearer {keeper.token}"},
                                  data={"file": (io.BytesIO(factories.png_bytes()), "dog.png")},
                                  content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    return response.get_json()["upload_id"]


def intake_body(photo_ids: list[str], **fields) -> dict:
    return {"source": "stray_capture", "intake_place": "赛罕区昭乌达路", "name": "小黄", "breed": "中华田园犬",
            "sex": "female", "colour": "黄", "size": "medium", "estimated_age_months": 24,
            "temperament": "亲人，温顺", "description": "在路边被发现", "staff_notes": "左后腿旧伤",
            "photo_upload_ids": photo_ids, **fields}


def take_in(keeper, **fields) -> dict:
    response = keeper.post("/api/v1/staff/shelter/dogs", json=intake_body([staff_photo(keeper)], **fields))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def vaccinate(keeper, dog_id: str) -> None:
    today = clock.today()
    response = keeper.post(f"/api/v1/staff/shelter/dogs/{dog_id}/medical", json={
        "kind": "rabies_vaccination", "done_on": today.isoformat(), "product": "市犬只留检所",
        "certificate_no": f"SY-{dog_id[-8:]}", "expires_on": (today + timedelta(days=365)).isoformat()})
    assert response.status_code == 201, response.get_json()


def adoptable(keeper, **fields) -> dict:
    """Taken in with no quarantine left, vaccinated, and open for adoption."""
    dog = take_in(keeper, quarantine_days=0, **fields)
    vaccinate(keeper, dog["id"])
    response = keeper.post(f"/api/v1/staff/shelter/dogs/{dog['id']}/status", json={"status": "available"})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def adopter(name: str = "李四", **fields) -> dict:
    return factories.owner(name=name, **{"zone_code": "saihan-general", "address": "赛罕区大学西街5号", **fields})
