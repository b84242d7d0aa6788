"""The documentation keeps up with the code: every command is in the README, every setting too."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import typer.main

from kavosh.case import Settings
from kavosh.cli import app

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        names += [f"{name} {sub}" for sub in subcommands] if subcommands else [name]
    return names


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in _commands() if f"kavosh {c}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


def test_readme_names_the_two_commands_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/demo.sh" in readme and "bash scripts/test.sh" in readme
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_setting_is_written_to_new_cases() -> None:
    toml = Settings().to_toml()
    for field in fields(Settings):
        if field.name != "limits":
            assert f"{field.name} =" in toml
    for field in fields(Settings().limits):
        assert f"{field.name} =" in toml
