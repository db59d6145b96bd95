"""The relay between finders and owners: a finder writes through the dog's tag; both sides talk in a thread
without seeing each other's phone or ID number."""
from flask import Blueprint

from backend.reports import relay
from backend.reports.inputs import RelayMessageInput, TagFoundInput
from miniprogram_api.reports import serializers as out
from miniprogram_api.reports.schemas import RelayThreadOut
from miniprogram_api.routing import endpoint

bp = Blueprint("relay", __name__)


@endpoint(bp, "/t/<tag_token>/found", "POST", summary="拾获人扫描犬牌后给犬主留言（需登录）", tag="lost-found",
          body=TagFoundInput, response=RelayThreadOut, status=201, caller_limit="10/hour",
          errors=("tag_not_found", "own_dog", "licence_cancelled", "tag_relay_finder_limit", "tag_relay_limit",
                  "content_risky", "content_check_unavailable", "location_out_of_area"),
          description="犬主（犬证现持有人）立即收到通知（公众号、订阅消息或站内）；双方都看不到对方的电话和身份证号。"
                      "同一拾获人再次扫描同一犬牌，留言进入同一会话；犬证过户后再扫描则与新犬主开始新的会话。"
                      "每位拾获人每天通过同一犬牌最多留言 TAG_RELAY_PER_FINDER_PER_TAG_PER_DAY 条"
                      "（429 tag_relay_finder_limit），每个犬牌每天合计最多 TAG_RELAY_PER_TAG_PER_DAY 条"
                      "（429 tag_relay_limit）；会话中的回复不计入。"
                      "已注销犬证的犬牌不再转达（409 licence_cancelled）。")
def tag_found(user_id: str, tag_token: str, body: TagFoundInput):
    found = relay.tag_found(user_id, tag_token, body)
    return out.thread(found.thread, found.side, found.messages)


@endpoint(bp, "/api/v1/relay-threads", summary="我的留言会话（作为犬主或拾获人）", tag="lost-found",
          response=list[RelayThreadOut])
def my_threads(user_id: str):
    return [out.thread(t, side) for t, side in relay.list_threads(user_id)]


@endpoint(bp, "/api/v1/relay-threads/<thread_id>", summary="一个留言会话及其消息", tag="lost-found",
          response=RelayThreadOut, errors=("thread_not_found",))
def get_thread(user_id: str, thread_id: str):
    found = relay.get_thread(user_id, thread_id)
    return out.thread(found.thread, found.side, found.messages)


@endpoint(bp, "/api/v1/relay-threads/<thread_id>/messages", "POST", summary="在会话中留言（对方立即收到通知）",
          tag="lost-found", body=RelayMessageInput, response=RelayThreadOut, status=201, caller_limit="60/hour",
          errors=("thread_not_found", "thread_closed", "content_risky", "content_check_unavailable",
                  "location_out_of_area"))
def post_message(user_id: str, thread_id: str, body: RelayMessageInput):
    found = relay.post_message(user_id, thread_id, body)
    return out.thread(found.thread, found.side, found.messages)


@endpoint(bp, "/api/v1/relay-threads/<thread_id>/share-phone", "POST", summary="犬主向该拾获人公开联系电话",
          tag="lost-found", response=RelayThreadOut,
          errors=("thread_not_found", "not_owner", "thread_closed", "no_phone_on_record"))
def share_phone(user_id: str, thread_id: str):
    found = relay.share_phone(user_id, thread_id)
    return out.thread(found.thread, found.side, found.messages)
