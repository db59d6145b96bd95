"""API.md's public-account, inbox and sandbox sections, over HTTP against a live server (make run's set-up)."""
import os
import subprocess

import requests

from backend.core.config import PROJECT_ROOT
from backend.demo import walk_script


def test_the_readme_public_account_walk_runs_end_to_end(live_server):
    result = subprocess.run(["bash", "-c", walk_script("walk-public-account")], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, env={**os.environ, "BASE_URL": live_server.url}, timeout=120)
    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    expected_in_order = ["欢迎关注", "年检：", "已收到", "True", "sent", "可以，请在小程序“我的犬证”中申请补办犬牌。",
                         "True", "pending_review", "犬证申请已受理", "sent", "403"]
    position = 0
    for expected in expected_in_order:
        found = result.stdout.find(expected, position)
        assert found >= 0, f"{expected!r} missing after position {position}:\n{result.stdout}"
        position = found + len(expected)


def simulate(base: str, **message) -> dict:
    response = requests.post(f"{base}/_sandbox/wechat/simulate", json=message, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_safe_mode_replays_faults_and_the_reply_window_over_http(live_server):
    base = live_server.url
    encrypted = simulate(base, **{"from": "erin", "type": "text", "content": "过户", "encrypt": True})
    assert encrypted["status"] == 200 and "<Encrypt>" in encrypted["request"]["body"]
    assert "过户码" in encrypted["reply_text"]
    first = simulate(base, **{"from": "erin", "type": "text", "content": "请帮我查一下审核进度", "msg_id": 777001})
    replay = simulate(base, **{"from": "erin", "type": "text", "content": "请帮我查一下审核进度", "msg_id": 777001})
    assert first["reply_text"] and replay["reply"] == "success"
    assert "<Encrypt>" in first["request"]["body"]  # the server has an AES key: WeChat (and the sandbox) post safe
    plain = requests.post(f"{base}/_sandbox/wechat/simulate",
                          json={"from": "erin", "content": "你好", "encrypt": False}, timeout=10)
    assert plain.status_code == 422 and "WECHAT_MP_AES_KEY" in plain.json()["error"]
    forged = requests.post(f"{base}/wechat/callback", params={k: v for k, v in first["request"]["query"].items()
                                                              if k not in ("encrypt_type", "msg_signature")},
                           data=b"<xml><MsgType>text</MsgType></xml>", timeout=10)
    assert forged.status_code == 403  # the logged query, posted plain: refused

    token = requests.post(f"{base}/api/v1/staff/auth/login", json={"username": "service", "password": "service-demo"},
                          timeout=10).json()["token"]
    staff = {"Authorization": f"Bearer {token}"}
    inbox = requests.get(f"{base}/api/v1/staff/inbox", headers=staff, timeout=10).json()
    conversation = next(c for c in inbox if c["last_message"] and "审核进度" in c["last_message"]["content"])
    assert conversation["unanswered"] is True
    requests.post(f"{base}/_sandbox/wechat/faults", json={"api": "custom_send", "errcode": 45047, "times": 1},
                  timeout=10)
    refused = requests.post(f"{base}/api/v1/staff/inbox/{conversation['id']}/reply", json={"text": "您好"},
                            headers=staff, timeout=10)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "reply_window_closed"
    notice = requests.post(f"{base}/api/v1/staff/inbox/{conversation['id']}/notice", json={"text": "您好，已通过"},
                           headers=staff, timeout=10)
    assert notice.status_code == 201
    assert requests.get(f"{base}/api/v1/staff/inbox", timeout=10).status_code == 401

    requests.post(f"{base}/_sandbox/wechat/expire-tokens", timeout=10)
    after_expiry = requests.post(f"{base}/api/v1/auth/wx-login", json={"code": "sandbox:erin"}, timeout=10)
    assert after_expiry.status_code == 200  # the expired shared token was refreshed once and the call repeated
    sent = requests.get(f"{base}/_sandbox/wechat/sent", timeout=10).json()
    assert sent and set(sent[0]) >= {"api", "touser", "template_id", "data", "text", "sent_at"}
