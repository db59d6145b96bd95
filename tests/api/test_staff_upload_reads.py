"""Least privilege for staff reading images by id: each role reads the photos of the records it works on, and an
id outside them answers exactly like an id that does not exist."""
from backend.core import clock
from tests.support import factories
from tests.support import shelter as sh

SPOT = {"lat": 40.842, "lng": 111.749, "address": "新华广场东门"}


def read(who, upload_id: str) -> int:
    return who.get(f"/api/v1/staff/uploads/{upload_id}").status_code


def found_photo(finder) -> str:
    photo = finder.upload_photo()
    response = finder.post("/api/v1/found-reports", json={
        "dog": {"breed": "", "sex": "male", "colour": "黄", "size": "medium", "description": "很亲人"},
        "found_at": clock.isoformat(clock.now()), "location": SPOT, "photo_upload_ids": [photo],
        "message": "在我家楼下"})
    assert response.status_code == 201, response.get_json()
    return photo


def stray_photo(reporter) -> str:
    photo = reporter.upload_photo()
    response = reporter.post("/api/v1/stray-reports", json={"location": SPOT, "count": 1, "description": "一只黄狗",
                                                            "photo_upload_ids": [photo]})
    assert response.status_code == 201, response.get_json()
    return photo


def test_a_shelter_keeper_reads_shelter_dogs_but_not_found_reports_or_licence_applications(resident, staff,
                                                                                          submitted):
    keeper, colleague = staff("shelter"), staff("shelter")
    alice = resident("alice")
    application_id = submitted(alice)
    reviewer = staff("reviewer")
    application_photo = reviewer.get(f"/api/v1/staff/licence-applications/{application_id}").get_json()[
        "dog"]["photo_upload_ids"][0]
    finders_photo = found_photo(resident("finder"))
    dog = sh.take_in(colleague)
    dog_photo = dog["photo_urls"][0].rsplit("/", 1)[1]

    assert read(keeper, dog_photo) == 200  # a colleague's intake: the shelter's records are shared
    for private in (finders_photo, application_photo):
        response = keeper.get(f"/api/v1/staff/uploads/{private}")
        unknown = keeper.get("/api/v1/staff/uploads/01JZZZZZZZZZZZZZZZZZZZZZZZ")
        assert response.status_code == unknown.status_code == 404
        assert response.get_json() == unknown.get_json()  # no hint that it exists


def test_a_reviewer_reads_the_photos_of_an_application_in_review_and_nothing_of_others(resident, staff, submitted):
    alice = resident("alice")
    reviewer = staff("reviewer")
    application_id = submitted(alice)
    detail = reviewer.get(f"/api/v1/staff/licence-applications/{application_id}").get_json()
    assert detail["status"] == "pending_review"
    assert detail["photo_urls"] == [f"/api/v1/staff/uploads/{p}" for p in detail["dog"]["photo_upload_ids"]]
    response = reviewer.get(detail["photo_urls"][0])
    assert response.status_code == 200 and response.mimetype == "image/png"
    keeper = staff("shelter")
    dog_photo = sh.take_in(keeper)["photo_urls"][0].rsplit("/", 1)[1]
    for other in (dog_photo, found_photo(resident("finder")), stray_photo(resident("volunteer"))):
        assert read(reviewer, other) == 404
    # not attached yet: a resident's draft is nobody's business
    assert read(reviewer, alice.upload_photo()) == 404


def test_dispatch_reads_stray_photos_service_reads_none_admin_reads_all(resident, staff, submitted):
    alice = resident("alice")
    stray = stray_photo(alice)
    finders = found_photo(resident("finder"))
    application_id = submitted(alice)
    application_photo = staff("reviewer").get(f"/api/v1/staff/licence-applications/{application_id}").get_json()[
        "dog"]["photo_upload_ids"][0]
    dispatcher, service, admin = staff("dispatcher"), staff("service"), staff("admin")
    assert read(dispatcher, stray) == 200
    assert read(dispatcher, finders) == 404 and read(dispatcher, application_photo) == 404
    for photo in (stray, finders, application_photo):
        assert read(service, photo) == 404
        assert read(admin, photo) == 200


def test_staff_read_their_own_upload_before_it_is_attached_but_colleagues_do_not(staff):
    keeper, colleague = staff("shelter"), staff("shelter")
    photo = sh.staff_photo(keeper)
    assert read(keeper, photo) == 200
    assert read(colleague, photo) == 404
    dog = keeper.post("/api/v1/staff/shelter/dogs", json=sh.intake_body([photo]))
    assert dog.status_code == 201
    assert read(colleague, photo) == 200  # now a shelter dog's photo


def test_residents_cannot_use_the_staff_read(resident):
    alice = resident("alice")
    photo = alice.upload_photo()
    assert alice.get(f"/api/v1/staff/uploads/{photo}").status_code == 401


def test_the_adopters_licence_application_shows_the_shelter_photos_to_its_reviewer(resident, staff):
    keeper, reviewer = staff("shelter"), staff("reviewer")
    dog = sh.adoptable(keeper)
    adopter = resident("adopter")
    applied = adopter.post("/api/v1/adoption/applications", json={
        "dog_id": dog["id"], "adopter": sh.adopter(), "housing": "owned", "experience": "养过狗", "reason": "喜欢"})
    application_id = applied.get_json()["id"]
    keeper.post(f"/api/v1/staff/adoption/applications/{application_id}/approve", json={})
    done = keeper.post(f"/api/v1/staff/adoption/applications/{application_id}/complete", json={}).get_json()
    detail = reviewer.get(f"/api/v1/staff/licence-applications/{done['licence_application_id']}").get_json()
    assert reviewer.get(detail["photo_urls"][0]).status_code == 200
    assert keeper.get(detail["photo_urls"][0]).status_code == 200  # still the shelter dog's photo
    assert factories.owner()["phone"] not in str(detail)
