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
    means the service has no long form to build.
    """

    host: str
    prefix: str = ""
    kind: str = "replay"
    replay: str | None = ""


@dataclass(frozen=True)
class ArchiveService:
    """Represents an archive service: its stable id, its URL shapes and whether it is alive.

    ``short_ids`` says the service also has short snapshot ids (``/AbCd1``) that only the
    service can resolve; an unknown path segment is then taken for one (valid, to be looked
    up) rather than reported. ``dotted`` allows ``2012.12.21-123456``-style timestamps.
    ``timeless`` lists path words that name a page but no snapshot (``newest``, ``save``).
    """

    name: str
    label: str
    routes: tuple[Route, ...]
    examples: tuple[str, ...] = ()
    dead: bool = False
    dotted: bool = False
    short_ids: bool = False
    timeless: frozenset[str] = frozenset()


WAYBACK_REPLAY: Final = "https://web.archive.org/web"

SERVICE_LIST: Final[tuple[ArchiveService, ...]] = (
    ArchiveService(
        "wayback",
        "Internet Archive Wayback Machine",
        (
            Route(
                r"(?:web|wayback|www\.web|web-beta|classic-web|replay(?:\.web)?|web\.wayback"
                r"|liveweb|wik)\.archive\.org",
                r"(?:/web)?",
                replay=WAYBACK_REPLAY,
            ),
            # archive.org itself also serves items (/details/…), which are not snapshots.
            Route(r"(?:www\.)?archive\.org", r"/(?:web|wayback)", replay=WAYBACK_REPLAY),
        ),
        (
            "https://web.archive.org/web/20181101175745/http://www.webcitation.org/69rYPjwRN",
            "https://web.archive.org/web/2016id_/http://example.com/",
            "https://www.archive.org/web/20051125112048/http://example.com/",
        ),
        timeless=frozenset({"save"}),
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
        dotted=True,
        short_ids=True,
        timeless=frozenset({"newest", "oldest", "latest", "timegate", "timemap"}),
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
            Route(r"(?:www\.)?ghostarchive\.org", r"(?:/v?archive)?", replay=None),
        ),
        ("https://ghostarchive.org/archive/kKmZL",),
        short_ids=True,
    ),
    ArchiveService(
        "archive-it",
        "Archive-It",
        (Route(r"wayback\.archive-it\.org", r"(?:/(?:all|\d+))?"),),
        ("https://wayback.archive-it.org/all/20130420084626/http://example.com/",),
    ),
    ArchiveService(
        "arquivo.pt",
        "Arquivo.pt",
        (
            Route(
                r"(?:www\.)?arquivo\.pt",
                r"/(?:noFrame/replay|wayback(?:/wayback|/all|/web)?)",
            ),
        ),
        ("https://arquivo.pt/wayback/20091010102944/http://example.pt/",),
    ),
    ArchiveService(
        "loc",
        "Library of Congress Web Archives",
        (Route(r"webarchive\.loc\.gov", r"(?:/[a-z][a-z0-9_-]*)?"),),
        (
            "https://webarchive.loc.gov/all/20111109051100/http://example.com/",
            "https://webarchive.loc.gov/lcwa0010/20111109051100/http://example.com/",
        ),
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
    ),
    ArchiveService(
        "ukgwa",
        "UK Government Web Archive (The National Archives)",
        (Route(r"webarchives?\.nationalarchives\.gov\.uk", r"(?:/ukgwa)?"),),
        ("https://webarchive.nationalarchives.gov.uk/ukgwa/20091204115554/http://example.gov.uk/",),
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
                r"(?:content\.)?webarchive\.nla\.gov\.au|web\.archive\.org\.au",
                r"(?:/awa|/gov(?:/wayback)?)?",
            ),
            # Pandora writes 20120727-0512 and drops the scheme; there is no long form to build.
            Route(r"pandora\.nla\.gov\.au", r"/(?:pan/\d+|nph-wb)", replay=None),
        ),
        (
            "https://webarchive.nla.gov.au/awa/20120326012340/http://example.gov.au/",
            "http://pandora.nla.gov.au/pan/14231/20120727-0512/www.example.com.au/a.htm",
        ),
        dotted=True,
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
        (Route(r"archive\.wikiwix\.com", r"(?:/cache)?", kind="wikiwix"),),
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
        "Internet Memory Foundation / Europarchive",
        (Route(r"collections?\.(?:europarchive|internetmemory)\.org", r"(?:/[a-z]+)?"),),
        ("http://collection.europarchive.org/nli/20160525150342/http://example.ie/",),
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
        (Route(r"(?:swap|sul-swap-prod)\.stanford\.edu", r"(?:/was|/web)?"),),
        ("https://swap.stanford.edu/20091122200123/http://example.edu/",),
    ),
    ArchiveService(
        "lac",
        "Library and Archives Canada",
        (
            Route(
                r"webarchive\.bac-lac\.gc\.ca|webarchiveweb\.wayback\.bac-lac\.canada\.ca",
                r"(?:/wayback|/web)?",
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
        "webarchiv.cz",
        "Czech Web Archive",
        (Route(r"wayback\.webarchiv\.cz", r"(?:/wayback)?"),),
        ("https://wayback.webarchiv.cz/wayback/20140404212712/http://example.cz/",),
    ),
    ArchiveService(
        "padicat",
        "Catalan Web Archive (PADICAT)",
        (Route(r"www\.padi\.cat|wayback\.padicat\.cat", r"(?:/wayback)?"),),
        ("http://www.padi.cat:8080/wayback/20140404212712/http://example.cat/",),
    ),
)

ARCHIVE_SERVICES: Final[Mapping[str, ArchiveService]] = MappingProxyType(
    {service.name: service for service in SERVICE_LIST}
)
"""Every recognised archive service by stable id, with its hosts, URL shapes and examples."""

DEAD_SERVICES: Final[frozenset[str]] = frozenset(s.name for s in SERVICE_LIST if s.dead)
"""Ids of the services that no longer serve snapshots."""
