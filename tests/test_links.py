"""Tests for wikimaint.links.checker against real servers on 127.0.0.1 (see httpservers.py)."""

from __future__ import annotations

import re
import socket
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from httpservers import policy_for_tests
from wikimaint.errors import FetchError, RateLimitedError
from wikimaint.links.checker import LinkChecker, LinkStatus
from wikimaint.links.history import VERDICTS, LinkHistory
from wikimaint.links.pages import NOT_FOUND_URL, redirects_to_root
from wikimaint.links.wayback import SnapshotStatus, WaybackClient
from wikimaint.net import Fetcher

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from httpservers import LocalServer, WaybackData
    from wikimaint.links.checker import LinkReport
    from wikimaint.net import FetchPolicy


DAY0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
PROBE = re.compile(r"/[0-9a-f]{20}")


def day(n: float) -> datetime:
    return DAY0 + timedelta(days=n)


def probes(server: LocalServer) -> int:
    return sum(n for (_, path), n in server.counts.items() if PROBE.fullmatch(path))


@pytest.fixture
def history(tmp_path: Path) -> Iterator[LinkHistory]:
    with LinkHistory(tmp_path / "links.sqlite") as opened:
        yield opened


@pytest.fixture
def checker(fetcher: Fetcher, history: LinkHistory) -> LinkChecker:
    return LinkChecker(fetcher, history, now=DAY0)


def check_one(checker: LinkChecker, url: str) -> LinkReport:
    return checker.check([url])[url]


def test_verdicts_match_the_history() -> None:
    assert {status.value for status in LinkStatus} == VERDICTS


# --- one check ------------------------------------------------------------------------------


def test_alive_page_needs_only_a_head(checker: LinkChecker, web: LocalServer) -> None:
    report = check_one(checker, web.url("/ok"))
    assert (report.status, report.reason, report.http_status) == (LinkStatus.ALIVE, "http-200", 200)
    assert (report.from_cache, report.checks, report.confirmed_dead) == (False, 1, False)
    assert web.hits("/ok", "GET") == 0
    assert web.hits("/ok", "HEAD") == 1
    assert probes(web) == 1  # the host answers a real 404 to a random path: honest


@pytest.mark.parametrize(("path", "reason"), [("/missing", "http-404"), ("/gone", "http-410")])
def test_missing_page_is_dead_on_the_get(
    checker: LinkChecker, web: LocalServer, path: str, reason: str
) -> None:
    report = check_one(checker, web.url(path))
    assert (report.status, report.reason) == (LinkStatus.DEAD, reason)
    assert not report.confirmed_dead  # one check is not enough
    assert (web.hits(path, "HEAD"), web.hits(path, "GET")) == (1, 1)


@pytest.mark.parametrize("path", ["/forbidden", "/unauthorized", "/ratelimited", "/legal"])
def test_blocked_is_unknown_never_dead(
    fetcher: Fetcher, history: LinkHistory, web: LocalServer, path: str
) -> None:
    for n in (0, 3, 6, 9):
        report = check_one(LinkChecker(fetcher, history, now=day(n)), web.url(path))
        assert report.status == LinkStatus.UNKNOWN
        assert not report.confirmed_dead
    assert report.checks == 4


def test_first_timeout_is_unknown(history: LinkHistory, web: LocalServer) -> None:
    with Fetcher(policy_for_tests(read_timeout=0.3)) as fetcher:
        report = check_one(LinkChecker(fetcher, history, now=DAY0), web.url("/slow"))
    assert (report.status, report.reason) == (LinkStatus.UNKNOWN, "timeout")
    assert web.hits("/slow", "GET") == 1  # HEAD timed out: the GET had its chance


def test_transient_failure_counts_only_when_it_repeats(
    fetcher: Fetcher, history: LinkHistory, web: LocalServer
) -> None:
    url = web.url("/reset")
    seen = [check_one(LinkChecker(fetcher, history, now=day(n)), url) for n in (0, 3, 6, 9)]
    assert [r.status for r in seen] == [LinkStatus.UNKNOWN] + [LinkStatus.DEAD] * 3
    assert [r.confirmed_dead for r in seen] == [False, False, False, True]
    assert {r.reason for r in seen} == {"reset"}


def test_server_error_is_unknown_the_first_time(checker: LinkChecker, web: LocalServer) -> None:
    report = check_one(checker, web.url("/error"))
    assert (report.status, report.reason) == (LinkStatus.UNKNOWN, "http-500")


@pytest.mark.parametrize("path", ["/head-405", "/head-404"])
def test_only_the_get_counts(checker: LinkChecker, web: LocalServer, path: str) -> None:
    report = check_one(checker, web.url(path))
    assert report.status == LinkStatus.ALIVE
    assert web.hits(path, "GET") == 1


