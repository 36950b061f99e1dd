r"""Writing data into an infobox: :func:`apply` edits ``article.tree`` for a minimal diff.

Only the parameters whose value changed are touched, so the rest of the article comes back
byte for byte; new parameters go where the spec's order puts them, spelled and spaced as
the box already writes its others (:mod:`~wikimaint.infobox.style`). Data goes into the
first infobox of the template the data names.

>>> from wikimaint import parse
>>> from wikimaint.infobox.read import extract
>>> article = parse("{{صندوق معلومات هجوم\n| الإصابات = ٦\n}}\nنص")
>>> data = extract(article)
>>> data["parameters"]["الإصابات"]["value"] = 10
>>> apply(article, data)
'{{صندوق معلومات هجوم\n| الإصابات = ١٠\n}}\nنص'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mwparserfromhell.nodes import Comment, Tag, Template, Text
from mwparserfromhell.nodes.extras import Parameter

from wikimaint.errors import DataError
from wikimaint.infobox.data import (
    MISSING,
    data_errors,
    problem,
    spec_of,
)
from wikimaint.infobox.specs import load_spec
from wikimaint.infobox.style import (
    SPACE,
    Slot,
    Style,
    read_slots,
    split_value,
    style_of,
)
from wikimaint.infobox.values import read_value, same_typed, write_value
from wikimaint.jsontext import MAX_DIGITS
from wikimaint.schema.messages import pointer
from wikimaint.wikitext.builder import build_tree
from wikimaint.wikitext.names import fold_name

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mwparserfromhell.wikicode import Wikicode

    from wikimaint.infobox.specs import ParamSpec, Spec
    from wikimaint.wikitext.model import Article
from wikimaint.infobox.read import infobox_for

__all__ = ["apply", "check_fits", "checked_spec", "core_text", "position"]




def is_note(node: Any) -> bool:
    """Return whether *node* annotates a value rather than being it: a ref, a comment."""
    if isinstance(node, Comment):
        return True
    if isinstance(node, Text):
        return not node.value.strip()
    return isinstance(node, Tag) and str(node.tag).strip().casefold() == "ref"


def write_typed(kind: str, typed: Any, like: str | None) -> str:
    """Return *typed* written like the wikitext *like*, keeping its trailing refs and comments.

    ``1961<ref>…</ref>`` with the year changed to 1962 gives ``1962<ref>…</ref>``.
    """
    if like is None:
        return write_value(kind, typed)
    nodes = build_tree(like).nodes
    cut = len(nodes)
    while cut > 0 and is_note(nodes[cut - 1]):
        cut -= 1
    written_out = "".join(str(n) for n in nodes[:cut])
    content = written_out.rstrip(SPACE)
    tail = written_out[len(content) :] + "".join(str(n) for n in nodes[cut:])
    written = write_value(kind, typed, build_tree(content) if content else None)
    return (written + tail).strip(SPACE)


def core_text(
    entry: Mapping[str, Any],
    spec: ParamSpec | None,
    old: str | None,
    where: str,
    old_code: Wikicode | None = None,
    *,
    max_digits: int = MAX_DIGITS,
) -> str:
    """Return the wikitext to write for *entry*, given the *old* wikitext it replaces.

    With a typed value: the wikitext if it changed, else the value (written like the old
    wikitext) if that changed, else the old wikitext. Without an old value the two must
    agree when both are given. *old_code* is the old value's tree, when there is one;
    *max_digits* bounds the numbers read from wikitext (:func:`read_value`).
    """
    wikitext = entry.get("wikitext")
    if wikitext is not None:
        wikitext = str(wikitext).strip(SPACE)
    if spec is None or "value" not in entry:
        if wikitext is not None:
            return str(wikitext)
        return str(entry.get("value") or "")
    value = entry["value"]
    base = old if old is not None else wikitext
    if old_code is None:
        old_code = build_tree(base) if base else None
    read = None if old_code is None else read_value(spec.type, old_code, max_digits=max_digits)
    base_typed = None if read is None else read.typed
    value_changed = not same_typed(spec.type, value, base_typed)
    try:
        if old is None and wikitext is None:
            return write_typed(spec.type, value, None)
        if wikitext is not None and wikitext != base:
            new_typed = read_value(spec.type, build_tree(wikitext), max_digits=max_digits).typed
            if value_changed and not same_typed(spec.type, value, new_typed):
                raise DataError("infobox data", [(where, problem("disagree"))])
            return str(wikitext)
        if value_changed:
            if old is None:
                raise DataError("infobox data", [(where, problem("disagree"))])
            return write_typed(spec.type, value, base)
    except (ValueError, TypeError, KeyError) as error:
        raise DataError(
            "infobox data", [(f"{where}/value", problem("unwritable", detail=error))]
        ) from None
    return str(base or "")


def check_fits(core: str, *, positional: bool, where: str) -> tuple[str, str] | None:
    """Return an error when *core* would not stay one parameter's value (a bare ``|``)."""
    probe = f"{{{{x|{core}}}}}" if positional else f"{{{{x|k={core}}}}}"
    nodes = build_tree(probe).nodes
    if len(nodes) == 1 and isinstance(nodes[0], Template) and len(nodes[0].params) == 1:
        param = nodes[0].params[0]
        if str(param.value) == core and param.showkey != positional:
            return None
    return f"{where}/wikitext", problem("breaks-template")




