"""The command line, run in-process with StringIO streams."""

from __future__ import annotations

import argparse
import datetime as dt
import doctest
import importlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FEATURES, ROOT, TARGET
from wikimaint import i18n, parse, validate
from wikimaint.cli import app as cli
from wikimaint.cli.app import run
from wikimaint.errors import UsageError
from wikimaint.i18n import message


def call(*argv: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err, io.BytesIO(stdin) if stdin is not None else None)
    return code, out.getvalue(), err.getvalue()


def test_parse_prints_a_valid_document_with_arabic_unescaped() -> None:
    code, out, err = call("parse", str(TARGET))
    assert (code, err) == (0, "")
    document = json.loads(out)
    validate(document)
    assert document["title"] == "غارات جوية أمريكية على غرب العراق" or document["title"] is None
    assert "غارات أمريكية على العراق" in out  # not \\u-escaped


def test_parse_reads_standard_input() -> None:
    code, out, _ = call("parse", "-", "--title", "بغداد", stdin="'''بغداد''' [[العراق]]".encode())
    assert code == 0
    assert json.loads(out)["wikilinks"][0]["target"] == "العراق"


def test_validate_reports_every_violation_and_exits_1(tmp_path) -> None:
    good = tmp_path / "good.json"
    _, out, _ = call("parse", str(TARGET))
    good.write_text(out, "utf-8")
    assert call("validate", str(good))[0] == 0
    document = json.loads(out)
    document["title"] = 5
    del document["lead"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), "utf-8")
    code, out, _ = call("validate", "--lang", "en", str(bad))
    assert code == 1
    assert "2 schema violation(s)" in out
    assert "/title" in out and "'lead' is a required property" in out


def bad_article(tmp_path) -> str:
    document = parse(TARGET.read_text("utf-8")).to_dict()
    del document["lead"]
    document["title"] = 5
    document["surprise"] = True
    document["categories"] = "غارات جوية"
    path = tmp_path / "مقالة.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    return str(path)


VIOLATIONS = {
    "ar": [
        "{path}: 4 مخالفة للمخطط:",
        '  /: الخاصية "surprise" غير مسموح بها هنا',
        '  /: الخاصية المطلوبة "lead" غير موجودة',
        '  /categories: القيمة "غارات جوية" يجب أن تكون من النوع مصفوفة',
        "  /title: القيمة 5 يجب أن تكون من النوع نص أو فارغ",
    ],
    "en": [
        "{path}: 4 schema violation(s):",
        "  /: Additional properties are not allowed ('surprise' was unexpected)",
        "  /: 'lead' is a required property",
        "  /categories: 'غارات جوية' is not of type 'array'",
        "  /title: 5 is not of type 'string', 'null'",
    ],
}


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_validate_tells_violations_in_the_user_s_language_with_pointers(tmp_path, lang) -> None:
    path = bad_article(tmp_path)
    expected = [VIOLATIONS[lang][0].format(path=path), *VIOLATIONS[lang][1:]]
    for argv in (["validate", "--lang", lang, path], ["--lang", lang, "validate", path]):
        code, out, err = call(*argv)
        assert (code, err) == (1, "")
        assert out.splitlines() == expected
    code, out, _ = call("validate", "--lang", lang, "-", stdin=Path(path).read_bytes())
    assert code == 1 and out.splitlines()[1:] == expected[1:]


def test_validate_in_arabic_leaves_no_english_words(tmp_path) -> None:
    code, out, _ = call("validate", "--lang", "ar", bad_article(tmp_path))
    assert code == 1
    for line in out.splitlines()[1:]:
        words = line.split(": ", 1)[1]
        assert not re.search(r"\b(is|not|of|type|required|property|allowed)\b", words), line


