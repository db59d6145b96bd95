"""The callback in production shape: Redis claims each delivery, the answer goes back at once, a worker stores it."""
import pytest
import redis

from backend.core.database.extensions import db
from backend.public_account.models import Conversation, ConversationMessage
from tests.support import services
from tests.support.processes import Worker, wait_for

pytestmark = pytest.mark.services


@pytest.fixture
def redis_url():
    services.require("redis")
    redis.Redis.from_url(services.REDIS_URL).flushdb()
    return services.REDIS_URL


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_with_redis_a_retry_is_dropped_before_any_work_and_staff_replies_reset_the_acknowledgement(
        redis_url, app, follower, staff):
    alice = follower("alice")
    first = alice.says("犬证地址写错了，怎么改？", msg_id=9100001)
    assert first.text and "已收到" in first.text
    assert alice.says("犬证地址写错了，怎么改？", msg_id=9100001).body == "success"  # WeChat's retry
    assert alice.says("是搬家以后的新地址", msg_id=9100002).text is None  # already waiting: no second acknowledgement
    service = staff("service")
    conversation = service.get("/api/v1/staff/inbox").get_json()[0]
    service.post(f"/api/v1/staff/inbox/{conversation['id']}/reply", json={"text": "在小程序中变更住址即可"})
    assert "已收到" in alice.says("好的，还有一个问题", msg_id=9100003).text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ConversationMessage.id)).where(
            ConversationMessage.direction == "in")) == 3


@pytest.mark.parametrize("database", ["sqlite", "mariadb"], indirect=True)
def test_with_redis_a_signed_query_replayed_with_another_body_is_refused_on_every_node(redis_url, app, client):
    """The plain-mode replay attack against two nodes sharing Redis: the query first seen on one is remembered for
    the other, with its body's hash, until the timestamp is too old to pass; the genuine retry is answered."""
    from backend.public_account.models import SignedQuery
    from wechat.sandbox.inbound import message_xml, signed
    from wsgi import assemble

    config = app.config
    xml, key = message_xml("sbx-mp-alice", content="我家楼下有人遛狗不牵绳", msg_id=9300001)
    genuine = signed(xml, "sbx-mp-alice", key, token=config["WECHAT_MP_TOKEN"])
    forged, _ = message_xml("sbx-mp-alice", content="我要投诉工作人员", msg_id=9300002)
    other_node = assemble(dict(config)).test_client()

    def post(node, body: str):
        return node.post("/wechat/callback", query_string=genuine.query, data=body.encode(), content_type="text/xml")

    assert "已收到" in post(client, genuine.body).get_data(as_text=True)
    assert post(other_node, forged).status_code == 403
    assert post(client, forged).status_code == 403
    retry = post(other_node, genuine.body)
    assert retry.status_code == 200 and retry.get_data(as_text=True) == "success"

    remembered = [k for k in redis.Redis.from_url(redis_url).scan_iter("dogpass:signed-query:*")]
    assert len(remembered) == 1
    ttl = redis.Redis.from_url(redis_url).ttl(remembered[0])
    assert 0 < ttl <= config["WECHAT_CALLBACK_MAX_AGE_SECONDS"] + 2  # gone when the timestamp stops passing
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SignedQuery)) == 0  # Redis held it
        assert [m.content for m in db.session.scalars(db.select(ConversationMessage).where(
            ConversationMessage.direction == "in"))] == ["我家楼下有人遛狗不牵绳"]


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("config_overrides", [{"REDIS_URL": "redis://127.0.0.1:9/0"}])
def test_with_redis_down_the_database_remembers_signed_queries(app, client, config_overrides):
    from backend.public_account.models import SignedQuery
    from wechat.sandbox.inbound import message_xml, signed

    xml, key = message_xml("sbx-mp-bob", content="请问审核要多久", msg_id=9400001)
    genuine = signed(xml, "sbx-mp-bob", key, token=app.config["WECHAT_MP_TOKEN"])
    forged, _ = message_xml("sbx-mp-bob", content="我要投诉工作人员", msg_id=9400002)
    post = lambda body: client.post("/wechat/callback", query_string=genuine.query,  # noqa: E731
                                    data=body.encode(), content_type="text/xml")
    assert post(genuine.body).status_code == 200
    assert post(forged).status_code == 403
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SignedQuery)) == 1


@pytest.fixture
def database(request, mariadb_url):
    from tests.support import databases

    if getattr(request, "param", "mariadb") == "sqlite":
        yield databases.copy_sqlite(request.getfixturevalue("sqlite_template"),
                                    request.getfixturevalue("tmp_path") / "db.sqlite3")
        return
    databases.clear_rows(mariadb_url)
    yield mariadb_url
    databases.clear_rows(mariadb_url)


@pytest.fixture
def config_overrides(request):
    if "broker" in request.fixturenames:
        broker = request.getfixturevalue("broker")
        return {"CELERY_BROKER_URL": broker.url, "REDIS_URL": broker.url}
    if "redis_url" in request.fixturenames:
        return {"REDIS_URL": request.getfixturevalue("redis_url")}
    return {}


def test_the_answer_comes_back_at_once_and_the_worker_stores_the_message(app, follower, broker, sandbox, tmp_path,
                                                                         database):
    worker = Worker({"DATABASE_URL": database, "CELERY_BROKER_URL": broker.url, "REDIS_URL": broker.url,
                     "WECHAT_SANDBOX": "1", "WECHAT_API_BASE_URL": sandbox.api_url,
                     "WECHAT_SANDBOX_DB": str(sandbox.store.path), "SECRET_KEY": "test-secret"},
                    tmp_path / "worker.log")
    answer = follower("bob").says("我想了解一下领养的流程和条件", msg_id=9200001)
    assert "领养" in answer.text  # the FAQ answer, before anything is stored

    def stored() -> int:
        with app.app_context():
            count = db.session.scalar(db.select(db.func.count(ConversationMessage.id)))
            db.session.remove()
            return count

    assert stored() == 0  # queued, not yet written
    worker.start()
    try:
        wait_for(lambda: stored() == 2, 60, "the worker stored the message and the automatic answer")
        with app.app_context():
            assert db.session.scalar(db.select(Conversation.unanswered)) is True  # long question: staff look too
    finally:
        worker.stop()
