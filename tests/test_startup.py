"""Start-up: a command imports only what it needs; the public API resolves its names on first use.

Each check runs in a fresh interpreter, where nothing is imported yet, and asserts which
modules it imported: behaviour, not time (``README.md``, "Speed", gives the times).
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

from conftest import FIXTURES, ROOT

if TYPE_CHECKING:
    from pathlib import Path

#: What reading a scan's results, or building the parser, has no need of: the check and
#: its rules, HTTP, JSON Schema, the infobox modules, the parser of wikitext, and what
#: only a scan with work needs: worker processes, an XML parser, a progress bar.
HEAVY = (
    "requests",
    "urllib3",
    "jsonschema",
    "mwparserfromhell",
    "lxml",
    "multiprocessing",
    "tqdm",
    "wikimaint.scan.engines",
    "wikimaint.citations.check",
    "wikimaint.citations.rules",
    "wikimaint.infobox",
    "wikimaint.net",
    "wikimaint.scan.pagecheck",
    "wikimaint.wikitext.parse",
)

_RUN = """
import json, sys
from wikimaint.cli import main
code = main(json.loads(sys.argv[1]))
print(json.dumps({{"code": code, "imported": sorted(m for m in sys.modules if m.startswith({heavy}))}}))
"""


def _fresh(argv: list[str], cwd: Path) -> tuple[dict[str, object], str, str]:
    """Return the exit code and heavy modules of ``main(argv)`` in a fresh interpreter, and
    what it wrote on standard output and on standard error."""
    done = subprocess.run(
        [sys.executable, "-c", _RUN.format(heavy=HEAVY), json.dumps(argv)],
        capture_output=True, text=True, cwd=cwd, check=False,
    )  # fmt: skip
    *said, last = done.stdout.splitlines()
    return json.loads(last), "\n".join(said), done.stderr


def _scan(out: Path, *more: str) -> list[str]:
    return ["--lang", "en", "scan", "--quiet", "--today", "2026-12-01", "--out", str(out), *more]


def test_resuming_a_finished_scan_imports_no_check(tmp_path: Path) -> None:
    out = tmp_path / "scan"
    first, said, _ = _fresh(_scan(out, "--jobs", "1", str(FIXTURES)), tmp_path)
    assert first["code"] == 1, said  # the fixtures have errors: --fail-on error
    assert "wikimaint.scan.pagecheck" in first["imported"]  # the scan did check pages
    summary = (out / "summary.json").read_bytes()
    again, said_again, _ = _fresh(_scan(out, "--resume"), tmp_path)
    assert again == {"code": 1, "imported": []}
    assert said_again == said  # the same end-of-run line, from the database
    assert (out / "summary.json").read_bytes() == summary


def test_forked_workers_start_with_the_check_the_main_process_imported(tmp_path: Path) -> None:
    # The main process checks no page itself: it has the check only because it imported
    # it before forking its workers, so that they would not each import it again.
    code = (
        "import sys, threading\n"
        "from wikimaint.cli import main\n"
        f"main({_scan(tmp_path / 'scan', '--jobs', '1', str(FIXTURES))!r})\n"
        "assert threading.active_count() == 1  # so the workers were forked\n"
        "print('wikimaint.scan.pagecheck' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.stdout.splitlines()[-1] == "True", done.stderr


def test_help_and_usage_errors_import_no_check(tmp_path: Path) -> None:
    for argv in (["--help"], ["scan", "--help"], ["bot", "--help"], ["check", "--help"]):
        found, said, _ = _fresh(argv, tmp_path)
        assert found == {"code": 0, "imported": []}, argv
        assert "usage: wikimaint" in said
    # the converters' messages are registered with the parsers, not with what they check
    for argv, words in (
        (["scan", "--batch", "0", "--out", "x", "y"], "'0' ليس عددًا صحيحًا لا يقل عن 1"),
        (["bot", "--tasks", "archive,نشر"], "مهمة غير معروفة: نشر؛"),
        (["--lang", "en", "check", "--today", "2026-13-01", "x"], "--today: not a YYYY-MM-DD date"),
    ):
        found, said, err = _fresh(argv, tmp_path)
        assert found == {"code": 2, "imported": []}, argv
        assert words in err, err


def test_the_public_api_is_whole_and_its_doctest_passes() -> None:
    code = (
        "import doctest, sys, wikimaint\n"
        "assert 'wikimaint.citations.check' not in sys.modules\n"
        "from wikimaint import infobox, parse  # each asks the package, then imports it\n"
        "result = doctest.testmod(wikimaint)\n"
        "print(result.attempted, result.failed)\n"
        "from wikimaint import *\n"
        "from wikimaint.citations.check import LiveOptions as L, Report as R, check_citations as c\n"
        "from wikimaint.edit.fixes import FixResult as F, apply_fixes as a\n"
        "from wikimaint.errors import SchemaValidationError as S, WikimaintError as W\n"
        "from wikimaint.schema.validators import iter_errors as i, validate as v\n"
        "from wikimaint.wikitext.model import Article as A\n"
        "from wikimaint.wikitext.parse import parse as p\n"
        "import wikimaint.infobox as ib\n"
        "same = [(LiveOptions, L), (Report, R), (check_citations, c), (FixResult, F),\n"
        "        (apply_fixes, a), (SchemaValidationError, S), (WikimaintError, W),\n"
        "        (iter_errors, i), (validate, v), (Article, A), (parse, p), (infobox, ib)]\n"
        "print(all(x is y for x, y in same), len(same) == len(wikimaint.__all__) - 1)\n"
        "print(set(wikimaint.__all__) <= set(dir(wikimaint)))\n"
        "try:\n"
        "    wikimaint.no_such_name\n"
        "except AttributeError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.stdout.splitlines() == [
        "3 0",
        "True True",
        "True",
        "module 'wikimaint' has no attribute 'no_such_name'",
    ], done.stderr
