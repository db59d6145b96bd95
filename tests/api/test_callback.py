"""The public-account callback: signatures, safe mode, WeChat's retries, FAQ, menu, follow and unfollow."""
import pytest

from backend.accounts.models.people import User
from backend.core.database.extensions import db
from backend.public_account.models import Conversation, ConversationMessage

AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as WeChat issues them


def messages_in(app) -> list[ConversationMessage]:
    with app.app_context():
        return list(db.session.scalars(db.select(ConversationMessage).order_by(ConversationMessage.created_at)))


def test_echo_check(client, app):
    from wechat.sandbox.inbound import signed

    query = signed("", "x", "x", token=app.config["WECHAT_MP_TOKEN"]).query
    ok = client.get("/wechat/callback", query_string={**query, "echostr": "hello-wechat"})
    assert ok.status_code == 200 and ok.get_data(as_text=True) == "hello-wechat"
    forged = client.get("/wechat/callback", query_string={**query, "signature": "0" * 40, "echostr": "x"})
    assert forged.status_code == 403


def test_forged_signatures_are_403_and_change_nothing(follower, app):
    alice = follower("alice")
    assert alice.says("你好", signature="f" * 40).status == 403
    assert alice.says("你好", timestamp="1").status == 403  # signature no longer matches
    assert messages_in(app) == []


def test_a_replayed_callback_url_with_an_old_timestamp_is_refused(follower, app):
    import hashlib
    import time

    old = str(int(time.time()) - 3600)
    token = app.config["WECHAT_MP_TOKEN"]
    signature = hashlib.sha1("".join(sorted([token, old, "nonce1"])).encode()).hexdigest()
    answer = follower("alice").says("你好", timestamp=old, nonce="nonce1", signature=signature)
    assert answer.status == 403 and messages_in(app) == []


def test_keyword_gets_the_faq_answer_and_needs_no_staff(follower, app):
    answer = follower("alice").says("请问年检怎么办理？")
    assert answer.status == 200 and "年检" in answer.text and "data-miniprogram-path" in answer.text
    with app.app_context():
        conversation = db.session.scalar(db.select(Conversation))
        assert conversation.unanswered is False
    assert [(m.direction, m.kind) for m in messages_in(app)] == [("in", "text"), ("out", "auto_reply")]


def test_a_longer_question_that_mentions_a_topic_gets_the_answer_and_a_person(follower, app):
    answer = follower("alice").says("我想咨询一下办证需要哪些材料，老人可以代办吗？")
    assert "办理犬证" in answer.text
    with app.app_context():
        assert db.session.scalar(db.select(Conversation)).unanswered is True


def test_other_text_goes_to_the_inbox_and_is_acknowledged_once(follower, app):
    alice = follower("alice")
    first = alice.says("我家楼下有人遛狗不牵绳")
    assert first.text and "已收到" in first.text
    second = alice.says("就在3号楼")
    assert second.text is None and second.body == "success"
    with app.app_context():
        conversation = db.session.scalar(db.select(Conversation))
        assert conversation.unanswered is True and conversation.waiting_since is not None
    assert alice.sends("image").body == "success"
    assert [m.content for m in messages_in(app)] == ["我家楼下有人遛狗不牵绳", "就在3号楼", "[图片]"]


def test_wechat_retries_are_handled_once(follower, app):
    alice = follower("alice")
    alice.says("有人在小区里遗弃了一只狗", msg_id=424242)
    retry = alice.says("有人在小区里遗弃了一只狗", msg_id=424242)
    assert retry.status == 200 and retry.body == "success"
    alice.event("CLICK", "MY_LICENCES", create_time=1_800_000_000)
    alice.event("CLICK", "MY_LICENCES", create_time=1_800_000_000)
    kinds = [(m.kind, m.content) for m in messages_in(app)]
    assert kinds == [("text", "有人在小区里遗弃了一只狗"), ("event", "click:MY_LICENCES")]


@pytest.mark.parametrize("config_overrides", [{"WECHAT_MP_AES_KEY": AES_KEY}])
def test_safe_mode_round_trip(follower, app, config_overrides):
    alice = follower("alice")
    answer = alice.says("怎么办证")
    assert answer.status == 200 and "办理犬证" in answer.text and "<Encrypt>" not in answer.text
    tampered = alice.says("怎么办证", msg_signature="0" * 40)
    assert tampered.status == 403


def _post(client, inbound, query=None, body=None):
    return client.post("/wechat/callback", query_string=query or inbound.query,
                       data=(inbound.body if body is None else body).encode(), content_type="text/xml")


