"""API.md's adoption and staff sections, as the README's adoption walk, over HTTP against a live server."""
import os
import subprocess

from backend.core.config import PROJECT_ROOT
from backend.demo import walk_script


def test_the_readme_adoption_walk_runs_end_to_end(live_server):
    result = subprocess.run(["bash", "-c", walk_script("walk-adoption")], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, env={**os.environ, "BASE_URL": live_server.url}, timeout=120)
    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    lines = result.stdout.split("\n")
    assert lines[:3] == ["rabies_vaccination", "available", "亲人，温顺"]
    assert int(lines[3]) > 0
    assert lines[4:10] == ["409", "checked_in", "409", "approved", lines[8], "领养完成"]
    assert lines[8].startswith("SY-")
