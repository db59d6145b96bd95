"""Models of the staff console's shelter, adoption and dispatch endpoints (issue 17): a dog's origin and steps, the
captures awaiting intake, an adoption application with its eligibility, a slot's bookings, a report's duplicates."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from backend.reports.inputs import StrayIntakeInput
from miniprogram_api.reports.schemas import PlaceOut, StaffStrayOut
from miniprogram_api.schemas import HistoryEntry, In, Out
from miniprogram_api.shelter.schemas import SlotOut, StaffAdoptionOut, StaffDogOut


class OriginReportOut(Out):
    id: str
    status: str
    reported_at: str
    location: PlaceOut
    district: str
    count: int
    description: str
    team: str | None
    dispatched_at: str | None
    resolved_at: str | None


class DogOriginOut(Out):
    source: str = Field(description="stray_capture 捕获 | owner_surrender 弃养 | public_found 市民拾获送交")
    intake_at: str
    intake_place: str
    stray_report: OriginReportOut | None = Field(description="捕获所依据的流浪犬报告")
    surrendered: bool = Field(description="由居民弃养送来（不显示其个人信息）")
    matched_licence_id: str | None = Field(description="犬牌或芯片与之相符的犬证")


class DogStepOut(Out):
    at: str
    action: str = Field(description="taken_in | status_changed | medical_entry | updated | owner_found ...")
    from_status: str | None
    to_status: str | None
    reason: str | None
    actor_type: str = Field(description="staff | system | resident")
    actor_name: str
    data: dict = Field(description="该步骤的事实：犬舍、医疗类别、修改的字段等")


class DogHistoryOut(Out):
    dog_id: str
    origin: DogOriginOut
    steps: list[DogStepOut] = Field(description="时间先后")


class ArrivalOut(Out):
    id: str
    status: str
    reported_at: str
    dispatched_at: str | None
    location: PlaceOut
    district: str
    count: int = Field(description="报告的大约只数")
    description: str
    injured: bool
    aggressive: bool
    team: str | None
    linked_reports: int


class ArrivalIntakeIn(In):
    intakes: list[StrayIntakeInput] = Field(min_length=1, max_length=20, description="入所登记（每只一条）")
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)] = ""


class ShelterDogRef(Out):
    id: str
    dog_no: str


class ArrivalIntakeOut(Out):
    report: ArrivalOut
    shelter_dogs: list[ShelterDogRef]


class EligibilityCheckOut(Out):
    code: str
    label: str
    passed: bool
    detail: str


class StaffAdoptionDetailOut(StaffAdoptionOut):
    experience: str
    reason: str
    decided_at: str | None
    completed_at: str | None
    dog: StaffDogOut
    eligibility: list[EligibilityCheckOut] = Field(description="领养条件按今天重新核对（只读）")
    history: list[HistoryEntry]


class SlotBookingOut(Out):
    id: str
    status: str = Field(description="booked | checked_in | cancelled | no_show")
    visitor: str = Field(description="访客标识（小程序用户编号末位，不含个人信息）")
    checkin_code_tail: str = Field(description="签到码末4位（完整签到码只在访客手中）")
    booked_at: str
    checked_in_at: str | None
    cancelled_at: str | None
    recent_no_shows: int = Field(description="该访客在统计期内的未到场次数")


class SlotBookingsOut(Out):
    slot: SlotOut
    date: str
    bookings: list[SlotBookingOut]


class ClosedDayOut(Out):
    date: str
    reason: str
    manual: bool = Field(description="工作人员设置的闭馆（否则为法定节假日）")


class LinkedReportsOut(Out):
    report_id: str
    linked: list[StaffStrayOut]
