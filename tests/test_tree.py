"""The tree utilities' shortcuts give what the slow, obvious way gives."""

from __future__ import annotations

import re
from typing import Any

import mwparserfromhell
from hypothesis import HealthCheck, given, settings
from mwparserfromhell.nodes import ExternalLink, Tag, Template

from test_parse import TEXT
from wikimaint.wikitext.tree import _plain, index_tree, plain_text

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _codes(tree: Any) -> list[Any]:
    """Return every wikicode in *tree*, the tree first."""
    found = [tree]
    for node in tree.ifilter(recursive=True):
        found.extend(node.__children__())
    return found


@given(TEXT)
@SETTINGS
def test_within_gives_the_nodes_ifilter_gives_in_its_order(text: str) -> None:
    tree = mwparserfromhell.parse(text)
    index = index_tree(tree)
    for code in _codes(tree):
        templates = [v.node for v in index.within(index.templates, code)]
        links = [v.node for v in index.within(index.external_links, code)]
        assert [id(n) for n in templates] == [
            id(n) for n in code.ifilter(recursive=True, forcetype=Template)
        ]
        assert [id(n) for n in links] == [
            id(n) for n in code.ifilter(recursive=True, forcetype=ExternalLink)
        ]


def test_within_a_ref_leaves_out_what_follows_it() -> None:
    text = "<ref>{{استشهاد ويب|مسار=http://a.iq}} [http://b.iq ب]</ref>{{مراجع}} http://c.iq"
    tree = mwparserfromhell.parse(text)
    index = index_tree(tree)
    ref = next(n for n in tree.nodes if isinstance(n, Tag))
    names = [str(v.node.name) for v in index.within(index.templates, ref.contents)]
    assert names == ["استشهاد ويب"]
    urls = [str(v.node.url) for v in index.within(index.external_links, ref.contents)]
    assert urls == ["http://a.iq", "http://b.iq"]  # a bare URL in a parameter is a link too


def _plain_slowly(code: Any) -> str:
    """Return the plain text the long way: every node walked, every space rule applied."""
    parts: list[str] = []
    _plain(code.nodes, parts, str)
    text = re.sub(r"[ \t]+", " ", "".join(parts))
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n\s*\n\s*(?:\n\s*)+", "\n\n", text).strip()


@given(TEXT)
@SETTINGS
def test_plain_text_shortcuts_agree_with_the_long_way(text: str) -> None:
    tree = mwparserfromhell.parse(text)
    sliced = index_tree(tree).slicer(text)  # what the builder passes
    for code in _codes(tree):
        slow = _plain_slowly(code)
        assert plain_text(code) == slow
        assert plain_text(code, sliced) == slow


def test_plain_text_of_one_text_node_is_stripped_and_spaced() -> None:
    value = mwparserfromhell.parse("  ١٢ كانون  الثاني\t٢٠٢٠ \n").nodes
    assert plain_text(value) == "١٢ كانون الثاني ٢٠٢٠"
    assert plain_text(mwparserfromhell.parse("\u200fغارات\n\n\n\nجوية ")) == "\u200fغارات\n\nجوية"


def test_within_a_bare_urls_own_text_is_not_the_link_itself() -> None:
    tree = mwparserfromhell.parse("http://example.org/")
    index = index_tree(tree)
    link = tree.nodes[0]
    assert isinstance(link, ExternalLink)
    assert [v.node for v in index.within(index.external_links, tree)] == [link]
    assert index.within(index.external_links, link.url) == []
