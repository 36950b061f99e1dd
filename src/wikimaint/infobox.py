r"""Infobox data ↔ wikitext through template specs, written back with a minimal diff.

:func:`extract` turns an article's infobox into JSON-ready data: each parameter under its
spec's documented name (``الإصابات``, whatever alias the article used), with its wikitext,
its plain text and, where the spec gives a type, its typed value (``٦`` → ``6``). Data
validates against the envelope ``schemas/infobox-data.schema.json`` and, for a template with
a spec, against the schema generated from the spec (:func:`data_schema`); every error is
reported with its key (:func:`data_errors`, :func:`validate_data`).

:func:`apply` writes data back into ``article.tree``, touching only the parameters whose
value changed, so the rest of the article comes back byte for byte; :func:`render` writes a
whole infobox in the style the article had (:class:`Style`): order, each name's spelling,
spacing and alignment, one parameter a line or inline, comments and empty parameters. New
parameters go where the spec's order puts them.

>>> from wikimaint import parse
>>> article = parse("{{صندوق معلومات هجوم\n| الإصابات = ٦\n}}\nنص")
>>> data = extract(article)
>>> data["parameters"]["الإصابات"]["value"]
6
>>> data["parameters"]["الإصابات"]["value"] = 10
>>> apply(article, data)
'{{صندوق معلومات هجوم\n| الإصابات = ١٠\n}}\nنص'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

import mwparserfromhell
from jsonschema import Draft202012Validator
from mwparserfromhell.nodes import Comment, Tag, Template, Text
from mwparserfromhell.nodes.extras import Parameter
from referencing import Registry, Resource

from wikimaint.errors import DataError, InputError
from wikimaint.names import fold_name
from wikimaint.schema import load_schema
from wikimaint.schemacheck import Check, UnsupportedSchemaError, compile_schema
from wikimaint.specs import (
    DATA_SCHEMA_BASE,
    ParamSpec,
    Spec,
    data_schema,
    load_spec,
    read_value,
    same_typed,
    write_value,
)
from wikimaint.tree import plain_text

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from jsonschema.exceptions import ValidationError

    from wikimaint.model import Article

__all__ = [
    "DATA_SCHEMA_ID",
    "Style",
    "apply",
    "data_errors",
    "data_schema",
    "detect_style",
    "extract",
    "render",
    "validate_data",
]

DATA_SCHEMA_ID = f"{DATA_SCHEMA_BASE}infobox-data.schema.json"

_SPACE = " \t\r\n"
_MISSING = ", missing"


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

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the style (``style`` in infobox data)."""
        out = asdict(self)
        out["order"] = list(self.order)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Style:
        """Return the style in its JSON form *data*; missing fields take the defaults."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "order" in known:
            known["order"] = tuple(known["order"])
        return cls(**known)

    def name_field(self, name: str) -> str:
        """Return the text between ``|`` and ``=`` for *name*, padded when names align."""
        written = self.before_name + name
        if self.align is not None and len(written) < self.align:
            return written.ljust(self.align)
        return written + (" " if self.align is not None else self.after_name)

    def value_field(self, core: str, trail: str) -> str:
        """Return the text after ``=`` for the value *core*, ending with *trail*."""
        return (self.after_equals if core else self.empty) + core + trail


@dataclass
class _Slot:
    """Represents one parameter of the infobox as written, split into its parts."""

    param: Parameter
    name: str
    key: str | None
    reason: str | None
    lead: str
    core: str
    trail: str
    spec: ParamSpec | None = field(default=None, repr=False)


def _split(raw: str) -> tuple[str, str, str]:
    """Return ``(lead, core, trail)`` of a value: the spaces around it and the value."""
    core = raw.strip(_SPACE)
    if not core:
        cut = raw.find("\n")
        return (raw, "", "") if cut < 0 else (raw[:cut], "", raw[cut:])
    start = raw.find(core)
    return raw[:start], core, raw[start + len(core) :]


def _slots(node: Template, spec: Spec | None) -> list[_Slot]:
    slots: list[_Slot] = []
    seen: set[str] = set()
    for param in node.params:
        name = str(param.name).strip()
        lead, core, trail = _split(str(param.value))
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
        slots.append(_Slot(param, name, key, reason, lead, core, trail, found))
    return slots


def _infobox(article: Article) -> Template:
    if article.infobox is None:
        source = article.title or "article"
        raise InputError(f"{source}: no infobox", reason="no-infobox", source=source)
    node: Template = article.infobox.call.node
    return node


def _most(values: Iterator[str] | list[str], default: str) -> str:
    counts = Counter(values)
    return counts.most_common(1)[0][0] if counts else default


def detect_style(node: Template) -> Style:
    """Return the :class:`Style` an infobox template call is written in.

    Each part is the one most parameters use: ``|اسم           = …`` (names padded to one
    width) gives ``align=14``; ``{{x|a=1|b=2}}`` gives ``between=""`` (inline).
    """
    return _style(node, _slots(node, load_spec(str(node.name).strip())))


def _style(node: Template, slots: list[_Slot]) -> Style:
    template_name = str(node.name)
    after_template = template_name[len(template_name.rstrip(_SPACE)) :]
    order = tuple(s.key if s.key is not None else s.name for s in slots)
    named = [s for s in slots if s.param.showkey]
    if not slots:
        return Style(order, after_template=after_template)
    names = [str(s.param.name) for s in named]
    befores = [n[: len(n) - len(n.lstrip(_SPACE))] for n in names]
    afters = [n[len(n.rstrip(_SPACE)) :] for n in names]
    widths = Counter(len(n) for n, a in zip(names, afters, strict=True) if a)
    align = None
    if widths and len({len(a) for a in afters}) > 1:
        width, count = widths.most_common(1)[0]
        if count >= max(3, 0.6 * len(names)):
            align = width
    filled = [s for s in named if s.core]
    empties = [s for s in named if not s.core]
    between = [s.trail for s in slots[:-1]]
    return Style(
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


# Extract ---------------------------------------------------------------------------------


def extract(article: Article) -> dict[str, Any]:
    """Return the article's infobox as data (see ``schemas/infobox-data.schema.json``).

    Parameters are keyed by the spec's documented name; a template without a spec gives
    the names as written and no typed values. Names the spec does not know, repeated keys
    and positional parameters are kept under ``unknown``. A parameter the live site takes
    from Wikidata is simply absent.

    Raises:
        InputError: when the article has no infobox (``reason="no-infobox"``).

    """
    node = _infobox(article)
    name = str(node.name).strip()
    spec = load_spec(name)
    parameters: dict[str, Any] = {}
    unknown: list[dict[str, Any]] = []
    slots = _slots(node, spec)
    for slot in slots:
        text = plain_text(slot.param.value)
        if slot.key is None:
            entry = {"name": slot.name, "wikitext": slot.core, "text": text, "reason": slot.reason}
            unknown.append(entry)
            continue
        entry = {"name": slot.name, "wikitext": slot.core, "text": text}
        if slot.spec is not None:
            reading = read_value(slot.spec.type, slot.param.value)
            entry["value"] = reading.typed
            entry["type"] = slot.spec.type
            if reading.issue is not None:
                entry["issue"] = reading.issue
        parameters[slot.key] = entry
    data: dict[str, Any] = {
        "$schema": DATA_SCHEMA_ID,
        "template": name,
        "canonical": spec.canonical if spec is not None else None,
        "parameters": parameters,
    }
    if unknown:
        data["unknown"] = unknown
    data["style"] = _style(node, slots).to_dict()
    return data


# Validate --------------------------------------------------------------------------------


@cache
def _registry() -> Registry[Any]:
    envelope = load_schema("infobox-data")
    registry: Registry[Any] = Registry().with_resource(
        DATA_SCHEMA_ID, Resource.from_contents(envelope)
    )
    return registry


@cache
def _validator(canonical: str | None) -> Draft202012Validator:
    spec = load_spec(canonical) if canonical is not None else None
    schema = data_schema(spec) if spec is not None else load_schema("infobox-data")
    return Draft202012Validator(schema, registry=_registry())


@cache
def _quick(canonical: str | None) -> Check | None:
    """Return a compiled yes/no check of the data schema, or None where none compiles.

    The generated schema refers to the envelope; the two are checked one after the other.
    jsonschema then only runs to explain data the check rejects.
    """
    try:
        envelope = compile_schema(load_schema("infobox-data"))
        spec = load_spec(canonical) if canonical is not None else None
        if spec is None:
            return envelope
        own = {k: v for k, v in data_schema(spec).items() if k != "allOf"}
        narrow = compile_schema(own)
    except UnsupportedSchemaError:
        return None
    return lambda data: envelope(data) and narrow(data)


def _pointer(path: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _deepest(error: ValidationError) -> ValidationError:
    best = error
    for sub in error.context or ():
        candidate = _deepest(sub)
        if len(candidate.absolute_path) > len(best.absolute_path):
            best = candidate
    return best


def _explain(error: ValidationError, template: str) -> Iterator[tuple[str, str]]:
    where = _pointer(error.absolute_path)
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = schema.get("properties", {})
        for key in instance:
            if key not in allowed:
                what = "parameter" if where == "/parameters" else "property"
                yield f"{where}/{_pointer([key])[1:]}", f"not a {what} of {template}"
        return
    if error.validator == "required" and isinstance(instance, dict):
        for key in schema.get("required", ()):
            if key not in instance:
                yield f"{where}/{_pointer([key])[1:]}", f"required by {template}{_MISSING}"
        return
    branches = schema.get("anyOf", ())
    if error.validator == "anyOf" and all("required" in b for b in branches):
        yield where, "give wikitext, a value, or both"
        return
    best = _deepest(error)
    yield _pointer(best.absolute_path), best.message


def _spec_of(data: Mapping[str, Any]) -> Spec | None:
    canonical = data.get("canonical")
    if isinstance(canonical, str):
        return load_spec(canonical)
    template = data.get("template")
    return load_spec(template) if isinstance(template, str) and template.strip() else None


def data_errors(data: Any) -> list[tuple[str, str]]:
    """Return every problem in infobox *data* as ``(json_pointer, message)`` pairs.

    The data is checked against the schema generated from its template's spec (names,
    types, required keys), or against the envelope alone when no spec knows the template.

    >>> for error in data_errors({"$schema": DATA_SCHEMA_ID, "template": "صندوق معلومات هجوم",
    ...         "parameters": {"الإصابات": {"value": "ستة"}, "لون": {"wikitext": "x"}}}):
    ...     print(*error)
    /parameters/الإصابات/value 'ستة' is not of type 'number', 'null'
    /parameters/التاريخ required by {{صندوق معلومات هجوم}}, missing
    /parameters/لون not a parameter of {{صندوق معلومات هجوم}}
    """
    if not isinstance(data, dict):
        return [("", "infobox data must be a JSON object")]
    spec = _spec_of(data)
    errors: list[tuple[str, str]] = []
    canonical = data.get("canonical")
    if isinstance(canonical, str) and spec is None:
        errors.append(("/canonical", f"no template spec is called {canonical!r}"))
    template = f"{{{{{spec.name}}}}}" if spec is not None else "the template"
    canonical_key = spec.canonical if spec is not None else None
    quick = _quick(canonical_key)
    if quick is None or not quick(data):
        for error in _validator(canonical_key).iter_errors(data):
            errors.extend(_explain(error, template))
    if spec is not None and isinstance(data.get("parameters"), dict):
        for key, entry in data["parameters"].items():
            name = entry.get("name") if isinstance(entry, dict) else None
            meant = spec.param(name) if isinstance(name, str) else None
            if (
                isinstance(name, str)
                and spec.param(key) is not None
                and meant is not spec.param(key)
            ):
                where = f"/parameters/{_pointer([key])[1:]}/name"
                errors.append((where, f"{name!r} does not name {key!r} in {template}"))
    if spec is None and isinstance(data.get("parameters"), dict):
        for key, entry in data["parameters"].items():
            untyped = isinstance(entry, dict) and "value" in entry and "wikitext" not in entry
            if untyped and not isinstance(entry["value"], str):
                where = f"/parameters/{_pointer([key])[1:]}/value"
                errors.append((where, "untyped template: give wikitext, or a string value"))
    return sorted(set(errors))


def validate_data(data: Any) -> None:
    """Check infobox *data*; raise one error listing every problem with its key.

    Raises:
        DataError: with ``errors`` holding each ``(json_pointer, message)``.

    """
    errors = data_errors(data)
    if errors:
        raise DataError("infobox data", errors)


# Values ----------------------------------------------------------------------------------


def _is_note(node: Any) -> bool:
    """Return whether *node* annotates a value rather than being it: a ref, a comment."""
    if isinstance(node, Comment):
        return True
    if isinstance(node, Text):
        return not node.value.strip()
    return isinstance(node, Tag) and str(node.tag).strip().casefold() == "ref"


def _write(kind: str, typed: Any, like: str | None) -> str:
    """Return *typed* written like the wikitext *like*, keeping its trailing refs and comments.

    ``1961<ref>…</ref>`` with the year changed to 1962 gives ``1962<ref>…</ref>``.
    """
    if like is None:
        return write_value(kind, typed)
    nodes = mwparserfromhell.parse(like).nodes
    cut = len(nodes)
    while cut > 0 and _is_note(nodes[cut - 1]):
        cut -= 1
    written_out = "".join(str(n) for n in nodes[:cut])
    content = written_out.rstrip(_SPACE)
    tail = written_out[len(content) :] + "".join(str(n) for n in nodes[cut:])
    written = write_value(kind, typed, mwparserfromhell.parse(content) if content else None)
    return (written + tail).strip(_SPACE)


def _core(entry: Mapping[str, Any], spec: ParamSpec | None, old: str | None, where: str) -> str:
    """Return the wikitext to write for *entry*, given the *old* wikitext it replaces.

    With a typed value: the wikitext if it changed, else the value (written like the old
    wikitext) if that changed, else the old wikitext. Without an old value the two must
    agree when both are given.
    """
    wikitext = entry.get("wikitext")
    if spec is None or "value" not in entry:
        if wikitext is not None:
            return str(wikitext)
        return str(entry.get("value") or "")
    value = entry["value"]
    base = old if old is not None else wikitext
    base_typed = read_value(spec.type, mwparserfromhell.parse(base)).typed if base else None
    value_changed = not same_typed(spec.type, value, base_typed)
    try:
        if old is None and wikitext is None:
            return _write(spec.type, value, None)
        if wikitext is not None and wikitext != base:
            new_typed = read_value(spec.type, mwparserfromhell.parse(wikitext)).typed
            if value_changed and not same_typed(spec.type, value, new_typed):
                raise DataError("infobox data", [(where, "value and wikitext disagree")])
            return str(wikitext)
        if value_changed:
            if old is None:
                raise DataError("infobox data", [(where, "value and wikitext disagree")])
            return _write(spec.type, value, base)
    except (ValueError, TypeError, KeyError) as error:
        raise DataError(
            "infobox data", [(f"{where}/value", f"cannot be written: {error}")]
        ) from None
    return str(base or "")


def _check_fits(core: str, *, positional: bool, where: str) -> tuple[str, str] | None:
    """Return an error when *core* would not stay one parameter's value (a bare ``|``)."""
    probe = f"{{{{x|{core}}}}}" if positional else f"{{{{x|k={core}}}}}"
    nodes = mwparserfromhell.parse(probe).nodes
    if len(nodes) == 1 and isinstance(nodes[0], Template) and len(nodes[0].params) == 1:
        param = nodes[0].params[0]
        if str(param.value) == core and param.showkey != positional:
            return None
    return f"{where}/wikitext", "would break the template: escape | as {{!}} and = as {{=}}"


