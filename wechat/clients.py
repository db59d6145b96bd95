"""wechatpy clients for the public account (公众号) and the mini-program, built from configuration."""
from __future__ import annotations

from wechat.http import WeChatHttpSession
from wechat.tokens import SharedTokenClient, TokenStore


def api_base_url(config: dict) -> str:
    """The real API unless the sandbox is on; then the app's own sandbox (or an explicit override)."""
    if config.get("WECHAT_API_BASE_URL"):
        return config["WECHAT_API_BASE_URL"]
    if config.get("WECHAT_SANDBOX"):
        return f"http://127.0.0.1:{config['PORT']}/_sandbox/wechat/"
    return ""


def _client(appid: str, secret: str, config: dict, store: TokenStore) -> SharedTokenClient:
    client = SharedTokenClient(appid, secret, store, timeout=config["WECHAT_TIMEOUT_SECONDS"])
    client._http = WeChatHttpSession(api_base_url(config), config["WECHAT_TIMEOUT_SECONDS"])
    return client


def mini_program_client(config: dict, store: TokenStore) -> SharedTokenClient:
    return _client(config["WECHAT_MINI_APPID"], config["WECHAT_MINI_SECRET"], config, store)


def public_account_client(config: dict, store: TokenStore) -> SharedTokenClient:
    return _client(config["WECHAT_MP_APPID"], config["WECHAT_MP_SECRET"], config, store)
