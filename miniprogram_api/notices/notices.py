"""A resident's notices, newest first."""
from flask import Blueprint

from backend.notices import outbox as notices
from miniprogram_api.accounts.schemas import NoticeOut
from miniprogram_api.licensing import serializers
from miniprogram_api.routing import endpoint
from miniprogram_api.schemas import PageQuery

bp = Blueprint("notices", __name__)


@endpoint(bp, "/api/v1/notifications", summary="我的通知（最新在前；before=上一页最后一条的 id）",
          tag="notifications", query=PageQuery, response=list[NoticeOut])
def list_notifications(user_id: str, query: PageQuery):
    return [serializers.notice(n) for n in notices.list_own_notices(user_id, query.limit, query.before)]


@endpoint(bp, "/api/v1/notifications/<notice_id>/read", "POST", summary="标记通知为已读", tag="notifications",
          response=NoticeOut, errors=("notice_not_found",))
def mark_notification_read(user_id: str, notice_id: str):
    return serializers.notice(notices.mark_read(user_id, notice_id))
