#!/usr/bin/env python3
"""Every benchmark in one run (the same as `samverkan bench`): prints a table, writes
benchmarks/results.json. See BENCHMARKS.md.

    .venv/bin/python benchmarks/run_all.py            # full sizes (about 15-20 minutes on 2 cores)
    .venv/bin/python benchmarks/run_all.py --quick    # smoke test
"""
from samverkan.bench.commands import bench

if __name__ == "__main__":
    bench()
