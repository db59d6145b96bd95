"""The automatic pre-checks as a reviewer sees them: each rule re-read today, passed or not, with the reason.

Submission already refused what broke a rule then; this shows what holds today (a vaccination may have run out
while the application waited, a breed may be unrecognised, another dog may have been licensed at the address) so
the reviewer knows before pressing 通过. Reads only: approval re-checks under the household and chip locks."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backend.core.database.extensions import db
from backend.core.errors import ValidationFailed
from backend.licensing import keeping_rules
from backend.licensing.models.applications import LicenceApplication
from backend.reference.models import Zone


@dataclass(frozen=True)
class CheckResult:
    code: str
    label: str
    passed: bool
    detail: str


def precheck(application: LicenceApplication) -> list[CheckResult]:
    zone = db.session.get(Zone, application.zone_code)
    return [_vaccination(application), _breed_allowed(application, zone), _breed_recognised(application),
            _household(application, zone), _chip(application), _photos(application)]


def _vaccination(application: LicenceApplication) -> CheckResult:
    vaccination = application.vaccination
    try:
        keeping_rules.check_vaccination_valid(date.fromisoformat(vaccination["vaccinated_on"]),
                                              date.fromisoformat(vaccination["expires_on"]))
    except ValidationFailed as exc:
        return CheckResult("vaccination_valid", "狂犬疫苗在有效期内", False, exc.message)
    return CheckResult("vaccination_valid", "狂犬疫苗在有效期内", True,
                       f"{vaccination['vaccinated_on']} 至 {vaccination['expires_on']}")


def _breed_allowed(application: LicenceApplication, zone: Zone) -> CheckResult:
    try:
        keeping_rules.check_breed_allowed(zone, application.dog["breed_canonical"])
    except ValidationFailed as exc:
        return CheckResult("breed_allowed", "犬种不在本区禁养名录", False, exc.message)
    return CheckResult("breed_allowed", "犬种不在本区禁养名录", True, f"{zone.name}：{application.dog['breed']}")


def _breed_recognised(application: LicenceApplication) -> CheckResult:
    recognised = application.dog.get("breed_recognised", True)
    detail = "已识别" if recognised else "品种名称未能识别，请对照照片核实是否为禁养犬种"
    return CheckResult("breed_recognised", "犬种可识别", recognised, detail)


def _household(application: LicenceApplication, zone: Zone) -> CheckResult:
    household = keeping_rules.Household(application.owner_id_hash, application.owner_address_hash)
    count = keeping_rules.household_dog_count(household, exclude_application_id=application.id)
    limit = zone.max_dogs_per_household
    if limit is None:
        return CheckResult("household_limit", "每户限养数量", True, f"本区不限数量（已有{count}只）")
    return CheckResult("household_limit", "每户限养数量", count < limit, f"限养{limit}只，该户已有{count}只登记或在办")


def _chip(application: LicenceApplication) -> CheckResult:
    if not application.chip_no:
        return CheckResult("chip_free", "芯片号未被占用", True, "未填写芯片号")
    in_use = keeping_rules.chip_in_use(application.chip_no, exclude_application_id=application.id)
    return CheckResult("chip_free", "芯片号未被占用", not in_use,
                       "该芯片号已有犬证或在办申请" if in_use else application.chip_no)


def _photos(application: LicenceApplication) -> CheckResult:
    count = len(application.dog.get("photo_upload_ids") or [])
    return CheckResult("photos", "犬只照片", count > 0, f"{count}张")
