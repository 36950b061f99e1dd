"""Writing a whole infobox from data: :func:`render`, in the style the article had.

Order, each name's spelling, spacing and alignment, one parameter a line or inline,
comments and empty parameters are kept from :class:`~wikimaint.infobox.style.Style`; new
parameters go where the spec's order puts them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mwparserfromhell

from wikimaint.errors import DataError
from wikimaint.infobox.data import (
    spec_of,
)
from wikimaint.infobox.style import (
    Style,
    detect_style,
)
from wikimaint.jsontext import MAX_DIGITS
from wikimaint.schema.messages import pointer

if TYPE_CHECKING:
    from collections.abc import Mapping

    from wikimaint.infobox.specs import Spec
from wikimaint.infobox.write import check_fits, checked_spec, core_text, position

__all__ = ["render"]


def render(
    data: Mapping[str, Any],
    *,
    template: str | None = None,
    style: Style | Mapping[str, Any] | str | None = None,
    max_digits: int = MAX_DIGITS,
) -> str:
    """Return the infobox wikitext for *data*, written in its style.

    *template* overrides the template's name (the data is then checked against that
    template's spec); *style* is a :class:`Style`, its JSON form, or the wikitext of an
    infobox to copy the style of; by default the data's own ``style`` (recorded by
    :func:`extract`), else one parameter a line. *max_digits* bounds integers as the JSON
    reader does.

    Raises:
        DataError: listing every problem with its key.

    """
    if template is not None:
        data = {**data, "template": template}
        data.pop("canonical", None)
    checked_spec(data, None, [], max_digits=max_digits)
    if isinstance(style, str):
        found = mwparserfromhell.parse(style).filter_templates(recursive=False)
        style = detect_style(found[0]) if found else None
    if style is None:
        style = Style.from_dict(data.get("style", {}))
    elif not isinstance(style, Style):
        style = Style.from_dict(style)
    spec = spec_of(data)
    items, errors = _items(data, style, spec, max_digits)
    if errors:
        raise DataError("infobox data", sorted(set(errors)))
    parts = ["{{", str(data["template"]).strip(), style.after_template]
    for n, (name, core, positional, place) in enumerate(items):
        last = n == len(items) - 1
        own = style.spacing[place] if 0 <= place < len(style.spacing) else None
        trail = style.end if last else style.between
        if own and "trail" in own and last == (place == len(style.order) - 1):
            trail = own["trail"]
        if positional:
            parts += ["|", (own or {}).get("after_equals", "") + core, trail]
        else:
            parts += ["|", style.name_field(name, own), "=", style.value_field(core, trail, own)]
    parts.append("}}")
    return "".join(parts)


def _items(
    data: Mapping[str, Any], style: Style, spec: Spec | None, max_digits: int
) -> tuple[list[tuple[str, str, bool, int]], list[tuple[str, str]]]:
    """Return ``(name, wikitext, positional, place)`` of each parameter to render, in order.

    *place* is the parameter's index in the style's order, -1 for one not there.
    """
    parameters: dict[str, Any] = data.get("parameters", {})
    extras: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for n, unknown in enumerate(data.get("unknown", [])):
        extras.setdefault(unknown["name"].strip(), []).append((n, unknown))
    keys: list[str | None] = []
    items: list[tuple[str, str, bool, int]] = []
    errors: list[tuple[str, str]] = []

    def put(key: str | None, item: tuple[str, str, bool, int], where: str, at: int) -> None:
        problem = check_fits(item[1], positional=item[2], where=where)
        if problem:
            errors.append(problem)
        keys.insert(at, key)
        items.insert(at, item)

    def param(key: str, at: int, place: int) -> None:
        entry = parameters[key]
        where = pointer(("parameters", key))
        try:
            param = spec.param(key) if spec else None
            core = core_text(entry, param, None, where, max_digits=max_digits)
        except DataError as error:
            errors.extend(error.errors)
            return
        put(key, (str(entry.get("name") or key).strip(), core, False, place), where, at)

    def extra(n: int, entry: dict[str, Any], place: int) -> None:
        positional = entry.get("reason") == "positional"
        item = (entry["name"].strip(), entry["wikitext"], positional, place)
        put(None, item, f"/unknown/{n}", len(items))

    done: set[str] = set()
    for place, item in enumerate(style.order):
        if item in parameters and item not in done:
            done.add(item)
            param(item, len(items), place)
        elif extras.get(item):
            extra(*extras[item].pop(0), place)
    for queue in extras.values():
        for n, entry in queue:
            extra(n, entry, -1)
    for key in parameters:
        if key not in done:
            param(key, position(key, keys, spec), -1)
    return items, errors
