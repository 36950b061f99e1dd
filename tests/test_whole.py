"""Tests that an answer counts only when it was received whole (issue 14, item 7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from httpservers import policy_for_tests
from wikimaint.links.checker import LinkChecker, LinkStatus
from wikimaint.links.history import LinkHistory
from wikimaint.net import Failure, Fetcher

if TYPE_CHECKING:
    from pathlib import Path

    from httpservers import LocalServer


def test_head_cut_mid_headers_by_the_deadline_is_a_timeout(web: LocalServer) -> None:
    with Fetcher(policy_for_tests(total_deadline=0.4)) as fetcher:
        result = fetcher.fetch(web.url("/drip-headers"), "HEAD")
    assert (result.status, result.error) == (None, Failure.TIMEOUT)


def test_get_cut_mid_headers_by_the_deadline_is_a_timeout(web: LocalServer) -> None:
    with Fetcher(policy_for_tests(total_deadline=0.4)) as fetcher:
        result = fetcher.fetch(web.url("/drip-headers"))
    assert (result.status, result.error) == (None, Failure.TIMEOUT)


def test_headers_cut_by_the_server_are_no_answer(fetcher: Fetcher, web: LocalServer) -> None:
    result = fetcher.fetch(web.url("/cut-headers"), "HEAD")
    assert result.status is None
    assert result.error == Failure.PROTOCOL


def test_a_link_whose_headers_never_end_is_never_alive(web: LocalServer, tmp_path: Path) -> None:
    with (
        Fetcher(policy_for_tests(total_deadline=0.4)) as fetcher,
        LinkHistory(tmp_path / "links.sqlite") as history,
    ):
        checker = LinkChecker(fetcher, history)
        for path in ("/drip-headers", "/cut-headers"):
            report = checker.check([web.url(path)])[web.url(path)]
            assert report.status != LinkStatus.ALIVE, path
            assert report.http_status is None


def test_a_page_whose_body_is_cut_short_is_never_alive(
    fetcher: Fetcher, web: LocalServer, tmp_path: Path
) -> None:
    got = fetcher.fetch(web.url("/cut-body"))
    assert got.status == 200
    assert got.error is not None and got.truncated
    with LinkHistory(tmp_path / "links.sqlite") as history:
        report = LinkChecker(fetcher, history).check([web.url("/cut-body")])[web.url("/cut-body")]
    assert report.status == LinkStatus.UNKNOWN  # a first failure: wait and see
