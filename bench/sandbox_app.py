"""The WeChat sandbox on its own, for benchmarks that must not let the simulator share the app's workers."""
import os

from wechat.sandbox import create_sandbox_app

app = create_sandbox_app({
    "WECHAT_MINI_APPID": "wx-sandbox-mini", "WECHAT_MINI_SECRET": "sandbox-mini-secret",
    "WECHAT_MP_APPID": "wx-sandbox-mp", "WECHAT_MP_SECRET": "sandbox-mp-secret", "WECHAT_MP_TOKEN": "sandbox-token",
    "WECHAT_MP_AES_KEY": "", "PORT": 0, "WECHAT_SANDBOX_DB": os.environ["WECHAT_SANDBOX_DB"],
})
