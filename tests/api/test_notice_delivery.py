"""Notices reach residents through WeChat: template message to followers, subscribe message with a grant,
otherwise in-app; passing failures retried, permanent ones not; each notice delivered once."""
from datetime import date, timedelta

import pytest

from backend.accounts.models.people import User
from backend.core import clock
from backend.core.database.extensions import db
from backend.notices.models import Notice
from tests.support import factories


def latest_notice(who) -> dict:
    return who.get("/api/v1/notifications").get_json()[0]


def run_requeue(app):
    from notifications.tasks import requeue_undelivered

    with app.app_context():
        return requeue_undelivered()


def test_a_follower_gets_a_template_message_carrying_the_notice_id(resident, follower, submitted, sent):
    alice = resident("alice")
    follower("alice").follows()
    submitted(alice)
    notice = latest_notice(alice)
    assert (notice["kind"], notice["delivery_status"], notice["channel"]) == ("application_received", "sent",
                                                                              "template")
    [message] = sent(api="template_send")
    assert message["touser"] == "sbx-mp-alice" and message["client_msg_id"] == notice["id"]
    assert message["template_id"] == "sbx-tpl-status-update"
    assert message["data"]["first"]["value"] == "犬证申请已受理" and message["page"].startswith("pages/application")


def test_without_following_or_grant_the_notice_stays_in_the_app(resident, submitted, sent):
    alice = resident("alice")
    submitted(alice)
    assert latest_notice(alice)["delivery_status"] == "in_app"
    assert sent() == []


def test_a_subscribe_grant_buys_exactly_one_subscribe_message(resident, submitted, staff, sent):
    alice = resident("alice")
    templates = alice.get("/api/v1/subscriptions").get_json()["templates"]
    assert "sbx-sub-status-update" in templates
    granted = alice.post("/api/v1/subscriptions", json={"results": {"sbx-sub-status-update": "accept",
                                                                    "sbx-sub-renewal-due": "reject"}})
    assert granted.get_json()["open_grants"] == {"sbx-sub-status-update": 1}
    application = submitted(alice)
    assert latest_notice(alice)["channel"] == "subscribe"
    staff("reviewer").post(f"/api/v1/staff/licence-applications/{application}/reject", json={"reason": "照片模糊"})
    assert latest_notice(alice)["delivery_status"] == "in_app"
    [message] = sent(api="subscribe_send")
    assert message["touser"] == "sbx-mini-alice" and message["data"]["thing1"]["value"] == "犬证申请已受理"
    assert alice.get("/api/v1/subscriptions").get_json()["open_grants"] == {}


def test_unknown_grant_templates_are_refused(resident):
    response = resident("alice").post("/api/v1/subscriptions", json={"results": {"made-up": "accept"}})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "unknown_template"


def test_token_expired_in_the_middle_of_sending(resident, follower, submitted, sandbox, sent):
    alice = resident("alice")
    follower("alice").follows()
    submitted(alice)
    sandbox.store.expire_tokens()  # the token every process shares is now stale at WeChat
    follower("alice").says("还有问题")  # any activity
    submitted(resident("alice"), owner_fields={"zone_code": "saihan-general", "address": "赛罕区大学东路10号"},
              dog_fields={"name": "小白"})
    assert latest_notice(alice)["delivery_status"] == "sent"
    assert len(sent(api="template_send")) == 2


