"""Transfers (过户) between residents."""
from flask import Blueprint

from backend.core import clock
from backend.licensing import licences
from backend.licensing.inputs import TransferAcceptInput
from backend.licensing.lifecycle import transfers
from miniprogram_api.licensing import serializers
from miniprogram_api.licensing.schemas import TransferAccepted, TransferOut, TransferStarted
from miniprogram_api.routing import endpoint
from miniprogram_api.schemas import In

bp = Blueprint("transfers", __name__)


class StartTransferIn(In):
    """No fields: the licence in the path is what is handed over."""


@endpoint(bp, "/api/v1/licences/<licence_id>/transfers", "POST", summary="发起过户，获得7天内有效的一次性过户码",
          tag="transfers", body=StartTransferIn, response=TransferStarted, status=201,
          errors=("licence_not_found", "licence_not_active", "transfer_pending", "inspection_pending",
                  "dog_reported_lost"))
def start_transfer(user_id: str, licence_id: str, body: StartTransferIn):
    started = transfers.start_transfer(user_id, licence_id)
    return {"id": started.transfer.id, "status": started.transfer.status, "code": started.code,
            "expires_at": clock.isoformat(started.transfer.expires_at)}


@endpoint(bp, "/api/v1/transfers/accept", "POST", summary="接收人凭过户码接收犬证（按接收人管理区规则检查）",
          tag="transfers", body=TransferAcceptInput, response=TransferAccepted, limit="60/hour",
          caller_limit="10/hour",
          errors=("transfer_code_invalid", "transfer_code_used", "transfer_code_expired", "transfer_cancelled",
                  "transfer_to_self", "licence_not_active", "dog_reported_lost", "breed_banned",
                  "household_limit_reached", "owner_not_adult", "unknown_zone"),
          description="过户完成时，这只犬所有进行中的留言会话随之结束：原犬主不能再查看或操作，"
                      "拾获人再次扫描犬牌即与新犬主联系。走失登记未结束的犬只不能过户（409 dog_reported_lost）。")
def accept_transfer(user_id: str, body: TransferAcceptInput):
    licence = transfers.accept_transfer(user_id, body)
    return {"licence": serializers.licence(licences.get_own_licence(user_id, licence.id))}


@endpoint(bp, "/api/v1/transfers", summary="我发起的和接收的过户", tag="transfers", response=list[TransferOut])
def list_transfers(user_id: str):
    return [serializers.transfer(t, user_id, licence_no) for t, licence_no in transfers.list_own_transfers(user_id)]


# "/api/v1/transfers/accept" is never read as a transfer to cancel: its Allow header names POST alone, as documented.
@endpoint(bp, "/api/v1/transfers/<ulid:transfer_id>", "DELETE", summary="取消尚未被接收的过户", tag="transfers",
          response=TransferOut, errors=("transfer_not_found", "transfer_not_pending"))
def cancel_transfer(user_id: str, transfer_id: str):
    return serializers.transfer(transfers.cancel_transfer(user_id, transfer_id), user_id)
