from tests.support import factories


def test_apply_approve_and_read_licence(resident, staff, client):
    alice = resident("alice")
    photo = alice.upload_photo()
    created = alice.post("/api/v1/licence-applications", json=factories.application([photo]))
    assert created.status_code == 201, created.get_json()
    application_id = created.get_json()["id"]
    reviewer = staff("reviewer")
    queue = reviewer.get("/api/v1/staff/licence-applications?status=pending_review")
    assert [item["id"] for item in queue.get_json()] == [application_id]
    approved = reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/approve")
    assert approved.status_code == 200, approved.get_json()
    licences = alice.get("/api/v1/licences").get_json()
    assert len(licences) == 1 and licences[0]["status"] == "active"
    assert licences[0]["owner"]["id_number"].count("*") == 8
