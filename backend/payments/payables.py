"""What can be paid for. Payments settles money and knows nothing of what the money is for: each feature that
charges a fee registers a `Payable` for its order purpose at app start (its `init_app`), and payments calls back
through it when a gateway says paid.

Settling locks the subject first (with `lock`, so in the order the feature's own services lock it), then the order,
then the trade. A payment for a subject that no longer awaits it (rejected, withdrawn, cancelled meanwhile) is
refunded, never kept; otherwise `paid` finishes what the feature's decision started, inside the settling
transaction, and returns the id of what it produced (kept on the order as its result).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask

from backend.core.hooks import Registry


@dataclass(frozen=True)
class Payable:
    purpose: str  # the order's purpose, e.g. "application": PaymentOrder.purpose
    lock: Callable[[str], object | None]  # subject id → the subject, locked; None when there is none
    awaits_payment: Callable[[object], bool]  # still waiting for this money (else the payment is refunded)
    paid: Callable[[object, str], str | None]  # (subject, order id) → the id of what the payment produced


PAYABLES: Registry[Payable] = Registry("payments.payables")


def register(app: Flask, payable: Payable) -> None:
    PAYABLES.register(app, payable.purpose, payable)


def payable(purpose: str) -> Payable:
    return PAYABLES.get(purpose)
