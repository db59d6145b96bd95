"""Transfer (过户): the owner starts it and passes a one-time code to the recipient, who accepts with their own
details. The licence keeps its number and tag and moves to the recipient; the old owner loses access."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.audit.transitions import check_move, transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.uow import retrying, transaction
from backend.core.errors import Conflict, NotFound
from backend.core.security.crypto import random_code_hash
from backend.licensing import hooks, keeping_rules, licences
from backend.licensing.events import LICENCE_TRANSFERRED, TRANSFER_ACCEPTED, TRANSFER_CANCELLED, TRANSFER_STARTED
from backend.licensing.inputs import TransferAcceptInput
from backend.licensing.lifecycle.in_progress import open_inspection, pending_transfer
from backend.licensing.models.dogs import Dog
from backend.licensing.models.licences import Licence, Transfer
from backend.media.models import Upload
from backend.reference import catalogue as reference

# No 0/O, 1/I/L: codes are read out over the phone and typed on a small keyboard.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


@dataclass(frozen=True)
class StartedTransfer:
    transfer: Transfer
    code: str  # shown once to the owner; only its keyed hash is stored


@retrying
def start_transfer(user_id: str, licence_id: str) -> StartedTransfer:
    with transaction() as session:
        licence = licences.own_licence_for_update(user_id, licence_id)
        if licence.status != "active":
            raise Conflict("只有有效的犬证可以过户", code="licence_not_active", details={"status": licence.status})
        if pending_transfer(licence.id):
            raise Conflict("该犬证已有待接收的过户，请先取消", code="transfer_pending")
        if open_inspection(licence.id):
            raise Conflict("年检办理中，完成后再过户", code="inspection_pending")
        hooks.TRANSFER_CHECKS.call(licence)
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        days = current_app.config["TRANSFER_CODE_TTL_DAYS"]
        transfer = Transfer(licence_id=licence.id, from_user_id=user_id, code_hash=random_code_hash(code),
                            status="awaiting_recipient", expires_at=clock.now() + timedelta(days=days))
        session.add(transfer)
        session.flush()
        audit.record(TRANSFER_STARTED, transfer.id, actor=Actor.resident(user_id), user_id=user_id,
                     to_status="awaiting_recipient",
                     data={"licence_id": licence.id, "licence_no": licence.licence_no,
                           "expires_at": clock.isoformat(transfer.expires_at)})
    return StartedTransfer(transfer, code)


@retrying
def cancel_transfer(user_id: str, transfer_id: str) -> Transfer:
    with transaction():
        found = db.session.get(Transfer, transfer_id)
        if found is None or found.from_user_id != user_id:
            raise NotFound("过户记录不存在", code="transfer_not_found")
        transfer = _lock_licence_then_transfer(found)
        check_move(transfer, "cancelled")
        _close(transfer, Actor.resident(user_id))
    return transfer


@retrying
def accept_transfer(recipient_id: str, data: TransferAcceptInput) -> Licence:
    with transaction():
        found = db.session.scalar(db.select(Transfer).where(Transfer.code_hash == random_code_hash(data.code)))
        if found is None:
            raise NotFound("过户码无效，请核对", code="transfer_code_invalid")
        transfer = _lock_licence_then_transfer(found)
        _check_acceptable(transfer, recipient_id)
        licence = db.session.get(Licence, transfer.licence_id)
        if licence.status != "active":
            raise Conflict("该犬证已失效，不能过户", code="licence_not_active")
        hooks.TRANSFER_CHECKS.call(licence)
        _check_recipient_may_keep(licence, data)
        previous_owner = licence.user_id
        _hand_over_photos(licence, recipient_id)
        licence.set_owner(name=data.owner.name, id_number=data.owner.id_number, phone=data.owner.phone,
                          address=data.owner.address, zone_code=data.owner.zone_code)
        licence.user_id = recipient_id
        transfer.to_user_id = recipient_id
        transfer.accepted_at = clock.now()
        actor = Actor.resident(recipient_id)
        facts = {"licence_id": licence.id, "licence_no": licence.licence_no, "transfer_id": transfer.id}
        ended = hooks.licence_ended(licence, "transferred", actor,
                                    {"licence_id": licence.id, "transfer_id": transfer.id})
        transition(transfer, "accepted", actor, event=TRANSFER_ACCEPTED, user_id=previous_owner, **facts, **ended)
        audit.record(LICENCE_TRANSFERRED, licence.id, actor=actor, user_id=recipient_id,
                     from_status="active", to_status="active", data={**facts, "role": "recipient"})
    return licence


def _lock_licence_then_transfer(transfer: Transfer) -> Transfer:
    """Every service locks a licence before its transfers and inspections; this order rules out deadlocks."""
    db.session.scalar(db.select(Licence.id).where(Licence.id == transfer.licence_id).with_for_update())
    return db.session.scalar(db.select(Transfer).where(Transfer.id == transfer.id).with_for_update()
                             .execution_options(populate_existing=True))


def _check_acceptable(transfer: Transfer, recipient_id: str) -> None:
    check_move(transfer, "accepted")
    if transfer.expired_at(clock.now()):
        raise Conflict("过户码已过期，请原主人重新发起过户", code="transfer_code_expired")
    if transfer.from_user_id == recipient_id:
        raise Conflict("不能过户给自己", code="transfer_to_self")


def _check_recipient_may_keep(licence: Licence, data: TransferAcceptInput) -> None:
    zone = reference.active_zone(data.owner.zone_code, "owner.zone_code")
    keeping_rules.check_owner_adult(data.owner.id_number)
    dog = db.session.get(Dog, licence.dog_id)
    keeping_rules.check_breed_allowed(zone, dog.breed_canonical, field="owner.zone_code")
    keeping_rules.check_household_limit(
        zone, keeping_rules.Household.of(data.owner.id_number, data.owner.address), exclude_licence_id=licence.id)


def _hand_over_photos(licence: Licence, recipient_id: str) -> None:
    """The dog's photos go with the dog: the new holder can open them, the old one no longer can."""
    dog = db.session.get(Dog, licence.dog_id)
    if dog.photo_upload_ids:
        db.session.execute(db.update(Upload).where(Upload.id.in_(dog.photo_upload_ids)).values(user_id=recipient_id))


def close_pending_transfers(licence_id: str, actor: Actor) -> None:
    """Used when a licence ends: a waiting transfer cannot be accepted any more."""
    for transfer in db.session.scalars(db.select(Transfer).where(
            Transfer.licence_id == licence_id, Transfer.status == "awaiting_recipient")):
        _close(transfer, actor)


def _close(transfer: Transfer, actor: Actor) -> None:
    transfer.cancelled_at = clock.now()
    transition(transfer, "cancelled", actor, event=TRANSFER_CANCELLED, licence_id=transfer.licence_id)


def list_own_transfers(user_id: str) -> list[tuple[Transfer, str]]:
    """Both directions, with the licence number (the old owner can no longer open the licence itself)."""
    return [tuple(row) for row in db.session.execute(
        db.select(Transfer, Licence.licence_no).join(Licence, Licence.id == Transfer.licence_id)
        .where((Transfer.from_user_id == user_id) | (Transfer.to_user_id == user_id))
        .order_by(Transfer.created_at.desc()))]


def effective_status(transfer: Transfer) -> str:
    if transfer.status == "awaiting_recipient" and transfer.expired_at(clock.now()):
        return "expired"
    return transfer.status
