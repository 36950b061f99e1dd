"""The options that bound a JSON input: ``--max-json-depth N`` and ``--max-json-digits N``.

Every command that reads JSON (``validate``, ``infobox validate|render|apply``, ``bot
--infobox``) takes both; ``infobox extract``, whose output is read back, takes the digits.
Each is a whole number from 1 to a ceiling Python itself sets (see
:data:`~wikimaint.jsontext.MOST_DEPTH`); anything else is a usage error that names it.
The same numbers go to the reader and to the infobox checks, so that what one takes the
other takes too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wikimaint.cli.online import bounded_count
from wikimaint.jsontext import MAX_DEPTH, MAX_DIGITS, MOST_DEPTH, MOST_DIGITS

if TYPE_CHECKING:
    import argparse

__all__ = ["add_json_limits", "json_reading"]


_OPTIONS: tuple[tuple[str, int, int, str], ...] = (
    ("--max-json-depth", MAX_DEPTH, MOST_DEPTH, "read no JSON nested deeper than this"),
    ("--max-json-digits", MAX_DIGITS, MOST_DIGITS, "read no integer of more digits than this"),
)


def add_json_limits(cmd: argparse.ArgumentParser, *, depth: bool = True) -> None:
    """Add ``--max-json-digits`` to *cmd*, and ``--max-json-depth`` too unless not *depth*."""
    for option, default, most, words in _OPTIONS[0 if depth else 1 :]:
        cmd.add_argument(
            option,
            metavar="N",
            type=bounded_count(most),
            default=default,
            help=f"{words} (default: {default}, at most {most})",
        )


def json_reading(args: argparse.Namespace) -> dict[str, Any]:
    """Return the limits :func:`wikimaint.files.read_json` takes, from the options in *args*."""
    return {
        "max_bytes": args.max_input,
        "max_depth": args.max_json_depth,
        "max_digits": args.max_json_digits,
    }
