"""API.md's resident, public-tag and staff licence endpoints, walked over HTTP against a live server exactly as
the contract is written: paths, verbs, status codes and the named fields."""
import datetime as dt
import io

import requests
from PIL import Image

from tests.support.factories import id_number, jpeg_bytes

TODAY = dt.date.today()


def application_body(photo: str, owner_number: str, address: str) -> dict:
    return {
        "dog": {"name": "豆豆", "breed": "比熊", "sex": "female", "colour": "白色", "birth_date": "2021-03-15",
                "neutered": False, "photo_upload_ids": [photo]},
        "owner": {"name": "王芳", "id_number": owner_number, "phone": "13700137000", "address": address,
                  "zone_code": "yuquan-key"},
        "vaccination": {"certificate_no": "YQ-2026-88", "clinic": "玉泉区动物医院",
                        "vaccinated_on": TODAY.isoformat(),
                        "expires_on": TODAY.replace(year=TODAY.year + 1).isoformat()},
    }


class Session:
    def __init__(self, base: str, token: str | None = None) -> None:
        self.base, self.headers = base, {"Authorization": f"Bearer {token}"} if token else {}

    def call(self, method: str, path: str, **kw) -> requests.Response:
        return requests.request(method, self.base + path, headers={**self.headers, **kw.pop("headers", {})},
                                timeout=30, **kw)


def login(base: str, name: str) -> Session:
    response = requests.post(f"{base}/api/v1/auth/wx-login", json={"code": f"sandbox:{name}"}, timeout=30)
    assert response.status_code == 200
    assert set(response.json()) >= {"token", "user"} and response.json()["user"]["id"]
    return Session(base, response.json()["token"])


