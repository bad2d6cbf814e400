"""Peak memory of a command and all its child processes.

`run_measured(argv)` starts the command, samples the resident set size (RSS) of the whole
process tree (the process and every descendant, summed, read from /proc) every few
milliseconds, and returns its wall time, the peak of that sum and, as a cross-check, the
kernel's `ru_maxrss` of the largest single waited-for descendant (RUSAGE_CHILDREN). The
sampled tree peak is the figure to report: `ru_maxrss` never sums processes and misses
grand-children that were not reaped by this process. On systems without /proc only the
`ru_maxrss` figure is available.
"""
from __future__ import annotations

import os
import resource
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
    max_child_rss_mb: float  # ru_maxrss of the largest child (kernel)
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


def tree_rss_bytes(pid: int) -> int:
    """RSS of `pid` and all its descendants, summed (0 when /proc is not there)."""
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _rss_bytes(p)
        stack += _children(p)
    return total


def run_measured(argv: list[str], interval: float = 0.05, env: dict | None = None,
                 cwd: str | None = None) -> Measured:
    """Run `argv` to completion; wall time, peak RSS of its process tree, output."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_bytes(proc.pid))
            stop.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux; max over all children so far
    has_proc = Path("/proc/self/statm").exists()
    return Measured(seconds, peak / 2**20 if has_proc else None, after / 1024,
                    proc.returncode, stdout, stderr)
