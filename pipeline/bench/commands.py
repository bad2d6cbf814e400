"""`samverkan bench`: throughput, scaling and memory against baselines, in one run."""
from __future__ import annotations

from pathlib import Path

import click

from .corpus import REPO

DEFAULT_OUT = REPO / "benchmarks" / "results.json"


@click.command("bench")
@click.option("--quick", is_flag=True, help="Small sizes: a smoke test that takes about a minute.")
@click.option("--small", type=int, default=None, help="Documents for the worker comparison (default 1000).")
@click.option("--large", type=int, default=None, help="Documents for scaling and peak RSS (default 10000).")
@click.option("--dedup", "dedup_sizes", default=None, metavar="N,M",
              help="Agreement records for the dedup scale (default 10000,100000).")
@click.option("--dedup-limit", type=float, default=360, show_default=True,
              help="Seconds per dedup size (generation + dedup) before it is stopped and reported as not finished.")
@click.option("--workers", type=int, default=2, show_default=True, help="Workers compared with one.")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the generated corpora.")
@click.option("--only", default=None, metavar="GROUPS",
              help="Comma-separated subset of: extract, pdf, dedup, run (workers + scaling + memory), "
                   "workers (the 1 vs N comparison alone).")
@click.option("--cache", type=click.Path(path_type=Path), default=None,
              help="Folder for the generated corpora (default ~/.cache/samverkan-bench).")
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Where to write the results as JSON.")
@click.option("--markdown", type=click.Path(path_type=Path), default=None,
              help="Also put the table into this Markdown file (between bench:results markers), e.g. BENCHMARKS.md.")
def bench(markdown: Path | None, quick: bool, small: int | None, large: int | None, dedup_sizes: str | None,
          dedup_limit: float, workers: int, seed: int, only: str | None, cache: Path | None, out: Path) -> None:
    """Measure extraction, PDF reading, `run` with 1 vs N workers, scaling, peak memory
    and dedup, each as a ratio against a baseline measured in the same run.

    Corpora are generated from the bundled sample corpus (corpus/sample) into a cache
    folder. Prints a Markdown table and writes the figures as JSON (see BENCHMARKS.md).
    """
    from .runner import Sizes, format_table, run_all, write_json, write_markdown

    sizes = Sizes.quick() if quick else Sizes.full()
    sizes.workers, sizes.seed, sizes.dedup_limit = workers, seed, dedup_limit
    if small:
        sizes.small = small
    if large:
        sizes.large = large
    if dedup_sizes:
        sizes.dedup_small, sizes.dedup_large = (int(x) for x in dedup_sizes.split(","))
    groups = {g.strip() for g in only.split(",")} if only else None
    result = run_all(sizes, cache=cache, log=lambda s: click.echo(s, err=True), only=groups,
                     save=lambda partial: write_json(partial, out))
    write_json(result, out)
    if markdown:
        write_markdown(result, markdown)
    click.echo(format_table(result))
    click.echo(f"\nwritten: {out}")
