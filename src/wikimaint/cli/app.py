"""The command line: ``wikimaint`` and ``citation-check``.

Thin on purpose: :func:`main` parses arguments and calls :func:`run`, which dispatches to a
handler that calls the library and returns an exit code. Tests call ``run`` in-process with
``StringIO`` streams. Exit codes: 0 success, 1 findings or violations, 2 usage or input
errors (one line on stderr, no traceback), 3 an internal error (one line, please report).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import os
import re
import sys
from typing import IO, TYPE_CHECKING, Any, NoReturn

from wikimaint._version import __version__
from wikimaint.cli import bot, fillrefs, infobox, online, report, scan
from wikimaint.cli.jsonlimits import add_json_limits, json_reading
from wikimaint.cli.online import day, rule_ids
from wikimaint.errors import (
    FetchError,
    InputError,
    MissingPartError,
    OutputError,
    SchemaValidationError,
    UnknownRuleError,
    UsageError,
    WikimaintError,
)
from wikimaint.files import MAX_INPUT_BYTES, read_json, read_text, size_text, write_atomic
from wikimaint.i18n import (
    LANGUAGES,
    MESSAGES,
    Localized,
    default_language,
    listing,
    localize,
    localized,
    localized_for,
    message,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import ModuleType

__all__ = ["COMMAND_MODULES", "UsageError", "build_parser", "citation_check_main", "main", "run"]

#: Commands that live in modules of their own. Each module has
#: ``add_command(commands, common)``, which adds its subparser to *commands* (with
#: ``parents=[common]`` for ``--lang``) and sets ``handler``: a function
#: ``(args, stdout, stderr, stdin) -> exit code`` like the ones below.
COMMAND_MODULES: tuple[ModuleType, ...] = (bot, fillrefs, infobox, report, scan)


class _Parser(argparse.ArgumentParser):
    """Represents an argument parser whose every complaint is a :class:`UsageError`.

    argparse words its complaints in English. Each is taken apart here by its known shape
    (:data:`_SHAPES`) and raised with a :class:`~wikimaint.i18n.Localized` message, which
    :func:`run` shows in the user's language. ``exit_on_error`` is off, so that a complaint
    about one argument arrives whole, as an :class:`argparse.ArgumentError` with the
    argument's name; where one of our ``type=`` converters refused the value, it raised an
    :class:`argparse.ArgumentTypeError` with a ``Localized`` message, which argparse keeps
    as the exception's context. A shape we do not know stays as argparse says it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("exit_on_error", False)
        super().__init__(*args, **kwargs)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[Any, list[str]]:
        try:
            return super().parse_known_args(args, namespace)
        except argparse.ArgumentError as error:
            raise UsageError(_argument_error(error)) from None

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> Any:
        try:  # Python 3.13 raises "unrecognized arguments" here, without exit_on_error
            return super().parse_args(args, namespace)
        except argparse.ArgumentError as error:
            raise UsageError(_argument_error(error)) from None

    def error(self, message: str) -> NoReturn:
        raise UsageError(_explain(message))

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            raise UsageError(message.strip())
        raise SystemExit(status)


def _argument_error(error: argparse.ArgumentError) -> str:
    """Return argparse's complaint *error* in every language."""
    cause = error.__cause__ or error.__context__
    own = cause.args[0] if isinstance(cause, argparse.ArgumentTypeError) and cause.args else None
    detail = own if isinstance(own, Localized) else _explain(error.message)
    return _about(error.argument_name, detail) if error.argument_name else detail


def _about(argument: str, detail: str) -> Localized:
    return localized("usage.argument", argument=listing([_name(argument)]), detail=detail)


def _name(argument: str) -> str:
    """Return the name argparse gives an argument, in every language where it has one."""
    key = f"argument.{argument}"
    return localized(key) if key in MESSAGES else argument


def _names(text: str, separator: str) -> Localized:
    return listing(_name(name) for name in text.split(separator))


