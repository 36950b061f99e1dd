"""Fixes: findings become edits on the tree; the rest of the page stays byte for byte."""

from __future__ import annotations

import doctest
import re
from typing import TYPE_CHECKING

import pytest

from conftest import FEATURES, TARGET, TARGET_TITLE, corpus_params, read
from wikimaint import infobox, parse
from wikimaint.citations.check import check_citations
from wikimaint.citations.registry import Change, Finding, Fix
from wikimaint.edit import fixes, plan
from wikimaint.edit.fixes import TASKS, apply_fixes
from wikimaint.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

FARS_ACCESS = "| تاريخ الوصول = 2024-01-28\n"
FARS_URL = (
    "https://ar.farsnews.ir/news/14021104000136/"
    "العراق-قصف-امريكي-يستهدف-مقرات-أمنية-في-جرف-النصر-والقائم"
)
FARS_ARCHIVE = f"https://web.archive.org/web/20240128093000/{FARS_URL}"
FRANCE24_DATE = "| تاريخ أرشيف = 2024-01-24\n"
DEAD_TAG = "{{وصلة مكسورة|تاريخ=نوفمبر 2026}}"


def archive_found(citation: int, *, arabic: bool = True, date: str = "2024-01-28") -> Finding:
    """Return an ``archive-found`` finding as the live checks make it."""
    names = ("مسار أرشيف", "تاريخ أرشيف") if arabic else ("archive-url", "archive-date")
    changes = (
        Change("set", "archive-url", names[0], FARS_ARCHIVE),
        Change("set", "archive-date", names[1], date),
    )
    return Finding(
        "archive-found", "info", citation, 0, f"/citations/{citation - 1}", {}, Fix(changes)
    )


def link_dead(citation: int) -> Finding:
    """Return a ``link-dead`` finding with the dead-link tag fix."""
    fix = Fix((Change("append", "dead link", "وصلة مكسورة", DEAD_TAG),))
    return Finding("link-dead", "error", citation, 0, f"/citations/{citation - 1}", {}, fix)


def target() -> str:
    return TARGET.read_text("utf-8")


# --- archive ------------------------------------------------------------------------------


def test_archive_goes_after_the_access_date_in_the_templates_own_spacing() -> None:
    text = target()
    result = apply_fixes(parse(text, TARGET_TITLE), [archive_found(2)])
    added = f"| مسار أرشيف = {FARS_ARCHIVE}\n| تاريخ أرشيف = 2024-01-28\n"
    assert text.count(FARS_ACCESS) == 1
    assert result.text == text.replace(FARS_ACCESS, FARS_ACCESS + added)
    assert result.summary == "بوت: إضافة أرشيف إلى مرجع واحد"
    assert [(a.task, a.rule, a.citation, a.label) for a in result.applied] == [
        ("archive", "archive-found", 2, "2")
    ]


def test_archive_in_a_one_line_template_with_english_names() -> None:
    text = "نص.<ref>{{cite web |url=https://x.iq/a |title=أ |access-date=2024-01-28}}</ref>"
    result = apply_fixes(parse(text), [archive_found(1, arabic=False)])
    assert result.text == (
        "نص.<ref>{{cite web |url=https://x.iq/a |title=أ |access-date=2024-01-28 "
        f"|archive-url={FARS_ARCHIVE} |archive-date=2024-01-28}}}}</ref>"
    )


def test_archive_without_access_date_goes_after_the_url_compactly() -> None:
    text = "نص.<ref>{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ|موقع=ب}}</ref> بقية."
    result = apply_fixes(parse(text), [archive_found(1)])
    assert result.text == (
        f"نص.<ref>{{{{استشهاد ويب|مسار=https://x.iq/a|مسار أرشيف={FARS_ARCHIVE}"
        "|تاريخ أرشيف=2024-01-28|عنوان=أ|موقع=ب}}</ref> بقية."
    )


def test_archive_in_a_template_whose_names_are_aligned_stays_aligned() -> None:
    def line(name: str, value: str) -> str:
        return f"| {name:<13}= {value}\n"

    head = line("مسار", "https://x.iq/a") + line("عنوان", "أ") + line("تاريخ الوصول", "2024-01-28")
    text = f"نص.<ref>{{{{استشهاد ويب\n{head}{line('موقع', 'ب')}}}}}</ref>"
    result = apply_fixes(parse(text), [archive_found(1)])
    added = line("مسار أرشيف", FARS_ARCHIVE) + line("تاريخ أرشيف", "2024-01-28")
    assert result.text == text.replace(head, head + added)


def test_archive_is_not_added_where_there_is_one_already() -> None:
    text = target()
    result = apply_fixes(parse(text, TARGET_TITLE), [archive_found(1)])  # france24 is archived
    assert result.text == text
    assert not result.changed
    assert result.summary == ""
    assert [(s.task, s.reason) for s in result.skipped] == [("archive", "has-archive")]


# --- archive dates (offline findings) --------------------------------------------------------


