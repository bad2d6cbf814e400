"""Duplicate benchmark: quality on generated variants with a true clustering, and speed at scale.

    .venv/bin/python benchmarks/dedup_bench.py                 # ../shared/corpus/dev + corpus/sample, 10k and 100k
    .venv/bin/python benchmarks/dedup_bench.py --scale 10000   # a quicker speed figure
    .venv/bin/python benchmarks/dedup_bench.py --corpus corpus/sample --scale ""

Prints pairwise and B-cubed precision/recall/F1 for documents, agreements and persons,
a few wrong pairs to read, and the seconds to deduplicate N synthetic agreement records
with the ratio between the largest and smallest N. Same as `samverkan dedup bench`.
"""
from __future__ import annotations

import sys

from samverkan.dedup.commands import bench_command

if __name__ == "__main__":
    sys.exit(bench_command.main(args=sys.argv[1:], prog_name="dedup_bench.py", standalone_mode=True))
