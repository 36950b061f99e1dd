"""Hostile wikitext: deep nesting never raises, unclosed constructs parse in linear time.

mwparserfromhell's tokenizer reads an opener that never closes (``{{``, ``[[``, ``<ref>``,
``{|``) to the end of the text before it writes it as text, once per opener: quadratic.
Brace runs nest without its depth limit, deeper than Python's recursion limit. These tests
hold the two fixes (:mod:`wikimaint.wikitext.unclosed`) to their promise: the tree stays
lossless, and on every text the fixes leave alone it is the library's tree.
"""

from __future__ import annotations

import doctest
import io
import json
import time
from typing import TYPE_CHECKING

import mwparserfromhell
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wikimaint
from conftest import IN_CI, SHARED, read
from test_parse import check_spans
from wikimaint.cli.app import run
from wikimaint.errors import DataError
from wikimaint.infobox import apply, extract
from wikimaint.wikitext import builder, unclosed
from wikimaint.wikitext.builder import build_tree, fast_build, same_tree, tokenize
from wikimaint.wikitext.unclosed import hostile, mask_unclosed, unmask

if TYPE_CHECKING:
    from pathlib import Path

    from mwparserfromhell.wikicode import Wikicode

KB = 1024

# One unit of each unclosed construct the issue names, and a mix of them with Arabic text.
UNCLOSED = {
    "template": "{{a|",
    "argument": "{{{a|",
    "wikilink": "[[a|",
    "external-link": "[http://a.iq ",
    "ref": "<ref>",
    "div": "<div>",
    "attribute": '<div a="',
    "comment": "<!--",
    "table": "{|\n",
    "mixed": "{{استشهاد|[[بغداد|<ref>{|\n''نص \u200f",
}
# The same openers with one closer at the very end: the last one closes, no other can.
CLOSED_LAST = {
    "template": ("{{a|", "}}"),
    "argument": ("{{{a|", "}}}"),
    "wikilink": ("[[a|", "]]"),
    "ref": ("<ref>", "</ref>"),
    "div": ("<div>", "</div>"),
    "attribute": ('<div a="', '"></div>'),
    "table": ("{|\n", "|}"),
    "external-link": ("[http://a.iq ", "]"),
}

# Nesting of every kind, closed: brace runs nest without the tokenizer's depth limit.
DEEP = {
    "braces": lambda n: "{{" * n + "أ" + "}}" * n,
    "arguments": lambda n: "{{{" * n + "أ" + "}}}" * n,
    "templates": lambda n: "{{أ|" * n + "}}" * n,
    "wikilinks": lambda n: "[[أ|" * n + "]]" * n,
    "tags": lambda n: "<div>" * n + "أ" + "</div>" * n,
    "refs": lambda n: "<ref>{{" * n + "استشهاد}}</ref>" * n,
    "tables": lambda n: "{|\n|أ\n" * n + "|}\n" * n,
}