#: argparse's complaints (Python 3.11 to 3.13) and what each becomes.
_SHAPES: tuple[tuple[str, Callable[[re.Match[str]], Localized]], ...] = (
    (
        r"unrecognized arguments: (.*)",  # as typed, one after another
        lambda m: localized_for("usage.unrecognized", m[1].split(), arguments=listing([m[1]])),
    ),
    (
        r"the following arguments are required: (.*)",
        lambda m: localized_for("usage.required", m[1].split(", "), arguments=_names(m[1], ", ")),
    ),
    (
        r"one of the arguments (.*) is required",
        lambda m: localized("usage.one-of", arguments=_names(m[1], " ")),
    ),
    (
        r"ambiguous option: (.*?) could match (.*)",
        lambda m: localized("usage.ambiguous", option=m[1], matches=_names(m[2], ", ")),
    ),
    (
        r"invalid choice: (.*) \(choose from (.*)\)",
        lambda m: localized("usage.choice", value=m[1], choices=listing(m[2].split(", "))),
    ),
    (
        r"invalid (int|float) value: (.*)",
        lambda m: localized(f"usage.type.{m[1]}", value=m[2]),
    ),
    (r"invalid (.*?) value: (.*)", lambda m: localized("usage.type", type=m[1], value=m[2])),
    (r"expected one argument", lambda _: localized("usage.expected.one")),
    (r"expected at most one argument", lambda _: localized("usage.expected.at-most-one")),
    (r"expected at least one argument", lambda _: localized("usage.expected.at-least-one")),
    (r"expected (\d+) arguments?", lambda m: localized("usage.expected.count", count=m[1])),
    (r"ignored explicit argument (.*)", lambda m: localized("usage.explicit", value=m[1])),
    (r"not allowed with argument (.*)", lambda m: localized("usage.not-allowed", other=m[1])),
)


def _explain(message: str) -> str:
    """Return argparse's *message* (without its argument) in every language where we can."""
    for pattern, explain in _SHAPES:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found:
            return explain(found)
    return message


def _common(default: str | None) -> _Parser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default if default is not None else argparse.SUPPRESS,
        help="language of messages: ar (default) or en",
    )
    common.add_argument(
        "--max-input",
        metavar="MIB",
        type=_mebibytes,
        default=MAX_INPUT_BYTES if default is not None else argparse.SUPPRESS,
        help=f"read no input larger than this, in MiB (default: {size_text(MAX_INPUT_BYTES)}, "
        f"four times MediaWiki's article limit; at most {_MOST_INPUT_MIB})",
    )
    return common


_MOST_INPUT_MIB = 1024


