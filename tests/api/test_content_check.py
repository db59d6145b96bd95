"""The `content_checker` port (WeChat msgSecCheck v2) through the real wechatpy client and the sandbox over HTTP."""
import pytest
import requests

from backend.core import ports

ALICE = "sbx-mini-alice"
COMMENT = 2


def check(app, content: str, openid: str = ALICE, scene: int = COMMENT):
    with app.app_context():
        return ports.get(ports.ContentChecker).check(openid, content, scene)


def test_plain_text_passes(app):
    verdict = check(app, "我家的狗叫旺财，已经打过狂犬疫苗了")
    assert (verdict.suggest, verdict.label) == ("pass", 100)
    assert verdict.trace_id and len(verdict.trace_id) == 24


def test_advertising_goes_to_review(app):
    verdict = check(app, "宠物用品代购，加微信详聊")
    assert (verdict.suggest, verdict.label) == ("review", 10001)


@pytest.mark.parametrize(("content", "label"), [("这里有赌博网站", 20006), ("SANDBOX-RISKY text", 20006),
                                                ("色情图片", 20002)])
def test_risky_words_are_risky_with_their_label(app, content, label):
    verdict = check(app, content)
    assert (verdict.suggest, verdict.label) == ("risky", label)


def test_risky_wins_over_review(app):
    assert check(app, "代购枪支").suggest == "risky"


def test_each_check_has_its_own_trace_id(app):
    assert check(app, "你好").trace_id != check(app, "你好").trace_id


@pytest.mark.parametrize("openid", ["sbx-mp-alice", "o-real-looking-openid", ""])
def test_an_openid_wechat_does_not_know_is_refused(app, openid):
    with pytest.raises(ValueError, match="40003") as refused:
        check(app, "你好", openid=openid)
    assert not isinstance(refused.value, ConnectionError)


def test_a_scene_outside_one_to_four_is_refused(app):
    with pytest.raises(ValueError, match="40097"):
        check(app, "你好", scene=5)


def test_wechat_busy_is_an_outage_and_the_next_call_works(app, sandbox):
    sandbox.store.add_fault("msg_sec_check", -1, 1)
    with pytest.raises(ConnectionError):
        check(app, "你好")
    assert check(app, "你好").suggest == "pass"


def test_another_refusal_from_wechat_is_a_value_error(app, sandbox):
    sandbox.store.add_fault("msg_sec_check", 61010, 1)  # the person has not opened the mini-program lately
    with pytest.raises(ValueError, match="61010"):
        check(app, "你好")


@pytest.mark.parametrize("config_overrides", [{"WECHAT_TIMEOUT_SECONDS": 0.3}])
def test_a_slow_wechat_is_an_outage(app, sandbox):
    sandbox.store.add_fault("msg_sec_check", None, 1, delay_ms=1500)
    with pytest.raises(ConnectionError, match="network: ReadTimeout"):
        check(app, "你好")


def test_a_token_expired_in_the_middle_is_refreshed_and_the_check_still_answers(app, sandbox):
    with app.app_context():
        checker = ports.get(ports.ContentChecker)
        stale = checker.client.access_token
        sandbox.store.expire_tokens()  # WeChat now answers 42001 for the token the process holds
        assert sandbox.store.token_status(stale) == "expired"
        verdict = checker.check(ALICE, "加微信", 1)
        fresh = checker.client.access_token
    assert (verdict.suggest, verdict.label) == ("review", 10001)
    assert fresh != stale and sandbox.store.token_status(fresh) == "valid"


def test_the_sandbox_answers_in_wechat_v2_shape_and_refuses_v1(app, sandbox):
    with app.app_context():
        token = ports.get(ports.ContentChecker).client.access_token
    url = f"{sandbox.api_url}wxa/msg_sec_check"
    body = {"content": "sandbox-review", "version": 2, "scene": 3, "openid": ALICE}
    answer = requests.post(url, params={"access_token": token}, json=body, timeout=5).json()
    assert answer["errcode"] == 0 and answer["result"] == {"suggest": "review", "label": 10001}
    assert answer["detail"] == [{"strategy": "content_model", "errcode": 0, "suggest": "review", "label": 10001,
                                 "prob": 90}]
    v1 = requests.post(url, params={"access_token": token}, json={"content": "你好"}, timeout=5).json()
    assert v1["errcode"] == 40097
    no_token = requests.post(url, params={"access_token": "made-up"}, json=body, timeout=5).json()
    assert no_token["errcode"] == 40001


def test_a_token_refresh_during_a_report_waits_for_no_lock_the_request_holds(client, resident, sandbox, database):
    """The check reads the resident's openid, then calls WeChat. On SQLite every transaction holds the write lock,
    and the refreshed token is written through a connection of its own: had the read stayed open, that write would
    wait for it until the report gave up with 503 (found by the schemathesis run)."""
    alice = resident("alice")
    sandbox.store.expire_tokens()  # the next WeChat call meets 42001 and refreshes the token
    response = alice.post("/api/v1/stray-reports", json={
        "location": {"lat": 40.842, "lng": 111.749, "address": "新华广场东门"}, "description": "一只黄色的小狗"})
    assert response.status_code == 201, response.get_json()
