"""Hostile names and text from a leak, printed by the command line: nothing reaches the terminal
as a control sequence, rich markup or a link; the JSON output stays exact."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import make_case
from typer.testing import CliRunner

from kavosh.cli.app import app
from kavosh.pipeline import ingest
from kavosh.text.visible import json_escape_controls, visible

TITLE = "\x1b]0;pwned\x07title.txt"  # sets the terminal window's title
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"  # writes the clipboard (OSC 52)
CLEAR = "\x1b[2J"
CSI = "csi\x9b31mred.txt"  # the one-byte C1 control sequence introducer
BOLD = "[/bold].txt"  # a closing rich tag with no opening one: MarkupError
LINK = "[link=https://example.com]click[/link].txt"  # a live terminal link
SPOOF = "rtl_cod\u202egpj.exe"  # displays as rtl_codexe.jpg
OOPS = "[/oops]/../y.txt"  # refused as unsafe: its failure is listed by `kavosh status`
NAMES = {
    TITLE: f"alpha secret {CLEAR} cleared {CLIPBOARD} clip",
    CSI: "alpha csi",
    BOLD: "alpha bold",
    LINK: "alpha link",
    SPOOF: "alpha spoof",
    OOPS: "alpha oops",
}
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.fixture
def hostile_case(tmp_path: Path) -> Path:
    leak = tmp_path / "leak.zip"
    with zipfile.ZipFile(leak, "w") as archive:
        for name, text in NAMES.items():
            archive.writestr(name, text)
    root = tmp_path / "case"
    case = make_case(root, executor="inline")
    try:
        ingest(case, [leak])
    finally:
        case.close()
    return root


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_search_and_status_print_hostile_names_visibly(hostile_case: Path) -> None:
    found = run("search", "alpha", "--case", str(hostile_case))
    status = run("status", "--case", str(hostile_case))
    for output in (found, status):
        assert not any(c in output for c in RAW_CONTROLS), output
    assert "␛]0;pwned␇title.txt" in found
    assert f"alpha secret {visible(CLEAR)} cleared ␛]52;c;ZXZpbA==␇ clip" in found
    assert "csi⟨U+009B⟩31mred.txt" in found
    assert "rtl_cod⟨RLO⟩gpj.exe" in found
    assert BOLD in found and LINK in found  # printed as written: no markup, no link
    assert OOPS in status.replace("\n", "")


def test_json_output_is_exact_and_harmless(hostile_case: Path) -> None:
    output = run("search", "alpha", "--case", str(hostile_case), "--json")
    assert not any(c in output for c in RAW_CONTROLS)
    paths = {json.loads(line)["path"] for line in output.splitlines()}
    assert paths == {f"leak.zip/{name}" for name in NAMES if name != OOPS}
    status = json.loads(run("status", "--case", str(hostile_case), "--json"))
    assert [f["path"] for f in status["failed"]] == [f"leak.zip/{OOPS}"]


def test_visible_shows_every_control_and_keeps_persian() -> None:
    persian = "گزارش\u200cهای محرمانه"  # ZWNJ is part of the word
    assert visible(persian) == persian
    assert visible("a\x00b\x1fc\x7fd\n") == "a␀b␟c␡d␊"
    assert visible("\u2066x\u2069\u200f\u061c") == "⟨LRI⟩x⟨PDI⟩⟨RLM⟩⟨ALM⟩"
    value = {"name": f"{SPOOF}\x85{TITLE}"}
    dumped = json_escape_controls(json.dumps(value, ensure_ascii=False))
    assert json.loads(dumped) == value and dumped.isprintable()


def test_a_query_nested_too_deeply_is_a_clear_error(hostile_case: Path) -> None:
    result = CliRunner().invoke(app, ["search", "(" * 400 + "alpha", "--case",
                                      str(hostile_case)])
    assert result.exit_code == 2  # a usage error, not a traceback
    assert "nests too deeply" in result.stderr and "Traceback" not in result.output
