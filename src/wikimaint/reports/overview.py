"""What the scan report's index says: each rule's counts and the four charts.

The charts: findings by rule and severity; pages by status; the sites with the most
findings of the :data:`~wikimaint.reports.scandb.HOST_RULES` (dead links where live
results exist, missing archives always); and how many pages have how many findings.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from wikimaint.i18n import message
from wikimaint.reports.charts import SEVERITY_COLOURS, bars, stacked_bars
from wikimaint.reports.scandb import HOST_RULES
from wikimaint.reports.templating import status_name

if TYPE_CHECKING:
    from markupsafe import Markup

    from wikimaint.reports.scandb import Run, ScanDatabase

__all__ = ["SEVERITIES", "TOP_HOSTS", "charts", "rule_counts"]

TOP_HOSTS = 15
SEVERITIES = ("error", "warning", "info")
_BUCKETS = ((1, 1), (2, 2), (3, 5), (6, 10), (11, 20), (21, 50), (51, 100), (101, None))
_HOST_COLOURS = ("#b3261e", "#7b1fa2", "#5d4037", "#d98e04", "#0b62a4")
_STEEL = "#3c6e71"


def rule_counts(scan: ScanDatabase, run: Run) -> list[dict[str, Any]]:
    """Return each rule that fired in *run*: its findings by severity, in all, and its pages."""
    described = {
        rule: (severity, ar, en)
        for rule, severity, ar, en in scan.rows(
            "SELECT id, severity, description_ar, description_en FROM rules"
        )
    }
    found: dict[str, dict[str, Any]] = {}
    for rule, severity, count, pages in scan.rows(
        "SELECT rule, severity, count(*), count(DISTINCT page) FROM findings"
        " JOIN pages ON pages.id = findings.page WHERE pages.run_id = ?"
        " GROUP BY rule, severity",
        run.id,
    ):
        default, ar, en = described.get(rule, (severity, None, None))
        entry = found.setdefault(
            rule,
            {"rule": rule, "severity": default, "ar": ar, "en": en, "findings": 0, "pages": 0}
            | dict.fromkeys(SEVERITIES, 0),
        )
        entry[severity] = entry.get(severity, 0) + count
        entry["findings"] += count
        entry["pages"] += pages
    return sorted(found.values(), key=lambda r: (-r["findings"], r["rule"]))


def charts(scan: ScanDatabase, run: Run, lang: str, rules: list[dict[str, Any]]) -> list[Markup]:
    """Return the index's four charts as inline SVG, their words in *lang*."""
    shown = rules[::-1]  # pygal draws the first label lowest
    by_rule = stacked_bars(
        "by-rule",
        [r["rule"] for r in shown],
        [
            (message(f"html.severity-{s}", lang), SEVERITY_COLOURS[s], [r[s] for r in shown])
            for s in SEVERITIES
        ],
    )
    statuses = scan.rows(
        "SELECT status, count(*) FROM pages WHERE run_id = ? GROUP BY status ORDER BY 2 DESC",
        run.id,
    )
    by_status = bars(
        "by-status",
        [status_name(s, lang) for s, _ in statuses],
        [n for _, n in statuses],
        message("html.pages", lang),
        _STEEL,
    )
    return [by_rule, by_status, _hosts(scan, run), _per_page(scan, run, lang)]


def _hosts(scan: ScanDatabase, run: Run) -> Markup:
    hosts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(HOST_RULES, 0))
    marks = ",".join("?" * len(HOST_RULES))
    for host, rule, count in scan.stream(
        "SELECT host, rule, count(*) FROM findings JOIN pages ON pages.id = findings.page"  # noqa: S608 - placeholders only
        f" WHERE pages.run_id = ? AND host IS NOT NULL AND rule IN ({marks})"
        " GROUP BY host, rule",
        run.id,
        *HOST_RULES,
    ):
        hosts[host][rule] = count
    top = sorted(hosts.items(), key=lambda item: (-sum(item[1].values()), item[0]))[:TOP_HOSTS]
    top.reverse()
    present = [r for r in HOST_RULES if any(counts[r] for _, counts in top)]
    return stacked_bars(
        "by-host",
        [host for host, _ in top],
        [(r, _HOST_COLOURS[HOST_RULES.index(r)], [c[r] for _, c in top]) for r in present],
    )


def _per_page(scan: ScanDatabase, run: Run, lang: str) -> Markup:
    counts = dict(
        scan.rows(
            "SELECT findings, count(*) FROM pages WHERE run_id = ? AND findings > 0"
            " GROUP BY findings",
            run.id,
        )
    )
    labels, values = [], []
    for low, high in _BUCKETS:
        labels.append(f"{low}" if low == high else f"{low}–{high}" if high else f"{low}+")
        values.append(sum(n for k, n in counts.items() if k >= low and (high is None or k <= high)))
    return bars("per-page", labels, values, message("html.pages-count", lang), _STEEL)