def test_quota_errors_are_retried_later_and_permanent_errors_are_not(resident, follower, submitted, sandbox, sent,
                                                                     app):
    alice = resident("alice")
    follower("alice").follows()
    sandbox.store.add_fault("template_send", 45009, 1)
    submitted(alice)
    notice = latest_notice(alice)
    assert notice["delivery_status"] == "pending"
    with app.app_context():
        row = db.session.get(Notice, notice["id"])
        assert row.attempts == 1 and "45009" in row.last_error and row.next_attempt_at > clock.now()
    assert run_requeue(app) == 0  # not due yet: the pause grows with each attempt
    with clock.travel_to(clock.now() + timedelta(minutes=1)):
        assert run_requeue(app) == 1
    assert latest_notice(alice)["delivery_status"] == "sent" and len(sent(api="template_send")) == 1

    sandbox.store.add_fault("template_send", 40037, 1)  # invalid template: retrying will not help
    alice.post("/api/v1/licence-applications", json=factories.application(
        [alice.upload_photo()], owner_fields={"zone_code": "saihan-general", "address": "赛罕区大学东路10号"}))
    failed = latest_notice(alice)
    assert failed["delivery_status"] == "failed"
    with clock.travel_to(clock.now() + timedelta(hours=1)):
        assert run_requeue(app) == 0


def test_someone_who_unfollowed_unnoticed_falls_back(resident, follower, submitted, sandbox, app, sent):
    alice = resident("alice")
    follower("alice").follows()
    sandbox.store.set_follower("sbx-mp-alice", "sbx-union-alice", subscribed=False)  # the event never reached us
    submitted(alice)
    assert latest_notice(alice)["delivery_status"] == "in_app"
    with app.app_context():
        assert db.session.get(User, alice.user_id).mp_followed is False
    assert sent(api="template_send") == []


def test_a_task_that_runs_twice_delivers_once(resident, follower, submitted, app, sent):
    from notifications.delivery import deliver

    alice = resident("alice")
    follower("alice").follows()
    submitted(alice)
    notice_id = latest_notice(alice)["id"]
    with app.app_context():
        assert deliver([notice_id]) == {}  # already delivered: nothing to claim
        db.session.execute(db.update(Notice).where(Notice.id == notice_id).values(delivery_status="pending"))
        db.session.commit()
        deliver([notice_id])  # even made pending again, WeChat drops the repeat (client_msg_id)
    assert len(sent(api="template_send")) == 1


def test_a_worker_that_died_after_sending_is_taken_over_without_a_second_message(resident, follower, submitted,
                                                                                  app, sent):
    from backend.core import ports

    alice = resident("alice")
    submitted(alice)  # not following yet: in_app
    follower("alice").follows()
    notice_id = latest_notice(alice)["id"]
    with app.app_context():
        # A worker claimed it, sent it, and died before writing "sent".
        ports.get(ports.MessageSender).send_template("sbx-mp-alice", "sbx-tpl-status-update", {},
                                                     client_msg_id=notice_id)
        db.session.execute(db.update(Notice).where(Notice.id == notice_id).values(
            delivery_status="sending", claimed_until=clock.now() + timedelta(seconds=60)))
        db.session.commit()
    assert run_requeue(app) == 0  # its claim still runs
    with clock.travel_to(clock.now() + timedelta(minutes=2)):
        assert run_requeue(app) == 1
    assert latest_notice(alice)["delivery_status"] == "sent"
    assert len(sent(api="template_send")) == 1


def test_renewal_reminders_30_7_0_days_and_overdue_once_each(resident, follower, licensed, app, sent):
    alice = resident("alice")
    licence = licensed(alice)
    follower("alice").follows()
    expiry = date.fromisoformat(licence["expires_on"])
    runner = app.test_cli_runner()
    for days_before, expected in ((40, 0), (30, 1), (29, 0), (7, 1), (0, 1), (-3, 1), (-4, 0)):
        with clock.travel_to(expiry - timedelta(days=days_before)):
            output = runner.invoke(args=["licences", "remind"]).output
            assert f"wrote {expected} reminder" in output, (days_before, output)
    reminders = [n for n in alice.get("/api/v1/notifications").get_json() if n["kind"] == "renewal_due"]
    assert [n["title"] for n in reversed(reminders)] == ["犬证30天后到期", "犬证7天后到期", "犬证今天到期",
                                                          "犬证已过期，请尽快年检"]
    renewal_messages = [m for m in sent(api="template_send") if m["template_id"] == "sbx-tpl-renewal-due"]
    assert len(renewal_messages) == 4 and renewal_messages[0]["data"]["keyword1"]["value"] == licence["licence_no"]


