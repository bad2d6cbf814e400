"""`samverkan.allocator`: glibc's thresholds are raised once per process, and can be turned off."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

CHECK = "from samverkan.allocator import keep_freed_memory as k; print(k(), k())"


def _run(env_extra: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MALLOC_", "SAMVERKAN_MALLOC"))}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-c", CHECK], env=env, capture_output=True, text=True,
                          check=True).stdout.split()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc mallopt")
def test_applied_once_on_glibc():
    import platform

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("not glibc")
    assert _run({}) == ["True", "True"]


def test_off_when_asked_or_when_the_user_tuned_malloc():
    assert _run({"SAMVERKAN_MALLOC_TUNING": "0"}) == ["False", "False"]
    assert _run({"MALLOC_TRIM_THRESHOLD_": "1048576"}) == ["False", "False"]


def test_the_extraction_pipeline_applies_it():
    out = subprocess.run([sys.executable, "-c", "from samverkan.extract import get_pipeline; import samverkan.allocator as a; "
                          "get_pipeline(); print(a._applied is not None)"], capture_output=True, text=True, check=True)
    assert out.stdout.split()[-1] == "True"
