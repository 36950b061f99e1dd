"""Exceptions raised by wikimaint: one root, one subclass per situation a caller can act on.

The tree, and whose fault each one is::

    WikimaintError                  anything wikimaint raises on purpose
     ├── InputError                 the caller's input cannot be read (file, encoding, JSON)
     │    └── EncodingError         bytes that are not UTF-8; says where
     ├── OutputError                an output file cannot be written faithfully; nothing was changed
     ├── SchemaValidationError      a document breaks a published schema; lists every violation
     │    └── DataError             infobox data does not fit its template spec
     ├── SpecError                  a template spec or alias data file is itself broken
     ├── FetchError                 a URL could not be fetched (network, server, limits)
     │    ├── UnsafeURLError        refused before any byte was sent: scheme or address not allowed
     │    ├── FetchCancelledError   the run was stopped (Ctrl-C) first: nothing was learned
     │    └── RateLimitedError      the server asked us to slow down; ``retry_after`` in seconds
     ├── BotError                   the bot cannot go on with a page or a run
     │    └── EditConflictError     someone else edited the page between our read and our save
     ├── MissingPartError           a library a command needs is not installed; install it
     ├── UnknownRuleError           a rule id that no rule has (``--rules``, ``--skip-rules``)
     └── UsageError                 command-line arguments that make no sense together

Library code raises these and nothing else on purpose; the CLI turns each into a one-line
message and an exit code, so a user never sees a traceback for a problem that is theirs.
"""

from __future__ import annotations

from wikimaint.i18n import localize

__all__ = [
    "BotError",
    "DataError",
    "EditConflictError",
    "EncodingError",
    "FetchCancelledError",
    "FetchError",
    "InputError",
    "MissingPartError",
    "OutputError",
    "RateLimitedError",
    "SchemaValidationError",
    "SpecError",
    "UnknownRuleError",
    "UnsafeURLError",
    "UsageError",
    "WikimaintError",
]


class WikimaintError(Exception):
    """Represents any error wikimaint raises on purpose."""


class InputError(WikimaintError):
    """Represents input that cannot be read: a missing file, a directory, bad JSON.

    ``reason`` is a stable code (``not-found``, ``directory``, ``unreadable``, ``json``,
    ``encoding``) and ``fields`` the details, so messages can be given in any language.
    """

    def __init__(self, text: str, *, reason: str = "", **fields: object) -> None:
        """Build the error with its English *text*, a *reason* code and its *fields*."""
        self.reason = reason
        self.fields = fields
        super().__init__(text)


class EncodingError(InputError):
    """Represents bytes that are not valid UTF-8, with the place of the first bad byte."""

    def __init__(self, source: str, offset: int, line: int, column: int) -> None:
        """Build the error for *source* whose first bad byte is at *offset* (line:column)."""
        self.source = source
        self.offset = offset
        self.line = line
        self.column = column
        super().__init__(
            f"{source}: not valid UTF-8 at byte {offset} (line {line}, column {column})",
            reason="encoding",
            source=source,
            offset=offset,
            line=line,
            column=column,
        )


class OutputError(WikimaintError):
    """Represents an output file that cannot be written, or not without changing what it is.

    ``reason`` is a stable code (``read-only``, ``hard-links``, ``unwritable``, ``directory``)
    and ``fields`` the details (``path``, ``links``, ``detail``). The file
    is as it was: nothing is written when this is raised.
    """

    def __init__(self, text: str, *, reason: str, **fields: object) -> None:
        """Build the error with its English *text*, a *reason* code and its *fields*."""
        self.reason = reason
        self.fields = fields
        super().__init__(text)


class SchemaValidationError(WikimaintError):
    """Represents a document that breaks a schema; ``errors`` holds every violation.

    Each violation is a ``(json_pointer, message)`` pair, so a caller can point at the place.
    The messages are in English; those that know other languages (schema violations, see
    :mod:`wikimaint.schema.messages`) are given in one by :meth:`messages`.
    """

    def __init__(self, what: str, errors: list[tuple[str, str]]) -> None:
        """Build the error for document *what* from all its *errors*."""
        self.what = what
        self.errors = errors
        lines = [f"{pointer or '/'}: {message}" for pointer, message in errors]
        super().__init__(f"{what}: {len(errors)} violation(s)\n" + "\n".join(lines))

    def messages(self, lang: str) -> list[tuple[str, str]]:
        """Return every ``(json_pointer, message)`` with the message in *lang* where it can be.

        >>> from wikimaint.i18n import Localized
        >>> error = SchemaValidationError("x", [("/a", Localized({"ar": "أ", "en": "a"}))])
        >>> error.messages("ar")
        [('/a', 'أ')]
        """
        return [(pointer, localize(message, lang)) for pointer, message in self.errors]


class DataError(SchemaValidationError):
    """Represents infobox data that does not fit its template spec."""


class SpecError(WikimaintError):
    """Represents a template spec or alias data file that is itself broken."""


class FetchError(WikimaintError):
    """Represents a URL that could not be fetched: network, server, or our own limits."""

    def __init__(self, url: str, reason: str, detail: str = "") -> None:
        """Build the error for *url* with a short *reason* (``timeout``, ``dns``, …).

        A *reason* with a message of its own (``fetch.<reason>`` in :mod:`wikimaint.i18n`)
        is shown in the user's language, with *detail* filled in.
        """
        self.url = url
        self.reason = reason
        self.detail = detail
        super().__init__(f"{url}: {reason}" + (f" ({detail})" if detail else ""))


class FetchCancelledError(FetchError):
    """Represents a fetch stopped because the run was stopped: nothing was learned from it."""

    def __init__(self, url: str) -> None:
        """Build the error for *url*."""
        super().__init__(url, "cancelled")


class UnsafeURLError(FetchError):
    """Represents a URL refused before anything was sent (scheme or address not allowed)."""


class RateLimitedError(FetchError):
    """Represents a server asking us to slow down; ``retry_after`` is in seconds, if it said."""

    def __init__(self, url: str, retry_after: float | None) -> None:
        """Build the error for *url*, keeping the server's *retry_after* hint."""
        self.retry_after = retry_after
        super().__init__(url, "rate-limited")


class BotError(WikimaintError):
    """Represents a problem that stops the bot on a page or a run."""


class EditConflictError(BotError):
    """Represents an edit by someone else between our read of a page and our save."""

    def __init__(self, title: str) -> None:
        """Build the error for the page *title*."""
        self.title = title
        super().__init__(f"edit conflict on [[{title}]]")


class MissingPartError(WikimaintError):
    """Represents a library that a command needs and this installation lacks (not our crash)."""


class UnknownRuleError(WikimaintError):
    """Represents a rule id that no rule has (``--rules``, ``--skip-rules``, a task's rules)."""


class UsageError(WikimaintError):
    """Represents command-line arguments or options that make no sense together."""