@pytest.mark.parametrize("config_overrides", [{"INSPECTION_REQUIRES_REVIEW": True}])
def test_no_reminder_while_an_inspection_is_under_review(resident, licensed, app, config_overrides):
    alice = resident("alice")
    licence = licensed(alice)
    expiry = date.fromisoformat(licence["expires_on"])
    with clock.travel_to(expiry - timedelta(days=8)):
        alice.post(f"/api/v1/licences/{licence['id']}/inspections", json={
            "vaccination": factories.vaccination(days_ago=1, valid_days=800, certificate_no="NEW-1")})
    with clock.travel_to(expiry - timedelta(days=7)):
        assert "wrote 0 reminder" in app.test_cli_runner().invoke(args=["licences", "remind"]).output


def test_one_batch_records_every_outcome_and_the_msgid_wechat_gave_each(app, sandbox, sent):
    """One claim of more notices than there are send threads: those WeChat took carry their own msgid; the one it
    refused for quota waits for a later attempt, with no msgid; the one to a follower who left unnoticed falls back
    to the app; nothing else in the table changes."""
    from notifications.delivery import SEND_THREADS, deliver

    with app.app_context():
        people = [User(mp_openid=f"sbx-mp-batch{n}", unionid=f"sbx-union-batch{n}", mp_followed=True)
                  for n in range(SEND_THREADS + 4)]
        db.session.add_all(people)
        db.session.flush()
        notices = [Notice(user_id=person.id, kind="licence_issued", title="电子犬证已签发", body=f"证号 {n}",
                          fields={"licence_no": f"DP-{n}"}, delivery_status="pending") for n, person in
                   enumerate(people)]
        bystander = Notice(user_id=people[0].id, kind="licence_issued", title="x", body="x", delivery_status="pending")
        db.session.add_all([*notices, bystander])
        db.session.commit()
        ids = [notice.id for notice in notices]
    gone = ids[1]  # its thread sends two notices: outcomes must come back in order
    sandbox.store.set_follower("sbx-mp-batch1", "sbx-union-batch1", subscribed=False)
    # WeChat refuses one named follower's message for quota: the threads reach the sandbox in any order, and a
    # fault taken by whichever send came first could land on the follower who left.
    sandbox.store.add_fault("template_send", 45009, 1, touser="sbx-mp-batch5")
    with app.app_context():
        assert deliver(ids) == {"sent": len(ids) - 2, "retry": 1, "in_app": 1}
        rows = {row.id: row for row in db.session.scalars(db.select(Notice).where(Notice.id.in_(ids)))}
        assert db.session.get(Notice, bystander.id).delivery_status == "pending"
        assert db.session.get(Notice, bystander.id).attempts == 0
        openids = {person.id: person.mp_openid for person in db.session.scalars(db.select(User))}
    messages = {message["client_msg_id"]: message for message in sent(api="template_send")}
    assert len(messages) == len(ids) - 2
    for notice_id, row in rows.items():
        assert row.claim_token is None and row.claimed_until is None and row.attempts == 1
        if notice_id == gone:
            assert (row.delivery_status, row.wechat_msgid) == ("in_app", None)
        elif notice_id in messages:
            message = messages[notice_id]
            assert (row.delivery_status, row.channel, row.last_error) == ("sent", "template", None)
            assert row.wechat_msgid == str(message["id"]) and message["touser"] == openids[row.user_id]
            assert row.delivered_at is not None and row.next_attempt_at is None
        else:
            assert (row.delivery_status, row.wechat_msgid, row.delivered_at) == ("pending", None, None)
            assert "45009" in row.last_error and row.next_attempt_at > clock.now()