def _signed(app, openid: str, content: str, msg_id: int, **kw):
    from wechat.sandbox.inbound import message_xml, signed

    xml, key = message_xml(openid, content=content, msg_id=msg_id)
    config = app.config
    return signed(xml, openid, key, token=config["WECHAT_MP_TOKEN"], aes_key=config["WECHAT_MP_AES_KEY"],
                  appid=config["WECHAT_MP_APPID"], **kw)


@pytest.mark.parametrize("config_overrides", [{"WECHAT_MP_AES_KEY": AES_KEY}])
def test_a_plain_post_to_a_safe_mode_account_is_refused_whatever_encrypt_type_it_chooses(
        client, follower, app, config_overrides):
    """The forger knows a signed query (from an access log) but not the AES key, so posts plain XML and picks the
    mode itself. Before, `encrypt_type` decided, and a plain post was handled."""
    alice = follower("alice")
    assert alice.says("我家楼下有人遛狗不牵绳", encrypt=False).status == 403  # freshly signed, plain: refused
    genuine = _signed(app, "sbx-mp-alice", "我家狗走丢了", 5100001)
    assert _post(client, genuine).status_code == 200
    forged = _signed(app, "sbx-mp-alice", "请把我的犬证注销", 5100002, encrypt=False).body
    plain_query = {k: v for k, v in genuine.query.items() if k not in ("encrypt_type", "msg_signature")}
    for query in (plain_query, {**plain_query, "encrypt_type": "raw"}, genuine.query,
                  {**genuine.query, "encrypt_type": "none"}):
        assert _post(client, genuine, query=query, body=forged).status_code == 403, query
    assert [m.content for m in messages_in(app) if m.direction == "in"] == ["我家狗走丢了"]


@pytest.mark.parametrize("config_overrides", [{"WECHAT_MP_AES_KEY": AES_KEY}])
def test_safe_mode_a_signed_query_cannot_carry_another_encrypted_body(client, app, config_overrides):
    """msg_signature covers the encrypted body: even a second envelope made with the right key (which the
    attacker does not have) fails under the first one's query; the same envelope again is a retry."""
    genuine = _signed(app, "sbx-mp-bob", "犬证地址写错了", 5200001)
    assert _post(client, genuine).status_code == 200
    other = _signed(app, "sbx-mp-bob", "请把我的犬证注销", 5200002, timestamp=genuine.query["timestamp"],
                    nonce=genuine.query["nonce"])
    assert _post(client, genuine, body=other.body).status_code == 403
    retry = _post(client, genuine)
    assert retry.status_code == 200 and retry.get_data(as_text=True) == "success"
    assert [m.content for m in messages_in(app) if m.direction == "in"] == ["犬证地址写错了"]


def test_a_signed_query_replayed_with_another_body_is_refused_and_the_genuine_retry_is_answered(client, app):
    """Plain mode: the signed query string (in some access log) is reused within its 10 minutes with a body of
    the attacker's choosing. The first body it came with may come again (WeChat's retry), once recorded."""
    genuine = _signed(app, "sbx-mp-carol", "我家楼下有人遛狗不牵绳", 5300001)
    first = _post(client, genuine)
    assert first.status_code == 200 and "已收到" in first.get_data(as_text=True)

    forged = _signed(app, "sbx-mp-carol", "我要投诉工作人员", 5300002).body
    assert _post(client, genuine, body=forged).status_code == 403
    assert _post(client, genuine, body=genuine.body + " ").status_code == 403  # any other byte
    retry = _post(client, genuine)
    assert retry.status_code == 200 and retry.get_data(as_text=True) == "success"  # as a retry always was

    assert [m.content for m in messages_in(app) if m.direction == "in"] == ["我家楼下有人遛狗不牵绳"]


def test_the_echo_check_answers_one_echostr_per_signed_query(client, app):
    """The echo check's signature does not cover echostr either: a captured query must not echo other text."""
    from wechat.sandbox.inbound import signed

    query = signed("", "x", "x", token=app.config["WECHAT_MP_TOKEN"]).query
    assert client.get("/wechat/callback", query_string={**query, "echostr": "1234567"}).get_data(as_text=True) \
        == "1234567"
    assert client.get("/wechat/callback", query_string={**query, "echostr": "1234567"}).status_code == 200
    assert client.get("/wechat/callback", query_string={**query, "echostr": "<script>"}).status_code == 403
    assert _post(client, _signed(app, "sbx-mp-dave", "你好", 5400001), query=query).status_code == 403


