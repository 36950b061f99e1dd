"""The ``check`` command's live-check options: ``--online`` and what tunes it.

Not a command of its own: :func:`add_arguments` adds the options to ``check`` and
:func:`live_options` turns them into :class:`~wikimaint.citations.rules.online.LiveOptions`.
Every tuning option needs ``--online`` (a usage error otherwise), so nothing is sent over
the network unless asked in so many words. :func:`parse_moment` reads ``--now`` here and
for ``wikimaint bot``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import threading
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from wikimaint import i18n
from wikimaint.errors import UsageError
from wikimaint.links.history import LOCK_WAIT
from wikimaint.links.options import (
    MAX_AGE_DAYS,
    MAX_DEADLINE,
    MAX_DELAY,
    MAX_LOCK_WAIT,
    MAX_TIMEOUT,
    MAX_WORKERS,
    LiveOptions,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from wikimaint.net import IPNetwork

__all__ = [
    "TUNING",
    "ProgressBar",
    "add_arguments",
    "add_limits",
    "bounded_count",
    "bounded_number",
    "day",
    "limit_settings",
    "live_options",
    "memento_base",
    "memento_setting",
    "network",
    "parse_moment",
    "rule_ids",
    "wayback_base",
]

for _key, _texts in {
    "usage.now": {
        "ar": "{value} ليس تاريخًا ووقتًا بصيغة ISO 8601 (مثل 2024-03-01T09:00:00+03:00)",
        "en": "not an ISO 8601 date and time (such as 2024-03-01T09:00:00+03:00): {value}",
    },
    "usage.network": {
        "ar": "{value} ليس عنوانًا ولا نطاقًا من العناوين (مثل 127.0.0.0/8)",
        "en": "not an address or CIDR network: {value}",
    },
    "usage.count": {
        "ar": "{value} ليس عددًا صحيحًا من 1 إلى {most}",
        "en": "not a whole number from 1 to {most}: {value}",
    },
    "usage.range": {
        "ar": "{value} ليس عددًا من 0 إلى {most}",
        "en": "not a number from 0 to {most}: {value}",
    },
    "usage.range-positive": {
        "ar": "{value} ليس عددًا أكبر من 0 ولا يزيد على {most}",
        "en": "not a number greater than 0 and at most {most}: {value}",
    },
    "usage.wayback": {
        "ar": "{value} ليس عنوان ويب يبدأ بـ \u200ehttp://\u200e أو \u200ehttps://\u200e",
        "en": "not an http(s) URL: {value}",
    },
    "usage.needs-online.one": {
        "ar": "{options} لا يعمل إلا مع \u200e--online\u200e",
        "en": "{options} needs --online",
    },
    "usage.needs-online.many": {
        "ar": "{options} لا تعمل إلا مع \u200e--online\u200e",
        "en": "{options} need --online",
    },
}.items():  # fmt: skip
    i18n.register(_key, _texts)

_LIMITS: dict[str, str] = {
    "concurrency": "concurrency", "per_host": "per_host", "timeout": "timeout",
    "max_age": "max_age_days", "delay": "delay", "lock_wait": "lock_wait",
    "deadline": "deadline",
}  # fmt: skip
"""Each option of :func:`add_limits` and its :class:`LiveOptions` field."""
_SETTINGS: dict[str, str] = {
    "wayback": "wayback", "state_db": "state_db", "now": "now", "memento": "memento", **_LIMITS,
}  # fmt: skip
"""Each tuning option's :class:`LiveOptions` field, where it is a plain copy."""
TUNING: tuple[str, ...] = ("allow_address", *_SETTINGS)
"""The ``check`` options that only mean something with ``--online``."""


def _refuse(key: str, text: str, **fields: object) -> argparse.ArgumentTypeError:
    """Return the error a ``type=`` converter raises for *text*: message *key*, localized.

    argparse puts the option's name in front (see ``_Parser`` in :mod:`wikimaint.cli.app`).
    """
    shown = text if len(text) <= 40 else f"{text[:16]}…{text[-16:]}"
    return argparse.ArgumentTypeError(i18n.localized(key, value=repr(shown), **fields))


