"""Tests for wikimaint.links.archives: archive URL parsing and same-page keys."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikimaint.links.archives import (
    PROBLEMS,
    is_archive_url,
    parse_archive_url,
    snapshot_date,
    wayback_snapshot_url,
)
from wikimaint.links.services import ARCHIVE_SERVICES, DEAD_SERVICES
from wikimaint.links.urls import normalize_url, same_page

NOW = datetime(2025, 6, 1, tzinfo=UTC)
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# The target article's reference (fixtures/articles/غارات_جوية_أمريكية_على_غرب_العراق.wiki).
FRANCE24 = (
    "https://www.france24.com/ar/الشرق-الأوسط/20240124-العراق-يحذر-من-تصعيد-غير-مسؤول-"
    "إثر-الضربات-الأمريكية-على-فصائل-موالية-لإيران"
)
FRANCE24_ARCHIVE = f"https://web.archive.org/web/20240124120530/{FRANCE24}"
# From the Earth article (shared/corpus/01_earth_lead.wikitext): a raw Arabic path.
ALARABIYA = (
    "http://www.alarabiya.net/ar/sport/saudi-sport/2017/09/05/"
    "الأخضر-ينهي-غيابه-الطويل-عن-المونديال-ويقطع-تذكرة-موسكو.html"
)


def utc(year: int, month: int, day: int, *clock: int) -> datetime:
    """Shorthand for an aware UTC datetime; *clock* is hour, minute, second."""
    hour, minute, second = (*clock, 0, 0, 0)[:3]
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# --- every service shape -------------------------------------------------------------------

# (archive URL, service, original URL, timestamp as written, time)
SHAPES = [
    # Wayback Machine, real URLs from the corpus and the target article.
    (
        "https://web.archive.org/web/20181101175745/http://www.webcitation.org/69rYPjwRN",
        "wayback",
        "http://www.webcitation.org/69rYPjwRN",
        "20181101175745",
        utc(2018, 11, 1, 17, 57, 45),
    ),
    (
        (
            "https://web.archive.org/web/20190824003501/https://www.ucsusa.org/nuclear-weapons/"
            "space-weapons/satellite-database"
        ),
        "wayback",
        "https://www.ucsusa.org/nuclear-weapons/space-weapons/satellite-database",
        "20190824003501",
        utc(2019, 8, 24, 0, 35, 1),
    ),
    (
        f"https://web.archive.org/web/20180216041626/{ALARABIYA}",
        "wayback",
        ALARABIYA,
        "20180216041626",
        utc(2018, 2, 16, 4, 16, 26),
    ),
    (FRANCE24_ARCHIVE, "wayback", FRANCE24, "20240124120530", utc(2024, 1, 24, 12, 5, 30)),
    (
        "https://web.archive.org/web/20090218132039/http://toarchive.org:80/faqs/faq-age-of-earth.html",
        "wayback",
        "http://toarchive.org:80/faqs/faq-age-of-earth.html",
        "20090218132039",
        utc(2009, 2, 18, 13, 20, 39),
    ),
    (
        (
            "https://web.archive.org/web/20220804200533/https://books.google.com.sa/books"
            "?id=X_rkAAAAMAAJ&q=%22%D9%81%D9%8A%22&hl=en"
        ),
        "wayback",
        "https://books.google.com.sa/books?id=X_rkAAAAMAAJ&q=%22%D9%81%D9%8A%22&hl=en",
        "20220804200533",
        utc(2022, 8, 4, 20, 5, 33),
    ),
    (
        "http://wayback.archive.org/web/20100101/http://example.com/",
        "wayback",
        "http://example.com/",
        "20100101",
        utc(2010, 1, 1),
    ),
    (
        "https://archive.org/wayback/20100101/http://example.com/",
        "wayback",
        "http://example.com/",
        "20100101",
        utc(2010, 1, 1),
    ),
    (
        "http://www.archive.org/web/20051125112048/http://example.com/",
        "wayback",
        "http://example.com/",
        "20051125112048",
        utc(2005, 11, 25, 11, 20, 48),
    ),
    (
        "https://web.archive.org/20100101/http://example.com/",
        "wayback",
        "http://example.com/",
        "20100101",
        utc(2010, 1, 1),
    ),
    # "http:/" single-slash mangling, of the original and of the archive URL itself.
    (
        "https://web.archive.org/web/20100101/http:/example.com/a",
        "wayback",
        "http://example.com/a",
        "20100101",
        utc(2010, 1, 1),
    ),
    (
        "https:/web.archive.org/web/20100101/https:/example.com/a",
        "wayback",
        "https://example.com/a",
        "20100101",
        utc(2010, 1, 1),
    ),
    # Percent-encoded original, original without a scheme, archive URL without a scheme.
    (
        "https://web.archive.org/web/20100101/http%3A%2F%2Fexample.com%2Fa%3Fb%3D1",
        "wayback",
        "http://example.com/a?b=1",
        "20100101",
        utc(2010, 1, 1),
    ),
    (
        "https://web.archive.org/web/20100101/example.com/a",
        "wayback",
        "http://example.com/a",
        "20100101",
        utc(2010, 1, 1),
    ),
    (
        "web.archive.org/web/20100101/https://example.com/a",
        "wayback",
        "https://example.com/a",
        "20100101",
        utc(2010, 1, 1),
    ),
    (
        "https://web.archive.org:443/web/20100101/https://example.com/a",
        "wayback",
        "https://example.com/a",
        "20100101",
        utc(2010, 1, 1),
    ),
    # archive.today, long forms.
    (
        "https://archive.ph/2019.01.17-112233/https://example.com/",
        "archive.today",
        "https://example.com/",
        "2019.01.17-112233",
        utc(2019, 1, 17, 11, 22, 33),
    ),
    (
        "http://archive.is/20190117112233/https://example.com/",
        "archive.today",
        "https://example.com/",
        "20190117112233",
        utc(2019, 1, 17, 11, 22, 33),
    ),
    (
        "https://archive.today/2019.01.17/example.com",
        "archive.today",
        "http://example.com",
        "2019.01.17",
        utc(2019, 1, 17),
    ),
    # WebCite: base-62 microsecond id, and the query forms.
    (
        "http://www.webcitation.org/69rYPjwRN",
        "webcite",
        None,
        None,
        utc(2012, 8, 12, 13, 11, 46) + timedelta(microseconds=325297),
    ),
    (
        "http://www.webcitation.org/query?url=http%3A%2F%2Fexample.com%2F&date=2012-08-12",
        "webcite",
        "http://example.com/",
        "20120812",
        utc(2012, 8, 12),
    ),
    (
        "https://webcitation.org/query?id=1344777106325297",
        "webcite",
        None,
        None,
        utc(2012, 8, 12, 13, 11, 46) + timedelta(microseconds=325297),
    ),
    # ghostarchive search page: a page, no snapshot time.
    (
        "https://ghostarchive.org/search?term=https%3A%2F%2Fexample.com%2Fa",
        "ghostarchive",
        "https://example.com/a",
        None,
        None,
    ),
    (
        "https://wayback.archive-it.org/all/20130420084626/http://example.com/",
        "archive-it",
        "http://example.com/",
        "20130420084626",
        utc(2013, 4, 20, 8, 46, 26),
    ),
    (
        "https://wayback.archive-it.org/3241/20130420084626/http://example.com/",
        "archive-it",
        "http://example.com/",
        "20130420084626",
        utc(2013, 4, 20, 8, 46, 26),
    ),
    (
        "https://arquivo.pt/wayback/20091010102944/http://example.pt/",
        "arquivo.pt",
        "http://example.pt/",
        "20091010102944",
        utc(2009, 10, 10, 10, 29, 44),
    ),
    (
        "https://webarchive.loc.gov/all/20111109051100/http://example.com/",
        "loc",
        "http://example.com/",
        "20111109051100",
        utc(2011, 11, 9, 5, 11),
    ),
    (
        "http://webarchive.loc.gov/lcwa0010/20111109051100/http://example.com/",
        "loc",
        "http://example.com/",
        "20111109051100",
        utc(2011, 11, 9, 5, 11),
    ),
    (
        "http://www.webarchive.org.uk/wayback/archive/20110324230020/http://example.co.uk/",
        "ukwa",
        "http://example.co.uk/",
        "20110324230020",
        utc(2011, 3, 24, 23, 0, 20),
    ),
    (
        "https://www.webarchive.org.uk/ukwa/wayback/en/archive/20200101120000/http://example.co.uk/",
        "ukwa",
        "http://example.co.uk/",
        "20200101120000",
        utc(2020, 1, 1, 12),
    ),
    (
        "https://webarchive.nationalarchives.gov.uk/ukgwa/20091204115554/http://example.gov.uk/",
        "ukgwa",
        "http://example.gov.uk/",
        "20091204115554",
        utc(2009, 12, 4, 11, 55, 54),
    ),
    (
        "http://web.archive.bibalex.org:80/web/20011007083709/http://example.com/",
        "bibalex",
        "http://example.com/",
        "20011007083709",
        utc(2001, 10, 7, 8, 37, 9),
    ),
    (
        "http://archive.wikiwix.com/cache/20180329074145/http://www.linterweb.fr",
        "wikiwix",
        "http://www.linterweb.fr",
        "20180329074145",
        utc(2018, 3, 29, 7, 41, 45),
    ),
    (
        (
            "https://webcache.googleusercontent.com/search"
            "?q=cache:AbCdEfGh12-_:example.com/page+word&hl=ar"
        ),
        "google-cache",
        "http://example.com/page",
        None,
        None,
    ),
    (
        "http://www.freezepage.com/1249681324ZHFROBOEGE",
        "freezepage",
        None,
        "1249681324",
        utc(2009, 8, 7, 21, 42, 4),
    ),
    (
        "https://webrecorder.io/someone/things/20170102030405/http://example.com/",
        "webrecorder",
        "http://example.com/",
        "20170102030405",
        utc(2017, 1, 2, 3, 4, 5),
    ),
    (
        "https://webarchive.nla.gov.au/awa/20120326012340/http://example.gov.au/",
        "nla",
        "http://example.gov.au/",
        "20120326012340",
        utc(2012, 3, 26, 1, 23, 40),
    ),
    (
        "http://pandora.nla.gov.au/pan/14231/20120727-0512/www.example.com.au/a.htm",
        "nla",
        "http://www.example.com.au/a.htm",
        "20120727-0512",
        utc(2012, 7, 27, 5, 12),
    ),
    (
        "http://wayback.vefsafn.is/wayback/20060413000000/http://example.is/",
        "vefsafn",
        "http://example.is/",
        "20060413000000",
        utc(2006, 4, 13),
    ),
    (
        "https://vefsafn.is/is/20190118152842/http://www.ordid.is/forsida/",
        "vefsafn",
        "http://www.ordid.is/forsida/",
        "20190118152842",
        utc(2019, 1, 18, 15, 28, 42),
    ),
    (
        "http://perma-archives.org/warc/20140729143852/http://example.com/",
        "perma.cc",
        "http://example.com/",
        "20140729143852",
        utc(2014, 7, 29, 14, 38, 52),
    ),
    (
        "http://veebiarhiiv.digar.ee/a/20131014091520/http://example.ee/",
        "estonia",
        "http://example.ee/",
        "20131014091520",
        utc(2013, 10, 14, 9, 15, 20),
    ),
]


@pytest.mark.parametrize(("url", "service", "original", "timestamp", "when"), SHAPES)
def test_shapes(
    url: str, service: str, original: str | None, timestamp: str | None, when: datetime | None
) -> None:
    snapshot = parse_archive_url(url, now=NOW)
    assert snapshot is not None
    assert snapshot.archive_url == url
    assert (snapshot.service, snapshot.original_url, snapshot.timestamp, snapshot.when) == (
        service,
        original,
        timestamp,
        when,
    )
    assert snapshot.dead_service == (service in DEAD_SERVICES)
    assert snapshot.valid == (service not in DEAD_SERVICES and service != "ghostarchive")


@pytest.mark.parametrize("tld", ["today", "is", "ph", "li", "vn", "fo", "md"])
def test_archive_today_mirrors(tld: str) -> None:
    long_form = parse_archive_url(f"https://archive.{tld}/20200102030405/https://a.example/")
    short = parse_archive_url(f"https://archive.{tld}/AbCd1")
    assert long_form is not None
    assert short is not None
    assert (long_form.service, long_form.when) == ("archive.today", utc(2020, 1, 2, 3, 4, 5))
    assert long_form.valid
    assert not long_form.needs_lookup
    assert (short.service, short.valid, short.needs_lookup) == ("archive.today", True, True)


# (short-id URL, service): valid snapshots whose time and page only the service knows.
SHORT_IDS = [
    ("https://archive.ph/AbCd1", "archive.today"),
    ("https://archive.is/1AbCd", "archive.today"),
    ("https://archive.today/12345", "archive.today"),
    ("https://archive.ph/o/AbCd1/https://a.example/", "archive.today"),
    ("https://ghostarchive.org/archive/kKmZL", "ghostarchive"),
    ("https://ghostarchive.org/varchive/3xYz", "ghostarchive"),
    ("https://perma.cc/F9NT-22AK", "perma.cc"),
    ("https://perma.cc/9ABC-DEFG?type=image", "perma.cc"),
]


@pytest.mark.parametrize(("url", "service"), SHORT_IDS)
def test_short_ids_need_lookup_and_are_not_reported(url: str, service: str) -> None:
    snapshot = parse_archive_url(url, now=NOW)
    assert snapshot is not None
    assert snapshot.service == service
    assert snapshot.problem is None
    assert snapshot.needs_lookup
    assert (snapshot.timestamp, snapshot.when) == (None, None)
    assert snapshot.canonical_url() is None


def test_wikiwix_query_form_knows_the_page_but_not_the_time() -> None:
    snapshot = parse_archive_url(
        "http://archive.wikiwix.com/cache/index2.php?url=http%3A%2F%2Fexample.fr%2Fa&title=T"
    )
    assert snapshot is not None
    assert (snapshot.service, snapshot.original_url) == ("wikiwix", "http://example.fr/a")
    assert snapshot.valid
    assert snapshot.needs_lookup
    assert snapshot.when is None


# --- timestamps ----------------------------------------------------------------------------

FULL = "20240315123456"
PADDED = [
    (4, utc(2024, 1, 1)),
    (5, utc(2024, 1, 1)),
    (6, utc(2024, 3, 1)),
    (7, utc(2024, 3, 10)),
    (8, utc(2024, 3, 15)),
    (9, utc(2024, 3, 15, 10)),
    (10, utc(2024, 3, 15, 12)),
    (11, utc(2024, 3, 15, 12, 30)),
    (12, utc(2024, 3, 15, 12, 34)),
    (13, utc(2024, 3, 15, 12, 34, 50)),
    (14, utc(2024, 3, 15, 12, 34, 56)),
]


@pytest.mark.parametrize(("length", "when"), PADDED)
def test_wayback_timestamps_of_every_length_pad_to_the_earliest_moment(
    length: int, when: datetime
) -> None:
    stamp = FULL[:length]
    snapshot = parse_archive_url(f"https://web.archive.org/web/{stamp}/https://a.example/", now=NOW)
    assert snapshot is not None
    assert snapshot.timestamp == stamp
    assert snapshot.when == when
    assert snapshot.valid
    assert snapshot_date(snapshot) == when.date()


def test_minutes_are_minutes_not_the_month() -> None:
    # IABot's ghostarchive/perma resolvers format with YmdHms: month where minutes belong.
    snapshot = parse_archive_url("https://web.archive.org/web/20240315124156/https://a.example/")
    assert snapshot is not None
    assert snapshot.when is not None
    assert (snapshot.when.month, snapshot.when.minute, snapshot.when.second) == (3, 41, 56)


def test_a_lone_month_digit_pads_to_the_first_month_it_can_be() -> None:
    snapshot = parse_archive_url("https://web.archive.org/web/20241/https://a.example/", now=NOW)
    assert snapshot is not None
    assert snapshot.when == utc(2024, 10, 1)


@pytest.mark.parametrize("flag", ["id_", "if_", "im_", "js_", "cs_", "re_", "oe_", "fw_", "mp_"])
def test_wayback_flags_are_kept_apart_and_dropped_from_the_canonical_url(flag: str) -> None:
    url = f"https://web.archive.org/web/20160102030405{flag}/http://example.com/a.png"
    snapshot = parse_archive_url(url, now=NOW)
    assert snapshot is not None
    assert (snapshot.timestamp, snapshot.flags, snapshot.valid) == ("20160102030405", flag, True)
    assert snapshot.canonical_url() == (
        "https://web.archive.org/web/20160102030405/http://example.com/a.png"
    )


# --- problem codes: each one firing, and its nearest correct case silent --------------------

# (URL, problem it must report, nearest URL that must be silent)
PROBLEM_CASES = [
    (
        "https://web.archive.org/web/http://example.com/",
        "no-timestamp",
        "https://web.archive.org/web/2024/http://example.com/",
    ),
    (
        "https://web.archive.org/web/example.com/a",
        "no-timestamp",
        "https://web.archive.org/web/2010/example.com/a",
    ),
    (
        "https://web.archive.org/save/https://example.com/",
        "no-timestamp",
        "https://web.archive.org/web/20240101/https://example.com/",
    ),
    (
        "https://archive.ph/newest/https://example.com/",
        "no-timestamp",
        "https://archive.ph/20240101/https://example.com/",
    ),
    (
        "https://web.archive.org/web/*/http://example.com/",
        "wildcard",
        "https://web.archive.org/web/2019/http://example.com/",
    ),
    (
        "https://web.archive.org/web/2024*/http://example.com/",
        "wildcard",
        "https://web.archive.org/web/2024/http://example.com/",
    ),
    (
        "https://web.archive.org/web/20240101000000/http://example.com/*",
        "wildcard",
        "https://web.archive.org/web/20240101000000/http://example.com/a*b",
    ),
    (
        "https://archive.ph/*/example.com",
        "wildcard",
        "https://archive.ph/2019/example.com",
    ),
    (
        "https://web.archive.org/web/20241301/http://example.com/",
        "malformed-timestamp",
        "https://web.archive.org/web/20241201/http://example.com/",
    ),
    (
        "https://web.archive.org/web/20230229/http://example.com/",
        "malformed-timestamp",
        "https://web.archive.org/web/20240229/http://example.com/",
    ),
    (
        "https://web.archive.org/web/20240101246000/http://example.com/",
        "malformed-timestamp",
        "https://web.archive.org/web/20240101235959/http://example.com/",
    ),
    (
        "https://web.archive.org/web/202401011200001/http://example.com/",
        "malformed-timestamp",
        "https://web.archive.org/web/20240101120000/http://example.com/",
    ),
    (
        "https://web.archive.org/web/202/http://example.com/",
        "malformed-timestamp",
        "https://web.archive.org/web/2020/http://example.com/",
    ),
    (
        "https://web.archive.org/web/2024-01-01/http://example.com/",
        "malformed-timestamp",
        "https://web.archive.org/web/20240101/http://example.com/",
    ),
    (
        "https://web.archive.org/web/٢٠٢٤٠١٠١/http://example.com/",
        "malformed-timestamp",
        "https://web.archive.org/web/20240101/http://example.com/",
    ),
    (
        "https://web.archive.org/web/19951231235959/http://example.com/",
        "before-1996",
        "https://web.archive.org/web/19960101000000/http://example.com/",
    ),
    (
        "https://web.archive.org/web/20250601000001/http://example.com/",
        "in-future",
        "https://web.archive.org/web/20250601000000/http://example.com/",
    ),
    (
        "https://web.archive.org/web/20240101000000/",
        "no-original-url",
        "https://web.archive.org/web/20240101000000/a.example",
    ),
    (
        "https://web.archive.org/web/",
        "no-original-url",
        "https://web.archive.org/web/2024/a.example",
    ),
    (
        "https://archive.ph/",
        "no-original-url",
        "https://archive.ph/AbCd1",
    ),
    (
        "http://www.webcitation.org/69rYPjwRN",
        "service-dead",
        "https://web.archive.org/web/20181101175745/http://www.webcitation.org/69rYPjwRN",
    ),
    (
        "https://webcache.googleusercontent.com/search?q=cache:example.com/",
        "service-dead",
        "https://web.archive.org/web/2019/example.com/",
    ),
    (
        "http://www.freezepage.com/1249681324ZHFROBOEGE",
        "service-dead",
        "https://web.archive.org/web/2009/http://www.freezepage.com/1249681324ZHFROBOEGE",
    ),
]


@pytest.mark.parametrize(("url", "problem", "near_miss"), PROBLEM_CASES)
def test_problem_fires_and_nearest_correct_case_is_silent(
    url: str, problem: str, near_miss: str
) -> None:
    bad = parse_archive_url(url, now=NOW)
    good = parse_archive_url(near_miss, now=NOW)
    assert bad is not None
    assert good is not None
    assert bad.problem == problem
    assert not bad.valid
    assert bad.canonical_url() is None
    assert good.problem is None
    assert good.valid


def test_every_problem_code_is_exercised_and_documented() -> None:
    assert {problem for _url, problem, _near in PROBLEM_CASES} == set(PROBLEMS)


def test_now_defaults_to_the_current_time_and_naive_now_is_utc() -> None:
    next_year = datetime.now(UTC).year + 1
    future = parse_archive_url(f"https://web.archive.org/web/{next_year}/a.example")
    naive = parse_archive_url(
        "https://web.archive.org/web/20250601000001/a.example",
        now=datetime(2025, 6, 1),  # noqa: DTZ001 - the naive case is the point
    )
    assert future is not None
    assert naive is not None
    assert future.problem == "in-future"
    assert naive.problem == "in-future"


def test_webcite_id_decodes_to_the_access_date_of_its_citation() -> None:
    # shared/corpus/02_barnasht_village.wikitext: تاريخ الوصول = 12 أغسطس 2012.
    snapshot = parse_archive_url("http://www.webcitation.org/69rYPjwRN")
    assert snapshot is not None
    assert snapshot_date(snapshot) == date(2012, 8, 12)
    assert snapshot.dead_service
    assert snapshot.problem == "service-dead"


def test_dead_services_are_the_ones_that_stopped_serving() -> None:
    assert {"webcite", "google-cache", "freezepage"} <= DEAD_SERVICES
    assert set(ARCHIVE_SERVICES) >= DEAD_SERVICES
    assert "wayback" not in DEAD_SERVICES
    assert "archive.today" not in DEAD_SERVICES


@pytest.mark.parametrize("name", sorted(ARCHIVE_SERVICES))
def test_every_documented_example_parses_to_its_service(name: str) -> None:
    service = ARCHIVE_SERVICES[name]
    assert service.examples
    for example in service.examples:
        snapshot = parse_archive_url(example, now=NOW)
        assert snapshot is not None
        assert snapshot.service == name
        assert snapshot.valid == (not service.dead)


# --- what is and is not an archive URL ---------------------------------------------------

NOT_ARCHIVES = [
    "https://archive.org/details/ageofearth00unse",  # an Internet Archive item, from the corpus
    "https://www.toarchive.org/faqs/faq-age-of-earth.html",  # from the corpus
    "https://web.archive.org.evil.example/web/2019/http://a.example/",
    "https://example.com/web.archive.org/web/2019/http://a.example/",
    "https://arquivo.pt/about",
    FRANCE24,
    "",
    "not a url",
]


@pytest.mark.parametrize("url", NOT_ARCHIVES)
def test_not_archive_urls(url: str) -> None:
    assert parse_archive_url(url) is None
    assert not is_archive_url(url)


@pytest.mark.parametrize("url", [row[0] for row in SHAPES] + [row[0] for row in SHORT_IDS])
def test_archive_urls(url: str) -> None:
    assert is_archive_url(url)


def test_every_wayback_url_in_the_corpus_is_a_valid_snapshot() -> None:
    if not CORPUS.is_dir():
        pytest.skip("shared/corpus is not next to this checkout")
    text = "".join(path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.wikitext")))
    urls = re.findall(r"https?://web\.archive\.org/[^\s|}<\]]+", text)
    assert len(urls) >= 10
    for url in urls:
        snapshot = parse_archive_url(url)
        assert snapshot is not None, url
        assert (snapshot.service, snapshot.problem) == ("wayback", None), url
        assert snapshot.canonical_url() is not None


# --- canonical URLs and building -----------------------------------------------------------

CANONICAL = [
    (FRANCE24_ARCHIVE, FRANCE24_ARCHIVE),
    (
        "http://wayback.archive.org/web/2016id_/http:/example.com/",
        "https://web.archive.org/web/20160101000000/http://example.com/",
    ),
    (
        "http://archive.is/2019.01.17-112233/https://example.com/",
        "https://archive.is/20190117112233/https://example.com/",
    ),
    (
        "http://webarchive.loc.gov:80/all/2011/http://example.com/",
        "https://webarchive.loc.gov/all/20110101000000/http://example.com/",
    ),
    ("http://pandora.nla.gov.au/pan/14231/20120727-0512/www.example.com.au/", None),
    ("http://www.webcitation.org/69rYPjwRN", None),
]


@pytest.mark.parametrize(("url", "canonical"), CANONICAL)
def test_canonical_url(url: str, canonical: str | None) -> None:
    snapshot = parse_archive_url(url, now=NOW)
    assert snapshot is not None
    assert snapshot.canonical_url() == canonical


def test_wayback_snapshot_url_builds_what_parse_reads() -> None:
    built = wayback_snapshot_url(FRANCE24, "20240124120530")
    assert built == FRANCE24_ARCHIVE
    assert wayback_snapshot_url("a.example", "2024", base="https://web.archive.org/") == (
        "https://web.archive.org/web/2024/a.example"
    )


@pytest.mark.parametrize("timestamp", ["", "202", "2024-01-01", "202401011200001", "٢٠٢٤"])
def test_wayback_snapshot_url_refuses_a_bad_timestamp(timestamp: str) -> None:
    with pytest.raises(ValueError, match="4 to 14 digits"):
        wayback_snapshot_url("https://a.example/", timestamp)


def test_snapshot_date_without_a_snapshot_or_a_time() -> None:
    assert snapshot_date(None) is None
    assert snapshot_date(parse_archive_url("https://archive.ph/AbCd1")) is None


# --- same page -----------------------------------------------------------------------------

FRANCE24_ENCODED = (
    "https://www.france24.com/ar/%D8%A7%D9%84%D8%B4%D8%B1%D9%82-%D8%A7%D9%84%D8%A3%D9%88%D8%B3"
    "%D8%B7/20240124-%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82-%D9%8A%D8%AD%D8%B0%D8%B1-%D9%85%D9%86"
    "-%D8%AA%D8%B5%D8%B9%D9%8A%D8%AF-%D8%BA%D9%8A%D8%B1-%D9%85%D8%B3%D8%A4%D9%88%D9%84-%D8%A5%D8"
    "%AB%D8%B1-%D8%A7%D9%84%D8%B6%D8%B1%D8%A8%D8%A7%D8%AA-%D8%A7%D9%84%D8%A3%D9%85%D8%B1%D9%8A%D9"
    "%83%D9%8A%D8%A9-%D8%B9%D9%84%D9%89-%D9%81%D8%B5%D8%A7%D8%A6%D9%84-%D9%85%D9%88%D8%A7%D9%84"
    "%D9%8A%D8%A9-%D9%84%D8%A5%D9%8A%D8%B1%D8%A7%D9%86"
)

SAME = [
    ("http://example.com/a", "https://example.com/a"),  # scheme
    ("https://www.example.com/a", "https://example.com/a"),  # www
    ("https://example.com:443/a", "https://example.com/a"),  # default port
    ("http://example.com:80/a", "http://example.com/a"),
    ("https://example.com/a/", "https://example.com/a"),  # trailing slash
    ("https://example.com", "https://example.com/"),  # empty path
    (FRANCE24, FRANCE24_ENCODED),  # raw vs percent-encoded Arabic path
    (FRANCE24.replace("https", "http"), FRANCE24_ENCODED.lower()),  # lower-case escapes
    ("https://example.com/a#section", "https://example.com/a"),  # fragment
    ("https://EXAMPLE.Com/a", "https://example.com/a"),  # host case
    ("https://xn--mgbh0fb.xn--kgbechtv/", "https://مثال.إختبار/"),  # IDN
    ("https://%7Euser.example/%7Euser", "https://%7Euser.example/~user"),  # unreserved
    ("example.com/a", "http://example.com/a"),  # no scheme
    ("  https://example.com/a  ", "https://example.com/a"),
    ("https://example.com/a?x=1&y=2#f", "http://www.example.com/a/?x=1&y=2"),
]

DIFFERENT = [
    ("https://example.com/A", "https://example.com/a"),  # path case counts
    ("https://example.com/a%2Fb", "https://example.com/a/b"),  # an encoded slash is not a slash
    ("https://example.com/a?x=%26", "https://example.com/a?x=&"),  # nor an encoded &
    ("https://example.com/a?x=1&y=2", "https://example.com/a?y=2&x=1"),  # query order counts
    ("https://example.com/a", "https://example.com/a?x=1"),
    ("https://example.com:8080/a", "https://example.com/a"),  # other ports count
    ("https://m.example.com/a", "https://example.com/a"),  # only www. is dropped
    ("https://example.com/a", "https://example.org/a"),
    ("ftp://example.com/a", "https://example.com/a"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_page(a: str, b: str) -> None:
    assert normalize_url(a) == normalize_url(b)
    assert same_page(a, b)
    assert same_page(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_pages(a: str, b: str) -> None:
    assert not same_page(a, b)


def test_archived_page_is_the_cited_page() -> None:
    # The target article's مسار and the original inside its مسار أرشيف.
    snapshot = parse_archive_url(FRANCE24_ARCHIVE)
    assert snapshot is not None
    assert snapshot.original_url is not None
    assert same_page(snapshot.original_url, FRANCE24_ENCODED)
    assert normalize_url(FRANCE24_ENCODED) == f"//france24.com{FRANCE24.split('.com', 1)[1]}"


def test_normalize_url_keys() -> None:
    assert normalize_url("HTTPS://WWW.France24.com:443/ar/%D8%A7/#top") == "//france24.com/ar/ا"
    assert normalize_url("https://a.example/%2f%3f%23%26%3d%25") == "//a.example/%2F%3F%23%26%3D%25"
    assert normalize_url("https://a.example/%D8") == "//a.example/%D8"  # a broken UTF-8 byte
    assert normalize_url("http://[2001:db8::1]:80/a") == "//[2001:db8::1]/a"
    assert normalize_url("") == ""


# --- never raise -----------------------------------------------------------------------------

ARCHIVE_PREFIXES = st.sampled_from(
    [example for service in ARCHIVE_SERVICES.values() for example in service.examples]
    + [
        "https://web.archive.org/web/",
        "https://archive.ph/",
        "http://www.webcitation.org/query?id=",
        "https://webcache.googleusercontent.com/search?q=cache:",
        "http://archive.wikiwix.com/cache/?url=",
        "https://ghostarchive.org/search?term=",
        "http://[",
        "https://xn--",
    ]
)


@given(st.one_of(st.text(), st.tuples(ARCHIVE_PREFIXES, st.text()).map("".join)))
def test_parse_and_normalize_never_raise(text: str) -> None:
    snapshot = parse_archive_url(text)
    assert snapshot is None or snapshot.service in ARCHIVE_SERVICES
    assert snapshot is None or snapshot.problem is None or snapshot.problem in PROBLEMS
    assert isinstance(normalize_url(text), str)
    assert same_page(text, text)


@given(
    st.datetimes(
        min_value=datetime(1996, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
        max_value=datetime(2025, 5, 31),  # noqa: DTZ001
    ),
    st.from_regex(r"[a-z0-9-]{1,20}\.[a-z]{2,6}/[a-zA-Z0-9_/-]{0,30}", fullmatch=True),
)
def test_built_wayback_urls_parse_back(moment: datetime, page: str) -> None:
    stamp = f"{moment:%Y%m%d%H%M%S}"
    original = f"https://{page}"
    snapshot = parse_archive_url(wayback_snapshot_url(original, stamp), now=NOW)
    assert snapshot is not None
    assert (snapshot.original_url, snapshot.timestamp, snapshot.problem) == (original, stamp, None)
    assert snapshot.when == moment.replace(microsecond=0, tzinfo=UTC)
