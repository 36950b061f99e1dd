"""Findings, fixes and the registry of rules that produce them.

A rule is a small generator made a :class:`Rule` by :func:`rule`: it reads the article
and yields :class:`Finding` objects, each pointing at a place in the source and, where the
repair is certain, carrying a :class:`Fix`. Its messages in both languages come with it, so
no rule can exist without them. :func:`catalog` wires rules into a table by id; the one
table is ``wikimaint.citations.rules.RULES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from wikimaint import i18n

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterator

    from wikimaint.links.archives import Snapshot
    from wikimaint.wikitext.model import Article, Citation, Param, TemplateCall

__all__ = [
    "SEVERITIES",
    "Change",
    "Context",
    "Finding",
    "Fix",
    "Rule",
    "Severity",
    "catalog",
    "rule",
]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Change:
    """Represents one change to a citation.

    ``set`` gives parameter *key* (written as *name*) the wikitext *value*; ``remove``
    deletes it; ``append`` places the wikitext *value* right after the citation template
    (a maintenance tag such as ``{{وصلة مكسورة|تاريخ=نوفمبر 2026}}``, *key* naming the
    tag's canonical name and *name* the name written).
    """

    action: Literal["set", "remove", "append"]
    key: str
    name: str
    value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the change."""
        return {"action": self.action, "key": self.key, "name": self.name, "value": self.value}


@dataclass(frozen=True)
class Fix:
    """Represents the parameter changes that repair a finding, for one citation template."""

    changes: tuple[Change, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the fix."""
        return {"changes": [c.to_dict() for c in self.changes]}


@dataclass(frozen=True)
class Finding:
    """Represents one problem found: which rule, how bad, where, and how to fix it."""

    rule: str
    severity: Severity
    citation: int | None
    offset: int
    pointer: str
    args: dict[str, Any] = field(default_factory=dict)
    fix: Fix | None = None

    def message(self, lang: str) -> str:
        """Return the finding's message in *lang*.

        An argument given as ``{"ar": …, "en": …}`` reads in the message's language.
        """
        args = {k: v[lang] if isinstance(v, dict) else v for k, v in self.args.items()}
        return i18n.message(f"rule.{self.rule}", lang, **args)


@dataclass(frozen=True)
class Rule:
    """Represents a registered rule: its id, default severity, what it checks, an example.

    An ``opt_in`` rule runs only when named (``--rules``, a bot task that needs it).
    """

    id: str
    severity: Severity
    check: Callable[[Context], Iterator[Finding]]
    doc: str
    example: str
    online: bool = False
    messages: dict[str, str] = field(default_factory=dict)
    opt_in: bool = False


def rule(
    rule_id: str,
    severity: Severity,
    *,
    ar: str,
    en: str,
    example: str,
    online: bool = False,
    opt_in: bool = False,
) -> Callable[[Callable[[Context], Iterator[Finding]]], Rule]:
    """Make the decorated generator rule *rule_id*, with its messages and example.

    Nothing is registered here: :func:`catalog` wires rules into a table, in one place
    (``wikimaint/citations/rules/__init__.py``).
    """

    def make(func: Callable[[Context], Iterator[Finding]]) -> Rule:
        doc = (func.__doc__ or "").strip()
        messages = {"ar": ar, "en": en}
        return Rule(rule_id, severity, func, doc, example, online, messages, opt_in)

    return make


def catalog(*rules: Rule) -> dict[str, Rule]:
    """Return *rules* as a table by id, in the order given, with their messages registered."""
    table: dict[str, Rule] = {}
    for each in rules:
        if each.id in table:
            raise ValueError(f"rule {each.id!r} listed twice")
        i18n.register(f"rule.{each.id}", each.messages)
        table[each.id] = each
    return table


@dataclass
class Context:
    """Represents what rules read: the article, today's date, and helpers to report."""

    article: Article
    today: dt.date
    rule: Rule | None = None
    """The rule running now: its findings carry its id and, unless told, its severity."""
    extra: dict[str, Any] = field(default_factory=dict)
    # Each archive URL read once per check, though five rules look at it.
    snapshots: dict[str, Snapshot | None] = field(default_factory=dict)

    def templated(self, *, sources: bool = False) -> Iterator[tuple[Citation, TemplateCall]]:
        """Yield each defined citation that has a citation template, with the template.

        With *sources*, the citation templates outside ``<ref>`` too (a bibliography):
        the rules on a template's own fields apply to them, the rules on footnotes do not.
        """
        for citation in self.article.citations:
            if citation.template is not None:
                yield citation, citation.template
        if sources:
            for source in self.article.sources:
                if source.template is not None:
                    yield source, source.template

    def at_citation(
        self,
        citation: Citation,
        *,
        severity: Severity | None = None,
        fix: Fix | None = None,
        **args: Any,
    ) -> Finding:
        """Return a finding about *citation* as a whole (at its definition, or first use).

        A source (a citation template outside ``<ref>``) is found at its template, under
        ``/sources``, with no footnote number.
        """
        if citation.kind == "source" and citation.template is not None:
            pointer = f"/sources/{citation.index - 1}"
            offset = citation.template.span[0]
            return self._finding(None, offset, pointer, severity=severity, fix=fix, args=args)
        use = citation.definition or (citation.uses[0] if citation.uses else None)
        offset = use.span[0] if use else 0
        pointer = f"/citations/{citation.index - 1}"
        return self._finding(citation.index, offset, pointer, severity=severity, fix=fix, args=args)

    def at_param(
        self,
        citation: Citation,
        param: Param,
        *,
        severity: Severity | None = None,
        fix: Fix | None = None,
        **args: Any,
    ) -> Finding:
        """Return a finding about one parameter of *citation*'s template."""
        template = citation.template
        position = template.params.index(param) if template else 0
        source = citation.kind == "source"
        where = "sources" if source else "citations"
        pointer = f"/{where}/{citation.index - 1}/template/params/{position}"
        args.setdefault("param", param.name)
        number = None if source else citation.index
        return self._finding(number, param.span[0], pointer, severity=severity, fix=fix, args=args)

    def at(
        self,
        offset: int,
        pointer: str,
        *,
        citation: int | None = None,
        severity: Severity | None = None,
        **args: Any,
    ) -> Finding:
        """Return a finding at a source *offset* and document *pointer*."""
        return self._finding(citation, offset, pointer, severity=severity, fix=None, args=args)

    def _finding(
        self,
        citation: int | None,
        offset: int,
        pointer: str,
        *,
        severity: Severity | None,
        fix: Fix | None,
        args: dict[str, Any],
    ) -> Finding:
        if self.rule is None:
            raise RuntimeError("a finding is made while a rule runs (check_citations sets it)")
        rule = self.rule
        return Finding(rule.id, severity or rule.severity, citation, offset, pointer, args, fix)


def set_param(template: TemplateCall, key: str, value: str) -> Change:
    """Return the change setting *key* on *template*, named as the template already names it.

    An existing parameter keeps its spelling; a new one is written in the language most of
    the template's parameters are written in (Arabic or English).
    """
    existing = template.get(key)
    if existing is not None:
        return Change("set", key, existing.name, value)
    # the names' table is loaded by the parser long before; SEVERITIES alone needs none of it
    from wikimaint.wikitext.names import param_name_for  # noqa: PLC0415

    return Change("set", key, param_name_for(key, arabic=writes_arabic(template)), value)


def writes_arabic(template: TemplateCall) -> bool:
    """Return whether most named parameters of *template* are written in Arabic."""
    named = [p.name for p in template.params if not p.positional]
    arabic = sum(1 for name in named if any("\u0600" <= ch <= "\u06ff" for ch in name))
    return arabic * 2 >= len(named) if named else True
