"""Photos carry no location: a phone photo with GPS in its EXIF (and a PNG with text chunks and XMP) uploaded by a
resident or the shelter comes out of every door without it: the stored file, the owner's read, the reviewer's, the
public tag page, the lost board, the finder's read, the shelter listing. Orientation is applied, not lost."""
import io
from pathlib import Path

import pytest
from PIL import Image

from backend.core import clock
from tests.support import factories
from tests.support import images as attack
from tests.support import shelter as sh

SPOT = {"lat": 40.842, "lng": 111.749, "address": "新华广场东门"}


def post_file(who, data: bytes, name: str, url: str = "/api/v1/uploads"):
    return who.client.post(url, headers={"Authorization": f"Bearer {who.token}"},
                           data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def upload(who, data: bytes, name: str = "IMG_0001.JPG", url: str = "/api/v1/uploads") -> dict:
    response = post_file(who, data, name, url)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def stored(app, upload_id: str) -> tuple[bytes, dict]:
    """The file on disk and the row that describes it."""
    import hashlib

    from backend.core.database.extensions import db
    from backend.media.models import Upload
    from backend.media.uploads import stored_path

    with app.app_context():
        row = db.session.get(Upload, upload_id)
        data = stored_path(row.storage_key).read_bytes()
        facts = {"sha256": row.sha256, "size_bytes": row.size_bytes, "width": row.width, "height": row.height,
                 "reencoded": row.reencoded, "digest_of_file": hashlib.sha256(data).hexdigest()}
        db.session.remove()
    return data, facts


def served(response) -> bytes:
    assert response.status_code == 200, response.get_data(as_text=True)[:200]
    return response.data


def test_the_attack_images_do_carry_gps_and_text():
    """The inputs are what the tests claim: otherwise every test below would pass for nothing."""
    jpeg = Image.open(io.BytesIO(attack.gps_jpeg(orientation=6)))
    assert jpeg.getexif().get_ifd(attack.GPS_IFD)[2] == (40.0, 50.0, 31.2)
    assert jpeg.getexif()[attack.EXIF_ORIENTATION] == 6 and "icc_profile" in jpeg.info and "xmp" in jpeg.info
    png_data = attack.tagged_png()
    png = Image.open(io.BytesIO(png_data))
    assert png.getexif().get_ifd(attack.GPS_IFD) and "XML:com.adobe.xmp" in png.info
    assert {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP", b"tIME"} <= set(attack.png_chunk_types(png_data))


def test_a_gps_photo_leaves_no_location_in_the_store_nor_anywhere_it_is_served(app, client, resident, staff):
    owner = resident("owner")
    body = upload(owner, attack.gps_jpeg(orientation=6))
    photo = body["upload_id"]
    data, facts = stored(app, photo)
    attack.assert_upright(attack.assert_no_metadata(data))
    # the row and the answer describe the stored bytes
    assert facts["reencoded"] and facts["sha256"] == facts["digest_of_file"] and facts["size_bytes"] == len(data)
    assert (facts["width"], facts["height"]) == (body["width"], body["height"]) == (30, 60)
    assert body["size_bytes"] == len(data) and body["content_type"] == "image/jpeg"

    doors = [owner.get(f"/api/v1/uploads/{photo}")]
    application = owner.post("/api/v1/licence-applications", json=factories.application([photo]))
    assert application.status_code == 201, application.get_json()
    reviewer = staff("reviewer")
    detail = reviewer.get(f"/api/v1/staff/licence-applications/{application.get_json()['id']}").get_json()
    doors.append(reviewer.get(detail["photo_urls"][0]))
    approved = reviewer.post(f"/api/v1/staff/licence-applications/{application.get_json()['id']}/approve")
    licence = owner.get(f"/api/v1/licences/{approved.get_json()['licence_id']}").get_json()
    tag = licence["tag_url"].rsplit("/", 1)[1]
    public = client.get(f"/t/{tag}", headers={"Accept": "application/json"}).get_json()
    doors.append(client.get(public["dog"]["photo_url"]))
    lost = owner.post("/api/v1/lost-reports",
                      json={"licence_id": licence["id"], "lost_at": clock.isoformat(clock.now()), "location": SPOT})
    assert lost.status_code == 201, lost.get_json()
    doors.append(client.get(lost.get_json()["dog"]["photo_urls"][0]))  # the public lost board
    for door in doors:
        attack.assert_upright(attack.assert_no_metadata(served(door)))
        assert served(door) == data


def test_a_tagged_png_stays_png_without_text_chunks_xmp_or_exif(app, resident):
    finder = resident("finder")
    body = upload(finder, attack.tagged_png(orientation=6), "screenshot.png")
    assert body["content_type"] == "image/png"
    found = finder.post("/api/v1/found-reports", json={
        "dog": {"breed": "", "sex": "male", "colour": "黄", "size": "medium", "description": "很亲人"},
        "found_at": clock.isoformat(clock.now()), "location": SPOT,
        "photo_upload_ids": [body["upload_id"]], "message": "在小区门口"})
    assert found.status_code == 201, found.get_json()
    data, _ = stored(app, body["upload_id"])
    for image_data in (data, served(finder.get(found.get_json()["dog"]["photo_urls"][0]))):
        image = attack.assert_no_metadata(image_data)
        assert image.format == "PNG"
        attack.assert_upright(image)
        assert image.convert("RGB").getpixel((15, 30)) == (220, 30, 30)  # lossless: the very same pixels


def test_the_shelters_photos_are_cleaned_too_and_the_listing_serves_them_clean(client, staff):
    keeper = staff("shelter")
    photo = upload(keeper, attack.gps_jpeg(), url="/api/v1/staff/uploads")["upload_id"]
    dog = sh.take_in(keeper, quarantine_days=0)
    patched = keeper.client.patch(f"/api/v1/staff/shelter/dogs/{dog['id']}", json={"photo_upload_ids": [photo]},
                                  headers={"Authorization": f"Bearer {keeper.token}"})
    assert patched.status_code == 200, patched.get_json()
    sh.vaccinate(keeper, dog["id"])
    assert keeper.post(f"/api/v1/staff/shelter/dogs/{dog['id']}/status", json={"status": "available"}).status_code \
        == 200
    listed = client.get(f"/api/v1/shelter/dogs/{dog['id']}").get_json()
    image = attack.assert_no_metadata(served(client.get(listed["photo_urls"][0])))
    assert image.size == (60, 30)  # no orientation flag: as taken
    attack.assert_no_metadata(served(keeper.get(patched.get_json()["photo_urls"][0])))


@pytest.mark.parametrize("orientation, band", [(3, "right"), (6, "top"), (8, "bottom")])
def test_a_turned_camera_gives_an_upright_photo(resident, orientation, band):
    alice = resident("alice")
    body = upload(alice, attack.gps_jpeg(orientation=orientation))
    image = attack.assert_no_metadata(served(alice.get(f"/api/v1/uploads/{body['upload_id']}"))).convert("RGB")
    width, height = image.size
    assert (body["width"], body["height"]) == (width, height) == ((60, 30) if orientation == 3 else (30, 60))
    probe = {"right": (width - 3, height // 2), "top": (width // 2, 2), "bottom": (width // 2, height - 3)}[band]
    assert image.getpixel(probe)[2] > 150, (probe, image.getpixel(probe))  # the blue band went where it belongs


def test_a_cmyk_jpeg_becomes_rgb_and_a_bomb_is_still_refused(resident):
    alice = resident("alice")
    buffer = io.BytesIO()
    Image.new("CMYK", (40, 20), (0, 255, 255, 0)).save(buffer, "JPEG")
    body = upload(alice, buffer.getvalue())
    image = Image.open(io.BytesIO(served(alice.get(f"/api/v1/uploads/{body['upload_id']}"))))
    assert image.mode == "RGB" and image.getpixel((20, 10))[0] > 200
    bomb = io.BytesIO()
    Image.new("1", (8000, 6000)).save(bomb, "PNG")  # 48 million pixels in a few kilobytes
    assert len(bomb.getvalue()) < 100_000
    refused = post_file(alice, bomb.getvalue(), "bomb.png")
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "file_not_image"


def _legacy_upload(app, user_id: str, data: bytes, name: str) -> str:
    """An upload as stored before re-encoding: the posted bytes, GPS and all."""
    import hashlib

    from backend.core.database.extensions import db
    from backend.media.models import Upload
    from backend.media.uploads import stored_path

    with app.app_context():
        upload = Upload(user_id=user_id, content_type="image/jpeg", size_bytes=len(data), width=60, height=30,
                        sha256=hashlib.sha256(data).hexdigest(), storage_key=f"legacy/{name}", reencoded=False)
        stored_path(upload.storage_key).parent.mkdir(parents=True, exist_ok=True)
        stored_path(upload.storage_key).write_bytes(data)
        db.session.add(upload)
        db.session.commit()
        upload_id = upload.id
        db.session.remove()
    return upload_id


def test_photos_stored_before_the_change_are_cleaned_by_the_cli_and_the_hourly_job(app, resident):
    from backend.core.database.extensions import db
    from backend.media import tasks as jobs
    from backend.media.models import Upload
    from backend.media.uploads import stored_path

    alice = resident("alice")
    old = _legacy_upload(app, alice.user_id, attack.gps_jpeg(orientation=6), "a.jpg")
    other = _legacy_upload(app, alice.user_id, attack.gps_jpeg(), "b.jpg")
    gone = _legacy_upload(app, alice.user_id, attack.gps_jpeg(), "c.jpg")
    with app.app_context():
        stored_path("legacy/c.jpg").unlink()
    assert Image.open(io.BytesIO(served(alice.get(f"/api/v1/uploads/{old}")))).getexif().get_ifd(attack.GPS_IFD)

    output = app.test_cli_runner().invoke(args=["uploads", "reencode", "--limit", "1"]).output
    assert "re-encoded 1 upload(s)" in output
    data, facts = stored(app, old)
    attack.assert_upright(attack.assert_no_metadata(data))
    assert facts["reencoded"] and facts["sha256"] == facts["digest_of_file"] and (facts["width"], facts["height"]) \
        == (30, 60)
    assert not Path(app.config["UPLOAD_DIR"], "legacy/a.jpg").exists()  # the old file went after the commit
    assert served(alice.get(f"/api/v1/uploads/{old}")) == data

    with app.app_context():
        result = jobs.upload_upkeep()  # the hourly job takes the rest, a batch at a time
    assert (result["reencoded"], result["missing"]) == (1, 1)
    attack.assert_no_metadata(stored(app, other)[0])
    output = app.test_cli_runner().invoke(args=["uploads", "reencode"]).output
    assert "re-encoded 0 upload(s); 1 file(s) missing" in output  # nothing is re-encoded twice
    with app.app_context():
        assert db.session.get(Upload, gone).reencoded is False  # left as it was, for somebody to look at
        db.session.remove()
