"""Turn findings into edits on the article's tree, with an Arabic edit summary.

:func:`apply_fixes` applies the :class:`~wikimaint.citations.registry.Fix` of each finding
that belongs to one of the chosen *tasks*, task by task, re-parsing the page before a task
that has work to do when an earlier one changed it, so each sees the text the last one
left. Edits go through the mwparserfromhell tree, so text that no fix touches comes back
byte for byte.

Tasks and the rules whose fixes they apply:

``fill-refs``
    ``bare-url``: replace a bare link with a citation template filled from the page it
    cites (:mod:`wikimaint.edit.fillrefs`; needs the pages read, ``pages=``), or tag it
    ``{{وصلة مكسورة}}`` when the history confirms it dead.
``archive``
    ``archive-found``: add ``archive-url`` and ``archive-date`` from a lookup (the Wayback
    Machine first, then any archive through Memento).
``save-snapshot``
    ``archive-none-anywhere``: a live link no archive has; Save Page Now 2 is asked for a
    capture (:mod:`wikimaint.edit.snapshots`), which is then added. Only when asked for by
    name, never in the default tasks.
``archive-dates``
    ``archive-date-missing`` and ``archive-date-mismatch``: fill or correct the date.
``dead-links``
    ``link-dead``: tag the link ``{{وصلة مكسورة|تاريخ=…}}`` (never twice, never when the
    citation has an archive).
``infobox``
    apply an infobox data file through :func:`wikimaint.infobox.apply`.

The edit summary names what was done and how many citations, with Western digits as in
the article text and citation templates of Arabic Wikipedia (templates cannot read
Arabic-Indic digits), e.g. ``بوت: إضافة أرشيف إلى 3 مراجع، تعليم وصلتين مكسورتين``.

>>> from wikimaint import parse
>>> from wikimaint.citations.check import check_citations
>>> text = ("نص.<ref>{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ|"
...         "مسار أرشيف=https://web.archive.org/web/20240124120530/https://x.iq/a}}</ref>")
>>> article = parse(text)
>>> result = apply_fixes(article, check_citations(article).findings)
>>> result.summary
'بوت: إضافة تاريخ الأرشيف إلى مرجع واحد'
>>> "|تاريخ أرشيف=2024-01-24}}" in result.text
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mwparserfromhell.nodes import Text

from wikimaint.edit.fillrefs import fill_refs
from wikimaint.edit.tasks import TASK_RULES, TASKS
from wikimaint.errors import UsageError
from wikimaint.infobox.style import read_slots, split_value, style_of
from wikimaint.infobox.write import apply as apply_infobox
from wikimaint.jsontext import MAX_DIGITS
from wikimaint.wikitext.names import canonical_param
from wikimaint.wikitext.parse import parse

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from mwparserfromhell.nodes import Template
    from mwparserfromhell.nodes.extras import Parameter

    from wikimaint.citations.registry import Change, Finding
    from wikimaint.links.reader import PageResult
    from wikimaint.wikitext.model import Article, Citation, TemplateCall

__all__ = ["TASKS", "TASK_RULES", "AppliedFix", "FixResult", "SkippedFix", "apply_fixes", "summary"]

#: Where a new parameter goes: right after the first of these the template has.
_ANCHORS: dict[str, tuple[str, ...]] = {
    "archive-url": ("access-date", "url"),
    "archive-date": ("archive-url", "access-date", "url"),
    "url-status": ("archive-date", "archive-url", "access-date", "url"),
}

_DEAD_LINK = "dead-link"


@dataclass(frozen=True)
class AppliedFix:
    """Represents what one fix changed: the task, the rule, which citation, the changes."""

    task: str
    rule: str
    citation: int | None
    label: str
    changes: tuple[Change, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the applied fix."""
        return {
            "task": self.task,
            "rule": self.rule,
            "citation": self.citation,
            "label": self.label,
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True)
class SkippedFix:
    """Represents a fix that was not applied, and why (an English reason code)."""

    task: str
    finding: Finding
    reason: str


@dataclass
class FixResult:
    """Represents the outcome of :func:`apply_fixes`: the new text, what changed, the summary."""

    original: str
    text: str
    article: Article
    applied: list[AppliedFix] = field(default_factory=list)
    skipped: list[SkippedFix] = field(default_factory=list)
    summary: str = ""

    @property
    def changed(self) -> bool:
        """Return whether the text differs from the original."""
        return self.text != self.original

    def counts(self) -> dict[str, int]:
        """Return how many distinct citations each rule (or ``infobox``) changed."""
        seen: dict[str, set[int | None]] = {}
        for fix in self.applied:
            seen.setdefault(fix.rule, set()).add(fix.citation)
        return {rule: len(citations) for rule, citations in seen.items()}