def test_redirect_to_the_home_page(checker: LinkChecker, web: LocalServer) -> None:
    report = check_one(checker, web.url("/news/2019/old-story.html"))
    assert (report.status, report.reason) == (LinkStatus.REDIRECT_TO_ROOT, "redirect-to-home")
    assert report.final_url == web.url("/")


def test_redirect_chain_to_a_page_is_alive(checker: LinkChecker, web: LocalServer) -> None:
    report = check_one(checker, web.url("/r/301"))
    assert (report.status, report.final_url) == (LinkStatus.ALIVE, web.url("/ok"))


def test_home_page_itself_is_alive(checker: LinkChecker, web: LocalServer) -> None:
    assert check_one(checker, web.url("/")).status == LinkStatus.ALIVE


def test_dns_failure_is_dead_without_a_request(policy: FetchPolicy, history: LinkHistory) -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with Fetcher(policy, resolver=resolver) as fetcher:
        report = check_one(LinkChecker(fetcher, history, now=DAY0), "http://expired.example/a")
    assert (report.status, report.reason) == (LinkStatus.DEAD, "dns")


def test_tls_failure_is_unknown_first_and_dead_only_when_it_repeats(
    fetcher: Fetcher, history: LinkHistory, tls_web: LocalServer
) -> None:
    url = tls_web.url("/ok")  # a self-signed certificate nobody trusts
    seen = [check_one(LinkChecker(fetcher, history, now=day(n)), url) for n in (0, 3, 6, 9)]
    assert [r.status for r in seen] == [LinkStatus.UNKNOWN] + [LinkStatus.DEAD] * 3
    assert [r.confirmed_dead for r in seen] == [False, False, False, True]
    assert {r.reason for r in seen} == {"tls"}


@pytest.mark.parametrize(
    ("original", "final", "expected"),
    [
        ("http://a.example/news/1", "http://a.example/", True),
        ("http://a.example/index.php?id=5", "https://www.a.example/", True),
        ("http://a.example/ar/news/1", "http://a.example/ar/", True),
        ("http://news.a.example/x", "http://a.example/index.html", True),
        ("http://a.example/", "http://a.example/index.html", False),
        ("http://a.example/ok", "http://a.example/ok/", False),
        ("http://a.example/news/1", "http://other.example/", False),
        ("http://a.example/news/1", "http://a.example/?lang=ar", False),
    ],
)
def test_what_counts_as_a_redirect_to_the_home_page(
    original: str, final: str, *, expected: bool
) -> None:
    assert redirects_to_root(original, final) is expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/404.html", True),
        ("/errors/404/", True),
        ("/NotFound.aspx", True),
        ("/error", True),
        ("/news/2019/404-killed-in-floods", False),
        ("/errors-and-omissions/report", False),
    ],
)
def test_not_found_url_signs(path: str, *, expected: bool) -> None:
    assert (NOT_FOUND_URL.search(path) is not None) is expected


def test_unsafe_address_is_unknown(checker: LinkChecker) -> None:
    report = check_one(checker, "http://10.1.2.3/intranet")
    assert (report.status, report.reason) == (LinkStatus.UNKNOWN, "unsafe-address")


# --- soft 404s --------------------------------------------------------------------------------


def test_soft_404_by_title(checker: LinkChecker, soft_host: LocalServer) -> None:
    report = check_one(checker, soft_host.url("/ar/أخبار/مقالة-حذفت"))
    assert (report.status, report.reason) == (LinkStatus.SOFT_404, "soft-404-title")


def test_soft_404_title_in_windows_1256(checker: LinkChecker, soft_host: LocalServer) -> None:
    report = check_one(checker, soft_host.url("/legacy/page.asp"))
    assert (report.status, report.reason) == (LinkStatus.SOFT_404, "soft-404-title")


def test_script_shell_cannot_be_judged(checker: LinkChecker, shell_host: LocalServer) -> None:
    report = check_one(checker, shell_host.url("/ar/article/15"))
    assert (report.status, report.reason) == (LinkStatus.UNKNOWN, "same-as-random-no-text")


def test_real_page_on_a_soft_host_is_alive(checker: LinkChecker, soft_host: LocalServer) -> None:
    assert check_one(checker, soft_host.url("/real-article")).status == LinkStatus.ALIVE


def test_soft_404_same_url_as_random(checker: LinkChecker, soft_redirect_host: LocalServer) -> None:
    reports = checker.check(
        [soft_redirect_host.url("/old-page"), soft_redirect_host.url("/real-article")]
    )
    old, real = reports.values()
    assert (old.status, old.reason) == (LinkStatus.SOFT_404, "soft-404-same-url-as-random")
    assert real.status == LinkStatus.ALIVE


