"""User-facing messages in Arabic and English.

Every message has both languages; :func:`message` picks one and fills in its fields.
Rules register their own messages here too (see ``citations/rules.py``), so one test can
check that no message lacks a language. A message that must travel as a plain string (in
an error's ``(pointer, message)`` pairs) and still be shown in the user's language later is
a :class:`Localized`: the string in one language, carrying its text in every other;
:func:`localized` makes one from a message. A field that is a ``Localized`` is filled in
in the language of the message around it.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sized

__all__ = [
    "LANGUAGES",
    "MESSAGES",
    "Localized",
    "default_language",
    "listing",
    "localize",
    "localized",
    "localized_for",
    "message",
    "register",
]

LANGUAGES = ("ar", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "error.input": {"ar": "خطأ في المدخلات: {detail}", "en": "input error: {detail}"},
    "error.missing-part": {
        "ar": "ينقص هذا التثبيت جزء يحتاجه الأمر: {detail}",
        "en": "this installation lacks a part the command needs: {detail}",
    },
    "input.encoding": {
        "ar": "{source}: ليس نصًا بترميز UTF-8 عند البايت {offset} (السطر {line}، العمود {column})",
        "en": "{source}: not valid UTF-8 at byte {offset} (line {line}, column {column})",
    },
    "input.not-found": {"ar": "{source}: الملف غير موجود", "en": "{source}: no such file"},
    "input.directory": {
        "ar": "{source}: هذا مجلد وليس ملفًا",
        "en": "{source}: is a directory, not a file",
    },
    "input.unreadable": {
        "ar": "{source}: تتعذر قراءته ({detail})",
        "en": "{source}: cannot be read ({detail})",
    },
    "input.unwritable": {
        "ar": "{source}: تتعذر الكتابة فيه ({detail})",
        "en": "{source}: cannot be written ({detail})",
    },
    "input.json": {
        "ar": "{source}: ليس JSON صالحًا في السطر {line}، العمود {column}: {detail}",
        "en": "{source}: not valid JSON at line {line}, column {column}: {detail}",
    },
    "error.fetch": {"ar": "تعذر الجلب: {url}: {reason}", "en": "cannot fetch {url}: {reason}"},
    "fetch.wayback-silent": {
        "ar": "آلة Wayback لم تُجب عن أي سؤال ({detail})",
        "en": "the Wayback Machine did not answer ({detail})",
    },
    "error.usage": {"ar": "استعمال خاطئ: {detail}", "en": "usage error: {detail}"},
    "error.internal": {
        "ar": "خطأ داخلي غير متوقع ({kind}): {detail}. يرجى الإبلاغ عنه.",
        "en": "unexpected internal error ({kind}): {detail}. Please report it.",
    },
    "error.interrupted": {"ar": "أوقفه المستخدم.", "en": "interrupted."},
    "error.interrupted-partial": {
        "ar": "أوقفه المستخدم؛ التقرير أعلاه جزئي.",
        "en": "interrupted; the report above is partial.",
    },
    "error.deadline": {
        "ar": "بلغ الفحص الحي مهلته (\u200e--deadline\u200e {seconds} ث)؛ التقرير أعلاه جزئي.",
        "en": "the live checks reached the --deadline of {seconds} s; the report above is partial.",
    },
    "validate.ok": {"ar": "{source}: المستند صالح.", "en": "{source}: the document is valid."},
    "error.schema": {
        "ar": "{what}: {count} مخالفة للمخطط، أولاها في {pointer}:",
        "en": "{what}: {count} schema violation(s), the first at {pointer}:",
    },
    "validate.violations": {
        "ar": "{source}: {count} مخالفة للمخطط:",
        "en": "{source}: {count} schema violation(s):",
    },
    # Usage errors: first argparse's own, taken apart by their shapes in cli.py. In Arabic
    # an option name sits between LEFT-TO-RIGHT MARKs (U+200E), here or by listing(), so
    # that its dashes stay on its left in right-to-left text.
    "usage.argument": {"ar": "{argument}: {detail}", "en": "argument {argument}: {detail}"},
    "usage.unrecognized.one": {
        "ar": "وسيط غير معروف: {arguments}",
        "en": "unrecognized argument: {arguments}",
    },
    "usage.unrecognized.many": {
        "ar": "وسائط غير معروفة: {arguments}",
        "en": "unrecognized arguments: {arguments}",
    },
    "usage.required.one": {
        "ar": "لم يُذكر وسيط مطلوب: {arguments}",
        "en": "the following arguments are required: {arguments}",
    },
    "usage.required.many": {
        "ar": "لم تُذكر وسائط مطلوبة: {arguments}",
        "en": "the following arguments are required: {arguments}",
    },
    "usage.one-of": {
        "ar": "يلزم ذكر واحد من هذه: {arguments}",
        "en": "one of the arguments {arguments} is required",
    },
    "usage.ambiguous": {
        "ar": "الخيار \u200e{option}\u200e مبهم، إذ يطابق أكثر من خيار: {matches}",
        "en": "ambiguous option: {option} could match {matches}",
    },
    "usage.choice": {
        "ar": "{value} ليس من الخيارات المتاحة، وهي: {choices}",
        "en": "invalid choice: {value} (choose from {choices})",
    },
    "usage.type": {
        "ar": "{value} ليست قيمة صالحة هنا",
        "en": "invalid {type} value: {value}",
    },
    "usage.type.int": {"ar": "{value} ليس عددًا صحيحًا", "en": "invalid int value: {value}"},
    "usage.type.float": {"ar": "{value} ليس عددًا", "en": "invalid float value: {value}"},
    "usage.expected.one": {"ar": "يلزم أن تليه قيمة", "en": "expected one argument"},
    "usage.expected.at-most-one": {
        "ar": "لا يقبل أكثر من قيمة واحدة",
        "en": "expected at most one argument",
    },
    "usage.expected.at-least-one": {
        "ar": "يلزم أن تليه قيمة واحدة على الأقل",
        "en": "expected at least one argument",
    },
    "usage.expected.count": {
        "ar": "يلزم أن تليه قيم عددها {count}",
        "en": "expected {count} argument(s)",
    },
    "usage.explicit": {
        "ar": "لا يأخذ قيمة، وقد أُعطي {value}",
        "en": "ignored explicit argument {value}",
    },
    "usage.not-allowed": {
        "ar": "لا يجتمع مع \u200e{other}\u200e",
        "en": "not allowed with argument {other}",
    },
    # The names of positional arguments, as argparse gives them (a dest or a metavar).
    "argument.command": {"ar": "الأمر", "en": "command"},
    "argument.step": {"ar": "الأمر الفرعي", "en": "step"},
    "argument.path": {"ar": "مسار الملف", "en": "path"},
    "argument.data": {"ar": "ملف البيانات", "en": "data"},
    "argument.SOURCE": {"ar": "المصدر", "en": "SOURCE"},
    # Usage errors of our own.
    "usage.date": {
        "ar": "{value} ليس تاريخًا على صيغة 2024-03-01 (السنة ثم الشهر ثم اليوم)",
        "en": "not a YYYY-MM-DD date: {value}",
    },
    "usage.schema": {
        "ar": "لا مخطط باسم {name}؛ المخططات المتاحة: {names}",
        "en": "unknown schema {name} (choose from {names})",
    },
    "usage.check-path": {
        "ar": "يلزم مسار ملف نص الويكي، أو - للقراءة من الدخل القياسي",
        "en": "the path of a wikitext file (or -) is required",
    },
    "usage.rules.one": {"ar": "قاعدة غير معروفة: {rules}", "en": "unknown rule(s): {rules}"},
    "usage.rules.many": {"ar": "قواعد غير معروفة: {rules}", "en": "unknown rule(s): {rules}"},
}


def register(key: str, texts: dict[str, str]) -> None:
    """Add the message *key* in every language; a missing language is an error at import."""
    missing = [lang for lang in LANGUAGES if not texts.get(lang)]
    if missing:
        raise ValueError(f"message {key!r} lacks {', '.join(missing)}")
    MESSAGES[key] = texts


def default_language() -> str:
    """Return the language to speak: ``WIKIMAINT_LANG`` if set to a known one, else Arabic."""
    lang = os.environ.get("WIKIMAINT_LANG", "ar")
    return lang if lang in LANGUAGES else "ar"


def message(key: str, lang: str, /, **fields: Any) -> str:
    """Return message *key* in *lang* (Arabic if unknown) with *fields* filled in.

    >>> message("validate.ok", "ar", source="x.json")
    'x.json: المستند صالح.'
    """
    texts = MESSAGES[key]
    given = {name: localize(value, lang) for name, value in fields.items()}
    return texts.get(lang, texts["ar"]).format(**given)


def localized(key: str, /, **fields: Any) -> Localized:
    """Return message *key* with *fields* in every language, as a :class:`Localized`.

    It reads as the English text until :func:`localize` gives it in another language.

    >>> text = localized("usage.date", value="'x'")
    >>> text, localize(text, "ar")
    ("not a YYYY-MM-DD date: 'x'", "'x' ليس تاريخًا على صيغة 2024-03-01 (السنة ثم الشهر ثم اليوم)")
    """
    return Localized({lang: message(key, lang, **fields) for lang in LANGUAGES}, "en")


def localized_for(key: str, items: Sized, /, **fields: Any) -> Localized:
    """Return message ``key.one`` or ``key.many`` as *items* holds one or more, localized.

    >>> localize(localized_for("usage.rules", ["x"], rules="x"), "ar")
    'قاعدة غير معروفة: x'
    """
    return localized(f"{key}.{'one' if len(items) == 1 else 'many'}", **fields)


_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff]")


def listing(items: Iterable[str]) -> Localized:
    """Return *items* as a list in every language: ``a, b`` in English, ``a، b`` in Arabic.

    Each item may be a :class:`Localized` itself. In Arabic an item that does not start with
    a right-to-left letter (an option name, a value typed in Latin letters) sits between
    LEFT-TO-RIGHT MARKs, so that dashes and quotes stay where they were typed.

    >>> both = listing(["--a", "b", "ج"])
    >>> both, localize(both, "ar") == "\u200e--a\u200e، \u200eb\u200e، ج"
    ('--a, b, ج', True)
    """
    items = list(items)
    english = ", ".join(localize(item, "en") for item in items)
    arabic = "، ".join(_left_to_right(localize(item, "ar")) for item in items)
    return Localized({"ar": arabic, "en": english}, "en")


def _left_to_right(text: str) -> str:
    return text if _RIGHT_TO_LEFT.match(text) else f"\u200e{text}\u200e"


class Localized(str):  # noqa: SLOT000 - str subclasses cannot have slots of their own
    """Represents a message in one language that still knows its text in the others.

    It *is* that text: it compares, hashes, sorts and prints as the plain string, so lists
    of ``(pointer, message)`` pairs keep working; :func:`localize` gives it in another
    language.

    >>> text = Localized({"ar": "نص", "en": "text"}, "en")
    >>> text == "text", localize(text, "ar"), localize("plain", "ar")
    (True, 'نص', 'plain')
    """

    texts: dict[str, str]
    lang: str

    def __new__(cls, texts: Mapping[str, str], lang: str = "en") -> Self:
        """Return the text of *lang* among *texts* (one per language)."""
        self = super().__new__(cls, texts[lang])
        self.texts = dict(texts)
        self.lang = lang
        return self

    def __reduce__(self) -> tuple[type[Localized], tuple[dict[str, str], str]]:
        """Pickle and copy as the texts and the language shown."""
        return type(self), (self.texts, self.lang)


def localize(text: str, lang: str) -> str:
    """Return *text* in *lang* if it is a :class:`Localized` that knows it, else *text*."""
    if isinstance(text, Localized):
        return text.texts.get(lang, str(text))
    return text
