"""Schema violations told in the user's language.

jsonschema words every violation in English, and puts the whole failing value in the
sentence, however long. :func:`describe` tells a
:class:`~jsonschema.exceptions.ValidationError` again from what it is made of: its keyword
(``error.validator``), the keyword's value in the schema and the failing value. Types and
formats are named in the language (``integer`` is «عدد صحيح»); property names and values
are quoted as the document writes them (JSON in Arabic; Python's spelling in English, as
jsonschema has it) and cut short past :data:`LIMIT` characters. The English keeps
jsonschema's wording where it is clear, so ``'title' is a required property`` reads as it
always did. A keyword without a message of its own still names itself and the place in
the schema, in Arabic too.

>>> from jsonschema import Draft202012Validator
>>> check = Draft202012Validator({"type": "object", "required": ["title"]})
>>> [error] = check.iter_errors({})
>>> describe(error, "ar"), describe(error, "en")
('الخاصية المطلوبة "title" غير موجودة', "'title' is a required property")
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from wikimaint.i18n import LANGUAGES, MESSAGES, Localized, message, register

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jsonschema.exceptions import ValidationError

__all__ = ["LIMIT", "describe", "pointer"]

LIMIT = 80
"""About how many characters of a value a message quotes before it cuts it short (…)."""

# One message per keyword (and per case where the keyword says two things), in both
# languages. Fields: value (the failing value, quoted), limit, count, name(s), …
_MESSAGES = {
    "required": ("{name} is a required property", "الخاصية المطلوبة {name} غير موجودة"),
    "required-many": (
        "{names} are required properties",
        "الخصائص المطلوبة {names} غير موجودة",
    ),
    "dependentRequired": (
        "{name} is a dependency of {property}",
        "الخاصية {name} مطلوبة حين توجد الخاصية {property}",
    ),
    "type": ("{value} is not of type {types}", "القيمة {value} يجب أن تكون من النوع {types}"),
    "enum": (
        "{value} is not one of {options}",
        "القيمة {value} ليست من القيم المسموح بها: {options}",
    ),
    "const": ("{expected} was expected", "القيمة المتوقعة {expected}، والموجودة {value}"),
    "additional-one": (
        "Additional properties are not allowed ({names} was unexpected)",
        "الخاصية {names} غير مسموح بها هنا",
    ),
    "additional-many": (
        "Additional properties are not allowed ({names} were unexpected)",
        "الخصائص {names} غير مسموح بها هنا",
    ),
    "additional-pattern-one": (
        "{names} does not match any of the regexes: {patterns}",
        "اسم الخاصية {names} لا يطابق أيًّا من الأنماط المسموح بها: {patterns}",
    ),
    "additional-pattern-many": (
        "{names} do not match any of the regexes: {patterns}",
        "أسماء الخصائص {names} لا تطابق أيًّا من الأنماط المسموح بها: {patterns}",
    ),
    "minimum": (
        "{value} is less than the minimum of {limit}",
        "القيمة {value} أصغر من الحد الأدنى {limit}",
    ),
    "maximum": (
        "{value} is greater than the maximum of {limit}",
        "القيمة {value} أكبر من الحد الأقصى {limit}",
    ),
    "exclusiveMinimum": (
        "{value} is less than or equal to the minimum of {limit}",
        "القيمة {value} يجب أن تكون أكبر من {limit}",
    ),
    "exclusiveMaximum": (
        "{value} is greater than or equal to the maximum of {limit}",
        "القيمة {value} يجب أن تكون أصغر من {limit}",
    ),
    "multipleOf": (
        "{value} is not a multiple of {limit}",
        "القيمة {value} ليست من مضاعفات {limit}",
    ),
    "minLength-empty": ("{value} should be non-empty", "النص يجب ألا يكون فارغًا"),
    "minLength": (
        "{value} is too short (length {count}, minimum {limit})",
        "النص {value} أقصر من اللازم: طوله {count} والحد الأدنى {limit}",
    ),
    "maxLength-empty": ("{value} is expected to be empty", "النص {value} يجب أن يكون فارغًا"),
    "maxLength": (
        "{value} is too long (length {count}, maximum {limit})",
        "النص {value} أطول من اللازم: طوله {count} والحد الأقصى {limit}",
    ),
    "minItems-empty": ("{value} should be non-empty", "المصفوفة يجب ألا تكون فارغة"),
    "minItems": (
        "{value} has too few items ({count}, minimum {limit})",
        "المصفوفة {value} فيها عناصر أقل من اللازم: عددها {count} والحد الأدنى {limit}",
    ),
    "maxItems-empty": ("{value} is expected to be empty", "المصفوفة {value} يجب أن تكون فارغة"),
    "maxItems": (
        "{value} has too many items ({count}, maximum {limit})",
        "المصفوفة {value} فيها عناصر أكثر من اللازم: عددها {count} والحد الأقصى {limit}",
    ),
    "minProperties": (
        "{value} has too few properties ({count}, minimum {limit})",
        "الكائن {value} فيه خصائص أقل من اللازم: عددها {count} والحد الأدنى {limit}",
    ),
    "maxProperties": (
        "{value} has too many properties ({count}, maximum {limit})",
        "الكائن {value} فيه خصائص أكثر من اللازم: عددها {count} والحد الأقصى {limit}",
    ),
    "uniqueItems": (
        "{value} has non-unique elements ({item} appears more than once)",
        "المصفوفة {value} فيها عنصر مكرر: {item}",
    ),
    "uniqueItems-unknown": (
        "{value} has non-unique elements",
        "المصفوفة {value} فيها عناصر مكررة",
    ),
    "pattern": ("{value} does not match {pattern}", "النص {value} لا يطابق النمط {pattern}"),
    "format": ("{value} is not a {format}", "القيمة {value} لا توافق صيغة {format}"),
    "no-branch": (
        "{value} is not valid under any of the given schemas",
        "القيمة {value} لا توافق أيًّا من البدائل التي يقبلها المخطط",
    ),
    "several-branches": (
        "{value} is valid under more than one of the given schemas",
        "القيمة {value} توافق أكثر من بديل واحد، والمخطط يقبل بديلًا واحدًا فقط",
    ),
    "not": (
        "{value} should not be valid under {schema}",
        "القيمة {value} يجب ألا توافق المخطط {schema}",
    ),
    "false": ("False schema does not allow {value}", "لا تُقبل هنا أي قيمة، والموجودة {value}"),
    "other": (
        "{value} fails the {keyword} keyword of the schema (at {where})",
        "القيمة {value} تخالف الشرط {keyword} في المخطط (الموضع {where})",
    ),
}
_TYPES = {
    "string": "نص",
    "integer": "عدد صحيح",
    "number": "عدد",
    "boolean": "قيمة منطقية",
    "array": "مصفوفة",
    "object": "كائن",
    "null": "فارغ",
}
_FORMATS = {
    "date-time": "تاريخ ووقت",
    "date": "تاريخ",
    "time": "وقت",
    "duration": "مدة",
    "email": "بريد إلكتروني",
    "idn-email": "بريد إلكتروني",
    "hostname": "اسم نطاق",
    "idn-hostname": "اسم نطاق",
    "ipv4": "عنوان IPv4",
    "ipv6": "عنوان IPv6",
    "uri": "عنوان URI",
    "uri-reference": "مرجع URI",
    "iri": "عنوان IRI",
    "iri-reference": "مرجع IRI",
    "uri-template": "قالب URI",
    "uuid": "معرّف UUID",
    "regex": "تعبير نمطي",
    "json-pointer": "مؤشر JSON",
    "relative-json-pointer": "مؤشر JSON نسبي",
}
_SEPARATORS = {"list-separator": (", ", "، "), "types-separator": (", ", " أو ")}
for _key, (_en, _ar) in (_MESSAGES | _SEPARATORS).items():
    register(f"schema.{_key}", {"en": _en, "ar": _ar})
for _name, _ar in _TYPES.items():
    register(f"schema.type-name.{_name}", {"en": _name, "ar": _ar})
for _name, _ar in _FORMATS.items():
    register(f"schema.format-name.{_name}", {"en": _name, "ar": _ar})


def pointer(path: Any) -> str:
    """Return the JSON pointer of a path of keys and indexes (``/parameters/جزء من``)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def describe(error: ValidationError, lang: str = "en") -> Localized:
    """Return *error* told in *lang*; it knows its text in every language (:func:`localize`).

    The error is told as it is: for the one that explains an ``anyOf`` best, pass it
    through :func:`wikimaint.schema.validators.deepest` first.
    """
    return Localized({each: _tell(error, each) for each in LANGUAGES}, lang)


