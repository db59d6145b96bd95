"""Lost reports, the public board, found reports with matching, the tag relay, and the shelter as a finder."""
from datetime import timedelta

import pytest

from backend.core import clock
from tests.support import factories
from tests.support import shelter as shelter_support

HOME = {"lat": 40.842, "lng": 111.749, "address": "新华广场东门"}
NEAR = {"lat": 40.851, "lng": 111.749, "address": "新华大街"}  # ~1 km north
FAR = {"lat": 41.30, "lng": 111.749, "address": "武川县"}  # ~50 km north


def when(hours_ago: float) -> str:
    return clock.isoformat(clock.now() - timedelta(hours=hours_ago))


def kinds(who) -> list[str]:
    return [n["kind"] for n in who.get("/api/v1/notifications").get_json()]


def lose(owner, licence: dict, hours_ago: float = 5, **fields):
    body = {"licence_id": licence["id"], "lost_at": when(hours_ago), "location": HOME, "note": "戴红色项圈", **fields}
    return owner.post("/api/v1/lost-reports", json=body)


def found_body(**fields) -> dict:
    dog = {"breed": "", "sex": "male", "colour": "黄", "size": "medium", "description": "很亲人"}
    dog.update(fields.pop("dog", {}))
    return {"dog": dog, "found_at": when(1), "location": NEAR, "photo_upload_ids": [], "message": "在小区门口",
            **fields}


@pytest.fixture
def lost_dog(resident, licensed):
    owner = resident("owner")
    licence = licensed(owner)
    response = lose(owner, licence)
    assert response.status_code == 201, response.get_json()
    return owner, licence, response.get_json()


def test_a_lost_licensed_dog_shows_lost_on_its_tag_and_on_the_board(client, lost_dog):
    owner, licence, report = lost_dog
    assert report["status"] == "open" and report["licensed"] and report["dog"]["name"] == licence["dog"]["name"]
    token = licence["tag_url"].rsplit("/", 1)[1]
    assert client.get(f"/t/{token}", headers={"Accept": "application/json"}).get_json()["lost"] is True
    board = client.get("/api/v1/lost-reports?lat=40.85&lng=111.75&radius_km=5").get_json()
    assert [r["id"] for r in board] == [report["id"]]
    assert 0 < board[0]["distance_km"] < 2
    text = str(board)
    for private in (licence["owner"]["name"], licence["owner"]["phone"], licence["owner"]["address"]):
        assert private not in text
    assert "lost_report_opened" in kinds(owner)


def test_the_board_sorts_by_distance_and_keeps_to_its_radius(client, resident, licensed):
    near_owner, far_owner = resident("near"), resident("far")
    assert lose(near_owner, licensed(near_owner), location=NEAR).status_code == 201
    other_household = {"number": factories.id_number(seq="456"), "address": "玉泉区大南街8号院1单元101",
                       "zone_code": "yuquan-key"}
    assert lose(far_owner, licensed(far_owner, owner_fields=other_household), location=HOME).status_code == 201
    board = client.get(f"/api/v1/lost-reports?lat={NEAR['lat']}&lng={NEAR['lng']}&radius_km=3").get_json()
    assert [r["location"]["address"] for r in board] == ["新华大街", "新华广场东门"]
    assert client.get("/api/v1/lost-reports?lat=41.3&lng=111.749&radius_km=3").get_json() == []


def test_the_board_without_a_place_shows_the_citys_newest_first(client, resident, licensed):
    """API.md's public board: no place needed (the mini-program opens it before asking for a location)."""
    def household(seq: str, address: str) -> dict:
        return {"number": factories.id_number(seq=seq), "address": address, "zone_code": "yuquan-key"}

    older, newer, outside = resident("older"), resident("newer"), resident("outside")
    assert lose(older, licensed(older), hours_ago=30, location=HOME).status_code == 201
    assert lose(newer, licensed(newer, owner_fields=household("456", "玉泉区大南街8号")), hours_ago=2,
                location=NEAR).status_code == 201
    assert lose(outside, licensed(outside, owner_fields=household("789", "玉泉区大南街9号")), hours_ago=1,
                location=FAR).status_code == 201  # ~51 km from the city centre
    board = client.get("/api/v1/lost-reports")
    assert board.status_code == 200, board.get_json()
    assert [r["location"]["address"] for r in board.get_json()] == ["新华大街", "新华广场东门"]
    assert all(r["distance_km"] is None for r in board.get_json())
    first = client.get("/api/v1/lost-reports?limit=1").get_json()
    assert [r["location"]["address"] for r in first] == ["新华大街"]
    centre_only = client.get("/api/v1/lost-reports?radius_km=0.5").get_json()
    assert [r["location"]["address"] for r in centre_only] == ["新华广场东门"]
    # With a place it is as before: nearest first within the radius, with distances.
    near = client.get(f"/api/v1/lost-reports?lat={HOME['lat']}&lng={HOME['lng']}&radius_km=3").get_json()
    assert [r["location"]["address"] for r in near] == ["新华广场东门", "新华大街"] and near[0]["distance_km"] == 0
    half = client.get("/api/v1/lost-reports?lat=40.842")
    assert half.status_code == 422 and "lat 和 lng" in str(half.get_json()["error"]["details"])


