"""Fuzz the ingest boundary for as long as asked: bytes in, a Report out, never an exception.

    .venv/bin/python bench/fuzz_ingest.py --seconds 600 [--round 100]

Runs the strategies and checks of tests/ingest/fuzz_inputs.py (the suite runs them briefly and
derandomized) in rounds of random examples until the time is up: `pipeline.ingest.ingest` on every
kind of input, discovery of zip archives written to a temporary folder, and a share of the inputs
through the whole core (`pipeline.core.process_bytes`). Prints the inputs tried per target and every
failure hypothesis found (shrunk), and exits 1 when there was any.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "tests" / "ingest")]

from fuzz_inputs import check_discover, check_ingest, check_process, documents, sources, zip_archive  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402

TRIED: Counter = Counter()


def _targets(examples: int) -> dict[str, object]:
    """One hypothesis test per target, each a round of `examples` fresh random inputs."""
    common = dict(max_examples=examples, database=None, deadline=None, derandomize=False,
                  suppress_health_check=list(HealthCheck), print_blob=True)

    @settings(**common)
    @given(source=sources(), data=documents())
    def ingest_target(source, data):
        TRIED["ingest"] += 1
        check_ingest(source, data)

    @settings(**common)
    @given(data=zip_archive())
    def discover_target(data):
        TRIED["discover"] += 1
        check_discover(data)

    @settings(**{**common, "max_examples": max(1, examples // 5)})
    @given(source=sources(), data=documents())
    def process_target(source, data):
        TRIED["process_bytes"] += 1
        check_process(source, data)

    return {"ingest": ingest_target, "discover": discover_target, "process_bytes": process_target}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--round", type=int, default=100, help="examples per round and target")
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.seconds
    failures: list[tuple[str, str]] = []
    rounds = 0
    while time.monotonic() < deadline:
        for name, target in _targets(args.round).items():
            if time.monotonic() >= deadline:
                break
            try:
                target()
            except Exception as exc:  # a finding: keep it and go on
                for found in getattr(exc, "exceptions", None) or [exc]:  # hypothesis groups distinct failures
                    failures.append((name, "".join(traceback.format_exception(found)).strip()))
                    print(f"FOUND in {name}: {failures[-1][1][-3000:]}", flush=True)
        rounds += 1
        print(f"{time.strftime('%H:%M:%S')} round {rounds}: tried {dict(TRIED)}, {len(failures)} failures", flush=True)
    total = sum(TRIED.values())
    print(f"fuzzed {args.seconds:.0f} s: {total} inputs ({dict(TRIED)}), {len(failures)} failures")
    for name, text in failures:
        print(f"- {name}: {text.splitlines()[-1][:300]}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