def _tell(error: ValidationError, lang: str) -> str:
    keyword = error.validator if isinstance(error.validator, str) else None
    expected: Any = error.validator_value
    instance: Any = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}

    def say(key: str, **fields: Any) -> str:
        return message(f"schema.{key}", lang, value=_show(instance, lang), **fields)

    if keyword is None and error.schema is False:
        return say("false")
    if keyword == "required" and isinstance(instance, dict):
        return _required(error.message, expected, instance, lang)
    if keyword == "dependentRequired" and isinstance(instance, dict):
        for name, needs in dict(expected).items():
            for need in needs:
                if error.message == f"{need!r} is a dependency of {name!r}":
                    fields = {"name": _show(need, lang), "property": _show(name, lang)}
                    return message("schema.dependentRequired", lang, **fields)
    if keyword == "type":
        return say("type", types=_types(expected, lang))
    if keyword == "enum":
        return say("enum", options=_options(expected, lang))
    if keyword == "const":
        return say("const", expected=_show(expected, lang))
    if keyword == "additionalProperties" and isinstance(instance, dict):
        return _additional(instance, schema, lang)
    if keyword in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}:
        return say(keyword, limit=_show(expected, lang))
    if keyword in {"minLength", "maxLength", "minItems", "maxItems"} and isinstance(
        instance, str | list
    ):
        empty = expected == (1 if keyword.startswith("min") else 0)
        key = f"{keyword}-empty" if empty else keyword
        return say(key, count=len(instance), limit=expected)
    if keyword in {"minProperties", "maxProperties"} and isinstance(instance, dict):
        return say(keyword, count=len(instance), limit=expected)
    if keyword == "uniqueItems" and isinstance(instance, list):
        item = _repeated(instance)
        if item is None:
            return say("uniqueItems-unknown")
        return say("uniqueItems", item=_show(item[0], lang))
    if keyword == "pattern":
        return say("pattern", pattern=_show(expected, lang))
    if keyword == "format":
        return say("format", format=_format(str(expected), lang))
    if keyword in {"anyOf", "oneOf"}:
        if keyword == "oneOf" and not error.context and expected:
            return say("several-branches")
        types = _branch_types(error)
        if types is not None:
            return say("type", types=_types(types, lang))
        return say("no-branch")
    if keyword == "not":
        return say("not", schema=_show(expected, lang))
    where = pointer(error.absolute_schema_path) or "/"
    return say("other", keyword=keyword or "?", where=where)


