"""Random mixes of markup parse in linear time and round-trip; a hostile page is read in blocks.

The mixes (``markupmix``) drive the tokenizer into openers that can close but fail, read
far before they do, again and again: 64 KB took up to 13 s before :mod:`~wikimaint.wikitext.blocks`
and the fixes in :mod:`~wikimaint.wikitext.unclosed`. The patterns are the shapes the mixes
were minimised to, each quadratic on its own.
"""

from __future__ import annotations

import time

import mwparserfromhell
import pytest

import wikimaint
from markupmix import PATTERNS, mix, pattern
from test_parse import check_spans
from wikimaint.wikitext.blocks import BLOCK, LONGEST, crossed, cut_points, pair_tags, pairs
from wikimaint.wikitext.builder import build_tree, same_tree
from wikimaint.wikitext.unclosed import hostile

KB = 1024


def parse_timed(text: str) -> float:
    """Parse *text*, check the article holds it whole, and return the CPU time it took."""
    start = time.process_time()
    article = wikimaint.parse(text)
    elapsed = time.process_time() - start
    assert str(article) == text
    check_spans(article, text)
    return elapsed


@pytest.mark.parametrize("seed", range(30))
def test_a_random_mix_of_64_kb_parses_in_under_2_s(seed: int) -> None:
    assert parse_timed(mix(seed, 64 * KB)) < 2.0  # the bound; before: up to 13 s


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_100_kb_of_a_minimised_pattern_parses_in_under_2_s(name: str) -> None:
    assert parse_timed(pattern(PATTERNS[name], 100 * KB)) < 2.0


# Constructs that cross: the inner one holds the outer one's closer as text, the outer one
# fails after a read to the end of the page. Each opener pairs with a closer of its kind.
CROSSED = {
    "tag across a template": "{{أ|<ref>}}</ref>",
    "tag across a link's text": "[[أ|<div>]]</div>",
    "link across a tag": "<ref>[http://a.iq </ref>]",
    "tag across a link's title": "[http://a.iq <ref>]</ref>",
}


@pytest.mark.parametrize("name", sorted(CROSSED))
def test_100_kb_of_crossed_constructs_parses_in_under_2_s(name: str) -> None:
    unit = CROSSED[name]
    assert parse_timed(unit * (100 * KB // len(unit))) < 2.0  # before: 22 s for 64 KB


def test_only_an_inner_construct_that_holds_the_closer_fails_the_outer_one() -> None:
    def failed(text: str) -> list[int]:
        return sorted(crossed(text, pairs(text), pair_tags(text)[0]))

    assert failed("{{أ|<ref>}}</ref>") == [0, 1]  # the ref's body holds '}}'
    assert failed("<ref>[http://a.iq </ref>]") == [0]  # the link's title holds '</ref>'
    assert failed("{{أ|[[ب}}]]") == []  # a link's title fails at '}': the template closes
    assert failed("<ref>{{أ</ref>}}") == []  # a template's name fails at '<'
    assert not hostile("{{أ|<ref>}}</ref>" * 8 + "ب" * LONGEST)  # 16 braces fail, no more
    assert hostile("{{أ|<ref>}}</ref>" * 9 + "ب" * LONGEST)


def test_a_closing_tag_in_an_attribute_closes_nothing() -> None:
    assert pair_tags('<div a="</div>') == ([], [0])
    assert pair_tags('<div a="ب"></div><br></div>') == ([(0, 11)], [])


def test_tags_pair_with_the_last_opening_tag_of_their_name() -> None:
    text = "<div><ref><span></ref></span></div>"
    assert pair_tags(text) == ([(5, 16), (0, 29)], [10])


def test_a_hostile_page_is_cut_after_line_ends_no_pair_spans() -> None:
    # Each line a citation (a pair) and an unclosed link; every third line a template
    # spanning the line end, where no cut may fall.
    lines = [
        "{{استشهاد ويب|مسار=https://a.iq|عنوان=بغداد}} [[بغداد|" + ("{{أ|\n}}" if i % 3 else "")
        for i in range(3000)
    ]
    text = "\n".join(lines)
    assert hostile(text)
    cuts = cut_points(text)
    assert cuts
    spans = pairs(text)
    for start, end in zip([0, *cuts], cuts, strict=False):
        assert BLOCK <= end - start <= LONGEST
        assert text[end - 1] == "\n"
        assert not any(open_ < end <= close for open_, close in spans)
    assert parse_timed(text) < 2.0
    names = [str(t.name) for t in build_tree(text).filter_templates()]
    assert names.count("استشهاد ويب") == 3000  # no citation cut in two
    assert names.count("أ") == 2000


def test_a_page_with_no_line_end_is_cut_at_the_longest_block() -> None:
    text = "{{أ|" * (10 * LONGEST // 4)
    cuts = cut_points(text)
    assert [end - start for start, end in zip([0, *cuts], cuts, strict=False)] == [LONGEST] * 9
    assert str(build_tree(text)) == text


def test_a_page_that_is_not_hostile_is_read_whole() -> None:
    text = "{{استشهاد ويب|مسار=https://a.iq|عنوان=بغداد}}\n[[بغداد]] ''نص''\n" * 200 + "{{أ|" * 8
    assert len(text) > LONGEST
    assert not hostile(text)  # 16 braces unpaired, no more
    assert same_tree(build_tree(text), mwparserfromhell.parse(text))
    assert hostile(text + "{")