# Apply and render ------------------------------------------------------------------------


@dataclass
class _Plan:
    """Represents the edits data asks of an infobox, found before any is made."""

    values: dict[int, str | None] = field(default_factory=dict)  # None: remove the parameter
    names: dict[int, str] = field(default_factory=dict)
    extras: list[tuple[str, str, bool]] = field(
        default_factory=list
    )  # (name, wikitext, positional)
    errors: list[tuple[str, str]] = field(default_factory=list)


def _plan(slots: list[_Slot], data: Mapping[str, Any]) -> _Plan:
    """Return what changes for each slot by index, the extras to add, and the errors."""
    plan = _Plan()
    parameters: dict[str, Any] = data.get("parameters", {})
    extras: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for n, extra in enumerate(data.get("unknown", [])):
        extras.setdefault(extra["name"].strip(), []).append((n, extra))
    for index, slot in enumerate(slots):
        if slot.key is not None:
            entry = parameters.get(slot.key)
            where = f"/parameters/{_pointer([slot.key])[1:]}"
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
            core = _core(entry, slot.spec, slot.core, where)
        except DataError as error:
            plan.errors.extend(error.errors)
            continue
        if core != slot.core:
            problem = _check_fits(core, positional=not slot.param.showkey, where=where)
            if problem:
                plan.errors.append(problem)
            plan.values[index] = core
    for queue in extras.values():
        for n, extra in queue:
            positional = extra.get("reason") == "positional"
            problem = _check_fits(extra["wikitext"], positional=positional, where=f"/unknown/{n}")
            if problem:
                plan.errors.append(problem)
            plan.extras.append((extra["name"].strip(), extra["wikitext"], positional))
    return plan


