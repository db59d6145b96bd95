"""The inbox (客服) in Chromium, issue 16 page 4: customer service answers a conversation a follower started through
the WeChat sandbox (/_sandbox/wechat/simulate); the follower's next message appears without reloading; once
WeChat's reply window has closed the reply box offers the template notice."""
import re
import secrets

import requests
from playwright.sync_api import expect


def _say(base_url: str, follower: str, text: str) -> None:
    response = requests.post(f"{base_url}/_sandbox/wechat/simulate",
                             json={"from": follower, "type": "text", "content": text}, timeout=20)
    assert response.ok, response.text


def test_customer_service_answers_a_follower_and_sees_new_messages_without_reloading(console, console_server):
    base = console_server.url
    follower = f"gina-{secrets.token_hex(3)}"
    question = f"我家狗狗的犬牌丢了，可以补办吗？（{follower}）"
    _say(base, follower, question)

    ui = console()
    ui.sign_in("service")
    page = ui.page
    expect(page).to_have_url(re.compile(r"/console/inbox"))  # the service role's home
    item = page.locator(".item", has_text=question)
    expect(item).to_contain_text("已等")  # unanswered, with its waiting time
    item.click()
    thread = page.get_by_role("log", name="会话消息")
    expect(thread).to_contain_text(question)
    expect(page.get_by_text("还可回复 5 条")).to_be_visible()
    ui.shot("console-inbox")

    answer = "可以，请在小程序“我的犬证”中申请补办犬牌。"
    page.get_by_label("回复内容").fill(answer)
    page.get_by_role("button", name="发送").click()
    expect(page.get_by_text("已回复")).to_be_visible()
    expect(thread).to_contain_text(answer)
    expect(page.get_by_text("还可回复 4 条")).to_be_visible()
    sent = requests.get(f"{base}/_sandbox/wechat/sent", params={"api": "custom_send"}, timeout=10).json()
    assert any(m["touser"] == f"sbx-mp-{follower}" and m["text"] == answer for m in sent)

    # The follower writes again: it appears in the open thread by itself (polling), no reload
    _say(base, follower, "好的，谢谢！补办要多久？")
    expect(thread).to_contain_text("好的，谢谢！补办要多久？", timeout=15_000)

    # WeChat says the window is over (45047: the five replies are used up): the box offers the template notice
    requests.post(f"{base}/_sandbox/wechat/faults", json={"api": "custom_send", "errcode": 45047, "times": 1},
                  timeout=10)
    page.get_by_label("回复内容").fill("一般三个工作日内办好。")
    page.get_by_role("button", name="发送").click()
    expect(page.get_by_text("已超过48小时回复时限或已回复5条，请改用模板通知")).to_be_visible()
    expect(page.get_by_role("button", name="改发模板通知")).to_be_visible()
    expect(page.get_by_text("回复窗口已关闭")).to_be_visible()
    ui.shot("console-inbox-window-closed")
    page.get_by_label("回复内容").fill("一般三个工作日内办好。")
    page.get_by_role("button", name="改发模板通知").click()
    page.locator(".el-message-box").get_by_role("button", name="发送").click()
    expect(page.get_by_text("模板通知已排队发送")).to_be_visible()
    expect(thread).to_contain_text("模板通知")
