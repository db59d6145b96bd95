"""ID numbers never leave the database in the clear: not in any response, not in any log line."""
import logging

from tests.support import factories


def test_the_id_number_appears_in_no_response_and_no_log(resident, staff, client, caplog):
    caplog.set_level(logging.DEBUG)
    alice, reviewer = resident("alice"), staff("reviewer")
    number = factories.id_number(birth="19851111", seq="321")
    body = factories.application([alice.upload_photo()], owner_fields={"number": number})
    responses = [alice.post("/api/v1/licence-applications", json=body)]
    application_id = responses[0].get_json()["id"]
    responses.append(alice.get(f"/api/v1/licence-applications/{application_id}"))
    responses.append(reviewer.get("/api/v1/staff/licence-applications"))
    responses.append(reviewer.get(f"/api/v1/staff/licence-applications/{application_id}"))
    approved = reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/approve")
    responses.append(approved)
    licence_id = approved.get_json()["licence_id"]
    responses.append(alice.get(f"/api/v1/licences/{licence_id}"))
    responses.append(alice.get("/api/v1/licences"))
    responses.append(alice.get("/api/v1/notifications"))
    bad = dict(body, owner=dict(body["owner"], id_number=number[:-1] + ("0" if number[-1] != "0" else "1")))
    responses.append(alice.post("/api/v1/licence-applications", json=bad))
    logging.getLogger("dogpass.test").warning("resident typed %s into a note", number)
    logging.getLogger("dogpass.test").error(f"formatted early: {number}")
    for response in responses:
        assert number not in response.get_data(as_text=True)
    assert number[6:14] not in "".join(r.get_data(as_text=True) for r in responses)  # not even the birth date
    assert "resident typed 150102********" in caplog.text and "formatted early: 150102" in caplog.text
    assert number not in caplog.text
