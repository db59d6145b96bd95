"""Bad input is a 4xx with a Chinese message and a machine code, never a 500: the requests the schemathesis run
(tests/fuzz) found answered with 500, or accepted although the document forbids them, each sent on purpose."""
import io

import pytest

from backend.core.inputs import MAX_OFFSET


def error_of(response) -> dict:
    return response.get_json()["error"]


@pytest.mark.parametrize("path", ["/api/v1/shelter/dogs", "/api/v1/staff/shelter/dogs"])
def test_an_offset_past_any_page_is_refused_not_sent_to_the_database(client, staff, path):
    admin = staff("admin")
    huge = admin.get(f"{path}?offset={'9' * 22}")
    assert huge.status_code == 422 and error_of(huge)["details"] == {"query.offset": f"不能大于{MAX_OFFSET}"}
    assert admin.get(f"{path}?offset={MAX_OFFSET}").status_code == 200


def test_a_multipart_or_form_body_where_json_is_expected_is_415(client):
    multipart = client.post("/api/v1/auth/wx-login", data={"file": (io.BytesIO(b"x"), "x.txt")},
                            content_type="multipart/form-data")
    form = client.post("/api/v1/auth/wx-login", data={"code": "sandbox:alice"})
    for response in (multipart, form):
        assert response.status_code == 415 and error_of(response)["code"] == "unsupported_media_type"
        assert "JSON" in error_of(response)["message"]


@pytest.mark.parametrize(("body", "field"), [({"code": 5}, "code"), ({"code": True}, "code")])
def test_a_value_of_another_json_type_is_refused(client, body, field):
    response = client.post("/api/v1/auth/wx-login", json=body)
    assert response.status_code == 422 and error_of(response)["details"] == {field: "应为文本"}


@pytest.mark.parametrize("day", [0, "0", "1764547200", "2026-02-30", "2026-12-01T00:00:00"])
def test_a_day_is_yyyy_mm_dd_and_nothing_else(client, staff, day):
    response = staff("admin").post("/api/v1/staff/adoption/closures", json={"date": day, "reason": "设备检修"})
    assert response.status_code == 422 and set(error_of(response)["details"]) == {"date"}


def test_a_whole_number_written_with_a_fraction_is_still_a_whole_number(client, staff):
    response = staff("admin").post("/api/v1/staff/shelter/kennels", json={"code": "K-1", "capacity": 3.0})
    assert response.status_code == 201 and response.get_json()["capacity"] == 3


def test_an_empty_wechat_pay_notify_is_refused_as_the_gateway_expects(client):
    response = client.post("/api/v1/payments/wechat/notify")
    assert response.status_code == 400 and response.get_json() == {"code": "FAIL", "message": "失败"}


def test_the_transfer_code_path_takes_post_alone(resident):
    response = resident("alice").delete("/api/v1/transfers/accept")
    assert response.status_code == 405
    assert {method.strip() for method in response.headers["Allow"].split(",")} == {"OPTIONS", "POST"}


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/_sandbox/wechat/faults", {"api": "token", "times": "3"}, "times"),
    ("/_sandbox/wechat/faults", {"api": "token", "delay_ms": 10**9}, "delay_ms"),
    ("/_sandbox/wechat/simulate", {"from": "alice", "content": 5}, "content"),
    ("/_sandbox/pay/complete", {"order_id": "x", "channel": "wechat", "fault": []}, "fault"),
])
def test_the_sandbox_refuses_wrong_types_with_the_field_named(client, path, body, field):
    response = client.post(path, json=body)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert any(key.split(".")[0] == field for key in response.get_json()["details"])


def test_days_and_times_at_the_ends_of_the_calendar_are_refused_not_overflowed(client, staff, resident):
    statement = staff("admin").get("/api/v1/staff/payments/statement?date=0001-01-01")
    assert statement.status_code == 422 and set(error_of(statement)["details"]) == {"query.date"}
    lost = resident("alice").post("/api/v1/lost-reports", json={
        "dog": {"sex": "male", "size": "small", "description": "黄色小狗"}, "lost_at": "0001-01-01T00:00:00",
        "location": {"lat": 40.842, "lng": 111.749}})
    assert lost.status_code == 422 and set(error_of(lost)["details"]) == {"lost_at"}
