"""Adoption for the public and residents: adoptable dogs, open days, visit bookings, adoption applications."""
from datetime import timedelta

from flask import Blueprint, Response

from backend.core import clock
from backend.shelter import adoptions, bookings, open_days
from backend.shelter import public as shelter_public
from backend.shelter import records as shelter
from backend.shelter.inputs import AdoptionInput, BookingInput, ListingQuery, RangeQuery
from miniprogram_api.routing import Page, endpoint
from miniprogram_api.shelter import serializers as out
from miniprogram_api.shelter.schemas import AdoptionOut, BookingOut, OpenDayOut, PublicDogOut

bp = Blueprint("adoption", __name__)


@endpoint(bp, "/api/v1/shelter/dogs", summary="待领养犬只（可按性别、体型、月龄筛选；总数见 X-Total-Count）",
          tag="adoption", auth="none", query=ListingQuery, response=list[PublicDogOut])
def list_adoptable(query: ListingQuery):
    dogs, total = shelter_public.list_adoptable(query)
    return Page([out.public_dog(d) for d in dogs], total)


@endpoint(bp, "/api/v1/shelter/dogs/<dog_id>", summary="待领养犬只详情", tag="adoption", auth="none",
          response=PublicDogOut, errors=("shelter_dog_not_found",))
def get_adoptable(dog_id: str):
    return out.public_dog(shelter_public.adoptable_dog(dog_id))


@endpoint(bp, "/api/v1/shelter/dogs/<dog_id>/photos/<upload_id>", summary="待领养犬只照片", tag="adoption",
          auth="none", media_type="image/*", errors=("shelter_dog_not_found", "not_found"))
def adoptable_photo(dog_id: str, upload_id: str):
    data, content_type = shelter_public.adoptable_dog_photo(dog_id, upload_id)
    return Response(data, mimetype=content_type, headers={"Cache-Control": "public, max-age=86400"})


@endpoint(bp, "/api/v1/adoption/open-days", summary="开放日及各时段余量（默认今天起14天）", tag="adoption",
          auth="none", query=RangeQuery, response=list[OpenDayOut], errors=("validation_failed",))
def list_open_days(query: RangeQuery):
    start = query.from_ or clock.today()
    end = query.to or start + timedelta(days=13)
    now = clock.now()
    return [{"date": d.day.isoformat(), "closed": d.closed_reason is not None, "closed_reason": d.closed_reason,
             "booking_opens_at": clock.isoformat(d.booking_opens_at),
             "slots": [{**out.slot(s), "bookable": d.bookable(s, now)} for s in d.slots]}
            for d in open_days.open_days(start, end)]


@endpoint(bp, "/api/v1/adoption/bookings", "POST", summary="预约开放日参观（每人每天一次）", tag="adoption",
          body=BookingInput, response=BookingOut, status=201, caller_limit="30/hour",
          errors=("slot_not_found", "slot_full", "already_booked", "day_closed", "slot_past", "booking_not_open",
                  "booking_suspended"))
def book(user_id: str, body: BookingInput):
    booked = bookings.book_visit(user_id, body.slot_id)
    return out.booking(booked.booking, booked.slot)


@endpoint(bp, "/api/v1/adoption/bookings", summary="我的预约", tag="adoption", response=list[BookingOut])
def my_bookings(user_id: str):
    return [out.booking(b, s) for b, s in bookings.list_own_bookings(user_id)]


@endpoint(bp, "/api/v1/adoption/bookings/<booking_id>", "DELETE", summary="取消预约（开始前截止时间之前）",
          tag="adoption", response=BookingOut,
          errors=("booking_not_found", "booking_not_cancellable", "cancel_cutoff_passed"))
def cancel(user_id: str, booking_id: str):
    booked = bookings.cancel_booking(user_id, booking_id)
    return out.booking(booked.booking, booked.slot)


@endpoint(bp, "/api/v1/adoption/bookings/<booking_id>/qrcode.png", summary="签到码二维码 PNG", tag="adoption",
          media_type="image/png", errors=("booking_not_found",))
def booking_qrcode(user_id: str, booking_id: str):
    return Response(bookings.own_booking_qr_png(user_id, booking_id), mimetype="image/png",
                    headers={"Cache-Control": "private, max-age=3600"})


@endpoint(bp, "/api/v1/adoption/applications", "POST", summary="申请领养（领养条件按配置检查）", tag="adoption",
          body=AdoptionInput, response=AdoptionOut, status=201, caller_limit="20/day",
          errors=("shelter_dog_not_found", "dog_reserved", "adopter_not_adult", "breed_banned",
                  "household_limit_reached", "recent_surrender", "too_many_adoption_applications",
                  "adoption_already_applied", "unknown_zone"))
def apply(user_id: str, body: AdoptionInput):
    application = adoptions.apply(user_id, body)
    return out.adoption(application, shelter.get_dog(application.dog_id))


@endpoint(bp, "/api/v1/adoption/applications", summary="我的领养申请", tag="adoption", response=list[AdoptionOut])
def my_adoptions(user_id: str):
    return [out.adoption(a, dog) for a, dog in adoptions.list_own(user_id)]


@endpoint(bp, "/api/v1/adoption/applications/<application_id>", summary="领养申请详情", tag="adoption",
          response=AdoptionOut, errors=("adoption_not_found",))
def get_adoption(user_id: str, application_id: str):
    application = adoptions.get_own(user_id, application_id)
    return out.adoption(application, shelter.get_dog(application.dog_id))


@endpoint(bp, "/api/v1/adoption/applications/<application_id>", "DELETE", summary="撤回领养申请", tag="adoption",
          response=AdoptionOut, errors=("adoption_not_found", "adoption_status_conflict"))
def withdraw_adoption(user_id: str, application_id: str):
    application = adoptions.withdraw(user_id, application_id)
    return out.adoption(application, shelter.get_dog(application.dog_id))
