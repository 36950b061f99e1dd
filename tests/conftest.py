"""Shared test set-up: where the fixtures and the shared corpus are."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path
from typing import Any

import pytest

# Local HTTP servers that misbehave like the web (archives too), the local MediaWiki,
# Debian's chromium.
pytest_plugins = ["httpservers", "archiveservers", "localwiki", "browser"]

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


_REAL_GETADDRINFO = socket.getaddrinfo


def _loopback_only(host: object, *args: Any, **kwargs: Any) -> Any:
    """Resolve like the system, but refuse every name that is not loopback."""
    name = host.decode() if isinstance(host, bytes) else str(host)
    try:
        loopback = ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        loopback = name in {"localhost", "localhost.localdomain"}
    if not loopback:
        raise socket.gaierror(socket.EAI_NONAME, f"tests reach loopback only, not {name}")
    return _REAL_GETADDRINFO(host, *args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_network_beyond_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make sure no test resolves a public name (an archive's default base, say)."""
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_only)
