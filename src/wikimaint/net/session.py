"""The requests session a :class:`~wikimaint.net.policy.FetchPolicy` stands for.

Retries through urllib3 (never waiting longer than the policy's patience), connections
through the address guard, no cookies kept, nothing taken from the environment (proxies,
``.netrc``, CA bundles), and a descriptive User-Agent.
"""

from __future__ import annotations

from http.cookiejar import DefaultCookiePolicy
from typing import TYPE_CHECKING

import requests

from wikimaint.net.guard import GuardedAdapter
from wikimaint.net.limits import PatientRetry
from wikimaint.net.policy import METHODS

if TYPE_CHECKING:
    from wikimaint.net.guard import AddressGuard
    from wikimaint.net.policy import FetchPolicy

__all__ = ["build_session"]


def build_session(policy: FetchPolicy, guard: AddressGuard) -> requests.Session:
    """Return a session that fetches as *policy* says, every connection vetted by *guard*."""
    retry = PatientRetry(
        total=policy.retries,
        connect=policy.retries,
        read=policy.retries,
        status=policy.retries,
        other=0,
        allowed_methods=METHODS,
        status_forcelist=policy.retry_statuses,
        backoff_factor=policy.backoff_factor,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )
    retry.patience = policy.max_retry_after
    adapter = GuardedAdapter(
        guard,
        max_retries=retry,
        pool_connections=max(64, policy.concurrency),
        pool_maxsize=policy.per_host,
    )
    session = requests.Session()
    session.trust_env = False  # no proxies, .netrc credentials or CA bundles from the env
    session.verify = policy.verify_tls
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))  # keep none
    session.headers.update(
        {
            "User-Agent": policy.user_agent,
            "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            "Accept-Language": "ar,en;q=0.8",
        }
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
