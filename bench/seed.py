"""A MariaDB database for the benchmarks, built by the migrations and filled with realistic volumes."""
from __future__ import annotations

import os
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from stdnum.cn import ric

from tests.support import databases

BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "mysql+pymysql://root@127.0.0.1:3306/dogpass_bench")
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
SECRET = "bench-secret"
ID_KEYS = {"ID_ENCRYPTION_KEY": "YmVuY2gtb25seS1mZXJuZXQta2V5LTMyLWJ5dGVzISE=", "ID_HASH_KEY": "bench-hash-key"}


def reset_database(url: str = BENCH_DATABASE_URL) -> None:
    server_url, name = url.rsplit("/", 1)
    engine = sa.create_engine(server_url + "/")
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE DATABASE IF NOT EXISTS `{name.split('?')[0]}` CHARACTER SET utf8mb4"))
    engine.dispose()
    databases.drop_everything(url)
    databases.alembic_upgrade(url)


def server_env(url: str, upload_dir: Path, redis_url: str = "") -> dict:
    """As in production (MariaDB, and Redis for the read cache when `redis_url` is given), but with bench secrets and
    WeChat's simulator, so in development mode (production refuses both)."""
    return {"DOGPASS_ENV": "development", "DATABASE_URL": url, "SECRET_KEY": SECRET, **ID_KEYS,
            "UPLOAD_DIR": str(upload_dir), "WECHAT_SANDBOX": "0",
            "CELERY_BROKER_URL": "", "REDIS_URL": redis_url, "RATELIMIT_ENABLED": "0", "VALIDATE_RESPONSES": "0"}


def flush_redis(url: str = BENCH_REDIS_URL) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def make_app(url: str, upload_dir: Path, extra: dict | None = None):
    from wsgi import assemble

    return assemble({"DOGPASS_ENV": "development", "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, **ID_KEYS,
                      "UPLOAD_DIR": str(upload_dir), "WECHAT_SANDBOX": False, **(extra or {})})


def id_number(index: int) -> str:
    born = date(1960, 1, 1) + timedelta(days=index % 15000)
    body = f"150102{born:%Y%m%d}{index // 15000 % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


@dataclass
class LicenceData:
    reader_token: str
    tag_tokens: list[str]
    poster_token: str
    photo_id: str


def seed_licences(app, other_licences: int = 10_000, reader_licences: int = 2) -> LicenceData:
    """A resident with `reader_licences` licences among `other_licences` belonging to others."""
    from backend.accounts.models.people import User
    from backend.core.database.extensions import db
    from backend.core.security import tokens
    from backend.licensing.models.dogs import Dog, Vaccination
    from backend.licensing.models.licences import Licence
    from backend.media.uploads import save_image
    from backend.reference.catalogue import load_reference_data
    from tests.support.factories import jpeg_bytes

    rng = random.Random(7)
    with app.app_context():
        load_reference_data()
        reader, poster = User(mini_openid="bench-reader"), User(mini_openid="bench-poster")
        db.session.add_all([reader, poster])
        db.session.commit()
        owners = [reader.id] * reader_licences + [None] * other_licences
        tag_tokens = []
        for start in range(0, len(owners), 1000):
            for offset, owner in enumerate(owners[start:start + 1000]):
                index = start + offset
                user = owner or User(mini_openid=f"bench-owner-{index}")
                if owner is None:
                    db.session.add(user)
                    db.session.flush()
                dog = Dog(name=f"狗{index}", breed="柯基", breed_canonical="柯基犬", sex=rng.choice(["male", "female"]),
                          colour="黄白", birth_date=date(2020, 1, 1), neutered=True, photo_upload_ids=[])
                db.session.add(dog)
                db.session.flush()
                shot = Vaccination(dog_id=dog.id, certificate_no=f"RV{index}", clinic="诊所",
                                   vaccinated_on=date.today() - timedelta(days=30),
                                   expires_on=date.today() + timedelta(days=335))
                db.session.add(shot)
                db.session.flush()
                licence = Licence(licence_no=f"DP-BENCH-{index:06d}", tag_token=f"benchtag{index:08d}",
                                  user_id=user.id if owner is None else owner, dog_id=dog.id,
                                  vaccination_id=shot.id, status="active", issued_on=date.today(),
                                  expires_on=date.today() + timedelta(days=335))
                licence.set_owner(name="测试", id_number=id_number(index), phone="13800138000",
                                  address=f"赛罕区测试路{index}号", zone_code="saihan-general")
                db.session.add(licence)
                tag_tokens.append(licence.tag_token)
            db.session.commit()
        photo = save_image(jpeg_bytes(), user_id=poster.id)
        return LicenceData(reader_token=tokens.issue("resident", {"u": reader.id}),
                           tag_tokens=tag_tokens[reader_licences:],
                           poster_token=tokens.issue("resident", {"u": poster.id}), photo_id=photo.id)


def application_bodies(path: Path, photo_id: str, count: int, first_index: int = 500_000) -> Path:
    """`count` valid application bodies, each a different household (owner and address)."""
    import json

    today = date.today()
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            index = first_index + n
            out.write(json.dumps({
                "dog": {"name": "压测", "breed": "柴犬", "sex": "female", "colour": "赤色", "birth_date": "2021-06-01",
                        "neutered": False, "photo_upload_ids": [photo_id]},
                "owner": {"name": "压测用户", "id_number": id_number(index), "phone": "13800138000",
                          "address": f"赛罕区压测大街{index}号", "zone_code": "saihan-general"},
                "vaccination": {"certificate_no": f"B{index}", "clinic": "压测诊所",
                                "vaccinated_on": (today - timedelta(days=5)).isoformat(),
                                "expires_on": (today + timedelta(days=360)).isoformat()},
            }, ensure_ascii=False) + "\n")
    return path
