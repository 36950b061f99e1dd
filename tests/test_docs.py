"""The README documents every command, every rule and every benchmark, and its examples run."""

from __future__ import annotations

import argparse
import io
import re

import pytest

from conftest import ROOT
from wikimaint.citations.rules import RULES
from wikimaint.cli.app import build_parser, run

README = (ROOT / "README.md").read_text("utf-8")


def _subcommands(parser: argparse.ArgumentParser, prefix: str) -> list[str]:
    found: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(f"{prefix} {name}")
                found.extend(_subcommands(sub, f"{prefix} {name}"))
    return found


COMMANDS = _subcommands(build_parser(), "wikimaint")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_and_has_help(command: str) -> None:
    words = command.split()[1:]
    spelled = {command, *(["citation-check"] if words == ["check"] else [])}
    assert any(s in README for s in spelled), f"{command} is not in the README"
    out, err = io.StringIO(), io.StringIO()
    assert run([*words, "--help"], out, err) == 0
    assert "usage:" in out.getvalue()


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_is_named_in_the_readme(rule_id: str) -> None:
    assert re.search(rf"`{re.escape(rule_id)}`", README), rule_id


@pytest.mark.parametrize("bench", sorted(p.name for p in (ROOT / "bench").glob("bench_*.py")))
def test_every_benchmark_is_in_the_readme(bench: str) -> None:
    assert bench in README


def test_the_two_setup_commands_are_the_ones_ci_runs() -> None:
    assert "make run" in README
    assert "make test" in README
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert re.search(r"^\s*(exec\s+)?make test\s*$", ci, re.MULTILINE), ci


def test_the_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
    assert blocks
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
