"""Places residents send: checked against the city's service area, and placed in a district."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import current_app

from backend.core.errors import ValidationFailed
from backend.reference import geo

DISTRICTS_FILE = Path(__file__).resolve().parents[1] / "data" / "districts.json"


def checked_point(location, field: str = "location") -> geo.Point:
    """A validated LocationInput as a Point; refused when the city set a service area and it lies outside."""
    point = geo.Point(location.lat, location.lng)
    area = current_app.config.get("SERVICE_AREA")
    if area:
        lat_min, lng_min, lat_max, lng_max = area
        if not (lat_min <= point.lat <= lat_max and lng_min <= point.lng <= lng_max):
            raise ValidationFailed("位置不在本市服务范围内", code="location_out_of_area",
                                   details={field: "请选择本市范围内的地点"})
    return point


@cache
def _districts() -> tuple[float, tuple[tuple[str, geo.Point], ...]]:
    data = json.loads(DISTRICTS_FILE.read_text(encoding="utf-8"))
    return data["max_km"], tuple((d["name"], geo.Point(d["lat"], d["lng"])) for d in data["districts"])


def district_names() -> list[str]:
    return [name for name, _ in _districts()[1]]


def district_of(point: geo.Point) -> str:
    """The nearest district centre within the file's max_km, else "" (outside the districts we know)."""
    max_km, centres = _districts()
    best = min(((geo.distance_km(point, centre), name) for name, centre in centres), default=None)
    return best[1] if best and best[0] <= max_km else ""
