"""Benchmark: start-up of `chitieu extract small.txt`, the whole command in a fresh process, N times.

Run from the repo root:  .venv/bin/python bench/bench_startup.py [--runs 10] [--file corpus/X.txt] [--module]

Prints best and median wall time and CPU time (user + sys of the child, from os.wait4) over the runs, then
the ten imports with the largest cumulative `-X importtime` of one more run. By default the installed
`chitieu` script next to this Python is run (what a shell script calling it per file pays); `--module`
runs `python -m pipeline.cli` instead. The machine is shared: wall time varies with the load, CPU time less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "corpus" / "ben-tre-chuyen-doi-so-2022.txt"  # 5,000 characters: the work is ~25 ms


def command(path: Path, module: bool) -> list[str]:
    script = Path(sys.executable).with_name("chitieu")
    if module or not script.exists():
        return [sys.executable, "-m", "pipeline.cli", "extract", str(path)]
    return [str(script), "extract", str(path)]


def one_run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + sys) of one run of `cmd`, its output discarded."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def top_imports(cmd: list[str], n: int = 10) -> tuple[list[tuple[float, float, str]], float]:
    """(cumulative ms, self ms, module) of the `n` top-level imports with the largest cumulative time, and the
    total of all top-level imports (ms)."""
    py = [sys.executable, "-X", "importtime"]
    args = cmd[1:] if cmd[0] == sys.executable else ["-m", "pipeline.cli", *cmd[1:]]
    err = subprocess.run(py + args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    rows = []
    for line in err.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cum_us, name = line[len("import time:"):].split("|")
        rows.append((int(cum_us) / 1000, int(self_us) / 1000, name.rstrip()))
    top = [r for r in rows if not r[2].startswith("  ")]  # imported by the program itself, not by a module
    return sorted(top, reverse=True)[:n], sum(r[0] for r in top)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--file", type=Path, default=DEFAULT)
    ap.add_argument("--module", action="store_true", help="run `python -m pipeline.cli` rather than the script")
    a = ap.parse_args()
    cmd = command(a.file.resolve(), a.module)
    print(f"command: {' '.join(cmd)}   ({a.runs} runs, load average {os.getloadavg()[0]:.2f})")
    one_run(cmd)  # a first run writes any missing .pyc and warms the file cache; not counted
    runs = [one_run(cmd) for _ in range(a.runs)]
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    print(f"wall: best {min(walls):.3f} s, median {statistics.median(walls):.3f} s")
    print(f"CPU (user+sys): best {min(cpus):.3f} s, median {statistics.median(cpus):.3f} s")
    top, total = top_imports(cmd)
    print(f"\n-X importtime: {total:.0f} ms in top-level imports; the 10 largest (cumulative / self ms):")
    for cum, self_ms, name in top:
        print(f"  {cum:7.1f} {self_ms:7.1f}  {name.strip()}")


if __name__ == "__main__":
    main()