def repeated(unit: str, size: int) -> str:
    return unit * (size // len(unit) + 1)


def assert_whole(text: str) -> wikimaint.Article:
    """Parse *text* and check everything a caller reads off it, down to the JSON document."""
    article = wikimaint.parse(text)
    assert str(article) == text
    check_spans(article, text)
    wikimaint.validate(article.to_dict())
    wikimaint.check_citations(article)
    return article


@pytest.mark.parametrize("kind", sorted(DEEP))
@pytest.mark.parametrize("depth", [500, 5000])
def test_nesting_of_any_depth_parses_whole(kind: str, depth: int) -> None:
    assert_whole(DEEP[kind](depth))


def test_citation_check_reads_a_deeply_nested_page(tmp_path: Path) -> None:
    page = tmp_path / "عميق.wiki"
    page.write_text("نص<ref>" + DEEP["braces"](3000) + "</ref>\n{{مراجع}}", "utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = run(["check", str(page), "--format", "json"], out, err)
    assert code in {0, 1}, err.getvalue()
    assert err.getvalue() == ""
    assert '"citations"' in out.getvalue()


def test_the_parse_command_reads_100_kb_of_unclosed_constructs(tmp_path: Path) -> None:
    page = tmp_path / "مكسور.wiki"
    page.write_text(repeated(UNCLOSED["mixed"], 100 * KB), "utf-8")
    out, err = io.StringIO(), io.StringIO()
    start = time.process_time()
    code = run(["parse", str(page)], out, err)
    assert time.process_time() - start < 2.0
    assert (code, err.getvalue()) == (0, "")
    wikimaint.validate(json.loads(out.getvalue()))


@pytest.mark.parametrize("kind", sorted(UNCLOSED))
def test_100_kb_of_an_unclosed_construct_parses_in_under_2_s(kind: str) -> None:
    text = repeated(UNCLOSED[kind], 100 * KB)
    start = time.process_time()
    article = wikimaint.parse(text)
    elapsed = time.process_time() - start
    assert str(article) == text
    assert elapsed < 2.0  # the bound; before the fix: minutes


@pytest.mark.parametrize("kind", sorted(CLOSED_LAST))
def test_100_kb_of_openers_closed_once_at_the_end_parses_in_under_2_s(kind: str) -> None:
    opener, closer = CLOSED_LAST[kind]
    text = repeated(opener, 100 * KB) + closer
    start = time.process_time()
    article = wikimaint.parse(text)
    elapsed = time.process_time() - start
    assert str(article) == text
    assert elapsed < 2.0


@pytest.mark.parametrize("kind", sorted(set(CLOSED_LAST) - {"external-link"}))
def test_openers_closed_once_at_the_end_make_the_library_tree(kind: str) -> None:
    # A link's title may hold '[': the library closes the first link, pairing the last.
    opener, closer = CLOSED_LAST[kind]
    text = repeated(opener, 2 * KB) + closer
    assert mask_unclosed(text).marks
    assert same_tree(build_tree(text), mwparserfromhell.parse(text))


@pytest.mark.parametrize("kind", sorted(UNCLOSED))
def test_unclosed_constructs_make_the_library_tree(kind: str) -> None:
    text = repeated(UNCLOSED[kind], 2 * KB)  # small enough for the library to finish
    assert mask_unclosed(text).marks  # the fix is at work here
    assert same_tree(build_tree(text), mwparserfromhell.parse(text))


@pytest.mark.parametrize(
    "text",
    [
        "[[أ{{ب]]",  # a brace in a link title fails the link
        "{{أ[ب}}",  # a bracket in a template name fails the template
        "{{أ<ب}}",
        "[http://a.iq<ref>]",  # '<' ends the address of a link
        "http://a.iq/[[ب",  # '[' ends a free link
        "http://a.iq/<ref>ب",
        "</div <ref>>",
        "<br a=<ref>>",
        "; أ{{:ب",
        "<ref>أ</ref> [[ب|<ref>ج",
    ],
)
def test_openers_an_enclosing_construct_reacts_to_keep_the_library_tree(text: str) -> None:
    assert same_tree(build_tree(text), mwparserfromhell.parse(text))


def test_nul_characters_are_kept_with_the_library_tree_of_the_rest() -> None:
    text = "أ\x00{{ب|ج}}\x00[[د]]"
    tree = build_tree(text)
    assert str(tree) == text
    assert [str(t.name) for t in tree.filter_templates()] == ["ب"]
    assert [str(t.title) for t in tree.filter_wikilinks()] == ["د"]


def test_a_page_without_unclosed_openers_is_left_alone() -> None:
    text = "{{أ|[[ب]]}} <ref>ج</ref> {|\n|د\n|}"
    masked = mask_unclosed(text)
    assert masked.text == text
    assert not masked.marks


# Property tests -------------------------------------------------------------------------
# Text made of the pieces the masking reasons about (openers, closers, what ends a link
# title, a template name or an address), with Arabic letters and bidi marks between them:
# 11,000 cases in all. Each test's pieces are a subset of these.

BRACKETS = [
    "{{", "}}", "{{{", "}}}", "{", "}", "[[", "]]", "[", "]", "|", "=", "{|", "|}", "|-", "! ",
    "<ref>", "</ref>", "<ref name=أ/>", '<ref name="ب">', "<div>", "</div>", '<div a="', "<br>",
    "<li>", "</br>", "<nowiki>", "<", ">", "/", "/>", '"', "==", "\n", " ", ":", ";", "* ",
    "&amp;", "&#1575;", "{{استشهاد ويب|مسار=", "[[تصنيف:", "ـ", "٢٠٢٤",
]  # fmt: skip
COMMENTS = ["<!--", "-->"]
ADDRESSES = ["http://a.iq/", "mailto:", "[http://a.iq "]
QUOTES = ["''", "'''"]
ARABIC = st.text(st.characters(min_codepoint=0x621, max_codepoint=0x64A), max_size=4)
BIDI = st.sampled_from(["\u200f", "\u200e", "\u061c", "\u202b", "\u202c", "\u2067", "\u2069"])


def wikitext(pieces: list[str]) -> st.SearchStrategy[str]:
    """Return a strategy for text of *pieces*, Arabic letters, bidi marks and any characters."""
    markup = st.sampled_from(pieces)
    parts = st.one_of(markup, markup, ARABIC, BIDI, st.text(max_size=3))
    return st.lists(parts, max_size=50).map("".join)


def _nest(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Return a strategy wrapping *inner* in a construct, its close sometimes left out."""
    pairs = st.sampled_from(
        [("{{", "}}"), ("{{{", "}}}"), ("[[", "]]"), ("[http://a.iq ", "]"), ("<ref>", "</ref>"),
         ("<div>", "</div>"), ("{|\n|", "\n|}"), ("{{أ|", "}}"), ("[[ب|", "]]"), ("''", "''")]
    )  # fmt: skip
    return st.tuples(pairs, st.lists(inner, max_size=3), st.booleans()).map(
        lambda t: t[0][0] + "".join(t[1]) + (t[0][1] if t[2] else "")
    )


EVERYTHING = wikitext(BRACKETS + COMMENTS + ADDRESSES + QUOTES)
NESTED = st.recursive(st.one_of(ARABIC, BIDI, st.sampled_from(BRACKETS)), _nest, max_leaves=30)


def cases(count: int, *, derandomize: bool = False) -> settings:
    """Return hypothesis settings for *count* generated cases."""
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        derandomize=derandomize,
    )


def masked_tree(text: str, *, pair: bool = False) -> Wikicode:
    """Return our tree of *text* with every opener that cannot close masked, however few.

    With *pair*, the openers no closer pairs with too.
    """
    masked = mask_unclosed(text, keep=0, pair=pair)
    tokens = tokenize(masked.text)
    unmask(tokens, masked.marks)
    return fast_build(tokens)


@given(EVERYTHING)
@cases(4000)
def test_any_wikitext_makes_the_library_tree(text: str) -> None:
    tree = build_tree(text)
    assert str(tree) == text
    if "\x00" not in text and not hostile(text):  # see the test below
        assert same_tree(tree, mwparserfromhell.parse(text))


@given(NESTED)
@cases(3000)
def test_nested_and_unclosed_wikitext_makes_the_library_tree(text: str) -> None:
    tree = build_tree(text)
    assert str(tree) == text
    # A hostile text (more than 16 openers no closer pairs with) has its openers masked
    # for want of a partner, where the tokenizer may pair otherwise: only its round trip
    # is promised ('{{{{{أ|ب={{{{[[}}' and ten more '{' is one).
    if not hostile(text):
        assert same_tree(tree, mwparserfromhell.parse(text))


# Masked, the tree is the library's but for a few corners: a run of quotes after a masked
# opener (the library remembers how its failed try read them), a comment inside a free link
# among masked openers, and about one text in 60,000 of these pieces where a free link runs
# through an argument. The two tests below leave out quotes and one of the others each,
# with a fixed draw (derandomize) so that the last corner cannot make them flaky. Openers
# masked for want of a partner (pair=True) are only round-tripped: the tokenizer pairs
# otherwise on odd text, and only pages with more than 16 of them are masked so.


@given(wikitext(BRACKETS + ADDRESSES))
@cases(1000, derandomize=True)
def test_masked_openers_keep_the_library_tree_around_links(text: str) -> None:
    text = text.replace("\x00", "")  # the library stops at NUL
    assert same_tree(masked_tree(text), mwparserfromhell.parse(text))


@given(wikitext(BRACKETS + COMMENTS))
@cases(1000, derandomize=True)
def test_masked_openers_keep_the_library_tree_around_comments(text: str) -> None:
    text = text.replace("\x00", "")
    assert same_tree(masked_tree(text), mwparserfromhell.parse(text))


@given(st.one_of(EVERYTHING, NESTED))
@cases(2000)
def test_any_wikitext_parses_whole_masked_or_not(text: str) -> None:
    assert str(masked_tree(text)) == text
    assert str(masked_tree(text, pair=True)) == text
    article = wikimaint.parse(text)
    assert str(article) == text
    check_spans(article, text)
    wikimaint.validate(article.to_dict())


# Real pages and the library's own test inputs ------------------------------------------

REALWORLD = SHARED / "realworld"
MWTEST = SHARED / "peer" / "mwparserfromhell-mwtest"


def _shared(paths: list[Path], what: Path) -> list[object]:
    if paths:
        return [pytest.param(p, id=p.name) for p in paths]
    if IN_CI:  # CI has ../shared beside the clone: its absence there is a failure
        return [pytest.param(None, id=f"{what.name}-missing")]
    return [pytest.param(None, id=what.name, marks=pytest.mark.skip(f"{what} absent"))]


def _pages() -> list[Path]:
    if not REALWORLD.is_dir():
        return []
    lines = (REALWORLD / "pages.tsv").read_text("utf-8").splitlines()
    return [REALWORLD / line.split("\t")[0] for line in lines if line and line[0] != "#"]


def _mwtest_inputs(path: Path | None) -> list[str]:
    """Return the inputs of an mwparserfromhell ``.mwtest`` file, unescaped as its tests do."""
    inputs = []
    for line in read(path).splitlines():
        if line.startswith("input:"):
            quoted = line.removeprefix("input:").strip()[1:-1]
            inputs.append(quoted.encode("raw_unicode_escape").decode("unicode_escape"))
    return inputs


def assert_library_tree_masked_or_not(text: str) -> None:
    library = mwparserfromhell.parse(text)
    assert same_tree(build_tree(text), library)
    assert same_tree(masked_tree(text), library)


@pytest.mark.parametrize("path", _shared(_pages(), REALWORLD))
def test_real_pages_make_the_library_tree_masked_or_not(path: Path | None) -> None:
    assert_library_tree_masked_or_not(read(path))


@pytest.mark.parametrize("path", _shared(sorted(MWTEST.glob("*.mwtest")), MWTEST))
def test_the_library_test_inputs_make_its_tree_masked_or_not(path: Path | None) -> None:
    inputs = _mwtest_inputs(path)
    assert inputs
    for text in inputs:
        if "\x00" not in text:  # the library's C tokenizer stops there; we do not
            assert_library_tree_masked_or_not(text)


def test_the_examples_in_the_docstrings_hold() -> None:
    assert doctest.testmod(unclosed).failed == 0
    assert doctest.testmod(builder).failed == 0


# Infobox values are wikitext too ------------------------------------------------------

INFOBOX = "{{صندوق معلومات هجوم\n| التاريخ = 2024\n| الإصابات = ٦\n| الموقع = بغداد\n}}\nنص"


def _with_location(wikitext: str) -> dict:
    data = extract(wikimaint.parse(INFOBOX))
    data["parameters"]["الموقع"] = {"wikitext": wikitext}
    return data


def test_an_infobox_value_nested_deep_is_written() -> None:
    value = DEEP["braces"](100)
    new = apply(wikimaint.parse(INFOBOX), _with_location(value))
    assert f"| الموقع = {value}\n" in new


def test_an_infobox_value_nested_past_the_limit_is_refused_not_a_crash() -> None:
    # Read with its brace runs as text, it would not stay one parameter's value.
    with pytest.raises(DataError):
        apply(wikimaint.parse(INFOBOX), _with_location(DEEP["braces"](1000)))


def test_an_infobox_value_of_unclosed_links_is_refused_in_linear_time() -> None:
    start = time.process_time()
    with pytest.raises(DataError):  # its bars would split the template's parameter
        apply(wikimaint.parse(INFOBOX), _with_location(repeated("[[أ|", 100 * KB)))
    assert time.process_time() - start < 2.0


def test_a_closing_run_of_three_takes_two_more_braces_of_the_opening_run() -> None:
    # Found by hypothesis: 17 unpaired braces, the }}} closing an argument {{{ء{{.
    text = "{" * 18 + "ء{{}}}"
    assert same_tree(build_tree(text), mwparserfromhell.parse(text))


@pytest.mark.parametrize("unit", ["{{{a|}}", "{{{{a|}}}", "{{{{{{}}", "{{{{{a}}}"])
def test_100_kb_of_brace_runs_closed_short_parses_in_under_2_s(unit: str) -> None:
    text = repeated(unit, 100 * KB)
    start = time.process_time()
    article = wikimaint.parse(text)
    elapsed = time.process_time() - start
    assert str(article) == text
    assert elapsed < 2.0


@pytest.mark.parametrize(
    "text",
    ["{" * 13 + "أ|" + "{" * 6 + "}}", "{" * 17 + "ء{{أ|{{}}}}", "{" * 17 + "ء{{أ|{{ }}}}"],
)
def test_a_brace_run_closed_with_nothing_inside_pairs_with_nothing(text: str) -> None:
    # '{{}}' has no name and fails, so its '}}' closes the template open before it (found by
    # hypothesis): a plain stack leaves 17 braces unpaired and masks them.
    assert same_tree(build_tree(text), mwparserfromhell.parse(text))