def _mebibytes(text: str) -> int:
    """Return the ``--max-input`` value *text*, in MiB, as bytes."""
    return int(online.bounded_number(_MOST_INPUT_MIB, positive=True)(text) * 1024 * 1024)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every command."""
    # Subcommands take --lang too, without a default of their own, so that
    # `wikimaint --lang en parse x` and `wikimaint parse x --lang en` mean the same.
    common = _common(None)
    parser = _Parser(
        prog="wikimaint",
        description="Maintain Arabic Wikipedia articles: parse, check citations, "
        "regenerate infoboxes, run the bot.",
        parents=[_common(default_language())],
    )
    parser.add_argument("--version", action="version", version=f"wikimaint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    cmd = commands.add_parser(
        "parse", parents=[common], help="print an article's structured document as JSON"
    )
    cmd.add_argument("path", help="wikitext file, or - for standard input")
    cmd.add_argument("--title", help="the article title to record in the document")
    cmd.set_defaults(handler=_parse)

    cmd = commands.add_parser(
        "validate", parents=[common], help="check a JSON document against its schema"
    )
    cmd.add_argument("path", help="JSON file, or - for standard input")
    cmd.add_argument(
        "--schema", default="article", help="schema name: article (default), report, …"
    )
    add_json_limits(cmd)
    cmd.set_defaults(handler=_validate)

    cmd = commands.add_parser(
        "check",
        parents=[common],
        help="check an article's citations and archive links (same as citation-check)",
    )
    cmd.add_argument(
        "path", nargs="*", help="wikitext files (a report each), or - for standard input"
    )
    cmd.add_argument("--title", help="the article title (default: from the file name)")
    cmd.add_argument(
        "--format",
        choices=("text", "json", "html"),
        default="text",
        help="json: the report as JSON (one document a line for several files)",
    )
    cmd.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE (whole or not at all)"
    )
    cmd.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="error",
        help="exit 1 when a finding is this bad or worse (default: error)",
    )
    cmd.add_argument("--today", type=day, help="judge future dates against YYYY-MM-DD")
    cmd.add_argument("--rules", type=rule_ids, help="run only these rule ids (comma-separated)")
    cmd.add_argument("--skip-rules", type=rule_ids, default=[], help="do not run these rule ids")
    cmd.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    online.add_arguments(cmd)
    cmd.set_defaults(handler=_check)

    for module in COMMAND_MODULES:
        module.add_command(commands, common)
    return parser


def title_for_source(source: str) -> str | None:
    """Return the title of the article in *source*: from the file name, none for stdin."""
    from wikimaint.scan.inputs import title_for  # noqa: PLC0415 - see _parse

    return None if source == "<stdin>" else title_for(source)


def _dump(document: Any, stdout: IO[str]) -> None:
    json.dump(document, stdout, ensure_ascii=False, indent=2)
    stdout.write("\n")


# Each handler imports what it needs, so that a command starts without the rest (the whole
# check takes a fifth of a second to import); parsers and messages need none of it.
def _parse(args: argparse.Namespace, stdout: IO[str], _stderr: IO[str], stdin: Any) -> int:
    from wikimaint.schema.validators import validate  # noqa: PLC0415
    from wikimaint.wikitext.parse import parse  # noqa: PLC0415

    text, source = read_text(args.path, stdin, max_bytes=args.max_input)
    document = parse(text, title=args.title).to_dict()
    validate(document, what=source)
    _dump(document, stdout)
    return 0


def _validate(args: argparse.Namespace, stdout: IO[str], _stderr: IO[str], stdin: Any) -> int:
    from wikimaint.schema.validators import iter_errors, schema_names  # noqa: PLC0415

    names = schema_names()
    if args.schema not in names:
        raise UsageError(localized("usage.schema", name=repr(args.schema), names=listing(names)))
    document = read_json(args.path, stdin, **json_reading(args))
    errors = list(iter_errors(document, args.schema, lang=args.lang))
    source = "<stdin>" if args.path == "-" else args.path
    if not errors:
        stdout.write(message("validate.ok", args.lang, source=source) + "\n")
        return 0
    stdout.write(message("validate.violations", args.lang, source=source, count=len(errors)))
    stdout.write("\n")
    for pointer, text in errors:
        stdout.write(f"  {pointer or '/'}: {text}\n")
    return 1


def _check(args: argparse.Namespace, stdout: IO[str], stderr: IO[str], stdin: Any) -> int:
    from wikimaint.citations.check import check_citations, select_rules  # noqa: PLC0415
    from wikimaint.citations.precision import measured_precision  # noqa: PLC0415
    from wikimaint.citations.report import render_text  # noqa: PLC0415
    from wikimaint.citations.rules import RULES  # noqa: PLC0415
    from wikimaint.edit.plan import stopped_early  # noqa: PLC0415
    from wikimaint.schema.validators import validate  # noqa: PLC0415
    from wikimaint.wikitext.parse import parse  # noqa: PLC0415

    if args.list_rules:
        measured = measured_precision()["rules"]
        for rule in RULES.values():
            summary = rule.doc.splitlines()[0] if rule.doc else ""
            where = " (--online)" if rule.online else ""
            found = measured.get(rule.id, {})
            share = found.get("precision")
            right = f"{share:>5.0%} of {found['judged']:<3}" if share is not None else f"{'—':^12}"
            stdout.write(f"{rule.id:<32} {rule.severity:<8} {right} {summary}{where}\n")
        return 0
    live = online.live_options(args, stderr)
    if not args.path:
        raise UsageError(localized("usage.check-path"))
    select_rules(args.rules, args.skip_rules, online=live is not None)  # before any reading
    # every file, before any report
    texts = [read_text(path, stdin, max_bytes=args.max_input) for path in args.path]
    reports = [
        check_citations(
            parse(text, title=args.title or title_for_source(source)),
            today=args.today,
            rules=args.rules,
            skip=args.skip_rules,
            online=live,
        )
        for text, source in texts
    ]
    buffer = io.StringIO()
    out = buffer if args.output else stdout
    for found in reports:
        if args.format == "json":
            document = found.to_dict(args.lang)
            validate(document, "report", what="report")
            if len(reports) == 1:
                _dump(document, out)
            else:
                out.write(json.dumps(document, ensure_ascii=False) + "\n")
        elif args.format == "html":
            from wikimaint.reports.article import render_article_html  # noqa: PLC0415 - jinja2

            out.write(render_article_html(found, args.lang))
        else:
            colour = out.isatty() and "NO_COLOR" not in os.environ
            out.write(render_text(found, args.lang, colour=colour))
    if args.output:
        write_atomic(args.output, buffer.getvalue())
    for found in reports:
        early = stopped_early(found.online, args.lang)  # Ctrl-C, or the --deadline passed
        if early is not None:
            stdout.flush()
            stderr.write(early[0] + "\n")
            return early[1]
    return 1 if any(found.reaches(args.fail_on) for found in reports) else 0


def run(
    argv: Sequence[str],
    stdout: IO[str],
    stderr: IO[str],
    stdin: IO[bytes] | None = None,
) -> int:
    """Run the command *argv* with the given streams; return the exit code."""
    lang = _asked_language(argv)  # until the arguments are parsed, or if they cannot be
    try:
        with contextlib.redirect_stdout(stdout):  # --help and --version print to stdout
            args = build_parser().parse_args(list(argv))
        lang = args.lang
        code: int = args.handler(args, stdout, stderr, stdin)
    except SystemExit as done:  # --help, --version
        return int(done.code or 0)
    except (UsageError, UnknownRuleError) as error:
        detail = " ".join(_in(lang, error).splitlines())  # one line, whatever was typed
        stderr.write(message("error.usage", lang, detail=detail) + "\n")
        return 2
    except MissingPartError as error:
        stderr.write(message("error.missing-part", lang, detail=_in(lang, error)) + "\n")
        return 2
    except InputError as error:
        key = f"input.{error.reason}"
        text = message(key, lang, **error.fields) if key in MESSAGES else str(error)
        stderr.write(message("error.input", lang, detail=text) + "\n")
        return 2
    except OutputError as error:
        text = message(f"output.{error.reason}", lang, **error.fields)
        stderr.write(message("error.output", lang, detail=text) + "\n")
        return 2
    except FetchError as error:
        key = f"fetch.{error.reason}"
        reason = message(key, lang, detail=error.detail) if key in MESSAGES else error.reason
        stderr.write(message("error.fetch", lang, url=error.url, reason=reason) + "\n")
        return 2
    except SchemaValidationError as error:  # a document we made ourselves breaks its schema
        pointer, text = error.messages(lang)[0] if error.errors else ("", "")
        detail = message(
            "error.schema", lang, what=error.what, count=len(error.errors), pointer=pointer or "/"
        )
        stderr.write(message("error.input", lang, detail=f"{detail} {text}".rstrip()) + "\n")
        return 2
    except WikimaintError as error:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        stderr.write(message("error.input", lang, detail=detail) + "\n")
        return 2
    except BrokenPipeError:  # the reader went away (| head): nothing more to say
        return 141
    except KeyboardInterrupt:
        stderr.write(message("error.interrupted", lang) + "\n")
        return 130
    except Exception as error:  # noqa: BLE001 - the CLI never shows a traceback
        kind = type(error).__name__
        stderr.write(message("error.internal", lang, kind=kind, detail=error) + "\n")
        return 3
    return code


def _in(lang: str, error: Exception) -> str:
    """Return *error*'s message in *lang* where it knows it (a ``Localized``), else as it is."""
    first = error.args[0] if len(error.args) == 1 else None
    return localize(first, lang) if isinstance(first, Localized) else str(error)


