"""Models of the dashboard's endpoints (数据看板, issue 17): each panel of backend.indicators, with its period."""
from __future__ import annotations

from pydantic import Field

from miniprogram_api.schemas import Out

RATE = "比例，0–1，四位小数；分母为 0 时为 null"


class PeriodOut(Out):
    date_from: str = Field(alias="from", description="起始月 YYYY-MM")
    date_to: str = Field(alias="to", description="截止月 YYYY-MM")
    zone: str | None = Field(description="所选管理区代码；null 为全市")
    months: list[str] = Field(description="期间的每个月，按时间先后；各 monthly 列表与之一一对应")
    zone_applies: bool = Field(description="false：这块数据没有管理区之分（留检所、通知、缴费），始终为全市")
    generated_at: str


class ZoneActiveOut(Out):
    zone_code: str
    zone_name: str
    active: int
    overdue: int = Field(description="其中已过有效期、仍在宽限期内（尚未被标记为过期）")


class ActiveOut(Out):
    total: int
    overdue: int
    by_zone: list[ZoneActiveOut]


class LicenceMonthOut(Out):
    month: str
    issued: int = Field(description="当月发证（发证日，北京时间）")
    expired: int = Field(description="当月到期且已过期的犬证（按有效期最后一天）")


class LicenceZoneMonthOut(LicenceMonthOut):
    zone_code: str


class LicenceZoneOut(Out):
    zone_code: str
    zone_name: str
    issued: int
    expired: int


class LicenceIndicatorsOut(PeriodOut):
    active: ActiveOut = Field(description="当前有效犬证（与期间无关）")
    monthly: list[LicenceMonthOut]
    monthly_by_zone: list[LicenceZoneMonthOut]
    by_zone: list[LicenceZoneOut] = Field(description="期间合计，按管理区")


class ApplicationMonthOut(Out):
    month: str
    submitted: int = Field(description="新提交的申请")
    resubmitted: int = Field(description="驳回后补正重交")
    approved: int
    rejected: int
    withdrawn: int
    rejection_rate: float | None = Field(description="驳回 ÷（通过 + 驳回），" + RATE)


class ReasonOut(Out):
    code: str | None = Field(description="驳回原因代码；null 为只填写了说明")
    text: str
    rejected: int
    rate: float | None = Field(description="该原因驳回次数 ÷ 期间审结次数，" + RATE)


class ApplicationIndicatorsOut(PeriodOut):
    monthly: list[ApplicationMonthOut]
    decided: int = Field(description="期间审结（通过 + 驳回），每一轮提交算一次")
    rejected: int
    rejection_rate: float | None = Field(description=RATE)
    reasons: list[ReasonOut]
    pending_now: int = Field(description="当前待审")


class WaitOut(Out):
    decided: int
    median_hours: float | None = Field(description="从提交到审结的等待时间中位数（小时）；无审结时为 null")
    p90_hours: float | None = Field(description="90分位（小时）")


class WaitMonthOut(WaitOut):
    month: str


class WaitingNowOut(Out):
    count: int
    longest_hours: float | None = Field(description="排队最久的申请已等的小时数")


class ReviewTimesOut(PeriodOut, WaitOut):
    monthly: list[WaitMonthOut]
    waiting_now: WaitingNowOut


class StatusCountOut(Out):
    status: str = Field(description="quarantine 隔离观察 | available 待领养 | reserved 已预定")
    count: int


class OccupancyOut(Out):
    kennels: int = Field(description="启用的犬舍")
    occupied_kennels: int
    kennel_rate: float | None = Field(description="已占用犬舍 ÷ 犬舍，" + RATE)
    places: int = Field(description="床位（各犬舍容量之和）")
    dogs_in_care: int = Field(description="在所犬只（隔离、待领养、已预定）")
    place_rate: float | None = Field(description="住在犬舍里的犬只 ÷ 床位，" + RATE)
    without_kennel: int = Field(description="在所但尚未分配犬舍")
    by_status: list[StatusCountOut]


class ShelterMonthOut(Out):
    month: str
    intakes: int
    adopted: int
    reclaimed: int
    transferred: int
    died: int


class SourceCountOut(Out):
    source: str = Field(description="stray_capture 捕捉 | owner_surrender 主人送交 | public_found 群众送交")
    count: int


class ShelterTotalsOut(Out):
    intakes: int
    adopted: int
    reclaimed: int
    transferred: int
    died: int


class ShelterIndicatorsOut(PeriodOut):
    occupancy: OccupancyOut = Field(description="当前（与期间无关）")
    monthly: list[ShelterMonthOut]
    intakes_by_source: list[SourceCountOut]
    totals: ShelterTotalsOut


class StrayCountsOut(Out):
    reports: int = Field(description="报告（含重复报告）")
    incidents: int = Field(description="不含重复的报告")
    captures: int = Field(description="以捕获结案的报告")
    dogs_captured: int


class StrayMonthOut(StrayCountsOut):
    month: str


class MapCellOut(StrayCountsOut):
    lat: float = Field(description="格子中心（GCJ-02）")
    lng: float


class MapDistrictOut(StrayCountsOut):
    district: str


class StrayMapOut(Out):
    date_from: str = Field(alias="from", description="地图所示的起始月：期间的最后3个月（地图从报告实时统计）")
    date_to: str = Field(alias="to")
    cell_m: int
    cells_total: int = Field(description="期间有报告或捕获的格子数；cells 只列最多的前若干格")
    cells: list[MapCellOut]
    districts: list[MapDistrictOut] = Field(description="各区，报告多的在前")


class StrayIndicatorsOut(PeriodOut):
    monthly: list[StrayMonthOut]
    totals: StrayCountsOut
    hotspots: StrayMapOut


class DeliveryOut(Out):
    total: int
    delivered: int = Field(description="已送达（微信消息已发出，或只在小程序内显示的已写入）")
    failed: int
    waiting: int = Field(description="尚待投递或正在投递")
    rate: float | None = Field(description="送达 ÷ 总数，" + RATE)


class ChannelDeliveryOut(DeliveryOut):
    channel: str = Field(description="template 模板消息 | subscribe 订阅消息 | in_app 仅小程序内 | none 尚未投递")


class ChannelMonthDeliveryOut(ChannelDeliveryOut):
    month: str


class NoticeIndicatorsOut(PeriodOut):
    channels: list[ChannelDeliveryOut]
    total: DeliveryOut
    monthly: list[ChannelMonthDeliveryOut]


class MoneyOut(Out):
    paid: int = Field(description="收款笔数（按付款时间）")
    paid_fen: int = Field(description="收款金额（分）")
    refunds: int = Field(description="退款笔数（按退款完成时间）")
    refunded_fen: int = Field(description="退款金额（分）")


class ChannelMoneyOut(MoneyOut):
    channel: str = Field(description="wechat 微信支付 | alipay 支付宝")
    net_fen: int = Field(description="净收（分）")


class TotalMoneyOut(MoneyOut):
    net_fen: int


class ChannelMonthMoneyOut(MoneyOut):
    month: str
    channel: str


class PaymentIndicatorsOut(PeriodOut):
    channels: list[ChannelMoneyOut]
    total: TotalMoneyOut
    monthly: list[ChannelMonthMoneyOut]
