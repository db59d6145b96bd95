"""The README's curl walk, run as written against a live server: if it passes here, it works for a newcomer."""
import os
import subprocess

from backend.core.config import PROJECT_ROOT
from backend.demo import walk_script


def test_the_readme_walk_runs_end_to_end(live_server):
    result = subprocess.run(["bash", "-c", walk_script()], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env={**os.environ, "BASE_URL": live_server.url}, timeout=120)
    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    lines = result.stdout.splitlines()
    # make run's demo fee schedule: approval waits for the fee (key zone, neutered: 250 yuan); the notify issues
    assert lines[2:6] == ["awaiting_payment", "25000", "200", "issued"]
    assert "409" in lines and "404" in lines
    assert lines.count("cancelled") == 2
    assert lines[lines.index("cancelled") + 2] == "success"  # cancelled within 30 days of paying: refunded
    assert any(line.startswith("DP-") for line in lines)
    tag_json = next(line for line in lines if line.startswith('{"dog"'))
    assert "张三" not in tag_json and "13800138000" not in tag_json
