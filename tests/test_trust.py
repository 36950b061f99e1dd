"""Issue 18: the false positives and misses seen on real articles, each on a minimal input.

Each case is the smallest wikitext that showed the pattern; the expected findings follow
the citation modules (Module:Citation/CS1 and its Date_validation and Whitelist tables).
"""

from __future__ import annotations

import datetime as dt

import pytest

from wikimaint import parse, validate
from wikimaint.citations.check import check_citations

TODAY = dt.date(2026, 11, 24)


def ref(body: str) -> str:
    return f"Text.<ref>{body}</ref>\n== References ==\n{{{{Reflist}}}}\n"


def found(text: str, rule: str) -> list[tuple[str, int | None]]:
    report = check_citations(parse(text), today=TODAY, rules=[rule])
    return [(f.severity, f.citation) for f in report.findings]


def messages(text: str, rule: str, lang: str = "en") -> list[str]:
    report = check_citations(parse(text), today=TODAY, rules=[rule])
    return [f.message(lang) for f in report.findings]


WEB = "{{cite web|url=https://www.bbc.co.uk/news/a|title=A|access-date=2024-01-25"


# 1. Dates the citation module accepts are not invalid; 2010-05 is.
@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("date", "n.d."),
        ("date", "nd"),
        ("date", "Spring 1984"),
        ("date", "Winter 2010–2011"),
        ("date", "Spring–Summer 1985"),
        ("date", "c. 1900"),
        ("year", "c. 1900"),
        ("date", "May 5–7, 2010"),
        ("date", "5–7 May 2010"),
        ("date", "May–June 2010"),
        ("date", "2010–2011"),
        ("date", "2010a"),
        ("year", "2010a"),
        ("date", "First Quarter 2010"),
        ("date", "Christmas 2009"),
        ("date", "23–24 يناير 2024"),
        ("date", "24 يناير 2024"),
        ("archive-date", "12 March 2008"),
    ],
)
def test_module_dates_are_valid(key: str, value: str) -> None:
    text = ref(WEB + f"|{key}={value}}}}}")
    assert found(text, "invalid-date") == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("date", "2010-05"),  # ymd needs a day: the module reads no YYYY-MM
        ("date", "circa 1900"),  # only "c. " is the module's circa
        ("date", "31 February 2024"),
        ("date", "2010–11"),  # the module refuses a two-digit end under 13
        ("date", "June–May 2010"),  # a range runs forward
        ("date", "Jan–March 2010"),  # months of one style
        ("access-date", "May 2010"),  # an access date is one whole day
        ("access-date", "Spring 2010"),  # seasons only in |date=
    ],
)
def test_module_rejected_dates_are_invalid(key: str, value: str) -> None:
    text = ref("{{cite web|url=https://www.bbc.co.uk/news/a|title=A" + f"|{key}={value}}}}}")
    assert found(text, "invalid-date") == [("error", 1)]


def test_orig_date_is_free_text() -> None:
    text = ref(
        "{{cite book|title=IBM|orig-year=Incorporation paperwork filed June 16, 1911"
        "|url=https://books.google.com/books?id=_8t}}"
    )
    assert found(text, "invalid-date") == []


def test_dates_follow_the_modules_tables() -> None:
    from wikimaint.wikitext.cs1dates import cs1_date_ok  # noqa: PLC0415 (new in issue 18)

    assert cs1_date_ok("Spring 1984", "date", TODAY)
    assert not cs1_date_ok("Spring 1984", "archive-date", TODAY)
    assert not cs1_date_ok("2030", "date", TODAY)  # no later than next year
    assert cs1_date_ok("2027", "date", TODAY)
    assert not cs1_date_ok("2000-01-01", "access-date", TODAY)  # before Wikipedia


# 2. Parameters: the module's whitelist is the reference; blank ones are not reported.
@pytest.mark.parametrize(
    "param",
    ["translator-last=Kemp", "translator-first=John", "title-link=Women in World History",
     "people=Mikael Ekman", "editor2-last=Jenkins", "script-title=ja:題", "df=dmy-all"],
)  # fmt: skip
def test_whitelisted_parameters_are_known(param: str) -> None:
    text = ref("{{cite book|title=The World|year=1909|" + param + "}}")
    assert found(text, "unknown-parameter") == []


