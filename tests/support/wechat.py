"""A follower of the public account, played through the real callback with correctly signed requests."""
from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

from wechat.sandbox.inbound import decrypt_reply, message_xml, signed
from wechat.sandbox.store import SandboxStore

_clock = itertools.count(int(time.time()))


@dataclass
class Answer:
    status: int
    body: str
    text: str | None


class Follower:
    def __init__(self, client, app, store: SandboxStore, name: str) -> None:
        self.client, self.app, self.store, self.name = client, app, store, name
        self.openid = f"sbx-mp-{name}"

    def _post(self, xml: str, key: str, encrypt: bool | None = None, record: bool = True, **overrides) -> Answer:
        """Posted as WeChat posts it for the app's configuration (safe mode when it has an AES key), unless
        `encrypt` says otherwise; `overrides` replace query parameters."""
        config = self.app.config
        inbound = signed(xml, self.openid, key, token=config["WECHAT_MP_TOKEN"], aes_key=config["WECHAT_MP_AES_KEY"],
                         appid=config["WECHAT_MP_APPID"], encrypt=encrypt)
        query = {**inbound.query, **overrides}
        if record:  # WeChat knows the follower interacted: its customer-service window opens
            self.store.record_interaction(self.openid, f"sbx-union-{self.name}", time.time())
        response = self.client.post("/wechat/callback", query_string=query, data=inbound.body.encode(),
                                    content_type="text/xml")
        body = response.get_data(as_text=True)
        if response.status_code == 200 and "<Encrypt>" in body:
            body = decrypt_reply(body, query, token=config["WECHAT_MP_TOKEN"], aes_key=config["WECHAT_MP_AES_KEY"],
                                 appid=config["WECHAT_MP_APPID"])
        text = body.split("<Content><![CDATA[", 1)[1].split("]]></Content>", 1)[0] if "<Content>" in body else None
        return Answer(response.status_code, body, text)

    def says(self, content: str, msg_id: int | None = None, **kw) -> Answer:
        xml, key = message_xml(self.openid, content=content, msg_id=msg_id)
        return self._post(xml, key, **kw)

    def sends(self, msg_type: str, msg_id: int | None = None) -> Answer:
        xml, key = message_xml(self.openid, msg_type=msg_type, msg_id=msg_id)
        return self._post(xml, key)

    def event(self, event: str, key: str = "", create_time: int | None = None, **kw) -> Answer:
        xml, dedupe = message_xml(self.openid, msg_type="event", event=event, event_key=key,
                                  create_time=create_time or next(_clock))
        if event == "unsubscribe":
            self.store.set_follower(self.openid, f"sbx-union-{self.name}", subscribed=False)
            return self._post(xml, dedupe, record=False, **kw)
        return self._post(xml, dedupe, **kw)

    def follows(self, **kw) -> Answer:
        return self.event("subscribe", **kw)

    def unfollows(self) -> Answer:
        return self.event("unsubscribe")

    def taps(self, key: str) -> Answer:
        return self.event("CLICK", key)