def test_remembered_queries_are_forgotten_once_their_timestamp_is_too_old(app):
    """Without Redis the memory is a table: it holds one freshness window of callbacks, not every one ever."""
    import time

    from backend.public_account.models import SignedQuery
    from backend.public_account.signed_queries import first_body, forget_expired

    window = app.config["WECHAT_CALLBACK_MAX_AGE_SECONDS"]
    with app.test_request_context():
        assert first_body("POST", str(int(time.time()) - window - 5), "old", b"<xml>a</xml>")
        assert first_body("POST", str(int(time.time())), "new", b"<xml>b</xml>")
        assert not first_body("POST", str(int(time.time())), "new", b"<xml>c</xml>")
        assert forget_expired() == 1
        assert db.session.scalar(db.select(db.func.count()).select_from(SignedQuery)) == 1
        assert first_body("POST", str(int(time.time())), "new", b"<xml>b</xml>")  # still remembered, same body


def test_follow_welcomes_and_links_the_follower_to_the_resident(follower, resident, app):
    alice_resident = resident("alice")
    welcome = follower("alice").follows()
    assert "欢迎关注" in welcome.text
    with app.app_context():
        user = db.session.get(User, alice_resident.user_id)
        assert (user.mp_openid, user.mp_followed) == ("sbx-mp-alice", True)
        assert db.session.scalar(db.select(db.func.count(User.id))) == 1  # merged, not two people
    assert alice_resident.get("/api/v1/me").get_json()["public_account"] == {"followed": True}


def test_a_follower_who_opens_the_mini_program_later_is_one_person(follower, resident, app):
    follower("bob").follows()
    bob = resident("bob")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 1
        assert db.session.get(User, bob.user_id).mp_openid == "sbx-mp-bob"


def test_unfollow_stops_public_account_notices(follower, resident, app):
    alice = resident("alice")
    follower("alice").follows()
    follower("alice").unfollows()
    assert alice.get("/api/v1/me").get_json()["public_account"] == {"followed": False}


def test_menu_my_licences_for_a_resident_and_for_a_stranger(follower, resident, licensed):
    alice = resident("alice")
    licence = licensed(alice)
    follower("alice").follows()
    answer = follower("alice").taps("MY_LICENCES")
    assert licence["licence_no"] in answer.text and "旺财" in answer.text
    stranger = follower("nobody")
    assert "请先在小程序中登录" in stranger.taps("MY_LICENCES").text


def test_menu_progress_open_days_and_stray(follower, resident, submitted, staff):
    alice = resident("alice")
    application = submitted(alice)
    staff("reviewer").post(f"/api/v1/staff/licence-applications/{application}/reject", json={"reason": "照片模糊"})
    follower("alice").follows()
    assert "未通过" in follower("alice").taps("APPLICATION_PROGRESS").text
    assert "开放日" in follower("alice").taps("OPEN_DAYS").text
    assert "流浪犬" in follower("alice").taps("REPORT_STRAY").text


def test_the_open_days_menu_tells_the_coming_days_and_places_left(follower, resident, staff):
    from datetime import datetime

    from backend.core import clock

    with clock.travel_to(datetime(2026, 12, 7, 10, 0, tzinfo=clock.SHANGHAI)):  # a Monday
        keeper = staff("shelter")
        keeper.post("/api/v1/staff/adoption/closures", json={"date": "2026-12-10", "reason": "设备检修"})
        slots = resident("bob").get("/api/v1/adoption/open-days?from=2026-12-08&to=2026-12-08").get_json()[0]["slots"]
        resident("bob").post("/api/v1/adoption/bookings", json={"slot_id": slots[0]["id"]})
        follower("alice").follows()
        text = follower("alice").taps("OPEN_DAYS").text
    assert "12月8日（周二）：09:30-11:30 余19位，14:00-16:30 余20位" in text
    assert "12月10日（周四）：设备检修" in text and "12月13日（周日）" in text
    assert "预约开放日" in text
    assert "流浪犬" in follower("alice").taps("REPORT_STRAY").text


def test_a_body_wechat_would_never_send_is_answered_success(client, app):
    from wechat.sandbox.inbound import signed

    inbound = signed("not xml at all", "x", "x", token=app.config["WECHAT_MP_TOKEN"])
    response = client.post("/wechat/callback", query_string=inbound.query, data=b"not xml at all")
    assert response.status_code == 200 and response.get_data(as_text=True) == "success"




def test_a_follower_whose_linking_was_lost_is_linked_by_the_periodic_job(follower, resident, app, sandbox):
    from backend.public_account.tasks import link_unlinked_followers

    alice = resident("alice")
    sandbox.store.add_fault("user_info", -1, 1)  # WeChat busy: the linking at follow time fails
    follower("alice").follows()
    with app.app_context():
        assert db.session.get(User, alice.user_id).mp_openid is None
    with app.app_context():
        assert link_unlinked_followers() == 1
    with app.app_context():
        assert db.session.get(User, alice.user_id).mp_openid == "sbx-mp-alice"
