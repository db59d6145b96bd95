"""API.md's payments section, as the README's fees-and-payments walk, over HTTP against a live server with make
run's demo fee schedule: WeChat Pay and Alipay through their sandboxes, a replayed and a forged notify, the
admin's statement."""
import os
import subprocess

from backend.core.config import PROJECT_ROOT
from backend.demo import walk_script


def test_the_readme_payments_walk_runs_end_to_end(live_server):
    result = subprocess.run(["bash", "-c", walk_script("walk-payments")], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, env={**os.environ, "BASE_URL": live_server.url}, timeout=120)
    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    lines = result.stdout.split("\n")
    # Gina, WeChat Pay: general zone, full fee; the sandbox's notify reached the app's notify URL and issued
    assert lines[:2] == ["awaiting_payment", "20000"]
    assert lines[2].startswith("http") and lines[2].endswith("/api/v1/payments/wechat/notify")
    assert lines[3:5] == ["issued", "wechat"]
    # the replayed notify is answered success again, and there is still one licence
    assert lines[5:7] == ['{"code": "SUCCESS", "message": "成功"} 200', "1"]
    # Hal, Alipay H5: halved for an owner of 60 or older; the cashier opened; a forged notify refused, the order
    # still pending; the genuine one issues
    assert lines[7:14] == ["25000", "200", "failure", "pending", "success", "issued", "alipay"]
    # the statement: one row per channel, each with at least this walk's payment in it
    rows = [line.split(" ") for line in lines[14:16]]
    assert [row[0] for row in rows] == ["wechat", "alipay"]
    for channel, paid_count, paid_fen, refunded_fen, net_fen in rows:
        assert int(paid_count) >= 1 and int(paid_fen) >= {"wechat": 20000, "alipay": 25000}[channel]
        assert int(net_fen) == int(paid_fen) - int(refunded_fen)
    assert lines[16:] == [""]