@dataclass
class _Plan:
    """Represents the edits data asks of an infobox, found before any is made.

    ``values`` and ``names`` hold new wikitext and names by parameter index (a value of
    ``None`` removes the parameter); ``extras`` the ``(name, wikitext, positional)`` of
    unknown parameters to add at the end.
    """

    values: dict[int, str | None] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    extras: list[tuple[str, str, bool]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


def _plan(slots: list[Slot], data: Mapping[str, Any], max_digits: int) -> _Plan:
    """Return what changes for each slot by index, the extras to add, and the errors."""
    plan = _Plan()
    parameters: dict[str, Any] = data.get("parameters", {})
    extras: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for n, extra in enumerate(data.get("unknown", [])):
        extras.setdefault(extra["name"].strip(), []).append((n, extra))
    for index, slot in enumerate(slots):
        if slot.key is not None:
            entry = parameters.get(slot.key)
            where = pointer(("parameters", slot.key))
        else:
            queue = extras.get(slot.name)
            n, entry = queue.pop(0) if queue else (-1, None)
            where = f"/unknown/{n}"
        if entry is None:
            plan.values[index] = None
            continue
        name = str(entry.get("name") or slot.name).strip()
        if slot.param.showkey and name != slot.name:
            plan.names[index] = name
        try:
            core = core_text(
                entry, slot.spec, slot.core, where, slot.param.value, max_digits=max_digits
            )
        except DataError as error:
            plan.errors.extend(error.errors)
            continue
        if core != slot.core:
            problem = check_fits(core, positional=not slot.param.showkey, where=where)
            if problem:
                plan.errors.append(problem)
            plan.values[index] = core
    for queue in extras.values():
        for n, extra in queue:
            positional = extra.get("reason") == "positional"
            core = extra["wikitext"].strip(SPACE)
            problem = check_fits(core, positional=positional, where=f"/unknown/{n}")
            if problem:
                plan.errors.append(problem)
            plan.extras.append((extra["name"].strip(), core, positional))
    return plan


def _renamed(raw: str, name: str) -> str:
    """Return the name field *raw* with *name* in it, keeping its spaces and ``=`` column."""
    old = raw.strip(SPACE)
    lead = raw[: raw.find(old)]
    trail = raw[len(lead) + len(old) :]
    if trail and "\n" not in trail:
        trail = " " * max(1, len(trail) + len(old) - len(name))
    return lead + name + trail


def _new_params(
    data: Mapping[str, Any], present: set[str], spec: Spec | None, max_digits: int
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """Return ``(key, name, wikitext)`` of each parameter the data adds, and errors."""
    added: list[tuple[str, str, str]] = []
    errors: list[tuple[str, str]] = []
    for key, entry in data.get("parameters", {}).items():
        if key in present:
            continue
        where = pointer(("parameters", key))
        param = spec.param(key) if spec is not None else None
        try:
            core = core_text(entry, param, None, where, max_digits=max_digits)
        except DataError as error:
            errors.extend(error.errors)
            continue
        problem = check_fits(core, positional=False, where=where)
        if problem:
            errors.append(problem)
        added.append((key, str(entry.get("name") or key), core))
    return added, errors


def position(key: str, keys: list[str | None], spec: Spec | None) -> int:
    """Return where a new parameter *key* goes among *keys*: after its spec predecessor."""
    mine = spec.position(key) if spec is not None else None
    if spec is None or mine is None:
        return len(keys)
    places = [spec.position(k) if k is not None else None for k in keys]
    after = [i for i, place in enumerate(places) if place is not None and place < mine]
    if after:
        return after[-1] + 1
    first = [i for i, place in enumerate(places) if place is not None]
    return first[0] if first else len(keys)


def checked_spec(
    data: Any, node: Template | None, slots: list[Slot], *, max_digits: int = MAX_DIGITS
) -> Spec | None:
    """Return the spec of valid *data*; raise DataError listing every problem.

    When the data goes into the infobox *node* (whose parameters are *slots*), it must be
    for the same template, and a required parameter the infobox already lacks is not held
    against the data.
    """
    errors = data_errors(data, max_digits=max_digits)
    if node is None:
        if errors:
            raise DataError("infobox data", errors)
        return spec_of(data)
    ours = str(node.name).strip()
    mine = load_spec(ours)
    if mine is not None:
        keys = {s.key for s in slots}
        lacking = {pointer(("parameters", p.name)) for p in mine.params if p.required}
        lacking -= {pointer(("parameters", k)) for k in keys if k is not None}
        errors = [e for e in errors if not (e[0] in lacking and e[1].endswith(MISSING))]
    if errors:
        raise DataError("infobox data", errors)
    spec = spec_of(data)
    theirs = str(data["template"]).strip()
    same = mine is spec if mine or spec else fold_name(theirs) == fold_name(ours)
    if not same:
        what = problem("other-template", theirs=f"{{{{{theirs}}}}}", ours=f"{{{{{ours}}}}}")
        raise DataError("infobox data", [("/template", what)])
    return spec


def apply(article: Article, data: Mapping[str, Any], *, max_digits: int = MAX_DIGITS) -> str:
    """Write *data* into the article's infobox in ``article.tree``; return the new text.

    The infobox is the first of the template the data names (any of its names), so data
    extracted from an article's second infobox goes back into that one; other infoboxes
    are left alone.

    Only parameters whose value changed are rewritten (the rest of the line, and of the
    article, stays byte for byte); parameters missing from the data are removed; new ones
    are written in the infobox's style where the spec's order puts them. Unchanged data
    gives the article back unchanged. The article's view (spans, ``article.infobox``) is
    not updated: parse the returned text again for a fresh one. *max_digits* bounds
    integers, in the data and in the numbers read from the infobox, as the JSON reader does.

    Raises:
        DataError: listing every problem with its key; the tree is then left untouched.
            Data for a template the article has no infobox of is refused at ``/template``,
            naming the infoboxes it has.
        InputError: when the article has no infobox.

    """
    node = infobox_for(article, data)
    slots = read_slots(node, load_spec(str(node.name).strip()))
    spec = checked_spec(data, node, slots, max_digits=max_digits)
    plan = _plan(slots, data, max_digits)
    present = {s.key for s in slots if s.key is not None}
    added, more = _new_params(data, present, spec, max_digits)
    errors = plan.errors + more
    if errors:
        raise DataError("infobox data", sorted(set(errors)))
    if not (plan.values or plan.names or plan.extras or added):
        return str(article.tree)
    style = style_of(node, slots) if slots else Style()
    if not slots and not str(node.name).endswith(tuple(SPACE)):
        node.name = str(node.name) + style.after_template
    for index, name in plan.names.items():
        slots[index].param.name = _renamed(str(slots[index].param.name), name)
    for index, core in plan.values.items():
        if core is not None:
            slot = slots[index]
            if not core:
                lead = style.empty
            elif slot.core or slot.lead:
                lead = slot.lead
            else:
                lead = style.after_equals
            slot.param.value = lead + core + slot.trail
    for index in sorted((i for i, c in plan.values.items() if c is None), reverse=True):
        del node.params[index]
        del slots[index]
    keys: list[str | None] = [s.key for s in slots]
    news: list[tuple[str | None, str, str, bool]] = [(k, n, c, False) for k, n, c in added]
    news += [(None, name, core, positional) for name, core, positional in plan.extras]
    for key, name, core, positional in news:
        where = position(key, keys, spec) if key is not None else len(keys)
        last = where == len(keys)
        trail = style.end if last else style.between
        if last and node.params and style.between != style.end:
            previous = node.params[-1]
            lead, old, _ = split_value(str(previous.value))
            previous.value = lead + old + style.between
        if positional:
            param = Parameter(
                str(sum(not p.showkey for p in node.params) + 1), core + trail, showkey=False
            )
        else:
            param = Parameter(style.name_field(name), style.value_field(core, trail))
        node.params.insert(where, param)
        keys.insert(where, key)
    return str(article.tree)
