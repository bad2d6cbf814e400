"""The package installs as one `samverkan` import package with every subpackage listed."""
from __future__ import annotations

import tomllib
from pathlib import Path

from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent


def test_every_code_folder_is_a_listed_package():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    mapping = config["package-dir"]
    found = set()
    for package, folder in mapping.items():
        for init in (REPO / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(REPO / folder)
            found.add(".".join([package, *rel.parts]) if rel.parts else package)
    # subfolders of a separately mapped package belong to that mapping, not to the parent
    assert found <= listed, f"not listed in pyproject.toml: {sorted(found - listed)}"


def test_no_generic_top_level_modules():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert all(p == "samverkan" or p.startswith("samverkan.") for p in config["packages"])


def test_cli_help_lists_every_command():
    from samverkan.cli import COMMANDS, main

    runner = CliRunner()
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output
        sub = runner.invoke(main, [name, "--help"])
        assert sub.exit_code == 0, sub.output
