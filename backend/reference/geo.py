"""Places on the map: coordinates kept as integer micro-degrees (exact, indexable, groupable into grid cells),
distances on the sphere, and the bounding boxes that narrow a search before distances are computed."""
from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = 111.32
E6 = 1_000_000


@dataclass(frozen=True)
class Point:
    lat: float
    lng: float

    @classmethod
    def from_e6(cls, lat_e6: int, lng_e6: int) -> Point:
        return cls(lat_e6 / E6, lng_e6 / E6)

    @property
    def lat_e6(self) -> int:
        return round(self.lat * E6)

    @property
    def lng_e6(self) -> int:
        return round(self.lng * E6)


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance (haversine)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlng = lat2 - lat1, math.radians(b.lng - a.lng)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlng / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Box:
    """A lat/lng rectangle in micro-degrees that contains every point within `km` of the centre."""
    lat_min: int
    lat_max: int
    lng_min: int
    lng_max: int


def box_around(centre: Point, km: float) -> Box:
    dlat = km / KM_PER_DEGREE_LAT
    # Near the poles a degree of longitude shrinks to nothing: cap so the box stays finite.
    dlng = km / (KM_PER_DEGREE_LAT * max(math.cos(math.radians(centre.lat)), 0.01))
    return Box(round((centre.lat - dlat) * E6), round((centre.lat + dlat) * E6),
               round((centre.lng - dlng) * E6), round((centre.lng + dlng) * E6))


def cell_steps(cell_m: int, at_lat: float) -> tuple[int, int]:
    """Grid steps in micro-degrees for square-ish cells of `cell_m` metres around latitude `at_lat`."""
    lat_step = cell_m / 1000 / KM_PER_DEGREE_LAT * E6
    lng_step = lat_step / max(math.cos(math.radians(at_lat)), 0.01)
    return max(1, round(lat_step)), max(1, round(lng_step))