@pytest.mark.parametrize(
    "param", ["deadurl=yes", "month=April", "lastauthoramp=yes", "Title=A", "trans_title=B"]
)
def test_parameters_the_module_ignores_are_unknown(param: str) -> None:
    text = ref(WEB + "|" + param + "}}")
    assert found(text, "unknown-parameter") == [("warning", 1)]


def test_blank_unknown_parameters_are_not_reported() -> None:
    text = ref("{{cite book|title=Kristeva|year=2006|airdate= |month= |origdate=<!-- -->}}")
    assert found(text, "unknown-parameter") == []


def test_whitelist_classes() -> None:
    from wikimaint.wikitext.names import cs1_whitelisted  # noqa: PLC0415 (new in issue 18)

    assert cs1_whitelisted("transcript", "av-media")
    assert not cs1_whitelisted("transcript", "book")
    assert cs1_whitelisted("class", "arxiv")


# 3. Archive URLs: escapes and doubled slashes; a moved article is at most a note.
@pytest.mark.parametrize(
    ("url", "archived"),
    [
        ("http://www.spiegel.de/politik/0,1518,357997,00.html",
         "http://www.spiegel.de/politik/0%2C1518%2C357997%2C00.html"),
        ("http://www.example.com/a:b", "http://www.example.com/a%3Ab"),
        ("http://www.example.com/news/a", "http://www.example.com//news/a"),
    ],
)  # fmt: skip
def test_archive_of_the_same_page_matches(url: str, archived: str) -> None:
    text = ref(
        f"{{{{cite web|url={url}|title=A|archive-url=https://web.archive.org/web/"
        f"20110221000000/{archived}|archive-date=21 February 2011}}}}"
    )
    assert found(text, "archive-url-mismatch") == []


@pytest.mark.parametrize(
    "archived",
    [
        "http://www.guardian.co.uk/world/2011/feb/21/angela-merkel-crushed-hamburg-polls",
        "https://www.theguardian.com/world/2011/feb/22/merkel-hamburg",
    ],
)
def test_moved_article_is_a_note(archived: str) -> None:
    text = ref(
        "{{cite news|url=https://www.theguardian.com/world/2011/feb/21/merkel-hamburg-polls"
        f"|title=A|archive-url=https://web.archive.org/web/20110221000000/{archived}"
        "|archive-date=21 February 2011}}"
    )
    assert found(text, "archive-url-mismatch") == [("info", 1)]


def test_archive_of_another_site_is_a_warning() -> None:
    text = ref(
        "{{cite news|url=https://www.theguardian.com/a|title=A|archive-url=https://web.archive."
        "org/web/20110221000000/https://gum.criteo.com/syncframe|archive-date=21 February 2011}}"
    )
    assert found(text, "archive-url-mismatch") == [("warning", 1)]


# 4. A titled link is not a bare URL.
def test_titled_link_is_not_bare() -> None:
    assert found(ref("[https://www.bbc.co.uk/news/a Some title]"), "bare-url") == []
    assert found(ref("https://www.bbc.co.uk/news/a"), "bare-url") == [("warning", 1)]


# 5. A print newspaper has no URL; a URL may come from a template.
def test_print_newspaper_needs_no_url() -> None:
    text = ref(
        "{{cite news|title=Company news: IKEA|work=The Globe and Mail|date=11 March 1988|page=B8}}"
    )
    assert found(text, "missing-url") == []


def test_url_from_a_template_is_a_url() -> None:
    text = ref(
        "{{cite web|url={{Allmusic|class=artist|id=p821358/biography|pure_url=yes}}"
        "|title=Elena Paparizou Biography}}"
    )
    assert found(text, "missing-url") == []
    assert found(text, "invalid-url") == []


# 6. An encyclopedia is the title of {{cite encyclopedia}}; ftp:// is a URL.
def test_encyclopedia_is_the_title() -> None:
    text = ref(
        "{{cite encyclopedia|encyclopedia=The Welsh Academy Encyclopaedia of Wales|year=2008}}"
    )
    assert found(text, "missing-title") == []
    assert found(ref("{{cite encyclopedia|year=2008}}"), "missing-title") == [("error", 1)]


def test_title_from_a_template_is_a_title() -> None:
    text = ref("{{cite web|url=https://www.lemonde.fr/a|title={{lang|fr|Le Monde}}}}")
    assert found(text, "missing-title") == []


