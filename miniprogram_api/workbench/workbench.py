"""The 工作台 (issue 16): what the signed-in staff member's role has waiting now."""
from flask import Blueprint

from backend.core import clock
from backend.workbench import workbench_for
from miniprogram_api.licensing.staff_review import waiting_text
from miniprogram_api.routing import endpoint
from miniprogram_api.workbench.schemas import WorkbenchOut

bp = Blueprint("workbench", __name__)


@endpoint(bp, "/api/v1/staff/workbench", summary="工作台：本岗位的待办数量与等待最久的一件（管理员看到全部）",
          tag="staff", auth="staff", response=WorkbenchOut,
          description="审核员：待审核的犬证申请、年检；客服：未回复的会话、6小时内关闭回复窗口的会话；收容所：待审核的领养申请；"
                      "调度员：待派单的流浪犬报告；管理员另有处理超过1小时的退款、超过1天未缴费的订单。每项一条聚合查询。")
def workbench(staff):
    board = workbench_for(staff.role)
    return {"now": clock.isoformat(board.now), "role": board.role, "cards": [{
        "key": card.key, "title": card.title, "count": card.count, "oldest_at": clock.isoformat(card.oldest_at),
        "waiting_seconds": card.waiting_seconds,
        "waiting": None if card.waiting_seconds is None else waiting_text(card.waiting_seconds),
        "closes_at": clock.isoformat(card.closes_at),
    } for card in board.cards]}
