"""Duplicate template parameters: the last one counts, as in MediaWiki (issue 14)."""

from __future__ import annotations

from wikimaint import check_citations, parse
from wikimaint.links.live import link_of

TEXT = (
    "نص.<ref>{{استشهاد ويب|مسار=https://a.iq/أول|عنوان=أ|url=https://a.iq/ثان"
    "|تاريخ الوصول=1 مارس 2020|تاريخ الوصول=2 مارس 2021}}</ref>\n{{مراجع}}\n"
)


def test_the_last_of_two_parameters_is_the_one_read() -> None:
    citation = parse(TEXT).citations[0]
    template = citation.template
    assert template is not None
    assert template.text("url") == "https://a.iq/ثان"
    param = template.get("access-date")
    assert param is not None and param.value == "2 مارس 2021"
    assert link_of(citation) == "https://a.iq/ثان"


def test_the_duplicate_rule_still_names_both() -> None:
    report = check_citations(parse(TEXT), rules=["duplicate-parameter"])
    messages = [f.message("en") for f in report.findings]
    assert messages == [
        "|url= repeats |مسار= in the same template; only the last one is used.",
        "|تاريخ الوصول= repeats |تاريخ الوصول= in the same template; only the last one is used.",
    ]
