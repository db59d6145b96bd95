"""The shared access token: a token WeChat refused is never sent again by this process, even when another thread
memoises it afresh from a read that began before the refusal (a race the notices benchmark found)."""
import time

from backend.core import ports


def test_a_refused_token_memoised_again_by_a_late_reader_is_not_reused(app, follower, sandbox):
    follower("alice").follows()
    with app.app_context():
        client = ports.get(ports.MessageSender).mp
        stale = client.access_token
        sandbox.store.expire_tokens()  # WeChat now answers 42001 for it
        calls = []

        def lookup():
            if calls:  # the retry: a slower thread writes the refused token back into the memo first
                client._memo = (stale, time.time() + 7200, time.time())
            calls.append(client.access_token)
            return client.user.get("sbx-mp-alice")

        info = client.with_fresh_token(lookup)
    assert info["openid"] == "sbx-mp-alice"
    assert calls[0] == stale and calls[1] != stale


def test_forgetting_a_token_leaves_a_newer_one_alone(app):
    with app.app_context():
        store = ports.get(ports.MessageSender).mp.store
        store.put("wx-test", "newer", time.time() + 7200)
        store.forget("wx-test", "older")
        assert store.get("wx-test")[0] == "newer"
        store.forget("wx-test", "newer")
        assert store.get("wx-test") is None


def test_redis_store_compares_and_deletes_in_one_step():
    import redis

    from tests.support import services
    from wechat.tokens import RedisTokenStore

    services.require("redis")
    store = RedisTokenStore(redis.Redis.from_url(services.REDIS_URL))
    store.put("wx-test", "newer", time.time() + 7200)
    store.forget("wx-test", "older")
    assert store.get("wx-test")[0] == "newer"
    store.forget("wx-test", "newer")
    assert store.get("wx-test") is None
