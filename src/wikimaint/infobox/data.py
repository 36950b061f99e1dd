"""Infobox data checked against its schemas, with every error reported with its key.

The envelope every infobox shares is ``schemas/infobox-data.schema.json``; a template with
a spec narrows it with the schema generated from the spec (:func:`data_schema`): its
parameter names, each value's type, the required ones. A compiled yes/no check answers for
the usual, good data; jsonschema runs only to explain data the check rejects, and its
errors are turned into one ``(json_pointer, message)`` per key: an unknown parameter or a
missing required one is named in the pointer, not only in the message.

>>> for error in data_errors({"$schema": DATA_SCHEMA_ID, "template": "صندوق معلومات هجوم",
...         "parameters": {"الإصابات": {"value": "ستة"}, "لون": {"wikitext": "x"}}}):
...     print(*error)
/parameters/الإصابات/value 'ستة' is not of type 'number', 'null'
/parameters/التاريخ required by {{صندوق معلومات هجوم}}, missing
/parameters/لون not a parameter of {{صندوق معلومات هجوم}}
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from wikimaint.errors import DataError
from wikimaint.i18n import Localized, localize, message, register
from wikimaint.infobox.specs import DATA_SCHEMA_BASE, Spec, data_schema, load_spec
from wikimaint.jsontext import MAX_DIGITS
from wikimaint.schema.compile import Check, UnsupportedSchemaError, compile_schema
from wikimaint.schema.messages import describe
from wikimaint.schema.validators import deepest, load_schema, pointer, registry, validator

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

__all__ = [
    "DATA_SCHEMA_ID",
    "MISSING",
    "data_errors",
    "data_schema",
    "explain",
    "problem",
    "spec_of",
    "validate_data",
]

DATA_SCHEMA_ID = f"{DATA_SCHEMA_BASE}infobox-data.schema.json"
MISSING = ", missing"
"""How the message about a missing required parameter ends."""

# The problems this package finds itself (wikimaint.schema.messages words the rest), in
# both languages. Errors carry the English text; explain() gives it in another language.
_PROBLEMS = {
    "unknown-parameter": ("not a parameter of {template}", "ليس من وسائط {template}"),
    "unknown-property": ("not a property of {template}", "خاصية غير معروفة في {template}"),
    "missing": ("required by {template}" + MISSING, "يتطلبه {template} وهو غائب"),
    "empty-entry": ("give wikitext, a value, or both", "أعطِ نص ويكي أو قيمة أو كليهما"),
    "not-an-object": ("infobox data must be a JSON object", "بيانات الصندوق يجب أن تكون كائن JSON"),
    "no-spec": ("no template spec is called {name}", "لا مواصفة قالب باسم {name}"),
    "wrong-name": (
        "{name} does not name {key} in {template}",
        "الاسم {name} لا يعني {key} في {template}",
    ),
    "untyped-value": (
        "untyped template: give wikitext, or a string value",
        "قالب بلا مواصفة: أعطِ نص ويكي أو قيمة نصية",
    ),
    "disagree": ("value and wikitext disagree", "القيمة ونص الويكي متعارضان: غيّر أحدهما فقط"),
    "unwritable": ("cannot be written: {detail}", "تتعذر كتابتها: {detail}"),
    "not-finite": ("not a finite number", "ليس عددًا منتهيًا"),
    "too-many-digits": (
        "a number of more than {limit} digits",
        "عدد يزيد على {limit} رقمًا",
    ),
    "breaks-template": (
        "would break the template: escape | as {{{{!}}}} and = as {{{{=}}}}",
        "تكسر القالب: اكتب | على هيئة {{{{!}}}} و= على هيئة {{{{=}}}}",
    ),
    "other-template": (
        "the data is for {theirs}, the infobox is {ours}",
        "البيانات لقالب {theirs} وصندوق المقالة {ours}",
    ),
}
for _key, (_en, _ar) in _PROBLEMS.items():
    register(f"infobox.problem.{_key}", {"en": _en, "ar": _ar})


def problem(code: str, /, **fields: object) -> str:
    """Return the English text of problem *code* (``missing``, ``disagree``, …) with *fields*."""
    return message(f"infobox.problem.{code}", "en", **fields)


_FIELDS = {
    n: f"\x00{n}\x00" for n in ("template", "name", "key", "detail", "theirs", "ours", "limit")
}


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    found = []
    for key in _PROBLEMS:
        english = message(f"infobox.problem.{key}", "en", **_FIELDS)
        pattern = re.escape(english)
        for name, placeholder in _FIELDS.items():
            pattern = pattern.replace(re.escape(placeholder), f"(?P<{name}>.+?)")
        found.append((key, re.compile(pattern)))
    return tuple(found)


def explain(text: str, lang: str) -> str:
    """Return an error's English *text* in *lang*.

    Schema violations know their own translation (:class:`~wikimaint.i18n.Localized`);
    the problems above are recognised by their English wording.

    >>> explain("not a parameter of {{صندوق معلومات هجوم}}", "ar")
    'ليس من وسائط {{صندوق معلومات هجوم}}'
    """
    if isinstance(text, Localized):
        return localize(text, lang)
    for key, pattern in _patterns():
        match = pattern.fullmatch(text)
        if match:
            return message(f"infobox.problem.{key}", lang, **match.groupdict())
    return text


@cache
def _validator(canonical: str | None) -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # noqa: PLC0415 - see schema.validators.registry

    spec = load_spec(canonical) if canonical is not None else None
    if spec is None:
        return validator("infobox-data")
    return Draft202012Validator(data_schema(spec), registry=registry())


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


def _explain(error: ValidationError, template: str) -> Iterator[tuple[str, str]]:
    where = pointer(error.absolute_path)
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = schema.get("properties", {})
        for key in instance:
            if key not in allowed:
                what = "parameter" if where == "/parameters" else "property"
                yield where + pointer([key]), problem(f"unknown-{what}", template=template)
        return
    if error.validator == "required" and isinstance(instance, dict):
        for key in schema.get("required", ()):
            if key not in instance:
                yield where + pointer([key]), problem("missing", template=template)
        return
    branches = schema.get("anyOf", ())
    if error.validator == "anyOf" and all("required" in b for b in branches):
        yield where, problem("empty-entry")
        return
    best = deepest(error)
    yield pointer(best.absolute_path), describe(best)


def spec_of(data: Mapping[str, Any]) -> Spec | None:
    """Return the spec the data is for: by its ``canonical`` key, else its template name."""
    canonical = data.get("canonical")
    if isinstance(canonical, str):
        return load_spec(canonical)
    template = data.get("template")
    return load_spec(template) if isinstance(template, str) and template.strip() else None


def data_errors(data: Any, *, max_digits: int = MAX_DIGITS) -> list[tuple[str, str]]:
    """Return every problem in infobox *data* as ``(json_pointer, message)`` pairs.

    The data is checked against the schema generated from its template's spec (names,
    types, required keys), or against the envelope alone when no spec knows the template.
    An integer of more than *max_digits* digits is a problem, as it is to the JSON reader.
    """
    if not isinstance(data, dict):
        return [("", problem("not-an-object"))]
    spec = spec_of(data)
    errors: list[tuple[str, str]] = []
    canonical = data.get("canonical")
    if isinstance(canonical, str) and spec is None:
        errors.append(("/canonical", problem("no-spec", name=repr(canonical))))
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
                where = pointer(("parameters", key, "name"))
                words = problem("wrong-name", name=repr(name), key=repr(key), template=template)
                errors.append((where, words))
    if isinstance(data.get("parameters"), dict):
        errors.extend(_number_errors(data["parameters"], max_digits))
    if spec is None and isinstance(data.get("parameters"), dict):
        for key, entry in data["parameters"].items():
            untyped = isinstance(entry, dict) and "value" in entry and "wikitext" not in entry
            if untyped and not isinstance(entry["value"], str):
                where = pointer(("parameters", key, "value"))
                errors.append((where, problem("untyped-value")))
    return sorted(set(errors))


def _number_errors(parameters: Mapping[str, Any], max_digits: int) -> Iterator[tuple[str, str]]:
    """Yield an error for each number no article can hold: NaN, infinite, or too long.

    JSON read by :func:`wikimaint.jsontext.loads` has none; data built in Python may.
    """
    for key, entry in parameters.items():
        value = entry.get("value") if isinstance(entry, dict) else None
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        where = pointer(("parameters", key, "value"))
        if isinstance(value, float) and not math.isfinite(value):
            yield where, problem("not-finite")
        elif isinstance(value, int) and abs(value) >= 10**max_digits:
            yield where, problem("too-many-digits", limit=max_digits)


def validate_data(data: Any, *, max_digits: int = MAX_DIGITS) -> None:
    """Check infobox *data*; raise one error listing every problem with its key.

    *max_digits* bounds integers as :func:`data_errors` says.

    Raises:
        DataError: with ``errors`` holding each ``(json_pointer, message)``.

    """
    errors = data_errors(data, max_digits=max_digits)
    if errors:
        raise DataError("infobox data", errors)
