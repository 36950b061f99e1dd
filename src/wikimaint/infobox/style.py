r"""How an infobox is written: its parameters split into parts, and the style they share.

:func:`read_slots` splits each parameter of an infobox call into its name as written, the
key it has in infobox data (the spec's documented name; the name itself without a spec),
and its value's leading spaces, wikitext and trailing spaces. :func:`detect_style` reads
off the :class:`Style` most parameters follow, so new ones can be written alike:

>>> import mwparserfromhell
>>> code = mwparserfromhell.parse("{{معلومات منظمة\n|اسم    = أ\n|مقر    = ب\n|تأسيس  = 1\n}}")
>>> style = detect_style(code.nodes[0])
>>> style.align, style.name_field("نوع"), style.between
(7, 'نوع    ', '\n')
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from wikimaint.infobox.specs import load_spec

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from mwparserfromhell.nodes import Template
    from mwparserfromhell.nodes.extras import Parameter

    from wikimaint.infobox.specs import ParamSpec, Spec

__all__ = ["SPACE", "Slot", "Style", "detect_style", "read_slots", "split_value", "style_of"]

SPACE = " \t\r\n"
"""The characters around a value that are layout, not content."""


@dataclass(frozen=True)
class Style:
    """Represents how an infobox is written: order, spacing, alignment, line breaks.

    The defaults are the common one-parameter-a-line style: ``| الاسم = قيمة``.
    """

    order: tuple[str, ...] = ()
    after_template: str = "\n"
    before_name: str = " "
    after_name: str = " "
    align: int | None = None
    after_equals: str = " "
    empty: str = ""
    between: str = "\n"
    end: str = "\n"
    spacing: tuple[Mapping[str, str] | None, ...] = ()
    """Beside each name of ``order``: how that parameter departs from the rest, or None."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the style (``style`` in infobox data)."""
        out = asdict(self)
        out["order"] = list(self.order)
        if self.spacing:
            out["spacing"] = [dict(s) if s else None for s in self.spacing]
        else:
            del out["spacing"]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Style:
        """Return the style in its JSON form *data*; missing fields take the defaults."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for name in ("order", "spacing"):
            if name in known:
                known[name] = tuple(known[name])
        return cls(**known)

    def name_field(self, name: str, own: Mapping[str, str] | None = None) -> str:
        """Return the text between ``|`` and ``=`` for *name*, padded when names align.

        *own* is the parameter's own spacing, when it departs from the style.
        """
        if own and "before_name" in own:
            return own["before_name"] + name + own.get("after_name", "")
        written = self.before_name + name
        if self.align is not None and len(written) < self.align:
            return written.ljust(self.align)
        return written + (" " if self.align is not None else self.after_name)

    def value_field(self, core: str, trail: str, own: Mapping[str, str] | None = None) -> str:
        """Return the text after ``=`` for the value *core*, ending with *trail*."""
        own = own or {}
        lead = own.get("after_equals", self.after_equals) if core else own.get("empty", self.empty)
        return lead + core + trail


@dataclass
class Slot:
    """Represents one parameter of the infobox as written, split into its parts."""

    param: Parameter
    name: str
    key: str | None
    reason: str | None
    lead: str
    core: str
    trail: str
    spec: ParamSpec | None = field(default=None, repr=False)


def split_value(raw: str) -> tuple[str, str, str]:
    """Return ``(lead, core, trail)`` of a value: the spaces around it and the value."""
    core = raw.strip(SPACE)
    if not core:
        cut = raw.find("\n")
        return (raw, "", "") if cut < 0 else (raw[:cut], "", raw[cut:])
    start = raw.find(core)
    return raw[:start], core, raw[start + len(core) :]


def read_slots(node: Template, spec: Spec | None) -> list[Slot]:
    """Return the parameters of *node* split into their parts; a repeated key is kept beside."""
    slots: list[Slot] = []
    seen: set[str] = set()
    for param in node.params:
        name = str(param.name).strip()
        lead, core, trail = split_value(str(param.value))
        found = spec.param(name) if spec is not None and param.showkey else None
        key: str | None = None
        reason: str | None = None
        if not param.showkey:
            reason = "positional"
        elif spec is not None and found is None:
            reason = "unknown"
        else:
            key = found.name if found is not None else name
            if key in seen:
                key, reason = None, "duplicate"
            else:
                seen.add(key)
        slots.append(Slot(param, name, key, reason, lead, core, trail, found))
    return slots


def _most(values: Iterator[str] | list[str], default: str) -> str:
    counts = Counter(values)
    return counts.most_common(1)[0][0] if counts else default


def detect_style(node: Template) -> Style:
    """Return the :class:`Style` an infobox template call is written in.

    Each part is the one most parameters use: ``|اسم           = …`` (names padded to one
    width) gives ``align=14``; ``{{x|a=1|b=2}}`` gives ``between=""`` (inline).
    """
    return style_of(node, read_slots(node, load_spec(str(node.name).strip())))


def style_of(node: Template, slots: list[Slot]) -> Style:
    """Return the style of the infobox *node* whose parameters are *slots*."""
    template_name = str(node.name)
    after_template = template_name[len(template_name.rstrip(SPACE)) :]
    order = tuple(s.key if s.key is not None else s.name for s in slots)
    named = [s for s in slots if s.param.showkey]
    if not slots:
        return Style(order, after_template=after_template)
    names = [str(s.param.name) for s in named]
    befores = [n[: len(n) - len(n.lstrip(SPACE))] for n in names]
    afters = [n[len(n.rstrip(SPACE)) :] for n in names]
    widths = Counter(len(n) for n, a in zip(names, afters, strict=True) if a)
    align = None
    if widths and len({len(a) for a in afters}) > 1:
        width, count = widths.most_common(1)[0]
        if count >= max(3, 0.6 * len(names)):
            align = width
    filled = [s for s in named if s.core]
    empties = [s for s in named if not s.core]
    between = [s.trail for s in slots[:-1]]
    style = Style(
        order=order,
        after_template=after_template,
        before_name=_most(befores, " "),
        after_name=_most((a for a in afters if "\n" not in a), " "),
        align=align,
        after_equals=_most((s.lead for s in filled if "\n" not in s.lead), " "),
        empty=_most((s.lead for s in empties), ""),
        between=_most(between, slots[-1].trail),
        end=slots[-1].trail,
    )
    spacing = tuple(_own_spacing(style, slot, n == len(slots) - 1) for n, slot in enumerate(slots))
    return replace(style, spacing=spacing) if any(spacing) else style


def _own_spacing(style: Style, slot: Slot, last: bool) -> dict[str, str] | None:
    """Return how *slot* is spaced unlike *style* (``before_name``, ``trail``, …), or None."""
    own: dict[str, str] = {}
    if slot.param.showkey:
        raw = str(slot.param.name)
        start = raw.find(slot.name)
        if style.name_field(slot.name) != raw and start >= 0:
            own["before_name"] = raw[:start]
            own["after_name"] = raw[start + len(slot.name) :]
    if slot.core and slot.lead != (style.after_equals if slot.param.showkey else ""):
        own["after_equals"] = slot.lead
    if not slot.core and slot.lead != (style.empty if slot.param.showkey else ""):
        own["empty"] = slot.lead
    if slot.trail != (style.end if last else style.between):
        own["trail"] = slot.trail
    return own or None