def apply_fixes(
    article: Article,
    findings: Iterable[Finding],
    *,
    tasks: Sequence[str] = TASKS,
    infobox: dict[str, Any] | None = None,
    pages: Mapping[str, PageResult] | None = None,
    max_digits: int = MAX_DIGITS,
) -> FixResult:
    """Return the result of applying the fixes of *findings* that belong to *tasks*.

    The first task with something to do edits ``article.tree`` in place; the page is
    re-parsed before a later one when an earlier one changed it. *infobox* is the data the
    ``infobox`` task applies (no data: nothing to do), its integers bounded by *max_digits*
    as when it was read (:func:`wikimaint.infobox.apply`); *pages* what the cited pages say, by
    URL, for ``fill-refs`` (:func:`wikimaint.edit.fillrefs.read_pages`; none: nothing to do).
    A fix that no longer fits the text
    (the citation is gone, already archived or already tagged) is skipped and listed in
    ``skipped``.

    Raises:
        UsageError: for a task name that is not in :data:`TASKS`.

    """
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        raise UsageError(f"unknown task(s): {', '.join(unknown)}; known: {', '.join(TASKS)}")
    original = str(article.tree)
    findings = list(findings)
    result = FixResult(original=original, text=original, article=article)
    current, source = article, original
    for task in (t for t in TASKS if t in tasks):
        data = infobox if task == "infobox" else None
        wanted = TASK_RULES.get(task, ())
        filling = task == "fill-refs"
        chosen = [f for f in findings if f.rule in wanted and (filling or f.fix is not None)]
        if (data is None and not chosen) or (filling and not pages):
            continue  # nothing to do, so no need to read the page afresh
        if result.text != source:  # an earlier task changed the page: read it afresh
            current, source = parse(result.text, article.title), result.text
        if data is not None:
            _apply_infobox(current, data, result, max_digits)
        elif filling and pages:
            _apply_fill(current, chosen, pages, result)
        else:
            _apply_task(current, task, chosen, result)
        result.text = str(current.tree)
    result.article = current
    result.summary = summary(result)
    return result


def _apply_infobox(
    article: Article, data: dict[str, Any], result: FixResult, max_digits: int
) -> None:
    before = str(article.tree)
    if apply_infobox(article, data, max_digits=max_digits) != before:  # it edits the tree
        result.applied.append(AppliedFix("infobox", "infobox", None, "", ()))


def _apply_fill(
    article: Article, findings: list[Finding], pages: Mapping[str, PageResult], result: FixResult
) -> None:
    by_citation = {f.citation: f for f in findings if f.citation is not None}
    for outcome in fill_refs(article, pages, only=set(by_citation)):
        finding = by_citation[outcome.citation]
        if outcome.action == "left":
            result.skipped.append(SkippedFix("fill-refs", finding, outcome.reason))
            continue
        rule = "bare-url" if outcome.action == "filled" else "link-dead"
        result.applied.append(
            AppliedFix("fill-refs", rule, outcome.citation, outcome.label, outcome.changes)
        )


def _apply_task(article: Article, task: str, findings: list[Finding], result: FixResult) -> None:
    dead_tagged = _dead_link_tagged(article)
    for finding in findings:
        assert finding.fix is not None
        citation = _citation(article, finding.citation)
        if citation is None:
            result.skipped.append(SkippedFix(task, finding, "no-such-citation"))
            continue
        reason = _stale(citation, finding, dead_tagged)
        if reason is not None:
            result.skipped.append(SkippedFix(task, finding, reason))
            continue
        done = [c for c in finding.fix.changes if _apply_change(article, citation, c)]
        if any(c.action == "append" and c.key == "dead link" for c in done):
            dead_tagged.add(citation.index)
        if done:
            result.applied.append(
                AppliedFix(task, finding.rule, citation.index, citation.label, tuple(done))
            )
        else:
            result.skipped.append(SkippedFix(task, finding, "unchanged"))


def _citation(article: Article, index: int | None) -> Citation | None:
    if index is None or not 1 <= index <= len(article.citations):
        return None
    citation = article.citations[index - 1]
    return citation if citation.index == index else None


def _dead_link_tagged(article: Article) -> set[int]:
    """Return the citations that already carry a dead-link tag (inside or after the ref)."""
    tagged = {t.citation for t in article.maintenance_tags if t.tag == _DEAD_LINK}
    return {c for c in tagged if c is not None}


def _stale(citation: Citation, finding: Finding, dead_tagged: set[int]) -> str | None:
    """Return why *finding*'s fix no longer fits *citation*, or None if it does."""
    assert finding.fix is not None
    template = citation.template
    archived = bool(template and template.text("archive-url")) or any(
        extra.kind == "archive" for extra in citation.extras
    )
    for change in finding.fix.changes:
        if change.action == "append":
            if change.key == "dead link" and citation.index in dead_tagged:
                return "already-tagged"
            if change.key == "dead link" and archived:
                return "has-archive"
        elif template is None:
            return "no-template"
        elif change.action == "set" and change.key == "archive-url" and archived:
            existing = template.text("archive-url")
            if existing != (change.value or "").strip():
                return "has-archive"
    return None


