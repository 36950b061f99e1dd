"""One article's citation report as a self-contained HTML page (``--format html``).

The references come in page order, each with its template, its URL and archive as links,
its dates, its findings (severity, rule, message in the chosen language, line and column)
and, where a finding carries a fix, the change as a word-level diff. The header counts
citations, uses and findings by severity. Arabic pages are right-to-left; URLs and
wikitext sit in left-to-right boxes inside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wikimaint.citations.report import online_summary
from wikimaint.i18n import message
from wikimaint.reports.templating import render
from wikimaint.reports.worddiff import Piece, fix_diff

if TYPE_CHECKING:
    from wikimaint.citations.check import Report
    from wikimaint.citations.registry import Finding
    from wikimaint.wikitext.model import Article, Citation

__all__ = ["CitationView", "FindingView", "render_article_html"]


@dataclass(frozen=True)
class FindingView:
    """Represents one finding as the page shows it."""

    rule: str
    severity: str
    message: str
    line: int
    column: int
    fix: list[list[Piece]] = field(default_factory=list)


@dataclass(frozen=True)
class CitationView:
    """Represents one reference as the page shows it, with its findings."""

    label: str
    line: int | None
    template: str | None
    title: str
    url: str | None
    archive_url: str | None
    date: str
    access_date: str
    archive_date: str
    raw: str
    findings: list[FindingView]


def _finding(report: Report, finding: Finding, lang: str, citation: Citation | None) -> FindingView:
    line, column = report.article.position(finding.offset)
    template = citation.template if citation is not None else None
    return FindingView(
        rule=finding.rule,
        severity=finding.severity,
        message=finding.message(lang),
        line=line,
        column=column,
        fix=fix_diff(finding.fix, template) if finding.fix is not None else [],
    )


def _citation(article: Article, citation: Citation, findings: list[FindingView]) -> CitationView:
    template = citation.template
    use = citation.definition or (citation.uses[0] if citation.uses else None)

    def text(key: str) -> str:
        return template.text(key) if template is not None else ""

    return CitationView(
        label=citation.label,
        line=article.position(use.span[0])[0] if use else None,
        template=template.name.strip() if template is not None else None,
        title=text("title") or citation.text or citation.name or "",
        url=text("url") or (citation.urls[0] if citation.urls else None),
        archive_url=text("archive-url") or None,
        date=text("date"),
        access_date=text("access-date"),
        archive_date=text("archive-date"),
        raw=citation.raw,
        findings=findings,
    )


def render_article_html(report: Report, lang: str = "ar") -> str:
    """Return the HTML page of *report* in *lang* (``ar``: right-to-left)."""
    article = report.article
    by_index = {c.index: c for c in article.citations}
    found: dict[int | None, list[FindingView]] = {}
    for finding in report.findings:
        citation = by_index.get(finding.citation) if finding.citation is not None else None
        key = finding.citation if citation is not None else None
        found.setdefault(key, []).append(_finding(report, finding, lang, citation))
    citations = [_citation(article, c, found.get(c.index, [])) for c in article.citations]
    return render(
        "article.html.j2",
        lang,
        title=article.title or message("html.untitled", lang),
        online=online_summary(report.online, lang) if report.online is not None else "",
        counts=report.counts(),
        citations=citations,
        uses=sum(len(c.uses) for c in article.citations),
        general=found.get(None, []),
        today=report.today.isoformat(),
        rule_count=len(report.rules),
    )
