"""postdeploy's Observatory grade beside MDN's own scanner (`@mdn/mdn-http-observatory`), test by test,
over the demo (plain HTTP with every security fault, HTTPS with the faults the transport tests see)
and any running site given with --url.

    .venv/bin/python bench/observatory_compare.py [--quick] [--url http://127.0.0.1:3000 ...]

Ours is the product check itself (`pytest tests/security -k test_observatory_grade`, its grade read
from the report attachment). The scanner runs twice:
- `cli`: its published command on `host:port`, as a user would run it;
- `oracle`: the same scan with the site's HTTP and HTTPS ports given and its private CA trusted
  (bench/observatory-oracle/scan-ports.mjs): the answer the CLI would give on a public site.
Every test must match the oracle; each CLI difference is explained (private CA, ports).
The scanner is installed here, by this bench, into bench/observatory-oracle (npm ci --ignore-scripts:
its postinstall would download the HSTS preload list, so an empty one is written instead).
Writes bench/observatory_compare.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from postdeploy.demo.faults import catalogue  # noqa: E402
from selftests.demo_server import running_demo  # noqa: E402
from selftests.nextjs_target import APP_DIR, build_nextjs, running_nextjs  # noqa: E402

ORACLE = ROOT / "bench" / "observatory-oracle"
PACKAGE = ORACLE / "node_modules" / "@mdn" / "mdn-http-observatory"
# HTTPS-demo faults worth a scan: the ones that touch what the transport tests see.
HTTPS_FAULTS = ["http-not-redirected", "no-hsts", "weak-hsts", "cookie-insecure", "csp-missing"]
QUICK_HTTP_FAULTS = ["csp-missing", "xfo-missing", "third-party-script-no-sri"]


def install_oracle() -> None:
    """`npm ci --ignore-scripts` when the lock file changed since the last install, then the empty
    preload list the skipped postinstall would have downloaded."""
    stamp = ORACLE / "node_modules" / ".postdeploy-installed"
    want = hashlib.sha256((ORACLE / "package-lock.json").read_bytes()).hexdigest()
    if not stamp.is_file() or stamp.read_text() != want:
        print("installing @mdn/mdn-http-observatory (npm ci --ignore-scripts)", file=sys.stderr)
        subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ORACLE, check=True
        )
        stamp.write_text(want)
    preload = PACKAGE / "conf" / "hsts-preload.json"
    if not preload.is_file():
        preload.write_text("{}\n")


def scanner(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    proc = subprocess.run(["node", *args], capture_output=True, text=True, timeout=120, env=env, cwd=ORACLE)
    try:
        result: dict[str, Any] = json.loads(proc.stdout)
    except ValueError:
        return {"error": f"no JSON (exit {proc.returncode}): {proc.stderr[-300:]}"}
    if "error" in result:
        return {"error": result["error"]}
    tests = {name: [t["result"], t["scoreModifier"]] for name, t in result["tests"].items()}
    return {"score": result["scan"]["score"], "grade": result["scan"]["grade"], "tests": tests}


def ours(base_url: str, target: str | None, env: dict[str, str]) -> dict[str, Any]:
    """The product check, run as a user runs it; its grade comes from the report attachment."""
    with tempfile.TemporaryDirectory(prefix="observatory-compare-") as scratch:
        cmd = [sys.executable, "-m", "pytest", "tests/security", "-m", "security", "-k", "test_observatory_grade",
               f"--base-url={base_url}", f"--alluredir={scratch}", "-q", "-p", "no:randomly"]  # fmt: skip
        if target:
            cmd.append(f"--target={target}")
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        for result_file in Path(scratch).glob("*-result.json"):
            result = json.loads(result_file.read_text())
            for attachment in result.get("attachments", []):
                if attachment["name"].startswith("grade ") and not attachment["name"].startswith("grade judged"):
                    data = json.loads((Path(scratch) / attachment["source"]).read_text())
                    return {"score": data["score"], "grade": data["grade"], "tests": data["tests"],
                            "check": result["status"]}  # fmt: skip
    return {"error": f"no grade attachment (exit {proc.returncode}): {proc.stdout[-500:]}"}


def explain(test: str, cli: list[Any], https: bool) -> str:
    """Why the scanner's CLI sees what a public site's scan would not."""
    if cli[0] in ("hsts-invalid-cert", "redirection-invalid-cert"):
        return "private CA: the CLI trusts only public roots"
    if test == "redirection" and https:
        return "ports: the CLI tries http:// on the HTTPS port; the demo's plain-HTTP listener is on another port"
    if test == "cookies" and https:
        return "private CA: the CLI's cookie test reads HSTS from its (failed) HSTS test"
    return "unexplained"


def compare(name: str, base_url: str, target: str | None, env: dict[str, str], http_port: str | None) -> dict[str, Any]:
    parts = urlsplit(base_url)
    host, https = parts.hostname or "", parts.scheme == "https"
    port = str(parts.port or (443 if https else 80))
    started = time.perf_counter()
    mine = ours(base_url, target, env)
    cli = scanner([str(PACKAGE / "bin" / "wrapper.js"), f"{host}:{port}"], env)
    ports = ["--https-port", port, "--http-port", http_port or port]
    oracle_env = {**env, "NODE_EXTRA_CA_CERTS": env["POSTDEPLOY_CA_BUNDLE"]} if env.get("POSTDEPLOY_CA_BUNDLE") else env
    oracle = scanner(["scan-ports.mjs", host, *ports], oracle_env)
    row: dict[str, Any] = {"case": name, "url": base_url, "ours": mine, "oracle": oracle, "cli": cli}
    if "error" in mine or "error" in oracle:
        row["agree"] = False
        return row
    row["differences"] = {
        test: {"ours": mine["tests"].get(test), "oracle": result}
        for test, result in oracle["tests"].items()
        if mine["tests"].get(test) != result
    }
    row["agree"] = not row["differences"] and mine["score"] == oracle["score"]
    if "tests" in cli:
        row["cli_differences"] = {
            test: {"cli": result, "ours": mine["tests"].get(test), "why": explain(test, result, https)}
            for test, result in cli["tests"].items()
            if mine["tests"].get(test) != result
        }
    row["seconds"] = round(time.perf_counter() - started, 1)
    return row


def demo_cases(quick: bool) -> list[tuple[str, list[str], bool]]:
    security = [f.name for f in catalogue().values() if f.layer == "security"]
    http_faults = QUICK_HTTP_FAULTS if quick else security
    https_faults = HTTPS_FAULTS[:2] if quick else HTTPS_FAULTS
    return [("http healthy", [], False), *[(f"http {f}", [f], False) for f in http_faults],
            ("https healthy", [], True), *[(f"https {f}", [f], True) for f in https_faults]]  # fmt: skip


def nextjs_cases(quick: bool) -> list[tuple[str, list[str]]]:
    """The Next.js reference target healthy, then with each of its security faults (request-time
    faults: the headers next.config.js fixes at build cannot be faulted there)."""
    faults = json.loads((APP_DIR / "faults.json").read_text())["faults"]
    security = [f["name"] for f in faults if f["layer"] == "security"]
    return [("nextjs healthy", []), *[(f"nextjs {f}", [f]) for f in ([] if quick else security)]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the healthy demo and a few faults only")
    parser.add_argument("--url", action="append", default=[], help="also compare a running site (generic profile)")
    parser.add_argument("--no-demo", action="store_true")
    parser.add_argument("--nextjs", action="store_true", help="also the Next.js reference target and its faults")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "observatory_compare.json")
    args = parser.parse_args()
    install_oracle()
    rows = []
    for url in args.url:
        rows.append(compare(f"url {url}", url, None, dict(os.environ), None))
        print(f"{rows[-1]['case']}: {'agree' if rows[-1]['agree'] else 'DIFFER'}", flush=True)
    if args.nextjs:
        build_nextjs()
    for name, next_faults in nextjs_cases(args.quick) if args.nextjs else []:
        with running_nextjs(faults=next_faults) as app:
            rows.append(compare(name, app.base_url, "targets/nextjs.toml", {**os.environ, **app.env}, None))
        row = rows[-1]
        print(f"{name}: ours {row['ours'].get('grade')} {row['ours'].get('score')} | oracle "
              f"{row['oracle'].get('grade')} {row['oracle'].get('score')} | "
              f"{'agree' if row['agree'] else 'DIFFER ' + json.dumps(row.get('differences'))}", flush=True)  # fmt: skip
    for name, faults, https in [] if args.no_demo else demo_cases(args.quick):
        with running_demo(faults=faults, https=https) as demo:
            env = {**os.environ, **demo.env}
            http_url = demo.env.get("POSTDEPLOY__TLS__HTTP_URL")
            http_port = str(urlsplit(http_url).port) if http_url else None
            rows.append(compare(name, demo.base_url, "targets/demo.toml", env, http_port))
        row = rows[-1]
        ours_grade = row["ours"].get("grade", "?")
        cli = row["cli"].get("grade", row["cli"].get("error", "?"))
        print(f"{name}: ours {ours_grade} {row['ours'].get('score')} | oracle {row['oracle'].get('grade')} "
              f"{row['oracle'].get('score')} | cli {cli} {row['cli'].get('score')} | "
              f"{'agree' if row['agree'] else 'DIFFER ' + json.dumps(row.get('differences'))}", flush=True)  # fmt: skip
    agree = sum(r["agree"] for r in rows)
    unexplained = [
        (r["case"], t) for r in rows for t, d in r.get("cli_differences", {}).items() if d["why"] == "unexplained"
    ]
    summary = {"cases": len(rows), "agree_with_oracle": agree, "unexplained_cli_differences": unexplained}
    args.out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1), encoding="utf-8")
    print(json.dumps(summary))
    return 0 if agree == len(rows) and not unexplained else 1


if __name__ == "__main__":
    sys.exit(main())
