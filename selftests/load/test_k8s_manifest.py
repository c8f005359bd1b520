"""deploy/k8s as a cluster would run it, without a cluster: the ConfigMap's files (from
kustomization.yaml) laid out as the operator mounts them, and the LocustTest's own master and worker
command lines (parsed from locusttest.yaml) run with Locust on 127.0.0.1 against the demo. The
mounted profile is the demo's, so the run must walk the demo's journeys and nothing built in.

The operator adds what makes a process a master or a worker; here the local equivalents are added:
`--master --expect-workers N --headless` (the operator: `--autostart --autoquit`, whose web UI would
need a fixed port) and `--worker --master-host 127.0.0.1`, on a free port.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from postdeploy.demo.launch import free_port, running_demo
from postdeploy.profile import load_profile

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
MOUNT = "/lotest/src"
WORKERS = 2  # the manifest asks for more replicas; two fit this machine's cores


def configmap_files() -> dict[str, Path]:
    """ConfigMap key -> the repository file kustomize puts there."""
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    (generator,) = [g for g in kustomization["configMapGenerator"] if g["name"] == "postdeploy-load"]
    files = {}
    for entry in generator["files"]:
        key, _, source = entry.partition("=")
        files[key] = (K8S / source).resolve()
    return files


def command_lines() -> tuple[list[str], list[str], dict[str, object]]:
    spec = yaml.safe_load((K8S / "locusttest.yaml").read_text())["spec"]
    return shlex.split(spec["master"]["command"]), shlex.split(spec["worker"]["command"]), spec


def localized(args: list[str], mount: Path, results: Path, host: str) -> list[str]:
    """The manifest's arguments with the mount and the results volume on this machine, and the demo as host."""
    out = []
    for arg in args:
        arg = arg.replace(MOUNT, str(mount)).replace("/results", str(results))
        out.append(arg)
    if "--host" in out:
        out[out.index("--host") + 1] = host
    return out


def test_the_manifest_ships_every_locustfile_and_the_profile() -> None:
    files = configmap_files()
    master, worker, spec = command_lines()
    shipped = {path.name for path in (ROOT / "load").glob("*.py")}
    assert shipped <= {path.name for path in files.values()}, "a locustfile in load/ is missing from the ConfigMap"
    for args in (master, worker):
        listed = args[args.index("--locustfile") + 1].split(",")
        assert sorted(Path(p).name for p in listed) == sorted(k for k in files if k.endswith(".py"))
        assert args[args.index("--target") + 1] == f"{MOUNT}/target.toml"
    assert spec["testFiles"] == {"configMapRef": "postdeploy-load"}


def test_master_and_workers_run_the_mounted_profiles_journeys(tmp_path: Path) -> None:
    mount, results = tmp_path / "lotest", tmp_path / "results"
    mount.mkdir()
    for key, source in configmap_files().items():
        shutil.copyfile(source, mount / key)
    # The user's profile is what the ConfigMap's target.toml carries: here, the demo's.
    shutil.copyfile(ROOT / "targets" / "demo.toml", mount / "target.toml")
    master_args, worker_args, _ = command_lines()
    port = free_port()
    with running_demo() as demo:
        env = {**os.environ, **demo.env}
        env.pop("POSTDEPLOY_LOAD_ALLOWED_HOSTS", None)
        master_cmd = [sys.executable, "-m", "locust", *localized(master_args, mount, results, demo.base_url),
                      "--shape", "smoke", "--master", "--expect-workers", str(WORKERS), "--headless",
                      "--master-bind-host", "127.0.0.1", "--master-bind-port", str(port)]  # fmt: skip
        worker_cmd = [sys.executable, "-m", "locust", *localized(worker_args, mount, results, demo.base_url),
                      "--worker", "--master-host", "127.0.0.1", "--master-port", str(port)]  # fmt: skip
        # Run from an empty folder: nothing but the mounted files may count (no load/, no budgets/).
        cwd = tmp_path / "pod"
        cwd.mkdir()
        master = subprocess.Popen(master_cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)  # fmt: skip
        workers = [subprocess.Popen(worker_cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                   for _ in range(WORKERS)]  # fmt: skip
        try:
            stdout, stderr = master.communicate(timeout=120)
        finally:
            for child in (master, *workers):
                if child.poll() is None:
                    child.terminate()
            for child in workers:
                child.wait(timeout=15)
    assert master.returncode == 0, f"exit {master.returncode}\n{stdout[-3000:]}\n{stderr[-3000:]}"
    summary = json.loads((results / "load" / "summary.json").read_text())
    made = {(e["method"], e["name"]) for e in summary["endpoints"]}
    profile = load_profile(str(mount / "target.toml"), {})
    assert made <= profile.load.request_names() and len(made) >= 8, made
    assert list((results / "allure-results").glob("*-result.json"))