def _renamed(raw: str, name: str) -> str:
    """Return the name field *raw* with *name* in it, keeping its spaces and ``=`` column."""
    old = raw.strip(_SPACE)
    lead = raw[: raw.find(old)]
    trail = raw[len(lead) + len(old) :]
    if trail and "\n" not in trail:
        trail = " " * max(1, len(trail) + len(old) - len(name))
    return lead + name + trail


def _new_params(
    data: Mapping[str, Any], present: set[str], spec: Spec | None
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """Return ``(key, name, wikitext)`` of each parameter the data adds, and errors."""
    added: list[tuple[str, str, str]] = []
    errors: list[tuple[str, str]] = []
    for key, entry in data.get("parameters", {}).items():
        if key in present:
            continue
        where = f"/parameters/{_pointer([key])[1:]}"
        param = spec.param(key) if spec is not None else None
        try:
            core = _core(entry, param, None, where)
        except DataError as error:
            errors.extend(error.errors)
            continue
        problem = _check_fits(core, positional=False, where=where)
        if problem:
            errors.append(problem)
        added.append((key, str(entry.get("name") or key), core))
    return added, errors


def _position(key: str, keys: list[str | None], spec: Spec | None) -> int:
    """Return where a new parameter *key* goes among *keys*: after its spec predecessor."""
    mine = spec.position(key) if spec is not None else None
    if mine is None:
        return len(keys)
    after = -1
    for index, other in enumerate(keys):
        theirs = spec.position(other) if spec is not None and other is not None else None
        if theirs is not None and theirs < mine:
            after = index
    if after >= 0:
        return after + 1
    first = [
        i
        for i, k in enumerate(keys)
        if k is not None and spec is not None and spec.position(k) is not None
    ]
    return first[0] if first else len(keys)


def _checked(data: Any, node: Template | None, slots: list[_Slot] | None = None) -> Spec | None:
    """Return the spec of valid *data*; raise DataError listing every problem.

    When the data goes into the infobox *node*, it must be for the same template, and a
    required parameter the infobox already lacks is not held against the data.
    """
    errors = data_errors(data)
    if node is None:
        if errors:
            raise DataError("infobox data", errors)
        return _spec_of(data)
    ours = str(node.name).strip()
    mine = load_spec(ours)
    if mine is not None:
        keys = {s.key for s in (slots if slots is not None else _slots(node, mine))}
        lacking = {f"/parameters/{_pointer([p.name])[1:]}" for p in mine.params if p.required}
        lacking -= {f"/parameters/{_pointer([k])[1:]}" for k in keys if k is not None}
        errors = [e for e in errors if not (e[0] in lacking and e[1].endswith(_MISSING))]
    if errors:
        raise DataError("infobox data", errors)
    spec = _spec_of(data)
    theirs = str(data["template"]).strip()
    same = mine is spec if mine or spec else fold_name(theirs) == fold_name(ours)
    if not same:
        what = f"the data is for {{{{{theirs}}}}}, the infobox is {{{{{ours}}}}}"
        raise DataError("infobox data", [("/template", what)])
    return spec


def apply(article: Article, data: Mapping[str, Any]) -> str:
    """Write *data* into the article's infobox in ``article.tree``; return the new text.

    Only parameters whose value changed are rewritten (the rest of the line, and of the
    article, stays byte for byte); parameters missing from the data are removed; new ones
    are written in the infobox's style where the spec's order puts them. Unchanged data
    gives the article back unchanged. The article's view (spans, ``article.infobox``) is
    not updated: parse the returned text again for a fresh one.

    Raises:
        DataError: listing every problem with its key; the tree is then left untouched.
        InputError: when the article has no infobox.

    """
    node = _infobox(article)
    slots = _slots(node, load_spec(str(node.name).strip()))
    spec = _checked(data, node, slots)
    plan = _plan(slots, data)
    present = {s.key for s in slots if s.key is not None}
    added, more = _new_params(data, present, spec)
    errors = plan.errors + more
    if errors:
        raise DataError("infobox data", sorted(set(errors)))
    if not (plan.values or plan.names or plan.extras or added):
        return str(article.tree)
    style = _style(node, slots) if slots else Style()
    if not slots and not str(node.name).endswith(tuple(_SPACE)):
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
        where = _position(key, keys, spec) if key is not None else len(keys)
        last = where == len(keys)
        trail = style.end if last else style.between
        if last and node.params and style.between != style.end:
            previous = node.params[-1]
            lead, old, _ = _split(str(previous.value))
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


def render(
    data: Mapping[str, Any],
    *,
    template: str | None = None,
    style: Style | Mapping[str, Any] | str | None = None,
) -> str:
    """Return the infobox wikitext for *data*, written in its style.

    *template* overrides the template's name (the data is then checked against that
    template's spec); *style* is a :class:`Style`, its JSON form, or the wikitext of an
    infobox to copy the style of; by default the data's own ``style`` (recorded by
    :func:`extract`), else one parameter a line.

    Raises:
        DataError: listing every problem with its key.

    """
    if template is not None:
        data = {**data, "template": template}
        data.pop("canonical", None)
    _checked(data, None)
    if isinstance(style, str):
        found = mwparserfromhell.parse(style).filter_templates(recursive=False)
        style = detect_style(found[0]) if found else None
    if style is None:
        style = Style.from_dict(data.get("style", {}))
    elif not isinstance(style, Style):
        style = Style.from_dict(style)
    spec = _spec_of(data)
    items, errors = _items(data, style, spec)
    if errors:
        raise DataError("infobox data", sorted(set(errors)))
    parts = ["{{", str(data["template"]).strip(), style.after_template]
    for n, (name, core, positional) in enumerate(items):
        trail = style.end if n == len(items) - 1 else style.between
        if positional:
            parts += ["|", core, trail]
        else:
            parts += ["|", style.name_field(name), "=", style.value_field(core, trail)]
    parts.append("}}")
    return "".join(parts)


def _items(
    data: Mapping[str, Any], style: Style, spec: Spec | None
) -> tuple[list[tuple[str, str, bool]], list[tuple[str, str]]]:
    """Return ``(name, wikitext, positional)`` of each parameter to render, in order."""
    parameters: dict[str, Any] = data.get("parameters", {})
    extras: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for n, extra in enumerate(data.get("unknown", [])):
        extras.setdefault(extra["name"].strip(), []).append((n, extra))
    keys: list[str | None] = []
    items: list[tuple[str, str, bool]] = []
    errors: list[tuple[str, str]] = []

    def put(key: str | None, item: tuple[str, str, bool], where: str, at: int) -> None:
        problem = _check_fits(item[1], positional=item[2], where=where)
        if problem:
            errors.append(problem)
        keys.insert(at, key)
        items.insert(at, item)

    def param(key: str, at: int) -> None:
        entry = parameters[key]
        where = f"/parameters/{_pointer([key])[1:]}"
        try:
            core = _core(entry, spec.param(key) if spec else None, None, where)
        except DataError as error:
            errors.extend(error.errors)
            return
        put(key, (str(entry.get("name") or key).strip(), core, False), where, at)

    done: set[str] = set()
    for item in style.order:
        if item in parameters and item not in done:
            done.add(item)
            param(item, len(items))
        elif extras.get(item):
            n, extra = extras[item].pop(0)
            positional = extra.get("reason") == "positional"
            put(
                None,
                (extra["name"].strip(), extra["wikitext"], positional),
                f"/unknown/{n}",
                len(items),
            )
    for queue in extras.values():
        for n, extra in queue:
            positional = extra.get("reason") == "positional"
            put(
                None,
                (extra["name"].strip(), extra["wikitext"], positional),
                f"/unknown/{n}",
                len(items),
            )
    for key in parameters:
        if key not in done:
            param(key, _position(key, keys, spec))
    return items, errors
