"""Offline citation rules: each one firing, and silent on the nearest correct case."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from conftest import TARGET, TARGET_TITLE, corpus_params, read

if TYPE_CHECKING:
    from pathlib import Path

from wikimaint import i18n, parse, validate
from wikimaint.citations.check import check_citations, select_rules
from wikimaint.citations.rules import RULES

TODAY = dt.date(2026, 11, 24)
GOOD = "{{استشهاد ويب|مسار=https://www.france24.com/ar/a|عنوان=العراق يحذر|تاريخ=24 يناير 2024|تاريخ الوصول=2024-01-25"
WAYBACK = "https://web.archive.org/web/20240124120530/https://www.france24.com/ar/a"
ARCHIVED = GOOD + f"|مسار أرشيف={WAYBACK}|تاريخ أرشيف=2024-01-24}}}}"


def ref(body: str) -> str:
    return f"نص المقالة.<ref>{body}</ref>\n== مصادر ==\n{{{{مراجع}}}}\n"


def findings(text: str, rule: str) -> list[tuple[str, int | None]]:
    report = check_citations(parse(text), today=TODAY, rules=[rule])
    return [(f.severity, f.citation) for f in report.findings]


CASES = [
    # (rule, wikitext, expected [(severity, citation)])
    ("missing-title", ref("{{استشهاد ويب|مسار=https://x.iq/a|تاريخ الوصول=2024-01-25}}"), [("error", 1)]),
    ("missing-title", ref(ARCHIVED), []),
    ("missing-title", ref("{{Cite web|url=https://x.iq/a|trans-title=Iraq warns}}"), []),
    ("missing-title", ref("{{استشهاد بويكي بيانات|Q42|ص=5}}"), []),
    ("missing-url", ref("{{استشهاد ويب|عنوان=العراق يحذر|موقع=france24}}"), [("error", 1)]),
    ("missing-url", ref("{{استشهاد بخبر|عنوان=قصف امريكي|صحيفة=الصباح|تاريخ=24 يناير 2024}}"), []),
    ("missing-url", ref(ARCHIVED), []),
    ("missing-url", ref("{{استشهاد بكتاب|عنوان=تاريخ العراق|سنة=1985}}"), []),
    ("missing-access-date", ref("{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ}}"), [("warning", 1)]),
    ("missing-access-date", ref(ARCHIVED), []),
    ("missing-access-date", ref("{{استشهاد بكتاب|عنوان=تاريخ العراق|سنة=1985}}"), []),
    ("invalid-date", ref(GOOD + "|تاريخ أرشيف=31 فبراير 2024}}"), [("error", 1)]),
    ("invalid-date", ref("{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ=23–24 يناير 2024}}"), []),
    ("invalid-date", ref("{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ الوصول=23–24 يناير 2024}}"), [("error", 1)]),
    ("invalid-date", ref("{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ=15 رمضان 1445}}"), [("error", 1)]),
    ("invalid-date", ref("{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ=كانون الثاني 2020|تاريخ الوصول=2022-7-19}}"), []),
    ("invalid-date", ref(ARCHIVED), []),
    ("date-arabic-indic-digits", ref("{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ=١٢ أغسطس ٢٠١٢}}"), [("warning", 1)]),
    ("date-arabic-indic-digits", ref("{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ=12 أغسطس 2012}}"), []),
    ("future-date", ref("{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ الوصول=2099-01-01}}"), [("error", 1)]),
    ("future-date", ref("{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ=ديسمبر 2026}}"), [("warning", 1)]),
    ("future-date", ref("{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ=2028}}"), [("error", 1)]),
    ("future-date", ref("{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ=نوفمبر 2026|تاريخ الوصول=2026-11-24}}"), []),
    ("access-date-before-publication", ref("{{استشهاد بخبر|مسار=https://x.iq|عنوان=أ|تاريخ=24 يناير 2024|تاريخ الوصول=2023-01-28}}"), [("warning", 1)]),
    ("access-date-before-publication", ref("{{استشهاد بخبر|مسار=https://x.iq|عنوان=أ|تاريخ=24 يناير 2024|تاريخ الوصول=2024-01-24}}"), []),
    ("access-date-before-publication", ref("{{استشهاد بخبر|مسار=https://x.iq|عنوان=أ|تاريخ=يناير 2024|تاريخ الوصول=2024-01-10}}"), []),
    ("missing-archive", ref(GOOD + "}}"), [("info", 1)]),
    ("missing-archive", ref(ARCHIVED), []),
    ("missing-archive", ref(GOOD + "}} {{Webarchive|url=" + WAYBACK + "|date=2024-01-24}}"), []),
    ("missing-archive", ref("{{استشهاد بكتاب|عنوان=تاريخ العراق|سنة=1985}}"), []),
    ("archive-date-missing", ref(GOOD + f"|مسار أرشيف={WAYBACK}}}}}"), [("error", 1)]),
    ("archive-date-missing", ref(ARCHIVED), []),
    ("archive-url-missing", ref(GOOD + "|تاريخ أرشيف=2024-01-24}}"), [("warning", 1)]),
    ("archive-url-missing", ref(ARCHIVED), []),
    ("archive-invalid", ref(GOOD + "|مسار أرشيف=https://web.archive.org/web/*/https://www.france24.com/ar/a|تاريخ أرشيف=2024-01-24}}"), [("error", 1)]),
    ("archive-invalid", ref(GOOD + "|مسار أرشيف=https://web.archive.org/web/https://www.france24.com/ar/a|تاريخ أرشيف=2024-01-24}}"), [("error", 1)]),
    ("archive-invalid", ref(GOOD + "|مسار أرشيف=https://www.example-copies.org/a|تاريخ أرشيف=2024-01-24}}"), [("warning", 1)]),
    ("archive-invalid", ref(GOOD + "|مسار أرشيف=https://web.archive.org/web/19950101000000/https://www.france24.com/ar/a|تاريخ أرشيف=1995-01-01}}"), [("warning", 1)]),
    ("archive-invalid", ref(GOOD + "|مسار أرشيف=https://web.archive.org/web/20990101000000/https://www.france24.com/ar/a|تاريخ أرشيف=2099-01-01}}"), [("warning", 1)]),
    ("archive-invalid", ref(ARCHIVED), []),
    ("archive-invalid", ref(GOOD + "|مسار أرشيف=https://archive.ph/AbCd1|تاريخ أرشيف=2024-01-24}}"), []),
    ("archive-invalid", ref(GOOD + "|مسار أرشيف=http://www.webcitation.org/69rYPjwRN|تاريخ أرشيف=2012-08-12}}"), []),
    ("archive-date-mismatch", ref(GOOD + f"|مسار أرشيف={WAYBACK}|تاريخ أرشيف=2024-02-24}}}}"), [("warning", 1)]),
    ("archive-date-mismatch", ref(GOOD + f"|مسار أرشيف={WAYBACK}|تاريخ أرشيف=2024-01-25}}}}"), []),
    ("archive-date-mismatch", ref(GOOD + f"|مسار أرشيف={WAYBACK}|تاريخ أرشيف=24 يناير 2024}}}}"), []),
    ("archive-url-mismatch", ref(GOOD + "|مسار أرشيف=https://web.archive.org/web/20240124120530/https://www.bbc.com/arabic|تاريخ أرشيف=2024-01-24}}"), [("warning", 1)]),
    ("archive-url-mismatch", ref(GOOD + "|مسار أرشيف=https://web.archive.org/web/20240124120530/https://www.france24.com/ar/b|تاريخ أرشيف=2024-01-24}}"), [("info", 1)]),
    ("archive-url-mismatch", ref(ARCHIVED), []),
    ("archive-url-mismatch", ref(GOOD + "|مسار أرشيف=https://web.archive.org/web/20240124120530/http://france24.com:80/ar/a/#top|تاريخ أرشيف=2024-01-24}}"), []),
    ("archive-url-mismatch", ref("{{استشهاد ويب|مسار=https://www.france24.com/ar/الشرق-الأوسط|عنوان=أ|مسار أرشيف=https://web.archive.org/web/20240124120530/https://www.france24.com/ar/%D8%A7%D9%84%D8%B4%D8%B1%D9%82-%D8%A7%D9%84%D8%A3%D9%88%D8%B3%D8%B7|تاريخ أرشيف=2024-01-24}}"), []),
    ("archive-url-mismatch", ref("{{استشهاد ويب|مسار=http://www.capmas.gov.eg/a|عنوان=أ|مسار أرشيف=https://web.archive.org/web/20181101175745/http://www.webcitation.org/69rYPjwRN|تاريخ أرشيف=1 نوفمبر 2018}}"), []),
    ("archive-in-url", ref(f"{{{{استشهاد ويب|مسار={WAYBACK}|عنوان=أ|تاريخ=24 يناير 2024}}}}"), [("warning", 1)]),
    ("archive-in-url", ref(ARCHIVED), []),
    ("archive-service-dead", ref(GOOD + "|مسار أرشيف=http://www.webcitation.org/69rYPjwRN|تاريخ أرشيف=2012-08-12}}"), [("warning", 1)]),
    ("archive-service-dead", ref("{{استشهاد ويب|مسار=http://www.capmas.gov.eg/a|عنوان=أ|مسار أرشيف=https://web.archive.org/web/20181101175745/http://www.webcitation.org/69rYPjwRN|تاريخ أرشيف=1 نوفمبر 2018}}"), []),
    ("bare-url", ref("https://www.france24.com/ar/a"), [("warning", 1)]),
    ("bare-url", ref("[https://www.france24.com/ar/a العراق يحذر]"), []),
    ("bare-url", ref("[https://www.france24.com/ar/a]"), [("warning", 1)]),
    ("titled-link", ref("[https://www.france24.com/ar/a العراق يحذر]"), [("info", 1)]),
    ("titled-link", ref("https://www.france24.com/ar/a"), []),
    ("bare-url", ref("https://x.iq/a {{Webarchive|url=" + WAYBACK + "|date=2024-01-24}}"), [("warning", 1)]),
    ("bare-url", ref("عبد الجبار ناجي، تاريخ المكتبات في العراق، ص 44."), []),
    ("bare-url", ref(ARCHIVED), []),
    ("duplicate-citation", "أ<ref>" + GOOD + "}}</ref> ب<ref>{{استشهاد ويب|مسار=http://france24.com/ar/a/|عنوان=أ}}</ref>{{مراجع}}", [("warning", 2)]),
    ("duplicate-citation", 'أ<ref name="f">' + GOOD + '}}</ref> ب<ref name="f" />{{مراجع}}', []),
    ("duplicate-citation", "أ<ref>{{استشهاد بكتاب|مسار=https://books.google.com/b?id=1|عنوان=ك|صفحة=5}}</ref> ب<ref>{{استشهاد بكتاب|مسار=https://books.google.com/b?id=1|عنوان=ك|صفحة=9}}</ref>{{مراجع}}", []),
    ("undefined-ref-name", 'نص<ref name="france24" />{{مراجع}}', [("error", 1)]),
    ("undefined-ref-name", 'نص<ref name="f" />\n<references>\n<ref name="f">' + GOOD + "}}</ref>\n</references>", []),
    ("conflicting-ref-name", 'أ<ref name="f">أ</ref> ب<ref name="f">ب</ref>{{مراجع}}', [("error", 1)]),
    ("conflicting-ref-name", 'أ<ref name="f">أ</ref> ب<ref name="f"> أ </ref>{{مراجع}}', []),
    ("no-references-list", "نص.<ref>" + GOOD + "}}</ref>", [("warning", 1)]),
    ("no-references-list", 'نص.<ref group="ملاحظة">تقدير</ref>{{مراجع}}', [("error", 1)]),
    ("no-references-list", 'نص.<ref group="ملاحظة">تقدير</ref>{{مراجع|مجموعة=ملاحظة}}', []),
    ("no-references-list", "نص.<ref>" + GOOD + "}}</ref>\n<references />", []),
    ("no-references-list", "نص.<ref>" + GOOD + "}}</ref>\n{{Reflist}}", []),
    ("no-references-list", "نص بلا مراجع.", []),
    ("unknown-parameter", ref(GOOD + "|عبر الارشيف=نعم}}"), [("warning", 1)]),
    ("unknown-parameter", ref(GOOD + "|نص زائد}}"), [("warning", 1)]),
    ("unknown-parameter", ref("{{استشهاد ويب|url=https://x.iq|title=أ|accessdate=2023-2-16|موقع=اليوم السابع|لغة=ar|url-status=dead|}}"), []),
    ("unknown-parameter", ref("{{استشهاد بدورية محكمة|vauthors=Landa RJ|pmid=18253102|doi-access=free|عنوان=أ|الأخير2=ب}}"), []),
    ("duplicate-parameter", ref("{{استشهاد ويب|url=https://x.iq/a|مسار=https://x.iq/b|عنوان=أ}}"), [("warning", 1)]),
    ("duplicate-parameter", ref(ARCHIVED), []),
    ("invalid-url", ref("{{استشهاد ويب|مسار=www.france24.com/ar|عنوان=أ}}"), [("error", 1)]),
    ("invalid-url", ref(ARCHIVED), []),
    ("invalid-url", ref("{{استشهاد ويب|مسار=//www.france24.com/ar|عنوان=أ}}"), []),
    ("dead-link-tagged", "نص<ref>" + GOOD + "}}</ref>{{وصلة مكسورة|تاريخ=ديسمبر 2024}}{{مراجع}}", [("warning", 1)]),
    ("dead-link-tagged", ref(GOOD + "|url-status=dead}}"), [("warning", 1)]),
    ("dead-link-tagged", ref(GOOD + f"|مسار أرشيف={WAYBACK}|تاريخ أرشيف=2024-01-24|url-status=dead}}}}"), [("info", 1)]),
    ("dead-link-tagged", ref(GOOD + "|url-status=live}}"), []),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "text", "expected"), CASES)
def test_rule(rule: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert findings(text, rule) == expected


def test_every_rule_has_a_firing_and_a_silent_case() -> None:
    firing = {rule for rule, _, expected in CASES if expected}
    silent = {rule for rule, _, expected in CASES if not expected}
    offline = {r.id for r in RULES.values() if not r.online}
    assert offline <= firing
    assert offline <= silent


def test_every_rule_speaks_both_languages_and_documents_itself() -> None:
    for rule in RULES.values():
        texts = i18n.MESSAGES[f"rule.{rule.id}"]
        assert texts["ar"].strip() and texts["en"].strip(), rule.id
        assert any("\u0600" <= ch <= "\u06ff" for ch in texts["ar"]), rule.id
        assert rule.doc, rule.id
        assert any("\u0600" <= ch <= "\u06ff" for ch in rule.example), rule.id


def fixes(text: str, rule: str) -> list[list[tuple[str, str, str | None]]]:
    report = check_citations(parse(text), today=TODAY, rules=[rule])
    return [
        [(c.key, c.name, c.value) for c in f.fix.changes] if f.fix else [] for f in report.findings
    ]


def test_archive_date_fix_is_written_in_the_articles_style() -> None:
    # The article writes dates as «24 يناير 2024»: the new archive date follows.
    text = ref(GOOD + f"|مسار أرشيف={WAYBACK}}}}}")
    assert fixes(text, "archive-date-missing") == [
        [("archive-date", "تاريخ أرشيف", "24 يناير 2024")]
    ]
    english = ref(
        f"{{{{Cite web|url=https://x.iq/a|title=A|date=2024-01-24|archive-url={WAYBACK}}}}}"
    )
    assert fixes(english, "archive-date-missing") == [
        [("archive-date", "archive-date", "2024-01-24")]
    ]


def test_archive_date_mismatch_fix_keeps_the_parameters_own_style() -> None:
    text = ref(GOOD + f"|مسار أرشيف={WAYBACK}|تاريخ الأرشيف=2024-02-24}}}}")
    assert fixes(text, "archive-date-mismatch") == [
        [("archive-date", "تاريخ الأرشيف", "2024-01-24")]
    ]


def test_archive_in_url_fix_moves_the_archive_and_restores_the_original() -> None:
    text = ref(f"{{{{استشهاد ويب|مسار={WAYBACK}|عنوان=أ|تاريخ=24 يناير 2024}}}}")
    assert fixes(text, "archive-in-url") == [
        [
            ("url", "مسار", "https://www.france24.com/ar/a"),
            ("archive-url", "مسار أرشيف", WAYBACK),
            ("archive-date", "تاريخ أرشيف", "24 يناير 2024"),
        ]
    ]


def test_arabic_indic_digit_fix() -> None:
    text = ref("{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ=١٢ أغسطس ٢٠١٢}}")
    assert fixes(text, "date-arabic-indic-digits") == [[("date", "تاريخ", "12 أغسطس 2012")]]


def test_target_article() -> None:
    article = parse(read(TARGET), title=TARGET_TITLE)
    report = check_citations(article, today=TODAY)
    assert [(f.rule, f.severity, f.citation) for f in report.findings] == [
        ("missing-archive", "info", 2),
    ]
    assert not report.reaches("error")
    assert article.citations[1].template is not None
    assert article.citations[1].template.canonical == "cite news"
    document = report.to_dict("ar")
    validate(document, "report")
    assert document["citations"][0]["archive_date"] == "2024-01-24"
    finding = document["findings"][0]
    assert finding["pointer"] == "/citations/1"
    assert finding["message"] == "لا نسخة مؤرشفة لهذا المسار (|مسار أرشيف=)."
    lines = read(TARGET).split("\n")
    assert lines[finding["line"] - 1][finding["column"] - 1 :].startswith("<ref>{{استشهاد بخبر")


def test_france24_archive_passes_every_archive_rule() -> None:
    article = parse(read(TARGET), title=TARGET_TITLE)
    archive_rules = [r for r in RULES if r.startswith("archive")]
    report = check_citations(article, today=TODAY, rules=archive_rules)
    assert [f for f in report.findings if f.citation == 1] == []


@pytest.mark.parametrize("path", corpus_params())
def test_corpus_checks_without_crash_and_report_validates(path: Path | None) -> None:
    article = parse(read(path))
    report = check_citations(article, today=TODAY)
    for lang in ("ar", "en"):
        validate(report.to_dict(lang), "report")


def test_rule_selection() -> None:
    assert select_rules(["bare-url"]) == ["bare-url"]
    assert "bare-url" not in select_rules(skip=["bare-url"])
    with pytest.raises(Exception, match="no-such-rule"):
        select_rules(["no-such-rule"])