def test_one_open_report_per_licence_and_closing_clears_the_tag(client, lost_dog):
    owner, licence, report = lost_dog
    again = lose(owner, licence)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "lost_report_exists"
    closed = owner.post(f"/api/v1/lost-reports/{report['id']}/close", json={"outcome": "reunited"})
    assert closed.status_code == 200 and closed.get_json()["status"] == "reunited"
    token = licence["tag_url"].rsplit("/", 1)[1]
    assert client.get(f"/t/{token}", headers={"Accept": "application/json"}).get_json()["lost"] is False
    assert client.get(f"/api/v1/lost-reports/{report['id']}").status_code == 404
    twice = owner.post(f"/api/v1/lost-reports/{report['id']}/close", json={"outcome": "given_up"})
    assert twice.status_code == 409 and twice.get_json()["error"]["code"] == "lost_report_closed"


def test_nobody_reports_or_closes_another_persons_dog(resident, lost_dog):
    _owner, licence, report = lost_dog
    mallory = resident("mallory")
    assert lose(mallory, licence).status_code == 404
    response = mallory.post(f"/api/v1/lost-reports/{report['id']}/close", json={"outcome": "given_up"})
    assert response.status_code == 404
    assert mallory.get(f"/api/v1/lost-reports/{report['id']}/mine").status_code == 404


def test_an_unlicensed_dog_is_reported_with_a_description_and_photos(client, resident):
    owner = resident("nolicence")
    photo = owner.upload_photo()
    response = owner.post("/api/v1/lost-reports", json={
        "dog": {"name": "旺财", "breed": "中华田园犬", "sex": "male", "colour": "黄", "size": "medium",
                "description": "右耳缺一角", "photo_upload_ids": [photo]},
        "lost_at": when(3), "location": HOME})
    assert response.status_code == 201, response.get_json()
    report = response.get_json()
    assert not report["licensed"] and report["dog"]["description"] == "右耳缺一角"
    photo_url = report["dog"]["photo_urls"][0]
    assert client.get(photo_url).status_code == 200  # public: the board shows it


def test_a_found_report_matches_the_lost_dog_and_tells_the_owner_without_owner_data(resident, lost_dog, licensed):
    owner, licence, lost = lost_dog
    finder = resident("finder")
    dog = licence["dog"]
    response = finder.post("/api/v1/found-reports", json=found_body(
        dog={"breed": dog["breed"], "sex": dog["sex"], "colour": dog["colour"], "size": "unknown"}))
    assert response.status_code == 201, response.get_json()
    found = response.get_json()
    assert [m["lost"]["id"] for m in found["matches"]] == [lost["id"]]
    assert found["matches"][0]["kind"] == "score" and found["matches"][0]["score"] >= 0.6
    text = str(found)
    for private in (licence["owner"]["name"], licence["owner"]["phone"], licence["owner"]["id_number"]):
        assert private not in text
    assert "lost_match_found" in kinds(owner)
    mine = owner.get(f"/api/v1/lost-reports/{lost['id']}/mine").get_json()
    match = mine["matches"][0]
    assert match["found"]["id"] == found["id"] and match["found"]["source"] == "public"
    assert "finder" not in str(match["found"]).lower()
    # The match opened a thread: the owner writes, the finder is told and answers.
    thread_id = match["thread_id"]
    assert owner.post(f"/api/v1/relay-threads/{thread_id}/messages", json={"text": "请问在哪里？"}).status_code == 201
    assert "relay_message" in kinds(finder)
    answer = finder.post(f"/api/v1/relay-threads/{thread_id}/messages", json={"text": "新华大街，我先照看着"})
    assert [m["mine"] for m in answer.get_json()["messages"]] == [False, True]