def test_soft_404_similar_to_random(checker: LinkChecker, template_host: LocalServer) -> None:
    report = check_one(checker, template_host.url("/article/999"))
    assert (report.status, report.reason) == (LinkStatus.SOFT_404, "soft-404-similar-to-random")


def test_short_article_in_a_big_template_is_alive(
    checker: LinkChecker, template_host: LocalServer
) -> None:
    """Same site-wide title, mostly the same words as the error page: still a real page."""
    urls = [template_host.url("/article/short"), template_host.url("/article/long")]
    assert [r.status for r in checker.check(urls).values()] == [LinkStatus.ALIVE] * 2


def test_soft_404_by_url_after_a_redirect(checker: LinkChecker, template_host: LocalServer) -> None:
    report = check_one(checker, template_host.url("/old"))
    assert (report.status, report.reason) == (LinkStatus.SOFT_404, "soft-404-url")


def test_honest_host_never_gives_a_soft_404(checker: LinkChecker, web: LocalServer) -> None:
    report = check_one(checker, web.url("/song-404"))  # title "404 (أغنية)", 200
    assert report.status == LinkStatus.ALIVE


def test_random_path_is_fetched_once_per_host_and_run(
    checker: LinkChecker, soft_host: LocalServer, web: LocalServer
) -> None:
    urls = [soft_host.url(f"/missing/{i}") for i in range(6)] + [web.url("/ok"), web.url("/")]
    reports = checker.check(urls)
    assert [r.status for r in reports.values()][:6] == [LinkStatus.SOFT_404] * 6
    assert (probes(soft_host), probes(web)) == (1, 1)


# --- history and cache ------------------------------------------------------------------------


def test_second_run_sends_no_request(
    fetcher: Fetcher, history: LinkHistory, web: LocalServer, soft_host: LocalServer
) -> None:
    urls = [web.url(p) for p in ("/ok", "/missing", "/forbidden", "/r/301")]
    urls.append(soft_host.url("/nothing"))
    first = LinkChecker(fetcher, history, now=DAY0).check(urls)
    sent = web.hits() + soft_host.hits()
    again = LinkChecker(fetcher, history, now=day(1)).check(urls)
    assert web.hits() + soft_host.hits() == sent
    assert all(r.from_cache for r in again.values())
    assert [r.status for r in again.values()] == [r.status for r in first.values()]
    assert [r.final_url for r in again.values()] == [r.final_url for r in first.values()]


def test_failing_links_are_rechecked_sooner_than_alive_ones(
    fetcher: Fetcher, history: LinkHistory, web: LocalServer
) -> None:
    alive, dead = web.url("/ok"), web.url("/missing")
    LinkChecker(fetcher, history, now=day(0)).check([alive, dead])
    on_day_3 = LinkChecker(fetcher, history, now=day(3)).check([alive, dead])
    assert (on_day_3[alive].from_cache, on_day_3[dead].from_cache) == (True, False)
    on_day_7 = LinkChecker(fetcher, history, now=day(7)).check([alive])
    assert not on_day_7[alive].from_cache


def test_dead_confirmed_only_at_the_right_moment(
    fetcher: Fetcher, history: LinkHistory, web: LocalServer
) -> None:
    """Checks on days 0, 1, 4, 8: day 1 reuses day 0, so days 0, 4 and 8 count."""
    url = web.url("/missing")
    seen = {n: check_one(LinkChecker(fetcher, history, now=day(n)), url) for n in (0, 1, 4, 8)}
    assert [seen[n].confirmed_dead for n in (0, 1, 4, 8)] == [False, False, False, True]
    assert seen[1].from_cache
    assert seen[8].checks == 3


def test_failures_closer_than_the_spacing_count_once(
    fetcher: Fetcher, history: LinkHistory, web: LocalServer
) -> None:
    url = web.url("/missing")
    for n in (0, 1, 2, 4, 5):  # max_age 0: every day is really checked
        report = check_one(LinkChecker(fetcher, history, now=day(n), max_age=timedelta(0)), url)
        assert not report.confirmed_dead
    assert report.checks == 5
    report = check_one(LinkChecker(fetcher, history, now=day(8), max_age=timedelta(0)), url)
    assert report.confirmed_dead


def test_an_alive_check_resets_the_count(
    fetcher: Fetcher, history: LinkHistory, web: LocalServer
) -> None:
    url = web.url("/ok")
    for n in (0, 3, 6):
        history.record(url, day(n), "dead", "http-404")
    assert check_one(LinkChecker(fetcher, history, now=day(9)), url).confirmed_dead is False


