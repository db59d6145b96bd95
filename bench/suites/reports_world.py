"""The seeded world of the reports benchmark: random but plausible lost, found and stray reports around the map
centre, bulk-inserted, and new reports made the same way."""
from __future__ import annotations

import json
import math
import random
from datetime import timedelta

import sqlalchemy as sa

USERS = 3_000
LOST = 50_000
FOUND = 50_000
STRAYS = 100_000
REPORT_DAYS = 180
STRAY_DAYS = 365
AREA_KM = 80
CITY_SHARE, CITY_SIGMA_KM = 0.7, 3.0
BATCH = 5_000

# (canonical name, weight): what residents of a northern Chinese city keep, and "" for a breed nobody could tell.
BREEDS = [("中华田园犬", 16), ("贵宾犬", 10), ("混血犬", 9), ("柯基犬", 6), ("金毛寻回犬", 6), ("拉布拉多寻回犬", 5),
          ("哈士奇", 5), ("萨摩耶犬", 5), ("比熊犬", 5), ("博美犬", 4), ("边境牧羊犬", 4), ("柴犬", 4),
          ("法国斗牛犬", 3), ("雪纳瑞犬", 3), ("德国牧羊犬", 3), ("阿拉斯加雪橇犬", 3), ("吉娃娃", 2), ("约克夏梗", 2),
          ("巴哥犬", 2), ("马尔济斯犬", 2), ("", 6)]
COLOURS = [("黄", 14), ("黑白", 10), ("白", 14), ("棕", 8), ("黄白花", 8), ("灰", 5), ("黑", 10), ("奶白", 6),
           ("金黄", 6), ("黑棕", 4), ("红棕", 3), ("银灰", 2)]
NAMES = ["旺财", "豆豆", "小白", "球球", "可乐", "花花", "乐乐", "大黄", "毛毛", "点点", "布丁", "多多", "黑子", "妞妞"]
PLACES = ["小区门口", "公园东门", "菜市场旁", "学校附近", "地铁站口", "超市后面", "河边步道", "加油站"]


