"""查询留痕: staff see residents' phones and addresses masked; the full values only through the reveal action,
which records who looked, when, at which record, which fields and why; the admin lists those records, and nobody
else can. Residents still see their own details in full."""
from datetime import timedelta

from backend.core import clock
from tests.support import factories
from tests.support import shelter as sh

PHONE, ADDRESS = "13800138000", "新城区海拉尔东街1号院2单元301"


def reveal(who, record_type: str, record_id: str, fields=("phone",), reason: str = ""):
    return who.post("/api/v1/staff/personal-data/reveal", json={
        "record_type": record_type, "record_id": record_id, "fields": list(fields), "reason": reason})


def access_log(admin, **query):
    return admin.get("/api/v1/staff/personal-data/access-log", query_string=query)


def test_the_reviewer_sees_phone_and_address_masked_and_the_district_kept(resident, staff, submitted):
    alice = resident("alice")
    application_id = submitted(alice)
    response = staff("reviewer").get(f"/api/v1/staff/licence-applications/{application_id}")
    owner = response.get_json()["owner"]
    assert owner["phone"] == "138****8000" and owner["address"] == "新城区****"
    assert owner["zone_code"] == "xincheng-key" and owner["masked_fields"] == ["phone", "address"]
    assert "*" in owner["id_number"]
    text = response.get_data(as_text=True)
    assert PHONE not in text and "海拉尔东街" not in text
    # the resident's own view is unchanged
    own = alice.get(f"/api/v1/licence-applications/{application_id}").get_json()["owner"]
    assert own["phone"] == PHONE and own["address"] == ADDRESS


def test_a_reveal_returns_the_full_values_and_leaves_a_record_the_admin_lists(resident, staff, submitted):
    alice = resident("alice")
    application_id = submitted(alice)
    reviewer, admin = staff("reviewer"), staff("admin")
    revealed = reveal(reviewer, "licence_application", application_id, ("phone", "address"), "核实住址是否在辖区")
    assert revealed.status_code == 200, revealed.get_json()
    body = revealed.get_json()
    assert body["phone"] == PHONE and body["address"] == ADDRESS and body["access_id"]

    listed = access_log(admin)
    assert listed.status_code == 200 and listed.headers["X-Total-Count"] == "1"
    [entry] = listed.get_json()
    assert entry["id"] == body["access_id"] and entry["accessed_at"] == body["accessed_at"]
    assert entry["staff_username"] == reviewer.username and entry["staff_role"] == "reviewer"
    assert (entry["record_type"], entry["record_id"]) == ("licence_application", application_id)
    assert entry["subject_user_id"] == alice.user_id
    assert entry["fields"] == ["phone", "address"] and entry["reason"] == "核实住址是否在辖区"
    assert entry["client_ip"] == "127.0.0.1"  # the test client's address
    assert PHONE not in listed.get_data(as_text=True)  # the log records the look, not the value


def test_only_the_named_fields_are_revealed_and_every_look_is_recorded(resident, staff, submitted):
    application_id = submitted(resident("alice"))
    reviewer, admin = staff("reviewer"), staff("admin")
    first = reveal(reviewer, "licence_application", application_id, ("phone",)).get_json()
    assert first["phone"] == PHONE and first["address"] is None
    second = reveal(reviewer, "licence_application", application_id, ("address",)).get_json()
    assert second["address"] == ADDRESS and second["phone"] is None
    entries = access_log(admin).get_json()
    assert [e["fields"] for e in entries] == [["address"], ["phone"]]  # newest first


def test_non_admins_cannot_list_the_record(staff):
    for role in ("reviewer", "shelter", "dispatcher", "service"):
        response = access_log(staff(role))
        assert response.status_code == 403 and response.get_json()["error"]["code"] == "role_required"