def _required(said: str, required: list[str], instance: dict[str, Any], lang: str) -> str:
    """Name the one missing property jsonschema *said* this error is about (one each)."""
    missing = [name for name in required if name not in instance]
    for name in missing:
        if said == f"{name!r} is a required property":
            return message("schema.required", lang, name=_show(name, lang))
    if len(missing) == 1:
        return message("schema.required", lang, name=_show(missing[0], lang))
    return message("schema.required-many", lang, names=_join(missing, lang))


def _additional(instance: dict[str, Any], schema: dict[str, Any], lang: str) -> str:
    """Name the properties the schema does not allow, as jsonschema finds them."""
    known = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    extras = sorted(
        (
            name
            for name in instance
            if name not in known and not any(re.search(p, name) for p in patterns)
        ),
        key=str,
    )
    count = "one" if len(extras) == 1 else "many"
    if patterns:
        return message(
            f"schema.additional-pattern-{count}",
            lang,
            names=_join(extras, lang),
            patterns=_join(sorted(patterns), lang),
        )
    return message(f"schema.additional-{count}", lang, names=_join(extras, lang))


def _branch_types(error: ValidationError) -> list[str] | None:
    """Return the types the branches of an anyOf/oneOf ask for, if each failed on its type."""
    branches = error.validator_value
    wanted: dict[int, list[str]] = {}
    for sub in error.context or ():
        if sub.relative_path or sub.validator != "type" or not sub.relative_schema_path:
            continue
        types: Any = sub.validator_value
        wanted.setdefault(int(sub.relative_schema_path[0]), []).extend(
            [types] if isinstance(types, str) else types
        )
    if not isinstance(branches, list) or sorted(wanted) != list(range(len(branches))):
        return None
    return list(dict.fromkeys(t for n in sorted(wanted) for t in wanted[n]))