def test_ftp_is_a_url() -> None:
    text = ref("{{cite web|url=ftp://ftp.software.ibm.com/software/a.pdf|title=NYPD}}")
    assert found(text, "invalid-url") == []


# 7. Published books and journals need no access date; an archive.org item no archive.
@pytest.mark.parametrize(
    "cite",
    ["{{cite book|title=Religion|url=https://books.google.com/?id=ryrD|year=2006}}",
     ("{{cite journal|title=Elective Affinities|journal=Wiener Slavistisches Jahrbuch"
      "|url=http://www.jstor.org/stable/24748326|date=1994}}")],
)  # fmt: skip
def test_published_works_need_no_access_date(cite: str) -> None:
    assert found(ref(cite), "missing-access-date") == []


def test_web_page_still_needs_an_access_date() -> None:
    assert found(ref("{{cite web|url=https://x.iq/a|title=A}}"), "missing-access-date") == [
        ("warning", 1)
    ]


def test_published_book_needs_no_archive() -> None:
    text = ref(
        "{{Citation|last=Agrawal|title=Beyond Alhazen's Problem|date=2011|citeseerx=10.1.1.433"
        "|url=http://www.umiacs.umd.edu/a.html|publisher=IEEE}}"
    )
    assert found(text, "missing-access-date") == []
    book = ref("{{cite book|title=Against the state|isbn=978-0-7914-7447-1|url=http://books.google.com/books?id=bk}}")
    assert found(book, "missing-archive") == []


def test_archive_org_item_needs_no_archive() -> None:
    text = ref(
        "{{cite book|title=The World as Will|url=https://archive.org/details/worldaswill01scho"
        "|access-date=2024-01-25}}"
    )
    assert found(text, "missing-archive") == []


