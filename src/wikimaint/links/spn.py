"""Save Page Now 2: ask the Wayback Machine to capture a live page, politely, and wait for it.

:class:`SavePageNow` submits ``POST /save`` with the account's S3 keys
(``Authorization: LOW <access>:<secret>``), polls ``GET /save/status/<job_id>`` until the job
is no longer pending, and returns the new snapshot. It keeps the account's per-minute
capture limit over a sliding 60 s window, backs off on the errors SPN2 says are transient
(``error:user-session-limit``, ``proxy-error``…, as InternetArchiveBot retries them) and on
HTTP 429/5xx, and reads the body, not only the status: a refusal can come back as HTTP 200
with ``"status": "error"``. Archive.org's own URLs are never submitted.

Credentials come from a file or the ``WIKIMAINT_SPN_KEY`` environment variable
(:meth:`SpnCredentials.load`), never from the command line, and are never printed: their
``repr`` hides the secret and no error message carries it.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

from wikimaint import i18n
from wikimaint.errors import InputError
from wikimaint.jsontext import loads
from wikimaint.links.archives import wayback_snapshot_url

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from wikimaint.net import Fetcher, FetchResult

__all__ = ["ENV_KEY", "TRANSIENT", "SavePageNow", "SaveResult", "SpnCredentials"]

ENV_KEY: Final = "WIKIMAINT_SPN_KEY"
"""The environment variable holding ``<access key>:<secret>``."""
TRANSIENT: Final = frozenset(
    {
        "error:user-session-limit",
        "error:soft-time-limit-exceeded",
        "error:proxy-error",
        "error:browsing-timeout",
        "error:no-browsers-available",
        "error:redis-error",
        "error:capture-location-error",
        "error:celery",
    }
)
"""SPN2 errors worth another try after a pause (IABot APII.php l.3066-3077, l.3115-3128)."""
_WINDOW: Final = 60.0

for _key, _texts in {
    "input.spn-keys": {
        "ar": "{where}: المتوقع مفتاحا archive.org بصيغة \u200e<access key>:<secret>\u200e "
        "(أحرف لاتينية)",
        "en": "{where}: expected '<access key>:<secret>' (archive.org S3 keys, ASCII)",
    },
    "input.spn-keys-unreadable": {
        "ar": "{path}: تعذرت قراءة مفاتيح Save Page Now ({why})",
        "en": "{path}: cannot read the Save Page Now keys ({why})",
    },
}.items():  # fmt: skip
    i18n.register(_key, _texts)


@dataclass(frozen=True)
class SpnCredentials:
    """Represents an archive.org S3 key pair; the secret is never shown."""

    access: str
    secret: str = field(repr=False)

    def header(self) -> str:
        """Return the ``Authorization`` header value SPN2 expects."""
        return f"LOW {self.access}:{self.secret}"

    @classmethod
    def parse(cls, text: str, where: str) -> SpnCredentials:
        """Return the keys written as ``access:secret`` (or on two lines) in *text*.

        Raises :class:`~wikimaint.errors.InputError` naming *where*, never the text.
        """
        words = text.replace(":", " ").split()
        if len(words) != 2 or not all(word.isascii() and word.isprintable() for word in words):
            message = i18n.localized("input.spn-keys", where=where)
            raise InputError(message, reason="spn-keys", where=where)
        return cls(words[0], words[1])

    @classmethod
    def load(
        cls, path: str | Path | None = None, env: Mapping[str, str] | None = None
    ) -> SpnCredentials | None:
        """Return the keys in file *path*, else in ``$WIKIMAINT_SPN_KEY``; None without either."""
        if path is not None:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except OSError as exc:
                why = exc.strerror or type(exc).__name__
                message = i18n.localized("input.spn-keys-unreadable", path=str(path), why=why)
                raise InputError(
                    message, reason="spn-keys-unreadable", path=str(path), why=why
                ) from None
            return cls.parse(text, str(path))
        value = (os.environ if env is None else env).get(ENV_KEY, "")
        return cls.parse(value, f"${ENV_KEY}") if value.strip() else None


@dataclass(frozen=True)
class SaveResult:
    """Represents what asking SPN2 for one URL gave.

    ``status`` is ``saved`` (``archive_url`` and ``when`` set), ``refused`` (SPN2 will not
    capture it: ``reason`` is its ``status_ext``), ``exists`` (captured too often today:
    snapshots exist), ``failed`` (the capture job failed), ``pending`` (not done in time) or
    ``unreachable`` (SPN2 could not be asked; ``reason`` says why).
    """

    url: str
    status: str
    reason: str = ""
    archive_url: str | None = None
    when: datetime | None = None
    job_id: str | None = None


class SavePageNow:
    """Represents the SPN2 API of one account, through the one :class:`~wikimaint.net.Fetcher`.

    *base* is where requests go (a stand-in in tests); snapshot URLs use *public_base*.
    *clock* and *sleep* drive the limits and polling, so tests need not wait.
    """

    def __init__(
        self,
        fetcher: Fetcher,
        credentials: SpnCredentials,
        base: str = "https://web.archive.org",
        *,
        public_base: str = "https://web.archive.org",
        per_minute: int = 12,
        poll_every: float = 3.0,
        max_wait: float = 180.0,
        tries: int = 4,
        backoff: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Build a client (12 captures a minute: SPN2's limit for a logged-in account)."""
        if per_minute < 1 or tries < 1 or poll_every < 0 or max_wait < 0 or backoff < 0:
            raise ValueError("per_minute and tries must be at least 1, times not negative")
        self.fetcher = fetcher
        self.base = base.rstrip("/")
        self.public_base = public_base.rstrip("/")
        self.per_minute = per_minute
        self.poll_every = poll_every
        self.max_wait = max_wait
        self.tries = tries
        self.backoff = backoff
        self._auth = {"Authorization": credentials.header(), "Accept": "application/json"}
        self._clock = clock
        self._sleep = sleep
        self._sent: list[float] = []

    def _wait_for_a_slot(self) -> None:
        """Sleep until a capture fits in the per-minute limit (a sliding 60 s window)."""
        now = self._clock()
        self._sent = [t for t in self._sent if now - t < _WINDOW]
        if len(self._sent) >= self.per_minute:
            self._sleep(_WINDOW - (now - self._sent[0]))
            now = self._clock()
            self._sent = [t for t in self._sent if now - t < _WINDOW]
        self._sent.append(now)

    def save(self, url: str) -> SaveResult:
        """Return what capturing *url* gave: submit (with retries), then poll the job."""
        host = (urlsplit(url).hostname or "").lower()
        if host == "archive.org" or host.endswith(".archive.org"):
            return SaveResult(url, "refused", "archive-org-url")
        reason = "no-answer"
        for attempt in range(self.tries):
            if attempt:
                self._sleep(self.backoff * 2 ** (attempt - 1))
            self._wait_for_a_slot()
            got = self.fetcher.fetch(
                f"{self.base}/save", "POST", headers=self._auth, form={"url": url}
            )
            job, reason, retry = _submitted(got)
            if job is not None:
                result = self._poll(url, job)
                if result.status != "failed" or result.reason not in TRANSIENT:
                    return result
                reason = result.reason
                continue
            if not retry:
                status = "exists" if reason == "error:too-many-daily-captures" else "refused"
                return SaveResult(url, status, reason)
            if got.status == 429 and got.retry_after:
                self._sleep(min(got.retry_after, _WINDOW))
        return SaveResult(url, "unreachable", reason)

    def _poll(self, url: str, job: str) -> SaveResult:
        """Return the job's outcome, asking every ``poll_every`` seconds up to ``max_wait``."""
        started = self._clock()
        while True:
            self._sleep(self.poll_every)
            got = self.fetcher.fetch(f"{self.base}/save/status/{job}", headers=self._auth)
            data = _body(got)
            status = str(data.get("status", "")) if data is not None else ""
            if status == "success":
                return self._saved(url, job, data or {})
            if status == "error":
                ext = str((data or {}).get("status_ext", "error"))
                return SaveResult(url, "failed", ext, job_id=job)
            if self._clock() - started >= self.max_wait:
                return SaveResult(url, "pending", "max-wait", job_id=job)

    def _saved(self, url: str, job: str, data: dict[str, object]) -> SaveResult:
        """Return the result of a successful job (its timestamp and final URL)."""
        stamp = str(data.get("timestamp", ""))
        original = str(data.get("original_url") or url)
        try:
            when = datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        except ValueError:
            return SaveResult(url, "failed", "bad-timestamp", job_id=job)
        archive_url = wayback_snapshot_url(original, stamp, base=self.public_base)
        return SaveResult(url, "saved", "", archive_url, when, job)


def _body(got: FetchResult) -> dict[str, object] | None:
    """Return the JSON object an SPN2 answer carries, or None."""
    if got.error is not None or got.truncated:
        return None
    try:
        data = loads(got.body.decode("utf-8"))
    except (ValueError, InputError):  # not JSON, or JSON beyond bounds (very deep, NaN…)
        return None
    return data if isinstance(data, dict) else None


def _submitted(got: FetchResult) -> tuple[str | None, str, bool]:
    """Return ``(job_id, reason, worth retrying)`` for the answer to ``POST /save``.

    A 200 is not enough: an error can come back as HTTP 200 without ``job_id``.
    """
    if got.status is None:
        return None, str(got.error or "no-answer"), True
    if got.status == 429 or got.status >= 500:
        return None, f"http-{got.status}", True
    data = _body(got)
    if got.status in {401, 403}:
        return None, f"http-{got.status}", False
    if data is None:
        return None, f"http-{got.status}" if got.status != 200 else "not-json", got.status == 200
    job = data.get("job_id")
    if isinstance(job, str) and job:
        return job, "", False
    ext = str(data.get("status_ext") or f"http-{got.status}")
    return None, ext, ext in TRANSIENT
