"""What the PS201/PS202 vagueness detector costs on the lint path.

Two figures, each the median of ``--runs`` fresh processes (so nothing is cached between runs):

- import: ``import profilespec.vagueness`` (compiling its few regexes);
- first call: from just after ``import profilespec.vagueness`` to the end of the first
  ``assess`` (loading the lexicons and building the matcher);
- per phrase: ``assess`` plus ``hedges_without_number`` (what PS201 and PS202 run on every
  prose field) averaged over the labelled phrases in ``tests/data/vagueness_phrases.yaml``,
  each seen for the first time;
- repeated phrase: the same calls for a text already scored in this process (handbooks grown
  from templates repeat sentences; results are remembered per text).

    python benchmarks/vagueness.py --runs 7
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHRASES = ROOT / "tests" / "data" / "vagueness_phrases.yaml"

# Runs in the child: phrases arrive on stdin as JSON so the child imports nothing but the
# detector (no YAML parser in the measured process).
# The standard-library modules it imports are loaded by `profilespec lint` before any rule
# runs, so they are imported before the clock starts.
_CHILD = """
import json, sys, time
import dataclasses, functools, pathlib, re
phrases = json.loads(sys.stdin.read())
t0 = time.perf_counter()
from profilespec import vagueness
t1 = time.perf_counter()
vagueness.assess(phrases[0])
vagueness.hedges_without_number(phrases[0])
t2 = time.perf_counter()
for text in phrases[1:]:
    vagueness.assess(text)
    vagueness.hedges_without_number(text)
t3 = time.perf_counter()
for text in phrases:
    vagueness.assess(text)
    vagueness.hedges_without_number(text)
t4 = time.perf_counter()
print(json.dumps({
    "import": t1 - t0,
    "first": t2 - t1,
    "each": (t3 - t2) / (len(phrases) - 1),
    "repeated": (t4 - t3) / len(phrases),
}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import yaml

    data = yaml.safe_load(PHRASES.read_text(encoding="utf-8"))
    phrases = [row["text"] for split in data.values() for row in split]
    # As installed: bytecode cached. The first, uncounted run writes it.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    samples = []
    for _ in range(args.runs + 1):
        done = subprocess.run(
            [sys.executable, "-c", _CHILD],
            input=json.dumps(phrases),
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        samples.append(json.loads(done.stdout))
    samples = samples[1:]
    figures = (
        ("import", "import"),
        ("first", "first call"),
        ("each", "per phrase"),
        ("repeated", "repeated phrase"),
    )
    for key, label in figures:
        median = statistics.median(sample[key] for sample in samples)
        unit, scale = ("us", 1e6) if key in ("each", "repeated") else ("ms", 1e3)
        print(
            f"{label:>15}: {median * scale:8.1f} {unit}   ({len(phrases)} phrases, {args.runs} runs)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
