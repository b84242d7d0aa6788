"""The documentation keeps up with the code: every command and every setting is in the README,
and every flag and setting the README names exists."""

from __future__ import annotations

import re
import shlex
import tomllib
from dataclasses import fields, is_dataclass
from pathlib import Path

import typer.main
from test_readme_examples import code_blocks, section, table_rows

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


def _settings(values: object, table: str = "") -> list[tuple[str, str, object]]:
    """Every setting of ``values`` as (TOML table, key, default), nested dataclasses (such as
    ``limits``) as their own tables, found by introspection so that new settings count."""
    out: list[tuple[str, str, object]] = []
    for field in fields(values):  # type: ignore[arg-type]
        value = getattr(values, field.name)
        out += _settings(value, field.name) if is_dataclass(value) else [(table, field.name, value)]
    return out


def _documented_settings(readme: str) -> dict[tuple[str, str], str]:
    """(TOML table, key) → the default written in the README's Settings section: a table of
    top-level keys, then a subsection "### `[table]`" for each TOML table."""
    parts = re.split(r"^### `\[(\w+)\]`\n", section(readme, "Settings"), flags=re.M)
    tables = {"": parts[0], **dict(zip(parts[1::2], parts[2::2], strict=True))}
    return {(table, row[0].strip("`")): row[1].strip("`")
            for table, text in tables.items() for row in table_rows(text)}


def test_the_readme_documents_every_setting_with_its_default() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = _documented_settings(readme)
    settings = _settings(Settings())
    assert {table for table, _, _ in settings} == {"", "limits"}
    assert len(settings) >= 16  # Settings and Limits as of this test
    missing = [f"{table}.{key}".lstrip(".") for table, key, _ in settings
               if (table, key) not in documented]
    assert not missing, f"settings missing from the README's Settings section: {missing}"
    wrong = {f"{table}.{key}".lstrip("."): documented[table, key]
             for table, key, default in settings
             if tomllib.loads(f"v = {documented[table, key]}")["v"] != default}
    assert not wrong, f"defaults in README.md that are not the code's: {wrong}"
    stale = set(documented) - {(table, key) for table, key, _ in settings}
    assert not stale, f"README.md documents settings that do not exist: {sorted(stale)}"


def _commands_shown(readme: str) -> list[list[str]]:
    """Every ``kavosh …`` command in a code block or an inline code span, split like a shell."""
    lines = [line for block in code_blocks(readme) for line in block.splitlines()]
    lines += re.findall(r"`(kavosh [^`]+)`", readme)
    return [shlex.split(line, comments=True) for line in lines
            if line.strip().startswith("kavosh ")]


def test_every_flag_the_readme_shows_exists() -> None:
    group = typer.main.get_command(app)
    wrong = []
    for args in _commands_shown((ROOT / "README.md").read_text(encoding="utf-8")):
        command = group
        names = ["kavosh"]
        for arg in args[1:]:
            sub = getattr(command, "commands", {}).get(arg)
            if sub is None:
                break
            command = sub
            names.append(arg)
        assert command is not group, f"not a command: {args}"
        options = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        flags = [flag for arg in args if arg.startswith("-") for flag in arg.split("/")]
        wrong += [f"{' '.join(names)} {flag}" for flag in flags if flag not in options]
    assert not wrong, f"flags in README.md that the commands do not have: {wrong}"
