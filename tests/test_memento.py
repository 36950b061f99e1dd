"""Tests for wikimaint.links.memento and lookups: Link headers, TimeMaps, any archive's capture."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pytest

from wikimaint.errors import FetchError
from wikimaint.links.lookups import ArchiveFinder
from wikimaint.links.memento import (
    MementoClient,
    closest_memento,
    mementos,
    parse_links,
)
from wikimaint.links.wayback import WaybackClient

if TYPE_CHECKING:
    from archiveservers import AggregatorData, ArchiveData
    from httpservers import LocalServer, WaybackData
    from wikimaint.net import Fetcher

PAGE = "http://www.alsumaria.tv/news/12345/بغداد"
# RFC 7089 §5 (example TimeMap), with the hard parts real headers have.
TIMEMAP = """<http://a.example/>;rel="original",
<http://arxiv.example/timemap/link/http://a.example/>
  ; rel="self";type="application/link-format"
  ; from="Tue, 20 Jun 2000 18:02:59 GMT"
  ; until="Wed, 09 Apr 2008 20:30:51 GMT",
<http://arxiv.example/timegate/http://a.example/>
  ; rel="timegate",
<http://arxiv.example/20000620180259/http://a.example/>
  ; rel="first memento";datetime="Tue, 20 Jun 2000 18:02:59 GMT"
  ; license="http://creativecommons.org/publicdomain/zero/1.0/",
<http://arxiv.example/20091027204954/http://a.example/?a=1,2;b>
  ; rel="memento";datetime="Tue, 27 Oct 2009 20:49:54 GMT",
<http://arxiv.example/20080409203051/http://a.example/>
  ; rel="last memento";datetime="Wed, 09 Apr 2008 20:30:51 GMT"
