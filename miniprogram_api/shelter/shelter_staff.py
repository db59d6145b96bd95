"""Shelter staff (role `shelter`): kennels, intake, records, medical entries, QR scans, gate check-ins, open days
and the adoption review."""
from typing import Annotated, Literal

from flask import Blueprint, Response
from pydantic import Field

from backend.core.inputs import Offset
from backend.shelter import adoptions, bookings, open_days
from backend.shelter import records as shelter
from backend.shelter.inputs import (
    AdoptionRejectInput,
    CheckinInput,
    ClosureInput,
    DogStatusInput,
    DogUpdateInput,
    IntakeInput,
    KennelInput,
    MedicalInput,
    OpenDayInput,
    OpenDayRuleInput,
)
from backend.shelter.models.shelter import DOG_STATUSES
from miniprogram_api.routing import Page, endpoint
from miniprogram_api.schemas import In
from miniprogram_api.shelter import serializers as out
from miniprogram_api.shelter.schemas import (
    BookingOut,
    ClosureOut,
    KennelOut,
    MedicalOut,
    OpenDayRuleOut,
    ScanOut,
    SlotOut,
    StaffAdoptionOut,
    StaffDogOut,
)

bp = Blueprint("shelter_staff", __name__)
SHELTER = ("shelter",)


class DogsQuery(In):
    status: Literal[DOG_STATUSES] | None = None  # type: ignore[valid-type]
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Offset = 0


class AdoptionQueueQuery(In):
    status: Literal["submitted", "approved", "rejected", "completed", "withdrawn"] = "submitted"
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Offset = 0


class ScanIn(In):
    text: Annotated[str, Field(min_length=2, max_length=256, description="扫码得到的内容（网址或编码）")]


class Empty(In):
    """No fields."""


def _png(data: bytes) -> Response:
    return Response(data, mimetype="image/png", headers={"Cache-Control": "private, max-age=3600"})


@endpoint(bp, "/api/v1/staff/shelter/kennels", "POST", summary="新增犬舍（带二维码）", tag="shelter", auth="staff",
          roles=SHELTER, body=KennelInput, response=KennelOut, status=201, errors=("kennel_exists",))
def add_kennel(staff, body: KennelInput):
    return out.kennel(shelter.add_kennel(staff.id, body), 0)


@endpoint(bp, "/api/v1/staff/shelter/kennels", summary="犬舍及占用", tag="shelter", auth="staff", roles=SHELTER,
          response=list[KennelOut])
def list_kennels(staff):
    return [out.kennel(k, n) for k, n in shelter.list_kennels()]


@endpoint(bp, "/api/v1/staff/shelter/kennels/<kennel_id>/qrcode.png", summary="犬舍二维码 PNG", tag="shelter",
          auth="staff", roles=SHELTER, media_type="image/png", errors=("kennel_not_found",))
def kennel_qrcode(staff, kennel_id: str):
    return _png(shelter.kennel_qr_png(kennel_id))


@endpoint(bp, "/api/v1/staff/shelter/dogs", "POST",
          summary="收容登记（犬牌或芯片与犬证相符时立即通知犬主）", tag="shelter", auth="staff", roles=SHELTER,
          body=IntakeInput, response=StaffDogOut, status=201,
          errors=("kennel_not_found", "kennel_full", "unknown_upload", "stray_report_not_found", "unknown_resident"))
def take_in(staff, body: IntakeInput):
    return out.staff_dog(shelter.dog_record(shelter.take_in(staff.id, body).dog))


@endpoint(bp, "/api/v1/staff/shelter/dogs", summary="在册犬只（总数见 X-Total-Count）", tag="shelter", auth="staff",
          roles=SHELTER, query=DogsQuery, response=list[StaffDogOut])
def list_dogs(staff, query: DogsQuery):
    records, total = shelter.list_dogs(query.status, query.limit, query.offset)
    return Page([out.staff_dog(r) for r in records], total)


@endpoint(bp, "/api/v1/staff/shelter/dogs/<dog_id>", summary="犬只完整记录", tag="shelter", auth="staff",
          roles=SHELTER, response=StaffDogOut, errors=("shelter_dog_not_found",))
def get_dog(staff, dog_id: str):
    return out.staff_dog(shelter.dog_record(shelter.get_dog(dog_id)))


@endpoint(bp, "/api/v1/staff/shelter/dogs/<dog_id>", "PATCH", summary="修改犬只信息、换犬舍", tag="shelter",
          auth="staff", roles=SHELTER, body=DogUpdateInput, response=StaffDogOut,
          errors=("shelter_dog_not_found", "kennel_not_found", "kennel_full", "unknown_upload"))
def update_dog(staff, dog_id: str, body: DogUpdateInput):
    return out.staff_dog(shelter.dog_record(shelter.update_dog(staff.id, dog_id, body)))


@endpoint(bp, "/api/v1/staff/shelter/dogs/<dog_id>/status", "POST",
          summary="变更犬只状态（观察期满开放领养、主人领回、转出、死亡）", tag="shelter", auth="staff", roles=SHELTER,
          body=DogStatusInput, response=StaffDogOut,
          errors=("shelter_dog_not_found", "dog_status_conflict", "quarantine_not_over",
                  "rabies_vaccination_missing"))
def change_status(staff, dog_id: str, body: DogStatusInput):
    return out.staff_dog(shelter.dog_record(shelter.change_status(staff.id, dog_id, body)))


@endpoint(bp, "/api/v1/staff/shelter/dogs/<dog_id>/medical", "POST", summary="登记免疫、驱虫、消毒、诊疗",
          tag="shelter", auth="staff", roles=SHELTER, body=MedicalInput, response=MedicalOut, status=201,
          errors=("shelter_dog_not_found",))
