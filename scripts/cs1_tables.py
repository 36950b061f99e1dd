r"""Generate wikimaint's citation-module data files from the Lua tables of Module:Citation/CS1.

The parameter whitelist and the date formats that ``citation-check`` follows are facts held
in the citation modules' own tables: ``Module:Citation/CS1/Whitelist`` (``basic_arguments``,
``numbered_arguments``, ``limited_*``, ``preprint_arguments``, ``unique_arguments``),
``Module:Citation/CS1/Date_validation`` (``patterns``) and
``Module:Citation/CS1/Configuration`` (``date_names``). This script reads those tables from
the Lua source given on the command line (a module file, or a file holding just the tables)
and writes them as JSON under ``src/wikimaint/data/`` with where they came from::

    python scripts/cs1_tables.py --whitelist Whitelist.lua --dates Date_validation.lua \\
        --config Configuration.lua --repository OWNER/NAME --commit SHA [--check]

``--check`` compares instead of writing (exit 1 when a data file would change). Lua
patterns are kept as written and translated to Python regular expressions beside them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "wikimaint" / "data"

# check_date() in Date_validation tries the patterns in this order (an elseif chain).
CHECK_ORDER = (
    "ymd", "Mdy", "Md-dy", "dMy", "d-dMy", "dM-dMy", "Md-Mdy", "dMy-dMy", "Mdy-Mdy",
    "Sy4-y2", "Sy-y", "My-My", "M-My", "My", "y-y", "y4-y2", "y",
)  # fmt: skip

_TOKEN = re.compile(
    r"""\s+|--\[(=*)\[.*?\]\1\]|--[^\n]*|\[(=*)\[(?P<long>.*?)\]\2\]"""
    r"""|'(?P<sq>(?:\\.|[^'\\])*)'|"(?P<dq>(?:\\.|[^"\\])*)"|(?P<num>-?\d+(?:\.\d+)?)"""
    r"""|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<punct>[{}\[\]=,;()])""",
    re.DOTALL,
)


def _tokens(source: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            out.append(("other", source[pos]))
            pos += 1
            continue
        pos = match.end()
        if match["sq"] is not None or match["dq"] is not None:
            raw = match["sq"] if match["sq"] is not None else match["dq"]
            out.append(("str", _unescape(raw)))
        elif match["long"] is not None:
            out.append(("str", match["long"]))
        elif match["num"] is not None:
            out.append(("num", float(match["num"]) if "." in match["num"] else int(match["num"])))
        elif match["name"] is not None:
            out.append(("name", match["name"]))
        elif match["punct"] is not None:
            out.append(("p", match["punct"]))
    return out


def _unescape(raw: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), raw)


class _Parser:
    """Reads Lua table constructors (strings, numbers, booleans, nested tables)."""

    def __init__(self, tokens: list[tuple[str, Any]], start: int) -> None:
        self.tokens, self.pos = tokens, start

    def take(self) -> tuple[str, Any]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def peek(self, offset: int = 0) -> tuple[str, Any]:
        return self.tokens[self.pos + offset] if self.pos + offset < len(self.tokens) else ("", "")

    def value(self) -> Any:
        kind, text = self.take()
        if kind in {"str", "num"}:
            return text
        if kind == "name" and text in {"true", "false", "nil"}:
            return {"true": True, "false": False, "nil": None}[text]
        if (kind, text) == ("p", "{"):
            return self.table()
        raise ValueError(f"unsupported Lua value {text!r} (a function call or expression)")

    def table(self) -> dict[Any, Any] | list[Any]:
        items: dict[Any, Any] = {}
        array: list[Any] = []
        while self.peek() != ("p", "}"):
            if self.peek() == ("p", "["):
                self.take()
                key = self.value()
                self.take()  # ]
                self.take()  # =
                items[key] = self.value()
            elif self.peek()[0] == "name" and self.peek(1) == ("p", "="):
                key = self.take()[1]
                self.take()
                items[key] = self.value()
            else:
                array.append(self.value())
            if self.peek() in {("p", ","), ("p", ";")}:
                self.take()
        self.take()
        if not items:
            return array
        return {**dict(enumerate(array, 1)), **items}


def lua_tables(source: str, *names: str) -> dict[str, Any]:
    """Return the tables assigned to ``local NAME = {…}`` for each of *names* in *source*."""
    tokens = _tokens(source)
    found: dict[str, Any] = {}
    for i, token in enumerate(tokens[:-3]):
        named = token == ("name", "local") and tokens[i + 1][0] == "name"
        opens = tokens[i + 2 : i + 4] == [("p", "="), ("p", "{")]
        if named and opens and tokens[i + 1][1] in names:
            found[tokens[i + 1][1]] = _Parser(tokens, i + 4).table()
    missing = [n for n in names if n not in found]
    if missing:
        raise ValueError(f"no table {', '.join(missing)} in the Lua source")
    return found


_LUA_CLASS = {"d": "0-9", "D": "^0-9", "a": r"^\W\d_", "s": r"\s", "S": r"\S", "w": r"^\W_"}


