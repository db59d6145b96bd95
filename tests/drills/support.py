"""What the drills set up and count: residents, photos, application bodies, and the state of what was written."""
from __future__ import annotations

import http.client
import itertools
import json
import random
import uuid
from datetime import date, timedelta

import sqlalchemy as sa

from bench.seed import id_number
from tests.support.factories import png_bytes

PAGE = "pages/application/detail?id="  # the notice of a received application opens it
_households = itertools.count(random.Random().randrange(100_000, 900_000) * 10)


def make_residents(app, prefix: str, count: int, follower: bool = True) -> list[tuple[str, str]]:
    """`count` residents written straight to the database (as many as a rush needs, without 2,000 logins), each
    with a token; followers of the public account get template messages. Returns (user id, token) pairs."""
    from backend.accounts.models.people import User
    from backend.core import clock
    from backend.core.database.extensions import db
    from backend.core.ids import new_id
    from backend.core.security import tokens

    now = clock.now()
    tag = uuid.uuid4().hex[:6]
    users = [{"id": new_id(), "mini_openid": f"{prefix}-{tag}-{n}", "created_at": now, "updated_at": now,
              **({"mp_openid": f"sbx-mp-{prefix}-{tag}-{n}", "mp_followed": True} if follower else {})}
             for n in range(count)]
    with app.app_context():
        db.session.execute(sa.insert(User.__table__), users)
        db.session.commit()
        pairs = [(user["id"], tokens.issue("resident", {"u": user["id"]})) for user in users]
        db.session.remove()
    return pairs


def upload_photo(port: int, token: str) -> str:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dog.png\"\r\n"
            "Content-Type: image/png\r\n\r\n").encode() + png_bytes() + f"\r\n--{boundary}--\r\n".encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/api/v1/uploads", body=body, headers={
        "Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
    response = connection.getresponse()
    data = json.loads(response.read())
    connection.close()
    assert response.status == 201, data
    return data["upload_id"]


def application_body(photo_id: str, chip: str) -> dict:
    """A valid application of a household of its own (owner and address), its dog known by `chip`."""
    index = next(_households)
    today = date.today()
    return {"dog": {"name": "演练", "breed": "柴犬", "sex": "female", "colour": "赤色", "birth_date": "2021-06-01",
                    "neutered": False, "chip_no": chip, "photo_upload_ids": [photo_id]},
            "owner": {"name": "演练用户", "id_number": id_number(index), "phone": "13800138000",
                      "address": f"赛罕区演练大街{index}号", "zone_code": "saihan-general"},
            "vaccination": {"certificate_no": f"D{chip}", "clinic": "演练诊所",
                            "vaccinated_on": (today - timedelta(days=5)).isoformat(),
                            "expires_on": (today + timedelta(days=360)).isoformat()}}


def application_states(app, chips: set[str]) -> dict[str, str]:
    """Each chip's application as the database holds it: complete (the application, its round, the submission in
    the audit trail, its photo attached, the resident's notice), absent (nothing of it), or what is missing."""
    from backend.audit.models import StatusChange
    from backend.core.database.extensions import db
    from backend.licensing.models.applications import ApplicationRound, LicenceApplication
    from backend.media.models import UploadAttachment
    from backend.notices.models import Notice

    states = {chip: "absent" for chip in chips}
    with app.app_context():
        rows = db.session.execute(db.select(LicenceApplication.id, LicenceApplication.chip_no)
                                  .where(LicenceApplication.chip_no.in_(chips))).all()
        ids = [row.id for row in rows]
        rounds = dict(db.session.execute(db.select(ApplicationRound.application_id, db.func.count())
                                         .where(ApplicationRound.application_id.in_(ids))
                                         .group_by(ApplicationRound.application_id)).all())
        audited = set(db.session.scalars(db.select(StatusChange.entity_id).where(
            StatusChange.entity_type == "application", StatusChange.action == "submitted",
            StatusChange.entity_id.in_(ids))))
        attached = set(db.session.scalars(db.select(UploadAttachment.record_id).where(
            UploadAttachment.record_id.in_(ids))))
        noticed = set(db.session.scalars(db.select(Notice.page).where(
            Notice.kind == "application_received", Notice.page.in_([f"{PAGE}{i}" for i in ids]))))
        db.session.remove()
    for row in rows:
        missing = [part for part, present in (("round", rounds.get(row.id) == 1), ("audit", row.id in audited),
                                              ("photo attachment", row.id in attached),
                                              ("notice", f"{PAGE}{row.id}" in noticed)) if not present]
        states[row.chip_no] = "complete" if not missing else "PARTIAL: no " + ", ".join(missing)
    return states
