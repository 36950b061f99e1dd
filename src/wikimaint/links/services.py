"""The archive services wikimaint knows: hosts, URL shapes, replay prefixes, and which are gone.

Data, read by :func:`wikimaint.links.archives.parse_archive_url`: each
:class:`ArchiveService` lists the :class:`Route` s (host pattern, path prefix, URL shape)
its snapshots are served under, with real example URLs that the tests read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "ARCHIVE_SERVICES",
    "DEAD_SERVICES",
    "REPLAY_NOT_ARCHIVED",
    "SERVICE_LIST",
    "WAYBACK_REPLAY",
    "ArchiveService",
    "Route",
]


@dataclass(frozen=True)
class Route:
    """Represents one place on an archive's hosts where its snapshot URLs live.

    ``host`` is a regular expression matched in full against the lowercased host (port and
    user info removed). ``prefix`` is matched at the start of the path and must end at a
    ``/``, a ``?``, a ``#`` or the end; what follows it is the timestamp segment (the
    ``replay`` kind) or is read by the kind's own reader. ``replay`` is the base a canonical
    snapshot URL is built on: ``""`` means ``https://<host><prefix as written>``, ``None``
    means the service has no long form to build. ``moved_from`` names the service whose
    old URLs this route reads when they now live on this route's service (``replay`` is
    then the new home).
    """

    host: str
    prefix: str = ""
    kind: str = "replay"
    replay: str | None = ""
    moved_from: str | None = None


@dataclass(frozen=True)
class ArchiveService:
    """Represents an archive service: its stable id, its URL shapes and whether it is alive.

    ``short_ids`` says the service also has short snapshot ids (``/AbCd1``) that only the
    service can resolve; an unknown path segment is then taken for one (valid, to be looked
    up) rather than reported. ``stamps`` says how its timestamps are written: ``plain``
    digits, ``dotted`` (also ``2012.12.21-123456``) or ``nla`` (also ``2005-Apr-8``).
    ``timeless`` lists path words that name a page but no snapshot (``newest``, ``save``).
    ``requested`` says the time in its URLs is the time asked for, not a capture time (the
    Memento aggregator redirects to the closest capture). ``not_archived`` holds lowercase
    phrases its replay pages say, even with a 200, when there is no such snapshot;
    ``timegate`` is its Memento TimeGate (``{url}`` is the page asked about).
    """

    name: str
    label: str
    routes: tuple[Route, ...]
    examples: tuple[str, ...] = ()
    dead: bool = False
    stamps: str = "plain"
    short_ids: bool = False
    timeless: frozenset[str] = frozenset()
    requested: bool = False
    not_archived: tuple[str, ...] = ()
    timegate: str | None = None


WAYBACK_REPLAY: Final = "https://web.archive.org/web"

# Phrases replay software says on a "no such capture" page, sometimes with a 200: pywb's
# not_found.html ("URL Not Found … could not be found in this collection") and
# OpenWayback's ("Resource Not In Archive"). Every Wayback-style service may say them.
REPLAY_NOT_ARCHIVED: Final = (
    "url not found",
    "could not be found in this collection",
    "resource not in archive",
    "not in archive",
)

_WAYBACK_HOSTS: Final = (
    r"(?:web|wayback|www\.web|web-beta|classic-web|replay(?:\.web)?|web\.wayback|liveweb|wik)"
    r"\.(?:archive|waybackmachine)\.org"
)

SERVICE_LIST: Final[tuple[ArchiveService, ...]] = (
    ArchiveService(
        "wayback",
        "Internet Archive Wayback Machine",
        (
            # IABot's host list (APII.php l.4894) on both archive.org and waybackmachine.org,
            # plus WaybackMedic's wik. (medicinit.nim l.289).
            Route(_WAYBACK_HOSTS, r"(?:/web)?", replay=WAYBACK_REPLAY),
            # archive.org itself also serves items (/details/…), which are not snapshots:
            # only /web, /wayback or a path that starts with a stamp is one.
            Route(
                r"(?:www\.)?(?:archive|waybackmachine)\.org",
                r"/(?:web|wayback)",
                replay=WAYBACK_REPLAY,
            ),
            Route(
                r"(?:www\.)?archive\.org", r"(?=/\d{4,14}(?:[a-z]{2}_)?/)", replay=WAYBACK_REPLAY
            ),
        ),
        (
            "https://web.archive.org/web/20181101175745/http://www.webcitation.org/69rYPjwRN",
            "https://web.archive.org/web/2016id_/http://example.com/",
            "https://www.archive.org/web/20051125112048/http://example.com/",
        ),
        timeless=frozenset({"save"}),
        not_archived=(
            "hrm. the wayback machine has not archived that url",
            "wayback machine doesn't have that page archived",
            "this url has been excluded from the wayback machine",
        ),
        timegate=WAYBACK_REPLAY + "/{url}",
    ),
    ArchiveService(
        "archive.today",
        "archive.today (archive.ph, .is, .li, .vn, .fo, .md)",
        (Route(r"(?:www\.)?archive\.(?:today|is|ph|li|vn|fo|md)"),),
        (
            "https://archive.ph/2019.01.17-112233/https://example.com/",
            "https://archive.is/20190117112233/https://example.com/",
            "https://archive.ph/AbCd1",
        ),
        stamps="dotted",
        short_ids=True,
        timeless=frozenset({"newest", "oldest", "latest", "timegate", "timemap"}),
        not_archived=("no results",),
        timegate="https://archive.today/timegate/{url}",
    ),
    ArchiveService(
        "memento",
        "Memento TimeTravel (aggregator)",
        (
            Route(
                r"timetravel\.mementoweb\.org",
                r"/(?:memento|api/json)",
                replay="https://timetravel.mementoweb.org/memento",
            ),
        ),
        ("http://timetravel.mementoweb.org/memento/20130115/http://example.com/",),
        requested=True,
        timeless=frozenset({"timegate", "timemap"}),
    ),
    ArchiveService(
        "webcite",
        "WebCite",
        (Route(r"(?:www\.)?webcitation\.org", kind="webcite", replay=None),),
        (
            "http://www.webcitation.org/69rYPjwRN",
            "http://www.webcitation.org/query?url=http://example.com/&date=2012-08-12",
        ),
        dead=True,
    ),
    ArchiveService(
        "ghostarchive",
        "Ghostarchive",
        (
            Route(r"(?:www\.)?ghostarchive\.org", "/search", kind="search", replay=None),
            Route(
                r"(?:www\.)?ghostarchive\.org",
                "/archive",
                replay="https://ghostarchive.org/archive",
            ),
            Route(r"(?:www\.)?ghostarchive\.org", r"(?:/varchive)?", replay=None),
        ),
        ("https://ghostarchive.org/archive/kKmZL",),
        short_ids=True,
    ),
    ArchiveService(
        "archive-it",
        "Archive-It",
        (
            Route(r"(?:wayback\.)?archive-it\.org", r"(?:/(?:all|\d+))?"),
            # Moved here (IABot APII.php l.3742 and l.4331; only Europarchive's nli collection).
            Route(
                r"collections?\.(?:europarchive|internetmemory)\.org",
                "/nli",
                replay="https://wayback.archive-it.org/10702",
                moved_from="internet-memory",
            ),
            Route(
                r"webarchive\.proni\.gov\.uk",
                replay="https://wayback.archive-it.org/11112",
                moved_from="proni",
            ),
        ),
        ("https://wayback.archive-it.org/all/20130420084626/http://example.com/",),
        timegate="https://wayback.archive-it.org/all/{url}",
    ),
    ArchiveService(
        "arquivo.pt",
        "Arquivo.pt",
        (
            Route(
                r"(?:www\.)?arquivo\.pt",
                r"/(?:noFrame/replay|wayback(?:/wayback|/all|/web)?)",
                replay="https://arquivo.pt/wayback",
            ),
        ),
        ("https://arquivo.pt/wayback/20091010102944/http://example.pt/",),
        timegate="https://arquivo.pt/wayback/{url}",
    ),
    ArchiveService(
        "loc",
        "Library of Congress Web Archives",
        (Route(r"webarchive\.loc\.gov", r"(?:/[a-z][a-z0-9_-]*)?"),),
        (
            "https://webarchive.loc.gov/all/20111109051100/http://example.com/",
            "https://webarchive.loc.gov/lcwa0010/20111109051100/http://example.com/",
        ),
        timegate="https://webarchive.loc.gov/all/{url}",
    ),
    ArchiveService(
        "ukwa",
        "UK Web Archive (British Library)",
        (
            Route(
                r"(?:www\.)?webarchive\.org\.uk",
                r"(?:/ukwa)?(?:/wayback)?(?:/[a-z]{2})?(?:/archive)?",
            ),
        ),
        (
            "https://www.webarchive.org.uk/wayback/archive/20110324230020/http://example.co.uk/",
            "https://www.webarchive.org.uk/ukwa/wayback/en/archive/20200101000000/http://example.co.uk/",
        ),
        timeless=frozenset({"timemap"}),
    ),
    ArchiveService(
        "ukgwa",
        "UK Government Web Archive (The National Archives)",
        (
            # /ukgwa/ (current), /tna/ (WaybackMedic), /content/ (the frame's source page).
            Route(
                r"(?:webarchives?|yourarchives)\.nationalarchives\.gov\.uk",
                r"(?:/ukgwa|/tna|/content)?",
            ),
        ),
        ("https://webarchive.nationalarchives.gov.uk/ukgwa/20091204115554/http://example.gov.uk/",),
        timeless=frozenset({"+"}),
        timegate="https://webarchive.nationalarchives.gov.uk/ukgwa/{url}",
    ),
    ArchiveService(
        "ukparliament",
        "UK Parliament Web Archive",
        (Route(r"webarchive\.parliament\.uk"),),
        ("http://webarchive.parliament.uk/20110714070703/http://example.parliament.uk/",),
    ),
    ArchiveService(
        "bibalex",
        "Bibliotheca Alexandrina Internet Archive",
        (Route(r"(?:web\.)?(?:archive|petabox)\.bibalex\.org", r"(?:/web|/all)?"),),
        ("http://web.archive.bibalex.org/web/20011007083709/http://example.com/",),
    ),
    ArchiveService(
        "nla",
        "National Library of Australia (Australian Web Archive, Trove, Pandora)",
        (
            Route(
                r"(?:(?:content\.)?webarchive\.|trove\.)?nla\.gov\.au|web\.archive\.org\.au",
                r"(?:/awa|/gov(?:/wayback)?|/wayback|/nph-wb|/nph-arch/\d{4})?",
            ),
            # Pandora writes 20120727-0512 and drops the scheme; there is no long form to
            # build. We follow WaybackMedic here (an original without scheme is accepted,
            # http:// assumed), where IABot requires http(s)://, // or www.
            Route(r"pandora\.nla\.gov\.au", r"/(?:pan/\d+|nph-wb|nph-arch/\d{4})", replay=None),
        ),
        (
            "https://webarchive.nla.gov.au/awa/20120326012340/http://example.gov.au/",
            "http://pandora.nla.gov.au/pan/14231/20120727-0512/www.example.com.au/a.htm",
        ),
        stamps="nla",
    ),
    ArchiveService(
        "vefsafn",
        "Icelandic Web Archive (Vefsafn)",
        (Route(r"(?:wayback\.)?vefsafn\.is", r"/(?:wayback|is)"),),
        ("http://wayback.vefsafn.is/wayback/20060413000000/http://example.is/",),
    ),
    ArchiveService(
        "perma.cc",
        "Perma.cc",
        (
            Route(r"perma-archives\.org", r"/warc"),
            Route(r"(?:www\.)?perma\.cc", replay=None),
        ),
        ("https://perma.cc/F9NT-22AK", "http://perma-archives.org/warc/20140729143852/http://a.b/"),
        short_ids=True,
    ),
    ArchiveService(
        "wikiwix",
        "Wikiwix",
        (Route(r"(?:archive|www)\.wikiwix\.com", r"(?:/cache)?", kind="wikiwix"),),
        (
            "http://archive.wikiwix.com/cache/?url=http://example.fr/&title=Example",
            "http://archive.wikiwix.com/cache/20180329074145/http://www.linterweb.fr",
        ),
    ),
    ArchiveService(
        "google-cache",
        "Google cache",
        (Route(r"webcache\.googleusercontent\.com", kind="google-cache", replay=None),),
        ("https://webcache.googleusercontent.com/search?q=cache:example.com/page",),
        dead=True,
    ),
    ArchiveService(
        "freezepage",
        "FreezePage",
        (Route(r"(?:www\.)?freezepage\.com", kind="freezepage", replay=None),),
        ("http://www.freezepage.com/1249681324ZHFROBOEGE",),
        dead=True,
    ),
    ArchiveService(
        "internet-memory",
        "Internet Memory Foundation / Europarchive (collections other than nli)",
        (Route(r"collections?\.(?:europarchive|internetmemory)\.org", r"(?:/[a-z]+)?"),),
        ("http://collection.europarchive.org/tna/20160525150342/http://example.gov.uk/",),
        dead=True,
    ),
    ArchiveService(
        "webrecorder",
        "Webrecorder / Conifer",
        (Route(r"(?:www\.)?webrecorder\.io|conifer\.rhizome\.org", r"/[^/?#]+/[^/?#]+"),),
        ("https://webrecorder.io/user/coll/20170101000000/http://example.com/",),
    ),
    ArchiveService(
        "stanford",
        "Stanford Web Archive Portal",
        (Route(r"(?:sul-)?swap(?:-prod)?\.stanford\.edu", r"(?:/was|/web)?"),),
        ("https://swap.stanford.edu/20091122200123/http://example.edu/",),
    ),
    ArchiveService(
        "lac",
        "Library and Archives Canada",
        (
            Route(
                r"webarchive\.bac-lac\.gc\.ca|webarchiveweb\.wayback\.bac-lac\.canada\.ca",
                r"(?:/wayback|/web)?",
                replay="http://webarchive.bac-lac.gc.ca:8080/wayback",
            ),
            Route(
                r"(?:www\.)?collectionscanada(?:\.gc)?\.ca",
                r"/(?:webarchives|archivesweb)",
                replay="http://webarchive.bac-lac.gc.ca:8080/wayback",
                moved_from="collectionscanada",
            ),
        ),
        ("http://webarchive.bac-lac.gc.ca:8080/wayback/20080116045132/http://example.ca/",),
    ),
    ArchiveService(
        "estonia",
        "Estonian Web Archive",
        (Route(r"veebiarhiiv\.digar\.ee", r"(?:/a)?"),),
        ("http://veebiarhiiv.digar.ee/a/20131014091520/http://example.ee/",),
    ),
    ArchiveService(
        "singapore",
        "National Library Board Singapore Web Archive",
        (Route(r"eresources\.nlb\.gov\.sg", r"/webarchives/wayback"),),
        ("http://eresources.nlb.gov.sg/webarchives/wayback/20100708034526/http://example.sg/",),
    ),
    ArchiveService(
        "webharvest",
        "US National Archives web harvests",
        (Route(r"(?:www\.)?webharvest\.gov", r"/[a-z][a-z0-9_-]*"),),
        ("http://webharvest.gov/peth04/20041022004143/http://example.gov/",),
    ),
    ArchiveService(
        "yorku",
        "York University Libraries web archive",
        (Route(r"digital\.library\.yorku\.ca", "/wayback"),),
        ("https://digital.library.yorku.ca/wayback/20160129214328/http://example.ca/",),
    ),
    ArchiveService(
        "slovenia",
        "Slovenian Web Archive (NUK)",
        # IABot requires nukrobi2 and port 8080; WaybackMedic allows nukrobi[0-9]?. We follow
        # WaybackMedic: both hosts are the same library's replay.
        (
            Route(
                r"nukrobi\d?\.nuk\.uni-lj\.si",
                "/wayback",
                replay="http://nukrobi2.nuk.uni-lj.si:8080/wayback",
            ),
        ),
        ("http://nukrobi2.nuk.uni-lj.si:8080/wayback/20110831100125/http://example.si/",),
    ),
    ArchiveService(
        "nli.org.il",
        "National Library of Israel web archive",
        (Route(r"wayback\.nli\.org\.il"),),
        ("http://wayback.nli.org.il:8080/20130201123456/http://example.co.il/",),
    ),
    ArchiveService(
        "webarchiv.cz",
        "Czech Web Archive",
        (Route(r"wayback\.webarchiv\.cz", r"(?:/wayback)?"),),
        ("https://wayback.webarchiv.cz/wayback/20140404212712/http://example.cz/",),
    ),
    ArchiveService(
        "bavaria",
        "Bavarian State Library long-term archive",
        (Route(r"langzeitarchivierung\.bib-bvb\.de", "/wayback"),),
        ("https://langzeitarchivierung.bib-bvb.de/wayback/20160201000000/http://example.de/",),
    ),
    ArchiveService(
        "banq",
        "Bibliothèque et Archives nationales du Québec",
        (Route(r"waext\.banq\.qc\.ca", "/wayback"),),
        ("https://waext.banq.qc.ca/wayback/20150101000000/http://example.qc.ca/",),
    ),
    ArchiveService(
        "haw.nsk.hr",
        "Croatian Web Archive",
        (Route(r"haw\.nsk\.hr", "/arhiva"),),
        ("https://haw.nsk.hr/arhiva/20120101000000/http://example.hr/",),
    ),
    ArchiveService(
        "padicat",
        "Catalan Web Archive (PADICAT)",
        # IABot has a resolver but never calls it (dead code, APII.php l.2449); we read it.
        (
            Route(
                r"(?:www\.)?padi\.cat|wayback\.padicat\.cat",
                r"(?:/wayback)?",
                replay="http://padi.cat:8080/wayback",
            ),
        ),
        ("http://www.padi.cat:8080/wayback/20140404212712/http://example.cat/",),
    ),
)

ARCHIVE_SERVICES: Final[Mapping[str, ArchiveService]] = MappingProxyType(
    {service.name: service for service in SERVICE_LIST}
)
"""Every recognised archive service by stable id, with its hosts, URL shapes and examples."""

DEAD_SERVICES: Final[frozenset[str]] = frozenset(s.name for s in SERVICE_LIST if s.dead)
"""Ids of the services that no longer serve snapshots."""
