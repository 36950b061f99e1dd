"""Text from pages is neutralised on the terminal, kept as it is in JSON (issue 14)."""

from __future__ import annotations

import io
import json
import re
from typing import TYPE_CHECKING

import pytest

from wikimaint.cli.app import run
from wikimaint.terminal import printable

if TYPE_CHECKING:
    from pathlib import Path

# Right-to-left override, a pop, an isolate, an escape sequence that clears the screen,
# a carriage return that hides what came before, a C1 control.
HOSTILE = "\u202eأ\u202c\u2066ب\u2069\x1b[2J\r\x85"
DANGER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err, None)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / f"مقالة{HOSTILE}.wiki"
    path.write_text(
        f"نص.<ref>{{{{استشهاد ويب|مسار=https://a.iq/x|عنوان=عنوان{HOSTILE}"
        f"|تاريخ الوصول=أمس{HOSTILE}}}}}</ref>\n{{{{مراجع}}}}\n",
        "utf-8",
    )
    return path


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_text_report_shows_no_control_or_bidi_character(page: Path, lang: str) -> None:
    code, out, _ = call("check", "--lang", lang, str(page), "--fail-on", "never")
    assert code == 0
    assert "\\u202e" in out  # shown, not obeyed
    assert not DANGER.search(out), [m.group() for m in DANGER.finditer(out)]


def test_the_json_report_keeps_them(page: Path) -> None:
    code, out, _ = call("check", str(page), "--format", "json", "--fail-on", "never")
    assert code == 0
    document = json.loads(out)
    messages = " ".join(f["message"] for f in document["findings"])
    assert HOSTILE.rstrip("\r\x85") in messages  # the value, as read (trailing space stripped)


def test_the_bot_plan_shows_no_control_or_bidi_character(page: Path) -> None:
    code, out, err = call("bot", f"-wikitext:{page}", "--tasks", "archive-dates", "--lang", "en")
    assert (code, err) == (0, "")
    assert "\\u202e" in out
    assert not DANGER.search(out)


def test_printable_keeps_arabic_and_marks() -> None:
    text = "مقالة \u200eISBN\u200e ١٢٣\tنص"
    assert printable(text) == text
    assert printable("a\u202eb\x1bc") == "a\\u202eb\\x1bc"
    assert printable("سطر\nسطر") == "سطر\\x0aسطر"
    assert printable("سطر\nسطر", lines=True) == "سطر\nسطر"
