"""The wheel `pip install .` builds carries the schemas and data and works away from the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from typing import TYPE_CHECKING

import pytest

from conftest import ROOT, TARGET

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the project's wheel (no dependencies) and return its path."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        # Offline: the build uses the test environment's setuptools, nothing is downloaded.
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        cwd=out,
        capture_output=True,
    )
    (built,) = out.glob("wikimaint-*.whl")
    return built


def test_wheel_carries_every_schema_and_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for source in sorted((ROOT / "schemas").rglob("*.json")):
        packaged = "wikimaint/schemas/" + source.relative_to(ROOT / "schemas").as_posix()
        assert packaged in names, f"{packaged} missing from {wheel.name}"
        packaged_text = zipfile.ZipFile(wheel).read(packaged).decode("utf-8")
        assert packaged_text == source.read_text("utf-8")
    for source in sorted((ROOT / "src" / "wikimaint" / "data").glob("*.json")):
        assert f"wikimaint/data/{source.name}" in names
    reports = ROOT / "src" / "wikimaint" / "reports"
    for source in sorted([*reports.glob("templates/*.j2"), *reports.glob("static/*")]):
        assert f"wikimaint/{source.relative_to(reports.parent).as_posix()}" in names, source.name
    assert "wikimaint/py.typed" in names


def test_installed_wheel_parses_and_checks_outside_the_source_tree(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "-t",
            str(target),
            wheel,
        ],
        check=True,
        capture_output=True,
    )
    script = (
        "import json, sys, wikimaint\n"
        "from wikimaint.cli.app import run\n"
        "assert wikimaint.__file__.startswith(sys.argv[1]), wikimaint.__file__\n"
        "code = run(['check', '--format', 'json', sys.argv[2]], sys.stdout, sys.stderr)\n"
        "raise SystemExit(code)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(target), str(TARGET)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    assert report["title"] == "غارات جوية أمريكية على غرب العراق"
    assert len(report["citations"]) == 2


def test_the_wheel_requires_pywikibot_so_a_plain_install_runs_the_bot(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        lines = archive.read(metadata).decode("utf-8").splitlines()
    required = [line for line in lines if line.startswith("Requires-Dist:")]
    assert any(line.startswith("Requires-Dist: pywikibot") and "extra ==" not in line for line in required), required