_LANG_OPTION = re.compile(r"--l(?:a(?:ng?)?)?")  # argparse takes any unambiguous prefix


def _asked_language(argv: Sequence[str]) -> str:
    """Return the language *argv* asks for with ``--lang``, else :func:`default_language`.

    Read before argparse has a say, so that its complaints (``--lang`` itself among them)
    come in the language asked for. As for argparse, the last ``--lang`` wins; one with
    a language we do not speak is passed over.

    >>> _asked_language(["--lang", "en", "check", "--lan=ar", "x", "--lang", "fr"])
    'ar'
    """
    asked = default_language()
    words = list(itertools.takewhile(lambda word: word != "--", argv))
    for word, after in itertools.zip_longest(words, words[1:], fillvalue=""):
        option, equals, value = word.partition("=")
        if _LANG_OPTION.fullmatch(option):
            value = value if equals else after
            asked = value if value in LANGUAGES else asked
    return asked


def _utf8(stream: IO[str]) -> IO[str]:
    if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() != "utf-8":
        stream.reconfigure(encoding="utf-8")
    return stream


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``wikimaint`` with *argv* (default: the process arguments); return the exit code."""
    args = sys.argv[1:] if argv is None else argv
    return run(args, _utf8(sys.stdout), _utf8(sys.stderr), sys.stdin.buffer)


def citation_check_main(argv: Sequence[str] | None = None) -> int:
    """Run ``citation-check``: the same as ``wikimaint check``."""
    args = sys.argv[1:] if argv is None else argv
    return main(["check", *args])