def _types(types: str | Iterable[str], lang: str) -> str:
    """List type names in *lang*: ``'number', 'null'`` in English, «عدد أو فارغ» in Arabic."""
    names = [types] if isinstance(types, str) else list(types)
    words = [_word("type-name", name, lang) for name in names]
    if lang == "en":
        words = [repr(word) for word in words]
    return message("schema.types-separator", lang).join(words)


def _format(name: str, lang: str) -> str:
    if lang == "en":
        return repr(name)
    word = _word("format-name", name, lang)
    return name if word == name else f"{word} ({name})"


def _word(kind: str, name: str, lang: str) -> str:
    """Return the *kind* of thing called *name* (a type, a format) in *lang*, else *name*."""
    key = f"schema.{kind}.{name}"
    return message(key, lang) if key in MESSAGES else name


def _options(options: Any, lang: str) -> str:
    if lang == "en":
        return _show(list(options), lang, 3 * LIMIT)
    return _join(options, lang)


def _join(values: Iterable[Any], lang: str) -> str:
    """Quote each value and list them: ``'a', 'b'`` in English, ``"a"، "b"`` in Arabic."""
    return message("schema.list-separator", lang).join(_show(v, lang) for v in values)


def _repeated(items: list[Any]) -> tuple[Any] | None:
    """Return the first item that comes again (JSON equality: 1 is 1.0, not true), boxed."""
    seen: dict[str, Any] = {}
    for item in items:
        key = json.dumps(_canonical(item), sort_keys=True, default=str)
        if key in seen:
            return (seen[key],)
        seen[key] = item
    return None


def _canonical(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def _show(value: Any, lang: str, budget: int = LIMIT) -> str:
    """Return *value* quoted as written, cut short (…) past about *budget* characters.

    English spells it as Python and jsonschema do (``'a'``, ``True``, ``None``), every
    other language as JSON (``"a"``, ``true``, ``null``). Only what is shown is looked at,
    so a huge document costs no more than a small one.
    """
    english = lang == "en"
    if isinstance(value, str):
        cut = value[:budget]
        quoted = repr(cut) if english else json.dumps(cut, ensure_ascii=False)
        return quoted if cut == value else f"{quoted[:-1]}…{quoted[-1]}"
    if isinstance(value, dict | list):
        opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
        items = value.items() if isinstance(value, dict) else value
        parts: list[str] = []
        used = 0
        for item in items:
            if used >= budget:
                parts.append("…")
                break
            room = max(budget - used, 8)
            if isinstance(value, dict):
                key, sub = item
                part = f"{_show(key, lang, room)}: {_show(sub, lang, room)}"
            else:
                part = _show(item, lang, room)
            parts.append(part)
            used += len(part) + 2
        return opening + ", ".join(parts) + closing
    if english:
        return repr(value)
    return json.dumps(value, ensure_ascii=False, default=str)
