"""Where features above the shelter take part in its work (backend.core.hooks). Reports fills them, in
`backend.reports.init_app`: every dog taken in becomes a found record matched against lost dogs, the record closes
when the dog leaves the shelter's care, and an intake may name the stray report a capture came from."""
from __future__ import annotations

from collections.abc import Callable

from backend.audit.trail import Actor
from backend.core.hooks import Hook
from backend.reference.geo import Point
from backend.shelter.models.shelter import ShelterDog

# A dog was taken in, inside the intake's transaction: (dog, where it was found or caught, that place's address,
# the residents told about the dog already by this intake, who need no second notice).
INTAKE: Hook[Callable[[ShelterDog, Point | None, str, set[str]], object]] = Hook("shelter.intake")

# The dog left the shelter's care (adopted, reclaimed, transferred, died), inside that move's transaction: its id,
# and who moved it.
LEFT_CARE: Hook[Callable[[str, Actor], None]] = Hook("shelter.left_care")

# A stray report by id, or None: an intake may name the report its capture came from, and a dog's history shows it.
STRAY_REPORTS: Hook[Callable[[str], object | None]] = Hook("shelter.stray_reports")
