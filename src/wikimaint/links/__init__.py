"""Links: what the web and its archives say about a cited URL.

``archives`` reads archive URLs (which service, which page, when) from the table of
``services``, each kind of URL by its reader in ``shapes`` and its time by ``stamps``;
``urls`` compares URLs; ``pages`` reads a fetched page (charset, title, words, "not
found" signs); ``checker`` checks a link over HTTP (dead, redirected home, soft 404);
``wayback`` asks the Wayback Machine for snapshots, ``memento`` any other archive (the
TimeTravel aggregator, TimeGates, Link headers), ``lookups`` both in that order;
``snapshots`` checks a snapshot on any archive; ``spn`` asks Save Page Now 2 for one;
``history`` keeps every check in SQLite
so that a link is called dead only after repeated failures days apart; ``options`` says
how to run the live checks, each option bounded; ``live`` gathers an
article's URLs, archives and lookups into one batch for one fetcher, and the online rules
read its results. For filling bare references: ``decode`` reads a page's bytes in their
charset, ``titles`` takes the site's name off a title, ``pagemeta`` merges what a page says
of itself (JSON-LD, microdata, Highwire, OpenGraph, Dublin Core, its title) in an order of
trust, ``junk`` tells the pages that must not be cited, and ``reader`` fetches, judges and
remembers cited pages for fill-refs. It knows
articles only as the ``wikitext`` model, and fetches only through ``net``.
"""
