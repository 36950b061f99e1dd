"""Every archive service in the archive-services note, read from URLs of its published shapes.

One row a shape: the archive URL, the service it lives on now, the archived page, the
snapshot time and its precision (None where the URL gives none), the problem (None for a
valid snapshot), the service the URL was written for when it moved, and the public source
the shape comes from (see ../shared/notes/archive-services.md for the commits):

- IABot = internetarchive/internetarchivebot @ 8d0d979d, app/src/Core/APII.php (line)
- WM = greencardamom/WaybackMedic @ 4291afb, "WaybackMedic 2.1/" (file)
- pywb = webrecorder/pywb, pywb/rewrite/wburl.py; Alhadis = Alhadis/.files,
  share/misc/wayback-machine-urls.md; RL = d-koding/robustlinks, robustlinks2.ts;
  TT = http://timetravel.mementoweb.org/guide/api/; CB = ms609/citation-bot @ fb973eb,
  src/includes/Template.php
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikimaint.links.archives import parse_archive_url
from wikimaint.links.memento import parse_links
from wikimaint.links.services import ARCHIVE_SERVICES, DEAD_SERVICES

NOW = datetime(2026, 12, 1, tzinfo=UTC)
PAGE = "http://www.moi.gov.iq/news/1"  # وزارة الداخلية العراقية

# (archive URL, service, original, ISO time or None, precision, problem, moved_from, source)
ROWS = [
    # --- Wayback Machine: hosts, replay flags, short stamps, capture lists ---
    (f"https://web.archive.org/web/20240124120530/{PAGE}", "wayback", PAGE,
     "2024-01-24T12:05:30", "second", None, None, "IABot l.4894"),
    (f"http://wayback.archive.org/web/2016/{PAGE}", "wayback", PAGE,
     "2016-01-01T00:00:00", "year", None, None, "IABot l.4894 (pads 4-13 digits)"),
    (f"https://web.archive.org/web/201603/{PAGE}", "wayback", PAGE,
     "2016-03-01T00:00:00", "month", None, None, "IABot l.4894; Alhadis (partial stamps)"),
    (f"https://web.archive.org/web/2016031512/{PAGE}", "wayback", PAGE,
     "2016-03-15T12:00:00", "hour", None, None, "Alhadis (partial stamps)"),
    (f"http://web.waybackmachine.org/20100301000000/{PAGE}", "wayback", PAGE,
     "2010-03-01T00:00:00", "second", None, None, "IABot l.4894 (waybackmachine.org)"),
    (f"https://www.archive.org/web/20051125112048/{PAGE}", "wayback", PAGE,
     "2005-11-25T11:20:48", "second", None, None, "IABot l.4894 (www.)"),
    (f"https://archive.org/20051125112048/{PAGE}", "wayback", PAGE,
     "2005-11-25T11:20:48", "second", None, None, "IABot l.4894 (optional /web)"),
    (f"https://wik.archive.org/web/20051125112048/{PAGE}", "wayback", PAGE,
     "2005-11-25T11:20:48", "second", None, None, "WM medicinit.nim l.289 (wik.)"),
    (f"http://liveweb.archive.org:80/web/20051125112048/{PAGE}", "wayback", PAGE,
     "2005-11-25T11:20:48", "second", None, None, "IABot l.4894; WM medicinit.nim (:80)"),
    (f"https://web.archive.org/web/20000800241932/{PAGE}", "wayback", PAGE,
     "2000-08-24T19:32:00", "minute", None, None, "note §4; edgi _utils.py (month 00 repaired)"),
    (f"https://web.archive.org/web/20200101000000im_/{PAGE}", "wayback", PAGE,
     "2020-01-01T00:00:00", "second", None, None, "Alhadis (im_); pywb wburl.py"),
    (f"https://web.archive.org/web/20200101000000cs_/{PAGE}", "wayback", PAGE,
     "2020-01-01T00:00:00", "second", None, None, "Alhadis (cs_)"),
    (f"https://web.archive.org/web/20200101000000id_/{PAGE}", "wayback", PAGE,
     "2020-01-01T00:00:00", "second", None, None, "IABot l.4894 (id_)"),
    (f"https://web.archive.org/web/20200101000000$br:ie6/{PAGE}", "wayback", PAGE,
     "2020-01-01T00:00:00", "second", None, None, "pywb wburl.py ($-modifier)"),
    (f"https://web.archive.org/web/20200101000000/_embed/{PAGE}", "wayback", PAGE,
     "2020-01-01T00:00:00", "second", None, None, "IABot l.4894 (/_embed)"),
    (f"https://web.archive.org/web/im_/{PAGE}", "wayback", PAGE,
     None, None, "no-timestamp", None, "pywb wburl.py (modifier, empty stamp)"),
    (f"https://web.archive.org/web/9999/{PAGE}", "wayback", PAGE,
     None, None, "no-timestamp", None, "Alhadis (/web/9999/ = newest)"),
    (f"https://web.archive.org/web/{PAGE}", "wayback", PAGE,
     None, None, "no-timestamp", None, "Alhadis (/web/<orig> = newest)"),
    (f"https://web.archive.org/web/*/{PAGE}", "wayback", PAGE,
     None, None, "wildcard", None, "pywb wburl.py (query *); CB l.5488"),
    (f"https://web.archive.org/web/2016*/{PAGE}", "wayback", PAGE,
     None, None, "wildcard", None, "pywb wburl.py (<ts>*)"),
    (f"https://web.archive.org/web/2010-2012/{PAGE}", "wayback", PAGE,
     None, None, "wildcard", None, "pywb wburl.py (<from>-<to>)"),
    (f"https://web.archive.org/web/20100101-20121231*/{PAGE}", "wayback", PAGE,
     None, None, "wildcard", None, "pywb wburl.py (<from>-<to>*)"),
    ("https://web.archive.org/web/20200101000000/http://www.moi.gov.iq/news/*", "wayback",
     "http://www.moi.gov.iq/news/*", None, None, "wildcard", None, "pywb wburl.py (prefix *)"),
    (f"https://web.archive.org/web/timemap/link/{PAGE}", "wayback", PAGE,
     None, None, "wildcard", None, "note §5: IA TimeMap (netcapsule archives.yaml)"),
    (f"https://web.archive.org/save/{PAGE}", "wayback", PAGE,
     None, None, "no-timestamp", None, "note §4 (save links); CB PR #5990"),
    # --- archive.today ---
    (f"https://archive.ph/2019.01.17-112233/{PAGE}", "archive.today", PAGE,
     "2019-01-17T11:22:33", "second", None, None, "IABot l.3802 (dotted stamp)"),
    (f"http://archive.is/20190117112233/{PAGE}", "archive.today", PAGE,
     "2019-01-17T11:22:33", "second", None, None, "IABot l.3802"),
    (f"https://archive.today/newest/{PAGE}", "archive.today", PAGE,
     None, None, "no-timestamp", None, "archive.today newest link"),
    # --- Memento TimeTravel: the time is asked for, not a capture's ---
    (f"http://timetravel.mementoweb.org/memento/2013/{PAGE}", "memento", PAGE,
     None, None, None, None, "IABot l.3885; TT /memento/<datetime>/<URI-R>"),
    (f"http://timetravel.mementoweb.org/api/json/20130115102033/{PAGE}", "memento", PAGE,
     None, None, None, None, "IABot l.3885; TT /api/json"),
    # --- WebCite: ids are times ---
    ("http://www.webcitation.org/69rYPjwRN", "webcite", None,
     "2012-08-12T13:11:46.325297", "second", "service-dead", None, "IABot l.3912; CB l.5507"),
    ("https://www.webcitation.org/1344777106325297", "webcite", None,
     "2012-08-12T13:11:46.325297", "second", "service-dead", None, "IABot l.3912 (numeric id)"),
    (f"http://www.webcitation.org/query?url={PAGE}&date=2012-08-12", "webcite", PAGE,
     "2012-08-12T00:00:00", "day", "service-dead", None, "IABot l.3912 (query form)"),
    # --- Ghostarchive ---
    (f"https://ghostarchive.org/archive/20220101000000/{PAGE}", "ghostarchive", PAGE,
     "2022-01-01T00:00:00", "second", None, None, "IABot l.4838 (long form)"),
    # --- Archive-It and the services that moved there ---
    (f"https://wayback.archive-it.org/all/20130420084626/{PAGE}", "archive-it", PAGE,
     "2013-04-20T08:46:26", "second", None, None, "IABot l.4110"),
    (f"http://archive-it.org/3241/20130420084626/{PAGE}", "archive-it", PAGE,
     "2013-04-20T08:46:26", "second", None, None, "IABot l.4110 (bare host, collection)"),
    (f"http://collection.europarchive.org/nli/20160525150342/{PAGE}", "archive-it", PAGE,
     "2016-05-25T15:03:42", "second", None, "internet-memory", "IABot l.3742 (moved)"),
    (f"http://collections.internetmemory.org/nli/20160525150342/{PAGE}", "archive-it", PAGE,
     "2016-05-25T15:03:42", "second", None, "internet-memory", "IABot l.3742 (moved)"),
    (f"http://webarchive.proni.gov.uk/20160525150342/{PAGE}", "archive-it", PAGE,
     "2016-05-25T15:03:42", "second", None, "proni", "IABot l.4331 (moved)"),
    # --- national and university archives ---
    (f"http://arquivo.pt/wayback/20091010102944/{PAGE}", "arquivo.pt", PAGE,
     "2009-10-10T10:29:44", "second", None, None, "IABot l.4137"),
    (f"https://arquivo.pt/noFrame/replay/20091010102944mp_/{PAGE}", "arquivo.pt", PAGE,
     "2009-10-10T10:29:44", "second", None, None, "IABot l.4137 (noFrame, mp_)"),
    (f"https://arquivo.pt/wayback/wayback/20091010102944/{PAGE}", "arquivo.pt", PAGE,
     "2009-10-10T10:29:44", "second", None, None, "WM (/wayback/wayback/)"),
    (f"http://webarchive.loc.gov/lcwa0001/20111109051100/{PAGE}", "loc", PAGE,
     "2011-11-09T05:11:00", "second", None, None, "IABot l.4165"),
    (f"https://www.webharvest.gov/congress112th/20121201000000/{PAGE}", "webharvest", PAGE,
     "2012-12-01T00:00:00", "second", None, None, "IABot l.4191"),
    (f"http://petabox.bibalex.org:80/web/20011007083709/{PAGE}", "bibalex", PAGE,
     "2001-10-07T08:37:09", "second", None, None, "IABot l.4217 (petabox, :80)"),
    (f"http://web.archive.bibalex.org/web/20011007083709/{PAGE}", "bibalex", PAGE,
     "2001-10-07T08:37:09", "second", None, None, "IABot l.4217; RL"),
    (f"http://www.collectionscanada.gc.ca/webarchives/20060207000000/{PAGE}", "lac", PAGE,
     "2006-02-07T00:00:00", "second", None, "collectionscanada", "IABot l.4245 (moved)"),
    (f"http://webarchive.bac-lac.gc.ca:8080/wayback/20080116045132/{PAGE}", "lac", PAGE,
     "2008-01-16T04:51:32", "second", None, None, "IABot l.4562"),
    (f"http://veebiarhiiv.digar.ee/a/20131014091520/{PAGE}", "estonia", PAGE,
     "2013-10-14T09:15:20", "second", None, None, "IABot l.4279"),
    (f"http://wayback.vefsafn.is/wayback/20060413000000/{PAGE}", "vefsafn", PAGE,
     "2006-04-13T00:00:00", "second", None, None, "IABot l.4305"),
    (f"http://nukrobi2.nuk.uni-lj.si:8080/wayback/20110831100125/{PAGE}", "slovenia", PAGE,
     "2011-08-31T10:01:25", "second", None, None, "IABot l.4361; WM (nukrobi[0-9]?)"),
    (f"https://sul-swap-prod.stanford.edu/20091122200123/{PAGE}", "stanford", PAGE,
     "2009-11-22T20:01:23", "second", None, None, "IABot l.4387"),
    (f"http://webarchive.nationalarchives.gov.uk/20091204115554/{PAGE}", "ukgwa", PAGE,
     "2009-12-04T11:55:54", "second", None, None, "IABot l.4413"),
    (f"https://webarchive.nationalarchives.gov.uk/ukgwa/20091204115554mp_/{PAGE}", "ukgwa", PAGE,
     "2009-12-04T11:55:54", "second", None, None, "note §3 (UKGWA current paths)"),
    (f"https://webarchive.nationalarchives.gov.uk/ukgwa/20091204115554tf_/{PAGE}", "ukgwa", PAGE,
     "2009-12-04T11:55:54", "second", None, None, "RL (tf_ modifier)"),
    (f"https://webarchive.nationalarchives.gov.uk/tna/20091204115554/{PAGE}", "ukgwa", PAGE,
     "2009-12-04T11:55:54", "second", None, None, "WM medicinit.nim l.329 (/tna/)"),
    (f"https://webarchive.nationalarchives.gov.uk/content/20091204115554/{PAGE}", "ukgwa", PAGE,
     "2009-12-04T11:55:54", "second", None, None, "WM medicapi.nim l.500 (/content/)"),
    (f"https://webarchive.nationalarchives.gov.uk/ukgwa/+/{PAGE}", "ukgwa", PAGE,
     None, None, "no-timestamp", None, "note §3 (latest capture)"),
    (f"https://webarchive.nationalarchives.gov.uk/+/{PAGE}", "ukgwa", PAGE,
     None, None, "no-timestamp", None, "note §3 (older latest capture)"),
    (f"https://webarchive.nationalarchives.gov.uk/ukgwa/*/{PAGE}", "ukgwa", PAGE,
     None, None, "wildcard", None, "note §3 (capture listing)"),
    (f"http://webarchive.parliament.uk/20110714070703/{PAGE}", "ukparliament", PAGE,
     "2011-07-14T07:07:03", "second", None, None, "IABot l.4440"),
    (f"http://eresources.nlb.gov.sg/webarchives/wayback/20100708034526/{PAGE}", "singapore",
     PAGE, "2010-07-08T03:45:26", "second", None, None, "IABot l.4466"),
    (f"https://perma-archives.org/warc/20140729143852/{PAGE}", "perma.cc", PAGE,
     "2014-07-29T14:38:52", "second", None, None, "IABot l.4494 (numeric warc)"),
    (f"https://webcache.googleusercontent.com/search?q=cache:{PAGE}", "google-cache", PAGE,
     None, None, "service-dead", None, "IABot l.4588"),
    (f"http://pandora.nla.gov.au/pan/14231/20120727-0512/{PAGE[7:]}", "nla", PAGE,
     "2012-07-27T05:12:00", "minute", None, None, "IABot l.4620; WM (pan/<id>/YYYYMMDD-hhmm)"),
    (f"http://pandora.nla.gov.au/nph-arch/2000/S2000-Jun-6/{PAGE}", "nla", PAGE,
     "2000-06-06T00:00:00", "day", None, None, "IABot l.4620 (nph-arch, letter, Mon)"),
    (f"https://webarchive.nla.gov.au/awa/20120326012340/{PAGE}", "nla", PAGE,
     "2012-03-26T01:23:40", "second", None, None, "IABot l.4620 (awa)"),
    (f"https://trove.nla.gov.au/gov/wayback/2005-04-08/{PAGE}", "nla", PAGE,
     "2005-04-08T00:00:00", "day", None, None, "IABot l.4620 (trove, YYYY-MM-DD)"),
    (f"http://archive.wikiwix.com/cache/20180329074145/{PAGE}", "wikiwix", PAGE,
     "2018-03-29T07:41:45", "second", None, None, "IABot l.4665 (long form)"),
    ("http://www.freezepage.com/1249681324ZHFROBOEGE", "freezepage", None,
     "2009-08-07T21:42:04", "second", "service-dead", None, "IABot l.4730 (id digits)"),
    (f"https://webrecorder.io/user/coll/20170101000000mp_/{PAGE}", "webrecorder", PAGE,
     "2017-01-01T00:00:00", "second", None, None, "IABot l.4782 (modifier dropped)"),
    (f"https://www.webarchive.org.uk/wayback/archive/20110324230020/{PAGE}", "ukwa", PAGE,
     "2011-03-24T23:00:20", "second", None, None, "IABot l.3774"),
    (f"https://www.webarchive.org.uk/wayback/en/archive/20200101000000mp_/{PAGE}", "ukwa", PAGE,
     "2020-01-01T00:00:00", "second", None, None, "note §3 (current UKWA replay)"),
    (f"https://www.webarchive.org.uk/wayback/en/archive/timemap/link/{PAGE}", "ukwa", PAGE,
     None, None, "wildcard", None, "note §3 (UKWA TimeMap)"),
    (f"https://digital.library.yorku.ca/wayback/20160129214328/{PAGE}", "yorku", PAGE,
     "2016-01-29T21:43:28", "second", None, None, "IABot l.4084"),
    (f"http://www.padi.cat:8080/wayback/20140404212712/{PAGE}", "padicat", PAGE,
     "2014-04-04T21:27:12", "second", None, None, "IABot l.2449 (dead code there)"),
    (f"http://wayback.nli.org.il:8080/20130201123456/{PAGE}", "nli.org.il", PAGE,
     "2013-02-01T12:34:56", "second", None, None, "note §3 (Memento aggregator answers)"),
    (f"https://langzeitarchivierung.bib-bvb.de/wayback/20160201000000/{PAGE}", "bavaria", PAGE,
     "2016-02-01T00:00:00", "second", None, None, "RL"),
    (f"https://waext.banq.qc.ca/wayback/20150101000000/{PAGE}", "banq", PAGE,
     "2015-01-01T00:00:00", "second", None, None, "RL"),
    (f"https://haw.nsk.hr/arhiva/20120101000000/{PAGE}", "haw.nsk.hr", PAGE,
     "2012-01-01T00:00:00", "second", None, None, "RL"),
    (f"https://wayback.webarchiv.cz/wayback/20140404212712/{PAGE}", "webarchiv.cz", PAGE,
     "2014-04-04T21:27:12", "second", None, None, "RL"),
]  # fmt: skip


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_every_service_shape_is_read(row: tuple[str | None, ...]) -> None:
    url, service, original, when, precision, problem, moved_from, source = row
    assert url is not None
    snapshot = parse_archive_url(url, now=NOW)
    assert snapshot is not None, source
    moment = snapshot.when.replace(tzinfo=None).isoformat() if snapshot.when else None
    assert (snapshot.service, snapshot.original_url, moment, snapshot.precision) == (
        service,
        original,
        when,
        precision,
    ), source
    assert (snapshot.problem, snapshot.moved_from) == (problem, moved_from), source


def test_every_service_of_the_note_has_a_row() -> None:
    assert {row[1] for row in ROWS} >= set(ARCHIVE_SERVICES) - {"internet-memory"}


@pytest.mark.parametrize("flag", ["id_", "im_", "if_", "cs_", "js_", "mp_", "fw_", "cm1_", "tf_"])
def test_replay_flags_are_never_read_as_the_host(flag: str) -> None:
    snapshot = parse_archive_url(f"https://web.archive.org/web/20200101000000{flag}/{PAGE}")
    assert snapshot is not None
    assert snapshot.flags == flag
    assert snapshot.original_url == PAGE
    assert snapshot.canonical_url() == f"https://web.archive.org/web/20200101000000/{PAGE}"


MOVED = [
    (
        f"http://collection.europarchive.org/nli/20160525150342/{PAGE}",
        f"https://wayback.archive-it.org/10702/20160525150342/{PAGE}",
    ),
    (
        f"http://webarchive.proni.gov.uk/20160525150342/{PAGE}",
        f"https://wayback.archive-it.org/11112/20160525150342/{PAGE}",
    ),
    (
        f"http://collectionscanada.ca/archivesweb/20060207000000/{PAGE}",
        f"http://webarchive.bac-lac.gc.ca:8080/wayback/20060207000000/{PAGE}",
    ),
    (
        f"http://web.waybackmachine.org/2010/{PAGE}",
        f"https://web.archive.org/web/20100101000000/{PAGE}",
    ),
]


@pytest.mark.parametrize(("url", "home"), MOVED)
def test_moved_services_and_aliases_point_where_the_snapshots_live_now(url: str, home: str) -> None:
    snapshot = parse_archive_url(url, now=NOW)
    assert snapshot is not None
    assert snapshot.canonical_url() == home


def test_gone_services_stay_flagged() -> None:
    assert {"webcite", "google-cache", "internet-memory"} <= DEAD_SERVICES
    other = parse_archive_url(f"http://collection.europarchive.org/tna/20160525150342/{PAGE}")
    assert other is not None
    assert (other.service, other.problem) == ("internet-memory", "service-dead")


@pytest.mark.parametrize(
    "url",
    [
        "https://archive.org/details/kitab-al-aghani",  # an item, not a snapshot (IABot)
        "https://perma.example.org/warc/20140729143852/http://a.b/",  # "perma" in the host
        "https://www.loc.gov/item/2010000000/",  # loc.gov, not its web archive
        "https://timetravel.mementoweb.org/about/",
    ],
)
def test_loose_host_words_are_not_archives(url: str) -> None:
    assert parse_archive_url(url) is None


_STAMPED = [
    (service.name, example)
    for service in ARCHIVE_SERVICES.values()
    if not service.dead and not service.requested
    for example in service.examples
    if re.search(r"/\d{14}/", example)
]


@given(
    st.sampled_from(_STAMPED),
    st.datetimes(datetime(1996, 1, 1), datetime(2025, 12, 31)),  # noqa: DTZ001 - made UTC below
    st.sampled_from(["", "id_", "im_", "mp_", "if_", "cs_", "js_", "fw_"]),
    st.sampled_from([PAGE, "https://ar.wikipedia.org/wiki/بغداد", "http://a.example/?q=1&r=*x"]),
)
def test_any_time_any_modifier_any_page_reads_back(
    shape: tuple[str, str], moment: datetime, modifier: str, page: str
) -> None:
    name, example = shape
    stamp = f"{moment:%Y%m%d%H%M%S}"
    head = re.split(r"/\d{14}/", example, maxsplit=1)[0]
    snapshot = parse_archive_url(f"{head}/{stamp}{modifier}/{page}", now=NOW)
    assert snapshot is not None
    assert (snapshot.service, snapshot.original_url, snapshot.problem) == (name, page, None)
    assert snapshot.when == moment.replace(microsecond=0, tzinfo=UTC)
    assert (snapshot.flags or "") == modifier
    assert snapshot.precision == "second"


@given(st.text(alphabet='<>;,="\\ \t\nrelmtoatdi:/.abc', max_size=400))
def test_link_headers_of_any_shape_never_raise(text: str) -> None:
    links = parse_links(text)
    assert all(isinstance(link.uri, str) for link in links)
    assert len(links) <= text.count("<")