def test_our_own_document_breaking_its_schema_is_one_line_in_the_user_s_language(
    monkeypatch,
) -> None:
    class Broken:
        def to_dict(self) -> dict:
            return {**parse("نص").to_dict(), "title": 5}

    # the handler imports parse when it runs: patched where it comes from
    parsing = importlib.import_module("wikimaint.wikitext.parse")
    monkeypatch.setattr(parsing, "parse", lambda *_, **__: Broken())
    code, out, err = call("parse", "--lang", "ar", "-", stdin="نص".encode())
    assert (code, out) == (2, "")
    assert err == (
        "خطأ في المدخلات: <stdin>: 1 مخالفة للمخطط، أولاها في /title:"
        " القيمة 5 يجب أن تكون من النوع نص أو فارغ\n"
    )
    code, _, err = call("parse", "--lang", "en", "-", stdin="نص".encode())
    assert code == 2
    assert err == (
        "input error: <stdin>: 1 schema violation(s), the first at /title:"
        " 5 is not of type 'string', 'null'\n"
    )


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_non_utf8_input_says_where_in_either_language(tmp_path, lang) -> None:
    path = tmp_path / "bad.wiki"
    path.write_bytes("سطر أول\nثاني ".encode() + b"\xff\xfe")
    code, out, err = call("--lang", lang, "parse", str(path))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    expected = "(السطر 2، العمود 6)" if lang == "ar" else "(line 2, column 6)"
    assert expected in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["parse", "/nonexistent/مقالة.wiki"], "الملف غير موجود"),
        (["parse", "/tmp"], "مجلد"),
        (["frobnicate"], "استعمال خاطئ"),
        (["check", "--rules", "no-such-rule", str(TARGET)], "no-such-rule"),
        (["check"], "استعمال خاطئ"),
        (["check", "--today", "أمس", str(TARGET)], "استعمال خاطئ"),
    ],
)
def test_input_and_usage_errors_exit_2_with_one_line(argv, needle) -> None:
    code, _, err = call(*argv)
    assert code == 2
    assert needle in err
    assert err.count("\n") == 1


