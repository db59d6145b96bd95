"""Field rules of the inputs, and their Chinese messages, without any I/O."""
import pytest
from pydantic import ValidationError

from backend.licensing.inputs import ApplicationInput, RejectInput
from miniprogram_api.validation import to_domain_error
from tests.support import factories


def details_for(body: dict) -> dict:
    with pytest.raises(ValidationError) as caught:
        ApplicationInput.model_validate(body)
    return to_domain_error(caught.value).details


def test_a_complete_body_is_accepted():
    parsed = ApplicationInput.model_validate(factories.application(["01ABC"]))
    assert parsed.owner.id_number == factories.id_number()


def test_each_bad_field_is_named_with_a_chinese_message():
    body = factories.application([], owner_fields={"phone": "12345"})
    body["owner"]["id_number"] = factories.bad_checksum(factories.id_number())
    body["dog"]["sex"] = "unknown"
    del body["dog"]["colour"]
    details = details_for(body)
    assert details["owner.id_number"] == "身份证号码校验位错误，请核对"
    assert details["owner.phone"] == "请填写11位大陆手机号码"
    assert details["dog.sex"].startswith("可选值")
    assert details["dog.colour"] == "必填"
    assert details["dog.photo_upload_ids"] == "至少1项"


def test_unknown_fields_are_refused_rather_than_silently_dropped():
    body = factories.application(["01ABC"])
    body["dog"]["neuterd"] = True
    assert details_for(body) == {"dog.neuterd": "不支持的字段"}


def test_vaccination_dates_must_be_in_order():
    body = factories.application(["01ABC"])
    body["vaccination"]["expires_on"] = body["vaccination"]["vaccinated_on"]
    assert details_for(body) == {"vaccination": "有效期应晚于接种日期"}


def test_reject_needs_a_code_or_a_text():
    with pytest.raises(ValidationError):
        RejectInput.model_validate({})
    assert RejectInput.model_validate({"reason": "照片模糊"}).reason == "照片模糊"
