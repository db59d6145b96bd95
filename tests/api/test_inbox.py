"""The staff inbox: conversations unanswered first, replies in the 48-hour window, five at most, notices after."""
from datetime import timedelta

import pytest

from backend.core import clock


def test_inbox_lists_unanswered_first_with_waiting_time(follower, staff):
    with clock.travel_to(clock.now() - timedelta(hours=3)):
        follower("early").says("我想咨询一下办证的材料问题，可以电话联系吗")
    follower("later").says("犬证丢了能补吗")
    follower("happy").says("年检")  # answered by the FAQ
    service = staff("service")
    inbox = service.get("/api/v1/staff/inbox")
    assert inbox.status_code == 200 and inbox.headers["X-Total-Count"] == "3"
    items = inbox.get_json()
    assert [i["unanswered"] for i in items] == [True, True, False]
    assert items[0]["waiting_seconds"] >= 3 * 3600 and items[0]["waiting"].startswith("3小时")
    assert items[0]["reply_window"] == {"open": True, "closes_at": items[0]["reply_window"]["closes_at"],
                                        "replies_left": 5}
    assert staff("reviewer").get("/api/v1/staff/inbox").status_code == 403


def test_reply_goes_out_as_a_customer_service_message(follower, staff, sent):
    follower("alice").says("犬证丢了能补吗")
    service = staff("service")
    conversation = service.get("/api/v1/staff/inbox").get_json()[0]
    reply = service.post(f"/api/v1/staff/inbox/{conversation['id']}/reply",
                         json={"text": "可以，在小程序申请补办犬牌。"})
    assert reply.status_code == 200 and reply.get_json()["status"] == "sent"
    assert [(m["api"], m["touser"], m["text"]) for m in sent(api="custom_send")] == [
        ("custom_send", "sbx-mp-alice", "可以，在小程序申请补办犬牌。")]
    detail = service.get(f"/api/v1/staff/inbox/{conversation['id']}").get_json()
    assert detail["unanswered"] is False
    assert [(m["direction"], m["kind"], m["status"]) for m in detail["messages"]] == [
        ("in", "text", "received"), ("out", "reply", "sent")]


def test_no_reply_after_48_hours(follower, staff, sent):
    follower("alice").says("你好，我想问问")
    service = staff("service")
    conversation = service.get("/api/v1/staff/inbox").get_json()[0]
    with clock.travel_to(clock.now() + timedelta(hours=48, minutes=5)):
        late = service.post(f"/api/v1/staff/inbox/{conversation['id']}/reply", json={"text": "抱歉回复晚了"})
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "reply_window_closed"
    assert "notice" in late.get_json()["error"]["details"]["alternative"]
    assert sent(api="custom_send") == []


def test_five_replies_then_the_window_is_closed(follower, staff, sent):
    follower("alice").says("你好，我想问问")
    service = staff("service")
    conversation = service.get("/api/v1/staff/inbox").get_json()[0]
    codes = [service.post(f"/api/v1/staff/inbox/{conversation['id']}/reply", json={"text": f"回复{i}"}).status_code
             for i in range(6)]
    assert codes == [200] * 5 + [409]
    follower("alice").says("还有一个问题")  # writing again reopens the window
    again = service.post(f"/api/v1/staff/inbox/{conversation['id']}/reply", json={"text": "请讲"})
    assert again.status_code == 200
    assert len(sent(api="custom_send")) == 6


def test_when_wechat_says_the_window_is_over_we_believe_it(follower, staff, sandbox, sent):
    follower("alice").says("你好，我想问问")
    service = staff("service")
    conversation = service.get("/api/v1/staff/inbox").get_json()[0]
    sandbox.store.add_fault("custom_send", 45015, 1)
    refused = service.post(f"/api/v1/staff/inbox/{conversation['id']}/reply", json={"text": "您好"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "reply_window_closed"
    detail = service.get(f"/api/v1/staff/inbox/{conversation['id']}").get_json()
    assert detail["messages"][-1]["status"] == "failed" and detail["reply_window"]["open"] is False


def test_after_the_window_a_template_notice_answers_instead(follower, resident, staff, sent):
    resident("alice")
    follower("alice").follows()
    follower("alice").says("我的犬证什么时候能审核完？")
    service = staff("service")
    conversation = service.get("/api/v1/staff/inbox").get_json()[0]
    with clock.travel_to(clock.now() + timedelta(days=3)):
        notice = service.post(f"/api/v1/staff/inbox/{conversation['id']}/notice", json={"text": "已审核通过，请查看。"})
    assert notice.status_code == 201 and notice.get_json()["kind"] == "template_notice"
    templates = sent(api="template_send")
    assert templates[-1]["template_id"] == "sbx-tpl-service-reply"
    assert "已审核通过" in templates[-1]["data"]["keyword1"]["value"]


@pytest.mark.parametrize("text", ["", "   ", "x" * 601])
def test_reply_text_is_validated(follower, staff, text):
    follower("alice").says("你好，我想问问")
    service = staff("service")
    conversation = service.get("/api/v1/staff/inbox").get_json()[0]
    response = service.post(f"/api/v1/staff/inbox/{conversation['id']}/reply", json={"text": text})
    assert response.status_code == 422 and "text" in response.get_json()["error"]["details"]


def test_unknown_conversation(staff):
    response = staff("service").post("/api/v1/staff/inbox/NOPE/reply", json={"text": "hi"})
    assert response.status_code == 404