def lua_pattern_to_regex(pattern: str) -> str:
    """Return the Python regular expression for a Lua (mw.ustring) pattern.

    ``%a`` is any letter, as ``mw.ustring`` reads it; ``-`` after an item is the lazy ``*?``.
    """
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "%":
            nxt = pattern[i + 1]
            cls = _LUA_CLASS.get(nxt)
            out.append(f"[{cls}]" if cls else _literal(nxt))
            i += 2
        elif ch == "[":
            end = i + 1
            body: list[str] = []
            if pattern[end] == "^":
                body.append("^")
                end += 1
            while pattern[end] != "]":
                if pattern[end] == "%":
                    cls = _LUA_CLASS.get(pattern[end + 1])
                    body.append(cls.lstrip("^") if cls and not cls.startswith("^") else "")
                    if cls is None:
                        body.append(_literal(pattern[end + 1]))
                    elif cls.startswith("^"):
                        raise ValueError(f"negated class inside a set in {pattern!r}")
                    end += 2
                else:
                    body.append(pattern[end] if pattern[end] == "-" else _literal(pattern[end]))
                    end += 1
            out.append("[" + "".join(body) + "]")
            i = end + 1
        elif ch == "-" and out:
            out.append("*?")
            i += 1
        elif ch in "^$()*+?.":
            out.append(ch)
            i += 1
        else:
            out.append(_literal(ch))
            i += 1
    return "".join(out)


def _literal(ch: str) -> str:
    return "\\" + ch if ch in ".^$*+?{}[]\\|()-" else ch


def _source(args: argparse.Namespace, module: str, path: str) -> dict[str, str]:
    return {
        "module": module,
        "repository": args.repository,
        "path": path,
        "commit": args.commit_for.get(module, args.commit),
    }


def whitelist_data(source: str, args: argparse.Namespace) -> dict[str, Any]:
    """Return the whitelist JSON document from the Whitelist module's Lua source."""
    tables = lua_tables(
        source,
        "basic_arguments",
        "numbered_arguments",
        "limited_basic_arguments",
        "limited_numbered_arguments",
        "preprint_arguments",
        "unique_arguments",
    )
    return {
        "$comment": (
            "Generated by scripts/cs1_tables.py from the tables of Module:Citation/CS1/Whitelist: "
            "true = supported, false = deprecated but still supported, 'tracked' = supported and "
            "tracked; a name absent is not supported. '#' stands for a number. Do not edit by hand."
        ),
        "source": _source(args, "Module:Citation/CS1/Whitelist", args.whitelist_path),
        "basic": tables["basic_arguments"],
        "numbered": tables["numbered_arguments"],
        "limited_basic": tables["limited_basic_arguments"],
        "limited_numbered": tables["limited_numbered_arguments"],
        "preprint": tables["preprint_arguments"],
        "unique": tables["unique_arguments"],
    }


def dates_data(dates_source: str, config_source: str, args: argparse.Namespace) -> dict[str, Any]:
    """Return the date-format JSON document from Date_validation's and Configuration's tables."""
    patterns = lua_tables(dates_source, "patterns")["patterns"]
    names = lua_tables(config_source, "date_names")["date_names"]
    ordered = []
    for key in CHECK_ORDER:
        entry = patterns[key]
        lua = entry[0]
        ordered.append(
            {"id": key, "lua": lua, "regex": lua_pattern_to_regex(lua), "captures": entry[1:]}
        )
    return {
        "$comment": (
            "Generated by scripts/cs1_tables.py from Module:Citation/CS1/Date_validation "
            "(patterns, in check_date()'s order) and Module:Citation/CS1/Configuration "
            "(date_names['en']). Do not edit by hand."
        ),
        "sources": [
            _source(args, "Module:Citation/CS1/Date_validation", args.dates_path),
            _source(args, "Module:Citation/CS1/Configuration", args.config_path),
        ],
        "patterns": ordered,
        "date_names": names["en"],
    }


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) the generated data files; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--whitelist", type=Path, required=True)
    parser.add_argument("--dates", type=Path, required=True)
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--repository", required=True, help="owner/name the Lua came from")
    parser.add_argument("--commit", required=True, help="the commit the Lua came from")
    parser.add_argument(
        "--commit-for", action="append", default=[], metavar="MODULE=SHA",
        help="a different commit for one module (e.g. Date_validation=…)",
    )  # fmt: skip
    parser.add_argument("--whitelist-path", default="Module/Citation/CS1/Whitelist.lua")
    parser.add_argument("--dates-path", default="Module/Citation/CS1/Date_validation.lua")
    parser.add_argument("--config-path", default="Module/Citation/CS1/Configuration.lua")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    args.commit_for = {
        f"Module:Citation/CS1/{k}": v for k, v in (item.split("=", 1) for item in args.commit_for)
    }
    documents = {
        "cs1_whitelist.json": whitelist_data(args.whitelist.read_text("utf-8"), args),
        "cs1_dates.json": dates_data(
            args.dates.read_text("utf-8"), args.config.read_text("utf-8"), args
        ),
    }
    status = 0
    for name, document in documents.items():
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        target = DATA / name
        if args.check:
            if not target.exists() or target.read_text("utf-8") != text:
                print(f"{target} is out of date", file=sys.stderr)
                status = 1
        else:
            target.write_text(text, "utf-8")
            print(f"wrote {target}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
