"""postdeploy as a team gets it: the wheel built from this repository, installed into a fresh venv in a
folder outside it, `postdeploy init`, then the shipped smoke and security checks and the team's own
example check against the running demo, from the team's folder, with no file of this repository on
the path.

The dependencies are not downloaded again: the fresh venv sees this project's installed packages
through a plain path entry (which processes no `.pth`, so the editable postdeploy stays invisible;
the check below proves the wheel's copy is the one imported).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from postdeploy.demo.launch import running_demo

ROOT = Path(__file__).resolve().parents[2]


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return done


@pytest.fixture(scope="module")
def team_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder / "dist"), str(ROOT)],
                 folder, dict(os.environ))  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (folder / "dist").glob("postdeploy-*.whl")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    unpack = _run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                  folder, dict(os.environ))  # fmt: skip
    assert unpack.returncode == 0, unpack.stderr[-2000:]
    (venv / "bin" / "postdeploy").write_text(f"#!{venv}/bin/python\nfrom postdeploy.cli import main\nmain()\n")
    (venv / "bin" / "postdeploy").chmod(0o755)
    return venv


def test_a_team_installs_the_wheel_and_runs_the_shipped_checks(team_venv: Path, tmp_path: Path) -> None:
    team = tmp_path / "shop"
    team.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONPATH", "POSTDEPLOY", "PYTEST"))}
    env["PATH"] = f"{team_venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    python = str(team_venv / "bin" / "python")
    where = _run([python, "-c", "import postdeploy, postdeploy.suite as s; print(postdeploy.__file__, s.__file__)"],
                 team, env)  # fmt: skip
    assert str(team_venv) in where.stdout and str(ROOT) not in where.stdout, where.stdout + where.stderr

    with running_demo() as demo:
        init = _run([python, "-m", "postdeploy", "init", "--yes", "--base-url", demo.base_url,
                     "--environment", "local", "--health-path", "/api/health"], team, env)  # fmt: skip
        assert init.returncode == 0, init.stdout + init.stderr
        assert (team / "pytest.ini").is_file() and (team / "tests" / "postdeploy").is_dir(), init.stdout
        run_env = {**env, **demo.env}
        for layer in ("smoke", "security"):
            done = _run([python, "-m", "pytest", "-m", layer, f"--base-url={demo.base_url}", "-p", "no:randomly",
                         "-q", "-rfE"], team, run_env)  # fmt: skip
            assert done.returncode == 0, f"{layer}:\n{done.stdout[-4000:]}\n{done.stderr[-2000:]}"
            assert str(ROOT) not in done.stdout, f"{layer} collected this repository's files:\n{done.stdout[-2000:]}"
            counts = pytest.RunResult(done.returncode, done.stdout.splitlines(), [], 0).parseoutcomes()
            shipped = counts.get("passed", 0) + counts.get("skipped", 0)
            assert shipped >= 10, f"{layer}: the shipped checks were not collected:\n{done.stdout}"
        mine = _run([python, "-m", "pytest", "tests/postdeploy", f"--base-url={demo.base_url}", "-q"], team, run_env)
        assert mine.returncode == 0 and "1 passed" in mine.stdout, mine.stdout[-3000:]
