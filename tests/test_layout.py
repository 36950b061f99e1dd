"""The package tree keeps its shape: layers that import only downwards, small modules, wired rules."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from wikimaint.citations import rules as rules_package
from wikimaint.citations.registry import Rule
from wikimaint.citations.rules import RULES

SRC = ROOT / "src" / "wikimaint"
MODULES = sorted(p for p in SRC.rglob("*.py") if "egg-info" not in str(p))
PACKAGES = sorted(p.parent for p in SRC.rglob("__init__.py"))
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 500


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_is_longer_than_the_house_allows(module: Path) -> None:
    lines = module.read_text("utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module.relative_to(SRC)} has {lines} lines: split it at a seam"


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: str(p.relative_to(SRC.parent)))
def test_every_package_says_what_it_is_for(package: Path) -> None:
    tree = ast.parse((package / "__init__.py").read_text("utf-8"))
    doc = ast.get_docstring(tree)
    assert doc, f"{package.name}/__init__.py has no docstring"
    assert len(doc.split()) >= 12, f"{package.name}/__init__.py: say how its modules join"


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_import_hides_from_the_checker(module: Path) -> None:
    text = module.read_text("utf-8")
    assert "import_module(" not in text, f"{module.name}: use a plain import statement"
    assert "__import__(" not in text, f"{module.name}: use a plain import statement"


def test_every_rule_defined_is_wired_in_the_one_table() -> None:
    defined = {
        value.id: value
        for module in (
            rules_package.fields,
            rules_package.dates,
            rules_package.archives,
            rules_package.refs,
            rules_package.online,
            rules_package.unarchived,
        )
        for value in vars(module).values()
        if isinstance(value, Rule)
    }
    rule_files = {p.stem for p in (SRC / "citations" / "rules").glob("*.py")} - {"__init__"}
    assert rule_files == {"common", "fields", "dates", "archives", "refs", "online", "unarchived"}
    assert set(defined) == set(RULES)
    assert all(RULES[rule_id] is rule for rule_id, rule in defined.items())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        ("wikitext/tree.py", "import wikimaint.cli.app", "Lower layers never import upper ones"),
        ("links/urls.py", "import requests", "Only wikimaint.net talks HTTP"),
        ("edit/plan.py", "import pywikibot", "Only wikimaint.bot imports pywikibot"),
        ("net/policy.py", "import wikimaint.net.fetcher", "No cycles between the modules"),
    ],
)
def test_the_contracts_catch_a_planted_import(
    tmp_path: Path, module: str, planted: str, contract: str
) -> None:
    shutil.copytree(SRC, tmp_path / "src" / "wikimaint", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "src" / "wikimaint" / module
    target.write_text(target.read_text("utf-8") + f"\n{planted}  # planted\n", "utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    done = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode != 0, done.stdout
    broken = [line for line in done.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(line.startswith(contract) for line in broken), done.stdout


@pytest.mark.slow
def test_the_contracts_hold_on_the_tree_as_it_is() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout
    assert "4 kept, 0 broken" in done.stdout


def test_a_missing_pywikibot_is_a_clear_message_not_our_crash(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.modules['pywikibot'] = None  # as if it were not installed\n"
        "from wikimaint.cli.app import main\n"
        "sys.exit(main(['bot', '-page:غارات', '--lang', 'en']))\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "XDG_CACHE_HOME": str(tmp_path),
        "PYWIKIBOT_DIR": "",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 2, done.stderr
    assert "pywikibot is not installed" in done.stderr
    assert "pip install pywikibot" in done.stderr
    assert "Traceback" not in done.stderr
    assert "internal error" not in done.stderr
