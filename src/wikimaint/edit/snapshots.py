"""The ``save-snapshot`` task: ask Save Page Now 2 for the live links no archive has.

:func:`request_snapshots` reads the ``archive-none-anywhere`` findings of a check. Given no
:class:`~wikimaint.links.spn.SavePageNow` (a dry run), it only says which URLs it would
submit. Given one, it submits each URL once, waits for the capture, and gives each of those
findings the fix that writes the new snapshot into the citation (``مسار أرشيف`` and
``تاريخ أرشيف`` in the article's date style), which :func:`~wikimaint.edit.fixes.apply_fixes`
then applies with the task's Arabic summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from wikimaint.citations.registry import Fix, set_param
from wikimaint.citations.rules.common import archive_date_style
from wikimaint.wikitext.arabic import format_date

if TYPE_CHECKING:
    from collections.abc import Sequence

    from wikimaint.citations.registry import Finding
    from wikimaint.links.spn import SavePageNow, SaveResult
    from wikimaint.wikitext.model import Article

__all__ = ["RULE", "SnapshotRequests", "request_snapshots"]

RULE = "archive-none-anywhere"
"""The rule whose findings the task acts on."""


@dataclass
class SnapshotRequests:
    """Represents what the task did: the URLs (to be) submitted and what SPN2 answered."""

    urls: list[str] = field(default_factory=list)
    results: dict[str, SaveResult] = field(default_factory=dict)
    dry_run: bool = True


def request_snapshots(
    article: Article, findings: Sequence[Finding], saver: SavePageNow | None
) -> tuple[list[Finding], SnapshotRequests]:
    """Return *findings* (those whose capture completed now with a fix) and what was asked.

    Without *saver* nothing is sent: the URLs are only listed.
    """
    wanted = [f for f in findings if f.rule == RULE and isinstance(f.args.get("url"), str)]
    requests = SnapshotRequests(list(dict.fromkeys(str(f.args["url"]) for f in wanted)))
    requests.dry_run = saver is None
    if saver is None:
        return list(findings), requests
    for url in requests.urls:
        requests.results[url] = saver.save(url)
    by_citation = {c.index: c for c in article.citations}
    out: list[Finding] = []
    for finding in findings:
        result = requests.results.get(str(finding.args.get("url"))) if finding in wanted else None
        citation = by_citation.get(finding.citation or 0)
        template = citation.template if citation is not None else None
        if result is None or result.status != "saved" or template is None:
            out.append(finding)
            continue
        assert result.archive_url is not None
        assert result.when is not None
        day = format_date(result.when.date(), archive_date_style(article, template))
        changes = (
            set_param(template, "archive-url", result.archive_url),
            set_param(template, "archive-date", day),
        )
        out.append(replace(finding, fix=Fix(changes)))
    return out, requests
