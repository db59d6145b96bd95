import io

from PIL import Image

from tests.support import factories


def post_file(who, data: bytes, name: str = "dog.png"):
    return who.client.post("/api/v1/uploads", headers={"Authorization": f"Bearer {who.token}"},
                           data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_png_and_jpeg_are_accepted_and_readable_by_their_owner(resident):
    alice = resident("alice")
    for data, content_type in ((factories.png_bytes(), "image/png"), (factories.jpeg_bytes(), "image/jpeg")):
        response = post_file(alice, data)
        assert response.status_code == 201
        body = response.get_json()
        assert body["content_type"] == content_type and body["width"] == 64
        back = alice.get(f"/api/v1/uploads/{body['upload_id']}")
        # stored re-encoded (tests/api/test_upload_privacy.py): the same picture, not the same bytes
        assert back.status_code == 200 and back.mimetype == content_type and len(back.data) == body["size_bytes"]
        original, stored = (Image.open(io.BytesIO(d)).convert("RGB") for d in (data, back.data))
        assert stored.size == original.size and stored.getpixel((10, 10)) == original.getpixel((10, 10))


def test_content_is_checked_not_the_file_name(resident):
    alice = resident("alice")
    for data in (b"just text pretending to be a picture", b"GIF89a" + b"\x00" * 64, factories.png_bytes()[:60]):
        response = post_file(alice, data, "photo.png")
        assert response.status_code == 422
        assert response.get_json()["error"]["code"] == "file_not_image"


def test_files_over_the_limit_are_refused(resident, app):
    alice = resident("alice")
    too_big = factories.png_bytes() + b"\x00" * app.config["MAX_UPLOAD_BYTES"]
    response = post_file(alice, too_big)
    assert response.status_code in (413, 422)
    assert response.get_json()["error"]["code"] in ("file_too_large", "payload_too_large")


def test_missing_file_field(resident):
    alice = resident("alice")
    response = alice.client.post("/api/v1/uploads", headers={"Authorization": f"Bearer {alice.token}"},
                                 data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "file_missing"


def test_another_residents_upload_is_invisible_and_unusable(resident):
    alice, bob = resident("alice"), resident("bob")
    photo = alice.upload_photo()
    assert bob.get(f"/api/v1/uploads/{photo}").status_code == 404
    body = factories.application([photo], owner_fields={"number": factories.id_number(seq="777")})
    response = bob.post("/api/v1/licence-applications", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "unknown_upload"
    assert "dog.photo_upload_ids" in response.get_json()["error"]["details"]
