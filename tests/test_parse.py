"""The article model: lossless round trip, exact spans, and what the target shows."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wikimaint
from conftest import FEATURES, FIXTURE_FILES, SHARED, TARGET, TARGET_TITLE, corpus_params, read

if TYPE_CHECKING:
    from pathlib import Path

from wikimaint import parse


def check_spans(article: wikimaint.Article, text: str) -> int:
    """Assert that every recorded span prints exactly the object it belongs to."""
    objects = {}
    stack = [article.tree]
    while stack:
        code = stack.pop()
        objects[id(code)] = code
        for node in code.nodes:
            objects[id(node)] = node
            stack.extend(node.__children__())
            for param in getattr(node, "params", []):
                objects[id(param)] = param
    spans = dict(article.index.spans())
    assert set(spans) == set(objects)
    for key, (start, end) in spans.items():
        assert text[start:end] == str(objects[key])
    return len(objects)


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in FIXTURE_FILES])
def test_fixtures_round_trip_and_validate(path: Path) -> None:
    text = read(path)
    article = parse(text)
    assert str(article) == text
    wikimaint.validate(article.to_dict())
    assert check_spans(article, text) > 100


@pytest.mark.parametrize("path", corpus_params())
def test_corpus_round_trips_and_validates(path: Path | None) -> None:
    text = read(path)
    article = parse(text)
    assert str(article) == text
    wikimaint.validate(article.to_dict())
    check_spans(article, text)


MARKUP = st.sampled_from(
    [
        "{{",
        "}}",
        "[[",
        "]]",
        "[",
        "]",
        "|",
        "=",
        "<ref>",
        "</ref>",
        "<ref name=x/>",
        '<ref name="x">',
        "<references/>",
        "<!--",
        "-->",
        "''",
        "'''",
        "==",
        "\n",
        " ",
        "{{استشهاد ويب|مسار=",
        "تاريخ=24 يناير 2024",
        "http://example.org/",
        "ـ",
        "\u200f",
        "[[تصنيف:",
        "<br/>",
        "&nbsp;",
        "{{{",
        "}}}",
        "<",
        ">",
        "/",
        "٢٠٢٤",
    ]
)
TEXT = st.lists(st.one_of(MARKUP, st.text(max_size=5)), max_size=40).map("".join)


@given(TEXT)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_round_trips_with_exact_spans_and_a_valid_document(text: str) -> None:
    article = parse(text)
    assert str(article) == text
    check_spans(article, text)
    wikimaint.validate(article.to_dict())


# The target article --------------------------------------------------------------------


@pytest.fixture(scope="module")
def target() -> wikimaint.Article:
    return parse(read(TARGET), title=TARGET_TITLE)


def seed_text() -> str:
    seeds = sorted((SHARED / "seed").glob("*.txt"))
    if not seeds:
        pytest.skip("../shared/seed absent")
    return seeds[0].read_text("utf-8")


def test_target_has_two_citations_used_three_times(target: wikimaint.Article) -> None:
    citations = target.citations
    assert [c.label for c in citations] == ["1", "2"]
    assert [len(c.uses) for c in citations] == [2, 1]
    assert sum(len(c.uses) for c in citations) == 3
    france24, fars = citations
    assert france24.name == "france24"
    assert france24.uses[0].has_content and not france24.uses[1].has_content
    assert france24.definition is france24.uses[0]
    assert france24.template is not None and france24.template.type == "web"
    assert france24.template.text("archive-url").startswith("https://web.archive.org/web/2024")
    assert fars.template is not None and fars.template.canonical == "cite news"
    assert fars.template.get("archive-url") is None


def test_target_citation_fields_match_the_rendered_references(target: wikimaint.Article) -> None:
    seed = seed_text()
    for citation in target.citations:
        template = citation.template
        assert template is not None
        # The rendered reference shows the title, the date as written and the access date.
        assert f'"{template.text("title")}"' in seed
        assert f"اطلع عليه بتاريخ {template.text('access-date')}." in seed
        date = template.get("date")
        assert date is not None and date.date is not None
        assert (date.date.value, date.date.precision) == ("2024-01-24", "day")
    archive_date = target.citations[0].template.text("archive-date")  # type: ignore[union-attr]
    assert f"مؤرشف من الأصل في {archive_date}." in seed


def test_target_infobox_shows_every_rendered_row(target: wikimaint.Article) -> None:
    assert target.infobox is not None
    call = target.infobox.call
    assert call.name == "صندوق معلومات هجوم"
    assert call.canonical == "infobox civilian attack"
    rows = {p.name: p.text for p in call.params}
    assert list(rows) == [
        "العنوان",
        "جزء من",
        "الموقع",
        "التاريخ",
        "الهدف",
        "الإصابات",
        "الضحايا",
        "المنفذون",
    ]
    seed = seed_text()
    assert rows["العنوان"] == "غارات أمريكية على العراق"
    assert rows["الإصابات"] == "6" and rows["الضحايا"] == "2"
    for label in ["جزء من", "الهدف", "المنفذون", "الإصابات", "الضحايا"]:
        assert f"{label} {rows[label]}" in seed
    assert rows["التاريخ"] in seed
    assert re.sub(r"\s+", " ", rows["الموقع"]) in re.sub(r"\s+", " ", seed)


def test_target_sections_lead_and_furniture(target: wikimaint.Article) -> None:
    assert [s.title for s in target.sections] == [
        "الخلفية",
        "الهجوم",
        "ردود الفعل",
        "انظر أيضًا",
        "مصادر",
    ]
    assert all(s.level == 2 and not s.children for s in target.sections)
    seed = seed_text()
    assert target.lead.text + "[1]" in seed
    for section in target.sections:
        first_line = section.text.split("\n")[0]
        assert first_line.replace("[1]", "") in seed.replace("[1]", "").replace("[2]", "")
    assert [c.name for c in target.categories] == [
        "2024 في العراق",
        "العلاقات الأمريكية العراقية",
        "غارات جوية أمريكية",
        "هجمات في العراق في 2024",
    ]
    assert [r.name for r in target.references_lists] == ["مراجع"]
    assert [p.name for p in target.portals] == ["العراق", "الولايات المتحدة", "الحرب", "عقد 2020"]
    assert target.maintenance_tags == []


def test_sections_nest_by_level() -> None:
    article = parse("مقدمة\n== أ ==\nنص أ\n=== أ1 ===\nنص\n==== أ1أ ====\n== ب ==\nنص ب\n")
    (a, b) = article.sections
    assert [c.title for c in a.children] == ["أ1"]
    assert [c.title for c in a.children[0].children] == ["أ1أ"]
    text = str(article)
    assert (
        text[a.span[0] : a.span[1]].startswith("== أ ==")
        and "== ب ==" not in (text[a.span[0] : a.span[1]])
    )
    assert text[b.span[0] : b.span[1]] == "== ب ==\nنص ب\n"
    assert a.text == "نص أ"


# The features fixture ------------------------------------------------------------------


@pytest.fixture(scope="module")
def features() -> wikimaint.Article:
    return parse(read(FEATURES))


def test_numbering_groups_list_defined_and_undefined_refs(features: wikimaint.Article) -> None:
    labels = [(c.label, c.name, c.kind) for c in features.citations]
    assert labels == [
        ("1", "تأسيس", "template"),
        ("2", None, "template"),
        ("3", "bbc", "template"),
        ("4", None, "bare-url"),
        ("5", None, "link"),
        ("6", None, "template"),
        ("ملاحظة 1", None, "text"),
        ("7", "غير معرف", "undefined"),
        ("8", "سجلات", "template"),
    ]
    records = features.citations[-1]
    assert records.definition is not None and records.definition.in_references_list
    assert [u.has_content for u in records.uses] == [False]


def test_english_names_webarchive_and_dates(features: wikimaint.Article) -> None:
    cite_web = features.citations[1].template
    assert cite_web is not None and cite_web.name == "Cite web"
    keys = [p.key for p in cite_web.params]
    assert keys == [
        "url",
        "title",
        "website",
        "date",
        "access-date",
        "archive-url",
        "archive-date",
        "language",
    ]
    date = cite_web.get("date")
    assert date is not None and date.date is not None
    assert (date.date.value, date.date.precision, date.date.style) == (
        "2020-01-12",
        "day",
        "dmy-lev",
    )
    assert date.date.arabic_digits
    access = cite_web.get("access-date")
    assert access is not None and access.date is not None and access.date.value == "2021-02-03"
    bare = features.citations[3]
    assert [t.canonical for t in bare.extras] == ["webarchive"]
    assert bare.urls == [
        "http://www.example-iraq-archive.org/reopening.html",
        "https://web.archive.org/web/20100101000000/http://www.example-iraq-archive.org/reopening.html",
    ]
    book = features.citations[0].template
    assert book is not None and book.type == "book"
    assert book.text("page") == "٤٤"
    journal = features.citations[5].template
    assert journal is not None and journal.type == "journal"
    assert journal.get("last1") is None and journal.text("last") == "Johnson"
    assert journal.text("doi") == "10.1515/LIBR.2005.209"


def test_unknown_parameters_and_bad_dates_are_kept_and_marked() -> None:
    text = "<ref>{{استشهاد ويب|مسار=http://a.example|عبر الارشيف=x|تاريخ=قبل سنتين|عنوان=أ}}</ref>"
    article = parse(text)
    template = article.citations[0].template
    assert template is not None
    unknown = [p for p in template.params if not p.known]
    assert [(p.name, p.key, p.value) for p in unknown] == [("عبر الارشيف", None, "x")]
    date = template.get("date")
    assert date is not None and date.date is not None and not date.date.ok
    document = article.to_dict()
    params = document["citations"][0]["template"]["params"]
    assert {
        "name": "عبر الارشيف",
        "key": None,
        "value": "x",
        "text": "x",
        "positional": False,
        "known": False,
        "span": params[1]["span"],
    } == params[1]
    assert params[2]["date"] == {"error": "unrecognised"}


def test_maintenance_tags_infobox_ref_and_default_sort(features: wikimaint.Article) -> None:
    tags = [
        (t.tag, t.citation, t.date.value if t.date else None) for t in features.maintenance_tags
    ]
    assert tags == [
        ("more-citations", None, "2023-05"),
        ("dead-link", 4, "2024-12"),
        ("citation-needed", 8, "2025-01"),
    ]
    assert features.default_sort == "دار الكتب"
    assert [(c.name, c.sort_key) for c in features.categories] == [
        ("مكتبات وطنية", "دار الكتب"),
        ("مؤسسات في بغداد", None),
    ]
    assert features.infobox is not None
    founded = features.infobox.call.params[2]
    assert founded.name == "تأسيس" and founded.text == "1961"
    assert [r.group for r in features.references_lists] == ["ملاحظة", ""]
    assert [t.kind for t in features.templates].count("stub") == 1
    assert [s.title for s in features.sections[0].children] == ["الترميم"]


def test_conflicting_definitions_are_recorded() -> None:
    article = parse('<ref name="a">أ</ref><ref name="a">ب</ref><ref name="a">أ</ref>')
    (citation,) = article.citations
    assert len(citation.uses) == 3
    assert [u.span for u in citation.conflicting] == [citation.uses[1].span]
