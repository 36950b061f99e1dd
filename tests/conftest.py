"""Shared test set-up: where the fixtures and the shared corpus are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Local HTTP servers that misbehave like the web, the local MediaWiki, Debian's chromium.
pytest_plugins = ["httpservers", "localwiki", "browser"]

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
FIXTURES = ROOT / "fixtures" / "articles"
TARGET = FIXTURES / "غارات_جوية_أمريكية_على_غرب_العراق.wiki"
TARGET_TITLE = "غارات جوية أمريكية على غرب العراق"
FEATURES = FIXTURES / "دار_الكتب_والوثائق_العراقية.wiki"
IN_CI = os.environ.get("CI") == "true"

FIXTURE_FILES = sorted(FIXTURES.glob("*.wiki"))
CORPUS_FILES = sorted(CORPUS.glob("*.wikitext")) if CORPUS.is_dir() else []


def corpus_params() -> list[object]:
    """Return the corpus files as test parameters, or one skip when ../shared is absent."""
    if CORPUS_FILES:
        return [pytest.param(p, id=p.name) for p in CORPUS_FILES]
    if IN_CI:  # CI has ../shared beside the clone: its absence there is a failure
        return [pytest.param(None, id="corpus-missing")]
    return [pytest.param(None, id="no-corpus", marks=pytest.mark.skip("../shared/corpus absent"))]


def read(path: Path | None) -> str:
    """Return a fixture or corpus file's text; fail when CI lacks the shared corpus."""
    if path is None:
        pytest.fail(f"{CORPUS} is missing; CI must have ../shared beside the clone")
    return path.read_text("utf-8")