def test_a_role_cannot_reveal_records_it_does_not_work_on_and_a_refusal_leaves_no_value(resident, staff, submitted):
    application_id = submitted(resident("alice"))
    admin = staff("admin")
    for role in ("shelter", "dispatcher", "service"):
        response = reveal(staff(role), "licence_application", application_id)
        assert response.status_code == 403 and PHONE not in response.get_data(as_text=True)
    unknown = reveal(staff("reviewer"), "licence_application", "01JZZZZZZZZZZZZZZZZZZZZZZZ")
    assert unknown.status_code == 404 and unknown.get_json()["error"]["code"] == "record_not_found"
    bad = reveal(staff("reviewer"), "licence_application", application_id, ("id_number",))
    assert bad.status_code == 422 and "fields" in str(bad.get_json()["error"]["details"])
    assert access_log(admin).headers["X-Total-Count"] == "0"
    assert reveal(admin, "licence_application", application_id).status_code == 200  # admins may open any


def test_the_shelter_sees_adopters_masked_and_reveals_them_recorded(resident, staff):
    keeper, admin = staff("shelter"), staff("admin")
    dog = sh.adoptable(keeper)
    adopter = resident("adopter")
    applied = adopter.post("/api/v1/adoption/applications", json={
        "dog_id": dog["id"], "adopter": sh.adopter(), "housing": "owned", "experience": "养过狗", "reason": "喜欢"})
    application_id = applied.get_json()["id"]
    assert applied.get_json()["adopter"]["phone"] == PHONE  # the adopter's own answer
    queue = keeper.get("/api/v1/staff/adoption/applications")
    assert queue.get_json()[0]["adopter"]["phone"] == "138****8000"
    assert queue.get_json()[0]["adopter"]["address"] == "赛罕区****"
    assert PHONE not in queue.get_data(as_text=True) and "大学西街" not in queue.get_data(as_text=True)
    approved = keeper.post(f"/api/v1/staff/adoption/applications/{application_id}/approve", json={})
    assert PHONE not in approved.get_data(as_text=True)
    assert reveal(staff("reviewer"), "adoption_application", application_id).status_code == 403
    revealed = reveal(keeper, "adoption_application", application_id, ("phone",), "通知领养人交接时间")
    assert revealed.status_code == 200 and revealed.get_json()["phone"] == PHONE
    [entry] = access_log(admin, record_type="adoption_application", record_id=application_id).get_json()
    assert entry["staff_role"] == "shelter" and entry["subject_user_id"] == adopter.user_id


def test_the_admin_filters_by_staff_record_and_dates_and_pages(resident, staff, submitted):
    alice, bob = resident("alice"), resident("bob")
    first = submitted(alice)
    second = submitted(bob, owner_fields={"number": factories.id_number(seq="456"), "address": "回民区中山西路8号",
                                          "zone_code": "huimin-key"})
    one, two, admin = staff("reviewer"), staff("reviewer"), staff("admin")
    reveal(one, "licence_application", first)
    reveal(one, "licence_application", second)
    with clock.travel_to(clock.now() + timedelta(days=3)):
        reveal(two, "licence_application", second)
    later = (clock.today() + timedelta(days=3)).isoformat()

    assert access_log(admin, username=one.username).headers["X-Total-Count"] == "2"
    by_id = access_log(admin, staff_id=access_log(admin, username=two.username).get_json()[0]["staff_id"])
    assert [e["staff_username"] for e in by_id.get_json()] == [two.username]
    assert access_log(admin, record_type="licence_application", record_id=second).headers["X-Total-Count"] == "2"
    assert access_log(admin, subject_user_id=alice.user_id).headers["X-Total-Count"] == "1"
    assert access_log(admin, to=clock.today().isoformat()).headers["X-Total-Count"] == "2"
    assert [e["staff_username"] for e in access_log(admin, **{"from": later}).get_json()] == [two.username]
    page = access_log(admin, limit=2, offset=2)
    assert page.headers["X-Total-Count"] == "3" and len(page.get_json()) == 1
    backwards = access_log(admin, **{"from": later, "to": clock.today().isoformat()})
    assert backwards.status_code == 422