def test_a_missing_archive_date_is_filled_from_the_snapshot() -> None:
    text = target().replace(FRANCE24_DATE, "")
    article = parse(text, TARGET_TITLE)
    findings = check_citations(article).findings
    [fix] = [f.fix for f in findings if f.rule == "archive-date-missing"]
    assert fix is not None
    assert fix.changes == (Change("set", "archive-date", "تاريخ أرشيف", "24 يناير 2024"),)
    result = apply_fixes(article, findings)
    # The snapshot's day, in the style of the article's dates, where the date was.
    assert result.text == target().replace(FRANCE24_DATE, "| تاريخ أرشيف = 24 يناير 2024\n")
    assert result.summary == "بوت: إضافة تاريخ الأرشيف إلى مرجع واحد"


def test_a_wrong_archive_date_is_corrected_in_place() -> None:
    text = target().replace(FRANCE24_DATE, "| تاريخ أرشيف = 2024-02-24\n")
    article = parse(text, TARGET_TITLE)
    result = apply_fixes(article, check_citations(article).findings)
    assert result.text == target()
    assert result.summary == "بوت: تصحيح تاريخ الأرشيف في مرجع واحد"


def test_the_feature_article_keeps_its_date_style_and_english_names() -> None:
    text = read(FEATURES)
    old = "| archive-date = 3 فبراير 2021\n"
    assert old in text
    article = parse(text.replace(old, ""))
    result = apply_fixes(article, check_citations(article).findings)
    # The English name, the Levantine month the article's other dates use.
    assert result.text == text.replace(old, "| archive-date = 3 شباط 2021\n")
    # The Arabic-Indic date fix belongs to no task: it is left alone.
    assert "١٢ كانون الثاني ٢٠٢٠" in result.text


@pytest.mark.parametrize(
    ("count", "summary"),
    [
        (1, "بوت: إضافة تاريخ الأرشيف إلى مرجع واحد"),
        (2, "بوت: إضافة تاريخ الأرشيف إلى مرجعين"),
        (3, "بوت: إضافة تاريخ الأرشيف إلى 3 مراجع"),
        (10, "بوت: إضافة تاريخ الأرشيف إلى 10 مراجع"),
        (11, "بوت: إضافة تاريخ الأرشيف إلى 11 مرجعًا"),
    ],
)
def test_the_summary_counts_citations_in_arabic(count: int, summary: str) -> None:
    refs = "".join(
        f"<ref>{{{{استشهاد ويب|مسار=https://x.iq/{n}|عنوان=أ{n}|مسار أرشيف="
        f"https://web.archive.org/web/2024012{n % 10}120530/https://x.iq/{n}}}}}</ref>"
        for n in range(count)
    )
    article = parse("نص." + refs)
    result = apply_fixes(article, check_citations(article).findings)
    assert result.summary == summary
    assert result.text.count("|تاريخ أرشيف=") == count


# --- dead links ------------------------------------------------------------------------------


def test_a_dead_link_is_tagged_right_after_its_template_once() -> None:
    text = target()
    result = apply_fixes(parse(text, TARGET_TITLE), [link_dead(2)])
    assert result.text == text.replace("}}</ref>\n\n== ردود", "}}" + DEAD_TAG + "</ref>\n\n== ردود")
    assert result.summary == "بوت: تعليم وصلة مكسورة واحدة"
    again = apply_fixes(parse(result.text, TARGET_TITLE), [link_dead(2)])
    assert again.text == result.text
    assert [s.reason for s in again.skipped] == ["already-tagged"]


def test_the_same_finding_twice_tags_once() -> None:
    result = apply_fixes(parse(target(), TARGET_TITLE), [link_dead(2), link_dead(2)])
    assert result.text.count(DEAD_TAG) == 1
    assert result.summary == "بوت: تعليم وصلة مكسورة واحدة"


def test_a_tag_after_the_ref_counts_as_tagged() -> None:
    text = read(FEATURES)  # citation 4 carries {{وصلة مكسورة}} after its </ref>
    result = apply_fixes(parse(text), [link_dead(4), link_dead(5)])
    assert text.count("{{وصلة مكسورة") == 1
    assert result.text.count("{{وصلة مكسورة") == 2
    assert "مقابلة مع مدير الدار]" + DEAD_TAG + "</ref>" in result.text  # a [url title] ref
    assert [(s.finding.citation, s.reason) for s in result.skipped] == [(4, "already-tagged")]


def test_two_dead_links_and_an_archive_read_as_one_summary() -> None:
    text = read(FEATURES)
    findings = [archive_found(3), link_dead(5), link_dead(9), link_dead(3), link_dead(8)]
    result = apply_fixes(parse(text), findings)
    # The page is read again after the archive task: citation 3 has an archive now.
    # Citation 8 is a name with no definition: there is nothing to tag.
    assert [(s.finding.citation, s.reason) for s in result.skipped] == [
        (3, "has-archive"),
        (8, "unchanged"),
    ]
    assert result.summary == "بوت: إضافة أرشيف إلى مرجع واحد، تعليم وصلتين مكسورتين"
    assert result.counts() == {"archive-found": 1, "link-dead": 2}


# --- tasks, errors, untouched text -------------------------------------------------------------


