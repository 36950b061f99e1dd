"""How often each rule is right: its findings on real pages against hand verdicts.

A verdict (``tests/data/verdicts.jsonl``, one JSON object a line) judges one finding on a
page of ``../shared`` — ``file``, ``rule``, ``severity``, ``line``, ``column`` — ``true``
or ``false``, with a one-line ``reason``. :func:`measure` runs the rules on the judged
pages and counts, per rule, the judged findings still reported: a rule's precision is the
share of them judged true. A finding judged true that is no longer reported is *missing*.
``scripts/rule_precision.py`` writes what it measured to ``wikimaint/data/
rule_precision.json``, which ``citation-check --list-rules`` shows.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from wikimaint.citations.check import check_citations
from wikimaint.errors import InputError
from wikimaint.files import read_text
from wikimaint.wikitext.parse import parse

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

__all__ = [
    "MEASURED_ON",
    "RulePrecision",
    "Verdict",
    "load_verdicts",
    "measure",
    "measured_precision",
]

MEASURED_ON = dt.date(2026, 11, 24)
"""The day the judged findings are reported on (future dates are judged against it)."""

_FIELDS = ("file", "rule", "severity", "line", "column", "verdict", "reason")


@dataclass(frozen=True)
class Verdict:
    """Represents one hand verdict on one finding."""

    file: str
    rule: str
    severity: str
    line: int
    column: int
    verdict: bool
    reason: str

    @property
    def key(self) -> tuple[str, str, int, int]:
        """Return what identifies the finding on its page: rule, severity, line, column."""
        return (self.rule, self.severity, self.line, self.column)


@dataclass
class RulePrecision:
    """Represents one rule's judged findings still reported, and the true ones missing."""

    rule: str
    true: int = 0
    false: int = 0
    missing: list[Verdict] = field(default_factory=list)

    @property
    def judged(self) -> int:
        """Return how many of the rule's reported findings have a verdict."""
        return self.true + self.false

    @property
    def precision(self) -> float | None:
        """Return the share of judged findings that are true (None: none judged)."""
        return self.true / self.judged if self.judged else None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (no missing list: it is for the tests)."""
        value = self.precision
        return {
            "judged": self.judged,
            "true": self.true,
            "false": self.false,
            "precision": round(value, 4) if value is not None else None,
        }


def load_verdicts(path: Path) -> list[Verdict]:
    """Return the verdicts in the JSON-lines file *path*.

    Raises:
        InputError: a line is not a verdict (its number says which).

    """
    verdicts: list[Verdict] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            verdicts.append(Verdict(*(item[name] for name in _FIELDS)))
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(f"{path}:{number}: not a verdict ({error})") from None
    return verdicts


def measure(
    verdicts: Iterable[Verdict], root: Path, today: dt.date = MEASURED_ON
) -> dict[str, RulePrecision]:
    """Return each judged rule's precision on the pages under *root* (``../shared``)."""
    by_file: dict[str, list[Verdict]] = {}
    for verdict in verdicts:
        by_file.setdefault(verdict.file, []).append(verdict)
    table: dict[str, RulePrecision] = {}
    for name, judged in sorted(by_file.items()):
        text, _source = read_text(str(root / name))
        article = parse(text)
        report = check_citations(article, today=today)
        reported = set()
        for finding in report.findings:
            line, column = article.position(finding.offset)
            reported.add((finding.rule, finding.severity, line, column))
        for verdict in judged:
            entry = table.setdefault(verdict.rule, RulePrecision(verdict.rule))
            if verdict.key not in reported:
                if verdict.verdict:
                    entry.missing.append(verdict)
            elif verdict.verdict:
                entry.true += 1
            else:
                entry.false += 1
    return table


@cache
def measured_precision() -> dict[str, Any]:
    """Return the precision last measured (``wikimaint/data/rule_precision.json``)."""
    text = resources.files("wikimaint").joinpath("data", "rule_precision.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
