"""samverkan: who signed what with whom, from Swedish municipal texts.

The import package `samverkan` is the `pipeline/` folder of the repository; the flow is

    ingest (samverkan.ingest)  ->  extract (samverkan.extract, samverkan.extractors)
    ->  link (samverkan.link)  ->  store (samverkan.store)  ->  query (samverkan.query)

The command line (`samverkan.cli`) is a thin shell over the functions exported here.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
