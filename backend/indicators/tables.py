"""Every panel as plain tables (a title, column headings, rows of numbers), the one shape both exports write: each
number the dashboard shows is in them, under the same name the API gives it."""
from __future__ import annotations

from dataclasses import dataclass, field

SOURCE_NAMES = {"stray_capture": "捕捉", "owner_surrender": "主人送交", "public_found": "群众送交"}
STATUS_NAMES = {"quarantine": "隔离观察", "available": "待领养", "reserved": "已预定"}
NOTICE_CHANNEL_NAMES = {"template": "模板消息", "subscribe": "订阅消息", "in_app": "仅小程序内", "none": "尚未投递"}
PAY_CHANNEL_NAMES = {"wechat": "微信支付", "alipay": "支付宝"}


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 2)


def licences(data: dict, zone_names: dict[str, str]) -> list[Table]:
    active = data["active"]
    return [
        Table("有效犬证（当前）", ["管理区代码", "管理区", "有效", "其中已过有效期（宽限期内）"],
              [[r["zone_code"], r["zone_name"], r["active"], r["overdue"]] for r in active["by_zone"]]
              + [["", "合计", active["total"], active["overdue"]]]),
        Table("每月发证与到期", ["月份", "发证", "到期"],
              [[r["month"], r["issued"], r["expired"]] for r in data["monthly"]]),
        Table("每月发证与到期（按管理区）", ["月份", "管理区代码", "管理区", "发证", "到期"],
              [[r["month"], r["zone_code"], zone_names.get(r["zone_code"], r["zone_code"]), r["issued"], r["expired"]]
               for r in data["monthly_by_zone"]]),
        Table("期间合计（按管理区）", ["管理区代码", "管理区", "发证", "到期"],
              [[r["zone_code"], r["zone_name"], r["issued"], r["expired"]] for r in data["by_zone"]]),
    ]


def applications(data: dict, _zones) -> list[Table]:
    return [
        Table("每月申请与审核结果", ["月份", "新申请", "补正重交", "通过", "驳回", "撤回", "驳回率（%）"],
              [[r["month"], r["submitted"], r["resubmitted"], r["approved"], r["rejected"], r["withdrawn"],
                _pct(r["rejection_rate"])] for r in data["monthly"]]),
        Table("驳回原因", ["原因代码", "原因", "驳回次数", "占审结比例（%）"],
              [[r["code"] or "", r["text"], r["rejected"], _pct(r["rate"])] for r in data["reasons"]]
              + [["", "合计", data["rejected"], _pct(data["rejection_rate"])]]),
        Table("当前待审", ["待审申请"], [[data["pending_now"]]]),
    ]


def review_times(data: dict, _zones) -> list[Table]:
    rows = [[r["month"], r["decided"], r["median_hours"], r["p90_hours"]] for r in data["monthly"]]
    return [
        Table("审核等待时长（小时）", ["月份", "审结", "中位数", "90分位"],
              [*rows, ["全期", data["decided"], data["median_hours"], data["p90_hours"]]]),
        Table("当前排队", ["待审", "最久已等（小时）"],
              [[data["waiting_now"]["count"], data["waiting_now"]["longest_hours"]]]),
    ]


def shelter(data: dict, _zones) -> list[Table]:
    o = data["occupancy"]
    return [
        Table("犬舍占用（当前）",
              ["犬舍", "已占用犬舍", "犬舍占用率（%）", "床位", "在所犬只", "床位占用率（%）", "未分配犬舍"],
              [[o["kennels"], o["occupied_kennels"], _pct(o["kennel_rate"]), o["places"], o["dogs_in_care"],
                _pct(o["place_rate"]), o["without_kennel"]]]),
        Table("在所犬只（按状态）", ["状态", "只数"], [[STATUS_NAMES.get(r["status"], r["status"]), r["count"]]
                                                  for r in o["by_status"]]),
        Table("每月收容与去向", ["月份", "收容", "领养", "认领", "转出", "死亡"],
              [[r["month"], r["intakes"], r["adopted"], r["reclaimed"], r["transferred"], r["died"]]
               for r in data["monthly"]]),
        Table("收容来源", ["来源", "只数"], [[SOURCE_NAMES.get(r["source"], r["source"]), r["count"]]
                                        for r in data["intakes_by_source"]]),
    ]


def strays(data: dict, _zones) -> list[Table]:
    hot = data["hotspots"]
    counts = ["报告", "事件（不含重复）", "捕获次数", "捕获只数"]
    keys = ("reports", "incidents", "captures", "dogs_captured")
    return [
        Table("每月报告与捕获", ["月份", *counts], [[r["month"], *(r[k] for k in keys)] for r in data["monthly"]]),
        Table(f"各区排名（{hot['from']}至{hot['to']}）", ["区", *counts],
              [[r["district"], *(r[k] for k in keys)] for r in hot["districts"]]),
        Table(f"热点网格（{hot['from']}至{hot['to']}，{hot['cell_m']}米，"
              f"前{len(hot['cells'])}格，共{hot['cells_total']}格）",
              ["纬度", "经度", *counts], [[r["lat"], r["lng"], *(r[k] for k in keys)] for r in hot["cells"]]),
    ]


def notices(data: dict, _zones) -> list[Table]:
    heads = ["总数", "送达", "失败", "待投递", "送达率（%）"]

    def numbers(r: dict) -> list:
        return [r["total"], r["delivered"], r["failed"], r["waiting"], _pct(r["rate"])]

    return [
        Table("按渠道送达", ["渠道", *heads], [[NOTICE_CHANNEL_NAMES.get(r["channel"], r["channel"]), *numbers(r)]
                                          for r in data["channels"]] + [["合计", *numbers(data["total"])]]),
        Table("每月按渠道", ["月份", "渠道", *heads],
              [[r["month"], NOTICE_CHANNEL_NAMES.get(r["channel"], r["channel"]), *numbers(r)]
               for r in data["monthly"]]),
    ]


def payments(data: dict, _zones) -> list[Table]:
    heads = ["收款笔数", "收款（分）", "退款笔数", "退款（分）"]
    keys = ("paid", "paid_fen", "refunds", "refunded_fen")
    return [
        Table("按渠道", ["渠道", *heads, "净收（分）"],
              [[PAY_CHANNEL_NAMES.get(r["channel"], r["channel"]), *(r[k] for k in keys), r["net_fen"]]
               for r in data["channels"]] + [["合计", *(data["total"][k] for k in keys), data["total"]["net_fen"]]]),
        Table("每月按渠道", ["月份", "渠道", *heads],
              [[r["month"], PAY_CHANNEL_NAMES.get(r["channel"], r["channel"]), *(r[k] for k in keys)]
               for r in data["monthly"]]),
    ]
