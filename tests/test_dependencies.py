"""Every third-party package the installed code imports is declared in pyproject.toml, and
requirements.lock pins every declared package (run `make lock` after changing dependencies)."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CODE_FOLDERS = ("pipeline", "extractors", "models")


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-").replace(".", "-")


def _declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    names = {_name(r) for r in project["dependencies"]}
    for extra in project.get("optional-dependencies", {}).values():
        names |= {_name(r) for r in extra}
    return names


def _imported_top_levels() -> set[str]:
    found = set()
    for folder in CODE_FOLDERS:
        for path in (REPO / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    return found


def test_every_imported_package_is_declared():
    distributions = packages_distributions()
    declared = _declared()
    missing = []
    for module in sorted(_imported_top_levels()):
        if module in sys.stdlib_module_names or module == "samverkan":
            continue
        names = {_name(d) for d in distributions.get(module, [])}
        assert names, f"`import {module}`: no installed distribution provides it"
        if not names & declared:
            missing.append(f"{module} ({', '.join(sorted(names))})")
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
    # trafilatura's justext imports `lxml.html.clean`, a separate distribution since lxml 5.2
    assert "lxml-html-clean" in declared


def test_lock_pins_every_declared_package():
    pinned = {_name(line) for line in (REPO / "requirements.lock").read_text().splitlines()
              if line and not line.startswith(("#", " ", "-"))}
    assert all("==" in line for line in (REPO / "requirements.lock").read_text().splitlines()
               if line and not line.startswith(("#", " ", "-")))
    missing = _declared() - pinned
    assert not missing, f"in pyproject.toml but not in requirements.lock (run `make lock`): {sorted(missing)}"
