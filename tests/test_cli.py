"""The command line, run in-process with StringIO streams."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FEATURES, ROOT, TARGET
from wikimaint import cli, parse, validate
from wikimaint.cli import run


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

    monkeypatch.setattr(cli, "parse", lambda *_, **__: Broken())
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
