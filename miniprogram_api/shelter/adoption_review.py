"""The keeper's reads for adoption (role `shelter`): one application with the adopter's answers, the dog and the
eligibility rules re-read today; who booked an open-day slot; the closed days of a period."""
from datetime import timedelta

from flask import Blueprint

from backend.audit import trail as audit
from backend.core import clock
from backend.shelter import adoption_checks, adoptions, open_days, slot_bookings
from backend.shelter import records as shelter
from backend.shelter.inputs import RangeQuery
from miniprogram_api.routing import endpoint
from miniprogram_api.shelter import serializers as out
from miniprogram_api.shelter.records_schemas import ClosedDayOut, SlotBookingsOut, StaffAdoptionDetailOut

bp = Blueprint("adoption_review", __name__)
SHELTER = ("shelter",)


@endpoint(bp, "/api/v1/staff/adoption/applications/<application_id>",
          summary="领养申请详情（申请人填写的内容、犬只、按今天核对的领养条件、办理记录）", tag="shelter", auth="staff",
          roles=SHELTER, response=StaffAdoptionDetailOut, errors=("adoption_not_found",))
def application_detail(staff, application_id: str):
    application = adoptions.get(application_id)
    dog = shelter.get_dog(application.dog_id)
    return {**out.staff_adoption(application, dog), "experience": application.experience,
            "reason": application.reason, "decided_at": clock.isoformat(application.decided_at),
            "completed_at": clock.isoformat(application.completed_at), "dog": out.staff_dog(shelter.dog_record(dog)),
            "eligibility": [vars(c) for c in adoption_checks.eligibility(application, dog)],
            "history": [c.to_dict() for c in audit.history("adoption", application.id)]}


@endpoint(bp, "/api/v1/staff/adoption/slots/<slot_id>/bookings", summary="开放日时段的预约名单（签到、取消、未到场）",
          tag="shelter", auth="staff", roles=SHELTER, response=SlotBookingsOut, errors=("slot_not_found",))
def bookings_of_slot(staff, slot_id: str):
    slot, bookings = slot_bookings.bookings_of_slot(slot_id)
    return {"slot": out.slot(slot), "date": slot.day.isoformat(),
            "bookings": [{"id": b.booking.id, "status": b.booking.status, "visitor": f"访客…{b.booking.user_id[-4:]}",
                          "checkin_code_tail": b.booking.checkin_code[-4:],
                          "booked_at": clock.isoformat(b.booking.created_at),
                          "checked_in_at": clock.isoformat(b.booking.checked_in_at),
                          "cancelled_at": clock.isoformat(b.booking.cancelled_at),
                          "recent_no_shows": b.recent_no_shows} for b in bookings]}


@endpoint(bp, "/api/v1/staff/adoption/closures", summary="闭馆日（人工设置的及法定节假日；默认今天起28天）",
          tag="shelter", auth="staff", roles=SHELTER, query=RangeQuery, response=list[ClosedDayOut],
          errors=("validation_failed",))
def closed_days(staff, query: RangeQuery):
    start = query.from_ or clock.today()
    end = query.to or start + timedelta(days=27)
    return [{"date": d.day.isoformat(), "reason": d.reason, "manual": d.manual}
            for d in open_days.closed_days(start, end)]
