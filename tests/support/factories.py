"""Valid test data: ID numbers with correct check digits, real images, complete application bodies."""
from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from backend.core import clock

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def id_number(birth: str = "19900307", region: str = "150102", seq: str = "123") -> str:
    """A mainland resident ID number with a valid check digit (GB 11643)."""
    body = region + birth + seq
    total = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True))
    return body + CHECK[total % 11]


def bad_checksum(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


def png_bytes(size: tuple[int, int] = (64, 48), colour: str = "saddlebrown") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "black").save(buffer, format="JPEG")
    return buffer.getvalue()


def vaccination(days_ago: int = 10, valid_days: int = 365, certificate_no: str = "HH-RV-0001") -> dict:
    today = clock.today()
    return {"certificate_no": certificate_no, "clinic": "呼和浩特市动物疫病预防控制中心",
            "vaccinated_on": (today - timedelta(days=days_ago)).isoformat(),
            "expires_on": (today - timedelta(days=days_ago) + timedelta(days=valid_days)).isoformat()}


def owner(name: str = "张三", number: str | None = None, address: str = "新城区海拉尔东街1号院2单元301",
          zone_code: str = "xincheng-key", phone: str = "13800138000") -> dict:
    return {"name": name, "id_number": number or id_number(), "phone": phone, "address": address,
            "zone_code": zone_code}


def dog(photo_ids: list[str], name: str = "旺财", breed: str = "柯基", sex: str = "male", **extra) -> dict:
    return {"name": name, "breed": breed, "sex": sex, "colour": "黄白", "birth_date": date(2022, 5, 1).isoformat(),
            "neutered": True, "photo_upload_ids": photo_ids, **extra}


def application(photo_ids: list[str], *, dog_fields: dict | None = None, owner_fields: dict | None = None,
                vaccination_fields: dict | None = None) -> dict:
    return {"dog": dog(photo_ids, **(dog_fields or {})), "owner": owner(**(owner_fields or {})),
            "vaccination": vaccination(**(vaccination_fields or {}))}