@pytest.mark.parametrize("case, fields", [
    ("found 50 km away", {"location": FAR}),
    ("different sex", {"dog": {"sex": "female"}}),
    ("different colour and breed", {"dog": {"breed": "哈士奇", "colour": "黑白"}}),
    ("found before it was lost", {"found_at": when(30)}),
])
def test_a_found_report_unlike_the_lost_dog_matches_nothing(resident, lost_dog, case, fields):
    owner, licence, _lost = lost_dog
    fields = dict(fields)  # the parameters are shared by the SQLite and the MariaDB run
    dog = {"breed": licence["dog"]["breed"], "sex": licence["dog"]["sex"], "colour": licence["dog"]["colour"]}
    dog.update(fields.pop("dog", {}))
    response = resident("finder").post("/api/v1/found-reports", json=found_body(dog=dog, **fields))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["matches"] == [], case
    assert "lost_match_found" not in kinds(owner)


def test_a_tag_token_on_a_found_report_wins_outright(resident, lost_dog):
    _owner, licence, _lost = lost_dog
    token = licence["tag_url"].rsplit("/", 1)[1]
    response = resident("finder").post("/api/v1/found-reports", json=found_body(
        dog={"breed": "藏獒", "sex": "unknown", "colour": "黑"}, location=FAR, tag_token=token))
    assert [m["kind"] for m in response.get_json()["matches"]] == ["tag"]


def test_a_lost_report_matches_found_reports_made_before_it_and_tells_the_finder(resident, licensed):
    owner, finder = resident("owner"), resident("finder")
    licence = licensed(owner)
    dog = licence["dog"]
    found = finder.post("/api/v1/found-reports", json=found_body(
        dog={"breed": dog["breed"], "sex": dog["sex"], "colour": dog["colour"]})).get_json()
    assert found["matches"] == []
    lost = lose(owner, licence).get_json()
    assert [m["found"]["id"] for m in lost["matches"]] == [found["id"]]
    assert "found_match_found" in kinds(finder)
    mine = finder.get(f"/api/v1/found-reports/{found['id']}").get_json()
    assert mine["matches"][0]["lost"]["id"] == lost["id"]
    # Reunited through that match: the finder is thanked and the found report closes.
    closed = owner.post(f"/api/v1/lost-reports/{lost['id']}/close",
                        json={"outcome": "reunited", "match_id": lost["matches"][0]["id"]})
    assert closed.status_code == 200
    assert finder.get(f"/api/v1/found-reports/{found['id']}").get_json()["status"] == "returned"
    assert "found_owner_reunited" in kinds(finder)


def test_the_shelter_taking_in_a_lost_dog_tells_its_owner(staff, lost_dog):
    owner, licence, lost = lost_dog
    dog = licence["dog"]
    keeper = staff("shelter")
    shelter_support.take_in(keeper, breed=dog["breed"], sex=dog["sex"], colour=dog["colour"],
                            location={"lat": 40.846, "lng": 111.75, "address": "赛罕区昭乌达路"})
    mine = owner.get(f"/api/v1/lost-reports/{lost['id']}/mine").get_json()
    assert [m["found"]["source"] for m in mine["matches"]] == ["shelter"]
    assert mine["matches"][0]["found"]["shelter_dog_no"]
    assert "lost_match_found" in kinds(owner)


def test_a_tag_match_at_the_shelter_tells_the_owner_once(staff, lost_dog):
    owner, licence, lost = lost_dog
    keeper = staff("shelter")
    shelter_support.take_in(keeper, tag_token=licence["tag_url"].rsplit("/", 1)[1])
    notices = kinds(owner)
    assert notices.count("shelter_found_your_dog") == 1 and "lost_match_found" not in notices
    mine = owner.get(f"/api/v1/lost-reports/{lost['id']}/mine").get_json()
    assert [m["kind"] for m in mine["matches"]] == ["tag"]


def test_every_kind_of_report_stores_the_bits_of_its_colour(app, staff, resident, lost_dog):
    """The SQL bound on matching reads colour_bits: a licensed dog's report, an unlicensed one, a finder's report and
    a shelter intake all write them with the colour."""
    from backend.core.database.extensions import db
    from backend.reports.matching_rules import colour_bits
    from backend.reports.models.reports import FoundReport, LostReport

    dog = {"sex": "male", "colour": "黄白花", "size": "medium", "description": "右耳缺一角"}
    unlicensed = resident("nolicence").post("/api/v1/lost-reports",
                                            json={"dog": dog, "lost_at": when(3), "location": HOME})
    assert unlicensed.status_code == 201, unlicensed.get_json()
    finder = resident("finder").post("/api/v1/found-reports", json=found_body(dog={"colour": "ＢＬＡＣＫ"}))
    assert finder.status_code == 201, finder.get_json()
    shelter_support.take_in(staff("shelter"), colour="黑白")
    with app.app_context():
        stored = [(r.colour, r.colour_bits) for model in (LostReport, FoundReport)
                  for r in db.session.scalars(db.select(model))]
    written = [lost_dog[1]["dog"]["colour"], "黄白花", "ＢＬＡＣＫ", "黑白"]
    assert sorted(colour for colour, _ in stored) == sorted(written)
    assert all(bits == colour_bits(colour) for colour, bits in stored), stored


