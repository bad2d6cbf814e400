"""Peak memory of a command and all its child processes.

`run_measured(argv)` starts the command, samples the resident set size (RSS) of the whole
process tree (the process and every descendant, summed, read from /proc) every 50 ms, and
returns its wall time, the peak of that sum and the peak of the largest single process.
`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` is not used: it never sums processes, and on
Linux a child's figure includes the memory of this (large) process at fork time, before exec.
"""
from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Measured:
    seconds: float
    peak_tree_rss_mb: float | None  # sampled sum over the process tree
    peak_process_rss_mb: float | None  # sampled, the largest single process of the tree
    returncode: int
    stdout: str
    stderr: str


def _children(pid: int) -> list[int]:
    out: list[int] = []
    task_dir = Path(f"/proc/{pid}/task")
    try:
        for task in task_dir.iterdir():
            text = (task / "children").read_text()
            out += [int(c) for c in text.split()]
    except OSError:
        pass
    return out


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss_bytes(pid: int) -> tuple[int, int]:
    """(sum, largest) RSS over `pid` and all its descendants (0 when /proc is not there)."""
    total, largest, stack, seen = 0, 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        rss = _rss_bytes(p)
        total, largest = total + rss, max(largest, rss)
        stack += _children(p)
    return total, largest


def run_measured(argv: list[str], interval: float = 0.05, env: dict | None = None,
                 cwd: str | None = None) -> Measured:
    """Run `argv` to completion; wall time, peak RSS of its process tree, output."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
    peak = peak_one = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_one
        while not stop.is_set():
            total, largest = tree_rss_bytes(proc.pid)
            peak, peak_one = max(peak, total), max(peak_one, largest)
            stop.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    has_proc = Path("/proc/self/statm").exists()
    return Measured(seconds, peak / 2**20 if has_proc else None, peak_one / 2**20 if has_proc else None,
                    proc.returncode, stdout, stderr)
