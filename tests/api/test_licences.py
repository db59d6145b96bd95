"""Reading licences, the QR code and the public tag page (which never shows owner data)."""
import io

from PIL import Image

from backend.media import qr
from tests.support import factories


def tag_token(licence: dict) -> str:
    return licence["tag_url"].rsplit("/", 1)[1]


def test_list_and_detail(resident, licensed):
    alice = resident("alice")
    licence = licensed(alice)
    listed = alice.get("/api/v1/licences").get_json()
    assert [item["id"] for item in listed] == [licence["id"]]
    assert set(listed[0]) >= {"id", "licence_no", "status", "expires_on", "dog"}
    assert licence["status"] == "active" and licence["valid"] is True
    assert licence["renewal"]["open"] is False and licence["renewal"]["overdue"] is False


def test_another_residents_licence_is_404_everywhere(resident, licensed):
    licence = licensed(resident("alice"))
    bob = resident("bob")
    for response in (bob.get(f"/api/v1/licences/{licence['id']}"),
                     bob.get(f"/api/v1/licences/{licence['id']}/qrcode.png"),
                     bob.post(f"/api/v1/licences/{licence['id']}/transfers", json={}),
                     bob.post(f"/api/v1/licences/{licence['id']}/cancellation", json={"reason": "died"}),
                     bob.post(f"/api/v1/licences/{licence['id']}/inspections",
                              json={"vaccination": factories.vaccination()})):
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "licence_not_found"
    assert bob.get("/api/v1/licences").get_json() == []


def test_qr_code_is_a_png_of_the_public_tag_url(resident, licensed, app):
    alice = resident("alice")
    licence = licensed(alice)
    response = alice.get(f"/api/v1/licences/{licence['id']}/qrcode.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert image.format == "PNG" and image.size[0] > 100
    with app.app_context():
        assert response.data == qr.png(licence["tag_url"])  # the same payload encodes to the same symbol


def test_tag_page_json_shows_the_dog_and_nothing_of_the_owner(resident, licensed, client):
    alice = resident("alice")
    body = factories.application([alice.upload_photo()])
    licence = licensed(alice)
    response = client.get(f"/t/{tag_token(licence)}", headers={"Accept": "application/json"})
    assert response.status_code == 200
    data = response.get_json()
    assert data == {"dog": {"name": "旺财", "breed": "柯基", "colour": "黄白",
                            "photo_url": f"/t/{tag_token(licence)}/photo"},
                    "licence": {"status": "active", "expires_on": licence["expires_on"], "valid": True},
                    "vaccination_valid": True, "lost": False}
    text = response.get_data(as_text=True)
    for private in (body["owner"]["name"], body["owner"]["phone"], body["owner"]["id_number"][:6],
                    body["owner"]["address"][:5]):
        assert private not in text
    photo = client.get(data["dog"]["photo_url"])
    assert photo.status_code == 200 and photo.mimetype == "image/png"


def test_tag_page_html_for_a_browser(resident, licensed, client):
    licence = licensed(resident("alice"))
    response = client.get(f"/t/{tag_token(licence)}", headers={"Accept": "text/html,application/xhtml+xml,*/*"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "旺财" in html and "有效" in html and "张三" not in html and "13800138000" not in html


def test_unknown_tag(client):
    as_json = client.get("/t/no-such-tag", headers={"Accept": "application/json"})
    assert as_json.status_code == 404 and as_json.get_json()["error"]["code"] == "tag_not_found"
    as_html = client.get("/t/no-such-tag", headers={"Accept": "text/html"})
    assert as_html.status_code == 404 and "未找到该犬牌" in as_html.get_data(as_text=True)
