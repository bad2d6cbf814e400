"""Run `samverkan serve` in a child process on a free localhost port (tests, screenshots)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _samverkan_command() -> list[str]:
    script = Path(sys.executable).with_name("samverkan")
    if script.exists():
        return [str(script)]
    found = shutil.which("samverkan")
    return [found] if found else [sys.executable, "-m", "samverkan.cli"]


@contextmanager
def serving(db: Path | str, *extra: str, timeout: float = 60.0) -> Iterator[str]:
    """Start `samverkan serve --db DB` on a free port, yield its base URL, stop it afterwards."""
    port = free_port()
    command = [*_samverkan_command(), "serve", "--db", str(db), "--port", str(port), *extra]
    log = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would block the server
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"

    def output() -> str:
        log.seek(0)
        return log.read().decode("utf-8", "replace")

    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"samverkan serve exited with {process.returncode}:\n{output()}")
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"samverkan serve did not answer on {base} within {timeout} s:\n{output()}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def launch_chromium(playwright):
    """The system Chromium, headless, never a downloaded browser."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