# 8. Duplicates: not a bundle and its source, not two works sharing a mis-pasted link.
DUPLICATES = [
    # a bundled footnote and one of its sources
    (("A<ref>{{cite web|url=https://x.iq/a|title=A}} {{cite web|url=https://x.iq/b|title=B}}"
      "</ref> B<ref>{{cite web|url=https://x.iq/a|title=A}}</ref>{{Reflist}}"), []),
    # two books sharing one mis-pasted link, untemplated and templated
    (("A<ref>Brown (2006). [https://books.google.com/?id=ryrD ''Religion and Society'']</ref>"
      " B<ref>Yilmaz (2005). [https://books.google.com/?id=ryrD ''Muslim Laws'']</ref>"
      "{{Reflist}}"), []),
    (("A<ref>{{cite book|url=https://books.google.com/?id=ryrD|title=Religion|last=Brown}}"
      "</ref> B<ref>{{cite book|url=https://books.google.com/?id=ryrD|title=Muslim Laws"
      "|last=Yilmaz}}</ref>{{Reflist}}"), []),
    # one book at two pages
    (("A<ref>Hatt (2006). [https://books.google.com/?id=BVBv ''Scientists'']. p. 56.</ref>"
      " B<ref>Hatt (2006). [https://books.google.com/?id=BVBv ''Scientists'']. pp. 16, 30.</ref>"
      "{{Reflist}}"), []),
    # the same work twice
    (("A<ref>{{cite web|url=https://x.iq/a|title=Toronto Star endorses the NDP}}</ref>"
      " B<ref>{{cite web|url=http://x.iq/a|title=Toronto Star endorses the NDP}}</ref>"
      "{{Reflist}}"), [("warning", 2)]),
    (("A<ref>{{cite web|url=http://scots.co.uk/union.html|title=Treaty (act) of Union 1706}}</ref>"
      " B<ref>{{cite web|url=http://scots.co.uk/union.html|title=Treaty of Union, 1706}}</ref>"
      "{{Reflist}}"), [("warning", 2)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), DUPLICATES)
def test_duplicates(text: str, expected: list[tuple[str, int]]) -> None:
    assert found(text, "duplicate-citation") == expected


# 9. Misses: {{efn}} without {{notelist}}; the dead-link tag named as written.
def test_efn_without_notelist_is_an_error() -> None:
    text = "Text.{{efn|A note.}}\n== Notes ==\n{{Reflist}}\n"
    assert found(text, "no-references-list") == [("error", None)]
    with_list = "Text.{{efn|A note.}}\n== Notes ==\n{{Notelist}}\n"
    assert found(with_list, "no-references-list") == []


def test_notelist_does_not_show_the_main_group() -> None:
    text = "Text.<ref>{{cite web|url=https://x.iq/a|title=A}}</ref>\n{{Notelist}}\n"
    assert found(text, "no-references-list") == [("warning", 1)]


def test_dead_link_message_names_the_template_as_written() -> None:
    text = "T<ref>" + WEB + "}} {{Dead link|date=August 2012}}</ref>{{Reflist}}"
    [english] = messages(text, "dead-link-tagged", "en")
    assert "{{Dead link}}" in english
    assert "وصلة مكسورة" not in english


def test_citation_templates_outside_ref_are_checked() -> None:
    text = (
        "Text.{{sfn|Smith|2001|p=4}}\n== References ==\n{{Reflist}}\n== Sources ==\n"
        "* {{cite book|last=Smith|year=2001|url=https://x.iq/a|orig-year=first published 1990"
        "|deadurl=yes}}\n== Further reading ==\n* {{cite web|url=https://x.iq/b|title=B"
        "|date=2010-05}}\n"
    )
    article = parse(text)
    validate(article.to_dict())
    report = check_citations(article, today=TODAY)
    rules = sorted((f.rule, f.severity, f.pointer.split("/")[1]) for f in report.findings)
    assert ("missing-title", "error", "sources") in rules
    assert ("unknown-parameter", "warning", "sources") in rules
    assert ("invalid-date", "error", "sources") in rules
    # Footnote rules do not apply to a bibliography.
    assert not [r for r in rules if r[0] in {"duplicate-citation", "bare-url"}]
    validate(report.to_dict("en"), "report")


def _generator():  # scripts/ is not a package: load the generator by its path
    import importlib.util  # noqa: PLC0415

    from conftest import ROOT  # noqa: PLC0415

    spec = importlib.util.spec_from_file_location("cs1_tables", ROOT / "scripts" / "cs1_tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_module_data_records_where_it_comes_from() -> None:
    from wikimaint.wikitext.cs1dates import cs1_sources  # noqa: PLC0415
    from wikimaint.wikitext.names import load_data  # noqa: PLC0415

    sources = [*cs1_sources(), load_data("cs1_whitelist")["source"]]
    modules = {s["module"] for s in sources}
    assert modules == {
        "Module:Citation/CS1/Date_validation",
        "Module:Citation/CS1/Configuration",
        "Module:Citation/CS1/Whitelist",
    }
    for source in sources:
        assert len(source["commit"]) == 40 and int(source["commit"], 16) >= 0
        assert source["repository"].count("/") == 1 and source["path"].endswith(".lua")


def test_generator_reads_lua_tables_and_patterns() -> None:
    gen = _generator()
    lua = """-- a comment
    local other = {1, 2}
    local basic_arguments = {
        ['access-date'] = true,   -- supported
        ['lay-url'] = false,
        nested = {['x'] = 'tracked', "y"},
        }
    """
    tables = gen.lua_tables(lua, "basic_arguments")
    assert tables["basic_arguments"] == {
        "access-date": True, "lay-url": False, "nested": {1: "y", "x": "tracked"},
    }
    regex = gen.lua_pattern_to_regex("^([1-9]%d?)[%-–]([1-9]%d?) +(%D-) +((%d%d%d%d)%a?)$")
    import re  # noqa: PLC0415

    assert re.match(regex, "5–7 May 2010a") is not None
    assert re.match(regex, "0–7 May 2010") is None


def test_titled_link_is_a_note_that_fill_refs_still_fills() -> None:
    # Not bare (pattern 4), yet a citation template would keep its details: fill-refs takes
    # the references both rules find.
    from wikimaint.edit.fixes import TASK_RULES  # noqa: PLC0415

    text = ref("[https://www.bbc.co.uk/news/a Some title]")
    assert found(text, "titled-link") == [("info", 1)]
    assert found(ref("https://www.bbc.co.uk/news/a"), "titled-link") == []
    assert found(ref(WEB + "}}"), "titled-link") == []
    assert set(TASK_RULES["fill-refs"]) == {"bare-url", "titled-link"}
