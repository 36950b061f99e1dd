"""HTML reports people look at: one article's citations, and a whole-wiki scan.

How the modules join:

- :mod:`~wikimaint.reports.templating` builds the one Jinja2 environment (autoescape on
  everywhere; :func:`~wikimaint.reports.templating.web_url` decides which URLs may become
  links) and holds the interface words in both languages.
- :mod:`~wikimaint.reports.worddiff` turns a finding's fix into a word-level diff.
- :mod:`~wikimaint.reports.article` renders a :class:`~wikimaint.citations.check.Report`
  (``citation-check --format html``).
- :mod:`~wikimaint.reports.scandb` reads a scan's SQLite database (the tables the scan
  writes) and adds, idempotently, the indexes, views and full-text table the reports and
  Datasette read.
- :mod:`~wikimaint.reports.charts` draws the scan's charts offline as inline SVG (pygal).
- :mod:`~wikimaint.reports.scan` writes ``DIR/report/`` (``wikimaint report DIR``): an
  index with charts and tables, one paginated listing per rule, the articles' own pages.
- :mod:`~wikimaint.reports.browse` writes Datasette's metadata and starts Datasette on
  127.0.0.1 (``wikimaint browse DIR``; the optional extra ``browse``).

Every page is self-contained: styles and the small table script are inlined, charts are
SVG in the page, and no page asks for anything over the network.
"""

from __future__ import annotations

from wikimaint.reports.article import render_article_html
from wikimaint.reports.browse import browse_command, prepare_browse
from wikimaint.reports.scan import ReportSummary, write_scan_report

__all__ = [
    "ReportSummary",
    "browse_command",
    "prepare_browse",
    "render_article_html",
    "write_scan_report",
]
