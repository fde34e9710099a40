"""How long `profilespec lint` takes from a cold process, next to tools people already run.

Builds handbooks of 50, 1,000 and 10,000 realistic profiles (the example handbook's ICPs and
personas, copied with fresh ids so references still resolve, each ICP copy with its own
headcount band so the copies are distinct ICPs), then times whole processes:

- ``python -c pass``: the interpreter start-up floor;
- ``check-jsonschema`` on the same files (schema checks only);
- ``yamllint`` on the same files (style checks only);
- ``profilespec lint`` cold (no cache), warm (cache, nothing changed: the previous run's
  result is replayed) and after one edit (that file re-read, cross-file rules re-run).

Figures are medians of ``--runs`` runs and are reported as ratios against the baselines measured
in the same run, so they compare across machines. Peak memory is the child's max RSS.

    python benchmarks/lint.py                 # 50 and 1,000 files
    python benchmarks/lint.py --sizes 50,1000,10000 --runs 5
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "profiles"
BIN = Path(sys.executable).parent


@dataclass
class Timing:
    label: str
    seconds: float
    peak_mb: float
    exit_code: int


def build_corpus(directory: Path, files: int) -> list[Path]:
    """A handbook of ``files`` profiles: copies of the example ICPs and personas, renumbered."""
    shutil.copy(EXAMPLES / "profilespec.yaml", directory / "profilespec.yaml")
    icps = sorted((EXAMPLES / "icps").glob("*.yaml"))
    personas = sorted((EXAMPLES / "personas").glob("*.yaml"))
    templates = [(path, path.read_text(encoding="utf-8")) for path in icps + personas]
    icp_ids = [path.stem for path in icps]
    persona_ids = [path.stem for path in personas]
    written: list[Path] = []
    group = 0
    while len(written) < files:
        for path, template in templates:
            if len(written) == files:
                break
            text = template
            for identifier in icp_ids + persona_ids:
                text = re.sub(rf"\b{identifier}\b", f"{identifier}-{group}", text)
            # Copies of one ICP would all overlap each other (PS303), a quadratic pile of
            # findings no real handbook has: give each copy its own headcount band.
            band = 10 * (len(written) + 1)
            text = re.sub(
                r"employees: \{min: \d+, max: \d+\}",
                f"employees: {{min: {band}, max: {band + 9}}}",
                text,
            )
            kind_dir = directory / path.parent.name / f"group-{group // 100:03d}"
            kind_dir.mkdir(parents=True, exist_ok=True)
            target = kind_dir / f"{path.stem}-{group}.yaml"
            target.write_text(text, encoding="utf-8")
            written.append(target)
        group += 1
    return written


def run(command: Sequence[str], cwd: Path, label: str) -> Timing:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Timing(label, elapsed, usage.ru_maxrss / 1024, process.returncode)


def median(
    command: Sequence[str], cwd: Path, label: str, runs: int, before: Sequence[str] = ()
) -> Timing:
    timings = []
    for _ in range(runs):
        if before:
            subprocess.run(before, cwd=cwd, check=True, capture_output=True)
        timings.append(run(command, cwd, label))
    return Timing(
        label,
        statistics.median(t.seconds for t in timings),
        max(t.peak_mb for t in timings),
        timings[-1].exit_code,
    )


def measure(files: int, runs: int, others: bool) -> list[Timing]:
    with tempfile.TemporaryDirectory(prefix=f"profilespec-bench-{files}-") as temporary:
        directory = Path(temporary)
        paths = build_corpus(directory, files)
        # As in a checkout, the files are older than the runs: the cache never trusts the stat
        # of a file written in the last two seconds, which would make "warm" a re-read.
        hour_ago = time.time() - 3600
        for path in [*paths, directory / "profilespec.yaml"]:
            os.utime(path, (hour_ago, hour_ago))
        relative = [str(path.relative_to(directory)) for path in paths]
        profilespec = [str(BIN / "profilespec"), "lint", "--quiet"]
        cache_dir = directory / ".profilespec_cache"
        clear_cache = [
            sys.executable,
            "-c",
            f"import shutil; shutil.rmtree({str(cache_dir)!r}, True)",
        ]
        results = [median([sys.executable, "-c", "pass"], directory, "python -c pass", runs)]
        if others:
            schema = ROOT / "schema" / "profilespec.v1.json"
            results.append(
                median(
                    [str(BIN / "check-jsonschema"), "--schemafile", str(schema), *relative],
                    directory,
                    "check-jsonschema",
                    runs,
                )
            )
            results.append(
                median([str(BIN / "yamllint"), "-s", *relative], directory, "yamllint", runs)
            )
        results.append(median([*profilespec, "--no-cache"], directory, "profilespec cold", runs))
        results.append(
            median(profilespec, directory, "profilespec cold, filling the cache", runs, clear_cache)
        )
        subprocess.run(profilespec, cwd=directory, capture_output=True, check=False)
        results.append(median(profilespec, directory, "profilespec warm", runs))
        touched = paths[len(paths) // 2]
        edit = [
            sys.executable,
            "-c",
            f"import pathlib; p = pathlib.Path({str(touched)!r}); "
            "p.write_text(p.read_text() + '# edited\\n')",
        ]
        results.append(median(profilespec, directory, "profilespec one file changed", runs, edit))
        return results


def report(files: int, results: list[Timing]) -> str:
    by_label = {timing.label: timing for timing in results}
    lines = [
        f"### {files:,} files",
        "",
        "| command | median | peak RSS | vs check-jsonschema | vs yamllint | exit |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for timing in results:
        ratios = []
        for baseline in ("check-jsonschema", "yamllint"):
            other = by_label.get(baseline)
            ratios.append(f"{timing.seconds / other.seconds:.2f}x" if other else "-")
        lines.append(
            f"| {timing.label} | {timing.seconds:.3f} s | {timing.peak_mb:.0f} MB "
            f"| {ratios[0]} | {ratios[1]} | {timing.exit_code} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50,1000", help="comma-separated file counts")
    parser.add_argument("--runs", type=int, default=5, help="runs per command (median)")
    parser.add_argument(
        "--profilespec-only",
        action="store_true",
        help="skip check-jsonschema and yamllint (no ratios)",
    )
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.runs} runs each\n")
    for size in (int(part) for part in args.sizes.split(",")):
        results = measure(size, args.runs, not args.profilespec_only)
        print(report(size, results), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