"""


def test_a_timemap_is_read_entry_by_entry() -> None:
    links = parse_links(TIMEMAP)
    assert [sorted(link.rels) for link in links] == [
        ["original"], ["self"], ["timegate"], ["first", "memento"], ["memento"],
        ["last", "memento"],
    ]  # fmt: skip
    assert links[1].params["until"] == "Wed, 09 Apr 2008 20:30:51 GMT"
    assert links[4].uri == "http://arxiv.example/20091027204954/http://a.example/?a=1,2;b"
    captures = mementos(links)
    assert len(captures) == 3
    wanted = datetime(2009, 1, 1, tzinfo=UTC)
    best = closest_memento(captures, wanted)
    assert best is not None
    assert best.when == datetime(2008, 4, 9, 20, 30, 51, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('<a>; rel="memento"; title="x, y; z"', [("a", "x, y; z")]),
        ('<a>; title="say \\"hi\\", then"; rel=memento', [("a", 'say "hi", then')]),
        ("garbage, <a>; rel=memento junk, <b>", [("a", ""), ("b", "")]),
        ('<a>; title="never closed', [("a", "never closed")]),
        ("<a; rel=memento", []),  # no closing >
        ("", []),
        ('<a>;;; title = "spaced" ;rel=memento', [("a", "spaced")]),
    ],
)
def test_link_headers_are_read_carefully(header: str, expected: list[tuple[str, str]]) -> None:
    assert [(link.uri, link.params.get("title", "")) for link in parse_links(header)] == expected


def test_the_parser_is_bounded() -> None:
    many = ", ".join(f'<http://m.example/{n}>; rel="memento"' for n in range(50_000))
    assert len(parse_links(many)) == 10_000
    assert len(parse_links(many, limit=3)) == 3


def test_a_memento_without_a_readable_datetime_is_no_capture() -> None:
    links = parse_links('<a>; rel="memento"; datetime="٢٠١٢", <b>; rel="memento"')
    assert mementos(links) == []


@pytest.fixture
def client(fetcher: Fetcher, timetravel: LocalServer, archive: LocalServer) -> MementoClient:
    return MementoClient(fetcher, timetravel.base, (archive.url("/timegate/{url}"),))


def test_the_aggregator_names_the_closest_capture(
    client: MementoClient, aggregator_data: AggregatorData, archive: LocalServer
) -> None:
    uri = f"https://archive.ph/20120101120000/{PAGE}"
    aggregator_data.closest[PAGE] = (uri, "2012-01-01T12:00:00Z")
    found = client.closest(PAGE, date(2012, 1, 5))
    assert found is not None
    assert (found.uri, found.when, found.source) == (
        uri, datetime(2012, 1, 1, 12, tzinfo=UTC), "memento"
    )  # fmt: skip
    assert archive.hits() == 0  # the aggregator answered: no TimeGate asked


@pytest.mark.parametrize("mode", ["404", "html-200"])
def test_an_aggregator_that_has_nothing_is_an_answer(
    client: MementoClient, aggregator_data: AggregatorData, archive: LocalServer, mode: str
) -> None:
    aggregator_data.mode = mode
    assert client.closest(PAGE, date(2012, 1, 5)) is None
    assert archive.hits() == 0


def test_timegates_are_asked_when_the_aggregator_cannot_be(
    client: MementoClient,
    aggregator_data: AggregatorData,
    archive_data: ArchiveData,
    archive: LocalServer,
) -> None:
    aggregator_data.mode = "503"
    archive_data.captures[PAGE] = ["20110101000000", "20120110000000", "20150101000000"]
    found = client.closest(PAGE, date(2012, 1, 5))
    assert found is not None
    assert found.source == "timegate"
    assert found.when == datetime(2012, 1, 10, tzinfo=UTC)
    assert found.uri.startswith(archive.url("/20120110000000/"))


def test_nobody_to_ask_is_an_error_not_a_none(fetcher: Fetcher, timetravel: LocalServer) -> None:
    client = MementoClient(fetcher, "http://127.0.0.1:9", ("http://127.0.0.1:9/tg/{url}",))
    with pytest.raises(FetchError):
        client.closest(PAGE, date(2012, 1, 5))


def test_public_names_are_never_resolved_in_tests(fetcher: Fetcher) -> None:
    client = MementoClient(fetcher, timegates=())
    with pytest.raises(FetchError, match="dns"):
        client.closest(PAGE)


def test_wayback_first_then_memento(
    fetcher: Fetcher,
    wayback: LocalServer,
    wayback_data: WaybackData,
    client: MementoClient,
    aggregator_data: AggregatorData,
) -> None:
    finder = ArchiveFinder(WaybackClient(fetcher, wayback.base), client)
    other = f"https://arquivo.pt/wayback/20120101120000/{PAGE}"
    aggregator_data.closest[PAGE] = (other, "2012-01-01T12:00:00Z")
    hit = finder.closest(PAGE, date(2012, 1, 5))
    assert hit is not None
    assert (hit.archive_url, hit.source, hit.service) == (other, "memento", "arquivo.pt")
    wayback_data.snapshots[PAGE] = [("20111201000000", 200)]
    first = finder.closest(PAGE, date(2012, 1, 5))
    assert first is not None
    assert (first.service, first.timestamp) == ("wayback", "20111201000000")


@pytest.mark.parametrize(
    "uri",
    [
        "http://www.webcitation.org/69rYPjwRN",  # a dead service
        f"https://archive.unknown.example/20120101120000/{PAGE}",  # an archive we do not know
        f"https://web.archive.org/web/*/{PAGE}",  # a list of captures
    ],
)
def test_only_a_snapshot_our_rules_accept_is_offered(
    fetcher: Fetcher,
    wayback: LocalServer,
    client: MementoClient,
    aggregator_data: AggregatorData,
    uri: str,
) -> None:
    finder = ArchiveFinder(WaybackClient(fetcher, wayback.base), client)
    aggregator_data.closest[PAGE] = (uri, "2012-08-12T13:11:46Z")
    assert finder.closest(PAGE, date(2012, 8, 12)) is None


def test_an_unreachable_wayback_and_nothing_elsewhere_is_no_answer(
    fetcher: Fetcher, client: MementoClient
) -> None:
    finder = ArchiveFinder(WaybackClient(fetcher, "http://127.0.0.1:9"), client)
    with pytest.raises(FetchError):  # not "no snapshot anywhere": the Wayback was not asked
        finder.closest(PAGE, date(2012, 1, 5))


def test_an_unreachable_wayback_is_made_up_for_by_memento(
    fetcher: Fetcher, client: MementoClient, aggregator_data: AggregatorData
) -> None:
    finder = ArchiveFinder(WaybackClient(fetcher, "http://127.0.0.1:9"), client)
    aggregator_data.closest[PAGE] = (
        f"https://archive.ph/20120101120000/{PAGE}",
        "2012-01-01T12:00:00Z",
    )
    hit = finder.closest(PAGE, date(2012, 1, 5))
    assert hit is not None
    assert hit.service == "archive.today"

