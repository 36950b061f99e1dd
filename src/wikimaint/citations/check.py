"""Run the citation rules over an article and gather a :class:`Report`.

Offline rules read only the article. Given ``online=LiveOptions(...)``, the online rules
run too: every cited URL and archive is first checked over HTTP and the Wayback Machine
asked about citations without an archive (:mod:`wikimaint.links.live`), and the
report's ``online`` section says what that took.

>>> from wikimaint import parse
>>> report = check_citations(parse("نص.<ref>https://www.france24.com/ar/</ref>{{مراجع}}"))
>>> [f.rule for f in report.findings]
['bare-url']
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wikimaint.citations.registry import SEVERITIES, Context, Finding, Severity
from wikimaint.citations.rules import RULES
from wikimaint.errors import UnknownRuleError
from wikimaint.i18n import listing, localized_for
from wikimaint.links.live import LiveOptions, run_live_checks

if TYPE_CHECKING:
    from collections.abc import Iterable

    from wikimaint.wikitext.model import Article

__all__ = [
    "REPORT_SCHEMA_ID",
    "LiveOptions",
    "Report",
    "UnknownRuleError",
    "check_citations",
    "select_rules",
]

REPORT_SCHEMA_ID = "https://wikimaint.example/schemas/report/1.1.0/report.schema.json"


def select_rules(
    only: Iterable[str] | None = None,
    skip: Iterable[str] = (),
    *,
    online: bool = False,
) -> list[str]:
    """Return the rule ids to run: all offline ones (and online ones if asked), or *only*.

    Opt-in rules run only when *only* names them.

    Raises:
        UnknownRuleError: for an id in *only* or *skip* that no rule has.

    """
    wanted = (
        list(only)
        if only
        else [r.id for r in RULES.values() if (online or not r.online) and not r.opt_in]
    )
    unknown = [r for r in [*wanted, *skip] if r not in RULES]
    if unknown:
        raise UnknownRuleError(localized_for("usage.rules", unknown, rules=listing(unknown)))
    skipped = set(skip)
    return [r for r in wanted if r not in skipped]


@dataclass
class Report:
    """Represents what the rules found in one article."""

    article: Article
    findings: list[Finding]
    rules: list[str]
    today: dt.date
    extra: dict[str, Any] = field(default_factory=dict)
    online: dict[str, Any] | None = None
    """What the live checks did (the JSON report's ``online`` section), None when offline."""

    def counts(self) -> dict[str, int]:
        """Return how many findings there are of each severity."""
        counts = Counter(f.severity for f in self.findings)
        return {s: counts.get(s, 0) for s in SEVERITIES}

    def reaches(self, threshold: str) -> bool:
        """Return whether any finding is at *threshold* severity or worse (never: False)."""
        if threshold == "never":
            return False
        worst = SEVERITIES.index(threshold)
        return any(SEVERITIES.index(f.severity) <= worst for f in self.findings)

    def to_dict(self, lang: str = "ar") -> dict[str, Any]:
        """Return the JSON report (see ``schemas/report.schema.json``), messages in *lang*."""
        article = self.article
        by_rule: dict[str, dict[str, int]] = {}
        for finding in self.findings:
            counts = by_rule.setdefault(finding.rule, dict.fromkeys(SEVERITIES, 0))
            counts[finding.severity] += 1
        document: dict[str, Any] = {
            "$schema": REPORT_SCHEMA_ID,
            "title": article.title,
            "today": self.today.isoformat(),
            "language": lang,
            "rules": self.rules,
        }
        if self.online is not None:
            document["online"] = self.online
        return document | {
            "citations": [_citation_summary(article, c) for c in article.citations],
            "findings": [_finding_dict(article, f, lang) for f in self.findings],
            "summary": {
                "by_severity": self.counts(),
                "by_rule": by_rule,
                "total": len(self.findings),
            },
        }


def _citation_summary(article: Article, citation: Any) -> dict[str, Any]:
    template = citation.template
    use = citation.definition or (citation.uses[0] if citation.uses else None)
    line = article.position(use.span[0])[0] if use else None

    def text(key: str) -> str | None:
        return (template.text(key) or None) if template else None

    return {
        "index": citation.index,
        "label": citation.label,
        "name": citation.name,
        "kind": citation.kind,
        "template": template.name if template else None,
        "url": text("url") or (citation.urls[0] if citation.urls else None),
        "title": text("title"),
        "date": text("date"),
        "access_date": text("access-date"),
        "archive_url": text("archive-url"),
        "archive_date": text("archive-date"),
        "uses": len(citation.uses),
        "line": line,
    }


def _finding_dict(article: Article, finding: Finding, lang: str) -> dict[str, Any]:
    line, column = article.position(finding.offset)
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message(lang),
        "citation": finding.citation,
        "line": line,
        "column": column,
        "pointer": finding.pointer,
        "fix": finding.fix.to_dict() if finding.fix else None,
    }


# A finding that another finding on the same citation says better, with its fix: a
# snapshot the Wayback Machine has makes "no archived copy" old news.
_SUPERSEDED_BY = {"missing-archive": "archive-found"}


def _without_superseded(findings: list[Finding]) -> list[Finding]:
    """Return *findings* without those another finding on the same citation supersedes."""
    present = {(f.rule, f.citation) for f in findings}
    return [f for f in findings if (_SUPERSEDED_BY.get(f.rule), f.citation) not in present]


def _order(article: Article) -> dict[int, int]:
    return {c.index: n for n, c in enumerate(article.citations)}


def check_citations(
    article: Article,
    *,
    today: dt.date | None = None,
    rules: Iterable[str] | None = None,
    skip: Iterable[str] = (),
    extra: dict[str, Any] | None = None,
    online: LiveOptions | None = None,
) -> Report:
    """Return the report of running the citation rules over *article*.

    *today* is the date future dates are judged against (default: today, UTC); *rules*
    and *skip* select rules by id (default: every offline rule, and with *online* every
    online rule too). *extra* is handed to the rules that need more than the article.
    With *online*, every cited URL and archive is checked over HTTP first (see
    :class:`LiveOptions`); without it no online rule runs and no request is sent.

    Raises:
        UnknownRuleError: for a rule id in *rules* or *skip* that no rule has.
        InputError: the link history (``online.state_db``) cannot be opened or written.
        FetchError: the Wayback Machine could not be reached at all.

    """
    day = today or dt.datetime.now(dt.UTC).date()
    chosen = select_rules(rules, skip, online=online is not None)
    if online is None:
        chosen = [r for r in chosen if not RULES[r].online]
    context = Context(article, day, extra=dict(extra or {}))
    summary = None
    wanted = [r for r in chosen if RULES[r].online]
    if online is not None and wanted:
        live = run_live_checks(article, online, wanted)
        context.extra["live"] = live
        summary = live.summary()
    findings: list[Finding] = []
    for rule_id in chosen:
        context.rule = RULES[rule_id]
        findings.extend(context.rule.check(context))
    findings = _without_superseded(findings)
    order = _order(article)
    findings.sort(
        key=lambda f: (
            order.get(f.citation, -1) if f.citation is not None else -1,
            f.offset,
            f.rule,
        )
    )
    return Report(article, findings, chosen, day, online=summary)


def worst(severities: Iterable[Severity]) -> Severity | None:
    """Return the worst of *severities*, or ``None`` for none."""
    present = set(severities)
    return next((s for s in SEVERITIES if s in present), None)