def _apply_change(article: Article, citation: Citation, change: Change) -> bool:
    """Apply one change; return whether the text changed."""
    if change.action == "append":
        return _append(article, citation, change.value or "")
    template = citation.template
    assert template is not None
    param = template.get(change.key)
    if change.action == "remove":
        if param is None:
            return False
        template.node.remove(param.node)
        template.params.remove(param)
        return True
    value = (change.value or "").strip()
    if param is not None:
        old = str(param.node.value)
        if old.strip() == value:
            return False
        lead = old[: len(old) - len(old.lstrip())]
        trail = old[len(old.rstrip()) :]
        param.node.value = lead + value + trail
        return True
    _add_param(template, change.key, change.name, value)
    return True


def _append(article: Article, citation: Citation, wikitext: str) -> bool:
    """Put *wikitext* right after the citation's template (or at the end of its ref)."""
    if not wikitext:
        return False
    if citation.template is not None:
        article.tree.insert_after(citation.template.node, wikitext)
        return True
    definition = citation.definition
    if definition is None:
        return False
    contents = definition.node.contents
    last = None
    for node in contents.nodes:
        if not (isinstance(node, Text) and not node.value.strip()):
            last = node
    if last is None:
        contents.append(wikitext)
    else:
        contents.insert_after(last, wikitext, recursive=False)
    return True


def _add_param(template: TemplateCall, key: str, name: str, value: str) -> None:
    """Add parameter *name* to *template*, placed after its neighbour, spaced as most are.

    The spacing is read as an infobox's is (:func:`~wikimaint.infobox.style.style_of`):
    names padded to one width stay aligned; otherwise the name is padded as its
    neighbour's is.
    """
    node: Template = template.node
    style = style_of(node, read_slots(node, None))
    named = [p for p in node.params if p.showkey]
    anchor = _anchor(template, key)
    if anchor is None and (named or node.params):
        anchor = (named or node.params)[-1]
    trail = style.between
    if anchor is not None and anchor is node.params[-1]:
        lead, core, old = split_value(str(anchor.value))
        if old != style.between:
            anchor.value = lead + core + style.between
        trail = style.end
    new = node.add(name, value, showkey=True, after=anchor, preserve_spacing=False)
    model = anchor if anchor is not None and anchor.showkey else None
    if model is None and named:
        model = named[-1]
    if style.align is None and model is not None:  # not aligned: as its neighbour is
        before, _, after = split_value(str(model.name))
        new.name = before + name + after
    else:
        new.name = style.name_field(name)
    new.value = style.value_field(value, trail)


def _anchor(template: TemplateCall, key: str) -> Parameter | None:
    """Return the parameter a new *key* goes after (read from the tree: it may be new)."""
    params = [p for p in template.node.params if p.showkey]
    keys = [canonical_param(str(p.name).strip()) for p in params]
    for neighbour in _ANCHORS.get(key, ()):
        found = [p for p, k in zip(params, keys, strict=True) if k == neighbour]
        if found:
            return found[-1]
    return None


# The edit summary ------------------------------------------------------------------------


def _count(n: int, one: str, two: str, few: str, many: str) -> str:
    """Return *n* things in Arabic: the dual for 2, plural for 3–10, singular from 11 on."""
    if n == 1:
        return one
    if n == 2:
        return two
    rest = n % 100
    if 3 <= rest <= 10:
        return f"{n} {few}"
    if rest >= 11:
        return f"{n} {many}"
    return f"{n} {many.removesuffix('ًا')}"  # 100, 101, 102, 200…: the plain singular


def _citations(n: int) -> str:
    return _count(n, "مرجع واحد", "مرجعين", "مراجع", "مرجعًا")


def _dead_links(n: int) -> str:
    return _count(n, "وصلة مكسورة واحدة", "وصلتين مكسورتين", "وصلات مكسورة", "وصلة مكسورة")


_PHRASES: dict[str, Callable[[int], str]] = {
    "bare-url": lambda n: f"ملء {_citations(n)} من صفحاتها",
    "archive-found": lambda n: f"إضافة أرشيف إلى {_citations(n)}",
    "archive-none-anywhere": lambda n: f"حفظ نسخة جديدة في أرشيف الإنترنت لـ{_citations(n)}",
    "archive-date-missing": lambda n: f"إضافة تاريخ الأرشيف إلى {_citations(n)}",
    "archive-date-mismatch": lambda n: f"تصحيح تاريخ الأرشيف في {_citations(n)}",
    "link-dead": lambda n: f"تعليم {_dead_links(n)}",
    "infobox": lambda _n: "تحديث صندوق المعلومات",
}


def summary(result: FixResult) -> str:
    """Return the Arabic edit summary for *result* ('' when nothing changed).

    >>> _citations(3), _citations(11), _dead_links(2)
    ('3 مراجع', '11 مرجعًا', 'وصلتين مكسورتين')
    """
    if not result.changed:
        return ""
    counts = result.counts()
    order = [rule for task in TASKS for rule in TASK_RULES.get(task, (task,))]
    parts = [_PHRASES[rule](counts[rule]) for rule in order if rule in counts]
    return "بوت: " + "، ".join(parts) if parts else "بوت: صيانة"
