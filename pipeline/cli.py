"""The `samverkan` command line: a thin shell over the Python API.

Each command lives next to the code it drives (for example `samverkan.ingest.commands`);
this module only lists them, and loads a command's module when that command is used.
"""
from __future__ import annotations

import importlib

import click

from . import __version__

# command name -> "module:attribute" of its click command
COMMANDS: dict[str, str] = {
    "run": "samverkan.run:run_command",
    "query": "samverkan.query.commands:query",
    "search": "samverkan.query.commands:search_command",
    "export": "samverkan.export.commands:export",
    "serve": "samverkan.web.commands:serve",
    "train-ner": "samverkan.models.train_ner:train_ner_command",
    "train-relations": "samverkan.models.train_relations:train_relations_command",
    "ingest": "samverkan.ingest.commands:ingest",
    "extract": "samverkan.extract_commands:extract",
    "bench": "samverkan.bench.commands:bench",
    "dedup": "samverkan.dedup.commands:dedup",
    "merge": "samverkan.dedup.commands:merge_command",
    "split": "samverkan.dedup.commands:split_command",
    "undo": "samverkan.dedup.commands:undo_command",
    "users": "samverkan.desk.commands:users",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use (keeps `--help` and startup fast)."""

    def __init__(self, *args, lazy_subcommands: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_subcommands = lazy_subcommands or {}

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self.lazy_subcommands))

    def get_command(self, ctx, cmd_name):
        if cmd_name in self.lazy_subcommands:
            module_name, attr = self.lazy_subcommands[cmd_name].split(":")
            return getattr(importlib.import_module(module_name), attr)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, lazy_subcommands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="samverkan")
def main() -> None:
    """Who signed what with whom: Swedish municipal documents into a queryable database."""


if __name__ == "__main__":
    main()
