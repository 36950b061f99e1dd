"""Tests for wikimaint.links.snapshots: snapshots checked on every archive, not only Wayback."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from wikimaint.links.snapshots import SnapshotChecker, SnapshotStatus, memento_stamp

if TYPE_CHECKING:
    from archiveservers import ArchiveData
    from httpservers import LocalServer
    from wikimaint.net import Fetcher

PAGE = "http://www.iraqnla.gov.iq/news/2012/1"  # دار الكتب والوثائق
# One archive URL a service, each fetched at the stand-in (its path kept).
ARCHIVED = [
    ("archive.today", f"https://archive.ph/20120101120000/{PAGE}"),
    ("arquivo.pt", f"https://arquivo.pt/wayback/20120101120000/{PAGE}"),
    ("ukgwa", f"https://webarchive.nationalarchives.gov.uk/ukgwa/20120101120000mp_/{PAGE}"),
    ("loc", f"https://webarchive.loc.gov/all/20120101120000/{PAGE}"),
    ("bibalex", f"http://web.archive.bibalex.org/web/20120101120000/{PAGE}"),
    ("archive-it", f"http://collection.europarchive.org/nli/20120101120000/{PAGE}"),
    ("vefsafn", f"http://wayback.vefsafn.is/wayback/20120101120000/{PAGE}"),
]


@pytest.fixture
def checker(fetcher: Fetcher, archive: LocalServer) -> SnapshotChecker:
    return SnapshotChecker(fetcher, {name: archive.base for name, _url in ARCHIVED})


@pytest.mark.parametrize(("service", "url"), ARCHIVED)
def test_a_capture_that_is_there_is_ok(
    checker: SnapshotChecker, archive_data: ArchiveData, service: str, url: str
) -> None:
    archive_data.captures[PAGE] = ["20120101120000"]
    check = checker.verify(url)
    assert (check.status, check.reason) == (SnapshotStatus.OK, "served-as-asked"), service
    assert check.served_timestamp == "20120101120000"


@pytest.mark.parametrize("not_found", ["404", "pywb-200"])
@pytest.mark.parametrize(("service", "url"), ARCHIVED)
def test_every_way_of_saying_not_archived_counts_as_gone(
    checker: SnapshotChecker, archive_data: ArchiveData, service: str, url: str, not_found: str
) -> None:
    archive_data.not_found = not_found
    check = checker.verify(url)
    assert check.status == SnapshotStatus.MISSING, service
    assert check.reason == ("not-archived" if not_found == "404" else "not-archived-page")


def test_archive_today_says_no_results_with_a_200(
    checker: SnapshotChecker, archive_data: ArchiveData
) -> None:
    archive_data.not_found = "no-results-200"
    gone = checker.verify(f"https://archive.ph/20120101120000/{PAGE}")
    assert (gone.status, gone.reason) == (SnapshotStatus.MISSING, "not-archived-page")
    # Words of one archive are not another's: Arquivo.pt's page is judged by its own.
    other = checker.verify(f"https://arquivo.pt/wayback/20120101120000/{PAGE}")
    assert other.status == SnapshotStatus.OK


def test_a_captured_error_page_is_gone_but_said_so(
    checker: SnapshotChecker, archive_data: ArchiveData
) -> None:
    archive_data.captures[PAGE] = ["20120101120000"]
    archive_data.error_captures.add("20120101120000")
    check = checker.verify(ARCHIVED[0][1])
    assert (check.status, check.reason) == (SnapshotStatus.MISSING, "captured-error")


def test_a_capture_that_mentions_url_not_found_is_still_a_capture(
    checker: SnapshotChecker, archive_data: ArchiveData
) -> None:
    # Memento-Datetime says it is a capture, whatever its words.
    archive_data.captures["http://www.iraqnla.gov.iq/URL Not Found"] = ["20120101120000"]
    url = "https://arquivo.pt/wayback/20120101120000/http://www.iraqnla.gov.iq/URL Not Found"
    assert checker.verify(url).status == SnapshotStatus.OK


def test_a_near_stamp_served_at_another_time_is_redirected(
    checker: SnapshotChecker, archive_data: ArchiveData
) -> None:
    archive_data.captures[PAGE] = ["20120303000000"]
    check = checker.verify(f"https://arquivo.pt/wayback/20120101120000/{PAGE}")
    assert (check.status, check.served_timestamp) == (SnapshotStatus.REDIRECTED, "20120303000000")
    short = checker.verify(f"https://arquivo.pt/wayback/201203/{PAGE}")
    assert short.status == SnapshotStatus.OK  # March 2012 is what a month stamp asks for


def test_moved_services_are_fetched_at_their_new_home(
    fetcher: Fetcher, archive: LocalServer, archive_data: ArchiveData
) -> None:
    archive_data.captures[PAGE] = ["20120101120000"]
    checker = SnapshotChecker(fetcher, {"archive-it": archive.url("/")})
    check = checker.verify(f"http://webarchive.proni.gov.uk/20120101120000/{PAGE}")
    assert check.status == SnapshotStatus.OK
    assert archive.hits(f"/11112/20120101120000/{PAGE}") == 1  # Archive-It's PRONI collection


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://www.webcitation.org/69rYPjwRN", "service-dead"),
        (f"https://arquivo.pt/wayback/*/{PAGE}", "wildcard"),
        ("https://www.iraqnla.gov.iq/", "not-an-archive"),
    ],
)
def test_what_cannot_be_one_snapshot_is_not_fetched(
    checker: SnapshotChecker, archive: LocalServer, url: str, reason: str
) -> None:
    check = checker.verify(url)
    assert (check.status, check.reason) == (SnapshotStatus.ERROR, reason)
    assert archive.hits() == 0


def test_an_archive_that_does_not_answer_is_unknown_or_an_error(fetcher: Fetcher) -> None:
    checker = SnapshotChecker(fetcher, {"arquivo.pt": "http://127.0.0.1:9"})
    check = checker.verify(f"https://arquivo.pt/wayback/20120101120000/{PAGE}")
    assert check.status in {SnapshotStatus.ERROR, SnapshotStatus.UNKNOWN}
    assert check.reason == "refused"


def test_memento_datetime_is_read_as_a_stamp() -> None:
    assert memento_stamp("Sun, 01 Jan 2012 12:00:00 GMT") == "20120101120000"
    assert memento_stamp("1 يناير 2012") is None