def test_only_the_chosen_tasks_run() -> None:
    text = target()
    findings = [archive_found(2), link_dead(2)]
    only_dead = apply_fixes(parse(text, TARGET_TITLE), findings, tasks=["dead-links"])
    assert FARS_ARCHIVE not in only_dead.text
    assert DEAD_TAG in only_dead.text
    nothing = apply_fixes(parse(text, TARGET_TITLE), findings, tasks=[])
    assert nothing.text == text


def test_an_unknown_task_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown task"):
        apply_fixes(parse(target()), [], tasks=["archives"])


def test_the_first_task_edits_the_articles_own_tree() -> None:
    article = parse(target(), TARGET_TITLE)
    result = apply_fixes(article, [archive_found(2)], tasks=["archive"])
    assert str(article.tree) == result.text


def test_findings_for_missing_citations_are_skipped() -> None:
    result = apply_fixes(parse(target(), TARGET_TITLE), [archive_found(9), link_dead(9)])
    assert not result.changed
    assert {s.reason for s in result.skipped} == {"no-such-citation"}


@pytest.mark.parametrize("path", corpus_params())
def test_corpus_fixes_touch_only_their_templates_and_settle(path: Path | None) -> None:
    text = read(path)
    article = parse(text)
    spans = [c.template.span for c in article.citations if c.template is not None]
    result = apply_fixes(article, check_citations(article).findings, tasks=TASKS)
    # Outside the citation templates, the text is the same, byte for byte.
    assert _outside(text, spans) == _outside(result.text, _spans_after(result.text))
    again = parse(result.text)
    assert apply_fixes(again, check_citations(again).findings).text == result.text


def _spans_after(text: str) -> list[tuple[int, int]]:
    article = parse(text)
    return [c.template.span for c in article.citations if c.template is not None]


def _outside(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in sorted(spans):
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return "\x00".join(out)


def test_module_examples() -> None:
    failures, tried = doctest.testmod(fixes)
    assert tried > 0
    assert failures == 0


def test_summary_digits_are_western() -> None:
    refs = "".join(
        f"<ref>{{{{استشهاد ويب|مسار=https://x.iq/{n}|عنوان=أ|مسار أرشيف="
        f"https://web.archive.org/web/20240124120530/https://x.iq/{n}}}}}</ref>"
        for n in range(4)
    )
    article = parse(refs)
    summary = apply_fixes(article, check_citations(article).findings).summary
    assert re.search("[0-9]", summary)
    assert not re.search("[٠-٩]", summary)


def test_plan_module_examples() -> None:
    failures, tried = doctest.testmod(plan)
    assert tried > 0
    assert failures == 0


# --- the infobox task ----------------------------------------------------------------------------


def test_the_infobox_task_applies_the_data_after_the_citation_tasks() -> None:
    text = target().replace(FRANCE24_DATE, "")
    article = parse(text, TARGET_TITLE)
    data = infobox.extract(article)
    data["parameters"]["الإصابات"]["value"] = 7
    result = apply_fixes(article, check_citations(article).findings, infobox=data)
    expected = target().replace(FRANCE24_DATE, "| تاريخ أرشيف = 24 يناير 2024\n")
    assert result.text == expected.replace("| الإصابات = 6\n", "| الإصابات = 7\n")
    assert result.summary == "بوت: إضافة تاريخ الأرشيف إلى مرجع واحد، تحديث صندوق المعلومات"
    assert [a.task for a in result.applied] == ["archive-dates", "infobox"]


def test_unchanged_infobox_data_changes_nothing() -> None:
    article = parse(target(), TARGET_TITLE)
    result = apply_fixes(article, [], tasks=["infobox"], infobox=infobox.extract(article))
    assert not result.changed
    assert result.summary == ""


def test_the_diff_is_coloured_only_when_asked() -> None:
    old, new = "أ\nب\n", "أ\nج\n"
    plain = plan.render_diff(old, new, name="ص")
    assert "\033[" not in plain
    assert "-ب\n+ج\n" in plain
    coloured = plan.render_diff(old, new, name="ص", colour=True)
    assert "\033[31m-ب\033[0m\n\033[32m+ج\033[0m\n" in coloured


# --- bot exclusion ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("{{لا بوتات}}", True),
        ("{{nobots|WikimaintBot}}", True),
        ("{{nobots|OtherBot}}", False),
        ("{{bots|deny=OtherBot, wikimaintbot}}", True),
        ("{{bots|deny=<!-- ملاحظة -->WikimaintBot}}", True),
        ("{{bots|allow=OtherBot}}", True),
        ("{{بوتات|سماح=لا شيء}}", True),
        ("{{bots|allow=all}}", False),
        ("{{قالب:بوتات|سماح=WikimaintBot}}", False),
        ("<ref>{{استشهاد ويب|مسار=https://x.iq|عنوان={{bots|deny=all}}}}</ref>", True),
    ],
)
def test_bots_templates_keep_this_bot_off_as_they_say(text: str, denied: bool) -> None:
    assert plan.bots_deny(parse("نص " + text), "WikimaintBot") is denied
