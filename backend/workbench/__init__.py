"""The staff console's 工作台 (issue 16): what needs doing now, per role, with counts and the oldest waiting time.

Reads other features' models (applications, inspections, conversations, payments, adoption, strays); writes
nothing."""
from backend.workbench.board import Card, Workbench, workbench_for
from backend.workbench.cards import CARDS, CardSpec, cards_for

__all__ = ["CARDS", "Card", "CardSpec", "Workbench", "cards_for", "workbench_for"]
