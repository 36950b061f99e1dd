"""``wikimaint infobox``: an article's infobox as JSON data, and that data written back.

``extract PATH`` prints the data of the article's first infobox, or with ``--template NAME``
of its first infobox of that template (an article may have more than one); ``validate
DATA.json`` checks it against its template's spec; ``render DATA.json`` prints the infobox
wikitext; ``apply PATH DATA.json`` prints the article with its infobox of the data's template
rewritten (only the changed parameters), or a unified diff with ``--diff``, or writes it
whole to ``--output``. Bad data lists every error with its key on standard error and exits
1; nothing is written then.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from wikimaint.cli.jsonlimits import add_json_limits, json_reading
from wikimaint.errors import DataError, InputError, UsageError
from wikimaint.files import read_json, read_text, write_atomic
from wikimaint.i18n import localized, message, register

if TYPE_CHECKING:
    import argparse

    from wikimaint.wikitext.model import Article

__all__ = ["add_command"]

register(
    "input.no-infobox",
    {
        "ar": "{source}: لا صندوق معلومات في هذه المقالة",
        "en": "{source}: the article has no infobox",
    },
)
register(
    "infobox.invalid",
    {
        "ar": "{source}: {count} خطأ في بيانات صندوق المعلومات:",
        "en": "{source}: {count} error(s) in the infobox data:",
    },
)
register(
    "infobox.written",
    {"ar": "{path}: كُتبت المقالة بعد تحديث صندوق المعلومات", "en": "{path}: article written"},
)
register(
    "infobox.unchanged",
    {"ar": "{path}: لا تغيير في صندوق المعلومات", "en": "{path}: the infobox is unchanged"},
)
register(
    "usage.infobox.both-stdin",
    {
        "ar": "لا يمكن أن تأتي المقالة والبيانات كلتاهما من الدخل القياسي",
        "en": "the article and the data cannot both come from standard input",
    },
)


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``infobox`` and its subcommands ``extract``, ``render`` and ``apply``."""
    infobox = commands.add_parser(
        "infobox", parents=[common], help="an article's infobox as JSON data, and back"
    )
    steps = infobox.add_subparsers(dest="step", required=True, parser_class=type(infobox))

    cmd = steps.add_parser("extract", parents=[common], help="print the infobox as JSON data")
    cmd.add_argument("path", help="wikitext file, or - for standard input")
    cmd.add_argument("--title", help="the article title (default: from the file name)")
    cmd.add_argument(
        "--template",
        metavar="NAME",
        help="the infobox of this template, when the article has several (default: the first)",
    )
    add_json_limits(cmd, depth=False)  # a longer number is written as not-a-number
    cmd.set_defaults(handler=_extract)

    cmd = steps.add_parser(
        "validate", parents=[common], help="check infobox data against its template's spec"
    )
    cmd.add_argument("data", help="infobox data (JSON), or - for standard input")
    add_json_limits(cmd)
    cmd.set_defaults(handler=_validate)

    cmd = steps.add_parser("render", parents=[common], help="print the infobox wikitext")
    cmd.add_argument("data", help="infobox data (JSON), or - for standard input")
    cmd.add_argument("--template", help="write this template name instead of the data's")
    add_json_limits(cmd)
    cmd.set_defaults(handler=_render)

    cmd = steps.add_parser(
        "apply", parents=[common], help="write infobox data into an article's infobox"
    )
    cmd.add_argument("path", help="wikitext file, or - for standard input")
    cmd.add_argument("data", help="infobox data (JSON)")
    cmd.add_argument("--diff", action="store_true", help="print a unified diff, not the text")
    cmd.add_argument("--output", help="write the new article to this file (whole or not at all)")
    add_json_limits(cmd)
    cmd.set_defaults(handler=_apply)


# The handlers import the infobox modules (jsonschema among them) when they run, so that
# building the parser of every command does not.
def _article(
    path: str, stdin: Any, title: str | None = None, *, max_bytes: int
) -> tuple[Article, str, str]:
    """Return the parsed article in *path*, its text and source name; it must have an infobox."""
    from wikimaint.wikitext.parse import parse  # noqa: PLC0415

    text, source = read_text(path, stdin, max_bytes=max_bytes)
    if title is None and source != "<stdin>":
        title = Path(source).stem.replace("_", " ")
    article = parse(text, title=title)
    if article.infobox is None:
        raise InputError(f"{source}: no infobox", reason="no-infobox", source=source)
    return article, text, source


def _invalid(error: DataError, source: str, lang: str, stderr: IO[str]) -> int:
    from wikimaint.infobox.data import explain  # noqa: PLC0415

    stderr.write(message("infobox.invalid", lang, source=source, count=len(error.errors)) + "\n")
    for pointer, text in error.errors:
        stderr.write(f"  {pointer or '/'}: {explain(text, lang)}\n")
    return 1


def _extract(args: argparse.Namespace, stdout: IO[str], _stderr: IO[str], stdin: Any) -> int:
    from wikimaint.infobox.read import extract  # noqa: PLC0415

    article, _, source = _article(args.path, stdin, args.title, max_bytes=args.max_input)
    try:
        data = extract(article, args.template, max_digits=args.max_json_digits)
    except InputError as error:
        error.fields["source"] = source  # name the file, as the other messages do
        raise
    json.dump(data, stdout, ensure_ascii=False, indent=2)
    stdout.write("\n")
    return 0


def _validate(args: argparse.Namespace, stdout: IO[str], stderr: IO[str], stdin: Any) -> int:
    from wikimaint.infobox.data import validate_data  # noqa: PLC0415

    data = read_json(args.data, stdin, **json_reading(args))
    source = "<stdin>" if args.data == "-" else args.data
    try:
        validate_data(data, max_digits=args.max_json_digits)
    except DataError as error:
        return _invalid(error, source, args.lang, stderr)
    stdout.write(message("validate.ok", args.lang, source=source) + "\n")
    return 0


def _render(args: argparse.Namespace, stdout: IO[str], stderr: IO[str], stdin: Any) -> int:
    from wikimaint.infobox.render import render  # noqa: PLC0415

    data = read_json(args.data, stdin, **json_reading(args))
    try:
        text = render(data, template=args.template, max_digits=args.max_json_digits)
    except DataError as error:
        return _invalid(error, "<stdin>" if args.data == "-" else args.data, args.lang, stderr)
    stdout.write(text + "\n")
    return 0


def _apply(args: argparse.Namespace, stdout: IO[str], stderr: IO[str], stdin: Any) -> int:
    from wikimaint.infobox.write import apply  # noqa: PLC0415

    if args.path == "-" and args.data == "-":
        raise UsageError(localized("usage.infobox.both-stdin"))
    article, text, source = _article(args.path, stdin, max_bytes=args.max_input)
    data = read_json(args.data, stdin, **json_reading(args))
    try:
        new = apply(article, data, max_digits=args.max_json_digits)
    except DataError as error:
        return _invalid(error, args.data, args.lang, stderr)
    if args.output:
        write_atomic(args.output, new)
        key = "infobox.written" if new != text else "infobox.unchanged"
        stderr.write(message(key, args.lang, path=args.output) + "\n")
    if args.diff:
        stdout.writelines(
            difflib.unified_diff(
                text.splitlines(keepends=True),
                new.splitlines(keepends=True),
                f"a/{source}",
                f"b/{source}",
            )
        )
    elif not args.output:
        stdout.write(new)
    return 0
