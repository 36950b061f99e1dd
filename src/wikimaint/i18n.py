"""User-facing messages in Arabic and English.

Every message has both languages; :func:`message` picks one and fills in its fields.
Rules register their own messages here too (see ``citations/rules.py``), so one test can
check that no message lacks a language. A message that must travel as a plain string (in
an error's ``(pointer, message)`` pairs) and still be shown in the user's language later is
a :class:`Localized`: the string in one language, carrying its text in every other.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "LANGUAGES",
    "MESSAGES",
    "Localized",
    "default_language",
    "localize",
    "message",
    "register",
]

LANGUAGES = ("ar", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "error.input": {"ar": "خطأ في المدخلات: {detail}", "en": "input error: {detail}"},
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
    "validate.ok": {"ar": "{source}: المستند صالح.", "en": "{source}: the document is valid."},
    "error.schema": {
        "ar": "{what}: {count} مخالفة للمخطط، أولاها في {pointer}:",
        "en": "{what}: {count} schema violation(s), the first at {pointer}:",
    },
    "validate.violations": {
        "ar": "{source}: {count} مخالفة للمخطط:",
        "en": "{source}: {count} schema violation(s):",
    },
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
    return texts.get(lang, texts["ar"]).format(**fields)


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
