r"""Finding and reading infoboxes: :func:`extract` turns one into JSON-ready data.

Each parameter comes under its spec's documented name (``الإصابات``, whatever alias the
article used), with its wikitext, its plain text and, where the spec gives a type, its
typed value (``٦`` → ``6``). An article may have more than one infobox (a person's, then a
military person's); the first is the default, and any other is taken by its template's
name (an alias, the English name, ``قالب:`` and underscores all do).

>>> from wikimaint import parse
>>> data = extract(parse("{{صندوق معلومات هجوم\n| الإصابات = ٦\n}}\nنص"))
>>> data["parameters"]["الإصابات"]["value"]
6
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wikimaint.errors import DataError, InputError
from wikimaint.i18n import Localized, listing, localized, register
from wikimaint.infobox.data import (
    DATA_SCHEMA_ID,
)
from wikimaint.infobox.specs import load_spec
from wikimaint.infobox.style import (
    read_slots,
    style_of,
)
from wikimaint.infobox.values import read_value
from wikimaint.jsontext import MAX_DIGITS
from wikimaint.wikitext.names import fold_name, lookup_template
from wikimaint.wikitext.tree import plain_text

if TYPE_CHECKING:

    from mwparserfromhell.nodes import Template

    from wikimaint.wikitext.model import Article, TemplateCall

__all__ = ["extract", "infobox_for"]

register(
    "input.no-such-infobox",
    {
        "ar": "{source}: لا صندوق معلومات باسم {template} في المقالة؛ صناديقها: {found}",
        "en": "{source}: the article has no {template} infobox; it has: {found}",
    },
)
register(
    "infobox.other-infoboxes",
    {
        "ar": "البيانات لقالب {theirs} وليس في المقالة صندوق منه؛ صناديقها: {ours}",
        "en": "the data is for {theirs}, the article's infoboxes are {ours}",
    },
)


def _infoboxes(article: Article) -> list[TemplateCall]:
    """Return the article's infoboxes: those at the top level first, each in text order.

    The first is ``article.infobox``, the one the parser picks.
    """
    calls = [c for c in article.templates if c.kind == "infobox"]
    top = {id(node) for node in article.tree.nodes}
    return [c for c in calls if id(c.node) in top] + [c for c in calls if id(c.node) not in top]


def _no_infobox(article: Article) -> InputError:
    source = article.title or "article"
    return InputError(f"{source}: no infobox", reason="no-infobox", source=source)


def _same_template(name: str, other: str) -> bool:
    """Return whether the template names *name* and *other* mean one template.

    They do when they fold alike, or are names or aliases of one spec or of one template
    in the alias table.
    """
    if fold_name(name) == fold_name(other):
        return True
    spec = load_spec(name)
    if spec is not None and spec is load_spec(other):
        return True
    info, other_info = lookup_template(name), lookup_template(other)
    return info is not None and other_info is not None and info.canonical == other_info.canonical


def _infobox(article: Article, template: str | None = None) -> Template:
    """Return the first infobox of *template* (any of its names), or the first of all."""
    if article.infobox is None:
        raise _no_infobox(article)
    if template is None:
        node: Template = article.infobox.call.node
        return node
    boxes = _infoboxes(article)
    for call in boxes:
        if _same_template(template, call.name):
            return call.node
    source = article.title or "article"
    names = list(dict.fromkeys(call.name for call in boxes))
    raise InputError(
        f"{source}: no {template.strip()} infobox; it has: {', '.join(names)}",
        reason="no-such-infobox",
        source=source,
        template=listing([template.strip()]),
        found=listing(names),
    )


def _braced(names: list[str]) -> Localized:
    """Return ``{{a}}, {{b}}`` in English and ``{{a}}، {{b}}`` in Arabic."""
    braced = [f"{{{{{name}}}}}" for name in names]
    return Localized({"en": ", ".join(braced), "ar": "، ".join(braced)}, "en")


def infobox_for(article: Article, data: Any) -> Template:
    """Return the first infobox of the template *data* is for.

    Data that names no template goes to the first infobox (its errors are found later);
    so does data for another template when the article has one infobox, which is then
    refused as before. With several infoboxes and none of its template, DataError.
    """
    if article.infobox is None:
        raise _no_infobox(article)
    theirs = data.get("template") if isinstance(data, dict) else None
    first: Template = article.infobox.call.node
    if not isinstance(theirs, str):
        return first
    boxes = _infoboxes(article)
    for call in boxes:
        if _same_template(theirs, call.name):
            return call.node
    if len(boxes) == 1:
        return first
    names = list(dict.fromkeys(call.name for call in boxes))
    what = localized(
        "infobox.other-infoboxes", theirs=f"{{{{{theirs.strip()}}}}}", ours=_braced(names)
    )
    raise DataError("infobox data", [("/template", what)])





def extract(
    article: Article, template: str | None = None, *, max_digits: int = MAX_DIGITS
) -> dict[str, Any]:
    """Return the article's infobox as data (see ``schemas/infobox-data.schema.json``).

    The infobox is the article's first, or with *template* the first whose template is
    that one: its name, an alias or its English name, folded as template names are
    (``قالب:صندوق_معلومات_منظمة`` and ``Infobox organisation`` both name
    ``صندوق معلومات منظمة``).

    Parameters are keyed by the spec's documented name; a template without a spec gives
    the names as written and no typed values. Names the spec does not know, repeated keys
    and positional parameters are kept under ``unknown``. A parameter the live site takes
    from Wikidata is simply absent. A number of more than *max_digits* digits reads as
    ``not-a-number``, so the data reads back with the same limit.

    Raises:
        InputError: when the article has no infobox (``reason="no-infobox"``), or none of
            *template* (``reason="no-such-infobox"``; ``fields["found"]`` lists those it has).

    """
    node = _infobox(article, template)
    name = str(node.name).strip()
    spec = load_spec(name)
    parameters: dict[str, Any] = {}
    unknown: list[dict[str, Any]] = []
    slots = read_slots(node, spec)
    for slot in slots:
        text = plain_text(slot.param.value)
        if slot.key is None:
            entry = {"name": slot.name, "wikitext": slot.core, "text": text, "reason": slot.reason}
            unknown.append(entry)
            continue
        entry = {"name": slot.name, "wikitext": slot.core, "text": text}
        if slot.spec is not None:
            reading = read_value(slot.spec.type, slot.param.value, max_digits=max_digits)
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
    data["style"] = style_of(node, slots).to_dict()
    return data
