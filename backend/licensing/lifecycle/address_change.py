"""Change of address (变更): the licence moves to the new address and zone if the new zone's rules allow the dog."""
from __future__ import annotations

from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.core.database.extensions import db
from backend.core.database.uow import retrying, transaction
from backend.core.errors import Conflict
from backend.licensing import keeping_rules, licences
from backend.licensing.events import LICENCE_ADDRESS_CHANGED
from backend.licensing.inputs import AddressChangeInput
from backend.licensing.models.dogs import Dog
from backend.licensing.models.licences import Licence
from backend.reference import catalogue as reference


@retrying
def change_address(user_id: str, licence_id: str, data: AddressChangeInput) -> Licence:
    with transaction():
        licence = licences.own_licence_for_update(user_id, licence_id)
        if licence.status != "active":
            raise Conflict("只有有效的犬证可以变更住址", code="licence_not_active", details={"status": licence.status})
        zone = reference.active_zone(data.zone_code, "zone_code")
        dog = db.session.get(Dog, licence.dog_id)
        keeping_rules.check_breed_allowed(zone, dog.breed_canonical, field="zone_code")
        keeping_rules.check_household_limit(
            zone, keeping_rules.Household(licence.owner_id_hash, keeping_rules.address_hash(data.address)),
            exclude_licence_id=licence.id)
        from_zone = licence.zone_code
        licence.set_address(data.address, zone.code)
        # The audit keeps zones, not addresses: the trail is read more widely than the licence itself.
        audit.record(LICENCE_ADDRESS_CHANGED, licence.id, actor=Actor.resident(user_id), user_id=user_id,
                     from_status=licence.status, to_status=licence.status,
                     data={"licence_no": licence.licence_no, "from_zone": from_zone, "to_zone": zone.code,
                           "zone_name": zone.name})
    return licence