class World:
    """Random but plausible reports around the map centre, made the same way for the seed and the new reports."""

    def __init__(self, rng: random.Random, centre: tuple[float, float]):
        from backend.reference.catalogue import DATA_DIR
        from backend.reference.geo import Point

        breeds = json.loads((DATA_DIR / "breeds.json").read_text(encoding="utf-8"))["breeds"]
        districts = json.loads((DATA_DIR / "districts.json").read_text(encoding="utf-8"))["districts"]
        self.sizes = {b["name"]: b["size"] for b in breeds}
        self.rng = rng
        self.centre = centre
        self.districts = [Point(d["lat"], d["lng"]) for d in districts]
        self.users: list[str] = []
        self.tags: list[str] = []  # tag tokens and chip numbers of seeded lost reports
        self.chips: list[str] = []
        self.now = None

    # -- places and times ---------------------------------------------------------------------------------------

    def place(self) -> tuple[int, int]:
        from backend.reference import geo

        rng, half = self.rng, AREA_KM / 2
        while True:
            if rng.random() < CITY_SHARE:
                centre = rng.choice(self.districts)
                north, east = rng.gauss(0, CITY_SIGMA_KM), rng.gauss(0, CITY_SIGMA_KM)
                lat, lng = centre.lat, centre.lng
            else:
                north, east = rng.uniform(-half, half), rng.uniform(-half, half)
                lat, lng = self.centre
            lat += north / geo.KM_PER_DEGREE_LAT
            km_per_degree_lng = geo.KM_PER_DEGREE_LAT * math.cos(math.radians(lat))
            lng += east / km_per_degree_lng
            inside = (abs(lat - self.centre[0]) * geo.KM_PER_DEGREE_LAT <= half
                      and abs(lng - self.centre[1]) * km_per_degree_lng <= half)
            if inside:  # the city's part of a far-out Gaussian draw may fall outside the square: draw again
                return round(lat * geo.E6), round(lng * geo.E6)

    def ago(self, days: float):
        return self.now - timedelta(seconds=self.rng.uniform(0, days * 86400))

    # -- the dog ------------------------------------------------------------------------------------------------

    def dog(self, finder: bool) -> dict:
        """What an owner (finder=False) or a finder says about the dog: finders often cannot tell breed or sex."""
        from backend.reports.matching_rules import colour_bits

        rng = self.rng
        breed = rng.choices([b for b, _ in BREEDS], [w for _, w in BREEDS])[0]
        if finder and rng.random() < 0.3:
            breed = ""
        sex = rng.choice(["male", "female"])
        if finder and rng.random() < 0.3:
            sex = "unknown"
        size = self.sizes.get(breed) or rng.choice(["small", "medium", "large"])
        if finder and rng.random() < 0.1:
            size = "unknown"
        colour = rng.choices([c for c, _ in COLOURS], [w for _, w in COLOURS])[0]
        if finder and rng.random() < 0.05:
            colour = ""
        lat_e6, lng_e6 = self.place()
        # Bulk inserts bypass the model, which writes colour_bits with the colour: written here as the app would.
        return {"dog_name": "" if finder else rng.choice(NAMES), "breed": breed, "breed_canonical": breed,
                "sex": sex, "colour": colour, "colour_bits": colour_bits(colour), "size": size,
                "description": f"{colour}色，{sex}",
                "photo_upload_ids": [], "tag_token": None, "chip_no": None, "lat_e6": lat_e6, "lng_e6": lng_e6,
                "address": rng.choice(PLACES)}

    def lost(self, lost_at) -> dict:
        from backend.core.ids import new_id

        rng, dog = self.rng, self.dog(finder=False)
        if rng.random() < 0.25:  # a licensed dog: its tag token
            dog["tag_token"] = f"bt{rng.getrandbits(64):016x}"
        if rng.random() < 0.15:
            dog["chip_no"] = f"156{rng.randrange(10**12):012d}"
        return {"id": new_id(), "user_id": rng.choice(self.users), "licence_id": None, "status": "open",
                "lost_at": lost_at, "note": "", "content_flagged": False, "closed_at": None, "close_note": "",
                "created_at": lost_at, "updated_at": lost_at, **dog}

    def found(self, found_at) -> dict:
        from backend.core.ids import new_id

        rng, dog = self.rng, self.dog(finder=True)
        shelter = rng.random() < 0.1
        if shelter and rng.random() < 0.3:  # an intake with no place on record
            dog["lat_e6"] = dog["lng_e6"] = None
        if self.tags and rng.random() < 0.03:  # the finder read the tag of a lost dog
            dog["tag_token"] = rng.choice(self.tags)
        if shelter and self.chips and rng.random() < 0.1:  # the shelter scanned a chip
            dog["chip_no"] = rng.choice(self.chips)
        return {"id": new_id(), "source": "shelter" if shelter else "public",
                "user_id": None if shelter else rng.choice(self.users), "shelter_dog_id": None, "status": "open",
                "found_at": found_at, "message": "", "content_flagged": False, "closed_at": None,
                "created_at": found_at, "updated_at": found_at, **dog}

    # -- the seed -----------------------------------------------------------------------------------------------

    def seed(self) -> None:
        from backend.accounts.models.people import User
        from backend.core import clock
        from backend.reports.models.reports import FoundReport, LostReport

        self.now = clock.now()
        self.users = self._insert(User, ({"id": _id(), "mini_openid": f"bench-report-{n}", "created_at": self.now,
                                          "updated_at": self.now} for n in range(USERS)))
        lost = [self.lost(self.ago(REPORT_DAYS)) for _ in range(LOST)]
        self.tags = [r["tag_token"] for r in lost if r["tag_token"]]
        self.chips = [r["chip_no"] for r in lost if r["chip_no"]]
        self._insert(LostReport, lost)
        self._insert(FoundReport, (self.found(self.ago(REPORT_DAYS)) for _ in range(FOUND)))
        self._insert_strays()

    def _insert_strays(self) -> None:
        from backend.reference import geo, places
        from backend.reports.models.strays import StrayReport

        rng, made = self.rng, []
        for at in sorted(self.ago(STRAY_DAYS) for _ in range(STRAYS)):
            original = None
            if made and rng.random() < 0.15:  # a second sighting of a recent report, close by
                original = rng.choice(made[-200:])
            if original:
                lat_e6 = original["lat_e6"] + rng.randint(-1500, 1500)
                lng_e6 = original["lng_e6"] + rng.randint(-2000, 2000)
            else:
                lat_e6, lng_e6 = self.place()
            age_days = (self.now - at).total_seconds() / 86400
            status, resolved_at, captured = "duplicate", None, 0
            if not original:
                if age_days < 3 and rng.random() < 0.6:
                    status = rng.choice(["received", "dispatched"])
                else:
                    status = rng.choices(["captured", "not_found"], [60, 40])[0]
                    resolved_at = min(self.now, at + timedelta(hours=rng.uniform(1, 72)))
                    captured = rng.choices([1, 2, 3, 4], [70, 18, 8, 4])[0] if status == "captured" else 0
            row = {"id": _id(), "user_id": rng.choice(self.users), "status": status, "reported_at": at,
                   "lat_e6": lat_e6, "lng_e6": lng_e6, "address": rng.choice(PLACES),
                   "district": places.district_of(geo.Point.from_e6(lat_e6, lng_e6)),
                   "count": rng.choices([1, 2, 3, 5], [70, 18, 8, 4])[0], "description": "流浪狗",
                   "photo_upload_ids": [], "aggressive": rng.random() < 0.1, "injured": rng.random() < 0.05,
                   "content_flagged": False, "duplicate_of_id": original["id"] if original else None,
                   "team": "捕捉一队" if status in ("dispatched", "captured", "not_found") else None,
                   "dispatched_at": at + timedelta(minutes=30) if status in ("dispatched", "captured") else None,
                   "resolved_at": resolved_at, "captured_count": captured, "resolve_note": "",
                   "created_at": at, "updated_at": resolved_at or at}
            made.append(row)
        self._insert(StrayReport, made)

    @staticmethod
    def _insert(model, rows) -> list[str]:
        """executemany of dicts, BATCH rows per statement; returns the ids."""
        from backend.core.database.extensions import db

        ids, batch = [], []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                db.session.execute(sa.insert(model.__table__), batch)
                ids += [r["id"] for r in batch]
                batch = []
        if batch:
            db.session.execute(sa.insert(model.__table__), batch)
            ids += [r["id"] for r in batch]
        db.session.commit()
        return ids

    # -- new reports --------------------------------------------------------------------------------------------

    def new_found(self):
        """A found report made now: finders report within the day; one in ten is a shelter intake."""
        from backend.reports.models.reports import FoundReport

        return FoundReport(**self.found(self.ago(1)))

    def new_lost(self):
        """A lost report made now: most owners report within two days, some after a week or two of searching."""
        from backend.reports.models.reports import LostReport

        days = self.rng.choices([2, 14, 60], [70, 25, 5])[0]
        return LostReport(**self.lost(self.ago(days)))


def _id() -> str:
    from backend.core.ids import new_id

    return new_id()
