"""Response models for lost and found reports, matches, the relay between finder and owner, and stray reports."""
from __future__ import annotations

from pydantic import Field

from miniprogram_api.schemas import Out


class PlaceOut(Out):
    lat: float
    lng: float
    address: str


class ReportedDogOut(Out):
    name: str
    breed: str
    sex: str = Field(description="male | female | unknown")
    colour: str
    size: str = Field(description="small | medium | large | unknown")
    description: str
    photo_urls: list[str]


class LostPublicOut(Out):
    """What anybody may see of a lost report: never the owner."""
    id: str
    status: str = Field(description="open | reunited | given_up")
    licensed: bool
    lost_at: str
    location: PlaceOut
    note: str = Field(description="犬主写给公众的说明（内容待审核时为空）")
    dog: ReportedDogOut


class BoardItemOut(LostPublicOut):
    distance_km: float | None = Field(description="距查询地点的公里数；未给地点（全市最新）时为 null")


class FoundForOwnerOut(Out):
    """The found side of a match as the owner sees it: where and when, never who."""
    id: str
    source: str = Field(description="public 市民拾获 | shelter 留检所收容")
    found_at: str
    location: PlaceOut | None
    message: str
    dog: ReportedDogOut
    shelter_dog_no: str | None


class MatchForOwnerOut(Out):
    id: str
    kind: str = Field(description="tag 犬牌相符 | chip 芯片相符 | score 特征相似")
    score: float
    distance_km: float | None
    found: FoundForOwnerOut
    thread_id: str | None = Field(description="与拾获人的留言会话")


class LostReportOut(LostPublicOut):
    licence_id: str | None
    closed_at: str | None
    matches: list[MatchForOwnerOut]


class MatchForFinderOut(Out):
    id: str
    kind: str
    score: float
    distance_km: float | None
    lost: LostPublicOut
    thread_id: str | None


class FoundReportOut(Out):
    id: str
    status: str = Field(description="open | returned | handed_to_shelter | withdrawn")
    found_at: str
    location: PlaceOut
    message: str
    dog: ReportedDogOut
    matches: list[MatchForFinderOut]


class RelayMessageOut(Out):
    id: str
    sender: str = Field(description="owner | finder")
    mine: bool
    text: str
    location: PlaceOut | None
    sent_at: str


class RelayThreadOut(Out):
    id: str
    origin: str = Field(description="tag 扫描犬牌 | match 匹配")
    my_side: str = Field(description="owner | finder")
    dog_name: str
    owner_phone: str | None = Field(description="犬主选择公开后才有；会话结束后不再显示")
    status: str = Field(description="open 进行中 | closed 已结束（不能再留言）")
    closed_reason: str | None = Field(
        description="transferred 犬证已过户（原犬主不再参与；再次扫描犬牌可联系现任犬主）"
                    "| licence_cancelled 犬证已注销")
    closed_at: str | None
    last_message_at: str
    messages: list[RelayMessageOut] | None = None


class StrayReportOut(Out):
    id: str
    status: str = Field(description="received | dispatched | captured | not_found | duplicate")
    duplicate_of: str | None
    reported_at: str
    location: PlaceOut
    district: str
    count: int
    description: str
    aggressive: bool
    injured: bool
    team: str | None
    captured_count: int
    resolved_at: str | None
    photo_urls: list[str]


class StaffStrayOut(StrayReportOut):
    content_flagged: bool
    linked_reports: int = Field(description="合并到这条的重复报告数")
    resolve_note: str


class VolunteerStatsOut(Out):
    reports: int
    open: int
    led_to_capture: int = Field(description="促成捕获的报告数（含合并到已捕获报告的）")
    dogs_captured: int


class ResolveOut(Out):
    report: StaffStrayOut
    shelter_dogs: list[dict] = Field(description="直接入所登记的犬只 [{id, dog_no}]")


class HotspotCountsOut(Out):
    reports: int
    incidents: int
    captures: int
    dogs_captured: int


class HotspotCellOut(HotspotCountsOut):
    lat: float = Field(description="格子中心")
    lng: float


class HotspotDistrictOut(HotspotCountsOut):
    district: str


class HotspotsOut(Out):
    date_from: str = Field(alias="from")
    date_to: str = Field(alias="to")
    cell_m: int
    cells: list[HotspotCellOut]
    districts: list[HotspotDistrictOut]
    totals: HotspotCountsOut


class FlaggedOut(Out):
    kind: str = Field(description="lost_report | found_report | stray_report | relay_message")
    id: str
    text: str
    created_at: str
