"""Wikitext: text -> tree -> :class:`~wikimaint.wikitext.model.Article`; pure, no I/O.

``builder`` turns mwparserfromhell's tokens into mwparserfromhell's own tree, faster than the
library's builder, with ``unclosed`` keeping hostile text linear and bounded in depth
and ``blocks`` reading a hostile page in blocks;
``tree`` indexes that tree (spans, lines, plain text); ``parse`` walks it once and builds
the ``model`` (infobox, sections, citations and their reuse, links, categories), with
``refs`` reading the citations. ``names`` knows template and parameter aliases (Arabic <->
canonical English), ``arabic`` digits, marks and folding, and ``dates`` month names and
citation dates. Every layer above reads articles through this package; it imports nothing
above the ground (errors, i18n, gcpause).
"""
