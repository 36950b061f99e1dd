"""Net: the only package that talks HTTP (the only one importing requests and urllib3).

``policy`` says how to fetch (timeouts, limits, the User-Agent) and what came back
(:class:`FetchResult`, :class:`Failure`); ``guard`` refuses private and reserved addresses
on every connection; ``deadline`` bounds each hop in wall time; ``limits`` keeps global and
per-host concurrency and politeness; ``whole`` accepts a response only when its headers
arrived whole; ``session`` builds the requests session a policy
stands for; ``fetcher`` fetches one URL hop by hop, and many at once. This face re-exports
what the layers above use.
"""

from __future__ import annotations

from wikimaint.net.fetcher import Fetcher
from wikimaint.net.guard import address_allowed, literal_address, system_resolver
from wikimaint.net.policy import (
    CONTACT_URL,
    Failure,
    FetchPolicy,
    FetchResult,
    IPAddress,
    IPNetwork,
    ProgressCallback,
    Resolver,
    default_user_agent,
)

__all__ = [
    "CONTACT_URL",
    "Failure",
    "FetchPolicy",
    "FetchResult",
    "Fetcher",
    "IPAddress",
    "IPNetwork",
    "ProgressCallback",
    "Resolver",
    "address_allowed",
    "default_user_agent",
    "literal_address",
    "system_resolver",
]
