"""Subscribe-message grants from the mini-program (wx.requestSubscribeMessage results)."""
from flask import Blueprint

from backend.notices import subscriptions
from miniprogram_api.public_account.schemas import GrantsIn, GrantsOut
from miniprogram_api.routing import endpoint

bp = Blueprint("subscriptions", __name__)


@endpoint(bp, "/api/v1/subscriptions", summary="可订阅的消息模板及我尚未使用的授权次数", tag="notifications",
          response=GrantsOut)
def list_grants(user_id: str):
    return {"templates": sorted(subscriptions.known_templates()), "open_grants": subscriptions.open_grants(user_id)}


@endpoint(bp, "/api/v1/subscriptions", "POST",
          summary="记录订阅消息授权：每个 accept 允许发送一条该模板的消息", tag="notifications", body=GrantsIn,
          response=GrantsOut, errors=("unknown_template",))
def record_grants(user_id: str, body: GrantsIn):
    grants = subscriptions.record_grants(user_id, body.results)
    return {"templates": sorted(subscriptions.known_templates()), "open_grants": grants}
