"""Our tree builder makes mwparserfromhell's own tree, attribute for attribute."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mwparserfromhell
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mwparserfromhell.nodes import Tag
from mwparserfromhell.parser.builder import Builder
from mwparserfromhell.parser.errors import ParserError

from conftest import FIXTURE_FILES, corpus_params, read
from test_parse import MARKUP
from wikimaint.wikitext import builder
from wikimaint.wikitext.builder import build_tree, fast_build, same_tree, tokenize

if TYPE_CHECKING:
    from pathlib import Path

SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _library_tree(text: str) -> object:
    return Builder().build(tokenize(text))  # type: ignore[no-untyped-call]


def assert_same_as_library(text: str) -> None:
    ours = fast_build(tokenize(text))
    assert str(ours) == str(mwparserfromhell.parse(text))
    assert same_tree(ours, _library_tree(text))


def test_the_fast_builder_is_in_use() -> None:
    # False would mean a new mwparserfromhell stores its nodes otherwise: parsing still
    # works (the library's builder takes over) but at its speed, and this test says so.
    assert builder.FAST


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in FIXTURE_FILES])
def test_fixtures_build_the_library_tree(path: Path) -> None:
    assert_same_as_library(read(path))


@pytest.mark.parametrize("path", corpus_params())
def test_corpus_builds_the_library_tree(path: Path | None) -> None:
    assert_same_as_library(read(path))


# Markup for every token kind, with the odd corners: attributes quoted, unquoted and empty,
# entities of three kinds, headings, tables, lists, bracketed links with and without titles.
MORE_MARKUP = st.sampled_from(
    [
        '<ref name="أ" group=ب>',
        "<ref name='c' />",
        "<div style=\"a\" class = 'b' hidden>",
        "</div>",
        "<span title=>",
        "</span>",
        "<br>",
        "</br>",
        "<nowiki>",
        "</nowiki>",
        "&amp;",
        "&#1575;",
        "&#x627;",
        "&#X41;",
        "\n== عنوان ==\n",
        "\n=== ع ===",
        "\n{|",
        "\n|-",
        "\n| ",
        " || ",
        "\n! ",
        "\n|}",
        "\n* ",
        "\n# ",
        "\n; ",
        " : ",
        "\n----",
        "[https://a.iq]",
        "[https://a.iq عنوان]",
        "[https://a.iq''ملاصق'']",
        "https://b.iq/x",
        "[[ملف:أ.jpg|تصغير|نص]]",
        "{{{1|",
        "|x=",
        "=",
    ]
)
RICH_TEXT = st.lists(st.one_of(MARKUP, MORE_MARKUP, st.text(max_size=4)), max_size=40).map("".join)


@given(RICH_TEXT)
@SETTINGS
def test_any_text_builds_the_library_tree(text: str) -> None:
    assert_same_as_library(text)


@given(RICH_TEXT)
@SETTINGS
def test_build_tree_prints_its_input(text: str) -> None:
    tree = build_tree(text)
    assert str(tree) == text  # NUL too, where the library's C tokenizer stops
    if "\x00" not in text:
        assert same_tree(tree, mwparserfromhell.parse(text))


def test_a_self_closing_tag_keeps_one_object_for_both_names() -> None:
    tree = fast_build(tokenize("<ref name=أ />"))
    ref = tree.nodes[0]
    assert isinstance(ref, Tag)
    assert ref.closing_tag is ref.tag  # so renaming the tag renames both, as in the library
    ref.tag = "references"
    assert str(tree) == "<references name=أ />"


def test_a_link_title_right_after_its_url_keeps_no_space() -> None:
    text = "[https://a.iq''ملاصق''] [https://a.iq عنوان]"
    links = fast_build(tokenize(text)).filter_external_links()
    assert [link.suppress_space for link in links] == [True, False]
    assert same_tree(fast_build(tokenize(text)), _library_tree(text))


def test_same_tree_tells_trees_apart() -> None:
    one = mwparserfromhell.parse("{{أ|ب}}")
    assert same_tree(one, mwparserfromhell.parse("{{أ|ب}}"))
    assert not same_tree(one, mwparserfromhell.parse("{{أ|ج}}"))
    assert not same_tree(one, mwparserfromhell.parse("{{أ|1=ب}}"))  # the key shown
    assert not same_tree(one, mwparserfromhell.parse("[[أ|ب]]"))
    shared = mwparserfromhell.parse("<br/>")
    copied = mwparserfromhell.parse("<br/>")
    tag = copied.nodes[0]
    assert isinstance(tag, Tag)
    tag.closing_tag = mwparserfromhell.parse("br")
    assert str(shared) == str(copied)
    assert not same_tree(shared, copied)


@pytest.mark.parametrize(
    "text",
    ["{{أ|ب}}", "[[أ|ب]]", "<ref>أ</ref>", "<!--أ-->", "== أ ==", "{{{أ}}}", "[http://a.iq أ]"],
)
def test_tokens_cut_short_are_refused_like_the_library_refuses_them(text: str) -> None:
    tokens = tokenize(text)[:-1]  # without the closing token
    with pytest.raises(ParserError):
        fast_build(list(tokens))
    with pytest.raises(ParserError):
        Builder().build(list(tokens))  # type: ignore[no-untyped-call]


def test_without_the_fast_builder_the_library_builds_the_same_tree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "{{استشهاد ويب|مسار=https://x.iq|عنوان=بغداد}} [[العراق|عراق]]<ref name=أ/>"
    monkeypatch.setattr(builder, "FAST", False)  # as on an mwparserfromhell that fails the probe
    tree = build_tree(text)
    assert str(tree) == text
    assert same_tree(tree, mwparserfromhell.parse(text))
