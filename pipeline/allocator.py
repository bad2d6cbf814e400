"""Keep the memory of the NER's large arrays in the process instead of handing it back to the OS.

The tok2vec of a batch of 16 long documents allocates intermediate arrays of tens to a few
hundred MB. With glibc's default (dynamic) thresholds those are mmapped or trimmed from the
heap after each batch and page-faulted in again for the next one: on the benchmark documents
about 100,000 minor page faults and 1.5-2 s of system time per 110 documents (~12% of
extraction time; measured with `getrusage` around each pipeline component, all of it in
tok2vec). Raising the mmap and trim thresholds once per process lets glibc reuse that memory:
no page faults after the first batch. Resident memory stays at the process's high-water mark
instead of dropping between batches; the high-water mark itself does not change.

    from samverkan.allocator import keep_freed_memory
    keep_freed_memory()   # done by samverkan.extract.get_pipeline()

Off with SAMVERKAN_MALLOC_TUNING=0; left alone when MALLOC_MMAP_THRESHOLD_ or
MALLOC_TRIM_THRESHOLD_ is set (the user's choice), and on systems without glibc.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os

M_TRIM_THRESHOLD = -1  # glibc <malloc.h>
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 256 * 2**20  # arrays below this come from the heap and are reused
TRIM_THRESHOLD_BYTES = 512 * 2**20  # free memory kept at the top of the heap before trimming

_applied: bool | None = None


def keep_freed_memory() -> bool:
    """Raise glibc's mmap and trim thresholds for this process (once); True when applied."""
    global _applied
    if _applied is not None:
        return _applied
    _applied = False
    if os.environ.get("SAMVERKAN_MALLOC_TUNING", "1") == "0":
        return False
    if "MALLOC_MMAP_THRESHOLD_" in os.environ or "MALLOC_TRIM_THRESHOLD_" in os.environ:
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (macOS, musl without mallopt, Windows)
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    _applied = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)) and bool(
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES))
    return _applied