def test_invalid_json_says_where(tmp_path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"title": ', "utf-8")
    code, _, err = call("--lang", "en", "validate", str(path))
    assert code == 2 and "not valid JSON at line 1, column 11" in err


def test_check_target_text_table() -> None:
    code, out, err = call("check", str(TARGET), "--today", "2026-11-24")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("«غارات جوية أمريكية على غرب العراق»")
    assert lines[1].startswith("[1] العراق يحذر") and lines[2].strip() == "✓ لا ملاحظات"
    assert lines[3].startswith("[2] العراق.. قصف امريكي")
    assert "missing-archive" in lines[4] and "27:" in lines[4]
    assert "\033[" not in out  # no colour when not a TTY


def test_check_json_report_validates_and_english_messages() -> None:
    code, out, _ = call(
        "check", "--format", "json", "--lang", "en", str(FEATURES), "--today", "2026-11-24"
    )
    report = json.loads(out)
    validate(report, "report")
    assert code == 1  # the undefined ref name is an error
    assert report["language"] == "en"
    rules = {f["rule"] for f in report["findings"]}
    assert {"undefined-ref-name", "bare-url", "date-arabic-indic-digits"} <= rules
    assert report["summary"]["by_severity"]["error"] == 1


@pytest.mark.parametrize(
    ("fail_on", "code"), [("error", 0), ("warning", 0), ("info", 1), ("never", 0)]
)
def test_fail_on(fail_on, code) -> None:
    assert call("check", "--fail-on", fail_on, str(TARGET))[0] == code


def test_rules_and_skip_rules() -> None:
    _, out, _ = call("check", "--format", "json", "--skip-rules", "missing-archive", str(TARGET))
    assert json.loads(out)["findings"] == []
    _, out, _ = call(
        "check", "--format", "json", "--rules", "bare-url,missing-archive", str(TARGET)
    )
    assert json.loads(out)["rules"] == ["bare-url", "missing-archive"]


def test_list_rules() -> None:
    code, out, _ = call("check", "--list-rules")
    assert code == 0
    assert "missing-archive" in out and "archive-url-mismatch" in out


def test_help_and_version() -> None:
    assert call("--help")[0] == 0
    assert call("--version")[0] == 0


def test_module_and_console_scripts_run() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wikimaint", "check", "--lang", "en", str(TARGET)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "missing-archive" in done.stdout
    assert (ROOT / "pyproject.toml").read_text().count("citation-check = ") == 1


# --- usage errors in the user's language ----------------------------------------------------

LRM = "\u200e"  # a LEFT-TO-RIGHT MARK on each side of an option name keeps its dashes in place


def ltr(text: str) -> str:
    return f"{LRM}{text}{LRM}"


def ar_list(*items: str) -> str:
    return "، ".join(ltr(item) for item in items)


def en_list(*items: str) -> str:
    return ", ".join(items)


FAIL_ON = ("'error'", "'warning'", "'info'", "'never'")
COMMANDS = (
    "'parse'", "'validate'", "'check'", "'bot'", "'fill-refs'", "'infobox'", "'report'", "'browse'",
    "'scan'",
)
STEPS = ("'extract'", "'validate'", "'render'", "'apply'")
TASK_NAMES = ("fill-refs", "archive", "save-snapshot", "archive-dates", "dead-links", "infobox")
SCHEMAS = (
    "article",
    "fill-refs",
    "infobox-data",
    "parameter-aliases",
    "report",
    "scan-finding",
    "template-aliases",
    "template-spec",
)

# (argv after --lang, the Arabic detail, the English detail, Latin words the Arabic may
# hold beyond what the user typed: option names it points to and the values to choose from)
USAGE_ERRORS: dict[str, tuple[list[str], str, str, str]] = {
    "unrecognized argument": (
        ["parse", "doc.wiki", "--frobnicate"],
        f"وسيط غير معروف: {ltr('--frobnicate')}",
        "unrecognized argument: --frobnicate",
        "",
    ),
    "unrecognized arguments": (
        ["parse", "doc.wiki", "--x", "y"],
        f"وسائط غير معروفة: {ltr('--x y')}",
        "unrecognized arguments: --x y",
        "",
    ),
    "no command": (
        [],
        "لم يُذكر وسيط مطلوب: الأمر",
        "the following arguments are required: command",
        "",
    ),
    "required argument missing": (
        ["parse"],
        "لم يُذكر وسيط مطلوب: مسار الملف",
        "the following arguments are required: path",
        "",
    ),
    "required arguments missing": (
        ["infobox", "apply"],
        "لم تُذكر وسائط مطلوبة: مسار الملف، ملف البيانات",
        "the following arguments are required: path, data",
        "",
    ),
    "no infobox step": (
        ["infobox"],
        "لم يُذكر وسيط مطلوب: الأمر الفرعي",
        "the following arguments are required: step",
        "",
    ),
    "invalid choice": (
        ["check", "doc.wiki", "--fail-on", "sometimes"],
        f"{ltr('--fail-on')}: 'sometimes' ليس من الخيارات المتاحة، وهي: {ar_list(*FAIL_ON)}",
        f"argument --fail-on: invalid choice: 'sometimes' (choose from {en_list(*FAIL_ON)})",
        "error warning info never",
    ),
    "unknown command": (
        ["frobnicate"],
        f"الأمر: 'frobnicate' ليس من الخيارات المتاحة، وهي: {ar_list(*COMMANDS)}",
        f"argument command: invalid choice: 'frobnicate' (choose from {en_list(*COMMANDS)})",
        "parse validate check bot fill-refs infobox report browse scan",
    ),
    "unknown infobox step": (
        ["infobox", "frob"],
        f"الأمر الفرعي: 'frob' ليس من الخيارات المتاحة، وهي: {ar_list(*STEPS)}",
        f"argument step: invalid choice: 'frob' (choose from {en_list(*STEPS)})",
        "extract validate render apply",
    ),
    "option without its value": (
        ["check", "doc.wiki", "--today"],
        f"{ltr('--today')}: يلزم أن تليه قيمة",
        "argument --today: expected one argument",
        "",
    ),
    "ambiguous option": (
        ["check", "doc.wiki", "--ti", "3"],
        f"الخيار {ltr('--ti')} مبهم، إذ يطابق أكثر من خيار: {ar_list('--title', '--timeout')}",
        "ambiguous option: --ti could match --title, --timeout",
        "title timeout",
    ),
    "value for a flag": (
        ["check", "doc.wiki", "--online=yes"],
        f"{ltr('--online')}: لا يأخذ قيمة، وقد أُعطي 'yes'",
        "argument --online: ignored explicit argument 'yes'",
        "",
    ),
    "--today": (
        ["check", "doc.wiki", "--today", "2024-13-01"],
        f"{ltr('--today')}: '2024-13-01' ليس تاريخًا على صيغة 2024-03-01 (السنة ثم الشهر ثم اليوم)",
        "argument --today: not a YYYY-MM-DD date: '2024-13-01'",
        "",
    ),
    "--allow-address": (
        ["check", "doc.wiki", "--online", "--allow-address", "10.0.0.300/8"],
        f"{ltr('--allow-address')}: '10.0.0.300/8' ليس عنوانًا ولا نطاقًا من العناوين (مثل 127.0.0.0/8)",
        "argument --allow-address: not an address or CIDR network: '10.0.0.300/8'",
        "",
    ),
    "--concurrency": (
        ["check", "doc.wiki", "--online", "--concurrency", "0"],
        f"{ltr('--concurrency')}: '0' ليس عددًا صحيحًا من 1 إلى 256",
        "argument --concurrency: not a whole number from 1 to 256: '0'",
        "",
    ),
    "--per-host": (
        ["check", "doc.wiki", "--online", "--per-host", "two"],
        f"{ltr('--per-host')}: 'two' ليس عددًا صحيحًا من 1 إلى 256",
        "argument --per-host: not a whole number from 1 to 256: 'two'",
        "",
    ),
    "--timeout": (
        ["check", "doc.wiki", "--online", "--timeout", "0"],
        f"{ltr('--timeout')}: '0' ليس عددًا أكبر من 0 ولا يزيد على 300",
        "argument --timeout: not a number greater than 0 and at most 300: '0'",
        "",
    ),
    "--delay": (
        ["check", "doc.wiki", "--online", "--delay", "nan"],
        f"{ltr('--delay')}: 'nan' ليس عددًا من 0 إلى 600",
        "argument --delay: not a number from 0 to 600: 'nan'",
        "",
    ),
    "--max-age": (
        ["check", "doc.wiki", "--online", "--max-age", "-3"],
        f"{ltr('--max-age')}: '-3' ليس عددًا من 0 إلى 3650",
        "argument --max-age: not a number from 0 to 3650: '-3'",
        "",
    ),
    "--wayback": (
        ["check", "doc.wiki", "--online", "--wayback", "ftp://archive.example"],
        f"{ltr('--wayback')}: 'ftp://archive.example' ليس عنوان ويب يبدأ بـ {ltr('http://')} أو {ltr('https://')}",
        "argument --wayback: not an http(s) URL: 'ftp://archive.example'",
        "http https",
    ),
    "--now": (
        ["check", "doc.wiki", "--online", "--now", "yesterday"],
        f"{ltr('--now')}: 'yesterday' ليس تاريخًا ووقتًا بصيغة ISO 8601 (مثل 2024-03-01T09:00:00+03:00)",
        "argument --now: not an ISO 8601 date and time (such as 2024-03-01T09:00:00+03:00): 'yesterday'",
        "ISO T",
    ),
    "an option that needs --online": (
        ["check", "doc.wiki", "--wayback", "http://127.0.0.1:1"],
        f"{ltr('--wayback')} لا يعمل إلا مع {ltr('--online')}",
        "--wayback needs --online",
        "online",
    ),
    "options that need --online": (
        ["check", "doc.wiki", "--state-db", "x.sqlite", "--max-age", "1"],
        f"{ar_list('--state-db', '--max-age')} لا تعمل إلا مع {ltr('--online')}",
        "--state-db, --max-age need --online",
        "online",
    ),
    "check without a path": (
        ["check"],
        "يلزم مسار ملف نص الويكي، أو - للقراءة من الدخل القياسي",
        "the path of a wikitext file (or -) is required",
        "",
    ),
    "an unknown rule": (
        ["check", "doc.wiki", "--rules", "no-such-rule"],
        f"قاعدة غير معروفة: {ltr('no-such-rule')}",
        "unknown rule(s): no-such-rule",
        "",
    ),
    "unknown rules": (
        ["check", "doc.wiki", "--skip-rules", "nope,bad"],
        f"قواعد غير معروفة: {ar_list('nope', 'bad')}",
        "unknown rule(s): nope, bad",
        "",
    ),
    "an unknown schema": (
        ["validate", "doc.json", "--schema", "nope"],
        f"لا مخطط باسم 'nope'؛ المخططات المتاحة: {ar_list(*SCHEMAS)}",
        f"unknown schema 'nope' (choose from {en_list(*SCHEMAS)})",
        "article fill refs data infobox parameter aliases report scan finding template spec",
    ),
    "article and data both from standard input": (
        ["infobox", "apply", "-", "-"],
        "لا يمكن أن تأتي المقالة والبيانات كلتاهما من الدخل القياسي",
        "the article and the data cannot both come from standard input",
        "",
    ),
    "an unknown task": (
        ["bot", "-wikitext:x.wiki", "--tasks", "archive,links"],
        f"{ltr('--tasks')}: مهمة غير معروفة: {ltr('links')}؛ المهام المتاحة: {ar_list(*TASK_NAMES)}",
        f"argument --tasks: unknown task(s) links; choose from {en_list(*TASK_NAMES)}",
        " ".join(TASK_NAMES),
    ),
    "unknown tasks": (
        ["bot", "-wikitext:x.wiki", "--tasks", "links,pages"],
        f"{ltr('--tasks')}: مهام غير معروفة: {ar_list('links', 'pages')}؛ المهام المتاحة: {ar_list(*TASK_NAMES)}",
        f"argument --tasks: unknown task(s) links, pages; choose from {en_list(*TASK_NAMES)}",
        " ".join(TASK_NAMES),
    ),
    "the bot's --today": (
        ["bot", "-wikitext:x.wiki", "--today", "أمس"],
        f"{ltr('--today')}: 'أمس' ليس تاريخًا على صيغة 2024-03-01 (السنة ثم الشهر ثم اليوم)",
        "argument --today: not a YYYY-MM-DD date: 'أمس'",
        "",
    ),
    "the bot's --allow-address": (
        ["bot", "-wikitext:x.wiki", "--allow-address", "localhost"],
        f"{ltr('--allow-address')}: 'localhost' ليس عنوانًا ولا نطاقًا من العناوين (مثل 127.0.0.0/8)",
        "argument --allow-address: not an address or CIDR network: 'localhost'",
        "",
    ),
    "the bot's --wayback": (
        ["bot", "-wikitext:x.wiki", "--wayback", "web.archive.org"],
        f"{ltr('--wayback')}: 'web.archive.org' ليس عنوان ويب يبدأ بـ {ltr('http://')} أو {ltr('https://')}",
        "argument --wayback: not an http(s) URL: 'web.archive.org'",
        "http https",
    ),
    "the infobox task without data": (
        ["bot", "-wikitext:x.wiki", "--tasks", "infobox"],
        f"المهمة infobox تحتاج إلى ملف بيانات يُعطى بـ {ltr('--infobox')}",
        "the infobox task needs --infobox DATA.json",
        "",
    ),
    "infobox data that is no object": (
        ["bot", "-wikitext:x.wiki", "--infobox", "list.json"],
        "list.json: يجب أن تكون بيانات صندوق المعلومات كائنًا من المفاتيح والقيم",
        "list.json: infobox data must be a JSON object",
        "",
    ),
    "-wikitext: and --save": (
        ["bot", "-wikitext:x.wiki", "--save"],
        f"{ltr('--save')} يحتاج إلى ويكي يحفظ فيه، أما {ltr('-wikitext:')} فيعرض ما سيتغير فحسب",
        "--save needs a wiki; -wikitext: only shows what would change",
        "",
    ),
    "-wikitext: and a wiki's pages": (
        ["bot", "-wikitext:x.wiki", "-page:س"],
        f"{ltr('-wikitext:')} يعمل دون ويكي، فاحذف: {ltr('-page:س')}",
        "-wikitext: runs without a wiki; drop -page:س",
        "",
    ),
    "-wikitext: without a path": (
        ["bot", "-wikitext:"],
        f"{ltr('-wikitext:')} يحتاج إلى مسار ملف، مثل {ltr('-wikitext:مقالة')}",
        "-wikitext: needs a path, e.g. -wikitext:article.wiki",
        "",
    ),
}

PREFIX = {"ar": "استعمال خاطئ: ", "en": "usage error: "}
LATIN_WORD = re.compile(r"[A-Za-z]+")
ARABIC_WORD = re.compile(r"[\u0600-\u06ff]+")


def foreign_words(line: str, typed: list[str], pattern: re.Pattern[str]) -> set[str]:
    """Return the words of *pattern*'s script in *line* that the user did not type."""
    return set(pattern.findall(line)) - set(pattern.findall(" ".join(typed)))


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """Return a working directory holding the files the usage errors name."""
    (tmp_path / "doc.json").write_text("{}", "utf-8")
    (tmp_path / "list.json").write_text("[1, 2]", "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WIKIMAINT_LANG", raising=False)
    return tmp_path


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("kind", list(USAGE_ERRORS))
def test_every_usage_error_is_one_line_in_the_user_s_language(workdir, kind, lang) -> None:
    argv, arabic, english, also = USAGE_ERRORS[kind]
    code, out, err = call("--lang", lang, *argv, stdin=b"")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.endswith("\n")
    assert err == PREFIX[lang] + (arabic if lang == "ar" else english) + "\n"
    if lang == "ar":
        assert foreign_words(err, argv, LATIN_WORD) <= set(LATIN_WORD.findall(also)), err
    else:
        assert not foreign_words(err, argv, ARABIC_WORD), err


@pytest.mark.parametrize("kind", ["invalid choice", "unknown command", "option without its value"])
def test_usage_errors_speak_the_language_asked_for_wherever_lang_is(workdir, kind) -> None:
    argv, arabic, english, _ = USAGE_ERRORS[kind]
    for before, after, detail in [
        (["--lang=en"], [], english),
        (["--lan", "en"], [], english),
        ([], ["--lang", "en"], english),
        (["--lang", "en"], ["--lang", "ar"], arabic),
        (["--lang", "ar"], ["--lang", "fr"], arabic),  # the last one we speak counts
    ]:
        code, _, err = call(*before, *argv, *after)
        expected = PREFIX["en" if detail == english else "ar"] + detail
        assert (code, err) == (2, expected + "\n"), (before, after)


@pytest.mark.parametrize(("env", "lang"), [(None, "ar"), ("en", "en"), ("ar", "ar")])
def test_a_language_we_do_not_speak_is_refused_in_the_default_one(monkeypatch, env, lang) -> None:
    if env is None:
        monkeypatch.delenv("WIKIMAINT_LANG", raising=False)
    else:
        monkeypatch.setenv("WIKIMAINT_LANG", env)
    expected = {
        "ar": f"{ltr('--lang')}: 'fr' ليس من الخيارات المتاحة، وهي: {ar_list(repr('ar'), repr('en'))}",
        "en": "argument --lang: invalid choice: 'fr' (choose from 'ar', 'en')",
    }
    for argv in (["--lang", "fr", "parse", "x"], ["parse", "x", "--lang", "fr"]):
        code, out, err = call(*argv)
        assert (code, out, err) == (2, "", PREFIX[lang] + expected[lang] + "\n")
    no_value = {
        "ar": f"{ltr('--lang')}: يلزم أن تليه قيمة",
        "en": "argument --lang: expected one argument",
    }
    code, _, err = call("parse", "x", "--lang")  # no language at all: the default one
    assert err == PREFIX[lang] + no_value[lang] + "\n"


def test_what_was_typed_on_two_lines_is_still_one(workdir) -> None:
    code, out, err = call("parse", "doc.wiki", "--x", "a\nb")
    assert (code, out) == (2, "")
    assert err == f"استعمال خاطئ: وسائط غير معروفة: {ltr('--x a b')}\n"


def _positional_names(parser) -> set[str]:
    names: set[str] = set()
    for action in parser._actions:
        if not action.option_strings:
            names.add(action.metavar or action.dest)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                names |= _positional_names(sub)
    return names


def test_every_positional_argument_has_a_name_in_arabic() -> None:
    names = _positional_names(cli.build_parser())
    assert names == {"command", "step", "path", "data", "directory", "SOURCE"}
    for name in names:
        assert ARABIC_WORD.search(message(f"argument.{name}", "ar")), name
        assert message(f"argument.{name}", "en") == name  # as argparse says it in English


def _odd_parser() -> argparse.ArgumentParser:
    """Return a parser with what ours lack: int, float and other types, nargs, exclusions."""
    parser = cli._Parser(prog="wikimaint")
    parser.add_argument("--lang", choices=("ar", "en"), default="ar")
    parser.add_argument("--count", type=int)
    parser.add_argument("--ratio", type=float)
    parser.add_argument("--when", type=dt.date.fromisoformat)
    parser.add_argument("--pair", nargs=2)
    parser.add_argument("--some", nargs="+")
    colour = parser.add_mutually_exclusive_group(required=True)
    colour.add_argument("--red", action="store_true")
    colour.add_argument("--blue", action="store_true")
    parser.set_defaults(handler=lambda *_: 0)
    return parser


ODD_ERRORS = {
    "an invalid int": (
        ["--red", "--count", "many"],
        f"{ltr('--count')}: 'many' ليس عددًا صحيحًا",
        "argument --count: invalid int value: 'many'",
    ),
    "an invalid float": (
        ["--red", "--ratio", "half"],
        f"{ltr('--ratio')}: 'half' ليس عددًا",
        "argument --ratio: invalid float value: 'half'",
    ),
    "an invalid value of another type": (
        ["--red", "--when", "then"],
        f"{ltr('--when')}: 'then' ليست قيمة صالحة هنا",
        "argument --when: invalid fromisoformat value: 'then'",
    ),
    "too few values": (
        ["--red", "--pair", "a"],
        f"{ltr('--pair')}: يلزم أن تليه قيم عددها 2",
        "argument --pair: expected 2 argument(s)",
    ),
    "no value where one or more are needed": (
        ["--red", "--some"],
        f"{ltr('--some')}: يلزم أن تليه قيمة واحدة على الأقل",
        "argument --some: expected at least one argument",
    ),
    "two options that exclude each other": (
        ["--red", "--blue"],
        f"{ltr('--blue')}: لا يجتمع مع {ltr('--red')}",
        "argument --blue: not allowed with argument --red",
    ),
    "neither of two options one of which is needed": (
        [],
        f"يلزم ذكر واحد من هذه: {ar_list('--red', '--blue')}",
        "one of the arguments --red, --blue is required",
    ),
}


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("kind", list(ODD_ERRORS))
def test_argparse_complaints_our_commands_cannot_make_yet(monkeypatch, kind, lang) -> None:
    monkeypatch.setattr(cli, "build_parser", _odd_parser)
    assert call("--red")[0] == 0
    argv, arabic, english = ODD_ERRORS[kind]
    code, out, err = call("--lang", lang, *argv)
    assert (code, out) == (2, "")
    assert err == PREFIX[lang] + (arabic if lang == "ar" else english) + "\n"
    if lang == "ar":
        assert foreign_words(err, argv, LATIN_WORD) <= {"red", "blue"}, err


class _Generators:
    """Stands for ``pywikibot.pagegenerators``: knows ``-page:`` only, and makes no pages."""

    class GeneratorFactory:
        def __init__(self, site: object) -> None:
            self.site = site
            self.gens: list[object] = []

        def handle_arg(self, arg: str) -> bool:
            return arg.startswith("-page:")

        def getCombinedGenerator(self, *, preload: bool) -> None:
            assert preload


BOT_ERRORS = {
    "an argument the bot does not know": (
        ["-page:س", "-frob"],
        f"وسيط لا يعرفه البوت: {ltr('-frob')}",
        "unknown argument(s) for the bot: -frob",
    ),
    "arguments the bot does not know": (
        ["-frob", "-nix:ص"],
        f"وسائط لا يعرفها البوت: {ar_list('-frob', '-nix:ص')}",
        "unknown argument(s) for the bot: -frob, -nix:ص",
    ),
    "no pages": (
        [],
        "لا صفحات يعمل عليها البوت: اذكر "
        + " أو ".join(
            ltr(f"-{option}:{what}")
            for option, what in [
                ("page", "عنوان"),
                ("cat", "تصنيف"),
                ("file", "قائمة"),
                ("xml", "تفريغ"),
                ("wikitext", "مسار"),
            ]
        ),
        "no pages: give -page:TITLE, -cat:NAME, -file:LIST, -xml:DUMP or -wikitext:PATH",
    ),
}


@pytest.mark.parametrize("kind", list(BOT_ERRORS))
def test_the_bot_s_own_usage_errors_on_a_wiki_speak_both_languages(kind) -> None:
    wiki = importlib.import_module("wikimaint.bot.wiki")  # late: imports pywikibot
    argv, arabic, english = BOT_ERRORS[kind]
    with pytest.raises(UsageError) as raised:
        wiki._generator(_Generators, None, argv)
    assert cli._in("ar", raised.value) == arabic
    assert cli._in("en", raised.value) == english
    hinted = {"page", "cat", "file", "xml", "wikitext"}  # the options it points to
    assert foreign_words(arabic, argv, LATIN_WORD) <= hinted


def test_a_complaint_of_unknown_shape_stays_as_argparse_says_it() -> None:
    with pytest.raises(UsageError) as raised:
        cli._Parser(prog="x").error("something new in a later Python")
    assert raised.value.args == ("something new in a later Python",)


def test_the_messages_examples_run() -> None:
    assert doctest.testmod(i18n).failed == 0
    assert doctest.testmod(cli).failed == 0


def test_a_bad_option_in_a_real_process_is_exit_2_in_arabic_without_a_traceback(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIKIMAINT")}
    done = subprocess.run(
        [sys.executable, "-m", "wikimaint", "check", str(TARGET), "--fail-on", "sometimes"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=tmp_path,
        env=env | {"PYTHONPATH": str(ROOT / "src")},
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [PREFIX["ar"] + USAGE_ERRORS["invalid choice"][1]]