def network(text: str) -> IPNetwork:
    """Return the ``--allow-address`` value *text*: an address or a CIDR network."""
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        raise _refuse("usage.network", text) from None


def wayback_base(text: str) -> str:
    """Return the ``--wayback`` value *text*: an http or https URL with a host."""
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise _refuse("usage.wayback", text)
    return text


def memento_base(text: str) -> str:
    """Return the ``--memento`` value *text*: an http(s) URL, or ``off`` (ask no aggregator)."""
    return "off" if text.strip().lower() == "off" else wayback_base(text)


def memento_setting(value: str) -> str | None:
    """Return the :attr:`LiveOptions.memento` a ``--memento`` value stands for."""
    return None if value == "off" else value


def parse_moment(text: str) -> dt.datetime:
    """Return the ``--now`` value *text*, an ISO 8601 date and time, as an aware datetime.

    Without an offset it is UTC. ``check`` and ``bot`` both read ``--now`` with it.

    >>> parse_moment("2024-03-01T09:00:00")
    datetime.datetime(2024, 3, 1, 9, 0, tzinfo=datetime.timezone.utc)
    """
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise _refuse("usage.now", text) from None
    return value if value.utcoffset() is not None else value.replace(tzinfo=dt.UTC)


def day(text: str) -> dt.date:
    """Return the ``--today`` value *text*: a YYYY-MM-DD date."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(i18n.localized("usage.date", value=repr(text))) from None


def rule_ids(text: str) -> list[str]:
    """Return the ``--rules``/``--skip-rules`` value *text*: comma-separated ids.

    >>> rule_ids("bare-url, missing-archive,")
    ['bare-url', 'missing-archive']
    """
    return [part.strip() for part in text.split(",") if part.strip()]


def bounded_count(most: int) -> Callable[[str], int]:
    """Return a converter to a whole number from 1 to *most*."""

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:  # also an integer of more digits than Python reads
            value = 0
        if not 1 <= value <= most:
            raise _refuse("usage.count", text, most=most)
        return value

    convert.__name__ = "count"  # argparse names the type in its own complaints
    return convert


_count = bounded_count(MAX_WORKERS)


def bounded_number(most: float, *, positive: bool = False) -> Callable[[str], float]:
    """Return a converter to a finite number from 0 (or above 0, if *positive*) to *most*."""

    def convert(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not 0 <= value <= most or (positive and value == 0):  # also refuses nan and inf
            key = "usage.range-positive" if positive else "usage.range"
            raise _refuse(key, text, most=f"{most:g}")
        return value

    convert.__name__ = "number"  # argparse names the type in its own complaints
    return convert


def add_limits(group: Any) -> None:
    """Add the options that tune live checks (``check --online`` and ``bot`` share them)."""
    group.add_argument(
        "--concurrency",
        metavar="N",
        type=_count,
        help=f"requests at once (default: 32, at most {MAX_WORKERS})",
    )
    group.add_argument(
        "--per-host",
        metavar="N",
        type=_count,
        help=f"requests at once to one host (default: 4, at most {MAX_WORKERS})",
    )
    group.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=bounded_number(MAX_TIMEOUT, positive=True),
        help=f"connect and read timeout (default: 10, at most {MAX_TIMEOUT:g})",
    )
    group.add_argument(
        "--max-age",
        metavar="DAYS",
        type=bounded_number(MAX_AGE_DAYS),
        help="reuse a result younger than this instead of asking again "
        f"(default: 7, at most {MAX_AGE_DAYS:g})",
    )
    group.add_argument(
        "--delay",
        metavar="SECONDS",
        type=bounded_number(MAX_DELAY),
        help=f"least time between two requests to one host (default: 1, at most {MAX_DELAY:g})",
    )
    group.add_argument(
        "--deadline",
        metavar="SECONDS",
        type=bounded_number(MAX_DEADLINE, positive=True),
        help="stop the live checks this long after the start and report what was found "
        f"(partial; exit 2); default: none, at most {MAX_DEADLINE:g}",
    )
    group.add_argument(
        "--lock-wait",
        metavar="SECONDS",
        type=bounded_number(MAX_LOCK_WAIT),
        help="how long to wait when another process holds the link history "
        f"(default: {LOCK_WAIT:g}, at most {MAX_LOCK_WAIT:g})",
    )


def limit_settings(args: argparse.Namespace, names: dict[str, str] = _LIMITS) -> dict[str, Any]:
    """Return the :class:`LiveOptions` fields the options of :func:`add_limits` set."""
    settings: dict[str, Any] = {}
    for name, key in names.items():
        value = getattr(args, name, None)
        if value is not None:
            settings[key] = value
    return settings


def add_arguments(cmd: argparse.ArgumentParser, *, always_online: bool = False) -> None:
    """Add ``--online`` and its tuning options to the ``check`` parser *cmd*.

    With *always_online* (``fill-refs``, which always reads the web) there is no
    ``--online`` switch: only the tuning options.
    """
    if always_online:
        group = cmd.add_argument_group("reading the cited pages", "as the live checks do")
        cmd.set_defaults(online=True)
    else:
        group = cmd.add_argument_group(
            "live checks",
            "check every cited URL and archive over HTTP and look up snapshots (the Wayback "
            "Machine, then any archive through Memento) for citations without one; the "
            "options after --online need it (a usage error without)",
        )
        group.add_argument("--online", action="store_true", help="run the live checks")
    group.add_argument(
        "--wayback",
        metavar="BASE",
        type=wayback_base,
        help="where the Wayback Machine is (default: https://web.archive.org)",
    )
    group.add_argument(
        "--memento",
        metavar="BASE|off",
        type=memento_base,
        help="the Memento aggregator asked where the Wayback Machine has no snapshot "
        "(default: https://timetravel.mementoweb.org; off: only the Wayback Machine)",
    )
    group.add_argument(
        "--allow-address",
        metavar="CIDR",
        type=network,
        action="append",
        help="let requests reach this private or reserved network (repeatable; "
        "tests use 127.0.0.0/8)",
    )
    group.add_argument(
        "--state-db",
        metavar="PATH",
        type=Path,
        help="the SQLite history of checks (default: ~/.cache/wikimaint/links.sqlite)",
    )
    group.add_argument(
        "--now",
        metavar="ISO-DATETIME",
        type=parse_moment,
        help="the time the history records (default: now; without an offset, UTC)",
    )
    add_limits(group)


def live_options(args: argparse.Namespace, stderr: IO[str]) -> LiveOptions | None:
    """Return the live-check options *args* ask for, or None without ``--online``.

    Raises:
        UsageError: a tuning option without ``--online``, or values that cannot work.

    """
    given = [name for name in TUNING if getattr(args, name, None) is not None]
    if not args.online:
        if given:
            flags = i18n.listing("--" + name.replace("_", "-") for name in given)
            raise UsageError(i18n.localized_for("usage.needs-online", given, options=flags))
        return None
    settings = limit_settings(args, _SETTINGS)
    if "memento" in settings:
        settings["memento"] = memento_setting(str(settings["memento"]))
    if args.allow_address:
        settings["allow"] = tuple(args.allow_address)
    if stderr.isatty():
        settings["progress"] = ProgressBar(stderr)
    try:
        return LiveOptions(**settings)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


class ProgressBar:
    """Represents a one-line progress bar on a terminal, drawn only once a run is long.

    Nothing is drawn in the first *after* seconds, so short runs stay quiet; then at most
    ten times a second, and the line is cleared when the run is done.
    """

    def __init__(self, stream: IO[str], *, after: float = 1.0, width: int = 30) -> None:
        """Draw on *stream* (a TTY) once *after* seconds have passed."""
        self.stream = stream
        self.after = after
        self.width = width
        self._started = time.monotonic()
        self._drawn = 0.0
        self._lock = threading.Lock()

    def __call__(self, done: int, total: int) -> None:
        """Show that *done* of *total* are done."""
        now = time.monotonic()
        with self._lock:
            if now - self._started < self.after:
                return
            finished = done >= total
            if not finished and now - self._drawn < 0.1:
                return
            self._drawn = now
            filled = self.width * done // total if total else self.width
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r[{bar}] {done}/{total}")
            if finished:
                self.stream.write("\r" + " " * (self.width + 24) + "\r")
            self.stream.flush()