def test_bad_places_and_times_are_refused_and_nothing_is_stored(client, resident, licensed):
    owner = resident("owner")
    licence = licensed(owner)
    for body, field in (
        ({"location": {"lat": 91, "lng": 111}}, "location.lat"),
        ({"location": {"lat": 40, "lng": 181}}, "location.lng"),
        ({"lost_at": clock.isoformat(clock.now() + timedelta(days=1))}, "lost_at"),
        ({"note": "长" * 501}, "note"),
    ):
        response = lose(owner, licence, **body)
        assert response.status_code == 422, body
        assert field in response.get_json()["error"]["details"], response.get_json()
    both = owner.post("/api/v1/lost-reports", json={"licence_id": licence["id"], "dog": {"sex": "male"},
                                                     "lost_at": when(1), "location": HOME})
    assert both.status_code == 422
    assert owner.get("/api/v1/lost-reports/mine").get_json() == []
    token = licence["tag_url"].rsplit("/", 1)[1]
    assert client.get(f"/t/{token}", headers={"Accept": "application/json"}).get_json()["lost"] is False


def test_risky_text_is_refused_and_review_text_is_kept_off_the_board(client, resident, licensed):
    owner = resident("owner")
    licence = licensed(owner)
    risky = lose(owner, licence, note="出售枪支")
    assert risky.status_code == 422 and risky.get_json()["error"]["code"] == "content_risky"
    assert owner.get("/api/v1/lost-reports/mine").get_json() == []
    review = lose(owner, licence, note="加微信领赏")
    assert review.status_code == 201
    board = client.get("/api/v1/lost-reports?lat=40.842&lng=111.749").get_json()
    assert board[0]["note"] == ""


def test_wechat_down_does_not_stop_a_report(resident, licensed, sandbox):
    owner = resident("owner")
    licence = licensed(owner)
    sandbox.store.add_fault("msg_sec_check", -1, 1)
    response = lose(owner, licence, note="黄色柯基")
    assert response.status_code == 201
    assert response.get_json()["note"] == ""  # flagged for staff, not shown until looked at


def test_staff_approve_or_remove_text_that_wechat_asked_a_person_to_review(client, resident, licensed, staff):
    owner = resident("owner")
    report = lose(owner, licensed(owner), note="加微信领赏，黄色柯基").get_json()
    service = staff("service")
    queue = service.get("/api/v1/staff/flagged-content").get_json()
    assert [(i["kind"], i["id"], i["text"]) for i in queue] == [("lost_report", report["id"], "加微信领赏，黄色柯基")]
    approved = service.post(f"/api/v1/staff/flagged-content/lost_report/{report['id']}", json={"verdict": "approve"})
    assert approved.status_code == 200
    assert client.get(f"/api/v1/lost-reports/{report['id']}").get_json()["note"] == "加微信领赏，黄色柯基"
    assert service.get("/api/v1/staff/flagged-content").get_json() == []
    again = service.post(f"/api/v1/staff/flagged-content/lost_report/{report['id']}", json={"verdict": "remove"})
    assert again.status_code == 404
    assert staff("reviewer").get("/api/v1/staff/flagged-content").status_code == 403


def test_removed_text_is_blanked_and_the_report_stays(client, resident, staff):
    volunteer = resident("volunteer")
    stray = volunteer.post("/api/v1/stray-reports", json={
        "location": HOME, "count": 1, "description": "代购狗粮 一只黑狗"}).get_json()
    service = staff("service")
    assert service.post(f"/api/v1/staff/flagged-content/stray_report/{stray['id']}",
                        json={"verdict": "remove"}).status_code == 200
    assert volunteer.get(f"/api/v1/stray-reports/{stray['id']}").get_json()["description"] == ""
    assert service.post(f"/api/v1/staff/flagged-content/nonsense/{stray['id']}",
                        json={"verdict": "remove"}).status_code == 404