def test_progress_counts_cached_and_fetched(
    fetcher: Fetcher, history: LinkHistory, web: LocalServer
) -> None:
    LinkChecker(fetcher, history, now=DAY0).check([web.url("/ok")])
    seen: list[tuple[int, int]] = []
    urls = [web.url("/ok"), web.url("/missing"), web.url("/gone")]
    LinkChecker(fetcher, history, now=DAY0).check(urls, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (1, 3)
    assert seen[-1] == (3, 3)


# --- the Wayback Machine ------------------------------------------------------------------------

PAGE = "http://example.com/page"


@pytest.fixture
def wayback_client(fetcher: Fetcher, wayback: LocalServer) -> WaybackClient:
    return WaybackClient(fetcher, wayback.base)


def test_closest_before_the_access_date(
    wayback_client: WaybackClient, wayback: LocalServer
) -> None:
    hit = wayback_client.closest(PAGE, date(2013, 5, 1))  # 2012 is a captured 404: skipped
    assert hit is not None
    assert (hit.timestamp, hit.source) == ("20100615120000", "available")
    assert hit.archive_url == "https://web.archive.org/web/20100615120000/http://example.com/page"
    assert hit.when == datetime(2010, 6, 15, 12, tzinfo=UTC)
    assert wayback.hits("/wayback/available") == 1


def test_closest_after_when_nothing_before(
    wayback_client: WaybackClient, wayback: LocalServer
) -> None:
    hit = wayback_client.closest(PAGE, date(2008, 1, 1))
    assert hit is not None
    assert hit.timestamp == "20090301000000"
    assert wayback.hits("/wayback/available") == 2


def test_newest_without_a_date(wayback_client: WaybackClient) -> None:
    hit = wayback_client.closest(PAGE)
    assert hit is not None
    assert hit.timestamp == "20150720083000"


def test_cdx_when_availability_knows_nothing(
    wayback_client: WaybackClient, wayback: LocalServer
) -> None:
    hit = wayback_client.closest("http://example.org/only-cdx", date(2012, 1, 1))
    assert hit is not None
    assert (hit.timestamp, hit.source) == ("20110505050505", "cdx")
    assert wayback.hits("/cdx/search/cdx") == 1


def test_cdx_when_availability_fails(
    wayback_client: WaybackClient, wayback: LocalServer, wayback_data: WaybackData
) -> None:
    wayback_data.available_status = 503
    hit = wayback_client.closest(PAGE, date(2011, 1, 1))
    assert hit is not None
    assert (hit.timestamp, hit.source) == ("20100615120000", "cdx")
    assert wayback.hits("/wayback/available") == 1


def test_nothing_archived_is_none(wayback_client: WaybackClient) -> None:
    assert wayback_client.closest("http://never.example/", date(2011, 1, 1)) is None


def test_archive_unreachable_is_an_error_not_none(
    wayback_client: WaybackClient, wayback_data: WaybackData
) -> None:
    wayback_data.available_status, wayback_data.cdx_fails = 503, True
    with pytest.raises(FetchError):
        wayback_client.closest(PAGE, date(2011, 1, 1))
    wayback_data.available_status = 429
    with pytest.raises(RateLimitedError):
        wayback_client.closest(PAGE, date(2011, 1, 1))


def test_verify_exact_snapshot(wayback_client: WaybackClient, wayback: LocalServer) -> None:
    check = wayback_client.verify(f"https://web.archive.org/web/20100615120000/{PAGE}")
    assert (check.status, check.served_timestamp) == (SnapshotStatus.OK, "20100615120000")
    assert wayback.hits(f"/web/20100615120000/{PAGE}") == 1  # asked at the base, not the internet


def test_verify_with_flags(wayback_client: WaybackClient) -> None:
    check = wayback_client.verify(f"https://web.archive.org/web/20100615120000id_/{PAGE}")
    assert check.status == SnapshotStatus.OK


def test_verify_records_the_timestamp_served(wayback_client: WaybackClient) -> None:
    check = wayback_client.verify(f"https://web.archive.org/web/20100101000000/{PAGE}")
    assert check.status == SnapshotStatus.REDIRECTED
    assert (check.requested_timestamp, check.served_timestamp) == (
        "20100101000000",
        "20100615120000",
    )


def test_verify_missing_and_captured_errors(wayback_client: WaybackClient) -> None:
    never = wayback_client.verify(
        "https://web.archive.org/web/20100101000000/http://never.example/"
    )
    assert (never.status, never.reason) == (SnapshotStatus.MISSING, "not-archived")
    captured = wayback_client.verify(f"https://web.archive.org/web/20120101000000/{PAGE}")
    assert (captured.status, captured.reason) == (SnapshotStatus.MISSING, "captured-error")


def test_verify_refuses_what_is_not_a_wayback_snapshot(wayback_client: WaybackClient) -> None:
    assert wayback_client.verify("https://archive.ph/AbCd1").status == SnapshotStatus.ERROR
    assert wayback_client.verify(PAGE).status == SnapshotStatus.ERROR
