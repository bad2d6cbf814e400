"""The read-only web interface: Datasette plus our pages for persons, municipalities,
agreements and documents, each fact linked to the passage it came from.

    from samverkan.web import make_datasette, run, sqlite_path
    run(sqlite_path("samverkan.db"), host="127.0.0.1", port=8001)   # what `samverkan serve` does

`make_datasette(path)` returns the Datasette application (for tests or embedding);
`samverkan.web.example.build_example_db(path)` writes a small example database.
"""
from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "make_datasette": "app", "run": "app", "sqlite_path": "app", "ServeError": "app",
    "build_example_db": "example",
}


def __getattr__(name: str):
    # imported on first use: `samverkan serve --help` should not load Datasette
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(name)


__all__ = sorted(_EXPORTS)
