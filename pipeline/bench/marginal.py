"""The writer's marginal rate: documents per CPU second of a block of further documents linked
into a database that already holds `small` documents, against the same into one of `large`.

Whole-run rates average over a growing database and hide how the rate falls at the end;
a block timed on a copy of each database, small and large alternating (ABBA), in the same
minutes, compares the two sizes fairly on a shared machine. The databases are built once
(the same replayed documents as `samverkan.bench.linking`, 0 .. large - 1, a snapshot at
`small`) and kept between runs: SQLite files (`VACUUM INTO`) in the bench cache, PostgreSQL
databases copied with `CREATE DATABASE ... TEMPLATE` on the given server. The linked result
does not depend on the linker's speed, so a kept snapshot serves later versions of the code
(`open_db` migrates it to the newest schema); `rebuild=True` builds them again.

    python -m samverkan.bench.marginal 10000 100000 [--block 1000] [--rounds 2] [--postgres URL] [--no-sqlite]
        [--postgres-from-sqlite]
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

from .corpus import cache_root
from .linking import base_records, link_rate


def _key(bases: list) -> str:
    return hashlib.sha1(json.dumps(bases, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:8]


class SQLiteCopies:
    """Snapshots as SQLite files in the bench cache; a trial copy per block."""

    backend = "sqlite"

    def __init__(self, key: str, folder: Path | None = None):
        self.folder = Path(folder) if folder else cache_root() / "marginal"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.key = key

    def snapshot(self, n: int) -> Path:
        return self.folder / f"link-{self.key}-{n}.db"

    def has(self, n: int) -> bool:
        return self.snapshot(n).exists()

    def building(self, resume: bool = True) -> str:
        """The database being built: kept from a stopped build when `resume`, else new."""
        path = self.folder / f"link-{self.key}-building.db"
        if not resume:
            self.drop(str(path))
        return str(path)

    def save(self, url: str, n: int) -> None:
        import sqlite3

        target = self.snapshot(n)
        target.unlink(missing_ok=True)
        with sqlite3.connect(url) as conn:
            conn.execute("VACUUM INTO ?", (str(target),))

    def copy(self, n: int) -> str:
        trial = self.folder / f"link-{self.key}-trial.db"
        self.drop(str(trial))
        shutil.copyfile(self.snapshot(n), trial)
        return str(trial)

    def drop(self, url: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url}{suffix}").unlink(missing_ok=True)


class PostgresCopies:
    """Snapshots as databases on the server of `url` (`CREATE DATABASE ... TEMPLATE`)."""

    backend = "postgresql"

    def __init__(self, key: str, url: str):
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.key, self.url = key, make_url(url)
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT")

    def _name(self, what: Any) -> str:
        return f"samverkan_marginal_{self.key}_{what}"

    def _url(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _run(self, sql: str) -> Any:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            return conn.execute(text(sql)).all() if sql.startswith("SELECT") else conn.execute(text(sql))

    def has(self, n: int) -> bool:
        return bool(self._run(f"SELECT 1 FROM pg_database WHERE datname = '{self._name(n)}'"))

    def building(self, resume: bool = True) -> str:
        """The database being built: kept from a stopped build when `resume`, else new."""
        name = self._name("building")
        if not resume:
            self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not self._run(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
            self._run(f'CREATE DATABASE "{name}"')
        return self._url(name)

    def save(self, url: str, n: int) -> None:
        from sqlalchemy.engine import make_url

        source = make_url(url).database
        self._run(f'DROP DATABASE IF EXISTS "{self._name(n)}" WITH (FORCE)')
        self._run(f'CREATE DATABASE "{self._name(n)}" TEMPLATE "{source}"')
        self._analyze(self._url(self._name(n)))

    def _analyze(self, url: str) -> None:
        from sqlalchemy import create_engine, text

        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text("VACUUM ANALYZE"))
        finally:
            engine.dispose()

    def load(self, sqlite_path: Path, n: int, log: Callable[[str], None] = print) -> dict[str, int]:
        """The snapshot at `n` as a row-for-row copy of a SQLite snapshot (`copy_db`)."""
        from .copy_db import copy_sqlite_to_postgres

        name = self._name(n)
        self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._run(f'CREATE DATABASE "{name}"')
        return copy_sqlite_to_postgres(str(sqlite_path), self._url(name), log)

    def copy(self, n: int) -> str:
        name = self._name("trial")
        self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._run(f'CREATE DATABASE "{name}" TEMPLATE "{self._name(n)}"')
        return self._url(name)

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self._run(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def _documents(url: str) -> int:
    from sqlalchemy import func, select

    from ..store import open_db
    from ..store.documents import DocumentRow

    engine, factory = open_db(url)
    try:
        with factory() as session:
            return session.scalar(select(func.count()).select_from(DocumentRow))
    finally:
        engine.dispose()


def build(copies, sizes: tuple[int, ...], bases: list, log: Callable[[str], None] = print,
          rebuild: bool = False) -> list[dict]:
    """Link documents 0 .. max(sizes) - 1 into a database, a snapshot at each size (unless all
    are kept from an earlier run); the build's own rates, per 10 % of the way. A stopped build
    goes on where it stopped (documents are linked in order, a transaction per 8)."""
    if not rebuild and all(copies.has(n) for n in sizes):
        log(f"{copies.backend}: snapshots at {sizes} kept from an earlier run")
        return []
    url = copies.building(resume=not rebuild)
    done, runs = _documents(url), []
    if done:
        log(f"  {copies.backend} build: going on from {done} documents")
    for n in sorted(sizes):
        if done > n and copies.has(n):
            continue
        if done > n:
            raise RuntimeError(f"the build went past {n} documents without a snapshot: rebuild")
        while done < n:
            step = min(n - done, max(1000, max(sizes) // 10) - done % max(1000, max(sizes) // 10))
            runs.append(link_rate(step, url, bases=bases, start=done))
            done += step
            log(f"  {copies.backend} build: {done} documents, {runs[-1]['docs_per_cpu_s']} docs/CPU s")
        copies.save(url, n)
    copies.drop(url)
    return runs


def marginal(copies, small: int, large: int, block: int, rounds: int, bases: list,
             log: Callable[[str], None] = print) -> dict[str, Any]:
    """Blocks of `block` further documents into copies of the `small` and `large` snapshots,
    alternating small/large and large/small by round; rates per block and their medians."""
    trials: dict[int, list[dict]] = {small: [], large: []}
    for r in range(rounds):
        for n in (small, large)[:: -1 if r % 2 else 1]:
            url = copies.copy(n)
            try:
                got = link_rate(block, url, bases=bases, start=n)
            finally:
                copies.drop(url)
            got["loadavg"] = list(os.getloadavg())
            trials[n].append(got)
            log(f"  {copies.backend} round {r + 1}, at {n}: {got['docs_per_cpu_s']} docs/CPU s, "
                f"{got['docs_per_s']} docs/s, with server {got['docs_per_cpu_s_with_server']}")

    def median(n: int, key: str) -> float | None:
        values = [t[key] for t in trials[n] if t.get(key)]
        return round(statistics.median(values), 1) if values else None

    result: dict[str, Any] = {"backend": copies.backend, "small": small, "large": large, "block": block,
                              "rounds": rounds, "trials": {str(n): t for n, t in trials.items()}}
    for key in ("docs_per_cpu_s", "docs_per_cpu_s_with_server", "docs_per_s"):
        a, b = median(small, key), median(large, key)
        result[key] = {"small": a, "large": b, "ratio": round(b / a, 3) if a and b else None}
    return result


def rows(result: dict[str, Any]) -> list[dict]:
    from .suites import row

    out = []
    for key, what in (("docs_per_cpu_s", "documents per CPU second of the writer"),
                      ("docs_per_cpu_s_with_server", "documents per CPU second, writer + server backend"),
                      ("docs_per_s", "documents/s (wall)")):
        figure = result[key]
        if figure["ratio"] is None:
            continue
        target = key == "docs_per_cpu_s" or (key == "docs_per_cpu_s_with_server")
        out.append(row(
            f"marginal_{result['backend']}_{key}",
            f"linker, {result['block']} more documents at {result['large']}: {what} ({result['backend']})",
            figure["large"], "docs/CPU s" if "cpu" in key else "docs/s", f"at {result['small']} documents",
            figure["small"], figure["ratio"], ">= 0.8x (flat)" if target else "",
            figure["ratio"] >= 0.8 if target else None,
            f"median of {result['rounds']} blocks each, on copies, alternating"))
    return out


def run(small: int, large: int, block: int = 1000, rounds: int = 2, postgres: str | None = None,
        sqlite: bool = True, rebuild: bool = False, log: Callable[[str], None] = print,
        save: Callable[[dict], None] | None = None, postgres_from_sqlite: bool = False) -> dict[str, Any]:
    from .runner import machine

    bases = base_records()
    key = _key(bases)
    result: dict[str, Any] = {"machine": machine(), "builds": {}, "marginal": [], "rows": []}
    for copies in ([SQLiteCopies(key)] if sqlite else []) + ([PostgresCopies(key, postgres)] if postgres else []):
        started = time.perf_counter()
        if copies.backend == "postgresql" and postgres_from_sqlite:
            result["builds"]["postgresql"] = {"copied_from_sqlite": {
                n: copies.load(SQLiteCopies(key).snapshot(n), n, log) for n in (small, large)
                if rebuild or not copies.has(n)}}
        else:
            result["builds"][copies.backend] = build(copies, (small, large), bases, log, rebuild)
        log(f"{copies.backend}: built in {time.perf_counter() - started:.0f} s; measuring")
        measured = marginal(copies, small, large, block, rounds, bases, log)
        result["marginal"].append(measured)
        result["rows"] += rows(measured)
        if save:
            save(result)
    result["machine"]["loadavg_end"] = list(os.getloadavg())
    return result


def main(argv: list[str] | None = None) -> None:
    import argparse

    from .runner import format_table, write_json

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("small", type=int)
    parser.add_argument("large", type=int)
    parser.add_argument("--block", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--postgres", default=None, metavar="URL")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--rebuild", action="store_true", help="build the snapshots again")
    parser.add_argument("--postgres-from-sqlite", action="store_true",
                        help="make the PostgreSQL snapshots as row-for-row copies of the SQLite ones (copy_db)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    started = time.perf_counter()

    def save(result: dict) -> None:
        result["seconds"] = round(time.perf_counter() - started, 1)
        if args.out:
            write_json(result, args.out)

    result = run(args.small, args.large, args.block, args.rounds, args.postgres, not args.no_sqlite, args.rebuild,
                 log=lambda s: print(s, file=sys.stderr, flush=True), save=save,
                 postgres_from_sqlite=args.postgres_from_sqlite)
    save(result)
    print(format_table(result))


if __name__ == "__main__":
    main(sys.argv[1:])
