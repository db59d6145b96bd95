"""Validated inputs of the payment services: paying an order, the daily statement."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from backend.core.inputs import Day, Input, rules


class PayInput(Input):
    model_config = ConfigDict(json_schema_extra=rules("微信支付只用 scene=mini_program",
                                                      "支付宝小程序支付（scene=mini_program）须填写 alipay_buyer_id"))
    channel: Literal["wechat", "alipay"] = Field(description="支付渠道：微信支付或支付宝")
    scene: Literal["mini_program", "h5"] | None = Field(
        None, description="mini_program：小程序内支付；h5：支付宝手机网页支付。默认：微信为 mini_program，支付宝为 h5"
                          "（微信支付仅支持小程序）")
    alipay_buyer_id: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z_-]{6,64}$")] | None = Field(
        None, description="支付宝小程序支付时付款人的支付宝用户标识（2088… 或 open_id）")

    @model_validator(mode="after")
    def _scene_fits_channel(self) -> PayInput:
        if self.scene is None:
            self.scene = "mini_program" if self.channel == "wechat" else "h5"
        if self.channel == "wechat" and self.scene != "mini_program":
            raise ValueError("微信支付仅支持在小程序内支付（scene=mini_program）")
        if self.channel == "alipay" and self.scene == "mini_program" and not self.alipay_buyer_id:
            raise ValueError("支付宝小程序支付需要 alipay_buyer_id")
        return self


class StatementQuery(Input):
    day: Day = Field(alias="date", description="对账日（北京时间），如 2026-11-21")
