"""Compare postdeploy's CSP analyzer with Google's csp_evaluator (npm) over the same corpus, finding by
finding, and time both over 10,000 policies in one run.

    .venv/bin/python bench/csp_compare.py [--corpus selftests/data/csp/corpus.jsonl] [--count 10000]

Needs `npm install` in bench/csp-oracle. Writes bench/csp_compare.json; prints a summary.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from postdeploy.csp import analyze, parse_header_values

ROOT = Path(__file__).resolve().parent.parent
ORACLE = ROOT / "bench" / "csp-oracle"

# Our finding id → CSP Evaluator's finding type. Ids mapped to None are ours only.
TYPE_OF: dict[str, str | None] = {
    "csp.unsafe-inline": "SCRIPT_UNSAFE_INLINE",
    "csp.unsafe-hashes": "SCRIPT_UNSAFE_HASHES",
    "csp.unsafe-eval": "SCRIPT_UNSAFE_EVAL",
    "csp.plain-scheme": "PLAIN_URL_SCHEMES",
    "csp.wildcard": "PLAIN_WILDCARD",
    "csp.object-src-missing": "MISSING_DIRECTIVES",
    "csp.script-src-missing": "MISSING_DIRECTIVES",
    "csp.base-uri-missing": "MISSING_DIRECTIVES",
    "csp.allowlist-bypass": "SCRIPT_ALLOWLIST_BYPASS",
    "csp.user-content-host": "SCRIPT_ALLOWLIST_BYPASS",
    "csp.host-allowlist": "SCRIPT_ALLOWLIST_BYPASS",
    "csp.self-allowlist": "SCRIPT_ALLOWLIST_BYPASS",
    "csp.object-bypass": "OBJECT_ALLOWLIST_BYPASS",
    "csp.object-allowlist": "OBJECT_ALLOWLIST_BYPASS",
    "csp.ip-source": "IP_SOURCE",
    "csp.nonce-short": "NONCE_LENGTH",
    "csp.nonce-charset": "NONCE_CHARSET",
    "csp.http-source": "SRC_HTTP",
    "csp.deprecated-directive": "DEPRECATED_DIRECTIVE",
    "csp.unknown-directive": "UNKNOWN_DIRECTIVE",
    "csp.missing-semicolon": "MISSING_SEMICOLON",
    "csp.invalid-keyword": "INVALID_KEYWORD",
    "csp.strict-dynamic-missing": "STRICT_DYNAMIC",
    "csp.strict-dynamic-not-standalone": "STRICT_DYNAMIC_NOT_STANDALONE",
    "csp.unsafe-inline-fallback": "UNSAFE_INLINE_FALLBACK",
    "csp.allowlist-fallback": "ALLOWLIST_FALLBACK",
    "csp.trusted-types-missing": "REQUIRE_TRUSTED_TYPES_FOR_SCRIPTS",
    "csp.no-reporting": "REPORTING_DESTINATION_MISSING",
    "csp.report-to-only": "REPORT_TO_ONLY",
    "csp.unsafe-inline-ignored": "IGNORED",
    "csp.ignored-by-strict-dynamic": "IGNORED",
    "csp.duplicate-directive": None,
    "csp.meta-ignored-directive": None,
    "csp.report-only": None,
    "csp.missing": None,
}
# Their severity → ours (see postdeploy.csp.analyzer's docstring for the mapping and its exceptions).
SEVERITY_OF = {
    "HIGH": "high",
    "SYNTAX": "medium",
    "MEDIUM": "medium",
    "HIGH_MAYBE": "medium",
    "STRICT_CSP": "info",
    "MEDIUM_MAYBE": "low",
    "INFO": "info",
    "NONE": "info",
}
Key = tuple[str, str, str]


def load_corpus(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ours(entry: dict[str, Any]) -> list[dict[str, str]]:
    policies = parse_header_values([entry["policy"]], entry.get("delivery", "header"))
    found = []
    for f in analyze(policies):
        kind = TYPE_OF.get(f.id)
        if f.id == "csp.unsafe-inline" and f.severity.label == "low":
            kind = None  # our style-src check: not an evaluator finding
        found.append(
            {
                "id": f.id,
                "type": kind or f"(ours) {f.id}",
                "directive": f.subject,
                "value": str(f.evidence.get("value", "")),
                "severity": f.severity.label,
            }
        )
    return found


def run_oracle(policies: list[str], count: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(policies, handle)
    started = time.perf_counter()
    done = subprocess.run(
        ["node", str(ORACLE / "evaluate.js"), handle.name, "--repeat-to", str(count)],
        capture_output=True,
        text=True,
        cwd=ORACLE,
        check=False,
    )
    wall = time.perf_counter() - started
    Path(handle.name).unlink()
    if done.returncode != 0:
        sys.exit(f"csp_evaluator failed (did you run `npm install` in {ORACLE}?): {done.stderr.strip()[:300]}")
    result: dict[str, Any] = json.loads(done.stdout)
    result["wall_s"] = wall
    return result


def compare(corpus: list[dict[str, Any]], theirs_all: list[Any]) -> dict[str, Any]:
    matched = severity_agree = 0
    only_ours: dict[str, list[str]] = defaultdict(list)
    only_theirs: dict[str, list[str]] = defaultdict(list)
    severity_diff: Counter[str] = Counter()
    per_policy = []
    for entry, theirs in zip(corpus, theirs_all, strict=True):
        mine = ours(entry)
        if isinstance(theirs, dict):  # the oracle threw on this policy
            only_ours["(oracle crashed)"].append(entry["name"])
            continue
        their_keys: dict[Key, str] = {(t["type"], t["directive"], t["value"]): t["severity"] for t in theirs}
        my_keys: dict[Key, dict[str, str]] = {(m["type"], m["directive"], m["value"]): m for m in mine}
        for key, m in my_keys.items():
            if key in their_keys:
                matched += 1
                expected = SEVERITY_OF[their_keys[key]]
                if expected == m["severity"]:
                    severity_agree += 1
                else:
                    severity_diff[f"{m['id']}: theirs {their_keys[key]} → ours {m['severity']}"] += 1
            else:
                only_ours[m["id"]].append(f"{entry['name']}: {key[1]} {key[2]}".strip())
        for key in their_keys:
            if key not in my_keys:
                only_theirs[key[0]].append(f"{entry['name']}: {key[1]} {key[2]}".strip())
        per_policy.append({"name": entry["name"], "ours": len(my_keys), "theirs": len(their_keys)})
    theirs_total = sum(
        len({(t["type"], t["directive"], t["value"]) for t in th}) for th in theirs_all if isinstance(th, list)
    )
    return {
        "policies": len(corpus),
        "theirs_findings": theirs_total,
        "ours_findings": sum(p["ours"] for p in per_policy),
        "matched": matched,
        "matched_same_severity": severity_agree,
        "severity_differences": dict(severity_diff),
        "only_ours": {k: v for k, v in sorted(only_ours.items())},
        "only_theirs": {k: v for k, v in sorted(only_theirs.items())},
        "per_policy": per_policy,
    }


def time_ours(policies: list[str], count: int) -> float:
    started = time.perf_counter()
    for i in range(count):
        analyze(parse_header_values([policies[i % len(policies)]]))
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "selftests" / "data" / "csp" / "corpus.jsonl")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "csp_compare.json")
    args = parser.parse_args()
    corpus = load_corpus(args.corpus)
    policies = [e["policy"] for e in corpus]
    oracle = run_oracle(policies, args.count)
    report = compare(corpus, oracle["results"])
    ours_s = time_ours(policies, args.count)
    report["speed"] = {
        "policies": args.count,
        "ours_s": round(ours_s, 3),
        "ours_policies_per_s": round(args.count / ours_s),
        "csp_evaluator_s": round(oracle["elapsed_ms"] / 1000, 3),
        "csp_evaluator_policies_per_s": round(args.count / (oracle["elapsed_ms"] / 1000)),
        "csp_evaluator_process_wall_s": round(oracle["wall_s"], 3),
    }
    args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"corpus: {report['policies']} policies")
    print(f"findings: theirs {report['theirs_findings']}, ours {report['ours_findings']}, matched {report['matched']}")
    print(f"matched with the mapped severity: {report['matched_same_severity']}/{report['matched']}")
    for name, count in report["severity_differences"].items():
        print(f"  severity differs  {count:3} × {name}")
    for name, where in report["only_ours"].items():
        print(f"  only ours   {len(where):3} × {name}   e.g. {where[0]}")
    for name, where in report["only_theirs"].items():
        print(f"  only theirs {len(where):3} × {name}   e.g. {where[0]}")
    speed = report["speed"]
    print(
        f"speed over {speed['policies']} policies: ours {speed['ours_policies_per_s']}/s ({speed['ours_s']} s), "
        f"csp_evaluator {speed['csp_evaluator_policies_per_s']}/s ({speed['csp_evaluator_s']} s in-process, "
        f"{speed['csp_evaluator_process_wall_s']} s with node start-up)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