def assert_error(response: requests.Response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"} and error["message"]
    if code:
        assert error["code"] == code
    return error


def test_resident_staff_and_tag_walk(live_server):
    base = live_server.url
    assert requests.get(f"{base}/healthz", timeout=10).json() == {"status": "ok"}
    assert "paths" in requests.get(f"{base}/api/v1/openapi.json", timeout=10).json()
    owner, stranger = login(base, "walker-owner"), login(base, "walker-stranger")
    assert_error(requests.get(f"{base}/api/v1/licences", timeout=10), 401)

    me = owner.call("GET", "/api/v1/me").json()
    assert set(me) >= {"id", "public_account"} and me["public_account"] == {"followed": False}
    zones = requests.get(f"{base}/api/v1/zones", timeout=10).json()
    assert all(set(z) >= {"code", "name", "kind"} and z["kind"] in ("key", "general") for z in zones)

    upload = owner.call("POST", "/api/v1/uploads", files={"file": ("dog.jpg", jpeg_bytes(), "image/jpeg")})
    assert upload.status_code == 201 and "upload_id" in upload.json()
    assert_error(owner.call("POST", "/api/v1/uploads", files={"file": ("x.png", b"not an image", "image/png")}), 422)
    number = id_number(birth="19790101", region="150104", seq="515")
    body = application_body(upload.json()["upload_id"], number, "玉泉区石羊桥路18号")

    invalid = dict(body, owner=dict(body["owner"], id_number=number[:-1] + ("1" if number[-1] != "1" else "2")))
    assert "owner.id_number" in assert_error(owner.call("POST", "/api/v1/licence-applications", json=invalid),
                                             422)["details"]
    assert_error(owner.call("POST", "/api/v1/licence-applications", data="{oops",
                            headers={"Content-Type": "application/json"}), 400)
    created = owner.call("POST", "/api/v1/licence-applications", json=body)
    assert created.status_code == 201 and created.json()["status"] == "pending_review"
    application_id = created.json()["id"]
    detail = owner.call("GET", f"/api/v1/licence-applications/{application_id}").json()
    assert set(detail) >= {"id", "status", "reject_reason", "history", "order"}
    assert number not in str(detail)
    assert_error(stranger.call("GET", f"/api/v1/licence-applications/{application_id}"), 404)

    staff_login = requests.post(f"{base}/api/v1/staff/auth/login", json={"username": "reviewer",
                                                                          "password": "reviewer-demo"}, timeout=10)
    assert staff_login.status_code == 200
    reviewer = Session(base, staff_login.json()["token"])
    shelter = Session(base, requests.post(f"{base}/api/v1/staff/auth/login", timeout=10, json={
        "username": "shelter", "password": "shelter-demo"}).json()["token"])
    assert_error(shelter.call("GET", "/api/v1/staff/licence-applications?status=pending_review"), 403)
    queue = reviewer.call("GET", "/api/v1/staff/licence-applications?status=pending_review")
    assert queue.status_code == 200 and application_id in [item["id"] for item in queue.json()]
    rejected = reviewer.call("POST", f"/api/v1/staff/licence-applications/{application_id}/reject",
                             json={"reason": "照片看不清犬只面部"})
    assert rejected.status_code == 200
    assert owner.call("GET", f"/api/v1/licence-applications/{application_id}").json()["reject_reason"]
    resubmitted = owner.call("PUT", f"/api/v1/licence-applications/{application_id}", json=body)
    assert resubmitted.status_code == 200
    assert resubmitted.json()["id"] == application_id and resubmitted.json()["status"] == "pending_review"
    approved = reviewer.call("POST", f"/api/v1/staff/licence-applications/{application_id}/approve")
    assert approved.status_code == 200
    assert_error(reviewer.call("POST", f"/api/v1/staff/licence-applications/{application_id}/approve"), 409)

    # make run's demo fee schedule: the approval waits for the fee; paying it (WeChat Pay's sandbox) issues
    assert approved.json()["status"] == "awaiting_payment" and approved.json()["licence_id"] is None
    order = approved.json()["order"]
    assert set(order) >= {"id", "amount_fen", "status"} and order["amount_fen"] > 0 and order["status"] == "pending"
    assert owner.call("GET", "/api/v1/licences").json() == []
    assert_error(stranger.call("POST", f"/api/v1/orders/{order['id']}/pay", json={"channel": "wechat"}), 404)
    started = owner.call("POST", f"/api/v1/orders/{order['id']}/pay", json={"channel": "wechat"})
    assert started.status_code == 200 and set(started.json()) >= {"order", "channel", "trade_id", "params"}
    assert {"appId", "timeStamp", "nonceStr", "package", "signType", "paySign"} <= set(started.json()["params"])
    completed = requests.post(f"{base}/_sandbox/pay/complete", timeout=30,
                              json={"order_id": started.json()["trade_id"], "channel": "wechat"})
    assert completed.status_code == 200 and completed.json()["response"]["status"] == 200
    assert owner.call("GET", f"/api/v1/licence-applications/{application_id}").json()["status"] == "issued"
    assert owner.call("GET", f"/api/v1/orders/{order['id']}").json()["status"] == "paid"

    licences = owner.call("GET", "/api/v1/licences").json()
    assert len(licences) == 1 and set(licences[0]) >= {"id", "licence_no", "status", "expires_on", "dog"}
    licence = owner.call("GET", f"/api/v1/licences/{licences[0]['id']}").json()
    assert licence["status"] == "active"
    assert_error(stranger.call("GET", f"/api/v1/licences/{licence['id']}"), 404)
    png = owner.call("GET", f"/api/v1/licences/{licence['id']}/qrcode.png")
    assert png.status_code == 200 and Image.open(io.BytesIO(png.content)).format == "PNG"

    tag_path = "/t/" + licence["tag_url"].rsplit("/", 1)[1]
    page = requests.get(base + tag_path, timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    tag = requests.get(base + tag_path, headers={"Accept": "application/json"}, timeout=10).json()
    assert set(tag["dog"]) >= {"name", "breed", "colour", "photo_url"}
    assert set(tag["licence"]) >= {"status", "expires_on"} and tag["lost"] is False
    assert tag["vaccination_valid"] is True
    for private in ("王芳", "13700137000", number, "石羊桥路"):
        assert private not in page.text and private not in str(tag)

    inspection = owner.call("POST", f"/api/v1/licences/{licence['id']}/inspections",
                            json={"vaccination": body["vaccination"]})
    assert_error(inspection, 409, "renewal_not_open")

    started = owner.call("POST", f"/api/v1/licences/{licence['id']}/transfers", json={})
    assert started.status_code == 201
    assert started.json()["status"] == "awaiting_recipient" and started.json()["code"]
    recipient = {"name": "赵六", "id_number": id_number(birth="19830909", region="150105", seq="771"),
                 "phone": "13600136000", "address": "经开区如意和大街3号", "zone_code": "jingkai-general"}
    accepted = stranger.call("POST", "/api/v1/transfers/accept",
                             json={"code": started.json()["code"], "owner": recipient})
    assert accepted.status_code == 200
    assert_error(stranger.call("POST", "/api/v1/transfers/accept",
                               json={"code": started.json()["code"], "owner": recipient}), 409, "transfer_code_used")
    assert_error(owner.call("GET", f"/api/v1/licences/{licence['id']}"), 404)
    moved = stranger.call("GET", f"/api/v1/licences/{licence['id']}").json()
    assert moved["licence_no"] == licence["licence_no"]

    cancelled = stranger.call("POST", f"/api/v1/licences/{licence['id']}/cancellation",
                              json={"reason": "died", "note": "年老病故"})
    assert cancelled.status_code == 200
    tag = requests.get(base + tag_path, headers={"Accept": "application/json"}, timeout=10).json()
    assert tag["licence"]["status"] == "cancelled"

    # cancelled within PAYMENT_REFUND_ON_CANCEL_DAYS of paying: the fee goes back to whoever paid it
    refunded = owner.call("GET", f"/api/v1/orders/{order['id']}").json()
    assert refunded["refunded_fen"] == order["amount_fen"] and refunded["refunds"][0]["status"] == "success"
    notices = owner.call("GET", "/api/v1/notifications").json()
    assert [n["kind"] for n in notices][:4] == ["refunded", "refund_started", "transfer_accepted", "transfer_started"]
    assert_error(reviewer.call("POST", "/api/v1/staff/inspections/UNKNOWN/approve"), 404)
