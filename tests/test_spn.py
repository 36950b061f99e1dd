"""Tests for wikimaint.links.spn: Save Page Now 2 against a local stand-in that behaves like it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from wikimaint.errors import InputError
from wikimaint.links.spn import ENV_KEY, SavePageNow, SpnCredentials

if TYPE_CHECKING:
    from pathlib import Path

    from archiveservers import SpnData
    from httpservers import LocalServer
    from wikimaint.net import Fetcher

KEYS = SpnCredentials("test-access", "test-secret")
PAGE = "https://www.ina.iq/ar/news/2026/11/30/مكتبة"


class Clock:
    """A clock that moves only when slept on, recording every sleep."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def spn_client(fetcher: Fetcher, spn: LocalServer, clock: Clock) -> SavePageNow:
    return SavePageNow(fetcher, KEYS, spn.base, clock=clock, sleep=clock.sleep, poll_every=2)


def test_a_capture_is_submitted_polled_and_returned(
    spn_client: SavePageNow, spn: LocalServer, spn_data: SpnData
) -> None:
    spn_data.polls_before_done = 2
    result = spn_client.save(PAGE)
    assert result.status == "saved"
    assert result.archive_url == f"https://web.archive.org/web/20261130101010/{PAGE}"
    assert result.when == datetime(2026, 11, 30, 10, 10, 10, tzinfo=UTC)
    assert spn.hits("/save", "POST") == 1
    assert spn.hits(f"/save/status/{result.job_id}", "GET") == 3  # pending, pending, success
    assert spn_data.authorizations == ["LOW test-access:test-secret"]


def test_an_error_returned_as_http_200_is_a_refusal(
    spn_client: SavePageNow, spn: LocalServer, spn_data: SpnData
) -> None:
    spn_data.refuse[PAGE] = "error:blocked-url"
    result = spn_client.save(PAGE)
    assert (result.status, result.reason) == ("refused", "error:blocked-url")
    assert spn.hits("/save", "POST") == 1  # not retried: SPN2 will not capture it


def test_too_many_captures_today_means_snapshots_exist(
    spn_client: SavePageNow, spn_data: SpnData
) -> None:
    spn_data.refuse[PAGE] = "error:too-many-daily-captures"
    assert spn_client.save(PAGE).status == "exists"


def test_a_session_limit_is_waited_out_with_backoff(
    spn_client: SavePageNow, spn: LocalServer, spn_data: SpnData, clock: Clock
) -> None:
    spn_data.session_limit_times = 2
    result = spn_client.save(PAGE)
    assert result.status == "saved"
    assert spn.hits("/save", "POST") == 3
    assert clock.sleeps[:1] == [2.0]
    assert 4.0 in clock.sleeps  # the second pause doubles


def test_a_transient_job_failure_is_tried_again(
    spn_client: SavePageNow, spn: LocalServer, spn_data: SpnData
) -> None:
    spn_data.fail_job[PAGE] = "error:browsing-timeout"
    result = spn_client.save(PAGE)
    assert (result.status, result.reason) == ("unreachable", "error:browsing-timeout")
    assert spn.hits("/save", "POST") == 4  # every try used, then given up
    spn_data.fail_job[PAGE] = "error:not-found"
    assert spn_client.save(PAGE).status == "failed"


def test_the_per_minute_limit_is_kept(
    fetcher: Fetcher, spn: LocalServer, spn_data: SpnData, clock: Clock
) -> None:
    client = SavePageNow(
        fetcher, KEYS, spn.base, per_minute=3, poll_every=0, clock=clock, sleep=clock.sleep
    )
    started = clock.now
    results = [client.save(f"https://www.ina.iq/ar/{n}") for n in range(4)]
    assert [r.status for r in results] == ["saved"] * 4
    assert clock.now - started >= 60.0  # the fourth waited for the window to move


def test_the_service_429_is_backed_off_and_counted(
    spn_client: SavePageNow, spn: LocalServer, spn_data: SpnData, clock: Clock
) -> None:
    spn_data.per_minute = 0  # the stand-in answers 429 Retry-After: 1 to every submission
    result = spn_client.save(PAGE)
    assert (result.status, result.reason) == ("unreachable", "http-429")
    assert spn.hits("/save", "POST") == 4
    assert 1.0 in clock.sleeps


def test_wrong_keys_are_refused_without_retrying(
    fetcher: Fetcher, spn: LocalServer, clock: Clock
) -> None:
    client = SavePageNow(fetcher, SpnCredentials("a", "b"), spn.base, sleep=clock.sleep)
    assert client.save(PAGE).reason == "http-401"
    assert spn.hits("/save", "POST") == 1


def test_archive_org_itself_is_never_submitted(spn_client: SavePageNow, spn: LocalServer) -> None:
    assert spn_client.save("https://web.archive.org/web/2020/https://a.iq/").status == "refused"
    assert spn.hits() == 0


def test_keys_come_from_a_file_or_the_environment_and_are_never_shown(tmp_path: Path) -> None:
    path = tmp_path / "spn.keys"
    path.write_text("my-access:my-secret\n", encoding="utf-8")
    from_file = SpnCredentials.load(path)
    assert from_file == SpnCredentials("my-access", "my-secret")
    assert "my-secret" not in repr(from_file)
    from_env = SpnCredentials.load(env={ENV_KEY: "env-access:env-secret"})
    assert from_env is not None
    assert from_env.header() == "LOW env-access:env-secret"
    assert SpnCredentials.load(env={}) is None
    path.write_text("only-one-word-secret", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        SpnCredentials.load(path)
    assert "only-one-word-secret" not in str(caught.value)
    path.write_text("access:سر\n", encoding="utf-8")  # S3 keys are ASCII; a header must be
    with pytest.raises(InputError) as caught:
        SpnCredentials.load(path)
    assert "سر" not in str(caught.value)
    with pytest.raises(InputError, match="cannot read"):
        SpnCredentials.load(tmp_path / "missing.keys")
