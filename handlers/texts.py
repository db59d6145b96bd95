"""Reply texts: the FAQ (configuration), and links that open the mini-program from a text message."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from flask import current_app

DEFAULT_FAQ = Path(__file__).resolve().parent / "faq.json"
MINI_LINK = re.compile(r"\{mini_link:([^:}]+):([^}]+)\}")


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def faq() -> dict:
    return _load(current_app.config.get("WECHAT_FAQ_FILE") or str(DEFAULT_FAQ))


def with_links(text: str) -> str:
    """`{mini_link:PATH:TEXT}` → an <a> that WeChat opens in the mini-program."""
    appid = current_app.config["WECHAT_MINI_APPID"]
    return MINI_LINK.sub(lambda m: f'<a data-miniprogram-appid="{appid}" data-miniprogram-path="{m.group(1)}" '
                                   f'href="https://mp.weixin.qq.com">{m.group(2)}</a>', text)


def answer_for(text: str) -> str | None:
    for entry in faq()["entries"]:
        if any(keyword in text for keyword in entry["keywords"]):
            return with_links(entry["answer"])
    return None


def welcome() -> str:
    return with_links(faq()["welcome"])


def acknowledgement() -> str:
    return faq()["acknowledgement"]
