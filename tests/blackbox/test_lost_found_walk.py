"""API.md's lost, found and strays section, as the README's lost-and-found walk, over HTTP against a live server."""
import os
import re
import subprocess

from backend.core.config import PROJECT_ROOT
from backend.demo import walk_script


def test_the_readme_lost_found_walk_runs_end_to_end(live_server):
    result = subprocess.run(["bash", "-c", walk_script("walk-lost-found")], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, env={**os.environ, "BASE_URL": live_server.url}, timeout=120)
    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    lines = result.stdout.split("\n")
    assert lines[:6] == ["active", "True", "豆豆", "True", "finder", "看到您的狗往公园方向跑了"]
    kind, score = lines[6].split(" ")
    assert kind == "score" and re.fullmatch(r"[01]\.\d+", score) and 0.6 <= float(score) <= 1
    assert lines[7:] == ["reunited", "False", "duplicate", "1", "dispatched", "stray_capture", "1", "2 1 1", ""]
