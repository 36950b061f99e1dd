"""Dependencies: a minimum wherever an older release is unsafe for wikimaint (issue 14)."""

from __future__ import annotations

import gzip
import tomllib
from importlib.metadata import version

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from conftest import ROOT
from httpservers import Reply, policy_for_tests, serving
from wikimaint.net import Fetcher

UNSAFE_BELOW = {
    "requests": "2.32.4",  # CVE-2024-47081
    "urllib3": "2.7.0",  # CVE-2025-66471, CVE-2025-66418, CVE-2026-21441, CVE-2026-44432
    "idna": "3.7",  # CVE-2024-3651
    "certifi": "2024.7.4",  # CVE-2024-39689
}


def declared() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return {Requirement(text).name: Requirement(text) for text in project["dependencies"]}


@pytest.mark.parametrize(("name", "minimum"), sorted(UNSAFE_BELOW.items()))
def test_unsafe_releases_are_excluded_and_not_installed(name: str, minimum: str) -> None:
    requirement = declared()[name]
    assert not requirement.specifier.contains(_below(minimum), prereleases=True)
    assert requirement.specifier.contains(minimum)
    assert Version(version(name)) >= Version(minimum)


def _below(text: str) -> str:
    """Return a version just below *text*: its first development release."""
    return f"{text}.dev0"


def test_too_many_chained_encodings_are_a_failure_not_a_crash() -> None:
    body = b"<title>ok</title>"
    for _ in range(6):
        body = gzip.compress(body)

    def app(reply: Reply) -> None:
        reply.send(200, body, {"Content-Encoding": ", ".join(["gzip"] * 6)})

    with serving(app) as server, Fetcher(policy_for_tests()) as fetcher:
        got = fetcher.fetch(server.url("/"))
    assert got.error is not None and got.body == b""


def test_a_gzip_bomb_is_read_only_up_to_the_cap() -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # 64 MiB in ~64 KiB

    def app(reply: Reply) -> None:
        reply.send(200, bomb, {"Content-Encoding": "gzip"})

    policy = policy_for_tests(max_bytes=1024 * 1024)
    with serving(app) as server, Fetcher(policy) as fetcher:
        got = fetcher.fetch(server.url("/"))
    assert (got.status, got.truncated) == (200, True)
    assert len(got.body) == policy.max_bytes