def add_medical(staff, dog_id: str, body: MedicalInput):
    return out.medical(shelter.add_medical_entry(staff.id, dog_id, body))


@endpoint(bp, "/api/v1/staff/shelter/dogs/<dog_id>/qrcode.png", summary="犬只二维码 PNG", tag="shelter",
          auth="staff", roles=SHELTER, media_type="image/png", errors=("shelter_dog_not_found",))
def dog_qrcode(staff, dog_id: str):
    return _png(shelter.dog_qr_png(dog_id))


@endpoint(bp, "/api/v1/staff/shelter/scan", "POST", summary="扫犬舍或犬只二维码，返回完整记录", tag="shelter",
          auth="staff", roles=SHELTER, body=ScanIn, response=ScanOut, errors=("scan_unknown",))
def scan(staff, body: ScanIn):
    found = shelter.scan(body.text)
    kennel = None
    if found.kennel is not None:
        kennel = out.kennel(found.kennel, sum(1 for r in found.dogs if r.dog.kennel_id == found.kennel.id))
    return {"kind": found.kind, "kennel": kennel, "dogs": [out.staff_dog(d) for d in found.dogs]}


@endpoint(bp, "/api/v1/staff/adoption/open-day-rule", summary="开放日每周规则", tag="shelter", auth="staff",
          roles=SHELTER, response=OpenDayRuleOut)
def get_rule(staff):
    return _rule(open_days.rule())


def _rule(rule) -> dict:
    return {"weekdays": rule.weekdays, "slots": rule.slots, "book_days_ahead": rule.book_days_ahead,
            "book_opens_hour": rule.book_opens_hour}


@endpoint(bp, "/api/v1/staff/adoption/open-day-rule", "PUT", summary="修改开放日每周规则（已生成的日期不变）",
          tag="shelter", auth="staff", roles=SHELTER, body=OpenDayRuleInput, response=OpenDayRuleOut)
def set_rule(staff, body: OpenDayRuleInput):
    return _rule(open_days.set_rule(staff.id, body))


@endpoint(bp, "/api/v1/staff/adoption/open-days", "POST", summary="增设开放日或时段", tag="shelter", auth="staff",
          roles=SHELTER, body=OpenDayInput, response=list[SlotOut], status=201, errors=("slot_exists",))
def add_open_day(staff, body: OpenDayInput):
    return [out.slot(s) for s in open_days.add_open_day(staff.id, body)]


@endpoint(bp, "/api/v1/staff/adoption/closures", "POST",
          summary="设置闭馆日（节假日之外的临时闭馆；该日的预约自动取消并通知预约人）", tag="shelter",
          auth="staff", roles=SHELTER, body=ClosureInput, response=ClosureOut, status=201,
          errors=("already_closed",))
def close_day(staff, body: ClosureInput):
    closed = open_days.close_day(staff.id, body)
    return {"date": closed.closure.day.isoformat(), "reason": closed.closure.reason,
            "cancelled_bookings": closed.cancelled_bookings}


@endpoint(bp, "/api/v1/staff/adoption/checkins", "POST", summary="入场扫码签到（每个签到码只能用一次）",
          tag="shelter", auth="staff", roles=SHELTER, body=CheckinInput, response=BookingOut,
          errors=("checkin_code_invalid", "already_checked_in", "booking_not_active", "checkin_wrong_day"))
def check_in(staff, body: CheckinInput):
    booked = bookings.check_in(staff.id, body.checkin_code)
    return out.booking(booked.booking, booked.slot)


@endpoint(bp, "/api/v1/staff/adoption/applications", summary="领养申请队列（最早提交在前）", tag="shelter",
          auth="staff", roles=SHELTER, query=AdoptionQueueQuery, response=list[StaffAdoptionOut])
def adoption_queue(staff, query: AdoptionQueueQuery):
    items, total = adoptions.queue(query.status, query.limit, query.offset)
    return Page([out.staff_adoption(a, dog) for a, dog in items], total)


@endpoint(bp, "/api/v1/staff/adoption/applications/<application_id>/approve", "POST",
          summary="通过领养申请（为领养人保留犬只）", tag="shelter", auth="staff", roles=SHELTER, body=Empty,
          response=StaffAdoptionOut, errors=("adoption_not_found", "adoption_status_conflict", "dog_status_conflict"))
def approve_adoption(staff, application_id: str, body: Empty):
    application = adoptions.approve(staff.id, application_id)
    return out.staff_adoption(application, shelter.get_dog(application.dog_id))


@endpoint(bp, "/api/v1/staff/adoption/applications/<application_id>/reject", "POST", summary="驳回领养申请",
          tag="shelter", auth="staff", roles=SHELTER, body=AdoptionRejectInput, response=StaffAdoptionOut,
          errors=("adoption_not_found", "adoption_status_conflict"))
def reject_adoption(staff, application_id: str, body: AdoptionRejectInput):
    application = adoptions.reject(staff.id, application_id, body.reason)
    return out.staff_adoption(application, shelter.get_dog(application.dog_id))


@endpoint(bp, "/api/v1/staff/adoption/applications/<application_id>/complete", "POST",
          summary="领养交接完成（自动为领养人提交犬证申请）", tag="shelter", auth="staff", roles=SHELTER, body=Empty,
          response=StaffAdoptionOut,
          errors=("adoption_not_found", "adoption_status_conflict", "rabies_vaccination_missing",
                  "dog_photo_missing", "household_limit_reached", "breed_banned"))
def complete_adoption(staff, application_id: str, body: Empty):
    application = adoptions.complete(staff.id, application_id)
    return out.staff_adoption(application, shelter.get_dog(application.dog_id))
